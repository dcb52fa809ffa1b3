"""Office XML the rendered BÁO CÁO needs beyond the shared helpers: compatibility, spacing, properties.

A line ending in a line break is not stretched in a justified paragraph, two tables never touch
(Word and LibreOffice would merge them), and the package properties say who wrote the report and
when. The footnotes are added by _footnotes.py, the drawn rules fitted by _drawn_rules.py.
"""

from __future__ import annotations

from datetime import datetime

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ._footnotes import part_root
from .file_properties import APPLICATION, property_text

__all__ = [
    "keep_broken_lines_unstretched",
    "separate_adjacent_tables",
    "set_document_properties",
]

# --- compatibility options -------------------------------------------------------------------

# CT_Compat options that come before w:doNotExpandShiftReturn in the schema.
_COMPAT_BEFORE_SHIFT_RETURN = {
    qn(f"w:{name}")
    for name in (
        "useSingleBorderforContiguousCells",
        "wpJustification",
        "noTabHangInd",
        "noLeading",
        "spaceForUL",
        "noColumnBalance",
        "balanceSingleByteDoubleByteWidth",
        "noExtraLineSpacing",
        "doNotLeaveBackslashAlone",
        "ulTrailSpace",
        "doNotExpandShiftReturn",
    )
}


def keep_broken_lines_unstretched(document: Document) -> None:
    """A line ending in a line break ("\\n" in the text) is not stretched in a justified paragraph.

    Word's compatibility option w:doNotExpandShiftReturn; LibreOffice reads it too.
    """
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        return  # a settings part without compatibility options: Word's defaults apply
    if compat.find(qn("w:doNotExpandShiftReturn")) is not None:
        return
    index = 0
    while index < len(compat) and compat[index].tag in _COMPAT_BEFORE_SHIFT_RETURN:
        index += 1
    compat.insert(index, OxmlElement("w:doNotExpandShiftReturn"))


# --- tables that touch ------------------------------------------------------------------------


def _spacer_paragraph() -> etree._Element:
    """An empty paragraph one point high, with no space around it."""
    paragraph = OxmlElement("w:p")
    p_pr = paragraph.get_or_add_pPr()
    spacing = p_pr.get_or_add_spacing()
    for attr, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{attr}"), value)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    p_pr.append(mark)
    return paragraph


def separate_adjacent_tables(document: Document) -> int:
    """Put a small empty paragraph between any two tables that touch; return how many were put.

    Word and LibreOffice join two adjacent w:tbl into one table: a narrative table right above the
    signature table would take its borderless layout and lose its own lines.
    """
    added = 0
    for table in list(document.element.body.iter(qn("w:tbl"))):
        following = table.getnext()
        if following is not None and following.tag == qn("w:tbl"):
            table.addnext(_spacer_paragraph())
            added += 1
    return added


# --- package properties -----------------------------------------------------------------------

_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
#: Counts and editing time of the base template: stale in any generated document, so dropped.
_STALE_EXTENDED = ("TotalTime", "Pages", "Words", "Characters", "Lines", "Paragraphs", "CharactersWithSpaces")
_CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_CORE_NAMESPACES = {
    _CORE_NS,
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
}


def _set_extended_properties(document: Document, application: str, company: str) -> None:
    """docProps/app.xml: the application that made the file and the agency; no stale counts."""
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the base template, not of this document
            package.rels.pop(rel.rId)
    part = next((r.target_part for r in package.rels.values() if r.reltype == RT.EXTENDED_PROPERTIES), None)
    if part is None:
        return
    root = part_root(part)  # a plain part: parse its blob
    for name in _STALE_EXTENDED:
        for element in root.findall(f"{{{_EXTENDED_NS}}}{name}"):
            root.remove(element)
    for name, value in (("Application", application), ("Company", company)):
        element = root.find(f"{{{_EXTENDED_NS}}}{name}")
        if element is None:
            element = etree.SubElement(root, f"{{{_EXTENDED_NS}}}{name}")
        element.text = value
    for element in root.findall(f"{{{_EXTENDED_NS}}}AppVersion"):
        root.remove(element)  # the version of the base template's Word, not ours
    if isinstance(part, XmlPart):
        return
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_document_properties(document: Document, title: str, author: str, when: datetime) -> None:
    """Title, author, dates and application of the file (File → Properties), from the report."""
    props = document.core_properties
    title, author = property_text(title), property_text(author)
    props.title = title
    props.subject = title
    props.author = author
    props.created = when
    props.modified = when
    props.comments = ""
    props.keywords = ""
    props.category = ""
    core = props._element
    for element in list(core):  # python-docx writes these two in the wrong namespace
        if etree.QName(element).namespace not in _CORE_NAMESPACES:
            core.remove(element)
    for name, value in (("lastModifiedBy", author), ("revision", "1")):
        element = core.find(f"{{{_CORE_NS}}}{name}")
        if element is None:
            element = etree.SubElement(core, f"{{{_CORE_NS}}}{name}")
        element.text = value
    _set_extended_properties(document, APPLICATION, author)
