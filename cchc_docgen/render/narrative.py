"""The BÁO CÁO's own words, built with python-docx as docxtpl subdocuments.

Opening paragraph, numbered sections (I. / 1. / 1.1. / a)), paragraphs with **bold**/*italic*,
"- "/"+ "/"1."/"a)" lists, tables with merged cells and a totals row, footnote marks, and the
closing sentence. Formatting comes from the named styles of the template (_report_styles), so staff
restyle the narrative in Word; the footnote texts are returned for the footnotes part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.exceptions import InvalidSpanError
from docx.shared import Length, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from ..model import Block, BulletList, Cell, Paragraph, Section, Table
from ..refs import inline_runs
from ..report import CheckedReport
from ._docx import keep_row_together, repeat_as_header, set_col_widths, set_table_borders
from ._docx_report import Footnote, add_footnote_reference
from ._metrics import text_width_pt
from ._report_styles import (
    BODY,
    FOOTNOTE_REFERENCE,
    SPACE_AFTER_PT,
    TABLE_HEADER,
    TABLE_SIZE_PT,
    TABLE_TEXT,
    ensure_report_styles,
    heading_style,
)

__all__ = ["Narrative", "build_narrative"]

_CELL_PADDING_PT = 2 * 5.4  # Word's default left + right cell margins
_SHORT_CELL = 4  # cells this short (STT, counts) are centred
_WIDTH_SLACK = 1.15  # a word must not break even where another font stands in for a missing glyph


@dataclass
class Narrative:
    """The three subdocuments the template places, and the footnotes they refer to."""

    opening: Any  # docxtpl.Subdoc: {{p opening }}
    body: Any  # {{p narrative }}
    closing: Any  # {{p closing }}
    footnotes: list[Footnote] = field(default_factory=list)


def build_narrative(template: Any, checked: CheckedReport, first_footnote_id: int = 1) -> Narrative:
    """Build the opening, narrative and closing of `checked` against `template` (a DocxTemplate).

    Footnote marks are numbered from `first_footnote_id` (after any footnotes the template has).
    """
    document = template.get_docx()
    ensure_report_styles(document)
    writer = _Writer(checked, document, first_footnote_id)
    report = checked.report
    opening = template.new_subdoc()
    if report.document.opening is not None:
        writer.paragraph(opening, Paragraph(report.document.opening))
    body = template.new_subdoc()
    for section in report.narrative:
        writer.section(body, section)
    closing = template.new_subdoc()
    if report.closing is not None:
        last = writer.paragraph(closing, Paragraph(report.closing))
        last.paragraph_format.keep_with_next = True  # never leave the signature alone on a page
    return Narrative(opening, body, closing, writer.footnotes)


class _Writer:
    """Appends narrative blocks to subdocuments, numbering footnotes as it goes."""

    def __init__(self, checked: CheckedReport, document: Any, first_footnote_id: int) -> None:
        self.checked = checked
        self.footnotes: list[Footnote] = []
        self.next_id = first_footnote_id
        self.reference_style = document.styles[FOOTNOTE_REFERENCE].style_id
        section = document.sections[-1]
        self.text_width = Length(section.page_width - section.left_margin - section.right_margin)
        self.after_table = False

    def _new_paragraph(self, doc: Any, style: str) -> DocxParagraph:
        paragraph: DocxParagraph = doc.add_paragraph(style=style)
        if self.after_table:  # the same gap under a table as between paragraphs
            paragraph.paragraph_format.space_before = Pt(SPACE_AFTER_PT)
            self.after_table = False
        return paragraph

    # -- text -------------------------------------------------------------------------------
    def _add_runs(self, paragraph: DocxParagraph, text: str) -> None:
        """`text` (references already resolved) as runs; **bold** and *italic* marks become styles."""
        for piece in inline_runs(text):
            run = paragraph.add_run(piece.text)  # python-docx turns "\n" into a line break
            if piece.bold:
                run.bold = True
            if piece.italic:
                run.italic = True

    def paragraph(self, doc: Any, block: Paragraph) -> DocxParagraph:
        paragraph = self._new_paragraph(doc, BODY)
        self._add_runs(paragraph, self.checked.text(block.text.raw))
        if block.footnote is not None and block.footnote.strip():
            add_footnote_reference(paragraph, self.next_id, self.reference_style)
            self.footnotes.append(Footnote(self.next_id, block.footnote))
            self.next_id += 1
        return paragraph

    def heading(self, doc: Any, section: Section) -> None:
        paragraph = self._new_paragraph(doc, heading_style(section.level, section.number))
        if section.number:
            paragraph.add_run(f"{section.number} ")
        title = self.checked.text(section.title.raw)
        self._add_runs(paragraph, title.upper() if section.level == 1 else title)

    def bullet_list(self, doc: Any, block: BulletList) -> None:
        for index, item in enumerate(block.items):
            paragraph = self._new_paragraph(doc, BODY)
            paragraph.add_run(f"{block.label(index)} ")
            self._add_runs(paragraph, self.checked.text(item.raw))

    def section(self, doc: Any, section: Section) -> None:
        self.heading(doc, section)
        for block in section.content:
            self.block(doc, block)

    def block(self, doc: Any, block: Block) -> None:
        if isinstance(block, Section):
            self.section(doc, block)
        elif isinstance(block, Paragraph):
            self.paragraph(doc, block)
        elif isinstance(block, BulletList):
            self.bullet_list(doc, block)
        elif isinstance(block, Table):
            self.table(doc, block)

    # -- tables -----------------------------------------------------------------------------
    def table(self, doc: Any, table: Table) -> None:
        rows = [*table.header, *table.rows, *((table.total,) if table.total is not None else ())]
        if not rows:
            return
        columns = max(sum(cell.colspan for cell in row) for row in rows)
        grid = doc.add_table(rows=len(rows), cols=columns)
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(grid)
        placed = _place_cells(rows, columns)
        header_rows = len(table.header)
        total_row = len(rows) - 1 if table.total is not None else -1
        for row_index, column, cell in placed:
            target = grid.cell(row_index, column)
            _fill_cell(target, cell.text, header=row_index < header_rows, bold=row_index == total_row)
        for row_index, column, cell in placed:
            if cell.colspan > 1 or cell.rowspan > 1:
                last_row = min(row_index + cell.rowspan, len(rows)) - 1
                last_column = min(column + cell.colspan, columns) - 1
                try:
                    grid.cell(row_index, column).merge(grid.cell(last_row, last_column))
                except InvalidSpanError:  # spans that overlap: keep those cells apart
                    continue
        for index, row in enumerate(grid.rows):
            keep_row_together(row)
            if index < header_rows:
                repeat_as_header(row)
        set_col_widths(grid, _column_widths(placed, columns, header_rows, self.text_width))
        self.after_table = True


def _place_cells(rows: list[tuple[Cell, ...]], columns: int) -> list[tuple[int, int, Cell]]:
    """Grid position of every cell.

    A full-width row lists placeholders under cells spanning down from above (the report file's
    convention); a shorter row leaves those positions out, as HTML does.
    """
    covered: set[tuple[int, int]] = set()
    placed = []
    for row_index, row in enumerate(rows):
        full = sum(cell.colspan for cell in row) >= columns
        column = 0
        for cell in row:
            while not full and (row_index, column) in covered:
                column += 1
            if column >= columns:
                break
            placed.append((row_index, column, cell))
            for r in range(row_index, row_index + cell.rowspan):
                for c in range(column, column + cell.colspan):
                    covered.add((r, c))
            column += cell.colspan
    return placed


def _fill_cell(cell: Any, text: str, header: bool, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = TABLE_HEADER if header else TABLE_TEXT
    if not header and len(text.strip()) <= _SHORT_CELL:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True


def _column_widths(placed: list[tuple[int, int, Cell]], columns: int, header_rows: int, total: Length) -> list[Length]:
    """Share `total` between columns like a browser: at least the longest word, then by text length."""
    least = [_CELL_PADDING_PT] * columns
    wanted = list(least)
    for row_index, column, cell in placed:
        if cell.colspan != 1:
            continue
        bold = row_index < header_rows
        lines = cell.text.split("\n")
        longest_word = max((text_width_pt(w, TABLE_SIZE_PT, bold) for line in lines for w in line.split()), default=0)
        longest_line = max(text_width_pt(line, TABLE_SIZE_PT, bold) for line in lines)
        least[column] = max(least[column], longest_word * _WIDTH_SLACK + _CELL_PADDING_PT)
        wanted[column] = max(wanted[column], longest_line * _WIDTH_SLACK + _CELL_PADDING_PT)
    room = total.pt
    if sum(wanted) <= room:
        widths = [w * room / sum(wanted) for w in wanted]
    elif sum(least) >= room:
        widths = [w * room / sum(least) for w in least]
    else:
        extra = [w - m for w, m in zip(wanted, least, strict=True)]
        widths = [m + e * (room - sum(least)) / sum(extra) for m, e in zip(least, extra, strict=True)]
    return [Length(Pt(w)) for w in widths]
