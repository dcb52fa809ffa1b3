"""`import`: values and notes of a Phụ lục sheet filled in Excel, written back into the report file.

The sheet is the one `build`/`appendix` writes (see `render/appendix_xlsx.py`): value in column D,
note in E, the indicator id in the hidden column F under the header `ID_HEADER`. Everything is
checked before anything is written; a problem names the sheet cell (`PHU-LUC.xlsx:Sheet!D42`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import msgspec
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ._atomic import write_text_atomic
from ._parse import MAX_VALUE, split_qualified
from ._roundtrip import CommentedMap, dump_roundtrip, load_roundtrip, newline_of
from .checks import Number
from .errors import CchcError, Diagnostic, InputError, error_at
from .forms import Form, Indicator, RowKind, available_forms, load_form_file
from .render.appendix_xlsx import ID_HEADER, JOINS
from .report import analyze
from .vnformat import format_number

__all__ = ["Change", "import_appendix", "read_sheet_values"]

_VALUE, _NOTE, _ID = 4, 5, 6  # columns D, E, F
_TOLERANCE = 0.005 + 1e-9
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
        if not _same(self.old_value, self.new_value):
            out.append(f"{who}: {_shown(self.old_value)} → {_shown(self.new_value)}")
        if self.old_note != self.new_note:
            out.append(f"{who}: ghi chú {_quoted(self.old_note)} → {_quoted(self.new_note)}")
        return out


def _shown(value: Number | None) -> str:
    return "trống" if value is None else format_number(value)


def _quoted(note: str | None) -> str:
    return "trống" if note is None else '"' + note.replace("\n", " ↵ ") + '"'


def _same(a: Number | None, b: Number | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= _TOLERANCE


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
    """The filled table of one workbook, located by its hidden id column."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            values = load_workbook(path, data_only=True)
            formulas = load_workbook(path, data_only=False)
        except FileNotFoundError:
            raise InputError(error_at(path, None, "không tìm thấy tệp")) from None
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise InputError(
                error_at(path, None, f"không đọc được tệp Excel .xlsx ({type(exc).__name__}); chỉ nhận tệp .xlsx")
            ) from None
        for sheet in values.worksheets:
            header = self._header_row(sheet)
            if header is not None:
                self.sheet, self.header = sheet, header
                self.formula_sheet = formulas[sheet.title]
                return
        raise InputError(
            error_at(
                path,
                None,
                f"không thấy cột mã chỉ tiêu ('{ID_HEADER}'); chỉ nhập được bảng Phụ lục do cchc-docgen tạo ra"
                " (lệnh build hoặc appendix), không xóa cột ẩn F",
            )
        )

    @staticmethod
    def _header_row(sheet: Worksheet) -> int | None:
        for (cell,) in sheet.iter_rows(min_col=_ID, max_col=_ID):
            if cell.value == ID_HEADER:
                return int(cell.row)
        return None

    def title_lines(self) -> list[tuple[str, str]]:
        """(cell, text) of the lines above the table: heading, title, "(Kèm theo …)"."""
        found = []
        for row in range(1, self.header):
            value = self.sheet.cell(row=row, column=1).value
            if isinstance(value, str) and value.strip():
                found.append((f"A{row}", value.strip()))
        return found

    def where(self, address: str) -> str:
        return f"{self.path}:{self.sheet.title}!{address}"

    def error(self, address: str, message: str) -> Diagnostic:
        return error_at(self.where(address), None, message)

    def cell(self, row: int, column: int) -> _Cell:
        cell = self.sheet.cell(row=row, column=column)
        raw = self.formula_sheet.cell(row=row, column=column).value
        return _Cell(
            cell.value,
            isinstance(raw, str) and raw.startswith("="),
            str(cell.number_format or ""),
            str(cell.coordinate),
        )

    def rows(self) -> tuple[list[_Row], list[Diagnostic]]:
        rows: list[_Row] = []
        errors = []
        for row in range(self.header + 1, self.sheet.max_row + 1):
            row_id = self.sheet.cell(row=row, column=_ID).value
            value, note = self.cell(row, _VALUE), self.cell(row, _NOTE)
            if row_id in (None, "") and not rows:
                continue  # the rest of the header (a second row under "Kết quả thống kê")
            if row_id in (None, ""):
                if _filled(value.value) or _filled(note.value):
                    errors.append(
                        self.error(
                            value.address if _filled(value.value) else note.address,
                            "dòng này không có mã chỉ tiêu (cột F ẩn); không thêm dòng mới vào bảng Phụ lục",
                        )
                    )
                continue
            if row_id in JOINS and rows:  # a long note continued on the rows below its indicator
                last = rows[-1]
                joined = f"{last.note.value or ''}{JOINS[row_id]}{note.value or ''}"
                rows[-1] = msgspec.structs.replace(last, note=msgspec.structs.replace(last.note, value=joined))
                continue
            rows.append(_Row(str(row_id).strip(), f"F{row}", value, note))
        return rows, errors


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _is_percent_format(number_format: str) -> bool:
    """A real percent format ("0.00%"), not the literal "%" sign of `General"%"`."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in unquoted


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
            self.fail(cell, "ô có công thức nhưng chưa có giá trị tính sẵn; hãy mở bằng Excel, lưu lại rồi nhập lại")
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
            if row.kind is RowKind.PERCENT and _is_percent_format(cell.number_format):
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

    def note(self, cell: _Cell) -> str | None:
        raw = cell.value
        if not _filled(raw):
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = str(raw).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
        return text.strip() or None


def _check_ids(sheet: _Sheet, rows: list[_Row], form: Form, forms_dirs: Sequence[Path]) -> list[Diagnostic]:
    """The sheet must list exactly the form's indicators (ids are what ties a cell to a row)."""
    header = f"F{sheet.header}"
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
                    f"mã chỉ tiêu '{row.row_id}' không có trong biểu mẫu {form.id}; cột F (ẩn) không được sửa",
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


def _derived(row: Indicator, typed: dict[str, Number | None]) -> Number | None:
    """The value the form computes for `row` from typed values (as `checks.AppendixChecker` does)."""
    rule = row.derive
    if rule is None:
        return None
    sources = [typed.get(s) for s in rule.sources]
    if any(v is None for v in sources):
        return None
    numbers = [v for v in sources if v is not None]
    if rule.kind == "ratio":
        return round(numbers[0] / numbers[1] * 100, 2) if numbers[1] else None
    return sum(numbers)


def import_appendix(xlsx: Path, report_path: Path, forms_dirs: Sequence[Path] = ()) -> list[Change]:
    """Read the filled sheet `xlsx` into `report_path` (values and notes); return what changed.

    Raise InputError with every problem, each at its cell, before anything is written.
    """
    analysis = analyze(report_path, forms_dirs)
    if analysis.report is None or analysis.form is None:
        raise InputError([d for d in analysis.diagnostics if d.is_error])
    report, form = analysis.report, analysis.form
    sheet = _Sheet(xlsx)
    rows, errors = sheet.rows()
    errors += _check_ids(sheet, rows, form, forms_dirs)
    if errors:
        raise InputError(errors)
    _check_period(sheet, report.appendix.title or form.title, report.period.name, report_path)
    reader = _Reader(sheet)
    read = {
        r.row_id: (form.by_id[r.row_id], reader.value(form.by_id[r.row_id], r.value), reader.note(r.note)) for r in rows
    }
    if reader.errors:
        raise InputError(reader.errors)
    old_typed = {row_id: rv.typed for row_id, rv in analysis.values.items()}
    new_typed = dict(old_typed)
    for row_id, (_row, value, _note) in read.items():
        shown = analysis.values[row_id].value  # what build printed in the cell
        if not _same(value, shown):
            new_typed[row_id] = value
    changes = []
    for row_id, (row, _value, note) in read.items():
        if row.derive is not None and old_typed[row_id] is None and _same(new_typed[row_id], _derived(row, new_typed)):
            new_typed[row_id] = None  # the clerk wrote what the form computes anyway: keep it computed
        entry = report.appendix.values.get(row_id)
        old_note = entry.note.strip() if entry and entry.note and entry.note.strip() else None
        if not _same(old_typed[row_id], new_typed[row_id]) or old_note != note:
            changes.append(Change(row, old_typed[row_id], new_typed[row_id], old_note, note))
    if changes:
        data = load_roundtrip(report_path)
        _apply(data, form, changes)
        write_text_atomic(report_path, dump_roundtrip(data, newline_of(report_path)))
    return changes


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
    xlsx: Path, form: Form, forms_dirs: Sequence[Path] = ()
) -> tuple[dict[str, tuple[Number | None, str | None, int]], list[Diagnostic]]:
    """Indicator id → (value, note, sheet row) of a filled Phụ lục sheet, every cell checked as `import`
    checks it; the problems are returned (each at its cell), never raised. Used by `aggregate`."""
    try:
        sheet = _Sheet(xlsx)
    except InputError as exc:
        return {}, exc.diagnostics
    rows, errors = sheet.rows()
    errors += _check_ids(sheet, rows, form, forms_dirs)
    reader = _Reader(sheet)
    read = {
        r.row_id: (reader.value(form.by_id[r.row_id], r.value), reader.note(r.note), int(r.id_address[1:]))
        for r in rows
        if r.row_id in form.by_id
    }
    return read, errors + reader.errors
