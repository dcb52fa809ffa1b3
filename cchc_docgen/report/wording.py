"""Fixed wording of the official document: number line, date line, Kính gửi, Nơi nhận."""

from __future__ import annotations

from ..core.vnformat import long_date, month_text
from .model import Agency, Document, Report, Signature

#: A blank left for the văn thư to write in by hand; non-breaking so it never collapses or wraps.
BLANK = "\u00a0" * 8


def document_code(doc: Document) -> str:
    """ "85/BC-UBND", "05/BC-…" (leading zero below 10), or "      /BC-STNMT" in a draft."""
    number = BLANK if doc.number is None else f"{doc.number:02d}"
    return f"{number}/{doc.symbol}"


def number_line(doc: Document) -> str:
    """ "Số: 85/BC-UBND"."""
    return f"Số: {document_code(doc)}"


def date_phrase(doc: Document) -> str:
    """ "ngày 16 tháng 3 năm 2023", with blanks for what a draft does not know yet."""
    date = doc.date
    if date is not None and date.complete:
        full = date.as_date()
        assert full is not None
        return long_date(full)
    month = BLANK if date is None or date.month is None else month_text(date.month)
    year = str(date.year) if date is not None else BLANK
    return f"ngày {BLANK} tháng {month} năm {year}"


def place_date_line(agency: Agency, doc: Document) -> str:
    """ "Cù Lao Dung, ngày 16 tháng 3 năm 2023"."""
    return f"{agency.place}, {date_phrase(doc)}"


def attachment_line(report: Report, lead: str = "Kèm theo") -> str:
    """ "(Kèm theo Báo cáo số 85/BC-UBND ngày 16 tháng 3 năm 2023 của Ủy ban nhân dân huyện …)";
    `lead` is the form's wording ("Ban hành kèm theo")."""
    doc = report.document
    return f"({lead} Báo cáo số {document_code(doc)} {date_phrase(doc)} của {report.agency.full_name})"


def _strip_end(item: str) -> str:
    return item.strip().lstrip("-").strip().rstrip(";.").strip()


def _terminated(items: list[str], lead: str = "") -> list[str]:
    """The official list punctuation: ";" after each item, "." after the last."""
    return [f"{lead}{item};" for item in items[:-1]] + [f"{lead}{item}." for item in items[-1:]]


def recipient_lines(doc: Document) -> list[str]:
    """Kính gửi: one recipient on the line itself, several as "- …;" lines; "." after the last
    unless the report prints none (both are in use)."""
    items = [_strip_end(r) for r in doc.recipients if _strip_end(r)]
    lines = _terminated(items, lead="- " if len(items) > 1 else "")
    if lines and not doc.recipients_final_dot:
        lines[-1] = lines[-1][:-1]
    return lines


def distribution_lines(signature: Signature) -> list[str]:
    """Nơi nhận items: "- " first, ";" after each, "." after the last."""
    return _terminated([_strip_end(i) for i in signature.distribution if _strip_end(i)], lead="- ")


def basis_lines(doc: Document) -> list[str]:
    """Căn cứ lines: ";" after each, "." after the last."""
    return _terminated([b.strip().rstrip(";.,").strip() for b in doc.bases if b.strip().rstrip(";.,").strip()])
