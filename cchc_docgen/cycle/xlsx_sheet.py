"""The filled table of a Phụ lục workbook read and checked cell by cell, as `import` and `aggregate` read it."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter

from ..core.errors import CchcError, Diagnostic, InputError, error_at
from ..core.text_file import CONTROL
from ..core.vnformat import format_number, zero_padded
from ..forms import Form, Indicator, RowKind, available_forms, load_form_file
from ..render.phu_luc_sheet import (
    ID,
    ID_HEADER,
    ID_LETTER,
    JOINS,
    NOTE,
    VALUE,
    is_percent_format,
)
from ..report.derived import Number
from ..report.fields import MAX_NOTE, MAX_VALUE
from .xlsx_inspect import XlsxPackage, inspect_xlsx, open_workbook_file, quiet, unreadable
from .xlsx_scan import RESAVE, SheetScan

_VN_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$")


class _Cell(msgspec.Struct, frozen=True):
    value: Any
    formula: bool
    number_format: str
    address: str
    error_value: bool = False  # an error Excel shows in the cell (#REF!, #DIV/0!…), not typed text


class _Row(msgspec.Struct, frozen=True):
    row_id: str
    id_address: str
    value: _Cell
    note: _Cell


class Sheet:
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
        with quiet(), open_workbook_file(path) as handle:
            try:
                workbook = load_workbook(handle, read_only=True, data_only=True)
            except Exception as exc:  # openpyxl raises many kinds for parts the inspection cannot judge
                raise InputError(unreadable(path, exc)) from None
            try:
                found = self._find_table(workbook.worksheets, package)
            finally:
                workbook.close()
        if found is not None:
            self.title, self.table, self.header = found
            return
        raise InputError(
            error_at(
                path,
                None,
                f"không thấy cột mã chỉ tiêu ('{ID_HEADER}'); chỉ nhập được bảng Phụ lục do cchc-docgen tạo ra"
                f" (lệnh build hoặc appendix), không xóa cột ẩn {ID_LETTER}",
            )
        )

    def _find_table(
        self, sheets: Sequence[Any], package: XlsxPackage
    ) -> tuple[str, list[tuple[Any, _Cell, _Cell, Any]], int] | None:
        """(title, rows, header row) of the one sheet holding the table. A second sheet holding one
        too (a copy made in Excel, one of them edited) is refused: reading either could silently
        take the numbers the clerk did not mean."""
        found: tuple[str, list[tuple[Any, _Cell, _Cell, Any]], int] | None = None
        for sheet in sheets:
            self.title = str(sheet.title)
            table = self._read(sheet, package)
            header = next((n for n, row in enumerate(table, start=1) if row[3] == ID_HEADER), None)
            if header is None:
                continue
            if found is not None:
                raise InputError(
                    self.error(
                        f"{ID_LETTER}{header}",
                        f"tệp có hai trang bảng Phụ lục ('{found[0]}' và '{self.title}'); chỉ nhập được tệp có"
                        " một trang Phụ lục: hãy xóa trang thừa (hoặc chép số liệu vào một trang) rồi lưu lại",
                    )
                )
            found = (self.title, table, header)
        return found

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

    def _row(self, number: int, cells: Sequence[Any], scan: SheetScan) -> tuple[Any, _Cell, _Cell, Any]:
        def cell(column: int, with_format: bool) -> _Cell:
            found = cells[column - 1]
            address = f"{get_column_letter(column)}{number}"
            try:
                number_format = str(found.number_format or "") if with_format else ""
            except Exception as exc:  # a style index or number format the workbook does not have
                raise InputError(
                    self.error(address, f"ô bị hỏng: không đọc được định dạng của ô ({type(exc).__name__}); {RESAVE}")
                ) from None
            at = (number, column)
            return _Cell(found.value, at in scan.formulas, number_format, address, at in scan.error_values)

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
                elif note.error_value:
                    errors.append(self.error(note.address, error_value_message(note)))
                last = rows[-1]
                joined = f"{last.note.value or ''}{JOINS[row_id]}{note.value or ''}"
                rows[-1] = msgspec.structs.replace(last, note=msgspec.structs.replace(last.note, value=joined))
                continue
            rows.append(_Row(str(row_id).strip(), f"{ID_LETTER}{number}", value, note))
        return rows, errors


#: How Excel writes a control character in a cell's text (_x000B_: the line break of text pasted
#: from Word); openpyxl leaves it as typed.
_EXCEL_CONTROL = re.compile("_x(00[01][0-9A-Fa-f])_")


def _control(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


_UNCALCULATED = "ô có công thức nhưng chưa có giá trị tính sẵn; hãy mở bằng Excel, lưu lại rồi nhập lại"


def error_value_message(cell: _Cell) -> str:
    """What to say of a cell showing an Excel error (#REF!, #DIV/0!…) instead of a value."""
    what = "công thức của ô" if cell.formula else "ô"
    return (
        f"{what} báo lỗi {shown_text(str(cell.value))} chứ không có giá trị; hãy sửa công thức (hoặc gõ số, ghi chú)"
        " trong Excel, lưu lại rồi nhập lại"
    )


def refused_error_value(path: Path, sheet: str, cell: Any) -> InputError:
    """A table cell showing an Excel error (#REF!, #DIV/0!…) where a reader wants its text: refused at
    the cell (openpyxl gives the error's own text, which must not pass for something typed)."""
    message = f"ô báo lỗi {shown_text(str(cell.value))} chứ không có chữ; hãy sửa ô trong Excel, lưu lại"
    return InputError(error_at(f"{path}:{sheet}!{cell.coordinate}", None, message))


def shown_text(text: str, limit: int = 40) -> str:
    """`text` quoted for a message: cut at `limit` characters, characters a terminal would act on or
    hide (control, bidirectional and other format characters) written as <U+XXXX>."""
    clipped = text if len(text) <= limit else text[:limit] + "…"
    shown = "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf") else c for c in clipped)
    return f"'{shown}'"


def typed_with_leading_zero(cell: _Cell) -> bool:
    """Whether the clerk typed a count below 10 with its leading zero: "09" as text, or 9 in a cell
    whose number format shows "09" (the format the tool writes when the report prints "09")."""
    raw = cell.value
    if isinstance(raw, str):
        return zero_padded(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer() and 0 <= raw < 10:
        return cell.number_format.strip().startswith("00")
    return False


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


class Reader:
    """Turns the cells of each row into a value and a note, collecting every problem."""

    def __init__(self, sheet: Sheet) -> None:
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
        if cell.error_value:
            self.fail(cell, f"{what}: {error_value_message(cell)}")
            return None
        if isinstance(raw, bool):
            shown = "TRUE" if raw else "FALSE"
            self.fail(cell, f"{what}: ô chứa giá trị đúng/sai ({shown}) chứ không phải số")
            return None
        if isinstance(raw, (dt.date, dt.datetime, dt.time)):
            self.fail(cell, f"{what}: ô chứa '{raw}' chứ không phải số (Excel đã hiểu thành ngày giờ?)")
            return None
        if isinstance(raw, str):
            number = _number_text(raw)
            if number is None:
                self.fail(cell, f"{what}: ô chứa chữ {shown_text(raw)} chứ không phải số; để trống nếu không báo cáo")
                return None
        elif isinstance(raw, (int, float)):
            # Excel keeps 15 significant digits; what a formula leaves past them (46.000000000000007
            # for 46, 86.960000000000008) is binary noise Excel never shows, kept out of the report file.
            number = float(f"{float(raw):.15g}")
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
        if cell.error_value:
            self.fail(cell, f"{row.describe()}: {error_value_message(cell)}")
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = _EXCEL_CONTROL.sub(_control, str(raw).replace("_x000D_", ""))
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").strip()
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


def check_ids(sheet: Sheet, rows: list[_Row], form: Form, forms_dirs: Sequence[Path]) -> list[Diagnostic]:
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


def check_period(sheet: Sheet, title_pattern: str, period_name: str, report_path: Path) -> None:
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


def read_sheet_values(
    xlsx: Path, form: Form, forms_dirs: Sequence[Path] = (), package: XlsxPackage | None = None
) -> tuple[dict[str, tuple[Number | None, str | None, int]], list[Diagnostic]]:
    """Indicator id → (value, note, sheet row) of a filled Phụ lục sheet, every cell checked as `import`
    checks it; the problems are returned (each at its cell), never raised. Used by `aggregate`, which
    has inspected the file already (`package`)."""
    try:
        sheet = Sheet(xlsx, package)
    except InputError as exc:
        return {}, exc.diagnostics
    rows, errors = sheet.rows()
    errors += check_ids(sheet, rows, form, forms_dirs)
    reader = Reader(sheet)
    read = {}
    for r in rows:
        row = form.by_id.get(r.row_id)
        if row is not None:
            read[r.row_id] = (reader.value(row, r.value), reader.note(row, r.note), int(r.id_address[len(ID_LETTER) :]))
    return read, errors + reader.errors
