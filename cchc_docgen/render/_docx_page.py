"""The page and the document's defaults: A4, margins, text width, page-number header, zoom, base font."""

from __future__ import annotations

import math

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length, Mm, Pt, Twips
from docx.text.paragraph import Paragraph

from ._docx_table import child_in_order
from ._docx_text import FONT_NAME, run_font, set_rfonts

__all__ = [
    "add_page_number_header",
    "set_a4",
    "set_base_font",
    "set_default_zoom",
    "set_margins",
    "text_width",
]

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


# --- base font --------------------------------------------------------------------------------


_BASE_STYLES = ("Normal", "Header", "Footer", "Footnote Text", "Footnote Reference", "Table Grid", "Normal Table")


def set_base_font(document: Document, size_pt: float) -> None:
    """Times New Roman at `size_pt` as the document default, on Normal and on every style naming a font."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.element.insert(0, defaults)
    rpr_default = child_in_order(defaults, "rPrDefault", ("rPrDefault", "pPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    set_rfonts(rpr)
    # Vietnamese proofing: otherwise Word marks every word of the document as misspelt English.
    lang = child_in_order(rpr, "lang", ("rFonts", "lang"))
    lang.set(qn("w:val"), "vi-VN")
    for style in styles:
        element = style.element
        named = element.rPr is not None and element.rPr.find(qn("w:rFonts")) is not None
        if style.name in _BASE_STYLES or named:
            set_rfonts(element.get_or_add_rPr())
    normal = styles["Normal"]
    normal.font.size = Pt(size_pt)
    normal.font.name = FONT_NAME
