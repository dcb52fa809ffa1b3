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

from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.errors import Diagnostic
from ..core.vnformat import format_number, short_date
from ..forms import RowKind
from ..render.phu_luc_sheet import ID_HEADER, number_format
from ..render.xlsx_book import (
    TABLE_PT,
    TITLE_PT,
    CellStyles,
    add_sheet,
    put_text,
    saved,
    set_height,
    set_print_setup,
    set_width,
)
from ..render.xlsx_sizes import MAX_ROW_HEIGHT, height, lines, lines_height
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

    def write(workbook: Workbook) -> None:
        styles = CellStyles(workbook)
        _write_totals(add_sheet(workbook, TOTALS_SHEET), styles, compilation)
        _write_agencies(add_sheet(workbook, AGENCY_SHEET), styles, compilation)

    saved(target, _title(compilation), write)


def _title(compilation: Compilation) -> str:
    return f"TỔNG HỢP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH {compilation.period.name} - {compilation.province}".upper()


def _summary(compilation: Compilation) -> str:
    """ "Tổng hợp 20 cơ quan, đơn vị: đã nộp 18, bản dự thảo 1, có lỗi 1, chưa nộp 2"."""
    parts = [f"{state.value} {compilation.count(state)}" for state in State if compilation.count(state)]
    return f"Biểu mẫu: {compilation.form.name}. {len(compilation.agencies)} cơ quan, đơn vị: {', '.join(parts)}"


def _write_titles(
    sheet: Worksheet, styles: CellStyles, lines_: list[tuple[str, bool]], last_column: int, width: float
) -> None:
    for row, (text, bold) in enumerate(lines_, start=1):
        style = styles.get(size=TITLE_PT, bold=bold, italic=not bold, align="center")
        sheet.merge_range(row - 1, 0, row - 1, last_column - 1, "", style)
        put_text(sheet, row, 1, text, style)
        set_height(sheet, row, height([(text, width)], TITLE_PT))


def _write_header(sheet: Worksheet, styles: CellStyles, headings: list[str] | tuple[str, ...]) -> None:
    for column, heading in enumerate(headings, start=1):
        put_text(sheet, HEADER_ROW, column, heading, styles.get(bold=True, align="center", border=True))


def _write_totals(sheet: Worksheet, styles: CellStyles, compilation: Compilation) -> None:
    form = compilation.form
    columns = compilation.columns
    total_col = len(_FIXED) + len(columns) + 1
    note_col, id_col = total_col + 1, total_col + 2
    widths = [*_FIXED, *(_AGENCY_WIDTH for _ in columns), _TOTAL_WIDTH, _NOTE_WIDTH]
    for column, width in enumerate(widths, start=1):
        set_width(sheet, column, width)
    set_width(sheet, id_col, _ID_WIDTH, hidden=True)
    _write_titles(
        sheet,
        styles,
        [(_title(compilation), True), (_summary(compilation), False)],
        note_col,
        min(sum(widths), 140.0),
    )
    headings = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", *(a.short_name for a in columns), TOTAL_HEADER, NOTE_HEADER]
    _write_header(sheet, styles, headings)
    set_height(sheet, HEADER_ROW, height(list(zip(headings, widths, strict=True)), TABLE_PT))
    put_text(sheet, HEADER_ROW, id_col, ID_HEADER, styles.get(bold=True))
    first = HEADER_ROW + 1
    for row, indicator in enumerate(form.rows, start=first):
        total = compilation.totals[indicator.id]
        section = indicator.kind is RowKind.SECTION
        texts = [indicator.stt, indicator.label, indicator.unit.replace("; ", ";\n")]
        for column, text in enumerate(texts, start=1):
            style = styles.get(bold=section and column <= 2, align="left" if column == 2 else "center", border=True)
            put_text(sheet, row, column, text, style)
        for column, agency in enumerate(columns, start=len(texts) + 1):
            value = None if section else agency.values.get(indicator.id)
            style = styles.get(
                align="center", border=True, number_format="General" if section else number_format(indicator, value)
            )
            if value is None:
                put_text(sheet, row, column, None, style)
            else:
                sheet.write_number(row - 1, column - 1, value, style)
        total_text = _write_total(sheet, styles, row, total_col, total)
        put_text(sheet, row, note_col, total.note(), styles.get(align="left", border=True))
        put_text(sheet, row, id_col, indicator.id)
        count = max(
            lines(texts[1], _FIXED[1], TABLE_PT),
            lines(texts[2], _FIXED[2], TABLE_PT),
            lines(total_text, _TOTAL_WIDTH, TABLE_PT),
            lines(total.note(), _NOTE_WIDTH, TABLE_PT),
        )
        set_height(sheet, row, min(lines_height(count), MAX_ROW_HEIGHT))
    last = first + len(form.rows) - 1
    sheet.freeze_panes(first - 1, len(_FIXED))
    pages_wide = max(1, -(-len(columns) // AGENCIES_PER_PAGE))
    set_print_setup(sheet, True, (HEADER_ROW, HEADER_ROW), last, note_col, pages_wide)
    sheet.repeat_columns(0, len(_FIXED) - 1)


def _write_total(sheet: Worksheet, styles: CellStyles, row: int, column: int, total: RowTotal) -> str:
    """The Tổng cell: a number, or the code counts as text lines; returns the text shown for sizing."""
    indicator = total.indicator
    if indicator.kind is RowKind.CODED:
        text = "\n".join(total.code_lines())
        put_text(sheet, row, column, text, styles.get(bold=True, align="top-left", border=True))
        return text
    if indicator.kind is RowKind.SECTION or total.total is None:
        put_text(sheet, row, column, None, styles.get(bold=True, align="center", border=True, number_format="General"))
        return ""
    style = styles.get(bold=True, align="center", border=True, number_format=number_format(indicator, total.total))
    sheet.write_number(row - 1, column - 1, total.total, style)
    return format_number(total.total)


def _write_agencies(sheet: Worksheet, styles: CellStyles, compilation: Compilation) -> None:
    for column, width in enumerate(_STATUS_WIDTHS, start=1):
        set_width(sheet, column, width)
    _write_titles(
        sheet,
        styles,
        [
            (f"TÌNH TRẠNG NỘP BÁO CÁO CCHC {compilation.period.name} - {compilation.province}".upper(), True),
            (_summary(compilation), False),
        ],
        len(_STATUS_HEADERS),
        sum(_STATUS_WIDTHS),
    )
    _write_header(sheet, styles, _STATUS_HEADERS)
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
            bold = column == 7 and agency.state is not State.SUBMITTED
            left = column in (2, 3, 6, 8, 9)
            put_text(sheet, row, column, text, styles.get(bold=bold, align="left" if left else "center", border=True))
        count = max(lines(t, w, TABLE_PT) for t, w in zip(texts, _STATUS_WIDTHS, strict=True))
        set_height(sheet, row, min(lines_height(count), MAX_ROW_HEIGHT))
    last = HEADER_ROW + max(1, len(compilation.agencies))
    sheet.freeze_panes(HEADER_ROW, 0)
    set_print_setup(sheet, True, (HEADER_ROW, HEADER_ROW), last, len(_STATUS_HEADERS))


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
