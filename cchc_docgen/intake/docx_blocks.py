"""A Word document read as a reader sees it: paragraphs (with bold/italic spans, list labels, footnotes)
and tables, in order — whatever XML Word or LibreOffice wrote for them.

Taken care of here, so the structure reader never sees XML: runs split anywhere (Word's revision
runs), direct formatting or styles (followed through `basedOn`), Word list numbering (the label Word
would print, worked out from numbering.xml), tabs, manual line breaks, non-breaking spaces, fields (the
printed result, not the code), content controls, hyperlinks, text boxes (their paragraphs come before
the paragraph that anchors them), unaccepted tracked changes (the final text: insertions kept,
deletions dropped) and comments (left out). Both are counted so the import can warn.
"""

from __future__ import annotations

from lxml import etree

from ._docx_runs import MC_NS_TAG, FieldState, merged, notes, run_text
from .docx_model import Block, Cell, Paragraph, Span, Table, WordDocument
from .docx_numbering import Numbering
from .docx_package import W_NS, DocxPackage
from .docx_styles import Styles, flag

W = f"{{{W_NS}}}"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_SKIPPED = {
    f"{W}{name}"
    for name in (
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "commentRangeStart",
        "commentRangeEnd",
        "commentReference",
        "proofErr",
        "bookmarkStart",
        "bookmarkEnd",
        "rPr",
        "pPr",
        "lastRenderedPageBreak",
        "annotationRef",
        "delInstrText",
        "permStart",
        "permEnd",
    )
}
#: Containers whose children are read as if they stood in their place.
_TRANSPARENT = {
    f"{W}{name}" for name in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")
}


def read_blocks(package: DocxPackage) -> WordDocument:
    """The document's body as blocks; see the module's docstring for what is taken care of."""
    reader = _Reader(package)
    body = package.parts["document"].find(f"{W}body")
    blocks: list[Block] = [] if body is None else reader.blocks(body)
    landscape = reader.final_landscape(body)
    # A table belongs to the section its following section break closes.
    for block in reversed(blocks):
        if isinstance(block, Paragraph) and block.landscape_after is not None:
            landscape = block.landscape_after
        elif isinstance(block, Table):
            block.landscape = landscape
    comments = package.parts.get("comments")
    return WordDocument(
        blocks,
        tracked_changes=reader.tracked,
        comments=0 if comments is None else len(comments.findall(f"{W}comment")),
        fields=reader.fields,
    )


class _Reader:
    def __init__(self, package: DocxPackage) -> None:
        self.styles = Styles(package.parts.get("styles"))
        self.numbering = Numbering(package.parts.get("numbering"), self.styles)
        self.notes = notes(package.parts.get("footnotes")) | notes(package.parts.get("endnotes"), "e")
        self.tracked = 0
        self.fields: list[str] = []
        self.paragraph_count = 0
        self.table_count = 0
        self.pending_anchors: list[str] = []  # bookmarks started between paragraphs: the next one's

    def blocks(self, container: etree._Element, in_textbox: bool = False) -> list[Block]:
        found: list[Block] = []
        for child in container:
            tag = child.tag
            if tag == f"{W}p":
                found.extend(self.paragraph(child, in_textbox))
            elif tag == f"{W}tbl":
                found.append(self.table(child, in_textbox))
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    found.extend(self.blocks(content, in_textbox))
            elif tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                found.extend(self.blocks(child, in_textbox))
            elif tag in (f"{W}del", f"{W}moveFrom"):
                self.tracked += 1
            elif tag == f"{W}bookmarkStart":
                self.pending_anchors.append(child.get(f"{W}name") or "")
        return found

    def final_landscape(self, body: etree._Element | None) -> bool:
        section = None if body is None else body.find(f"{W}sectPr")
        return _landscape(section)

    def table(self, element: etree._Element, in_textbox: bool) -> Table:
        self.table_count += 1
        rows: list[list[Cell]] = []
        for row in element.iter(f"{W}tr"):
            if _inside_nested_table(row, element):
                continue
            cells: list[Cell] = []
            for cell in row.iterchildren(f"{W}tc", f"{W}sdt", f"{W}customXml"):
                for tc in [cell] if cell.tag == f"{W}tc" else cell.iter(f"{W}tc"):
                    cells.append(self.cell(tc, in_textbox))
            rows.append(cells)
        return Table(rows, index=self.table_count)

    def cell(self, tc: etree._Element, in_textbox: bool) -> Cell:
        props = tc.find(f"{W}tcPr")
        span, merge = 1, ""
        if props is not None:
            grid = props.find(f"{W}gridSpan")
            if grid is not None:
                span = max(1, min(_int(grid.get(f"{W}val"), 1), 1000))
            vmerge = props.find(f"{W}vMerge")
            if vmerge is not None:
                merge = "restart" if vmerge.get(f"{W}val") == "restart" else "continue"
        paragraphs: list[Paragraph] = []
        for block in self.blocks(tc, in_textbox):
            if isinstance(block, Paragraph):
                paragraphs.append(block)
            else:  # a table in a cell: its text, row by row
                paragraphs.extend(p for row in block.rows for c in row for p in c.paragraphs)
        return Cell(paragraphs, span, merge)

    def paragraph(self, element: etree._Element, in_textbox: bool) -> list[Block]:
        self.paragraph_count += 1
        props = element.find(f"{W}pPr")
        style_id = _val(props, "pStyle")
        style = self.styles.paragraph(style_id)
        textboxes: list[Block] = []
        spans = self.spans(element, bool(style.bold), bool(style.italic), textboxes)
        paragraph = Paragraph(
            merged(spans),
            style=style.name,
            align=_align(_val(props, "jc") or style.align),
            index=self.paragraph_count,
            in_textbox=in_textbox,
            indent=_int(_indent(props), style.indent),
            anchors=[*self.pending_anchors, *(b.get(f"{W}name") or "" for b in element.iter(f"{W}bookmarkStart"))],
        )
        self.pending_anchors = []
        level = _int(_val(props, "outlineLvl"), -1)
        paragraph.level = level if level >= 0 else style.outline
        label, list_level = self.numbering.label(props, style)
        if label is not None:
            paragraph.label = label
            paragraph.list_id = self.numbering.last_list
            if paragraph.level is None:
                paragraph.level = list_level
        section = None if props is None else props.find(f"{W}sectPr")
        if section is not None:
            paragraph.landscape_after = _landscape(section)
        if props is not None and props.find(f"{W}rPr/{W}ins") is not None:
            self.tracked += 1
        return [*textboxes, paragraph]

    def spans(self, element: etree._Element, bold: bool, italic: bool, textboxes: list[Block]) -> list[Span]:
        """The text of a paragraph (or of a container inside one), in formatting runs."""
        spans: list[Span] = []
        state = FieldState()
        self._walk(element, bold, italic, spans, state, textboxes)
        return spans

    def _walk(
        self,
        element: etree._Element,
        bold: bool,
        italic: bool,
        spans: list[Span],
        state: FieldState,
        textboxes: list[Block],
    ) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                if tag in (f"{W}del", f"{W}moveFrom"):
                    self.tracked += 1
                continue
            if tag == f"{W}r":
                self._run(child, bold, italic, spans, state, textboxes)
            elif tag in _TRANSPARENT:
                if tag in (f"{W}ins", f"{W}moveTo"):
                    self.tracked += 1
                if tag == f"{W}fldSimple":
                    self.fields.append(" ".join((child.get(f"{W}instr") or "").split()))
                self._walk(child, bold, italic, spans, state, textboxes)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._walk(content, bold, italic, spans, state, textboxes)

    def _run(
        self,
        run: etree._Element,
        bold: bool,
        italic: bool,
        spans: list[Span],
        state: FieldState,
        textboxes: list[Block],
    ) -> None:
        props = run.find(f"{W}rPr")
        char_style = self.styles.character(_val(props, "rStyle"))
        run_bold = flag(props, "b", char_style.bold if char_style.bold is not None else bold)
        run_italic = flag(props, "i", char_style.italic if char_style.italic is not None else italic)
        hidden = flag(props, "vanish", False) or flag(props, "specVanish", False)
        for child in run:
            tag = child.tag
            if tag == f"{W}fldChar":
                state.char(child.get(f"{W}fldCharType", ""))
                continue
            if tag == f"{W}instrText":
                state.code.append(child.text or "")
                continue
            if state.hidden_code or hidden:
                continue
            text = run_text(child)
            if text is not None:
                spans.append(Span(text, run_bold, run_italic))
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                prefix = "e" if tag == f"{W}endnoteReference" else ""
                note = self.notes.get(prefix + (child.get(f"{W}id") or ""))
                if note is not None:
                    spans.append(Span("", note=note))
            elif tag in (f"{W}drawing", f"{MC_NS_TAG}AlternateContent", f"{W}pict", f"{W}object"):
                textboxes.extend(self._textboxes(child))
        if state.finished:
            self.fields.append(state.take())

    def _textboxes(self, element: etree._Element) -> list[Block]:
        """The paragraphs of the text boxes in a drawing; of Word's two copies (DrawingML and its VML
        fallback) only the first is read."""
        found: list[Block] = []
        fallback = f"{{{_MC_NS}}}Fallback"
        for content in element.iter(f"{W}txbxContent"):
            if any(ancestor.tag == fallback for ancestor in content.iterancestors()):
                continue
            if any(ancestor.tag == f"{W}txbxContent" for ancestor in content.iterancestors()):
                continue
            found.extend(self.blocks(content, in_textbox=True))
        if not found:  # only a VML text box (an old document)
            for content in element.iter(f"{W}txbxContent"):
                found.extend(self.blocks(content, in_textbox=True))
                break
        return found


def _inside_nested_table(row: etree._Element, table: etree._Element) -> bool:
    parent = row.getparent()
    while parent is not None and parent is not table:
        if parent.tag == f"{W}tbl":
            return True
        parent = parent.getparent()
    return False


def _val(props: etree._Element | None, name: str) -> str | None:
    if props is None:
        return None
    found = props.find(f"{W}{name}")
    return None if found is None else found.get(f"{W}val")


def _indent(props: etree._Element | None) -> str | None:
    found = None if props is None else props.find(f"{W}ind")
    if found is None:
        return None
    value = found.get(f"{W}left") or found.get(f"{W}start")
    return None if value is None else str(value)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None and len(text) < 12 else default
    except ValueError:
        return default


def _align(value: str | None) -> str:
    return {"center": "center", "right": "right", "end": "right", "both": "both", "distribute": "both"}.get(
        value or "", ""
    )


def _landscape(section: etree._Element | None) -> bool:
    size = None if section is None else section.find(f"{W}pgSz")
    if size is None:
        return False
    if size.get(f"{W}orient") == "landscape":
        return True
    return _int(size.get(f"{W}w"), 0) > _int(size.get(f"{W}h"), 0) > 0
