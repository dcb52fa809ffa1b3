"""`import`: values and notes of a Phụ lục sheet filled in Excel, written back into the report file.

The sheet is the one `build`/`appendix` writes (its layout: `render/phu_luc_sheet.py`): value in
column D, note in E, the indicator id in the hidden column F under the header `ID_HEADER`. Everything is
checked before anything is written; a problem names the sheet cell (`PHU-LUC.xlsx:Sheet!D42`).
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import re
import stat
import struct
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast
from xml.parsers import expat
from xml.parsers.expat import errors as expat_errors

import msgspec
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_ISO8601
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..core.atomic import write_text_atomic
from ..core.errors import CchcError, Diagnostic, InputError, error_at
from ..core.roundtrip_yaml import CommentedMap, dump_roundtrip, load_roundtrip, newline_of
from ..core.text_file import CONTROL, MAX_FILE_BYTES
from ..core.vnformat import BLANK_VALUE, format_number, number_or_blank
from ..forms import Form, Indicator, RowKind, available_forms, load_form_file
from ..render.phu_luc_sheet import (
    ID,
    ID_HEADER,
    ID_LETTER,
    JOINS,
    NOTE,
    VALUE,
    is_percent_format,
    read_report_properties,
)
from ..report.analysis import analyze
from ..report.derived import Number, derived_value, same
from ..report.fields import MAX_NOTE, MAX_VALUE
from ..report.parse import split_qualified

__all__ = [
    "Change",
    "XlsxPackage",
    "cap_similar",
    "import_appendix",
    "inspect_xlsx",
    "read_properties",
    "read_sheet_values",
    "unreadable",
]

_VN_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$")


class Change(msgspec.Struct, frozen=True):
    """One indicator whose typed value or note the sheet changes."""

    indicator: Indicator
    old_value: Number | None
    new_value: Number | None
    old_note: str | None
    new_note: str | None

    def lines(self) -> list[str]:
        """How the change is shown: STT, label, id, old → new."""
        row = self.indicator
        who = " ".join(p for p in (row.stt, row.label) if p) + f" ({row.id})"
        out = []
        if not same(self.old_value, self.new_value):
            out.append(f"{who}: {number_or_blank(self.old_value)} → {number_or_blank(self.new_value)}")
        if self.old_note != self.new_note:
            out.append(f"{who}: ghi chú {_quoted(self.old_note)} → {_quoted(self.new_note)}")
        return out


def _quoted(note: str | None) -> str:
    return BLANK_VALUE if note is None else '"' + note.replace("\n", " ↵ ") + '"'


# -- the workbook package, checked before openpyxl parses any of it ------------------------------

#: What a Phụ lục workbook can hold. A form has a few hundred rows; a long note continues on rows
#: below its indicator; the table is columns A–F. More is a damaged file, a sheet filled far past its
#: table, or an attack: refused at once with one message, instead of costing minutes and gigabytes.
MAX_ROWS = 10_000
MAX_COLUMNS = 64  # a clerk's jottings right of the table are allowed, up to column BL
MAX_CELLS = 100_000  # cells that hold something
MAX_SHARED_STRINGS = 100_000
MAX_XLSX_BYTES = 16 * 1024 * 1024
MAX_PART_BYTES = 8 * 1024 * 1024  # one part, uncompressed (a Phụ lục's sheet is about 100 KB)
MAX_PACKAGE_BYTES = 32 * 1024 * 1024  # all parts, uncompressed
MAX_PARTS = 1_000
MAX_ELEMENTS = 400_000  # XML elements of one part
#: Problems of one kind shown before "… và N lỗi tương tự".
SHOWN_SIMILAR = 20

RESAVE = "hãy mở tệp bằng Excel, lưu lại rồi thử lại"
_TOO_BIG = "một bảng Phụ lục không thể lớn như vậy (tệp bị hỏng, hoặc không phải bảng Phụ lục do cchc-docgen tạo ra)"
_NOT_XLSX = "không đọc được tệp Excel .xlsx ({}); chỉ nhận tệp .xlsx"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Element names as expat reports them with namespace_separator="}": "<namespace>}<local name>".
_WORKSHEET, _DIMENSION, _ROW_TAG, _CELL_TAG, _V_TAG, _F_TAG, _IS_TAG, _SI, _SHEET_TAG, _CELL_XFS, _XF = (
    f"{_MAIN_NS}}}{name}"
    for name in ("worksheet", "dimension", "row", "c", "v", "f", "is", "si", "sheet", "cellXfs", "xf")
)
_RELATIONSHIP = f"{_PKG_REL_NS}}}Relationship"
_R_ID = f"{_REL_NS}}}id"
_XML_PARTS = (".xml", ".rels")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")  # as openpyxl reads a cell's "r"
_CELL_TYPES = ("n", "s", "str", "inlineStr", "b", "e", "d")
_EXCEL_ROWS, _EXCEL_COLUMNS = 1_048_576, 16_384

_XML_PROBLEMS = {
    expat_errors.XML_ERROR_SYNTAX: "sai cú pháp XML",
    expat_errors.XML_ERROR_NO_ELEMENTS: "bị cắt cụt (hết dữ liệu giữa chừng)",
    expat_errors.XML_ERROR_UNCLOSED_TOKEN: "bị cắt cụt (hết dữ liệu giữa chừng)",
    expat_errors.XML_ERROR_PARTIAL_CHAR: "bị cắt cụt (hết dữ liệu giữa chừng)",
    expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION: "bị cắt cụt (hết dữ liệu giữa chừng)",
    expat_errors.XML_ERROR_INVALID_TOKEN: "có ký tự hoặc thẻ XML không hợp lệ",
    expat_errors.XML_ERROR_TAG_MISMATCH: "có thẻ XML mở và đóng không khớp",
    expat_errors.XML_ERROR_UNDEFINED_ENTITY: "dùng thực thể XML (&…;) không được định nghĩa",
    expat_errors.XML_ERROR_BAD_CHAR_REF: "có mã ký tự (&#…;) không hợp lệ",
    expat_errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: "có dữ liệu thừa sau phần tử XML gốc",
    expat_errors.XML_ERROR_UNBOUND_PREFIX: "dùng tiền tố không gian tên XML chưa khai báo",
    expat_errors.XML_ERROR_DUPLICATE_ATTRIBUTE: "có thuộc tính XML bị lặp",
    expat_errors.XML_ERROR_INCORRECT_ENCODING: "khai báo sai bảng mã",
    expat_errors.XML_ERROR_UNKNOWN_ENCODING: "dùng bảng mã không được hỗ trợ",
}


class _Refused(Exception):
    """A problem that stops reading a part (or the whole file): one located message."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _size(count: int) -> str:
    """ "8 MB", "120 KB": a size as people read it."""
    if count >= 1024 * 1024:
        return f"{format_number(round(count / 1024 / 1024, 1))} MB"
    return f"{format_number(max(1, round(count / 1024)))} KB"


def _xml_problem(exc: expat.ExpatError) -> str:
    message = expat_errors.messages.get(exc.code, "") if exc.code else ""
    problem = _XML_PROBLEMS.get(message, "không phải XML hợp lệ")
    return f"{problem} (dòng {exc.lineno}, cột {exc.offset + 1} của phần này)"


class _SheetScan:
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
        self.strings: tuple[int, str] | None = None  # the highest shared string index used, and its cell
        self.styles: tuple[int, str] | None = None  # the highest cell style used, and its cell

    @property
    def title(self) -> str:
        return self.package.titles.get(self.part, self.part)

    def damaged(self, message: str, ref: str | None = None) -> _Refused:
        if ref is not None:
            return _Refused(
                error_at(f"{self.package.path}:{self.title}!{ref}", None, f"ô bị hỏng: {message}; {RESAVE}")
            )
        return _Refused(
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
                    f"kích thước trang (dimension) '{_clip(attrs.get('ref', ''))}' không hợp lệ"
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
                raise self.damaged(f"dòng có số '{_clip(attrs['r'])}' không hợp lệ") from None
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
                raise self.damaged(f"ô có địa chỉ '{_clip(ref)}' không hợp lệ ở dòng {self.row}")
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
                raise self.damaged(f"kiểu định dạng '{_clip(style)}' không hợp lệ", self.ref)
            if self.styles is None or number > self.styles[0]:
                self.styles = (number, self.ref)
        if self.kind not in _CELL_TYPES:
            raise self.damaged(f"kiểu ô '{_clip(self.kind)}' không hợp lệ", self.ref)

    def close_cell(self) -> None:
        if self.value and self.kind != "inlineStr":
            self.content = True
            self.check_value()
        if not self.content:
            return
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise _Refused(
                error_at(
                    self.package.path,
                    None,
                    f"trang '{self.title}' có hơn {format_number(MAX_CELLS)} ô có dữ liệu; một bảng Phụ lục chỉ"
                    " có vài nghìn ô. Hãy xóa dữ liệu thừa ngoài bảng rồi lưu lại",
                )
            )
        where = f"{self.package.path}:{self.title}!{self.ref}"
        if self.row > MAX_ROWS:
            raise _Refused(
                error_at(
                    where,
                    None,
                    f"ô {self.ref} ở dòng {format_number(self.row)}, quá xa bảng: bảng Phụ lục không dài quá"
                    f" {format_number(MAX_ROWS)} dòng. Hãy xóa các dòng thừa dưới bảng rồi lưu lại",
                )
            )
        if self.column > MAX_COLUMNS:
            raise _Refused(
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
            raise self.damaged(f"giá trị '{_clip(value)}' không phải {what}", self.ref) from None


def _whole(text: str) -> int:
    """A row number as openpyxl reads it: "12", or "12.0"."""
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise ValueError(text) from None
        return int(number)


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


class _PartScan:
    """Handlers for one XML part: counts its elements, refuses a DOCTYPE (no Excel part has one), and
    hands a worksheet to `_SheetScan`, the shared strings to a counter, the workbook to the sheet names."""

    def __init__(self, package: XlsxPackage, part: str) -> None:
        self.package = package
        self.part = part
        self.elements = 0
        self.sheet: _SheetScan | None = None
        self.strings = 0
        self.sheet_ids: dict[str, str] = {}  # the workbook's r:id → sheet name
        self.relations: dict[str, str] = {}  # a .rels part's Id → Target
        self.cell_styles: int | None = None  # the styles part's <cellXfs> (every <xf> after it is one of them)

    def too_many(self, what: str, limit: int) -> _Refused:
        return _Refused(
            error_at(
                self.package.path,
                None,
                f"tệp Excel có hơn {format_number(limit)} {what} ({self.package.part_name(self.part)}); {_TOO_BIG}",
            )
        )

    def doctype(self, *_args: object) -> None:
        where = self.package.part_name(self.part)
        raise _Refused(error_at(self.package.path, None, f"tệp Excel bị hỏng: {where} có khai báo DOCTYPE; {RESAVE}"))

    def root(self, name: str, attrs: dict[str, str]) -> None:
        if name == _WORKSHEET:
            self.sheet = _SheetScan(self.package, self.part)
        self.start(name, attrs)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise self.too_many("phần tử XML trong một phần", MAX_ELEMENTS)
        if self.sheet is not None:
            self.sheet.start(name, attrs)
        elif name == _SI:
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise self.too_many("chuỗi chữ", MAX_SHARED_STRINGS)
        elif name == _CELL_XFS:
            self.cell_styles = 0
        elif name == _XF and self.cell_styles is not None:
            self.cell_styles += 1
        elif name == _SHEET_TAG and "name" in attrs:
            self.sheet_ids[attrs.get(_R_ID, "")] = attrs["name"]
        elif name == _RELATIONSHIP:
            self.relations[attrs.get("Id", "")] = attrs.get("Target", "")


class XlsxPackage:
    """A workbook's parts, checked: sizes, well-formed XML, and each worksheet scanned (`_SheetScan`).

    `damage` holds the problem of a worksheet (nothing can be read from it, but the document
    properties still can); any other problem is raised by `inspect_xlsx`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheets: dict[str, _SheetScan] = {}  # by part name
        self.titles: dict[str, str] = {}  # part name → sheet name, where the workbook says
        self.strings = 0  # the shared strings
        self.styles: int | None = None  # the cell styles, where the workbook has a styles part
        self.damage: list[Diagnostic] = []

    def part_name(self, part: str) -> str:
        """ "trang 'PHỤ LỤC' (phần xl/worksheets/sheet1.xml)", or "phần docProps/core.xml"."""
        return f"trang '{self.titles[part]}' (phần {part})" if part in self.titles else f"phần {part}"

    def sheet(self, part: str | None, title: str) -> _SheetScan | None:
        """The scan of the worksheet openpyxl reads from `part` (or, failing that, named `title`)."""
        if part is not None and part.lstrip("/") in self.sheets:
            return self.sheets[part.lstrip("/")]
        return next((self.sheets[p] for p, t in self.titles.items() if t == title and p in self.sheets), None)


def inspect_xlsx(path: Path) -> XlsxPackage:
    """Check `path` as a Phụ lục workbook before openpyxl reads it: the file's and each part's size,
    every XML part well-formed, each worksheet's cells and extent within what a Phụ lục can be.

    Raise InputError with one located message for a problem outside the worksheets; a worksheet's
    problem is kept in `damage` (the document properties may still name the agency). Takes
    milliseconds for a Phụ lục and under a second for anything refused.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(error_at(path, None, "không tìm thấy tệp")) from None
    except OSError as exc:
        raise InputError(error_at(path, None, _NOT_XLSX.format(type(exc).__name__))) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(error_at(path, None, "đây là một thư mục, không phải tệp Excel .xlsx"))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(error_at(path, None, "đây không phải một tệp thông thường (thiết bị, FIFO…)"))
    if info.st_size > MAX_XLSX_BYTES:
        raise InputError(
            error_at(
                path,
                None,
                f"tệp Excel quá lớn ({_size(info.st_size)}; giới hạn {_size(MAX_XLSX_BYTES)}); một bảng Phụ lục"
                " chỉ vài chục KB",
            )
        )
    package = XlsxPackage(path)
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        raise InputError(error_at(path, None, _NOT_XLSX.format(type(exc).__name__))) from None
    try:
        with archive:
            _check_sizes(path, archive.infolist())
            _scan_parts(package, archive)
    except _Refused as exc:
        raise InputError(exc.diagnostic) from None
    return package


#: What zipfile raises for a damaged archive: bad headers, a bad CRC, bad compressed data, an
#: unsupported compression or encryption, a name that is not UTF-8 though flagged so.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    struct.error,
)


def _too_big(path: Path, message: str) -> _Refused:
    return _Refused(error_at(path, None, f"{message}; {_TOO_BIG}"))


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """The sizes the archive declares (zipfile never reads past them). An XML part is only bounded
    while it is read (`_scan_part`), so a sheet filled far past its table is named by its first cell
    past the limits rather than by its size."""
    if len(infos) > MAX_PARTS:
        raise _too_big(path, f"tệp Excel có {format_number(len(infos))} phần (giới hạn {format_number(MAX_PARTS)})")
    for info in infos:
        if info.file_size > MAX_PART_BYTES and not info.filename.lower().endswith(_XML_PARTS):
            raise _too_big(
                path,
                f"phần {info.filename} của tệp Excel giải nén ra {_size(info.file_size)}"
                f" (giới hạn {_size(MAX_PART_BYTES)})",
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_PACKAGE_BYTES:
        raise _too_big(path, f"tệp Excel giải nén ra {_size(total)} (giới hạn {_size(MAX_PACKAGE_BYTES)})")


def _scan_parts(package: XlsxPackage, archive: zipfile.ZipFile) -> None:
    """Every XML part once; the workbook and its relationships before the worksheets, so a worksheet's
    problem can name its sheet."""
    parts = [i for i in archive.infolist() if i.filename.lower().endswith(_XML_PARTS) and not i.is_dir()]
    parts.sort(key=lambda i: "/worksheets/" in i.filename.lower())
    workbook: tuple[str, dict[str, str]] | None = None
    relations: dict[str, dict[str, str]] = {}
    for info in parts:
        if workbook is not None and "/worksheets/" in info.filename.lower() and not package.titles:
            package.titles = _sheet_titles(*workbook, relations)
        try:
            scan = _scan_part(package, archive, info)
        except _Refused as exc:
            if "/worksheets/" not in info.filename.lower():
                raise
            package.damage.append(exc.diagnostic)
            continue
        if scan.sheet is not None:
            package.sheets[info.filename] = scan.sheet
        elif scan.strings:
            package.strings = max(package.strings, scan.strings)
        elif scan.cell_styles is not None:
            package.styles = scan.cell_styles
        elif scan.sheet_ids:
            workbook = (info.filename, scan.sheet_ids)
        elif scan.relations:
            relations[info.filename] = scan.relations
    if workbook is not None and not package.titles:
        package.titles = _sheet_titles(*workbook, relations)
    for sheet in package.sheets.values():  # what a cell points at, now that every part is known
        if sheet.strings is not None and sheet.strings[0] >= package.strings:
            index, ref = sheet.strings
            message = f"ô chỉ tới chuỗi chữ số {index} nhưng tệp chỉ có {package.strings} chuỗi"
            package.damage.append(sheet.damaged(message, ref).diagnostic)
        elif package.styles is not None and sheet.styles is not None and sheet.styles[0] >= package.styles:
            index, ref = sheet.styles
            message = f"ô dùng kiểu định dạng số {index} nhưng tệp chỉ có {package.styles} kiểu"
            package.damage.append(sheet.damaged(message, ref).diagnostic)


def _sheet_titles(part: str, sheet_ids: dict[str, str], relations: dict[str, dict[str, str]]) -> dict[str, str]:
    """Worksheet part → sheet name, as the workbook and its relationships say."""
    folder, name = posixpath.split(part)
    targets = relations.get(posixpath.join(folder, "_rels", f"{name}.rels"), {})
    titles = {}
    for rel_id, title in sheet_ids.items():
        target = targets.get(rel_id)
        if target:
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            titles[posixpath.normpath(resolved)] = title
    return titles


def _scan_part(package: XlsxPackage, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> _PartScan:
    scan = _PartScan(package, info.filename)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = scan.doctype

    def first(name: str, attrs: dict[str, str]) -> None:
        scan.root(name, attrs)
        parser.StartElementHandler = scan.start
        if scan.sheet is not None:
            parser.EndElementHandler = scan.sheet.end
            parser.CharacterDataHandler = scan.sheet.characters

    parser.StartElementHandler = first

    def damaged(what: str) -> _Refused:
        where = package.part_name(info.filename)
        return _Refused(error_at(package.path, None, f"tệp Excel bị hỏng: {where} {what}; {RESAVE}"))

    try:
        stream = archive.open(info)
    except _ZIP_ERRORS:  # a bad local header, an encrypted part, an unknown compression
        raise damaged("không mở được") from None
    read = 0
    with stream:
        while True:
            try:
                chunk = stream.read(1 << 16)
            except _ZIP_ERRORS:  # bad compressed data, a bad CRC
                raise damaged("có dữ liệu nén bị hỏng") from None
            read += len(chunk)
            if read > MAX_PART_BYTES:
                raise _too_big(
                    package.path,
                    f"phần {info.filename} của tệp Excel giải nén ra hơn {_size(MAX_PART_BYTES)}",
                )
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as exc:
                raise damaged(_xml_problem(exc)) from None
            except (LookupError, UnicodeError):  # the XML declaration names an encoding Python lacks
                raise damaged("khai báo bảng mã (encoding) không hợp lệ") from None
            if not chunk:
                break
    return scan


class _Cell(msgspec.Struct, frozen=True):
    value: Any
    formula: bool
    number_format: str
    address: str


class _Row(msgspec.Struct, frozen=True):
    row_id: str
    id_address: str
    value: _Cell
    note: _Cell


class _Sheet:
    """The filled table of one workbook, located by its hidden id column.

    The workbook is read once, by openpyxl in read-only mode for the cached values, after
    `inspect_xlsx` has checked it (and noted which cells hold a formula); only columns A–F of
    the rows up to the last one holding something are read."""

    def __init__(self, path: Path, package: XlsxPackage | None = None) -> None:
        self.path = path
        package = package if package is not None else inspect_xlsx(path)
        if package.damage:
            raise InputError(package.damage)
        # openpyxl leaves a file it opened itself open when it fails: it reads one this code closes.
        with _quiet(), _open(path) as handle:
            try:
                workbook = load_workbook(handle, read_only=True, data_only=True)
            except Exception as exc:  # openpyxl raises many kinds for parts the inspection cannot judge
                raise InputError(unreadable(path, exc)) from None
            try:
                for sheet in workbook.worksheets:
                    self.title = str(sheet.title)
                    self.table = self._read(sheet, package)
                    header = next((n for n, row in enumerate(self.table, start=1) if row[3] == ID_HEADER), None)
                    if header is not None:
                        self.header = header
                        return
            finally:
                workbook.close()
        raise InputError(
            error_at(
                path,
                None,
                f"không thấy cột mã chỉ tiêu ('{ID_HEADER}'); chỉ nhập được bảng Phụ lục do cchc-docgen tạo ra"
                f" (lệnh build hoặc appendix), không xóa cột ẩn {ID_LETTER}",
            )
        )

    def _read(self, sheet: Any, package: XlsxPackage) -> list[tuple[Any, _Cell, _Cell, Any]]:
        """Rows 1 to the last with content: (A's value, D, E, F's value)."""
        scan = package.sheet(getattr(sheet, "_worksheet_path", None), self.title)
        if scan is None:  # not a part the workbook's relationships name as its own: nothing to trust
            raise InputError(
                error_at(
                    self.path, None, f"tệp Excel bị hỏng: không tìm thấy dữ liệu của trang '{self.title}'; {RESAVE}"
                )
            )
        table: list[tuple[Any, _Cell, _Cell, Any]] = []
        if not scan.last_row:
            return table
        rows = sheet.iter_rows(min_row=1, max_row=scan.last_row, min_col=1, max_col=ID)
        try:
            # zip stops before asking for a row past the last: openpyxl never parses what follows the table.
            for number, cells in zip(range(1, scan.last_row + 1), rows, strict=False):
                table.append(self._row(number, cells, scan))
        except InputError:
            raise
        except Exception as exc:  # what the inspection let through: the row is all that is known
            raise InputError(
                error_at(
                    self.path,
                    None,
                    f"tệp Excel bị hỏng: không đọc được trang '{self.title}' từ dòng {len(table) + 1}"
                    f" ({type(exc).__name__}); {RESAVE}",
                )
            ) from None
        finally:
            rows.close()
        return table

    def _row(self, number: int, cells: Sequence[Any], scan: _SheetScan) -> tuple[Any, _Cell, _Cell, Any]:
        def cell(column: int, with_format: bool) -> _Cell:
            found = cells[column - 1]
            address = f"{get_column_letter(column)}{number}"
            try:
                number_format = str(found.number_format or "") if with_format else ""
            except Exception as exc:  # a style index or number format the workbook does not have
                raise InputError(
                    self.error(address, f"ô bị hỏng: không đọc được định dạng của ô ({type(exc).__name__}); {RESAVE}")
                ) from None
            return _Cell(found.value, (number, column) in scan.formulas, number_format, address)

        return cells[0].value, cell(VALUE, True), cell(NOTE, False), cells[ID - 1].value

    def title_lines(self) -> list[tuple[str, str]]:
        """(cell, text) of the lines above the table: heading, title, "(Kèm theo …)"."""
        found = []
        for row in range(1, self.header):
            value = self.table[row - 1][0]
            if isinstance(value, str) and value.strip():
                found.append((f"A{row}", value.strip()))
        return found

    def where(self, address: str) -> str:
        return f"{self.path}:{self.title}!{address}"

    def error(self, address: str, message: str) -> Diagnostic:
        return error_at(self.where(address), None, message)

    def rows(self) -> tuple[list[_Row], list[Diagnostic]]:
        rows: list[_Row] = []
        errors = []
        for number in range(self.header + 1, len(self.table) + 1):
            _, value, note, row_id = self.table[number - 1]
            if row_id in (None, "") and not rows:
                continue  # the rest of the header (a second row under "Kết quả thống kê")
            if row_id in (None, ""):
                if _filled(value.value) or _filled(note.value):
                    errors.append(
                        self.error(
                            value.address if _filled(value.value) else note.address,
                            f"dòng này không có mã chỉ tiêu (cột {ID_LETTER} ẩn); không thêm dòng mới vào bảng Phụ lục",
                        )
                    )
                continue
            if row_id in JOINS and rows:  # a long note continued on the rows below its indicator
                if note.formula and note.value is None:
                    errors.append(self.error(note.address, _UNCALCULATED))
                last = rows[-1]
                joined = f"{last.note.value or ''}{JOINS[row_id]}{note.value or ''}"
                rows[-1] = msgspec.structs.replace(last, note=msgspec.structs.replace(last.note, value=joined))
                continue
            rows.append(_Row(str(row_id).strip(), f"{ID_LETTER}{number}", value, note))
        return rows, errors


def unreadable(path: Path, exc: Exception) -> Diagnostic:
    """A workbook the inspection passed (well-formed parts) that openpyxl still cannot load: a value it
    does not accept in the styles, the properties or the workbook part."""
    return error_at(path, None, f"tệp Excel bị hỏng, không đọc được ({type(exc).__name__}); {RESAVE}")


@contextmanager
def _open(path: Path) -> Iterator[Any]:
    try:
        handle = path.open("rb")
    except OSError as exc:  # gone or locked since it was inspected
        raise InputError(error_at(path, None, _NOT_XLSX.format(type(exc).__name__))) from None
    with handle:
        yield handle


def read_properties(path: Path) -> dict[str, str]:
    """The workbook's ``cchc-docgen.*`` properties (`phu_luc_sheet.read_report_properties`), from a
    file closed whatever openpyxl makes of it; raise what openpyxl raises."""
    with _quiet(), _open(path) as handle:
        return read_report_properties(handle)


@contextmanager
def _quiet() -> Iterator[None]:
    """openpyxl's warnings (a part it skips, a date out of range) are no business of the clerk."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


#: What two messages of one kind differ in: the names and numbers they quote.
_SIMILAR = re.compile(r"'[^']*'|\d+")
_UNCALCULATED = "ô có công thức nhưng chưa có giá trị tính sẵn; hãy mở bằng Excel, lưu lại rồi nhập lại"


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _number_text(text: str) -> float | None:
    """A number typed as text: "12", " 1.145 ", "86,96", "86.96", "86,96%"; None when it is not one."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    cleaned = cleaned[:-1] if cleaned.endswith("%") else cleaned
    if _VN_NUMBER.match(cleaned):
        return float(cleaned.replace(".", "").replace(",", "."))
    if _DOT_DECIMAL.match(cleaned):
        return float(cleaned)
    return None


class _Reader:
    """Turns the cells of each row into a value and a note, collecting every problem."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet
        self.errors: list[Diagnostic] = []

    def fail(self, cell: _Cell, message: str) -> None:
        self.errors.append(self.sheet.error(cell.address, message))

    def value(self, row: Indicator, cell: _Cell) -> Number | None:
        raw = cell.value
        if cell.formula and raw is None:
            self.fail(cell, _UNCALCULATED)
            return None
        if not _filled(raw):
            return None
        what = row.describe()
        if row.kind is RowKind.SECTION:
            self.fail(cell, f"{what} là dòng tiêu đề mục, không nhận giá trị")
            return None
        if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime, dt.time)):
            self.fail(cell, f"{what}: ô chứa '{raw}' chứ không phải số (Excel đã hiểu thành ngày giờ?)")
            return None
        if isinstance(raw, str):
            number = _number_text(raw)
            if number is None:
                shown = raw if len(raw) <= 40 else raw[:40] + "…"
                self.fail(cell, f"{what}: ô chứa chữ '{shown}' chứ không phải số; để trống nếu không báo cáo")
                return None
        elif isinstance(raw, (int, float)):
            number = float(raw)
            if row.kind is RowKind.PERCENT and is_percent_format(cell.number_format):
                number = round(number * 100, 9)  # typed "86,96%": Excel keeps 0.8696
        else:
            self.fail(cell, f"{what}: không đọc được giá trị của ô")
            return None
        return self.checked(row, cell, number)

    def checked(self, row: Indicator, cell: _Cell, number: float) -> Number | None:
        what = row.describe()
        if not math.isfinite(number) or abs(number) > MAX_VALUE:
            self.fail(cell, f"{what}: giá trị {number:g} không hợp lệ hoặc quá lớn")
            return None
        if number < 0:
            self.fail(cell, f"{what}: giá trị {format_number(number)} không được âm")
            return None
        if row.kind in (RowKind.COUNT, RowKind.CODED) and not number.is_integer():
            self.fail(cell, f"{what}: giá trị {format_number(number)} phải là số nguyên")
            return None
        if row.kind is RowKind.CODED and row.codes is not None and int(number) not in row.codes.values:
            allowed = ", ".join(f"{code} ({meaning})" for code, meaning in row.codes.values.items())
            self.fail(cell, f"{what}: mã {format_number(number)} không hợp lệ; chỉ nhận {allowed}")
            return None
        if row.kind is RowKind.PERCENT and number > 100:
            self.fail(cell, f"{what}: tỷ lệ {format_number(number)}% phải nằm trong khoảng 0 đến 100")
            return None
        return int(number) if number.is_integer() else number

    def note(self, row: Indicator, cell: _Cell) -> str | None:
        """The note as the report file will hold it, within the limits `check` applies to a note."""
        raw = cell.value
        if cell.formula and raw is None:  # the note would silently be blank
            self.fail(cell, _UNCALCULATED)
            return None
        if not _filled(raw):
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = str(raw).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "").strip()
        if len(text) > MAX_NOTE:
            self.fail(cell, f"{row.describe()}: ghi chú dài {len(text)} ký tự; tối đa {MAX_NOTE} ký tự")
            return None
        control = CONTROL.search(text)
        if control:
            self.fail(
                cell,
                f"{row.describe()}: ghi chú có ký tự điều khiển không hợp lệ U+{ord(control.group()):04X}"
                " (thường do dán từ nơi khác); hãy xóa ký tự đó",
            )
            return None
        return text or None


def _check_ids(sheet: _Sheet, rows: list[_Row], form: Form, forms_dirs: Sequence[Path]) -> list[Diagnostic]:
    """The sheet must list exactly the form's indicators (ids are what ties a cell to a row)."""
    header = f"{ID_LETTER}{sheet.header}"
    known = [r for r in rows if r.row_id in form.by_id]
    if len(known) * 2 < len(rows) or not known:
        guess = _guess_form(rows, forms_dirs)
        hint = f" (có vẻ là biểu mẫu '{guess}')" if guess and guess != form.id else ""
        return [sheet.error(header, f"bảng Phụ lục này không phải của biểu mẫu '{form.id}' ({form.name}){hint}")]
    errors = []
    seen: dict[str, str] = {}
    for row in rows:
        if row.row_id not in form.by_id:
            errors.append(
                sheet.error(
                    row.id_address,
                    f"mã chỉ tiêu '{row.row_id}' không có trong biểu mẫu {form.id};"
                    f" cột {ID_LETTER} (ẩn) không được sửa",
                )
            )
        elif row.row_id in seen:
            errors.append(
                sheet.error(row.id_address, f"mã chỉ tiêu '{row.row_id}' lặp lại (đã có ở ô {seen[row.row_id]})")
            )
        seen.setdefault(row.row_id, row.id_address)
    missing = [r.id for r in form.rows if r.kind is not RowKind.SECTION and r.id not in seen]
    if missing and not errors:  # a changed id already explains the row it no longer names
        listed = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        errors.append(
            sheet.error(header, f"bảng thiếu dòng của {len(missing)} chỉ tiêu ({listed}); không xóa dòng của bảng")
        )
    return errors


def _check_period(sheet: _Sheet, title_pattern: str, period_name: str, report_path: Path) -> None:
    """Refuse last quarter's sheet: a title naming the period must name this report's period."""
    lines = sheet.title_lines()
    if "{KY}" not in title_pattern or not lines:
        return
    if any(period_name.upper() in text.upper() for _, text in lines):
        return
    cell, title = max(lines, key=lambda line: len(line[1]))
    raise InputError(
        sheet.error(
            cell,
            f"bảng Phụ lục này không phải của {period_name} ('{title}'); {report_path} là báo cáo {period_name}",
        )
    )


def _guess_form(rows: list[_Row], forms_dirs: Sequence[Path]) -> str | None:
    ids = {r.row_id for r in rows}
    best, best_overlap = None, 0
    for form_id, path in available_forms(forms_dirs).items():
        try:
            overlap = len(ids & set(load_form_file(path).by_id))
        except CchcError:
            continue
        if overlap > best_overlap:
            best, best_overlap = form_id, overlap
    return best if best_overlap * 2 >= len(ids) else None


def import_appendix(xlsx: Path, report_path: Path, forms_dirs: Sequence[Path] = ()) -> list[Change]:
    """Read the filled sheet `xlsx` into `report_path` (values and notes); return what changed.

    Raise InputError with every problem, each at its cell, before anything is written.
    """
    analysis = analyze(report_path, forms_dirs)
    if analysis.report is None or analysis.form is None:
        raise InputError([d for d in analysis.diagnostics if d.is_error])
    report, form = analysis.report, analysis.form
    if report.appendix is None:
        raise InputError(
            error_at(report_path, None, "báo cáo không có phần appendix (phụ lục) nên không có chỗ nhập bảng số liệu")
        )
    appendix = report.appendix
    sheet = _Sheet(xlsx)
    rows, errors = sheet.rows()
    errors += _check_ids(sheet, rows, form, forms_dirs)
    if errors:
        raise InputError(cap_similar(errors, xlsx))
    _check_period(sheet, appendix.title or form.title, report.period.name, report_path)
    reader = _Reader(sheet)
    read = {}
    for r in rows:
        row = form.by_id[r.row_id]
        read[r.row_id] = (row, reader.value(row, r.value), reader.note(row, r.note))
    if reader.errors:
        raise InputError(cap_similar(reader.errors, xlsx))
    old_typed = {row_id: rv.typed for row_id, rv in analysis.values.items()}
    new_typed = dict(old_typed)
    for row_id, (_row, value, _note) in read.items():
        shown = analysis.values[row_id].value  # what build printed in the cell
        if not same(value, shown):
            new_typed[row_id] = value
    changes = []
    for row_id, (row, _value, note) in read.items():
        if (
            row.derive is not None
            and old_typed[row_id] is None
            and same(new_typed[row_id], derived_value(row, new_typed))
        ):
            new_typed[row_id] = None  # the clerk wrote what the form computes anyway: keep it computed
        entry = appendix.values.get(row_id)
        old_note = entry.note.strip() if entry and entry.note and entry.note.strip() else None
        if not same(old_typed[row_id], new_typed[row_id]) or old_note != note:
            changes.append(Change(row, old_typed[row_id], new_typed[row_id], old_note, note))
    if changes:
        data = load_roundtrip(report_path)
        _apply(data, form, changes)
        text = dump_roundtrip(data, newline_of(report_path))
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:  # `check` would refuse the file
            raise InputError(
                error_at(
                    xlsx,
                    None,
                    f"các ghi chú của bảng làm tệp báo cáo {report_path} dài {size // 1024} KB; giới hạn của tệp báo"
                    f" cáo là {MAX_FILE_BYTES // 1024} KB. Hãy rút gọn ghi chú",
                )
            )
        write_text_atomic(report_path, text)
    return changes


def cap_similar(diagnostics: Sequence[Diagnostic], path: Path, shown: int = SHOWN_SIMILAR) -> list[Diagnostic]:
    """At most `shown` diagnostics of each kind (the same message but for the names and numbers it
    quotes), then one "… và N lỗi tương tự": a sheet with thousands of bad rows prints a screenful."""
    kinds = [_SIMILAR.sub("…", diagnostic.message) for diagnostic in diagnostics]
    totals = Counter(kinds)
    seen: Counter[str] = Counter()
    result = []
    for diagnostic, kind in zip(diagnostics, kinds, strict=True):
        seen[kind] += 1
        if seen[kind] <= shown:
            result.append(diagnostic)
        if seen[kind] == shown and totals[kind] > shown:
            result.append(error_at(path, None, f"… và {format_number(totals[kind] - shown)} lỗi tương tự"))
    return result


def _values_map(data: CommentedMap) -> CommentedMap:
    appendix = data["appendix"]
    values = appendix.get("values")
    if not isinstance(values, CommentedMap):
        values = CommentedMap()
        appendix["values"] = values
    return values


def _note_scalar(note: str, flow: bool) -> str:
    """A quoted note; a multi-line note in a block mapping as a `|-` block (flow mappings cannot hold one)."""
    if "\n" in note and not flow:
        return cast(str, LiteralScalarString(note))
    return cast(str, DoubleQuotedScalarString(note))


def _flow_entry(value: Number | None, note: str) -> CommentedMap:
    entry = CommentedMap([("value", value), ("note", _note_scalar(note, flow=True))])
    entry.fa.set_flow_style()
    return entry


def _like_old(new: Number | None, old: Any) -> Any:
    """`new` written the way the old value was typed: a qualifier typed with the number ("12 (lượt tin)")
    and a leading zero ("04") are kept, so an edited cell never silently drops them."""
    if new is None or not isinstance(old, str):
        return new
    number_text, qualifier = split_qualified(old)
    text = str(new).replace(".", ",") if isinstance(new, float) else str(new)  # "85,71": no thousands dot
    padded = re.fullmatch(r"\s*0\d\s*", number_text) is not None
    if padded and isinstance(new, int) and 0 <= new < 10:
        text = f"{new:02d}"
    elif qualifier is None:
        return new
    return DoubleQuotedScalarString(f"{text} {qualifier}" if qualifier else text)


def _apply(data: CommentedMap, form: Form, changes: list[Change]) -> None:
    """Write the changes into the round-trip data, keeping comments; new ids go in form order."""
    values = _values_map(data)
    order = {row.id: i for i, row in enumerate(form.rows)}
    for change in changes:
        row_id, value, note = change.indicator.id, change.new_value, change.new_note
        key = next((k for k in values if str(k) == row_id), None)
        entry = values.get(key) if key is not None else None
        if isinstance(entry, CommentedMap):
            if "value" in entry or value is not None:
                if "value" in entry:
                    entry["value"] = _like_old(value, entry["value"])
                else:
                    entry.insert(0, "value", value)
            if note is None:
                entry.pop("note", None)
            else:
                entry["note"] = _note_scalar(note, flow=entry.fa.flow_style())
        elif key is not None:
            value = _like_old(value, values[key])
            values[key] = value if note is None else _flow_entry(value, note)
        else:
            new = value if note is None else _flow_entry(value, note)
            after = [i for i, k in enumerate(values) if order.get(str(k), -1) < order[row_id]]
            values.insert(after[-1] + 1 if after else 0, row_id, new)


def read_sheet_values(
    xlsx: Path, form: Form, forms_dirs: Sequence[Path] = (), package: XlsxPackage | None = None
) -> tuple[dict[str, tuple[Number | None, str | None, int]], list[Diagnostic]]:
    """Indicator id → (value, note, sheet row) of a filled Phụ lục sheet, every cell checked as `import`
    checks it; the problems are returned (each at its cell), never raised. Used by `aggregate`, which
    has inspected the file already (`package`)."""
    try:
        sheet = _Sheet(xlsx, package)
    except InputError as exc:
        return {}, exc.diagnostics
    rows, errors = sheet.rows()
    errors += _check_ids(sheet, rows, form, forms_dirs)
    reader = _Reader(sheet)
    read = {}
    for r in rows:
        row = form.by_id.get(r.row_id)
        if row is not None:
            read[r.row_id] = (reader.value(row, r.value), reader.note(row, r.note), int(r.id_address[len(ID_LETTER) :]))
    return read, errors + reader.errors
