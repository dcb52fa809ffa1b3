"""One worksheet part read cheaply before openpyxl does: its extent, its formulas, each cell as openpyxl reads it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_ISO8601

from ..core.errors import Diagnostic, error_at
from ..core.vnformat import format_number
from ..render.phu_luc_sheet import ID, ID_LETTER

if TYPE_CHECKING:
    from .xlsx_inspect import XlsxPackage

#: What a Phụ lục workbook can hold. A form has a few hundred rows; a long note continues on rows
#: below its indicator; the table is columns A–F. More is a damaged file, a sheet filled far past its
#: table, or an attack: refused at once with one message, instead of costing minutes and gigabytes.
MAX_ROWS = 10_000
MAX_COLUMNS = 64  # a clerk's jottings right of the table are allowed, up to column BL
MAX_CELLS = 100_000  # cells that hold something

RESAVE = "hãy mở tệp bằng Excel, lưu lại rồi thử lại"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Element names as expat reports them with namespace_separator="}": "<namespace>}<local name>".
_DIMENSION, _ROW_TAG, _CELL_TAG, _V_TAG, _F_TAG, _IS_TAG = (
    f"{MAIN_NS}}}{name}" for name in ("dimension", "row", "c", "v", "f", "is")
)
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")  # as openpyxl reads a cell's "r"
_CELL_TYPES = ("n", "s", "str", "inlineStr", "b", "e", "d")
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384


class Refused(Exception):
    """A problem that stops reading a part (or the whole file): one located message."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class SheetScan:
    """One worksheet part, read cheaply before openpyxl does: where its content is, which cells hold a
    formula (openpyxl reads either formulas or their values), and every cell as openpyxl will read it,
    so a damaged cell is named here rather than failing deep inside openpyxl."""

    def __init__(self, package: XlsxPackage, part: str) -> None:
        self.package = package
        self.part = part
        self.row = 0  # openpyxl's count: a row's "r", else the row before plus one
        self.column = 0
        self.in_row = False
        self.cell_depth = 0  # 1 inside a <c>, more inside its children
        self.ref = ""
        self.kind = "n"
        self.content = False
        self.formula = False
        self.text: list[str] | None = None  # the text of the <v> being read
        self.value = ""
        self.last_row = 0  # the last row with content
        self.cells = 0  # cells with content
        self.formulas: set[tuple[int, int]] = set()  # (row, column) of table cells that hold a formula
        # (row, column) of table cells holding an error value (#REF!, #DIV/0!…): openpyxl reads them
        # as the text of the error, which must not pass for a note someone typed
        self.error_values: set[tuple[int, int]] = set()
        self.strings: tuple[int, str] | None = None  # the highest shared string index used, and its cell
        self.styles: tuple[int, str] | None = None  # the highest cell style used, and its cell

    @property
    def title(self) -> str:
        return self.package.titles.get(self.part, self.part)

    def damaged(self, message: str, ref: str | None = None) -> Refused:
        if ref is not None:
            return Refused(error_at(f"{self.package.path}:{self.title}!{ref}", None, f"ô bị hỏng: {message}; {RESAVE}"))
        return Refused(
            error_at(
                self.package.path, None, f"tệp Excel bị hỏng: {self.package.part_name(self.part)}: {message}; {RESAVE}"
            )
        )

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.cell_depth:
            self.cell_depth += 1
            if self.cell_depth == 2:
                if name == _V_TAG:
                    self.text = []
                elif name == _F_TAG:
                    self.formula = self.content = True
                elif name == _IS_TAG:
                    self.content = True
        elif self.in_row:
            self.open_cell(name, attrs)
        elif name == _ROW_TAG:
            self.open_row(attrs)
        elif name == _DIMENSION:  # openpyxl reads it first, even to load the workbook
            try:
                range_boundaries(attrs.get("ref", ""))
            except (ValueError, TypeError):
                raise self.damaged(
                    f"kích thước trang (dimension) '{clip(attrs.get('ref', ''))}' không hợp lệ"
                ) from None

    def end(self, name: str) -> None:
        if self.cell_depth:
            self.cell_depth -= 1
            if self.cell_depth == 1 and name == _V_TAG and self.text is not None:
                self.value = "".join(self.text)
                self.text = None
            elif self.cell_depth == 0:
                self.close_cell()
        elif name == _ROW_TAG:
            self.in_row = False

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def open_row(self, attrs: dict[str, str]) -> None:
        number = self.row + 1
        if "r" in attrs:
            try:
                number = _whole(attrs["r"])
            except ValueError:
                raise self.damaged(f"dòng có số '{clip(attrs['r'])}' không hợp lệ") from None
        if not 1 <= number <= _EXCEL_ROWS:
            raise self.damaged(f"dòng có số {number} không hợp lệ")
        if number <= self.row:
            raise self.damaged(f"dòng {number} đứng sau dòng {self.row}")
        self.row, self.column, self.in_row = number, 0, True

    def open_cell(self, name: str, attrs: dict[str, str]) -> None:
        self.cell_depth = 1
        self.content = self.formula = False
        self.value, self.text = "", None
        self.kind = attrs.get("t", "n")
        if name != _CELL_TAG:  # openpyxl reads any child of a row as a cell
            self.column += 1
            self.ref = f"{get_column_letter(min(self.column, _EXCEL_COLUMNS))}{self.row}"
            return
        ref = attrs.get("r")
        if ref:
            match = _CELL_REF.match(ref)
            column = column_index_from_string(match.group(1).upper()) if match else 0
            if match is None or not 1 <= column <= _EXCEL_COLUMNS or not 1 <= int(match.group(2)) <= _EXCEL_ROWS:
                raise self.damaged(f"ô có địa chỉ '{clip(ref)}' không hợp lệ ở dòng {self.row}")
            cell = f"{get_column_letter(column)}{int(match.group(2))}"
            if int(match.group(2)) != self.row:
                raise self.damaged(f"ô {cell} lại nằm trong dòng {self.row}", cell)
            if column <= self.column:
                raise self.damaged(f"ô {cell} đứng sau ô {get_column_letter(self.column)}{self.row}", cell)
            self.column = column
        else:
            self.column += 1
            if self.column > _EXCEL_COLUMNS:
                raise self.damaged(f"dòng {self.row} có quá {_EXCEL_COLUMNS} ô")
        self.ref = f"{get_column_letter(self.column)}{self.row}"
        style = attrs.get("s")
        if style:
            try:
                number = int(style)
            except ValueError:
                number = -1
            if number < 0:
                raise self.damaged(f"kiểu định dạng '{clip(style)}' không hợp lệ", self.ref)
            if self.styles is None or number > self.styles[0]:
                self.styles = (number, self.ref)
        if self.kind not in _CELL_TYPES:
            raise self.damaged(f"kiểu ô '{clip(self.kind)}' không hợp lệ", self.ref)

    def close_cell(self) -> None:
        if self.value and self.kind != "inlineStr":
            self.content = True
            self.check_value()
        if not self.content:
            return
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise Refused(
                error_at(
                    self.package.path,
                    None,
                    f"trang '{self.title}' có hơn {format_number(MAX_CELLS)} ô có dữ liệu; một bảng Phụ lục chỉ"
                    " có vài nghìn ô. Hãy xóa dữ liệu thừa ngoài bảng rồi lưu lại",
                )
            )
        where = f"{self.package.path}:{self.title}!{self.ref}"
        if self.row > MAX_ROWS:
            raise Refused(
                error_at(
                    where,
                    None,
                    f"ô {self.ref} ở dòng {format_number(self.row)}, quá xa bảng: bảng Phụ lục không dài quá"
                    f" {format_number(MAX_ROWS)} dòng. Hãy xóa các dòng thừa dưới bảng rồi lưu lại",
                )
            )
        if self.column > MAX_COLUMNS:
            raise Refused(
                error_at(
                    where,
                    None,
                    f"ô {self.ref} ở cột {get_column_letter(self.column)}, quá xa bảng: bảng Phụ lục chỉ dùng các cột"
                    f" A đến {ID_LETTER} (giới hạn là cột {get_column_letter(MAX_COLUMNS)}). Hãy xóa các cột thừa"
                    " bên phải bảng rồi lưu lại",
                )
            )
        self.last_row = self.row
        if self.formula and self.column <= ID:
            self.formulas.add((self.row, self.column))
        if self.kind == "e" and self.column <= ID:
            self.error_values.add((self.row, self.column))

    def check_value(self) -> None:
        """The value as openpyxl converts it (`WorkSheetParser.parse_cell`); a failure is a damaged cell."""
        value, kind = self.value, self.kind
        try:
            if kind == "n" and ("." in value or "e" in value.lower()):
                float(value)
            elif kind == "n":
                int(value)
            elif kind == "b":
                int(value)
            elif kind == "d":
                from_ISO8601(value)
            elif kind == "s":
                index = int(value)
                if index < 0:
                    raise ValueError(value)
                if self.strings is None or index > self.strings[0]:
                    self.strings = (index, self.ref)
        except (ValueError, TypeError, OverflowError):
            what = {"n": "số", "b": "đúng/sai", "d": "ngày giờ", "s": "số thứ tự chuỗi chữ"}[kind]
            raise self.damaged(f"giá trị '{clip(value)}' không phải {what}", self.ref) from None


def _whole(text: str) -> int:
    """A row number as openpyxl reads it: "12", or "12.0"."""
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise ValueError(text) from None
        return int(number)


def clip(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"
