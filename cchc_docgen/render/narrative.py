"""The BÁO CÁO's own words, built with python-docx as docxtpl subdocuments.

Opening paragraph, numbered sections (I. / 1. / 1.1. / a)), paragraphs with **bold**/*italic*,
"- "/"+ "/"1."/"a)" lists, tables with merged cells and a totals row, footnote marks, and the
closing sentence. Formatting comes from the named styles of the template (_report_styles), so staff
restyle the narrative in Word; the footnote texts are returned for the footnotes part.

Each paragraph the report file writes carries a hidden bookmark (an anchor) naming where it comes
from: `_cchc_opening`, `_cchc_closing`, `_cchc_n_0_2_1` for narrative[0] → content[2] → content[1]
(a heading, a paragraph, a table's first cell), and for a list item the list's path and the item's
index. Word and LibreOffice keep such bookmarks and neither shows nor prints them, so a document
corrected in Word can be read back into its report file (`intake/write_back.py`).
"""

from __future__ import annotations

import copy
import functools
import zipfile
from collections.abc import Iterator
from typing import Any

import docx.api
import msgspec
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl.subdoc import Subdoc

from ..report.analysis import CheckedReport
from ..report.model import Block, BulletList, Paragraph, Section, Table
from ..report.refs import NOTE_MARK, footnotes_of, inline_runs, plain_text
from ._docx_table import set_cell_margins
from ._docx_text import (
    add_bookmark,
    add_formatted_run,
    add_run,
    add_styled_paragraph,
    bookmark_xml,
    run_xml,
    styled_paragraph_xml,
)
from ._footnotes import Footnote, add_footnote_reference
from ._narrative_table import Slot, add_table_rows, layout_rows
from ._report_styles import (
    BODY,
    FOOTNOTE_REFERENCE,
    SPACE_AFTER_PT,
    TABLE_HEADER,
    TABLE_SIZE_PT,
    TABLE_TEXT,
    StyleIds,
    ensure_report_styles,
    heading_style,
)
from ._table_widths import CellText, content_widths, numbers_only

__all__ = ["ANCHOR_PREFIX", "CLOSING_ANCHOR", "NARRATIVE_ANCHOR", "OPENING_ANCHOR", "Narrative", "build_narrative"]

#: Names of the hidden bookmarks that say where a paragraph comes from (see the module's docstring).
ANCHOR_PREFIX = "_cchc_"
OPENING_ANCHOR = "_cchc_opening"
CLOSING_ANCHOR = "_cchc_closing"
NARRATIVE_ANCHOR = "_cchc_n"
#: Word keeps bookmark names up to 40 characters: a deeper path goes without an anchor.
_MAX_ANCHOR = 40
#: The first bookmark id: clear of the few a template may have.
_FIRST_BOOKMARK = 4096

#: Cell padding left and right, as the Phụ lục table's (Word's default 5.4 pt would push a name
#: such as "Nguyễn Hữu Hạnh" onto three lines in a six-column list of leaders).
_CELL_SIDE_PT = 3
_CELL_PADDING_PT = 2 * _CELL_SIDE_PT
_SHORT_CELL = 4  # cells this short (STT, counts) are centred


class Narrative(msgspec.Struct):
    """The three subdocuments the template places, and the footnotes they refer to."""

    opening: Any  # docxtpl.Subdoc: {{p opening }}
    body: Any  # {{p narrative }}
    closing: Any  # {{p closing }}
    footnotes: list[Footnote]
    style_ids: StyleIds  # of the template's styles, the narrative's own included


def build_narrative(template: Any, checked: CheckedReport, first_footnote_id: int = 1) -> Narrative:
    """Build the opening, narrative and closing of `checked` against `template` (a DocxTemplate).

    Footnote marks are numbered from `first_footnote_id` (after any footnotes the template has).
    """
    document = template.get_docx()
    writer = _Writer(checked, document, ensure_report_styles(document), first_footnote_id)
    report = checked.report
    opening = _new_subdoc(template)
    if report.document.opening is not None:
        writer.paragraph(opening, Paragraph(report.document.opening), OPENING_ANCHOR)
    body = _new_subdoc(template)
    for index, section in enumerate(report.narrative):
        writer.section(body, section, (index,))
    closing = _new_subdoc(template)
    if report.closing is not None:
        last = writer.paragraph(closing, Paragraph(report.closing), CLOSING_ANCHOR)
        last.paragraph_format.keep_with_next = True  # never leave the signature alone on a page
    return Narrative(opening, body, closing, writer.footnotes, writer.style_ids)


@functools.cache
def _empty_document() -> Any:
    """The document element of python-docx's default .docx (an empty body and its section), read
    from that file's document part alone: its styles and other parts are not needed here."""
    with zipfile.ZipFile(docx.api._default_docx_path()) as package:  # type: ignore[no-untyped-call]
        return parse_xml(package.read("word/document.xml"))


def _new_subdoc(template: Any) -> Subdoc:
    """`template.new_subdoc()` without reading python-docx's default .docx again each time: a
    subdocument uses only that file's empty body, and the template's part for styles."""
    subdoc: Subdoc = Subdoc.__new__(Subdoc)
    subdoc.tpl = template
    subdoc.docx = template.get_docx()
    subdoc.subdocx = DocxDocument(copy.deepcopy(_empty_document()), subdoc.docx.part)
    return subdoc


class _Writer:
    """Appends narrative blocks to subdocuments, numbering footnotes as it goes."""

    def __init__(self, checked: CheckedReport, document: Any, style_ids: StyleIds, first_footnote_id: int) -> None:
        self.checked = checked
        self.footnotes: list[Footnote] = []
        self.next_id = first_footnote_id
        self.style_ids = style_ids
        self.reference_style = style_ids.of(FOOTNOTE_REFERENCE)
        section = document.sections[-1]
        self.text_width = Length(section.page_width - section.left_margin - section.right_margin)
        self.after_table = False
        self.table_gap = _body_spacing(document)
        self.next_bookmark = _FIRST_BOOKMARK

    def _anchor(self, paragraph: DocxParagraph, name: str | None) -> None:
        if name is not None and len(name) <= _MAX_ANCHOR:
            add_bookmark(paragraph, self.next_bookmark, name)
            self.next_bookmark += 1

    def _new_paragraph(self, doc: Any, style: str) -> DocxParagraph:
        paragraph = add_styled_paragraph(doc.subdocx, self.style_ids.of(style))  # doc: a docxtpl Subdoc
        if self.after_table:  # the same gap under a table as between paragraphs
            paragraph.paragraph_format.space_before = self.table_gap
            self.after_table = False
        return paragraph

    # -- text -------------------------------------------------------------------------------
    def _add_runs(self, paragraph: DocxParagraph, text: str) -> None:
        """`text` (references already resolved) as runs: **bold** and *italic* marks become styles,
        each ^[…] a footnote mark right where it stands (the parser checked the brackets)."""
        text, found = footnotes_of(text) if "^[" in text else (text, ())
        pending = iter(found)
        for run in _runs(text):
            if run is None:
                self._footnote(paragraph, next(pending, ""))
            else:
                add_formatted_run(paragraph, *run)  # python-docx turns "\n" into a line break

    def _footnote(self, paragraph: DocxParagraph, text: str) -> None:
        if not text.strip():
            return
        add_footnote_reference(paragraph, self.next_id, self.reference_style)
        self.footnotes.append(Footnote(self.next_id, text))
        self.next_id += 1

    def paragraph(self, doc: Any, block: Paragraph, anchor: str | None = None) -> DocxParagraph:
        paragraph = self._new_paragraph(doc, BODY)
        self._add_runs(paragraph, self.checked.text(block.text.raw))
        if block.footnote is not None:
            self._footnote(paragraph, block.footnote)  # the older form: a mark at the end
        self._anchor(paragraph, anchor)
        return paragraph

    def heading(self, doc: Any, section: Section, path: tuple[int, ...]) -> None:
        paragraph = self._new_paragraph(doc, heading_style(section.level, section.number))
        if section.number:
            add_run(paragraph, f"{section.number} ")
        self._add_runs(paragraph, self.checked.text(section.title.raw))  # the case as written
        if section.italic:
            for run in paragraph.runs:
                run.italic = True
        self._anchor(paragraph, _narrative_anchor(path))

    def bullet_list(self, doc: Any, block: BulletList, path: tuple[int, ...]) -> None:
        for index, item in enumerate(block.items):
            paragraph = self._new_paragraph(doc, BODY)
            add_run(paragraph, f"{block.label(index)} ")
            self._add_runs(paragraph, self.checked.text(item.raw))
            self._anchor(paragraph, _narrative_anchor((*path, index)))

    def section(self, doc: Any, section: Section, path: tuple[int, ...]) -> None:
        self.heading(doc, section, path)
        for index, block in enumerate(section.content):
            self.block(doc, block, (*path, index))

    def block(self, doc: Any, block: Block, path: tuple[int, ...]) -> None:
        if isinstance(block, Section):
            self.section(doc, block, path)
        elif isinstance(block, Paragraph):
            self.paragraph(doc, block, _narrative_anchor(path))
        elif isinstance(block, BulletList):
            self.bullet_list(doc, block, path)
        elif isinstance(block, Table):
            self.table(doc, block, path)

    # -- tables -----------------------------------------------------------------------------
    def table(self, doc: Any, table: Table, path: tuple[int, ...]) -> None:
        rows = [*table.header, *table.rows, *((table.total,) if table.total is not None else ())]
        if not rows:
            return
        columns = max(sum(cell.colspan for cell in row) for row in rows)
        header_rows = len(table.header)
        bold_rows = {header_rows + index for index in table.bold_rows}
        if table.total is not None:
            bold_rows.add(len(rows) - 1)
        laid_out = layout_rows(rows, columns)
        anchor = _narrative_anchor(path)
        first = next(((0, slot.column) for slot in laid_out[0] if slot.cell is not None), None)
        if len(anchor) > _MAX_ANCHOR:
            first = None
        numeric = _number_columns(laid_out, columns, header_rows)
        paragraphs = {
            (row_index, slot.column): self._cell_paragraph(
                slot.cell.text,
                row_index < header_rows,
                row_index in bold_rows,
                anchor if (row_index, slot.column) == first else None,
                centred=slot.span == 1 and slot.column in numeric,
            )
            for row_index, slots in enumerate(laid_out)
            for slot in slots
            if slot.cell is not None
        }
        widths = _column_widths(laid_out, columns, header_rows, bold_rows, self.text_width, table.widths)
        if self.after_table:  # a table right under another: the body's gap between them too
            doc.subdocx.element.body._insert_p(_gap_xml(self.table_gap))  # before w:sectPr
        else:
            _keep_lead_in_with_table(doc.subdocx.element.body)
        grid = doc.add_table(rows=0, cols=columns)
        add_table_rows(grid, laid_out, header_rows, widths, paragraphs)
        set_cell_margins(grid, left_pt=_CELL_SIDE_PT, right_pt=_CELL_SIDE_PT)
        self.after_table = True

    def _cell_paragraph(
        self, text: str, header: bool, bold: bool, anchor: str | None = None, centred: bool = False
    ) -> str:
        """A cell's paragraph as XML: the table style, short cells and cells of a column of numbers
        centred, **bold**/*italic* runs as `_add_runs` makes them; a cell prints "^[" as typed (no
        footnotes in cells). The first cell of a table carries the table's anchor."""
        style = self.style_ids.of(TABLE_HEADER if header else TABLE_TEXT)
        short = len(plain_text(text, notes=False).strip()) <= _SHORT_CELL
        align = WD_ALIGN_PARAGRAPH.CENTER if not header and (short or centred) else None
        runs = [run_xml(*run) for run in _runs(text, bold) if run is not None]  # a stray mark prints nothing
        if anchor is not None:
            start, end = bookmark_xml(self.next_bookmark, anchor)
            self.next_bookmark += 1
            runs = [start, *runs, end]
        return styled_paragraph_xml(style, align, runs)


def _keep_lead_in_with_table(body: Any) -> None:
    """The paragraph right above a table ("… như sau:") is kept on the page of the table's first
    row: a table that moves to the next page does not leave its lead-in alone at a page bottom."""
    last = next((child for child in reversed(body) if child.tag != qn("w:sectPr")), None)
    if last is not None and last.tag == qn("w:p"):
        DocxParagraph(last, None).paragraph_format.keep_with_next = True  # type: ignore[arg-type]  # XML only


def _is_number(text: str) -> bool:
    """A count, amount or rate as a table prints it ("1.145", "86,96", "99,8%"), not a phone number
    in digit groups ("0913 983 072")."""
    plain = plain_text(text, notes=False).strip()
    return " " not in plain and numbers_only(plain)


def _number_columns(laid_out: list[list[Slot]], columns: int, header_rows: int) -> set[int]:
    """Columns whose body cells (one column wide) are all numbers, short or empty, with at least one
    number: they are centred as a whole, so that "1.145" and "520" of one column line up alike."""
    found: set[int] = set()
    mixed: set[int] = set()
    for slots in laid_out[header_rows:]:
        for slot in slots:
            if slot.cell is None or slot.span != 1 or slot.column >= columns:
                continue
            text = plain_text(slot.cell.text, notes=False).strip()
            if _is_number(slot.cell.text):
                found.add(slot.column)
            elif len(text) > _SHORT_CELL:
                mixed.add(slot.column)
    return found - mixed


def _narrative_anchor(path: tuple[int, ...]) -> str:
    """`_cchc_n_0_2_1` for narrative[0] → content[2] → content[1] (or item 1 of a list)."""
    return "_".join((NARRATIVE_ANCHOR, *map(str, path)))


def _body_spacing(document: Any) -> Length:
    """The space after a body paragraph, as the template's body style sets it (or a style it is
    based on): the gap a paragraph or table keeps under a table, as between two paragraphs."""
    style = document.styles[BODY]
    while style is not None:
        after = style.paragraph_format.space_after
        if after is not None:
            return Length(after)
        style = style.base_style
    return Pt(SPACE_AFTER_PT)


def _gap_xml(space_before: Length) -> Any:
    """An empty paragraph 1 pt high with `space_before` above it: two tables apart by that much
    (Word would join two tables that touch)."""
    return parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="{Length(space_before).twips}" w:after="0" '
        'w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def _runs(text: str, bold: bool = False) -> Iterator[tuple[str, bool, bool] | None]:
    """`text` as runs (text, bold, italic), marks taken out; None where a footnote mark stands."""
    for piece in inline_runs(text):
        for index, part in enumerate(piece.text.split(NOTE_MARK)):
            if index:
                yield None
            if part:
                yield part, piece.bold or bold, piece.italic


def _column_widths(
    laid_out: list[list[Slot]],
    columns: int,
    header_rows: int,
    bold_rows: set[int],
    total: Length,
    written: tuple[float, ...] | None,
) -> list[Length]:
    """Widths written in the report (relative numbers, one per column), else from the content."""
    if written is not None and len(written) == columns:
        return [Twips(round(total.twips * w / sum(written))) for w in written]
    cells = [
        CellText(
            row_index,
            slot.column,
            plain_text(slot.cell.text, notes=False),
            row_index < header_rows or row_index in bold_rows,
            header=row_index < header_rows,
        )
        for row_index, slots in enumerate(laid_out)
        for slot in slots
        if slot.cell is not None and slot.span == 1
    ]
    widths = content_widths(cells, len(laid_out), columns, total.pt, _CELL_PADDING_PT, TABLE_SIZE_PT)
    return [Twips(round(w * 20)) for w in widths]  # whole twips, as Word stores the grid
