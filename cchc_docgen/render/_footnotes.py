"""Footnotes: the marks the narrative carries, and the footnotes part python-docx has no API for, built with OPC."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ..report.refs import inline_runs

__all__ = ["Footnote", "add_footnote_reference", "add_footnotes", "next_footnote_id", "part_root"]

_FOOTNOTES_URI = "/word/footnotes.xml"


class Footnote(msgspec.Struct, frozen=True):
    """One footnote: its id in footnotes.xml and its text as typed."""

    id: int
    text: str


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


def part_root(part: Part) -> etree._Element:
    """The XML of `part`: python-docx's element, or its bytes parsed for a part it loads as plain bytes."""
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


def next_footnote_id(document: Document) -> int:
    """The first footnote id free after those the document (its template) already has."""
    part = _existing_footnotes_part(document)
    if part is None:
        return 1
    ids = [int(n.get(qn("w:id"), "0")) for n in part_root(part).iter(qn("w:footnote"))]
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
    paragraph.add_r().text = " "
    for piece in inline_runs(note.text.strip()):  # **bold** and *italic* as in the body
        run = paragraph.add_r()
        run.text = piece.text  # CT_R.text turns "\n" into w:br
        styled = Run(run, None)  # type: ignore[arg-type]  # no parent part is needed to set a font
        if piece.bold:
            styled.bold = True
        if piece.italic:
            styled.italic = True
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
    root = part_root(part)
    for note in notes:
        root.append(_footnote(note, text_style, reference_style))
    if not isinstance(part, XmlPart):
        # A template's own footnotes load as a plain part (docxtpl renders them the same way).
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
