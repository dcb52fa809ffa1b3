"""Word building blocks shared by the BÁO CÁO and Phụ lục renderers (Nghị định 30/2020 layout).

Every piece of raw Office XML the renderers need lives here, behind a helper named after what it
makes: A4 pages and margins, the Times New Roman base font, the page-number header, repeated table
headers, rows kept on one page, borders, column widths and short drawn rules.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from collections.abc import Sequence

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt, Twips
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

__all__ = [
    "FONT_NAME",
    "add_drawn_rule",
    "add_formatted_run",
    "add_page_number_header",
    "add_run",
    "add_styled_paragraph",
    "add_text_run",
    "append_rows_xml",
    "cell_xml",
    "center_vertically",
    "clear_table_borders",
    "format_paragraph",
    "keep_row_together",
    "paragraph_xml",
    "repeat_as_header",
    "row_xml",
    "run_font",
    "run_xml",
    "set_a4",
    "set_base_font",
    "set_cell_margins",
    "set_col_widths",
    "set_default_zoom",
    "set_margins",
    "set_rfonts",
    "set_table_borders",
    "styled_paragraph_xml",
    "text_width",
]

#: The only typeface Nghị định 30 allows.
FONT_NAME = "Times New Roman"

# Child order required by the schema (CT_TrPr, CT_TblPr, CT_TcPr): Word refuses out-of-order children.
_TR_PR_ORDER = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange"
).split()
_TBL_PR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange"
).split()
_TC_PR_ORDER = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark"
).split()
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")

_WPS_URI = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_MC_URI = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_EMU_PER_CM = 360000
_EMU_PER_PT = 12700


def _child_in_order(parent: BaseOxmlElement, tag: str, order: Sequence[str]) -> BaseOxmlElement:
    """Return `parent`'s w:`tag` child, creating it at its schema position when missing."""
    found: BaseOxmlElement | None = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = {qn(f"w:{name}") for name in order[order.index(tag) + 1 :]}
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


# --- page -------------------------------------------------------------------------------------


def set_a4(section: Section, landscape: bool = False) -> None:
    """Make `section` an A4 page, portrait or landscape (297 × 210 mm)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long = Mm(210), Mm(297)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def _twips_up(mm: float) -> Length:
    """`mm` rounded up to whole twips: Word stores twips, and truncating 20 mm gives 19,99 mm."""
    return Twips(math.ceil(Mm(mm) / Twips(1)))


def set_margins(
    section: Section, top_mm: float = 20, bottom_mm: float = 20, left_mm: float = 30, right_mm: float = 15
) -> None:
    """Nghị định 30 margins (defaults: top/bottom 20 mm, left 30 mm, right 15 mm)."""
    section.top_margin, section.bottom_margin = _twips_up(top_mm), _twips_up(bottom_mm)
    section.left_margin, section.right_margin = _twips_up(left_mm), _twips_up(right_mm)
    section.header_distance = Mm(min(10, top_mm / 2))  # page number sits inside the top margin
    section.footer_distance = Mm(min(10, bottom_mm / 2))


def text_width(section: Section) -> Length:
    """Width between the left and right margins."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None
    return Length(width - left - right)


def add_page_number_header(section: Section, size_pt: float = 13) -> Paragraph:
    """A centred PAGE field in the header, with an empty first-page header: page 1 has no number."""
    section.different_first_page_header_footer = True  # w:titlePg
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph: Paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        run = paragraph.add_run()
        run_font(run, size_pt)
        if kind == "text":
            run.text = text or ""
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    return paragraph


def set_default_zoom(document: Document, percent: int = 100) -> None:
    """Word opens the document at `percent` unless it already says how much (w:zoom w:percent).

    The schema requires w:percent on a w:zoom: python-docx's blank document has `<w:zoom
    w:val="bestFit"/>` alone, which Word may report as unreadable content. The w:val (fit the page
    to the window) is kept; w:percent is the zoom Word uses when it cannot apply it.
    """
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), str(percent))


# --- fonts ------------------------------------------------------------------------------------


def set_rfonts(rpr: BaseOxmlElement, name: str = FONT_NAME) -> None:
    """Set w:rFonts ascii/hAnsi/cs/eastAsia on a w:rPr and drop theme fonts (which win over names)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        style = rpr.find(qn("w:rStyle"))
        rpr.insert(0 if style is None else rpr.index(style) + 1, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), name)


_BASE_STYLES = ("Normal", "Header", "Footer", "Footnote Text", "Footnote Reference", "Table Grid", "Normal Table")


def set_base_font(document: Document, size_pt: float) -> None:
    """Times New Roman at `size_pt` as the document default, on Normal and on every style naming a font."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.element.insert(0, defaults)
    rpr_default = _child_in_order(defaults, "rPrDefault", ("rPrDefault", "pPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    set_rfonts(rpr)
    # Vietnamese proofing: otherwise Word marks every word of the document as misspelt English.
    lang = _child_in_order(rpr, "lang", ("rFonts", "lang"))
    lang.set(qn("w:val"), "vi-VN")
    for style in styles:
        element = style.element
        named = element.rPr is not None and element.rPr.find(qn("w:rFonts")) is not None
        if style.name in _BASE_STYLES or named:
            set_rfonts(element.get_or_add_rPr())
    normal = styles["Normal"]
    normal.font.size = Pt(size_pt)
    normal.font.name = FONT_NAME


def run_font(run: Run, size_pt: float, bold: bool = False, italic: bool = False) -> Run:
    """Times New Roman at `size_pt` on one run, bold/italic set explicitly."""
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.italic = italic
    set_rfonts(run._r.get_or_add_rPr())
    return run


# --- text in table cells, by copying finished elements ----------------------------------------
# python-docx adds each property by searching the schema's order of children, element by element;
# a table of a thousand cells spends most of its time there. These helpers build a property set
# once with python-docx and copy it: the XML is the same as setting the properties one by one.

#: Characters python-docx turns into elements (w:tab, w:br) when it sets a run's text.
_RUN_SPECIAL = re.compile("[\t\n\r]")


def _scratch_paragraph() -> Paragraph:
    """A paragraph in no document, to build properties on (nothing in it looks up the document)."""
    return Paragraph(parse_xml(f"<w:p {nsdecls('w')}/>"), None)  # type: ignore[arg-type]


@functools.cache
def _run_prototype(size_pt: float, bold: bool, italic: bool) -> BaseOxmlElement:
    paragraph = _scratch_paragraph()
    run_font(paragraph.add_run("x"), size_pt, bold=bold, italic=italic)
    return paragraph._p.r_lst[0]


def add_text_run(paragraph: Paragraph, text: str, size_pt: float, bold: bool = False, italic: bool = False) -> None:
    """Append a run of `text`, as `run_font(paragraph.add_run(text), size_pt, bold, italic)` would."""
    if _RUN_SPECIAL.search(text):
        run_font(paragraph.add_run(text), size_pt, bold=bold, italic=italic)
        return
    run = copy.deepcopy(_run_prototype(size_pt, bold, italic))
    t = run[-1]
    t.text = text
    if len(text.strip()) < len(text):
        t.set(qn("xml:space"), "preserve")
    paragraph._p.append(run)


def add_run(paragraph: Paragraph, text: str) -> Run:
    """`paragraph.add_run(text)`, without python-docx's character-by-character pass over a text
    that has no tab or line break (such a text is one w:t, as python-docx makes it)."""
    if _RUN_SPECIAL.search(text):
        return paragraph.add_run(text)
    r = paragraph._p.add_r()
    if text:
        r.add_t(text)
    return Run(r, paragraph)


@functools.cache
def _styled_paragraph(style_id: str) -> BaseOxmlElement:
    paragraph = _scratch_paragraph()
    paragraph._p.style = style_id
    return paragraph._p


def add_styled_paragraph(document: Document, style_id: str) -> Paragraph:
    """`document.add_paragraph()` given the paragraph style `style_id` (`_p.style = style_id`), by
    copying a paragraph python-docx styled once."""
    body = document._body
    p = copy.deepcopy(_styled_paragraph(style_id))
    body._element._insert_p(p)
    return Paragraph(p, body)


def _set_paragraph_properties(
    paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH, hanging_pt: float, keep_with_next: bool
) -> None:
    paragraph.alignment = align
    if hanging_pt:
        paragraph.paragraph_format.left_indent = Pt(hanging_pt)
        paragraph.paragraph_format.first_line_indent = Pt(-hanging_pt)
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True


@functools.cache
def _paragraph_properties(align: WD_ALIGN_PARAGRAPH, hanging_pt: float, keep_with_next: bool) -> BaseOxmlElement:
    paragraph = _scratch_paragraph()
    _set_paragraph_properties(paragraph, align, hanging_pt, keep_with_next)
    properties = paragraph._p.pPr
    assert properties is not None
    return properties


def format_paragraph(
    paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH, hanging_pt: float = 0, keep_with_next: bool = False
) -> None:
    """Alignment, an optional hanging indent (list lines) and, if asked, keep-with-next (w:keepNext:
    on every paragraph of a table row, the row stays on the page of the next one) on a paragraph
    without properties yet."""
    if paragraph._p.pPr is not None:
        _set_paragraph_properties(paragraph, align, hanging_pt, keep_with_next)
        return
    paragraph._p.insert(0, copy.deepcopy(_paragraph_properties(align, hanging_pt, keep_with_next)))


_V_ALIGN_CENTER = parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>')


def center_vertically(cell: _Cell) -> None:
    """`cell.vertical_alignment = CENTER`, by copying when the cell has only its width set."""
    tc_pr = cell._tc.tcPr
    if tc_pr is not None and [child.tag for child in tc_pr] == [qn("w:tcW")]:
        tc_pr.append(copy.deepcopy(_V_ALIGN_CENTER))
    else:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


# --- body rows of a long table, written as XML text and parsed once ---------------------------
# A Phụ lục of two hundred rows has a thousand cells: making each through python-docx's proxies
# (table.rows, row.cells, one element at a time) costs more than the rest of the document. The
# rows are written here as XML text from the same finished elements the helpers above copy, and
# parsed in one go: the XML is the same as `center_vertically`, `format_paragraph` and
# `add_text_run` on each cell would give.

_NS_DECLARATION = re.compile(r' xmlns:\w+="[^"]*"')


def _xml_text(element: BaseOxmlElement) -> str:
    """`element` as XML text without the namespace declarations of its start tag (the enclosing
    document has them); text that happens to read like one is left alone."""
    text: str = etree.tostring(element, encoding="unicode")
    end = text.index(">")
    return _NS_DECLARATION.sub("", text[:end]) + text[end:]


def _run_start(run: BaseOxmlElement) -> str:
    """The XML of a run whose text is "x", up to that text: "<w:r>" or "<w:r><w:rPr>…</w:rPr>"."""
    start, _ = _xml_text(run).split("<w:t>x</w:t>")
    return start


def _text_xml(text: str) -> str:
    """A w:t holding `text` (no tab or line break), as python-docx writes it."""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<w:t{space}>{escaped}</w:t>"


@functools.cache
def _run_xml_open(size_pt: float, bold: bool, italic: bool) -> str:
    """The start of a run of `add_text_run` up to its text."""
    return _run_start(_run_prototype(size_pt, bold, italic))


@functools.cache
def _paragraph_xml_open(align: WD_ALIGN_PARAGRAPH, hanging_pt: float, keep_with_next: bool) -> str:
    return "<w:p>" + _xml_text(_paragraph_properties(align, hanging_pt, keep_with_next))


def paragraph_xml(
    text: str,
    align: WD_ALIGN_PARAGRAPH,
    hanging_pt: float,
    size_pt: float,
    bold: bool = False,
    keep_with_next: bool = False,
) -> str:
    """A paragraph's XML, as `format_paragraph` then `add_text_run` (when `text` is not empty) make it."""
    if _RUN_SPECIAL.search(text):  # tabs and breaks become elements: python-docx writes them
        paragraph = _scratch_paragraph()
        format_paragraph(paragraph, align, hanging_pt, keep_with_next)
        add_text_run(paragraph, text, size_pt, bold=bold)
        return _xml_text(paragraph._p)
    start = _paragraph_xml_open(align, hanging_pt, keep_with_next)
    if not text:
        return start + "</w:p>"
    return f"{start}{_run_xml_open(size_pt, bold, False)}{_text_xml(text)}</w:r></w:p>"


def add_formatted_run(paragraph: Paragraph, text: str, bold: bool = False, italic: bool = False) -> Run:
    """`add_run(paragraph, text)`, then `run.bold = True` if `bold` and `run.italic = True` if `italic`."""
    run = add_run(paragraph, text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    return run


@functools.cache
def _formatted_run_open(bold: bool, italic: bool) -> str:
    """The start of a run of `add_formatted_run` up to its text."""
    return _run_start(add_formatted_run(_scratch_paragraph(), "x", bold, italic)._r)


def run_xml(text: str, bold: bool = False, italic: bool = False) -> str:
    """A run's XML, as `add_formatted_run` makes it."""
    if _RUN_SPECIAL.search(text):  # tabs and breaks become elements: python-docx writes them
        return _xml_text(add_formatted_run(_scratch_paragraph(), text, bold, italic)._r)
    return f"{_formatted_run_open(bold, italic)}{_text_xml(text)}</w:r>"


@functools.cache
def _styled_paragraph_open(style_id: str, align: WD_ALIGN_PARAGRAPH | None) -> str:
    paragraph = Paragraph(copy.deepcopy(_styled_paragraph(style_id)), None)  # type: ignore[arg-type]
    if align is not None:
        paragraph.alignment = align
    return _xml_text(paragraph._p).removesuffix("</w:p>")


def styled_paragraph_xml(style_id: str, align: WD_ALIGN_PARAGRAPH | None, runs: Sequence[str]) -> str:
    """A paragraph's XML, as `add_styled_paragraph`, then `paragraph.alignment = align` (if any),
    then appending `runs` (from `run_xml`) make it."""
    return f"{_styled_paragraph_open(style_id, align)}{''.join(runs)}</w:p>"


def cell_xml(width: Length, paragraphs: Sequence[str], span: int = 1, merge: str | None = None) -> str:
    """A cell of `width`, vertically centred, holding `paragraphs` (from `paragraph_xml`); `span`
    grid columns wide, and `merge` "restart" or "continue" for a vertical merge (w:vMerge)."""
    spanned = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merged = {None: "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[merge]
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width.twips}"/>{spanned}{merged}<w:vAlign w:val="center"/>'
        f"</w:tcPr>{''.join(paragraphs) or '<w:p/>'}</w:tc>"
    )


def row_xml(cells: Sequence[str], keep_together: bool, header: bool = False) -> str:
    """A row of `cells` (from `cell_xml`); `keep_together` as `keep_row_together` sets it, `header`
    as `repeat_as_header`."""
    flags = "".join(flag for flag, wanted in (("<w:cantSplit/>", keep_together), ("<w:tblHeader/>", header)) if wanted)
    properties = f"<w:trPr>{flags}</w:trPr>" if flags else ""
    return f"<w:tr>{properties}{''.join(cells)}</w:tr>"


def append_rows_xml(table: Table, rows: Sequence[str]) -> None:
    """Parse `rows` (from `row_xml`) at once and append them to `table`."""
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
    tbl = table._tbl
    for tr in list(parsed):
        tbl.append(tr)


# --- tables -----------------------------------------------------------------------------------


def _row_property(row: _Row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    _child_in_order(tr_pr, tag, _TR_PR_ORDER)


def repeat_as_header(row: _Row) -> None:
    """Repeat `row` at the top of every page the table spans (w:tblHeader)."""
    _row_property(row, "tblHeader")


def keep_row_together(row: _Row) -> None:
    """Never split `row` across a page break (w:cantSplit)."""
    _row_property(row, "cantSplit")


def _set_borders(table: Table, val: str, sz: int) -> None:
    borders = _child_in_order(table._tbl.tblPr, "tblBorders", _TBL_PR_ORDER)
    for child in list(borders):
        borders.remove(child)
    for side in _BORDER_SIDES:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), val)
        edge.set(qn("w:sz"), str(sz))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000" if val != "nil" else "auto")
        borders.append(edge)


def set_table_borders(table: Table, sz: int = 4) -> None:
    """Single black lines around and between every cell; `sz` in eighths of a point (4 = ½ pt)."""
    _set_borders(table, "single", sz)


def clear_table_borders(table: Table) -> None:
    """No lines at all (the header and signature layout tables)."""
    _set_borders(table, "nil", 0)


def set_cell_margins(
    target: Table | _Cell, top_pt: float = 0, bottom_pt: float = 0, left_pt: float = 5.4, right_pt: float = 5.4
) -> None:
    """Inner padding of every cell of a table (w:tblCellMar) or of one cell (w:tcMar)."""
    if isinstance(target, Table):
        margins = _child_in_order(target._tbl.tblPr, "tblCellMar", _TBL_PR_ORDER)
    else:
        margins = _child_in_order(target._tc.get_or_add_tcPr(), "tcMar", _TC_PR_ORDER)
    for child in list(margins):
        margins.remove(child)
    for side, points in (("top", top_pt), ("left", left_pt), ("bottom", bottom_pt), ("right", right_pt)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(points * 20)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)


def set_col_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths, written to w:tblGrid, w:tblW and every cell (Word and LibreOffice differ
    in which one they obey)."""
    table.autofit = False  # w:tblLayout type="fixed"
    tbl_w = _child_in_order(table._tbl.tblPr, "tblW", _TBL_PR_ORDER)
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            tc_pr = tc.tcPr
            tc_w = None if tc_pr is None or tc_pr.gridSpan is not None else tc_pr.tcW
            if tc_w is not None:  # the usual cell: one column, its width already there to change
                tc_w.width = Length(widths[column])
                column += 1
                continue
            span = tc.grid_span
            tc.width = Length(sum(widths[column : column + span]))
            column += span


# --- drawn rules ------------------------------------------------------------------------------


def _next_drawing_id(element: BaseOxmlElement) -> int:
    root = element.getroottree().getroot()
    ids = [int(v) for v in (e.get("id", "") for e in root.iter(qn("wp:docPr"))) if v.isdigit()]
    return max(ids, default=0) + 1


def add_drawn_rule(paragraph: Paragraph, length_cm: float, weight_pt: float = 0.75, gap_pt: float = 2) -> Paragraph:
    """A solid drawn line `length_cm` long, centred under `paragraph`, in a new paragraph after it.

    The line is a DrawingML shape (wps, placed in line with text) in its own centred paragraph with
    no spacing but `gap_pt` above, so it sits just under the last line of `paragraph` however many
    lines that has (descenders included). As Word writes a shape, it is the mc:Choice of an
    mc:AlternateContent that requires wps (Word 2010 and later, LibreOffice): a reader that knows
    only the standard (ISO/IEC 29500) skips it instead of meeting an element it cannot read. No
    VML fallback: where Word 2007 would draw it cannot be checked here, and a line across the title
    is worse than none.
    Returns the rule's paragraph (set its space_after to separate what follows).
    """
    new_p = OxmlElement("w:p")
    paragraph._p.addnext(new_p)
    rule = Paragraph(new_p, paragraph._parent)
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = rule.paragraph_format
    fmt.space_before, fmt.space_after = Pt(gap_pt), Pt(0)
    fmt.line_spacing = Pt(4)  # exact: keeps the line close under the text
    fmt.first_line_indent = fmt.left_indent = fmt.right_indent = Pt(0)
    fmt.keep_with_next = False
    length = round(length_cm * _EMU_PER_CM)
    weight = round(weight_pt * _EMU_PER_PT)
    drawing_id = _next_drawing_id(paragraph._p)
    xml = (
        f'<mc:AlternateContent {nsdecls("w")} xmlns:mc="{_MC_URI}">'
        f'<mc:Choice xmlns:wps="{_WPS_URI}" Requires="wps">'
        f'<w:drawing {nsdecls("wp", "a")}>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{length}" cy="0"/>'
        f'<wp:effectExtent l="0" t="{weight // 2}" r="0" b="{weight // 2}"/>'
        f'<wp:docPr id="{drawing_id}" name="Rule {drawing_id}"/>'
        "<wp:cNvGraphicFramePr/>"
        f'<a:graphic><a:graphicData uri="{_WPS_URI}"><wps:wsp><wps:cNvCnPr/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{length}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{weight}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
        "</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:inline></w:drawing></mc:Choice></mc:AlternateContent>"
    )
    run = rule.add_run()
    run._r.append(parse_xml(xml))
    return rule
