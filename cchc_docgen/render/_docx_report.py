"""Office XML the BÁO CÁO needs beyond the shared helpers: real footnotes and fitted drawn rules.

python-docx 1.2 has no footnote API, so the footnotes part (word/footnotes.xml with the separator
footnotes -1 and 0) is built here with OPC and added once the template is rendered; the narrative
only carries w:footnoteReference runs. Drawn rules in the template are named; after rendering,
each named rule is resized to a fraction of the text it underlines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Pt, Twips
from docx.text.paragraph import Paragraph
from lxml import etree

from ._metrics import text_width_pt

__all__ = [
    "Footnote",
    "add_footnote_reference",
    "add_footnotes",
    "fit_rules",
    "name_rule",
    "next_footnote_id",
    "set_language",
]

_FOOTNOTES_URI = "/word/footnotes.xml"
_DEFAULT_CELL_MARGIN = Twips(108)  # Word's default left/right cell padding (0.19 cm)
_DEFAULT_SIZE = Pt(10)  # what Word assumes when no style gives a size


@dataclass(frozen=True)
class Footnote:
    """One footnote: its id in footnotes.xml and its text as typed."""

    id: int
    text: str


# --- footnotes --------------------------------------------------------------------------------

def add_footnote_reference(paragraph: Paragraph, footnote_id: int, style_id: str) -> None:
    """Append a footnote mark (Word numbers it 1, 2, … by position) to `paragraph`."""
    run = paragraph.add_run()
    run._r.get_or_add_rPr().style = style_id
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(footnote_id))
    run._r.append(reference)


def _existing_footnotes_part(document: Document) -> Part | None:
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            return rel.target_part  # type: ignore[no-any-return]
    return None


def _footnotes_root(part: Part) -> etree._Element:
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


def next_footnote_id(document: Document) -> int:
    """The first footnote id free after those the document (its template) already has."""
    part = _existing_footnotes_part(document)
    if part is None:
        return 1
    ids = [int(n.get(qn("w:id"), "0")) for n in _footnotes_root(part).iter(qn("w:footnote"))]
    return max([0, *ids]) + 1


def _separator(kind: str, footnote_id: int) -> etree._Element:
    note = OxmlElement("w:footnote")
    note.set(qn("w:type"), kind)
    note.set(qn("w:id"), str(footnote_id))
    paragraph = OxmlElement("w:p")
    note.append(paragraph)
    spacing = paragraph.get_or_add_pPr().get_or_add_spacing()
    for attr, value in (("after", "0"), ("line", "240"), ("lineRule", "auto")):
        spacing.set(qn(f"w:{attr}"), value)
    paragraph.add_r().append(OxmlElement(f"w:{kind}"))
    return note


def _footnote(note: Footnote, text_style: str, reference_style: str) -> etree._Element:
    element = OxmlElement("w:footnote")
    element.set(qn("w:id"), str(note.id))
    paragraph = OxmlElement("w:p")
    element.append(paragraph)
    paragraph.style = text_style
    mark = paragraph.add_r()
    mark.get_or_add_rPr().style = reference_style
    mark.append(OxmlElement("w:footnoteRef"))
    paragraph.add_r().text = " " + note.text.strip()  # CT_R.text turns "\n" into w:br
    return element


def add_footnotes(document: Document, notes: Sequence[Footnote], text_style: str, reference_style: str) -> None:
    """Write `notes` to the document's footnotes part, creating the part when there is none."""
    if not notes:
        return
    part = _existing_footnotes_part(document)
    if part is None:
        root = OxmlElement("w:footnotes")
        root.append(_separator("separator", -1))
        root.append(_separator("continuationSeparator", 0))
        part = XmlPart(PackURI(_FOOTNOTES_URI), CT.WML_FOOTNOTES, root, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
    root = _footnotes_root(part)
    for note in notes:
        root.append(_footnote(note, text_style, reference_style))
    if not isinstance(part, XmlPart):
        # A template's own footnotes load as a plain part (docxtpl renders them the same way).
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- drawn rules ------------------------------------------------------------------------------

def name_rule(rule: Paragraph, name: str) -> None:
    """Name the drawn line(s) in `rule` so fit_rules can find them after staff edit the template."""
    for doc_pr in rule._p.iter(qn("wp:docPr")):
        doc_pr.set("name", name)


def _previous_paragraph(p: etree._Element) -> etree._Element | None:
    sibling = p.getprevious()
    while sibling is not None and sibling.tag != qn("w:p"):
        sibling = sibling.getprevious()
    return sibling


def _ancestor(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != qn(tag):
        parent = parent.getparent()
    return parent


def _run_size_and_bold(document: Document, p: etree._Element, r: etree._Element) -> tuple[Length, bool]:
    """Size and boldness of a run as displayed: the run's own, else its paragraph style chain's."""
    rpr = r.rPr
    size = rpr.sz_val if rpr is not None else None
    bold = rpr.b_val if rpr is not None else None
    style = document.styles.get_by_id(p.style, WD_STYLE_TYPE.PARAGRAPH)
    while style is not None and (size is None or bold is None):
        size = size if size is not None else style.font.size
        bold = bold if bold is not None else style.font.bold
        style = style.base_style
    if size is None:
        defaults = document.styles.element.find(qn("w:docDefaults"))
        sz = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}") if defaults is not None else None
        size = Pt(int(sz.get(qn("w:val"))) / 2) if sz is not None else _DEFAULT_SIZE
    return Length(size), bool(bold)


def _longest_line_pt(document: Document, p: etree._Element, available_pt: float) -> float:
    """Width of the longest printed line of paragraph `p`, wrapping at `available_pt`."""
    lines: list[float] = [0.0]
    for r in p.iter(qn("w:r")):
        size, bold = _run_size_and_bold(document, p, r)
        for index, piece in enumerate(r.text.split("\n")):
            if index:
                lines.append(0.0)
            lines[-1] += text_width_pt(piece, size.pt, bold)
    return min(max(lines), available_pt)


def _available_width_pt(document: Document, p: etree._Element) -> float:
    """Room for text of paragraph `p`: its table cell's width, else the page's text width."""
    tc = _ancestor(p, "w:tc")
    if tc is not None and tc.width is not None:
        padding = 2 * _DEFAULT_CELL_MARGIN
        tbl = _ancestor(tc, "w:tbl")
        margins = tbl.tblPr.find(qn("w:tblCellMar")) if tbl is not None else None
        if margins is not None:
            sides = [margins.find(qn(f"w:{side}")) for side in ("left", "right")]
            padding = sum(Twips(int(s.get(qn("w:w"), "108"))) for s in sides if s is not None)
        return float(Length(tc.width - padding).pt)
    section = document.sections[-1]
    return float(Length(section.page_width - section.left_margin - section.right_margin).pt)


def fit_rules(document: Document, fractions: Mapping[str, float]) -> None:
    """Resize each drawn rule named in `fractions` to that fraction of the text line just above it."""
    for doc_pr in list(document.element.body.iter(qn("wp:docPr"))):
        fraction = fractions.get(doc_pr.get("name", ""))
        p = _ancestor(doc_pr, "w:p")
        above = _previous_paragraph(p) if p is not None else None
        if fraction is None or above is None:
            continue
        width = _longest_line_pt(document, above, _available_width_pt(document, above))
        if width <= 0:
            continue
        length = str(Emu(Pt(width * fraction)))
        frame = doc_pr.getparent()
        for extent in (frame.find(qn("wp:extent")), *frame.iter(qn("a:ext"))):
            if extent is not None:
                extent.set("cx", length)


# --- language ---------------------------------------------------------------------------------

def set_language(document: Document, tag: str = "vi-VN") -> None:
    """Make `tag` the document's proofing language (docDefaults), so Word checks Vietnamese."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
