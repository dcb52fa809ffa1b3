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

import re
from collections.abc import Callable
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..core.text_metrics import most_tenths, word_tenths
from ..forms import Form, RowKind
from ..report.analysis import CheckedReport
from ..report.refs import inline_runs, plain_text
from ..report.wording import attachment_line
from ._appendix_layout import column_shares, header_cells, is_bold, most_lines, split_note, value_text, wrapped_lines
from .phu_luc_sheet import (
    CONTINUED,
    ID,
    ID_HEADER,
    ID_LETTER,
    LABEL,
    LAST_PRINTED_LETTER,
    NOTE,
    PRINTED,
    VALUE,
    Validations,
    number_format,
    write_report_properties,
)

__all__ = ["render_appendix_xlsx"]

FONT_NAME = "Times New Roman"
TABLE_PT = 12
TITLE_PT = 14
_PADDING_PT = 6.0
#: Column widths in character units (A, B, C, D, E), each filling the A4 text width (16.5 cm
#: portrait, 25.2 cm landscape) at 100 %; the label column widest, then the note column.
#: A unit is the digit width of the Normal font, Times New Roman 12 (8 px = 6 pt; Excel adds 5 px).
_WIDTHS = {
    "portrait": (6.0, 27.0, 11.0, 9.0, 22.0),
    "landscape": (7.0, 42.0, 14.0, 11.0, 42.0),
}
_ID_WIDTH = 24.0
_POINTS_PER_UNIT = 6.0
_MM_PER_INCH = 25.4
#: Excel's largest row height (points); a longer note is cut on screen, the text is all there.
MAX_ROW_HEIGHT = 409.0
#: The tallest row a note piece gets (points, under a third of a printed page): a row that does not
#: fit below the last one goes whole to the next page (Excel never breaks a row), so the pieces of
#: a long note are kept short, rows that flow down each page instead of a blank half page before
#: each row a page tall.
NOTE_ROW_HEIGHT = 200.0

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_TOP_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)


def _put_text(sheet: Worksheet, row: int, column: int, text: str | None) -> Cell:
    """Write `text` as text: openpyxl would take a note such as "= 5 hồ sơ" for a formula."""
    cell: Cell = sheet.cell(row=row, column=column, value=text or None)
    if text:
        cell.data_type = "s"
    return cell


def _font(size: float = TABLE_PT, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def render_appendix_xlsx(checked: CheckedReport, target: Path) -> None:
    """Write the Phụ lục of `checked` to `target` (.xlsx): one sheet, print-ready."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    form = checked.appendix_form
    sheet.title = _sheet_title(checked.appendix_heading() or checked.appendix_title())
    workbook.properties.title = checked.appendix_title()
    workbook.properties.creator = "cchc-docgen"
    write_report_properties(workbook, checked.report, form.version)
    _use_times_new_roman_by_default(workbook)
    landscape = form.orientation == "landscape"
    total = sum(_WIDTHS[form.orientation])
    shown = [value_text(value, checked.leading_zero) for value in checked.values.values()]
    shares = column_shares(form, TABLE_PT, total * _POINTS_PER_UNIT, _PADDING_PT, shown)
    widths = [round(total * share, 1) for share in shares]
    for index, width in enumerate([*widths, _ID_WIDTH], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions[ID_LETTER].hidden = True
    header = _write_title_block(sheet, checked, sum(widths)) + 1
    first_data = _write_header(sheet, form, header, widths)
    last = _write_rows(sheet, checked, first_data, widths)
    # Frozen just below the header, whatever the title block's height, so headings stay in view.
    sheet.freeze_panes = f"A{first_data}"
    _set_print_setup(sheet, landscape, header_rows=(header, first_data - 1), last_row=last)
    workbook.save(str(target))


def _use_times_new_roman_by_default(workbook: Workbook) -> None:
    """Make Times New Roman 12 the Normal font: empty cells use it and column widths are measured in it,
    so widths print the same in Excel and LibreOffice. openpyxl has no public API for this: font 0
    and the "Normal" named style are what spreadsheet programs read as the default."""
    font = _font()
    workbook._fonts = IndexedList([font])
    workbook._named_styles["Normal"].font = font


def _sheet_title(heading: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in heading).strip()
    return cleaned[:31] or "Phụ lục"


def _write_title_block(sheet: Worksheet, checked: CheckedReport, total_width: float) -> int:
    """Heading (when the form has one), title and attachment line; return the last row written."""
    heading = checked.appendix_heading()
    lines = (
        *([(heading, _font(TITLE_PT, bold=True))] if heading else []),
        (checked.appendix_title(), _font(TITLE_PT, bold=True)),
        (attachment_line(checked.report, checked.attachment_words()), _font(TITLE_PT, italic=True)),
    )
    for row, (text, font) in enumerate(lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=PRINTED)
        cell = _put_text(sheet, row, 1, text)
        cell.font = font
        cell.alignment = _CENTER
        sheet.row_dimensions[row].height = _height([(text, total_width)], TITLE_PT)
    return len(lines) + 1  # and a blank row before the table


def _write_header(sheet: Worksheet, form: Form, start: int, widths: list[float]) -> int:
    """Write the header row(s) from row `start` as the form arranges them; return the first data row."""
    rows, headings = header_cells(form.columns)
    for offset in range(rows):
        for column in range(1, PRINTED + 1):
            cell = sheet.cell(row=start + offset, column=column)
            cell.font = _font(bold=True)
            cell.alignment = _CENTER
            cell.border = _BORDER
    needed = [0.0] * rows
    for heading in headings:
        row, column = start + heading.row, heading.column + 1
        cell = sheet.cell(row=row, column=column)
        runs = inline_runs(heading.text)
        if any(run.italic for run in runs):
            cell.value = CellRichText(
                [TextBlock(InlineFont(rFont=FONT_NAME, sz=TABLE_PT, b=True, i=run.italic), run.text) for run in runs]
            )
        else:
            _put_text(sheet, row, column, heading.text)
        if heading.rowspan > 1 or heading.colspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + heading.rowspan - 1,
                end_column=column + heading.colspan - 1,
            )
        width = sum(widths[heading.column : heading.column + heading.colspan])
        height = _height([(plain_text(heading.text), width)], TABLE_PT)
        last = heading.row + heading.rowspan - 1
        needed[last] = max(needed[last], height - sum(needed[heading.row : last]))
    for offset, height in enumerate(needed):
        sheet.row_dimensions[start + offset].height = max(height, _line_height(TABLE_PT) + 4)
    id_cell = sheet.cell(row=start, column=ID, value=ID_HEADER)
    id_cell.font = _font(bold=True)
    return start + rows


class _TableStyles:
    """Table cell styles made once and copied onto cells. Assigning a Font, Alignment or Border makes
    openpyxl hash the style object into the workbook's lists on every cell; copying a finished style
    array (openpyxl's own representation of a cell's style) is what it does when it copies cells.
    The first cell of each kind is styled the ordinary way, so the workbook's style lists come out
    the same as when every cell is styled one by one."""

    def __init__(self) -> None:
        self.made: dict[object, Any] = {}

    def apply(self, cell: Cell, *, bold: bool, left: bool, bordered: bool = True, top: bool = False) -> None:
        """Times New Roman, bold or not; bordered cells wrap, centred vertically, or at the `top`."""

        def style(cell: Cell) -> None:
            if top:
                self.apply(cell, bold=bold, left=left, bordered=bordered)
                cell.alignment = _TOP_LEFT if left else _TOP_CENTER
                return
            cell.font = _font(bold=bold)
            if bordered:
                cell.alignment = _LEFT if left else _CENTER
                cell.border = _BORDER

        self.apply_once(cell, (bold, left, bordered, top), style)

    def apply_once(self, cell: Cell, key: object, style: Callable[[Cell], None]) -> None:
        """`style(cell)` the first time `key` is seen; later cells of that key get a copy of its result."""
        made = self.made.get(key)
        if made is not None:
            cell._style = copy(made)
            return
        style(cell)
        self.made[key] = copy(cell._style)


def _style_continued_note(cell: Cell) -> None:
    cell.font, cell.alignment, cell.border = _font(), _TOP_LEFT, _BORDER


class _MergesDown:
    """Cells merged down one column, the cells they cover bordered and aligned at the top.

    The first merge goes through openpyxl, which registers in the workbook the partial borders it
    gives the covered cells on the way; every later merge has the same shape, so its covered cells
    get a copy of the first one's finished style instead of having styles hashed one by one."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.covered: Any = None  # the style array of a covered cell, once the first merge is done

    def down(self, row: int, column: int, span: int) -> None:
        sheet, last = self.sheet, row + span - 1
        if self.covered is None:
            sheet.merge_cells(start_row=row, start_column=column, end_row=last, end_column=column)
            for offset in range(1, span):
                covered = sheet.cell(row=row + offset, column=column)
                covered.border = _BORDER
                covered.alignment = _TOP_CENTER
            self.covered = copy(sheet.cell(row=row + 1, column=column)._style)
            return
        letter = get_column_letter(column)
        merged = MergedCellRange(sheet, f"{letter}{row}:{letter}{last}")
        sheet.merged_cells.add(merged)
        for offset in range(1, span):
            covered = MergedCell(sheet, row + offset, column)
            covered._style = copy(self.covered)
            sheet._cells[(row + offset, column)] = covered


def _write_rows(sheet: Worksheet, checked: CheckedReport, first: int, widths: list[float]) -> int:
    """One or more sheet rows per form row; return the last row written."""
    form = checked.appendix_form
    validations = Validations(sheet)
    styles = _TableStyles()
    merges = _MergesDown(sheet)
    row = first
    for indicator in form.rows:
        value = checked.values[indicator.id]
        bold = is_bold(form, indicator)
        fixed = (indicator.stt, indicator.label, indicator.unit.replace("; ", ";\n"))
        shown = value_text(value, checked.leading_zero)
        # A note taller than Excel's tallest row goes on continuation rows, so none of it is cut.
        chunks = split_note(
            value.note or "", lambda text: _note_lines(text, widths[NOTE - 1], most=_NOTE_LINES) <= _NOTE_LINES
        )
        span = len(chunks)
        for offset, (separator, text) in enumerate(chunks):
            note = _put_text(sheet, row + offset, NOTE, text)
            if span == 1:
                styles.apply(note, bold=False, left=True)
            else:
                styles.apply_once(note, "continued note", _style_continued_note)
            marker = indicator.id if offset == 0 else CONTINUED[separator]
            marked = sheet.cell(row=row + offset, column=ID, value=marker)
            styles.apply(marked, bold=False, left=False, bordered=False)
            sheet.row_dimensions[row + offset].height = _row_height(text, widths[NOTE - 1])
        for column, text in enumerate(fixed, start=1):
            cell = _put_text(sheet, row, column, text)
            # Merged down over the continuation rows: at the top, keeping the label by the note's start.
            styles.apply(cell, bold=bold and column <= LABEL, left=column == LABEL, top=span > 1)
        number = sheet.cell(row=row, column=VALUE)
        styles.apply(number, bold=False, left=False, top=span > 1)
        if indicator.kind is not RowKind.SECTION:
            number.value = value.value
            number.number_format = number_format(
                indicator, value.value, checked.leading_zero or value.zero_padded, value.qualifier
            )
            validations.add(indicator, number.coordinate)
        for column in range(1, VALUE + 1 if span > 1 else 1):
            merges.down(row, column, span)
        lines = max(
            _lines(text, width, TABLE_PT, bold and i < 2)
            for i, (text, width) in enumerate(zip((*fixed, shown), widths, strict=False))
        )
        rows_height = sum(sheet.row_dimensions[r].height or 0 for r in range(row, row + span))
        if _lines_height(lines) > rows_height:
            last = row + span - 1
            extra = _lines_height(lines) - rows_height
            sheet.row_dimensions[last].height = min((sheet.row_dimensions[last].height or 0) + extra, MAX_ROW_HEIGHT)
        row += span
    validations.finish()
    return row - 1


def _row_height(note: str, width: float) -> float:
    return min(_lines_height(_note_lines(note, width)), MAX_ROW_HEIGHT)


def _lines_height(lines: int) -> float:
    """Height of a table row of `lines` lines."""
    return _line_height(TABLE_PT) * lines + 3


def _set_print_setup(sheet: Worksheet, landscape: bool, header_rows: tuple[int, int], last_row: int) -> None:
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.top, margins.bottom = 20 / _MM_PER_INCH, 20 / _MM_PER_INCH
    margins.left, margins.right = 30 / _MM_PER_INCH, 15 / _MM_PER_INCH
    margins.header, margins.footer = 10 / _MM_PER_INCH, 10 / _MM_PER_INCH
    sheet.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    sheet.print_area = f"A1:{LAST_PRINTED_LETTER}{last_row}"
    # Page numbers centred at the top, not on page 1 (Nghị định 30).
    sheet.HeaderFooter.differentFirst = True
    sheet.oddHeader.center.text = "&P"
    sheet.oddHeader.center.size = 13
    sheet.oddHeader.center.font = f"{FONT_NAME},Regular"


def _line_height(size_pt: float) -> float:
    return size_pt * 1.3  # Excel's own row height for one line of 12 pt Times New Roman is 15.75


#: The most lines of a note one row holds (`NOTE_ROW_HEIGHT`).
_NOTE_LINES = most_lines(_lines_height, NOTE_ROW_HEIGHT)
#: Where a word too long for its line breaks in print (LibreOffice and Excel break a URL after its
#: slashes, hyphens and the like, else between any two letters): each piece ends in one of these.
_WORD_PIECES = re.compile(r"[^/\-?&=_.,;:#]*[/\-?&=_.,;:#]*")


def _note_lines(text: str, width_units: float, most: int | None = None) -> int:
    """Lines a note wraps to in the note column, as `_lines` but with a word wider than the column
    (a web address) wrapped as print does it: after a slash or the like where it can, else between
    letters, each of its lines as full as it goes, the next word after it. Counting stops past
    `most`. The count is never below what `_lines` gives, so rows sized by it show the whole note."""
    limit = most_tenths((width_units * _POINTS_PER_UNIT - _PADDING_PT) / _NOTE_SAFETY, TABLE_PT)
    space = word_tenths(" ")
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = -1  # the width of the line so far; -1 while it is empty
        for word in paragraph.split(" "):
            if most is not None and count > most:
                return count
            width = word_tenths(word)
            if used >= 0 and used + space + width <= limit:
                used += space + width
                continue
            if used >= 0:
                count += 1
            used = 0
            if width <= limit:
                used = width
                continue
            for piece in _long_word_pieces(word, limit):  # each piece fits a line
                piece_width = word_tenths(piece)
                if used and used + piece_width > limit:
                    count += 1
                    used = 0
                used += piece_width
    return max(count, _lines(text, width_units, TABLE_PT, most=most))


def _long_word_pieces(word: str, limit: int) -> list[str]:
    """`word` cut after its break characters, a piece still wider than `limit` between letters."""
    pieces: list[str] = []
    for piece in filter(None, _WORD_PIECES.findall(word)):
        if word_tenths(piece) <= limit:
            pieces.append(piece)
            continue
        start, used = 0, 0
        for index, char in enumerate(piece):
            width = word_tenths(char)
            if used and used + width > limit:
                pieces.append(piece[start:index])
                start, used = index, 0
            used += width
        pieces.append(piece[start:])
    return pieces


#: How much wider than measured a note may print (fonts and their spacing differ a little).
_NOTE_SAFETY = 1.05


def _lines(text: str, width_units: float, size_pt: float, bold: bool = False, most: int | None = None) -> int:
    """Lines `text` wraps to in a column `width_units` wide (greedy word wrap, Times New Roman metrics);
    with `most`, only known to exceed `most` once past it."""
    width = (width_units * _POINTS_PER_UNIT - _PADDING_PT) / 1.05  # less the cell's padding, with a safety margin
    return wrapped_lines(text, width, size_pt, bold, most)


def _height(cells: list[tuple[str, float]], size_pt: float) -> float:
    """Row height for bold text cells given as (text, column width)."""
    lines = max(_lines(text, width, size_pt, bold=True) for text, width in cells)
    return lines * _line_height(size_pt) + 4
