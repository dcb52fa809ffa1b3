"""A blank form's table as a grid, whatever file it came from: its header read into the five columns of
a form (STT, label, unit, value, note, and a merged heading over some of them), its body into rows.

The Word and Excel readers (`form_import_docx`, `form_import_xlsx`) only fill a `SourceTable`; what a
header means and where the body starts is decided here, once for both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..core.errors import InputError, error_at
from ..forms import COLUMN_NAMES

#: Header words of each column, compared without diacritics and case ("Đơn vị tính" → "don vi tinh").
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu", "thu tu"),
    "label": ("chi tieu", "noi dung", "ten chi tieu", "nhiem vu", "danh muc", "tieu chi"),
    "unit": ("don vi tinh", "dvt", "don vi"),
    "note": ("ghi chu",),
    "value": ("so luong", "so lieu", "ket qua", "ty le", "gia tri", "thuc hien", "so"),
}
#: A row under the header that only numbers the columns: "(1) (2) (3)", "A B 1 2 3".
_COLUMN_NUMBER = re.compile(r"^\(?[0-9A-Za-z]{1,3}\)?$")
#: How many rows from the top the header may start (a title row merged across the table first).
_HEADER_SEARCH = 12


def plain(text: str) -> str:
    """Lower case without Vietnamese diacritics, spaces collapsed: how header words are compared."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w%]+", " ", stripped.lower()).split())


def clean(text: str) -> str:
    """A cell's text on one line: no-break spaces as spaces, line breaks as spaces, spaces collapsed,
    control characters (which no Word or Excel file could print back) left out."""
    return " ".join(printable(text).replace("\u00a0", " ").split())


def italic_marked(text: str) -> str:
    """An italic piece of a heading as *…*, its surrounding spaces outside the marks ("Nội dung *(…)*")."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}*{core}*{text[start + len(core) :]}"


def printable(text: str) -> str:
    """`text` without control characters other than line breaks and tabs, and without stray BOMs."""
    return "".join(ch for ch in text if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch != "\ufeff"))


@dataclass
class SourceCell:
    """One grid place of the table; a merged cell's text is on its first place, the others `covered`."""

    text: str = ""  # paragraphs (or lines) joined by "\n"
    marked: str = ""  # the same, italic parts as *…* (for headings)
    bold: bool = False
    covered: bool = False
    colspan: int = 1
    rowspan: int = 1


@dataclass
class TitleLine:
    """A line above the table: a paragraph, or a title row of a sheet."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class SourceTable:
    """A table read from a file: grid rows (all as wide), where each row is, the lines above it."""

    path: str
    place: str  # "bảng 1", "trang 'PHỤ LỤC'"
    rows: list[list[SourceCell]]
    row_places: list[str]  # per row: "dòng 7" or "ô A7" (the row's first cell)
    landscape: bool = False
    above: list[TitleLine] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # ids a cchc-docgen sheet keeps per row, "" where none

    def error(self, row: int | None, message: str) -> InputError:
        where = self.place if row is None else f"{self.place}, {self.row_places[row]}"
        return InputError(error_at(self.path, None, f"{where}: {message}"))


@dataclass
class Header:
    """The header of the table: column headings by role, the merged heading and what it spans."""

    roles: dict[str, int]  # role → grid column
    headings: dict[str, str]  # role → heading text (with *italic* marks)
    group: str | None = None
    group_over: tuple[str, ...] = ("unit", "value")
    start: int = 0  # the header's first row (rows above it are the title's, in a sheet)
    body: int = 1  # the first row of the body
    notes: list[str] = field(default_factory=list)  # what could not be kept, for comments


@dataclass
class BodyRow:
    """A row of the body: its printed texts, boldness, the row index in the table, a note printed in it."""

    stt: str
    label: str
    unit: str
    bold: bool
    index: int
    note: str = ""
    source_id: str = ""


def _role(text: str) -> str | None:
    words = plain(text)
    if not words:
        return None
    for role, names in _ROLE_WORDS.items():
        if any(words == name or words.startswith(name + " ") for name in names):
            return role
    return None


def _header_start(table: SourceTable) -> int:
    for index, row in enumerate(table.rows[:_HEADER_SEARCH]):
        roles = {_role(cell.text) for cell in row if not cell.covered}
        if "label" in roles or ("stt" in roles and len(roles) > 2):
            return index
    raise table.error(
        None,
        "không thấy dòng tiêu đề của bảng biểu mẫu (cột 'STT' và cột 'Chỉ tiêu' hoặc 'Nội dung'); hãy mở tệp"
        " kiểm tra bảng có dòng tiêu đề cột",
    )


def _header_end(table: SourceTable, start: int) -> int:
    """The row after the header: past every heading merged down, and one more under a merged heading."""
    end = start + 1
    while True:
        grown = end
        for index in range(start, end):
            for cell in table.rows[index]:
                if not cell.covered:
                    grown = max(grown, index + cell.rowspan)
        grown = min(grown, len(table.rows))
        last = table.rows[grown - 1]
        if grown < len(table.rows) and any(c.colspan > 1 and not c.covered and c.text.strip() for c in last):
            grown += 1
        if grown == end:
            return end
        end = grown


def _column_stacks(table: SourceTable, start: int, end: int) -> tuple[list[list[str]], dict[int, tuple[str, int]]]:
    """Per grid column, its own heading (the lowest; a list of one, or empty); and the headings over
    others (first column → text, columns spanned): a merged cell, or one with a heading under it."""
    width = len(table.rows[start])
    stacks: list[list[str]] = [[] for _ in range(width)]
    groups: dict[int, tuple[str, int]] = {}
    for row in table.rows[start:end]:
        for column, cell in enumerate(row):
            if cell.covered or not cell.text.strip():
                continue
            text = clean(cell.marked) or clean(cell.text)
            if cell.colspan > 1:
                groups.setdefault(column, (text, cell.colspan))
            else:
                if stacks[column]:  # a heading with another under it heads that column alone
                    groups.setdefault(column, (stacks[column][-1], 1))
                stacks[column] = [text]
    return stacks, groups


def read_header(table: SourceTable) -> Header:
    """The header of `table`: which grid column holds what, the headings, where the body starts."""
    start = _header_start(table)
    end = _header_end(table, start)
    stacks, groups = _column_stacks(table, start, end)
    roles: dict[str, int] = {}
    headings: dict[str, str] = {}
    notes: list[str] = []
    spare: list[int] = []
    for column, stack in enumerate(stacks):
        if not stack:
            # A column under a merged heading with nothing of its own, or a column without any heading.
            spare.append(column)
            continue
        role = _role(stack[-1].replace("*", ""))
        if role is None or role in roles:
            spare.append(column)
            continue
        roles[role] = column
        headings[role] = " ".join(stack)
    missing = [role for role in COLUMN_NAMES if role not in roles]
    for column in spare:  # a column whose heading names nothing known takes the first role left, in order
        if not stacks[column]:
            continue  # an empty spacer column
        if not missing:
            raise table.error(
                start,
                f"bảng có cột '{' / '.join(stacks[column])}' mà biểu mẫu không có chỗ; biểu mẫu có 5 cột: STT,"
                " chỉ tiêu, đơn vị tính, số liệu, ghi chú",
            )
        role = missing.pop(0)
        roles[role] = column
        headings[role] = " ".join(stacks[column])
    for role in ("stt", "label"):
        if role not in roles:
            word = "STT" if role == "stt" else "Chỉ tiêu (Nội dung)"
            raise table.error(start, f"không thấy cột '{word}' trong dòng tiêu đề của bảng")
    header = Header(roles, headings, start=start, body=end, notes=notes)
    for role, default in (("unit", "Đơn vị tính"), ("value", "Số liệu"), ("note", "Ghi chú")):
        if role not in roles:
            headings[role] = default
            notes.append(f"bảng không có cột '{default}': biểu mẫu thêm cột này")
    _place_group(header, groups)
    header.body = _skip_column_numbers(table, end)
    return header


def _place_group(header: Header, groups: dict[int, tuple[str, int]]) -> None:
    """The merged heading over "unit and value" or "value" (what a form can print); others noted."""
    by_column = {column: role for role, column in header.roles.items()}
    for column, (text, span) in sorted(groups.items()):
        over = tuple(by_column.get(column + k, "") for k in range(span))
        if over in (("unit", "value"), ("value",)) and header.group is None:
            header.group, header.group_over = text, over
        else:
            named = ", ".join(header.headings.get(role, role) for role in over if role)
            header.notes.append(
                f"tiêu đề gộp '{text}' nằm trên cột {named}: biểu mẫu chỉ đặt tiêu đề gộp trên 'Đơn vị tính'"
                " và cột số liệu, hoặc chỉ trên cột số liệu; đã bỏ"
            )


def _skip_column_numbers(table: SourceTable, row: int) -> int:
    if row < len(table.rows):
        texts = [clean(cell.text) for cell in table.rows[row] if not cell.covered and cell.text.strip()]
        if len(texts) >= 3 and all(_COLUMN_NUMBER.match(text) for text in texts):
            return row + 1
    return row


_LEADING_NUMBER = re.compile(r"^((?:[IVXLC]+|\d+(?:\.\d+)*)\.?)\s+(\S.*)$")


def body_rows(table: SourceTable, header: Header) -> list[BodyRow]:
    """The rows of the body with their texts; empty rows, note-only continuation rows and repeated
    header rows left out (a note-only row's text joins the row above)."""
    roles = header.roles
    label_heading = clean(header.headings["label"].replace("*", ""))
    found: list[BodyRow] = []
    for index in range(header.body, len(table.rows)):
        row = table.rows[index]

        def text(role: str, row: list[SourceCell] = row) -> str:
            column = roles.get(role)
            if column is None or row[column].covered:
                return ""
            return row[column].text.strip()

        stt, label = clean(text("stt")), clean(text("label"))
        unit, note = printable(text("unit")), printable(text("note"))
        if not label and roles["label"] != roles["stt"] and row[roles["label"]].covered:
            match = _LEADING_NUMBER.match(stt)  # STT and label in one merged cell: "I. Cải cách thể chế"
            if match:
                stt, label = match.group(1), match.group(2)
            elif stt:
                stt, label = "", stt
        if not stt and not label:
            if note and found:
                found[-1].note = f"{found[-1].note}\n{note}".strip()
            continue
        if label == label_heading and _role(stt) == "stt":
            continue  # the header repeated (a table pasted in two pieces)
        cells = [row[roles[r]] for r in ("stt", "label") if r in roles and not row[roles[r]].covered]
        lettered = [cell for cell in cells if cell.text.strip()]
        bold = bool(lettered) and lettered[-1].bold
        source_id = table.ids[index] if index < len(table.ids) else ""
        found.append(BodyRow(stt, label, unit, bold, index, note, source_id))
    if not found:
        raise table.error(None, "bảng biểu mẫu không có dòng chỉ tiêu nào dưới dòng tiêu đề")
    return found
