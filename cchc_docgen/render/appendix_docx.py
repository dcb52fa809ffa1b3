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

from ..core.text_metrics import text_width_pt
from ..forms import RowKind
from ..report.analysis import CheckedReport
from ..report.refs import inline_runs
from ..report.wording import attachment_line
from ._appendix_layout import column_shares, header_cells, is_bold, most_lines, unit_text, value_text, wrapped_lines
from ._docx_page import add_page_number_header, set_a4, set_base_font, set_margins, text_width
from ._docx_report import set_document_properties
from ._docx_table import (
    append_rows_xml,
    cell_xml,
    center_vertically,
    keep_row_together,
    repeat_as_header,
    row_xml,
    set_cell_margins,
    set_col_widths,
    set_table_borders,
)
from ._docx_text import add_text_run, paragraph_xml, run_font
from ._drawn_rules import add_drawn_rule
from ._shipped import shipped_template
from ._title_wrap import wrap_title
from .file_properties import author, written_at

__all__ = ["HEADING_KINDS", "render_appendix_docx"]

HEADING_PT = 14
TITLE_PT = 14
TABLE_PT = 12
PAGE_NUMBER_PT = 13
#: Cell padding left + right (points), as set on the table.
_PADDING_PT = 6
#: A row estimated taller than this may break across pages: keeping it whole could leave a large
#: part of the previous page empty (long notes, lists of articles or URLs).
UNSPLIT_MAX_CM = 4.0
_LINE_PT = TABLE_PT * 1.15
_PT_PER_CM = 72 / 2.54

#: Rows that head the rows under them (a section "II", a group "2. Kiểm tra …"): kept on the page of
#: the next row (keep-with-next on every paragraph of their cells), never alone at a page's foot …
HEADING_KINDS = frozenset({RowKind.SECTION, RowKind.GROUP})
#: … if short enough to be kept whole on a page (UNSPLIT_MAX_CM, see `_kept_with_next`).

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_LEFT = WD_ALIGN_PARAGRAPH.LEFT


#: The blank document the Phụ lục starts from: python-docx's own, without the styles it never uses
#: (templates/make_template.py writes it).
BLANK_NAME = "phu-luc.docx"


def render_appendix_docx(checked: CheckedReport, target: Path) -> None:
    """Write the Phụ lục of `checked` to `target` (.docx): A4 per the form, NĐ 30 layout."""
    document = docx.Document(str(shipped_template(BLANK_NAME)))
    form = checked.appendix_form
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
    _add_table(document, checked, width)
    report = checked.report
    set_document_properties(document, checked.appendix_title(), author(report), written_at(report))
    document.save(str(target))


def _add_title_block(document: Document, checked: CheckedReport, width: Length) -> None:
    paragraphs = []
    heading_text = checked.appendix_heading()
    if heading_text:  # a form (or report) with an empty heading prints no heading line at all
        heading = document.add_paragraph()
        run_font(heading.add_run(heading_text), HEADING_PT, bold=True)
        paragraphs.append(heading)
    title = document.add_paragraph()
    if paragraphs:
        title.paragraph_format.space_before = Pt(6)
    run_font(title.add_run(checked.appendix_title()), TITLE_PT, bold=True)
    attachment = document.add_paragraph()
    line = attachment_line(checked.report, checked.attachment_words())
    run_font(attachment.add_run(line), TITLE_PT, italic=True)
    for paragraph in (*paragraphs, title, attachment):
        paragraph.alignment = _CENTER
        paragraph.paragraph_format.keep_with_next = True
    # Both break where a reader would ("năm 2023", "tỉnh Sóc Trăng" kept whole, even lines).
    wrap_title(title, checked.appendix_title(), width.pt, TITLE_PT, bold=True)
    wrapped = wrap_title(attachment, line, width.pt, TITLE_PT, bold=False)
    widest = max(text_width_pt(text, TITLE_PT) for text in wrapped.lines) if wrapped is not None else None
    rule = add_drawn_rule(attachment, _short_rule_cm(line, TITLE_PT, width.cm, widest))
    rule.paragraph_format.space_after = Pt(12)
    rule.paragraph_format.keep_with_next = True  # the title block never ends a page alone


def _short_rule_cm(text: str, size_pt: float, width_cm: float, widest_pt: float | None = None) -> float:
    """A third of the printed line (NĐ 30: 1/3 to 1/2 of the text), the line capped at the width;
    for a text wrapped to even lines, within 1/3 to 1/2 of the widest of them (`widest_pt`)."""
    printed = min(text_width_pt(text, size_pt) / _PT_PER_CM, width_cm)
    length = printed / 3
    if widest_pt is not None:
        widest = widest_pt / _PT_PER_CM
        length = min(max(length, widest / 3), widest / 2)
    return round(max(length, 2.5), 1)


def _add_table(document: Document, checked: CheckedReport, width: Length) -> None:
    form, values = checked.appendix_form, checked.values
    header_rows, headings = header_cells(form.columns)
    table = document.add_table(rows=header_rows, cols=5)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    set_cell_margins(table, top_pt=1.5, bottom_pt=1.5, left_pt=3, right_pt=3)
    for heading in headings:
        cell = table.cell(heading.row, heading.column)
        if heading.rowspan > 1 or heading.colspan > 1:
            cell = cell.merge(table.cell(heading.row + heading.rowspan - 1, heading.column + heading.colspan - 1))
        _write_marked_cell(cell, heading.text)
    for row in table.rows:
        repeat_as_header(row)
        keep_row_together(row)
    leading_zero = checked.leading_zero
    shown = [value_text(value, leading_zero) for value in values.values()]
    shares = column_shares(form, TABLE_PT, width.pt, _PADDING_PT, shown, word=True)
    widths = [Length(round(width * share)) for share in shares]
    set_col_widths(table, widths)
    bolds = [is_bold(form, indicator) for indicator in form.rows]
    texts = [
        (
            indicator.stt,
            indicator.label,
            unit_text(indicator),
            value_text(values[indicator.id], leading_zero),
            values[indicator.id].note or "",
        )
        for indicator in form.rows
    ]
    lines = [_tallest_lines(row_texts, widths, bold) for row_texts, bold in zip(texts, bolds, strict=True)]
    keeps = _kept_with_next([indicator.kind in HEADING_KINDS for indicator in form.rows], lines)
    rows = []
    for row_texts, bold, keep, row_lines in zip(texts, bolds, keeps, lines, strict=True):
        cells = (
            _cell(widths[0], [row_texts[0]], bold=bold, align=_CENTER, keep_with_next=keep),
            _cell(widths[1], [row_texts[1]], bold=bold, align=_LEFT, keep_with_next=keep),
            _cell(widths[2], row_texts[2].split("\n"), align=_CENTER, keep_with_next=keep),
            _cell(widths[3], [row_texts[3]], align=_CENTER, keep_with_next=keep),
            _cell(widths[4], row_texts[4].split("\n"), align=_LEFT, keep_with_next=keep),
        )
        rows.append(row_xml(cells, keep_together=row_lines <= _UNSPLIT_LINES))
    append_rows_xml(table, rows)


def _estimated_height_cm(lines: int) -> float:
    """Printed height of a row whose tallest cell has `lines` lines at the table font size."""
    return (lines * _LINE_PT + 3) / _PT_PER_CM


#: The most lines a row may have and still be kept on one page.
_UNSPLIT_LINES = most_lines(_estimated_height_cm, UNSPLIT_MAX_CM)


def _tallest_lines(texts: Sequence[str], widths: Sequence[Length], bold: bool) -> int:
    """Lines of the row's tallest cell (word wrap at the table font size); past _UNSPLIT_LINES only
    known to be more (wrapping a long note stops there)."""
    return max(
        wrapped_lines(text, w.pt - _PADDING_PT, TABLE_PT, bold and i < 2, _UNSPLIT_LINES)
        for i, (text, w) in enumerate(zip(texts, widths, strict=True))
    )


def _kept_with_next(headings: Sequence[bool], lines: Sequence[int]) -> list[bool]:
    """Which rows keep with the next one: the heading rows (section, group) short enough to be kept
    whole on a page. A group row with a note longer than that is content of its own, not a heading
    left alone; moved to the next page with the row after it, it would leave much of the page empty."""
    return [heading and n <= _UNSPLIT_LINES for heading, n in zip(headings, lines, strict=True)]


def _write_marked_cell(cell: _Cell, text: str) -> None:
    """A bold, centred heading; its `*…*` parts italic ("(Sử dụng trong kỳ báo cáo …)")."""
    center_vertically(cell)
    paragraph = cell.paragraphs[0]
    paragraph.alignment = _CENTER
    for run in inline_runs(text):
        add_text_run(paragraph, run.text, TABLE_PT, bold=True, italic=run.italic)


def _cell(
    width: Length,
    lines: Sequence[str],
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH = _LEFT,
    keep_with_next: bool = False,
) -> str:
    """One paragraph per line; "- " and "+ " list lines hang so wrapped text aligns after the dash."""
    return cell_xml(
        width,
        [
            paragraph_xml(
                line,
                align,
                8 if line.startswith(("- ", "+ ")) and align == _LEFT else 0,
                TABLE_PT,
                bold,
                keep_with_next=keep_with_next,
            )
            for line in lines
        ],
    )
