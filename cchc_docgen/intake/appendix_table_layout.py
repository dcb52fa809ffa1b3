"""Where things are in a typed Phụ lục table: the lines above it, its header rows, which column is
the STT, label, unit, value and note, and each data row's cells (merged cells undone)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from ..core.errors import InputError, error_at
from .appendix_table_match import normalized

ROLES = ("stt", "label", "unit", "value", "note")
#: Words of a column heading, by the column they name (normalized), in the order roles are given.
_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("note", ("ghi chú",)),
    ("unit", ("đơn vị tính", "đvt", "đơn vị")),
    ("stt", ("stt", "tt", "số tt", "số thứ tự")),
    ("label", ("chỉ tiêu", "nội dung", "tiêu chí", "chỉ số")),
    ("value", ("số lượng", "số liệu", "tỷ lệ", "kết quả", "giá trị", "thực hiện")),
)
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2}|[a-e])\)?$", re.IGNORECASE)
#: The header is looked for in the first rows only.
_HEADER_SEARCH = 12


class Layout(msgspec.Struct, frozen=True):
    """The table's parts: lines above the header, the header rows, the data rows and the columns."""

    title_lines: list[str]
    header: list[int]  # indices of the header rows
    data: list[int]  # indices of the data rows
    columns: dict[str, int]  # role → column
    width: int
    header_texts: list[str]  # each column's heading, header rows joined


def _role_words(text: str) -> str | None:
    """The role a heading names, or None."""
    words = normalized(text)
    if not words:
        return None
    for role, options in _HEADINGS:
        for option in options:
            if role in ("stt", "unit") and option in ("tt", "đơn vị"):
                if words == option:
                    return role
            elif words == option or words.startswith(option + " ") or f" {option}" in f" {words}":
                return role
    return None


def _roles(texts: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for column, text in enumerate(texts):
        role = _role_words(text)
        if role is not None and role not in found:
            found[role] = column
    return found


def _is_header_row(row: Sequence[str]) -> bool:
    roles = _roles(row)
    return ("stt" in roles or "label" in roles) and bool({"note", "unit", "value"} & set(roles))


def _is_column_numbers(row: Sequence[str]) -> bool:
    """ "(1) (2) (3) (4) (5)" or "1 2 3 4 5" or "A B C …" under the headings."""
    texts = [t.strip() for t in row if t.strip()]
    return len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) for t in texts) and len(set(texts)) == len(texts)


def _continues_header(row: Sequence[str], above: Sequence[str]) -> bool:
    """A second header row: headings, or the texts of merged cells above repeated, nothing else."""
    texts = [(t.strip(), above[i].strip() if i < len(above) else "") for i, t in enumerate(row)]
    if not any(t for t, _ in texts):
        return False
    return all(not t or t == up or _role_words(t) is not None for t, up in texts)


def find_layout(rows: Sequence[Sequence[str]], place: str) -> Layout:
    """The layout of `rows` (refused when no value column can be told)."""
    width = max((len(r) for r in rows), default=0)
    start = next((i for i, r in enumerate(rows[:_HEADER_SEARCH]) if _is_header_row(r)), None)
    if start is None:
        if width < 3:
            raise InputError(error_at(place, None, "bảng có ít hơn 3 cột, không phải bảng số liệu Phụ lục"))
        # No headings: the form's own order, as far as there are columns.
        order = ROLES if width >= 5 else ("stt", "label", "value", "note") if width == 4 else ("label", "value", "note")
        return Layout([], [], list(range(len(rows))), {r: i for i, r in enumerate(order)}, width, [""] * width)
    header = [start]
    while start + len(header) < len(rows):
        row = rows[start + len(header)]
        if _is_column_numbers(row) or _continues_header(row, rows[start + len(header) - 1]):
            header.append(start + len(header))
        else:
            break
    texts = []
    full = {i: _header_row(rows[i], width) for i in header}
    for column in range(width):
        parts: list[str] = []
        for i in header:
            cell = full[i][column].strip()
            if cell and cell not in parts and not _COLUMN_NUMBER.match(cell):
                parts.append(cell)
        texts.append(" ".join(parts))
    columns = _columns(rows, header, width)
    if "value" not in columns:
        raise InputError(
            error_at(place, None, 'không thấy cột số liệu ("Số lượng/tỷ lệ", "Số liệu", "Kết quả") trong bảng')
        )
    titles = []
    for row in rows[:start]:
        line = " ".join(dict.fromkeys(t.strip() for t in row if t.strip()))
        if line:
            titles.append(line)
    header_keys = {tuple(normalized(t) for t in rows[i]) for i in header}
    data = [
        i
        for i in range(start + len(header), len(rows))
        if tuple(normalized(t) for t in rows[i]) not in header_keys and not _is_column_numbers(rows[i])
    ]
    return Layout(titles, header, data, columns, width, texts)


def _columns(rows: Sequence[Sequence[str]], header: list[int], width: int) -> dict[str, int]:
    """Role → column, from the lowest header row up: under "Kết quả thống kê" the lower row says
    which column is the unit and which the value."""
    columns: dict[str, int] = {}
    for i in reversed(header):
        row = _header_row(rows[i], width)
        for column, text in enumerate(row):
            role = _role_words(text)
            if role is None or role in columns or column in columns.values():
                continue
            if role == "value" and i != header[-1] and _merged_over(rows, header, column):
                continue  # a group heading over the columns below it
            columns[role] = column
    return columns


def _header_row(row: Sequence[str], width: int) -> list[str]:
    """A header row at full width: when a cell spanning columns is given once, the group heading
    ("Kết quả thống kê") is the one spanning, else the label's."""
    cells = list(row)
    missing = width - len(cells)
    if missing <= 0:
        return cells
    roles = [_role_words(t) for t in cells]
    at = next((k for k, r in enumerate(roles) if r == "value"), None)
    if at is None:
        at = next((k for k, r in enumerate(roles) if r == "label"), min(1, len(cells) - 1))
    return cells[: at + 1] + [cells[at]] * missing + cells[at + 1 :]


def _merged_over(rows: Sequence[Sequence[str]], header: list[int], column: int) -> bool:
    below = rows[header[-1]]
    return column < len(below) and _role_words(below[column]) is not None


def row_cells(row: Sequence[str], layout: Layout) -> dict[str, str]:
    """Role → text of a data row. A row with fewer cells than the table has its label cell merged to
    the right; a unit or value cell repeating the label (a merged cell given in every column it
    covers) is blank, and so is a value cell repeating a note that is no number."""
    cells = [t.replace("\u00a0", " ").strip() if t else "" for t in row]
    label_at = layout.columns.get("label", 1)
    if len(cells) < layout.width and label_at < len(cells):
        cells = cells[: label_at + 1] + [cells[label_at]] * (layout.width - len(cells)) + cells[label_at + 1 :]
    cells += [""] * (layout.width - len(cells))
    found = {role: cells[column] for role, column in layout.columns.items()}
    label = found.get("label", "")
    for role in ("unit", "value", "note"):
        if label and found.get(role) == label:
            found[role] = ""
    value, note = found.get("value", ""), found.get("note", "")
    if value and value == note and not any(c.isdecimal() for c in value):
        found["value"] = ""
    return found
