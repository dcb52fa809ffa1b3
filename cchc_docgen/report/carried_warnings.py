"""Warnings about narrative carried over from another period: periods it names, numbers typed in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import msgspec

from ..core.errors import CchcError, Diagnostic, warning_at
from ..core.located_yaml import load_located
from .model import BulletList, Paragraph, Report, Section, Table
from .parse import ReportParser
from .period_mentions import Mention, belongs_to, find_mentions, find_years, same_period

#: How many numbers one warning lists before "…".
_SHOWN = 8


class Piece(msgspec.Struct, frozen=True):
    """One piece of running text of the report and the line it starts on."""

    text: str
    line: int | None
    title: bool = False


def running_text(report: Report) -> Iterator[Piece]:
    """Subject, opening, titles, paragraphs, list items, footnotes, table cells and closing, in order."""
    doc = report.document
    if doc.subject and doc.subject_line is not None:
        yield Piece(doc.subject, doc.subject_line)
    if doc.opening:
        yield Piece(doc.opening.raw, doc.opening.line)
    yield from _sections(report.narrative)
    if report.closing:
        yield Piece(report.closing.raw, report.closing.line)


def _sections(sections: tuple[Section, ...]) -> Iterator[Piece]:
    for section in sections:
        yield Piece(section.title.raw, section.title.line, title=True)
        for block in section.content:
            if isinstance(block, Section):
                yield from _sections((block,))
            elif isinstance(block, Paragraph):
                yield Piece(block.text.raw, block.text.line)
                if block.footnote:
                    yield Piece(block.footnote, block.text.line)
            elif isinstance(block, BulletList):
                yield from (Piece(item.raw, item.line) for item in block.items)
            elif isinstance(block, Table):
                for row in (*block.header, *block.rows, *((block.total,) if block.total else ())):
                    yield from (Piece(cell.text, block.line) for cell in row if cell.text)


def check_other_periods(report: Report, previous: Report | None = None) -> list[Diagnostic]:
    """Warn, once per piece of text, about periods other than the report's own (and its next) named in it.

    A report made from last period's (`previous`) also gets warnings for last period named exactly
    and for "năm YYYY" of last period's year when that year is over.
    """
    found = []
    period = report.period
    for piece in running_text(report):
        plain = _without_references(piece.text)
        stale = [m for m in find_mentions(plain) if not m.cited and not belongs_to(m, period)]
        if previous is not None:
            old = previous.period
            stale += [m for m in find_mentions(plain) if same_period(m, old) and m not in stale and not m.cited]
            if old.year < period.year:
                stale += [m for m in find_years(plain) if m.year == old.year and not m.cited]
        if stale:
            names = ", ".join(dict.fromkeys(f"'{m.text}'" for m in sorted(stale, key=_start)))
            found.append(
                warning_at(
                    report.source,
                    piece.line,
                    f"lời văn nhắc tới {names} trong báo cáo {period.name}: chữ còn lại từ kỳ trước?"
                    " (bỏ qua nếu đúng là nói về kỳ đó)",
                )
            )
    return found


def _start(mention: Mention) -> int:
    return mention.start


def _without_references(text: str) -> str:
    return re.sub(r"\{\{.*?\}\}", lambda m: " " * len(m.group(0)), text, flags=re.DOTALL)


# Parts of a sentence whose digits are not statistics: references, dates, document symbols,
# period and year names, article/clause/level numbers, list enumerators, long digit strings (phones).
_NOT_STATISTICS = re.compile(
    r"""\{\{.*?\}\}
      | \d{1,2}/\d{1,2}/\d{2,4} | \b\d{1,2}/\d{4}\b
      | ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)?
      | tháng\s+\d{1,2}(?:\s*(?:/|năm)\s*\d{4})?
      | \d+(?:/\d+)*/[A-ZĐ][\wĐđ]*(?:-[\wĐđ]+)*
      | quý\s+(?:IV|I{1,3}|[1-4])\b | \d+\s+tháng | năm\s+\d{4} | \b\d{4}\s*[-–]\s*\d{4}\b | \b(?:19|20)\d{2}\b
      | (?:Điều|khoản|điểm|mục|Chương|Phụ\s+lục|mức\s+độ|mức|đợt|lần\s+thứ|khóa|kỳ\s+họp|cấp\s+độ)
        \s+\d+(?:\s*(?:,|và)\s*\d+)*
      | ^\s*(?:\d+\.)+\s | ^\s*[a-zđ]\)\s | \d+\.\d+(?:\.\d+)*\.(?=\s)
      | \b\d{9,}\b
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w])|(?<![\w.,])\d+(?:,\d+)?(?![\w])")


def typed_numbers(text: str) -> list[str]:
    """The numbers typed in `text` that look like statistics (see `_NOT_STATISTICS` for what is left out)."""
    masked = _NOT_STATISTICS.sub(lambda m: " " * len(m.group(0)), text)
    return [m.group(0) for m in _NUMBER.finditer(masked)]


def _value(token: str) -> float:
    return float(token.replace(".", "").replace(",", "."))


def check_typed_numbers(report: Report, previous: Report) -> list[Diagnostic]:
    """Warn about numbers typed in the narrative of a report made from last period's.

    A piece of text still exactly as it was last period lists all its typed numbers; an edited one
    lists those equal to one of last period's appendix values (10 and over: small counts are common).
    """
    old_texts = {piece.text for piece in running_text(previous)}
    old_values: dict[float, str] = {}
    for row_id, entry in (previous.appendix.values if previous.appendix else {}).items():
        if entry.value is not None:
            old_values.setdefault(float(entry.value), row_id)
    found = []
    for piece in running_text(report):
        if piece.title:
            continue  # "6 nội dung CCHC": titles name things, they do not report numbers
        numbers = typed_numbers(piece.text)
        unchanged = piece.text in old_texts
        shown = []
        for token in dict.fromkeys(numbers):
            source = old_values.get(_value(token))
            if source is not None and _value(token) >= 10:
                shown.append(f'{token} (= kỳ trước pl["{source}"])')
            elif unchanged:
                shown.append(token)
        if not shown:
            continue
        listed = ", ".join(shown[:_SHOWN]) + (", …" if len(shown) > _SHOWN else "")
        lead = "đoạn văn giữ nguyên từ kỳ trước có số gõ tay" if unchanged else "số gõ tay giống số liệu kỳ trước"
        found.append(
            warning_at(
                report.source,
                piece.line,
                f"{lead}: {listed}; hãy cập nhật số của {report.period.name} hoặc viết bằng tham chiếu"
                ' {{ pl["…"] }}',
            )
        )
    return found


def read_previous_report(report: Report) -> tuple[Report | None, list[Diagnostic]]:
    """Last period's report named by `previous:`, read leniently (its own errors are not this file's)."""
    ref = report.previous
    if ref is None:
        return None, []
    if _same_file(ref.path, report.source):
        message = f"previous: '{ref.written}' là chính tệp này, không phải báo cáo kỳ trước; bỏ qua kiểm tra số gõ tay"
        return None, [warning_at(report.source, ref.line, message + " trong lời văn")]
    try:
        located = load_located(ref.path)
    except CchcError as exc:
        reason = exc.diagnostics[0].message if exc.diagnostics else "không đọc được"
        return None, [
            warning_at(
                report.source,
                ref.line,
                f"không đọc được báo cáo kỳ trước '{ref.written}' ({reason}); bỏ qua kiểm tra số gõ tay trong lời văn",
            )
        ]
    return ReportParser(located).parse(), []


def _same_file(path: Path, other: Path) -> bool:
    """Whether two paths name one file (links and "./" resolved; by name when one cannot be read)."""
    try:
        return path.samefile(other)
    except OSError:
        return path.resolve() == other.resolve()


def check_carried_text(report: Report) -> list[Diagnostic]:
    """All warnings of this module for one report."""
    previous, found = read_previous_report(report)
    found += check_other_periods(report, previous)
    if previous is not None:
        found += check_typed_numbers(report, previous)
    return found
