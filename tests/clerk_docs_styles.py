"""The clerk's styles: Normal in Times New Roman 14, heading and body styles, numbering linked to headings."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tests import clerk_docs_ooxml as ox

__all__ = ["link_numbering", "setup_styles", "tidy_template"]


def setup_styles(doc: DocxDocument, formatting: str) -> dict[str, str]:
    """Paragraph style ids per role; {} for direct formatting (everything in Normal + run properties)."""
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    if formatting == "direct":
        return {}

    names = {
        "styles": {
            "h1": "Heading 1",
            "h2": "Heading 2",
            "h3": "Heading 3",
            "h4": "Heading 4",
            "h5": "Heading 5",
            "body": "Body Text",
            "list": "List Paragraph",
        },
        "styles-vi": {
            "h1": "Đề mục I",
            "h2": "Đề mục 1",
            "h3": "Đề mục 1.1",
            "h4": "Đề mục 1.1.1",
            "h5": "Đề mục a",
            "body": "Nội dung báo cáo",
            "list": "Gạch đầu dòng",
        },
    }[formatting]
    ids = {}
    for role, name in names.items():
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
        f, pf = style.font, style.paragraph_format
        f.name, f.size, f.color.rgb = "Times New Roman", Pt(14), RGBColor(0, 0, 0)
        f.bold = role in ("h1", "h2", "h3", "h4")
        f.italic = role == "h4"
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.first_line_indent = Cm(1.27)
        pf.space_before, pf.space_after = Pt(6), Pt(0)
        fonts = style.element.rPr.get_or_add_rFonts()
        fonts.set(qn("w:cs"), "Times New Roman")
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)  # a theme font would win over Times New Roman
        color = style.element.rPr.find(qn("w:color"))
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)
        ids[role] = style.style_id
    return ids


def link_numbering(doc: DocxDocument, styles: dict[str, str]) -> int:
    """Heading styles carrying the outline numbering (numPr in styles.xml, pStyle in each level)."""
    if not styles:
        raise ValueError("numbering='word-styles' needs heading styles, not direct formatting")
    roles = tuple(f"h{level}" for level in range(1, 6))
    num_id = ox.add_numbering(doc, ox.heading_abstract(0, tuple(styles[r] for r in roles)))
    for ilvl, role in enumerate(roles):
        ppr = doc.styles.get_by_id(styles[role], WD_STYLE_TYPE.PARAGRAPH).element.get_or_add_pPr()
        num_pr = ppr.get_or_add_numPr()
        if ilvl:
            num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = num_id
        ind = ppr.find(qn("w:ind"))
        if ind is not None:
            ind.set(qn("w:firstLine"), "709")
    return num_id


def tidy_template(doc: DocxDocument) -> None:
    """What Word itself would not write: python-docx's default template has a zoom without percent and a
    stylesWithEffects part (Word 2010 only)."""
    zoom = doc.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
