"""The province compilation workbook: one column per agency and a "Tổng" column; the agencies' states.

Sheet "Tổng hợp": rows 1–2 title lines; row 4 the header; one row per form row: A STT, B label,
C unit, one column per agency counted (its short name), then "Tổng", "Ghi chú tổng hợp", and the
indicator id in a hidden last column (outside the print area), as in the Phụ lục. Values are numbers
with the Phụ lục's number formats; blank stays blank (never 0). "Tổng": counts summed; ratios
recomputed from the summed numerator and denominator; code rows as "Có: 18/20 đơn vị" lines (text).

Sheet "Tình trạng nộp": each agency with its document number, date, signer, state, file and, for
an agency "có lỗi", its first errors.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core.errors import Diagnostic
from ..core.vnformat import format_number, short_date
from ..forms import RowKind
from ..render.appendix_xlsx import (
    _BORDER,
    _CENTER,
    _LEFT,
    _TOP_LEFT,
    MAX_ROW_HEIGHT,
    TABLE_PT,
    TITLE_PT,
    _font,
    _height,
    _line_height,
    _lines,
    _put_text,
    _set_print_setup,
    _use_times_new_roman_by_default,
)
from ..render.phu_luc_sheet import ID_HEADER, number_format
from .compile import Compilation, RowTotal, State, Submission

__all__ = ["AGENCY_SHEET", "TOTALS_SHEET", "TOTAL_HEADER", "render_compilation_xlsx"]

TOTALS_SHEET = "Tổng hợp"
AGENCY_SHEET = "Tình trạng nộp"
TOTAL_HEADER = "Tổng"
NOTE_HEADER = "Ghi chú tổng hợp"
HEADER_ROW = 4
#: Widths in character units: STT, label, unit, each agency, Tổng, note; the hidden id column.
_FIXED = (6.0, 40.0, 12.0)
_AGENCY_WIDTH = 11.0
_TOTAL_WIDTH = 22.0
_NOTE_WIDTH = 20.0
_ID_WIDTH = 24.0
#: Agency columns printed side by side on one landscape page; more continue on the next page
#: with STT, label and unit repeated.
AGENCIES_PER_PAGE = 10
_STATUS_HEADERS = (
    "STT",
    "Cơ quan, đơn vị",
    "Tên cột",
    "Số văn bản",
    "Ngày",
    "Người ký",
    "Tình trạng",
    "Tệp",
    "Ghi chú",
)
_STATUS_WIDTHS = (5.0, 30.0, 14.0, 18.0, 10.0, 16.0, 12.0, 16.0, 30.0)
#: Errors of an agency "có lỗi" shown in its row; the command prints them all.
SHOWN_ERRORS = 3


def render_compilation_xlsx(compilation: Compilation, target: Path) -> None:
    """Write the compilation workbook to `target` (.xlsx)."""
    workbook = Workbook()
    _use_times_new_roman_by_default(workbook)
    workbook.properties.creator = "cchc-docgen"
    workbook.properties.title = _title(compilation)
    totals = workbook.active
    assert totals is not None
    totals.title = TOTALS_SHEET
    _write_totals(totals, compilation)
    _write_agencies(workbook.create_sheet(AGENCY_SHEET), compilation)
    workbook.save(str(target))


def _title(compilation: Compilation) -> str:
    return f"TỔNG HỢP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH {compilation.period.name} - {compilation.province}".upper()


def _summary(compilation: Compilation) -> str:
    """ "Tổng hợp 20 cơ quan, đơn vị: đã nộp 18, bản dự thảo 1, có lỗi 1, chưa nộp 2"."""
    parts = [f"{state.value} {compilation.count(state)}" for state in State if compilation.count(state)]
    return f"Biểu mẫu: {compilation.form.name}. {len(compilation.agencies)} cơ quan, đơn vị: {', '.join(parts)}"


def _write_titles(sheet: Worksheet, lines: list[tuple[str, bool]], last_column: int, width: float) -> None:
    for row, (text, bold) in enumerate(lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
        cell = _put_text(sheet, row, 1, text)
        cell.font = _font(TITLE_PT, bold=bold, italic=not bold)
        cell.alignment = _CENTER
        sheet.row_dimensions[row].height = _height([(text, width)], TITLE_PT)


_PLAIN = _font()
_BOLD = _font(bold=True)


class _Styler:
    """Bordered table cells styled from a few prototypes. Assigning a Font or Alignment makes openpyxl
    hash the style objects each time (seconds for 100 agencies × 200 rows); copying a finished style
    array (openpyxl's own representation of a cell's style) is what it does when copying cells."""

    def __init__(self) -> None:
        self.done: dict[tuple[int, int, str], Any] = {}

    def apply(self, cell: Cell, font: Font, alignment: Alignment, number_format: str = "General") -> None:
        key = (id(font), id(alignment), number_format)
        style = self.done.get(key)
        if style is None:
            cell.font, cell.alignment, cell.border = font, alignment, _BORDER
            cell.number_format = number_format
            self.done[key] = copy(cell._style)
        else:
            cell._style = copy(style)


def _write_totals(sheet: Worksheet, compilation: Compilation) -> None:
    form = compilation.form
    columns = compilation.columns
    total_col = len(_FIXED) + len(columns) + 1
    note_col, id_col = total_col + 1, total_col + 2
    widths = [*_FIXED, *(_AGENCY_WIDTH for _ in columns), _TOTAL_WIDTH, _NOTE_WIDTH]
    for index, width in enumerate([*widths, _ID_WIDTH], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions[get_column_letter(id_col)].hidden = True
    _write_titles(
        sheet,
        [(_title(compilation), True), (_summary(compilation), False)],
        note_col,
        min(sum(widths), 140.0),
    )
    headings = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", *(a.short_name for a in columns), TOTAL_HEADER, NOTE_HEADER]
    for column, heading in enumerate(headings, start=1):
        cell = _put_text(sheet, HEADER_ROW, column, heading)
        cell.font = _font(bold=True)
        cell.alignment = _CENTER
        cell.border = _BORDER
    sheet.row_dimensions[HEADER_ROW].height = _height(list(zip(headings, widths, strict=True)), TABLE_PT)
    sheet.cell(row=HEADER_ROW, column=id_col, value=ID_HEADER).font = _font(bold=True)
    first = HEADER_ROW + 1
    styler = _Styler()
    for row, indicator in enumerate(form.rows, start=first):
        total = compilation.totals[indicator.id]
        section = indicator.kind is RowKind.SECTION
        texts = [indicator.stt, indicator.label, indicator.unit.replace("; ", ";\n")]
        for column, text in enumerate(texts, start=1):
            font = _BOLD if section and column <= 2 else _PLAIN
            styler.apply(_put_text(sheet, row, column, text), font, _LEFT if column == 2 else _CENTER)
        for column, agency in enumerate(columns, start=len(texts) + 1):
            cell = sheet.cell(row=row, column=column)
            value = None if section else agency.values.get(indicator.id)
            cell.value = value
            styler.apply(cell, _PLAIN, _CENTER, "General" if section else number_format(indicator, value))
        total_text = _write_total(sheet.cell(row=row, column=total_col), total, styler)
        styler.apply(_put_text(sheet, row, note_col, total.note()), _PLAIN, _LEFT)
        sheet.cell(row=row, column=id_col, value=indicator.id)
        lines = max(
            _lines(texts[1], _FIXED[1], TABLE_PT),
            _lines(texts[2], _FIXED[2], TABLE_PT),
            _lines(total_text, _TOTAL_WIDTH, TABLE_PT),
            _lines(total.note(), _NOTE_WIDTH, TABLE_PT),
        )
        sheet.row_dimensions[row].height = min(_line_height(TABLE_PT) * lines + 3, MAX_ROW_HEIGHT)
    last = first + len(form.rows) - 1
    sheet.freeze_panes = sheet.cell(row=first, column=len(_FIXED) + 1).coordinate
    _set_print_setup(sheet, landscape=True, header_rows=(HEADER_ROW, HEADER_ROW), last_row=last)
    sheet.print_area = f"A1:{get_column_letter(note_col)}{last}"
    sheet.print_title_cols = f"A:{get_column_letter(len(_FIXED))}"
    sheet.page_setup.fitToWidth = max(1, -(-len(columns) // AGENCIES_PER_PAGE))


def _write_total(cell: Cell, total: RowTotal, styler: _Styler) -> str:
    """The Tổng cell: a number, or the code counts as text lines; returns the text shown for sizing."""
    indicator = total.indicator
    if indicator.kind is RowKind.CODED:
        text = "\n".join(total.code_lines())
        cell.value = text
        cell.data_type = "s"
        styler.apply(cell, _BOLD, _TOP_LEFT)
        return text
    if indicator.kind is RowKind.SECTION or total.total is None:
        styler.apply(cell, _BOLD, _CENTER)
        return ""
    cell.value = total.total
    styler.apply(cell, _BOLD, _CENTER, number_format(indicator, total.total))
    return format_number(total.total)


def _write_agencies(sheet: Worksheet, compilation: Compilation) -> None:
    for index, width in enumerate(_STATUS_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _write_titles(
        sheet,
        [
            (f"TÌNH TRẠNG NỘP BÁO CÁO CCHC {compilation.period.name} - {compilation.province}".upper(), True),
            (_summary(compilation), False),
        ],
        len(_STATUS_HEADERS),
        sum(_STATUS_WIDTHS),
    )
    for column, heading in enumerate(_STATUS_HEADERS, start=1):
        cell = _put_text(sheet, HEADER_ROW, column, heading)
        cell.font = _font(bold=True)
        cell.alignment = _CENTER
        cell.border = _BORDER
    for number, agency in enumerate(compilation.agencies, start=1):
        row = HEADER_ROW + number
        date = ""
        if agency.date is not None:
            full = agency.date.as_date()
            date = short_date(full) if full else ""
        texts = (
            str(number),
            agency.name,
            agency.short_name if agency.state.counted else "",
            agency.document_code,
            date,
            agency.signer,
            agency.state.value,
            agency.path.name if agency.path else "",
            _errors_text(agency),
        )
        for column, text in enumerate(texts, start=1):
            cell = _put_text(sheet, row, column, text)
            cell.font = _font(bold=column == 7 and agency.state is not State.SUBMITTED)
            cell.alignment = _LEFT if column in (2, 3, 6, 8, 9) else _CENTER
            cell.border = _BORDER
        lines = max(_lines(t, w, TABLE_PT) for t, w in zip(texts, _STATUS_WIDTHS, strict=True))
        sheet.row_dimensions[row].height = min(_line_height(TABLE_PT) * lines + 3, MAX_ROW_HEIGHT)
    last = HEADER_ROW + max(1, len(compilation.agencies))
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _set_print_setup(sheet, landscape=True, header_rows=(HEADER_ROW, HEADER_ROW), last_row=last)
    sheet.print_area = f"A1:{get_column_letter(len(_STATUS_HEADERS))}{last}"


def _errors_text(agency: Submission) -> str:
    """ "2 lỗi: dòng 27: …" for an agency "có lỗi" ("ô D42: …" in a Phụ lục XLSX)."""
    errors = [d for d in agency.diagnostics if d.is_error]
    if agency.state is not State.ERROR or not errors:
        return ""
    shown = [f"{_where(d)}{d.message}" for d in errors[:SHOWN_ERRORS]]
    more = [f"… và {len(errors) - SHOWN_ERRORS} lỗi khác"] if len(errors) > SHOWN_ERRORS else []
    return f"{len(errors)} lỗi:\n" + "\n".join(shown + more)


def _where(diagnostic: Diagnostic) -> str:
    """ "dòng 27: " of a YAML file, "ô D42: " of a sheet ("tệp.xlsx:Trang!D42"), or nothing."""
    if diagnostic.line:
        return f"dòng {diagnostic.line}: "
    _, bang, cell = diagnostic.file.rpartition("!")
    return f"ô {cell}: " if bang else ""
