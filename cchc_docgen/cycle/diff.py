"""`diff`: what changed between two versions of a report, as a leader reviews a correction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec

from ..core.errors import InputError
from ..core.vnformat import BLANK_VALUE, format_number, short_date
from ..forms import Indicator, RowKind
from ..report.analysis import CheckedReport, analyze
from ..report.checks import RowValue
from ..report.model import Block, BulletList, DocDate, Paragraph, Section, Table
from .word_diff import mark_words, opcodes, similarity

BLANK = f"({BLANK_VALUE})"
#: Paragraphs at least this similar are shown as one changed paragraph, not one removed and one added.
_SAME_PARAGRAPH = 0.5
#: A paragraph of a replaced run is paired with one of the next this many new ones at most.
_LOOKAHEAD = 20


class Item(msgspec.Struct, frozen=True):
    """One comparable piece of narrative: where it is, what it is, its printed text and its line."""

    place: str
    kind: str
    text: str
    line: int | None


def _where(item: Item) -> str:
    place = f"mục {item.place}, " if item.place else ""
    line = f", dòng {item.line}" if item.line else ""
    return f"{place}{item.kind}{line}"


def _narrative_items(checked: CheckedReport) -> list[Item]:
    items: list[Item] = []

    def walk(blocks: Sequence[Block], place: str) -> None:
        for block in blocks:
            if isinstance(block, Section):
                number = block.number.rstrip(".)").split(".")[-1] if block.number else ""
                here = f"{place}.{number}" if place and number else (number or place)
                items.append(Item(here, "tiêu đề", checked.text(block.title.raw), block.title.line))
                walk(block.content, here)
            elif isinstance(block, Paragraph):
                text = checked.text(block.text.raw)
                if block.footnote:
                    text += f" [chú thích: {block.footnote}]"
                items.append(Item(place, "đoạn", text, block.text.line))
            elif isinstance(block, BulletList):
                for index, entry in enumerate(block.items):
                    items.append(Item(place, "ý", f"{block.label(index)} {checked.text(entry.raw)}", entry.line))
            elif isinstance(block, Table):
                rows = (*block.header, *block.rows, *((block.total,) if block.total else ()))
                for row in rows:
                    items.append(Item(place, "dòng bảng", " | ".join(cell.text for cell in row), block.line))

    walk(checked.report.narrative, "")
    return items


def _pair(old: Sequence[Item], new: Sequence[Item]) -> Iterator[tuple[Item | None, Item | None]]:
    """Pair the items of a replaced run in order when they are alike; the rest are removed or added."""
    j = 0
    for item in old:
        ahead = range(j, min(len(new), j + _LOOKAHEAD))
        match = next((k for k in ahead if similarity(item.text, new[k].text) >= _SAME_PARAGRAPH), None)
        if match is None:
            yield item, None
            continue
        for added in new[j:match]:
            yield None, added
        yield item, new[match]
        j = match + 1
    for added in new[j:]:
        yield None, added


def narrative_changes(old: CheckedReport, new: CheckedReport) -> list[str]:
    """Narrative paragraphs, headings, list items and table rows added, removed or changed."""
    a, b = _narrative_items(old), _narrative_items(new)
    lines: list[str] = []
    for op, i1, i2, j1, j2 in opcodes([i.text for i in a], [i.text for i in b]):
        if op == "equal":
            continue
        for before, after in _pair(a[i1:i2], b[j1:j2]):
            if before is not None and after is not None:
                lines.append(f"sửa ({_where(after)}): {mark_words(before.text, after.text)}")
            elif after is not None:
                lines.append(f"thêm ({_where(after)}): {after.text}")
            elif before is not None:
                lines.append(f"bỏ ({_where(before)} của bản cũ): {before.text}")
    return lines


def value_text(row: RowValue | None) -> str:
    """An indicator's value as the Phụ lục prints it (5.380; 47,37), or (trống)."""
    if row is None or row.value is None:
        return BLANK
    indicator = row.indicator
    shown = format_number(row.value)
    if indicator.kind is RowKind.CODED and indicator.codes is not None:
        label = indicator.codes.values.get(int(row.value)) if float(row.value).is_integer() else None
        return f"{shown} ({label})" if label else shown
    if indicator.kind is RowKind.PERCENT:
        shown += "%"
    if row.qualifier:
        shown += f" {row.qualifier}"
    if row.typed is None and row.computed is not None:
        shown += " (tự tính)"
    return shown


def _printed(row: RowValue | None) -> tuple[float | int | None, str | None]:
    return (row.value, row.qualifier) if row is not None else (None, None)


def _quoted(text: str | None) -> str:
    return f'"{text}"' if text else BLANK


def _form_id(checked: CheckedReport) -> str:
    return checked.form.id if checked.has_appendix and checked.form else "(không có phụ lục)"


def _heading(checked: CheckedReport) -> str | None:
    return checked.appendix_heading() if checked.has_appendix else None


def _title(checked: CheckedReport) -> str | None:
    return checked.appendix_title() if checked.has_appendix else None


def indicator_changes(old: CheckedReport, new: CheckedReport) -> list[str]:
    """Indicators whose printed value or note changed, in the order of the form."""
    old_rows = old.form.rows if old.form else ()
    new_rows = new.form.rows if new.form else ()
    rows: dict[str, Indicator] = {row.id: row for row in old_rows}
    rows.update({row.id: row for row in new_rows})
    new_ids = {row.id for row in new_rows}
    order = [row.id for row in new_rows] + [row.id for row in old_rows if row.id not in new_ids]
    lines = []
    for row_id in order:
        indicator = rows[row_id]
        if indicator.kind is RowKind.SECTION:
            continue
        before, after = old.values.get(row_id), new.values.get(row_id)
        changes = []
        if _printed(before) != _printed(after):
            changes.append(f"{value_text(before)} → {value_text(after)}")
        old_note, new_note = (before.note if before else None), (after.note if after else None)
        if (old_note or None) != (new_note or None):
            if old_note and new_note:
                changes.append(f"ghi chú: {mark_words(old_note, new_note)}")
            else:
                changes.append(f"ghi chú: {_quoted(old_note)} → {_quoted(new_note)}")
        if changes:
            lines.append(f"{indicator.describe()}: {'; '.join(changes)}")
    return lines


def _date_text(date: DocDate | None) -> str:
    if date is None:
        return BLANK
    full = date.as_date()
    if full is not None:
        return short_date(full)
    return f"tháng {date.month}/{date.year}" if date.month else str(date.year)


def _scalar(label: str, old: str | None, new: str | None) -> list[str]:
    old_text, new_text = old or BLANK, new or BLANK
    return [] if old_text == new_text else [f"{label}: {old_text} → {new_text}"]


def _text(label: str, old: str | None, new: str | None) -> list[str]:
    if (old or "") == (new or ""):
        return []
    if not old or not new:
        return [f"{label}: {_quoted(old)} → {_quoted(new)}"]
    return [f"{label}: {mark_words(old, new)}"]


def _list(label: str, old: Sequence[str], new: Sequence[str]) -> list[str]:
    lines = []
    for op, i1, i2, j1, j2 in opcodes(old, new):
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            lines += [f"{label}: {mark_words(a, b)}" for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
            continue
        lines += [f'{label}: bỏ "{item}"' for item in old[i1:i2]]
        lines += [f'{label}: thêm "{item}"' for item in new[j1:j2]]
    return lines


def document_changes(old: CheckedReport, new: CheckedReport) -> list[str]:
    """Header, signature and appendix fields that changed."""
    a, b = old.report, new.report
    da, db = a.document, b.document

    def opening(checked: CheckedReport) -> str | None:
        text = checked.report.document.opening
        return checked.text(text.raw) if text else None

    def closing(checked: CheckedReport) -> str | None:
        text = checked.report.closing
        return checked.text(text.raw) if text else None

    def window(checked: CheckedReport) -> str:
        w = checked.report.window
        return f"{short_date(w.start)} – {short_date(w.end)}"

    return [
        *_scalar("Cơ quan chủ quản", a.agency.parent, b.agency.parent),
        *_scalar("Cơ quan ban hành", a.agency.name, b.agency.name),
        *_scalar("Tên cơ quan trong câu văn", a.agency.full_name, b.agency.full_name),
        *_scalar("Địa danh", a.agency.place, b.agency.place),
        *_scalar("Địa bàn", a.agency.territory, b.agency.territory),
        *_scalar("Kỳ báo cáo", a.period.name, b.period.name),
        *_scalar("Thời gian chốt số liệu", window(old), window(new)),
        *_scalar("Số văn bản", _number(da.number), _number(db.number)),
        *_scalar("Ký hiệu", da.symbol, db.symbol),
        *_scalar("Ngày ký", _date_text(da.date), _date_text(db.date)),
        *_scalar("Dự thảo", "có" if a.is_draft else "không", "có" if b.is_draft else "không"),
        *_list("Kính gửi", da.recipients, db.recipients),
        *_text("Trích yếu", da.subject, db.subject),
        *_list("Căn cứ", da.bases, db.bases),
        *_text("Đoạn mở đầu", opening(old), opening(new)),
        *_text("Câu kết", closing(old), closing(new)),
        *_scalar("Thẩm quyền ký", " / ".join(a.signature.lines), " / ".join(b.signature.lines)),
        *_scalar("Người ký", a.signature.name, b.signature.name),
        *_list("Nơi nhận", a.signature.distribution, b.signature.distribution),
        *_scalar("Biểu mẫu phụ lục", _form_id(old), _form_id(new)),
        *_scalar("Tiêu đề phụ lục", _heading(old), _heading(new)),
        *_scalar("Tên phụ lục", _title(old), _title(new)),
    ]


def _number(number: int | None) -> str | None:
    return None if number is None else str(number)


def diff_lines(old: CheckedReport, new: CheckedReport) -> list[str]:
    """The printed comparison: a heading, then document fields, indicators and narrative that changed."""
    sections = (
        ("Văn bản", document_changes(old, new)),
        ("Phụ lục", indicator_changes(old, new)),
        ("Nội dung", narrative_changes(old, new)),
    )
    lines = [f"So sánh {old.report.source} → {new.report.source}"]
    for title, changes in sections:
        if changes:
            lines += ["", f"{title} ({len(changes)} thay đổi):", *(f"  {change}" for change in changes)]
    total = sum(len(changes) for _, changes in sections)
    lines += ["", f"Tổng cộng {total} thay đổi." if total else "Không có thay đổi."]
    return lines


def diff_files(old: Path, new: Path, forms_dirs: Sequence[Path] = ()) -> list[str]:
    """Check both files (InputError with every diagnostic of a file that has errors), then compare."""
    analyses = [analyze(old, forms_dirs), analyze(new, forms_dirs)]
    problems = [d for analysis in analyses if not analysis.ok for d in analysis.diagnostics]
    if problems:
        raise InputError(problems)
    return diff_lines(analyses[0].checked(), analyses[1].checked())
