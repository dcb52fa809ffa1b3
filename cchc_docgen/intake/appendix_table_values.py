"""A Phụ lục table's cells read as a report file holds them: numbers as printed ("04", "1.145", "86,96",
"21 (lượt người)"), codes by number or meaning ("Có"), notes; derived rows checked, not copied."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import msgspec

from ..core.vnformat import format_number, zero_padded
from ..forms import Form, Indicator, RowKind
from ..report.derived import Number, derived_value, same
from ..report.fields import MAX_VALUE
from ..report.parse import split_qualified
from .appendix_table_match import normalized

_VN_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$|^\d+\.\d{4,}$")
_CODE_EQUALS = re.compile(r"=\s*(\d+)\s*$")
#: What a clerk types in a value cell for "nothing to report": left blank.
_NOTHING = {"-", "–", "—", "/", "…", "..."}


class Cells(msgspec.Struct, frozen=True):
    """A matched row's value and note cells, and where the row is (for messages)."""

    indicator: Indicator
    value: str
    note: str
    where: str  # "bảng 3, dòng 12 («Số văn bản…»)"


class Read(msgspec.Struct):
    """One row's value as read: the number, how it was printed, and its note."""

    indicator: Indicator
    number: Number | None = None
    padded: bool = False  # printed "04"
    qualifier: str | None = None
    note: str | None = None


def number_of(text: str) -> Number | None:
    """ "1.145" → 1145, "86,96" / "86.96" → 86.96, "85,5%" → 85.5; None when `text` is no number."""
    cleaned = text.replace(" ", "")
    cleaned = cleaned[:-1] if cleaned.endswith("%") else cleaned
    if _VN_NUMBER.match(cleaned):
        value = float(cleaned.replace(".", "").replace(",", "."))
        whole = "," not in cleaned
    elif _DOT_DECIMAL.match(cleaned):
        value, whole = float(cleaned), False
    else:
        return None
    if value > MAX_VALUE:
        return None
    return int(value) if whole or value.is_integer() else value


def _code(text: str, row: Indicator) -> int | None:
    """A coded answer: its number ("1", "Có = 1") or its meaning ("Có", "không")."""
    assert row.codes is not None
    equals = _CODE_EQUALS.search(text)
    digits = equals.group(1) if equals else text.strip()
    if digits.isdecimal():
        return int(digits)
    wanted = normalized(text)
    return next((code for code, meaning in row.codes.values.items() if normalized(meaning) == wanted), None)


def read_cells(cells: Cells, warn: Callable[[str], None]) -> Read:
    """The row's value and note; what cannot be a value of the row is warned about and kept in the note."""
    row = cells.indicator
    read = Read(row, note=cells.note.strip() or None)
    text = " ".join(cells.value.replace("\u00a0", " ").split())
    if not text or text in _NOTHING:
        return read
    problem = None
    if row.kind is RowKind.SECTION:
        problem = "dòng tiêu đề mục không nhận giá trị"
    elif row.kind is RowKind.CODED and row.codes is not None:
        code = _code(text, row)
        if code is not None and code in row.codes.values:
            read.number = code
            return read
        problem = f"'{text}' không phải một mã của dòng này ({row.codes.label})"
    else:
        number_text, qualifier = split_qualified(text)
        number = number_of(number_text)
        if number is None:
            problem = f"'{text}' không phải là số"
        elif row.kind is RowKind.COUNT and not float(number).is_integer():
            problem = f"'{text}' phải là số nguyên"
        elif row.kind is RowKind.PERCENT and number > 100:
            problem = f"tỷ lệ '{text}' lớn hơn 100"
        else:
            read.number, read.qualifier = number, qualifier
            read.padded = zero_padded(number_text)
            return read
    warn(f"{cells.where}: {problem}; chữ '{text}' được giữ trong ghi chú")
    read.note = text if read.note is None else f"{text}\n{read.note}"
    return read


def leading_zero_choice(reads: Mapping[str, Read], form: Form) -> bool:
    """Whether the report prints counts below 10 as "06": as the table does when it pads every one of
    them, not when it pads none, else (mixed, or no such count) as the form says unless some count was
    printed unpadded (then each padded one is kept as typed)."""
    small = [r for r in reads.values() if r.indicator.kind is RowKind.COUNT and _small(r.number)]
    if not small:
        return form.layout.leading_zero
    padded = [r for r in small if r.padded]
    return len(padded) == len(small)


def _small(number: Number | None) -> bool:
    return number is not None and float(number).is_integer() and 0 <= number < 10


def _typed(read: Read, leading_zero: bool) -> object:
    """The value as `appendix.values` holds it: a number, or "04" when only the quotes keep its zero."""
    number = read.number
    if number is None:
        return None
    if read.padded and not leading_zero and read.indicator.kind is RowKind.COUNT and _small(number):
        return f"{int(number):02d}"
    return number


def yaml_values(
    reads: dict[str, Read], form: Form, leading_zero: bool, warn: Callable[[str, str], None]
) -> dict[str, object]:
    """`appendix.values` in form order: a plain value, or {value, note, qualifier} / {blank: true};
    a derived row printing what the form computes is left to be computed; one printing something
    else is warned about (`warn(row id, message)`) and kept as printed, so the rebuilt Phụ lục says
    what the document says (`check` warns about it again until the clerk settles it)."""
    typed = {row_id: r.number for row_id, r in reads.items()}
    sources = {s for row in form.rows if row.derive is not None for s in row.derive.sources}
    values: dict[str, object] = {}
    for row in form.rows:
        read = reads.get(row.id)
        if read is None:
            continue
        entry: dict[str, object] = {}
        value = _typed(read, leading_zero)
        if row.derive is not None:
            computed = derived_value(row, typed)
            if value is None and computed is not None:
                entry["blank"] = True
            elif computed is not None and not same(read.number, computed):
                warn(
                    row.id,
                    f"{row.describe()}: giá trị in {_shown(read)} khác giá trị biểu mẫu tự tính"
                    f" {format_number(computed)}; giữ đúng số đã in (kiểm tra lại số liệu)",
                )
            elif computed is not None and row.id not in sources and not read.qualifier and value == read.number:
                value = None  # printed as computed: left to the form
        if value is not None:
            entry["value"] = value
        if read.note:
            entry["note"] = read.note
        if read.qualifier and value is not None:
            entry["qualifier"] = read.qualifier
        if not entry:
            continue
        values[row.id] = entry["value"] if list(entry) == ["value"] else entry
    return values


def _shown(read: Read) -> str:
    assert read.number is not None
    number = f"{int(read.number):02d}" if read.padded else format_number(read.number)
    return f"{number} {read.qualifier}" if read.qualifier else number
