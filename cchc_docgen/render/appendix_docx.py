"""The Phụ lục as its own Word document: heading, title, "(Kèm theo …)" line and the statistics table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Pt
from docx.table import _Cell

from ..checks import RowValue
from ..forms import Form, Indicator, RowKind
from ..report import CheckedReport
from ..texts import attachment_line
from ..vnformat import format_number
from ._docx import (
    add_drawn_rule,
    add_page_number_header,
    add_text_run,
    center_vertically,
    format_paragraph,
    keep_row_together,
    repeat_as_header,
    run_font,
    set_a4,
    set_base_font,
    set_cell_margins,
    set_col_widths,
    set_margins,
    set_table_borders,
    text_width,
)
from ._metrics import text_width_pt

__all__ = ["render_appendix_docx", "unit_text", "value_text"]

HEADING_PT = 14
TITLE_PT = 14
TABLE_PT = 12
PAGE_NUMBER_PT = 13
#: Share of the text width per column (STT, label, unit, value, note): the label column widest,
#: the note column next (notes cite plans and list items), unit and value just fit their header.
COLUMN_SHARES = (0.07, 0.35, 0.155, 0.115, 0.31)
#: A row estimated taller than this may break across pages: keeping it whole would leave most
#: of the previous page empty (the long "list of articles" notes run longer than a page).
UNSPLIT_MAX_CM = 8.0
#: Average advance of a Times New Roman character, in em; only to estimate row heights.
_AVG_CHAR_EM = 0.45
_PT_PER_CM = 72 / 2.54
NBSP = "\u00a0"

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_LEFT = WD_ALIGN_PARAGRAPH.LEFT


def render_appendix_docx(checked: CheckedReport, target: Path) -> None:
    """Write the Phụ lục of `checked` to `target` (.docx): A4 per the form, NĐ 30 layout."""
    document = docx.Document()
    form = checked.form
    section = document.sections[0]
    set_a4(section, landscape=form.orientation == "landscape")
    set_margins(section)
    set_base_font(document, TABLE_PT)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before = normal.space_after = Pt(0)
    normal.line_spacing = 1.0
    add_page_number_header(section, PAGE_NUMBER_PT)
    width = text_width(section)
    _add_title_block(document, checked, width)
    _add_table(document, form, checked.values, width)
    document.save(str(target))


def unit_text(indicator: Indicator) -> str:
    """The printed unit. A code set's "; " becomes a line break and "Có = 1" is bound by no-break
    spaces, so the narrow column never strands "= 1;" on a line of its own."""
    return indicator.unit.replace("; ", ";\n").replace(" = ", f"{NBSP}={NBSP}")


def value_text(row: RowValue) -> str:
    """The printed value: blank stays blank, codes as typed, numbers Vietnamese style (5.380; 86,96)."""
    if row.value is None or row.indicator.kind is RowKind.SECTION:
        return ""
    if row.indicator.kind is RowKind.CODED:
        return str(int(row.value))
    return format_number(row.value)


def _add_title_block(document: Document, checked: CheckedReport, width: Length) -> None:
    heading = document.add_paragraph()
    run_font(heading.add_run(checked.appendix_heading()), HEADING_PT, bold=True)
    title = document.add_paragraph()
    title.paragraph_format.space_before = Pt(6)
    run_font(title.add_run(checked.appendix_title()), TITLE_PT, bold=True)
    attachment = document.add_paragraph()
    line = attachment_line(checked.report)
    run_font(attachment.add_run(line), TITLE_PT, italic=True)
    for paragraph in (heading, title, attachment):
        paragraph.alignment = _CENTER
        paragraph.paragraph_format.keep_with_next = True
    rule = add_drawn_rule(attachment, _short_rule_cm(line, TITLE_PT, width.cm))
    rule.paragraph_format.space_after = Pt(12)
    rule.paragraph_format.keep_with_next = True  # the title block never ends a page alone


def _short_rule_cm(text: str, size_pt: float, width_cm: float) -> float:
    """A third of the printed line (NĐ 30: 1/3 to 1/2 of the text), the line capped at the width."""
    printed = min(text_width_pt(text, size_pt) / _PT_PER_CM, width_cm)
    return round(max(printed / 3, 2.5), 1)


def _add_table(document: Document, form: Form, values: dict[str, RowValue], width: Length) -> None:
    columns = form.columns
    grouped = columns.group is not None
    header_rows = 2 if grouped else 1
    table = document.add_table(rows=header_rows + len(form.rows), cols=5)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    set_cell_margins(table, top_pt=1.5, bottom_pt=1.5, left_pt=3, right_pt=3)
    headings = (columns.stt, columns.label, columns.unit, columns.value, columns.note)
    if grouped:
        top, bottom = table.rows[0].cells, table.rows[1].cells
        for index in (0, 1, 4):
            top[index].merge(bottom[index])
        group = top[2].merge(top[3])
        _write_cell(group, [columns.group or ""], bold=True, align=_CENTER)
        for index in (0, 1, 4):
            _write_cell(top[index], [headings[index]], bold=True, align=_CENTER)
        for index in (2, 3):
            _write_cell(bottom[index], [headings[index]], bold=True, align=_CENTER)
    else:
        for cell, heading in zip(table.rows[0].cells, headings, strict=True):
            _write_cell(cell, [heading], bold=True, align=_CENTER)
    for row in table.rows[:header_rows]:
        repeat_as_header(row)
        keep_row_together(row)
    widths = [Length(round(width * share)) for share in COLUMN_SHARES]
    for row, indicator in zip(table.rows[header_rows:], form.rows, strict=True):
        value = values[indicator.id]
        if _estimated_height_cm(indicator.label, widths[1]) <= UNSPLIT_MAX_CM and (
            _estimated_height_cm(value.note or "", widths[4]) <= UNSPLIT_MAX_CM
        ):
            keep_row_together(row)
        bold = indicator.kind is RowKind.SECTION
        stt, label, unit, number, note = row.cells
        _write_cell(stt, [indicator.stt], bold=bold, align=_CENTER)
        _write_cell(label, [indicator.label], bold=bold, align=_LEFT)
        _write_cell(unit, unit_text(indicator).split("\n"), align=_CENTER)
        _write_cell(number, [value_text(value)], align=_CENTER)
        _write_cell(note, (value.note or "").split("\n"), align=_LEFT)
    set_col_widths(table, widths)


def _estimated_height_cm(text: str, width: Length) -> float:
    """Rough printed height of `text` in a cell `width` wide at the table font size."""
    per_line = max(1, int((width.pt - 6) / (TABLE_PT * _AVG_CHAR_EM)))
    lines = sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))
    return lines * TABLE_PT * 1.15 / _PT_PER_CM


def _write_cell(cell: _Cell, lines: Sequence[str], *, bold: bool = False, align: WD_ALIGN_PARAGRAPH = _LEFT) -> None:
    """One paragraph per line; "- " and "+ " list lines hang so wrapped text aligns after the dash."""
    center_vertically(cell)
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        format_paragraph(paragraph, align, 8 if line.startswith(("- ", "+ ")) and align == _LEFT else 0)
        if line:
            add_text_run(paragraph, line, TABLE_PT, bold=bold)
