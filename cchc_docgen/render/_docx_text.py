"""Runs and paragraphs in Times New Roman: python-docx's setters, and the fast copies and XML text that match them."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Sequence

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

__all__ = [
    "FONT_NAME",
    "add_bookmark",
    "add_formatted_run",
    "add_run",
    "add_styled_paragraph",
    "add_text_run",
    "bookmark_xml",
    "format_paragraph",
    "paragraph_xml",
    "run_font",
    "run_xml",
    "set_rfonts",
    "styled_paragraph_xml",
]

#: The only typeface Nghị định 30 allows.
FONT_NAME = "Times New Roman"


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


# --- paragraphs and runs as XML text, for table rows parsed at once (_docx_table.py) ----------
# A Phụ lục of two hundred rows has a thousand cells: making each through python-docx's proxies
# (table.rows, row.cells, one element at a time) costs more than the rest of the document. The
# paragraphs and runs of its cells are written here as XML text from the same finished elements
# the helpers above copy: the XML is the same as `format_paragraph` and `add_text_run` (or
# `add_styled_paragraph` and `add_formatted_run`) on each cell would give.

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


# --- bookmarks --------------------------------------------------------------------------------


def bookmark_xml(bookmark_id: int, name: str) -> tuple[str, str]:
    """The XML of a bookmark's start and end, to stand around a paragraph's runs (`name` is
    plain ASCII: no escaping needed)."""
    return f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/>', f'<w:bookmarkEnd w:id="{bookmark_id}"/>'


def add_bookmark(paragraph: Paragraph, bookmark_id: int, name: str) -> None:
    """A bookmark around the runs `paragraph` has now; a name starting with "_" is a hidden
    bookmark, which Word and LibreOffice keep but neither shows nor prints."""
    p = paragraph._p
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    if p.pPr is not None:
        p.pPr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)
