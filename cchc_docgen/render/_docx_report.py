"""Office XML the BÁO CÁO needs beyond the shared helpers: footnotes, drawn rules, properties.

python-docx 1.2 has no footnote API, so the footnotes part (word/footnotes.xml with the separator
footnotes -1 and 0) is built here with OPC and added once the template is rendered; the narrative
only carries w:footnoteReference runs. Drawn rules in the template are named; after rendering,
each named rule is resized to a fraction of the text it underlines. Two tables never touch (Word
and LibreOffice would merge them), and the package properties say who wrote the report and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime

import msgspec
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt, Twips
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ..core.text_metrics import text_width_pt
from ..report.refs import inline_runs
from ._title_wrap import printed_line_widths_pt, two_lines, wrap_title

__all__ = [
    "Footnote",
    "add_footnote_reference",
    "add_footnotes",
    "balance_long_line",
    "balance_title",
    "fit_rules",
    "keep_broken_lines_unstretched",
    "name_rule",
    "next_footnote_id",
    "separate_adjacent_tables",
    "set_document_properties",
]

_FOOTNOTES_URI = "/word/footnotes.xml"
_DEFAULT_CELL_MARGIN = Twips(108)  # Word's default left/right cell padding (0.19 cm)
_DEFAULT_SIZE = Pt(10)  # what Word assumes when no style gives a size


class Footnote(msgspec.Struct, frozen=True):
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
    font = Font(r)
    size, bold = font.size, font.bold
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
    page = section.page_width or Mm(210)
    return float(Length(page - (section.left_margin or 0) - (section.right_margin or 0)).pt)


def _text_above_rules(document: Document, names: Iterable[str]) -> Iterator[tuple[etree._Element, etree._Element]]:
    """(docPr, paragraph just above the rule) for each drawn rule called one of `names`."""
    wanted = set(names)
    for doc_pr in list(document.element.body.iter(qn("wp:docPr"))):
        p = _ancestor(doc_pr, "w:p")
        above = _previous_paragraph(p) if p is not None else None
        if doc_pr.get("name", "") in wanted and above is not None:
            yield doc_pr, above


def balance_long_line(document: Document, rule_name: str, fill: float = 0.95) -> None:
    """Break the one-line text above rule `rule_name` into two even lines when it (nearly) fills its room.

    "SỞ THÔNG TIN / VÀ TRUYỀN THÔNG" rather than Word's "SỞ THÔNG TIN VÀ TRUYỀN / THÔNG": the
    lines as even as possible, a break before "VÀ" preferred and none inside a word ("SỞ LAO ĐỘNG
    - THƯƠNG / BINH …") or a name ("TỈNH / SÓC TRĂNG") if it can be helped (`two_lines`). Text
    already broken by hand (a "\n" typed in the name) or in several runs is left alone.
    """
    for _, above in _text_above_rules(document, [rule_name]):
        runs = [r for r in above.iter(qn("w:r")) if r.text]
        if len(runs) != 1 or "\n" in runs[0].text:
            continue
        run, text = runs[0], runs[0].text
        size, bold = _run_size_and_bold(document, above, run)
        room = _available_width_pt(document, above)
        if text_width_pt(text, size.pt, bold) <= fill * room:
            continue
        lines = two_lines(text, room, size.pt, bold)
        if lines is not None:
            run.text = "\n".join(lines)  # CT_R.text writes a w:br


def _indents_pt(p: etree._Element) -> float:
    """The paragraph's own left and right indents, in points."""
    fmt = Paragraph(p, None).paragraph_format  # type: ignore[arg-type]  # reads the XML only
    return sum(float(indent.pt) for indent in (fmt.left_indent, fmt.right_indent) if indent is not None)


def _single_run(p: etree._Element) -> etree._Element | None:
    """The paragraph's one run of text, if its text is in one run."""
    runs = [r for r in p.iter(qn("w:r")) if r.text]
    return runs[0] if len(runs) == 1 else None


def _widest_printed_line_pt(document: Document, p: etree._Element, room_pt: float) -> float:
    """The widest line paragraph `p` prints in `room_pt` less its own indents (word wrap measured)."""
    run = _single_run(p)
    if run is None:
        return _longest_line_pt(document, p, room_pt - _indents_pt(p))
    size, bold = _run_size_and_bold(document, p, run)
    return min(max(printed_line_widths_pt(run.text, room_pt - _indents_pt(p), size.pt, bold)), room_pt)


def _is_centred(document: Document, p: etree._Element) -> bool:
    paragraph = Paragraph(p, None)  # type: ignore[arg-type]  # reads the XML only
    alignment = paragraph.alignment
    style = document.styles.get_by_id(p.style, WD_STYLE_TYPE.PARAGRAPH)
    while alignment is None and style is not None:
        alignment = style.paragraph_format.alignment
        style = style.base_style
    return alignment == WD_ALIGN_PARAGRAPH.CENTER


def balance_title(document: Document, rule_name: str) -> None:
    """Break the centred title above rule `rule_name` where a reader would (render/_title_wrap.py):
    "năm 2023", "quý I" kept together, lines as even as possible. Its text is not changed: the
    paragraph is narrowed to the width at which Word breaks it there. A title in several runs, one
    not centred or one broken by hand is left as it is."""
    for _, above in _text_above_rules(document, [rule_name]):
        run = _single_run(above)
        if run is None or not _is_centred(document, above):
            continue
        size, bold = _run_size_and_bold(document, above, run)
        room = _available_width_pt(document, above) - _indents_pt(above)
        wrap_title(Paragraph(above, None), run.text, room, size.pt, bold)  # type: ignore[arg-type]


def fit_rules(document: Document, fractions: Mapping[str, float]) -> None:
    """Resize each drawn rule named in `fractions` to that fraction of the text line just above it.

    The text line is the whole text up to a full line. A title narrowed to balance its lines
    (`balance_title`) prints shorter lines: the rule then stays within 1/3 to 1/2 of the widest
    line as printed (Nghị định 30), a fraction outside that range within itself and that line.
    """
    for doc_pr, above in _text_above_rules(document, fractions):
        fraction = fractions[doc_pr.get("name", "")]
        room = _available_width_pt(document, above)
        width = _longest_line_pt(document, above, room)
        if width <= 0:
            continue
        printed = min(width, _widest_printed_line_pt(document, above, room))
        shortest, longest = printed * min(fraction, 1 / 3), printed * max(fraction, 1 / 2)
        length = str(Emu(Pt(min(max(width * fraction, shortest), longest))))
        frame = doc_pr.getparent()
        for extent in (frame.find(qn("wp:extent")), *frame.iter(qn("a:ext"))):
            if extent is not None:
                extent.set("cx", length)


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
APPLICATION = "cchc-docgen"
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
    root = _footnotes_root(part)  # a plain part: parse its blob
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


#: Word keeps at most this many characters in a document property (python-docx refuses more).
_MAX_PROPERTY = 255


def _property_text(text: str) -> str:
    """`text` as a document property: a longer one (an agency name that long) ends in "…"."""
    return text if len(text) <= _MAX_PROPERTY else text[: _MAX_PROPERTY - 1] + "…"


def set_document_properties(document: Document, title: str, author: str, when: datetime) -> None:
    """Title, author, dates and application of the file (File → Properties), from the report."""
    props = document.core_properties
    title, author = _property_text(title), _property_text(author)
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
