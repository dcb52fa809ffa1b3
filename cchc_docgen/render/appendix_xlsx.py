"""The Phụ lục as a spreadsheet: the same title lines and table, numbers kept as numbers.

The layout of the sheet, which `import` and `aggregate` read back, is in `phu_luc_sheet.py`.

Values are numbers with a number format, never text, so Excel can sum them and a filled sheet can be
read back exactly. Percent rows hold the percentage itself (86.96 for 86,96 %, the number the report
file and the BÁO CÁO use) with the format `General"%"` (86 → "86%", 86.96 → "86,96%"; no trailing
separator as "0.##" would print for whole numbers); counts use "#,##0", codes "0", other decimals
"#,##0.00". The viewer's locale prints the separators ("5.380", "86,96%" in Vietnamese).
Blank values are empty cells. Coded rows carry a dropdown of their codes; count and percent rows
a validation (whole number ≥ 0; 0–100).
"""

from __future__ import annotations

import functools
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..forms import Form, RowKind
from ..report.analysis import CheckedReport
from ..report.refs import inline_runs, plain_text
from ..report.wording import attachment_line
from ._appendix_layout import column_shares, header_cells, is_bold, split_note, value_text
from .file_properties import author, written_at
from .phu_luc_sheet import (
    CONTINUED,
    ID,
    ID_HEADER,
    LABEL,
    NOTE,
    PRINTED,
    VALUE,
    Validations,
    number_format,
    write_report_properties,
)
from .xlsx_book import (
    TABLE_PT,
    TITLE_PT,
    Alignment,
    CellStyles,
    Edge,
    add_sheet,
    put_text,
    saved,
    set_height,
    set_print_setup,
    set_width,
)
from .xlsx_sizes import (
    MAX_ROW_HEIGHT,
    NOTE_LINES,
    PADDING_PT,
    POINTS_PER_UNIT,
    height,
    line_height,
    lines,
    lines_height,
    note_lines,
    row_height,
)

__all__ = ["MAX_ROW_HEIGHT", "render_appendix_xlsx"]

_PADDING_PT = PADDING_PT
_POINTS_PER_UNIT = POINTS_PER_UNIT
#: Column widths in character units (A, B, C, D, E), each filling the A4 text width (16.5 cm
#: portrait, 25.2 cm landscape) at 100 %; the label column widest, then the note column.
#: A unit is the digit width of the Normal font, Times New Roman 12 (8 px = 6 pt; Excel adds 5 px).
_WIDTHS = {
    "portrait": (6.0, 27.0, 11.0, 9.0, 22.0),
    "landscape": (7.0, 42.0, 14.0, 11.0, 42.0),
}
_ID_WIDTH = 24.0


def render_appendix_xlsx(checked: CheckedReport, target: Path) -> None:
    """Write the Phụ lục of `checked` to `target` (.xlsx): one sheet, print-ready."""
    report = checked.report
    write = functools.partial(_write_workbook, checked=checked)
    saved(target, checked.appendix_title(), write, author(report), written_at(report))


def _write_workbook(workbook: Workbook, checked: CheckedReport) -> None:
    form = checked.appendix_form
    write_report_properties(workbook, checked.report, form.version)
    sheet = add_sheet(workbook, _sheet_title(checked.appendix_heading() or checked.appendix_title()))
    styles = CellStyles(workbook)
    total = sum(_WIDTHS[form.orientation])
    shown = [value_text(value, checked.leading_zero) for value in checked.values.values()]
    shares = column_shares(form, TABLE_PT, total * POINTS_PER_UNIT, PADDING_PT, shown)
    widths = [round(total * share, 1) for share in shares]
    for column, width in enumerate(widths, start=1):
        set_width(sheet, column, width)
    set_width(sheet, ID, _ID_WIDTH, hidden=True)
    header = _write_title_block(sheet, styles, checked, sum(widths)) + 1
    first_data = _write_header(sheet, styles, form, header, widths)
    last = _write_rows(sheet, styles, checked, first_data, widths)
    # Frozen just below the header, whatever the title block's height, so headings stay in view.
    sheet.freeze_panes(first_data - 1, 0)
    set_print_setup(sheet, form.orientation == "landscape", (header, first_data - 1), last, PRINTED)


def _sheet_title(heading: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, no apostrophe at either
    end, not "History" (a name Excel keeps for itself)."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in heading).strip()[:31].strip("'")
    return cleaned if cleaned.strip() and cleaned.casefold() != "history" else "Phụ lục"


def _write_title_block(sheet: Worksheet, styles: CellStyles, checked: CheckedReport, total_width: float) -> int:
    """Heading (when the form has one), title and attachment line; return the last row written."""
    heading = checked.appendix_heading()
    bold, italic = (
        styles.get(size=TITLE_PT, bold=True, align="center"),
        styles.get(size=TITLE_PT, italic=True, align="center"),
    )
    lines_ = (
        *([(heading, bold)] if heading else []),
        (checked.appendix_title(), bold),
        (attachment_line(checked.report, checked.attachment_words()), italic),
    )
    for row, (text, style) in enumerate(lines_, start=1):
        sheet.merge_range(row - 1, 0, row - 1, PRINTED - 1, "", style)
        put_text(sheet, row, 1, text, style)
        set_height(sheet, row, height([(text, total_width)], TITLE_PT))
    return len(lines_) + 1  # and a blank row before the table


def _write_header(sheet: Worksheet, styles: CellStyles, form: Form, start: int, widths: list[float]) -> int:
    """Write the header row(s) from row `start` as the form arranges them; return the first data row."""
    rows, headings = header_cells(form.columns)
    style = styles.get(bold=True, align="center", border=True)
    for offset in range(rows):
        for column in range(1, PRINTED + 1):
            put_text(sheet, start + offset, column, None, style)
    needed = [0.0] * rows
    for heading in headings:
        row, column = start + heading.row, heading.column + 1
        if heading.rowspan > 1 or heading.colspan > 1:
            last_row, last_column = row + heading.rowspan - 1, column + heading.colspan - 1
            sheet.merge_range(row - 1, column - 1, last_row - 1, last_column - 1, "", style)
        runs = [run for run in inline_runs(heading.text) if run.text]
        if len(runs) > 1 and any(run.italic for run in runs):
            fragments = [part for run in runs for part in (styles.get(bold=True, italic=run.italic), run.text)]
            sheet.write_rich_string(row - 1, column - 1, *fragments, style)
        elif runs and all(run.italic for run in runs):
            put_text(
                sheet,
                row,
                column,
                plain_text(heading.text),
                styles.get(bold=True, italic=True, align="center", border=True),
            )
        else:
            put_text(sheet, row, column, heading.text, style)
        width = sum(widths[heading.column : heading.column + heading.colspan])
        needed_height = height([(plain_text(heading.text), width)], TABLE_PT)
        last = heading.row + heading.rowspan - 1
        needed[last] = max(needed[last], needed_height - sum(needed[heading.row : last]))
    for offset, row_needs in enumerate(needed):
        set_height(sheet, start + offset, max(row_needs, line_height(TABLE_PT) + 4))
    put_text(sheet, start, ID, ID_HEADER, styles.get(bold=True))
    return start + rows


def _write_rows(sheet: Worksheet, styles: CellStyles, checked: CheckedReport, first: int, widths: list[float]) -> int:
    """One or more sheet rows per form row; return the last row written."""
    form = checked.appendix_form
    validations = Validations(sheet)
    note_width = widths[NOTE - 1]
    row = first
    for indicator in form.rows:
        value = checked.values[indicator.id]
        bold = is_bold(form, indicator)
        fixed = (indicator.stt, indicator.label, indicator.unit.replace("; ", ";\n"))
        shown = value_text(value, checked.leading_zero)
        chunks, heights = _note_rows(value.note or "", note_width)
        span = len(chunks)
        for offset, (separator, text) in enumerate(chunks):
            # The pieces of a long note read as one cell: no line between them, as in the merged cells beside.
            edges: tuple[Edge, ...] = (*(("top",) if offset > 0 else ()), *(("bottom",) if offset < span - 1 else ()))
            style = styles.get(align=_align(True, span > 1), border=True, open_edges=edges)
            put_text(sheet, row + offset, NOTE, text, style)
            put_text(sheet, row + offset, ID, indicator.id if offset == 0 else CONTINUED[separator])
        # Merged down over the continuation rows: at the top, keeping the label by the note's start.
        for column, text in enumerate(fixed, start=1):
            style = styles.get(bold=bold and column <= LABEL, align=_align(column == LABEL, span > 1), border=True)
            _merged_down(sheet, row, column, span, style)
            put_text(sheet, row, column, text, style)
        style = styles.get(
            align=_align(False, span > 1),
            border=True,
            number_format=None
            if indicator.kind is RowKind.SECTION
            else number_format(indicator, value.value, checked.leading_zero or value.zero_padded, value.qualifier),
        )
        _merged_down(sheet, row, VALUE, span, style)
        if value.value is not None and indicator.kind is not RowKind.SECTION:
            sheet.write_number(row - 1, VALUE - 1, value.value, style)
        else:
            put_text(sheet, row, VALUE, None, style)
        if indicator.kind is not RowKind.SECTION:
            validations.add(indicator, row)
        needed = lines_height(
            max(
                lines(text, width, TABLE_PT, bold and i < 2)
                for i, (text, width) in enumerate(zip((*fixed, shown), widths, strict=False))
            )
        )
        if needed > sum(heights):
            heights[-1] = min(heights[-1] + needed - sum(heights), MAX_ROW_HEIGHT)
        for offset, points in enumerate(heights):
            set_height(sheet, row + offset, points)
        row += span
    validations.finish()
    return row - 1


def _note_rows(note: str, width: float) -> tuple[list[tuple[str, str]], list[float]]:
    """A note's pieces (separator, text) and the height of the row of each. A note taller than
    `NOTE_ROW_HEIGHT` goes on continuation rows, so none of it is cut; most notes fit one row,
    whose line count the fit test has already found."""
    count = note_lines(note, width, most=NOTE_LINES) if note else 1
    if count <= NOTE_LINES:
        return [("", note)], [min(lines_height(count), MAX_ROW_HEIGHT)]
    chunks = split_note(note, lambda text: note_lines(text, width, most=NOTE_LINES) <= NOTE_LINES)
    return chunks, [row_height(text, width) for _, text in chunks]


def _align(left: bool, top: bool) -> Alignment:
    if top:
        return "top-left" if left else "top-center"
    return "left" if left else "center"


def _merged_down(sheet: Worksheet, row: int, column: int, span: int, style: Format) -> None:
    """Cells `row` … `row + span - 1` of `column` merged, when there is more than one."""
    if span > 1:
        sheet.merge_range(row - 1, column - 1, row + span - 2, column - 1, "", style)
