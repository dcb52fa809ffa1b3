"""A Phụ lục workbook checked before openpyxl parses any of it: sizes, well-formed XML parts, each worksheet scanned."""

from __future__ import annotations

import posixpath
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.parsers import expat
from xml.parsers.expat import errors as expat_errors

from ..core.errors import Diagnostic, InputError, error_at
from ..core.input_file import input_stat, read_failure
from ..core.vnformat import format_number
from ..render.phu_luc_sheet import read_report_properties
from .xlsx_scan import MAIN_NS, RESAVE, Refused, SheetScan

#: Beyond these a workbook is no Phụ lục (see `xlsx_scan` for a worksheet's own limits).
MAX_SHARED_STRINGS = 100_000
MAX_XLSX_BYTES = 16 * 1024 * 1024
MAX_PART_BYTES = 8 * 1024 * 1024  # one part, uncompressed (a Phụ lục's sheet is about 100 KB)
MAX_PACKAGE_BYTES = 32 * 1024 * 1024  # all parts, uncompressed
MAX_PARTS = 1_000
MAX_ELEMENTS = 400_000  # XML elements of one part

_TOO_BIG = "một bảng Phụ lục không thể lớn như vậy (tệp bị hỏng, hoặc không phải bảng Phụ lục do cchc-docgen tạo ra)"
NOT_XLSX = "không đọc được tệp Excel .xlsx ({}); chỉ nhận tệp .xlsx"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORKSHEET, _SI, _SHEET_TAG, _CELL_XFS, _XF = (
    f"{MAIN_NS}}}{name}" for name in ("worksheet", "si", "sheet", "cellXfs", "xf")
)
_RELATIONSHIP = f"{_PKG_REL_NS}}}Relationship"
_R_ID = f"{_REL_NS}}}id"
_XML_PARTS = (".xml", ".rels")
_STRICT_NS = "http://purl.oclc.org/ooxml/"  # ISO 29500 Strict: openpyxl reads only transitional parts

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


def _size(count: int) -> str:
    """ "8 MB", "120 KB": a size as people read it."""
    if count >= 1024 * 1024:
        return f"{format_number(round(count / 1024 / 1024, 1))} MB"
    return f"{format_number(max(1, round(count / 1024)))} KB"


def _xml_problem(exc: expat.ExpatError) -> str:
    message = expat_errors.messages.get(exc.code, "") if exc.code else ""
    problem = _XML_PROBLEMS.get(message, "không phải XML hợp lệ")
    return f"{problem} (dòng {exc.lineno}, cột {exc.offset + 1} của phần này)"


class _PartScan:
    """Handlers for one XML part: counts its elements, refuses a DOCTYPE (no Excel part has one), and
    hands a worksheet to `SheetScan`, the shared strings to a counter, the workbook to the sheet names."""

    def __init__(self, package: XlsxPackage, part: str) -> None:
        self.package = package
        self.part = part
        self.elements = 0
        self.sheet: SheetScan | None = None
        self.strings = 0
        self.sheet_ids: dict[str, str] = {}  # the workbook's r:id → sheet name
        self.relations: dict[str, str] = {}  # a .rels part's Id → Target
        self.cell_styles: int | None = None  # the styles part's <cellXfs> (every <xf> after it is one of them)

    def too_many(self, what: str, limit: int) -> Refused:
        return Refused(
            error_at(
                self.package.path,
                None,
                f"tệp Excel có hơn {format_number(limit)} {what} ({self.package.part_name(self.part)}); {_TOO_BIG}",
            )
        )

    def doctype(self, *_args: object) -> None:
        where = self.package.part_name(self.part)
        raise Refused(error_at(self.package.path, None, f"tệp Excel bị hỏng: {where} có khai báo DOCTYPE; {RESAVE}"))

    def root(self, name: str, attrs: dict[str, str]) -> None:
        if name.startswith(_STRICT_NS):
            raise Refused(
                error_at(
                    self.package.path,
                    None,
                    "tệp Excel được lưu dạng 'Strict Open XML', dạng chương trình không đọc được; hãy mở tệp bằng"
                    " Excel, chọn Lưu thành… → 'Excel Workbook (*.xlsx)' rồi thử lại",
                )
            )
        if name == _WORKSHEET:
            self.sheet = SheetScan(self.package, self.part)
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
    """A workbook's parts, checked: sizes, well-formed XML, and each worksheet scanned (`SheetScan`).

    `damage` holds the problem of a worksheet (nothing can be read from it, but the document
    properties still can); any other problem is raised by `inspect_xlsx`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheets: dict[str, SheetScan] = {}  # by part name
        self.titles: dict[str, str] = {}  # part name → sheet name, where the workbook says
        self.strings = 0  # the shared strings
        self.styles: int | None = None  # the cell styles, where the workbook has a styles part
        self.damage: list[Diagnostic] = []

    def part_name(self, part: str) -> str:
        """ "trang 'PHỤ LỤC' (phần xl/worksheets/sheet1.xml)", or "phần docProps/core.xml"."""
        return f"trang '{self.titles[part]}' (phần {part})" if part in self.titles else f"phần {part}"

    def sheet(self, part: str | None, title: str) -> SheetScan | None:
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
    info = input_stat(path, "tệp Excel .xlsx")
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
        raise InputError(error_at(path, None, _not_a_workbook(path, exc))) from None
    try:
        with archive:
            _check_sizes(path, archive.infolist())
            _scan_parts(package, archive)
    except Refused as exc:
        raise InputError(exc.diagnostic) from None
    return package


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: Excel 97–2003, or any password-protected workbook
_RESAVE_XLSX = "hãy mở bằng Excel rồi lưu lại dạng 'Excel Workbook (*.xlsx)'"


def _not_a_workbook(path: Path, exc: Exception) -> str:
    """Why `path`, which no zip reader opens, is no .xlsx: what people send in its place."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b"PK"  # unreadable now: the generic message
    if not head:
        return "tệp rỗng (0 byte), không phải tệp Excel .xlsx"
    if head.startswith(_OLE):
        return (
            "tệp Excel có đặt mật khẩu, hoặc là tệp Excel 97-2003 (.xls): chương trình không đọc được; hãy mở bằng"
            " Excel, bỏ mật khẩu nếu có (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại dạng"
            " 'Excel Workbook (*.xlsx)'"
        )
    if head.startswith(b"%PDF-"):
        return "đây là tệp PDF, không phải tệp Excel .xlsx; hãy gửi tệp Phụ lục Excel .xlsx"
    if not head.startswith(b"PK"):
        try:
            head.decode("utf-8-sig")
        except UnicodeDecodeError as cut:
            text = cut.start >= len(head) - 3  # a character cut at the end of what was read
        else:
            text = True
        if text:
            return f"đây là tệp chữ (CSV, HTML, …) chứ không phải tệp Excel .xlsx; {_RESAVE_XLSX}"
    return NOT_XLSX.format(type(exc).__name__)


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


def _too_big(path: Path, message: str) -> Refused:
    return Refused(error_at(path, None, f"{message}; {_TOO_BIG}"))


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """The sizes the archive declares (zipfile never reads past them). An XML part is only bounded
    while it is read (`_scan_part`), so a sheet filled far past its table is named by its first cell
    past the limits rather than by its size."""
    if len(infos) > MAX_PARTS:
        raise _too_big(path, f"tệp Excel có {format_number(len(infos))} phần (giới hạn {format_number(MAX_PARTS)})")
    seen: set[str] = set()
    for info in infos:
        # Two parts of one name: programs differ on which they read (openpyxl the last, others the
        # first), so what is checked and imported could differ from what Excel shows.
        if info.filename in seen:
            raise Refused(
                error_at(path, None, f"tệp Excel bị hỏng: phần {info.filename} có hai lần trong tệp nén; {RESAVE}")
            )
        seen.add(info.filename)
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
        except Refused as exc:
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

    def damaged(what: str) -> Refused:
        where = package.part_name(info.filename)
        return Refused(error_at(package.path, None, f"tệp Excel bị hỏng: {where} {what}; {RESAVE}"))

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


def unreadable(path: Path, exc: Exception) -> Diagnostic:
    """A workbook the inspection passed (well-formed parts) that openpyxl still cannot load: a value it
    does not accept in the styles, the properties or the workbook part."""
    return error_at(path, None, f"tệp Excel bị hỏng, không đọc được ({type(exc).__name__}); {RESAVE}")


@contextmanager
def open_workbook_file(path: Path) -> Iterator[Any]:
    try:
        handle = path.open("rb")
    except OSError as exc:  # gone or locked since it was inspected
        raise read_failure(path, exc) from None
    with handle:
        yield handle


def read_properties(path: Path) -> dict[str, str]:
    """The workbook's ``cchc-docgen.*`` properties (`phu_luc_sheet.read_report_properties`), from a
    file closed whatever openpyxl makes of it; raise what openpyxl raises."""
    with quiet(), open_workbook_file(path) as handle:
        return read_report_properties(handle)


@contextmanager
def quiet() -> Iterator[None]:
    """openpyxl's warnings (a part it skips, a date out of range) are no business of the clerk."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
