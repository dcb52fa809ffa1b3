"""Raw WordprocessingML pieces python-docx has no API for, written the way Word writes them."""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

__all__ = [
    "E",
    "add_numbering",
    "bullet_abstract",
    "complex_field",
    "footnotes_part",
    "heading_abstract",
    "page_header",
    "para",
    "run",
    "section_properties",
]

from lxml.etree import _Element as Element

FONT = "Times New Roman"


def E(tag: str, attrs: dict[str, str] | None = None, *children: Element | None) -> Element:
    """An element `w:tag` (or other prefix) with qualified attributes and children."""
    el = OxmlElement(tag)
    for k, v in (attrs or {}).items():
        el.set(qn(k), v)
    for child in children:
        if child is not None:
            el.append(child)
    return el


def rpr(
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    font: bool = True,
    superscript: bool = False,
    style: str | None = None,
) -> Element:
    """Direct run formatting as Word writes it: rStyle, rFonts, b, i, sz, szCs, vertAlign."""
    el = E("w:rPr")
    if style:
        el.append(E("w:rStyle", {"w:val": style}))
    if font:
        el.append(E("w:rFonts", {"w:ascii": FONT, "w:hAnsi": FONT, "w:cs": FONT}))
    if bold:
        el.append(E("w:b"))
        el.append(E("w:bCs"))
    if italic:
        el.append(E("w:i"))
        el.append(E("w:iCs"))
    if size:
        half = str(round(size * 2))
        el.append(E("w:sz", {"w:val": half}))
        el.append(E("w:szCs", {"w:val": half}))
    if superscript:
        el.append(E("w:vertAlign", {"w:val": "superscript"}))
    return el


def run(text: str, rpr_el: Element | None = None, rsid: str | None = None, deleted: bool = False) -> Element:
    """A w:r; tabs become w:tab, line feeds w:br (Shift+Enter); `deleted` writes w:delText."""
    r = E("w:r")
    if rsid:
        r.set(qn("w:rsidR"), rsid)
    if rpr_el is not None:
        r.append(rpr_el)
    tag = "w:delText" if deleted else "w:t"
    buf = ""

    def flush() -> None:
        nonlocal buf
        if buf:
            t = E(tag)
            t.text = buf
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
            buf = ""

    for ch in text:
        if ch == "\t":
            flush()
            r.append(E("w:tab"))
        elif ch == "\n":
            flush()
            r.append(E("w:br"))
        else:
            buf += ch
    flush()
    return r


def para(
    children: Iterable[Element] = (),
    style: str | None = None,
    align: str | None = None,
    first_line_cm: float | None = None,
    left_cm: float | None = None,
    hanging_cm: float | None = None,
    before: int | None = None,
    after: int | None = None,
    num: tuple[int, int] | None = None,
    tabs: Iterable[tuple[str, float]] = (),
    keep_next: bool = False,
    mark_rpr: Element | None = None,
    line: int | None = None,
    border_bottom: bool = False,
) -> Element:
    """A w:p with the usual paragraph properties (schema order kept)."""
    ppr = E("w:pPr")
    if style:
        ppr.append(E("w:pStyle", {"w:val": style}))
    if keep_next:
        ppr.append(E("w:keepNext"))
    if num is not None:
        ilvl, num_id = E("w:ilvl", {"w:val": str(num[1])}), E("w:numId", {"w:val": str(num[0])})
        ppr.append(E("w:numPr", None, ilvl, num_id))
    if border_bottom:
        bottom = E("w:bottom", {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "auto"})
        ppr.append(E("w:pBdr", None, bottom))
    tabs = list(tabs)
    if tabs:
        ppr.append(E("w:tabs", None, *(E("w:tab", {"w:val": kind, "w:pos": str(_tw(pos))}) for kind, pos in tabs)))
    if before is not None or after is not None or line is not None:
        sp = E("w:spacing")
        if before is not None:
            sp.set(qn("w:before"), str(before * 20))
        if after is not None:
            sp.set(qn("w:after"), str(after * 20))
        if line is not None:
            sp.set(qn("w:line"), str(line))
            sp.set(qn("w:lineRule"), "auto")
        ppr.append(sp)
    if first_line_cm is not None or left_cm is not None or hanging_cm is not None:
        ind = E("w:ind")
        if left_cm is not None:
            ind.set(qn("w:left"), str(_tw(left_cm)))
            if border_bottom:
                ind.set(qn("w:right"), str(_tw(left_cm)))
        if first_line_cm is not None:
            ind.set(qn("w:firstLine"), str(_tw(first_line_cm)))
        if hanging_cm is not None:
            ind.set(qn("w:hanging"), str(_tw(hanging_cm)))
        ppr.append(ind)
    if align:
        ppr.append(E("w:jc", {"w:val": align}))
    if mark_rpr is not None:
        ppr.append(mark_rpr)
    p = E("w:p", None, ppr)
    for child in children:
        p.append(child)
    return p


def _tw(cm: float) -> int:
    return round(cm * 567)


# --- numbering.xml -------------------------------------------------------------------------------


def _lvl(
    ilvl: int,
    fmt: str,
    text: str,
    left_cm: float,
    hanging_cm: float,
    bold: bool = False,
    suff: str | None = None,
    style: str | None = None,
) -> str:
    b = "<w:b/>" if bold else ""
    s = f'<w:suff w:val="{suff}"/>' if suff else ""
    st = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{st}{s}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{_tw(left_cm)}" w:hanging="{_tw(hanging_cm)}"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/>{b}</w:rPr></w:lvl>'
    )


def heading_abstract(abstract_id: int, styles: tuple[str, ...] = ()) -> str:
    """Outline numbering "I." / "1." / "1.1." / "1.1.1." / "a)" on levels 0-4, as a clerk sets it up;
    with `styles` (one per level) each level is linked to its heading style (w:pStyle)."""
    st: list[str | None] = list(styles) or [None] * 5
    levels = [
        _lvl(0, "upperRoman", "%1.", 0, 0, True, "space", st[0]),
        _lvl(1, "decimal", "%2.", 0, 0, True, "space", st[1]),
        _lvl(2, "decimal", "%2.%3.", 0, 0, True, "space", st[2]),
        _lvl(3, "decimal", "%2.%3.%4.", 0, 0, False, "space", st[3]),
        _lvl(4, "lowerLetter", "%5)", 0, 0, False, "space", st[4]),
    ]
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
    )


def bullet_abstract(abstract_id: int) -> str:
    """A bullet list whose level 0 prints "-" and level 1 "+" (the report's list markers)."""
    levels = [_lvl(0, "bullet", "-", 1.27 + 0.63, 0.63), _lvl(1, "bullet", "+", 1.27 + 1.26, 0.63)]
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
    )


def add_numbering(doc: DocxDocument, abstract_xml: str) -> int:
    """Adds an abstractNum and a w:num using it to numbering.xml; returns the numId."""
    numbering = doc.part.numbering_part.element
    abstracts = numbering.findall(qn("w:abstractNum"))
    nums = numbering.findall(qn("w:num"))
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=0)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in nums), default=0)
    abstract = parse_xml(abstract_xml.replace('w:abstractNumId="0"', f'w:abstractNumId="{abstract_id}"', 1))
    if abstracts:
        abstracts[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    num = E("w:num", {"w:numId": str(num_id)}, E("w:abstractNumId", {"w:val": str(abstract_id)}))
    numbering.append(num)
    return num_id


# --- footnotes.xml -------------------------------------------------------------------------------

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def footnotes_part(doc: DocxDocument) -> Element:
    """Creates footnotes.xml with Word's separator (-1) and continuation separator (0); returns its root."""
    xml = (
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    element = parse_xml(xml)
    part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, element, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    settings = doc.settings.element
    pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    # footnotePr sits early in settings (after w:characterSpacingControl and friends); before compat is valid.
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(pr)
    else:
        settings.append(pr)
    return element


def add_footnote(root: Element, note_id: int, text: str) -> None:
    """One footnote: the mark (footnoteRef, superscript) then the text, size 10; a line per paragraph."""
    fn = E("w:footnote", {"w:id": str(note_id)})
    first, *more = text.split("\n")
    mark = E("w:r", None, rpr(superscript=True, size=10), E("w:footnoteRef"))
    fn.append(para([mark, run(" " + first, rpr(size=10))], align="both", after=0))
    for line in more:
        fn.append(para([run(line, rpr(size=10))], align="both", after=0, left_cm=0.3))
    root.append(fn)


def footnote_reference(note_id: int) -> Element:
    return E("w:r", None, rpr(superscript=True), E("w:footnoteReference", {"w:id": str(note_id)}))


# --- fields --------------------------------------------------------------------------------------


def complex_field(instr: str, result: str, rpr_el: Element | None = None) -> list[Element]:
    """fldChar begin / instrText / separate / result / end, each in its own run as Word writes it."""

    def r(*kids: Element) -> Element:
        el = E("w:r")
        if rpr_el is not None:
            el.append(etree.fromstring(etree.tostring(rpr_el)))
        for k in kids:
            el.append(k)
        return el

    instr_el = E("w:instrText")
    instr_el.text = f" {instr} "
    instr_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    result_run = run(result, etree.fromstring(etree.tostring(rpr_el)) if rpr_el is not None else None)
    return [
        r(E("w:fldChar", {"w:fldCharType": "begin"})),
        r(instr_el),
        r(E("w:fldChar", {"w:fldCharType": "separate"})),
        result_run,
        r(E("w:fldChar", {"w:fldCharType": "end"})),
    ]


def simple_field(instr: str, result: str) -> Element:
    return E("w:fldSimple", {"w:instr": f" {instr} "}, run(result, rpr(size=13)))


def page_header(doc: DocxDocument, section_index: int, simple: bool) -> None:
    """Page number centred in the top margin, not on the first page (titlePg with an empty first header)."""
    section = doc.sections[section_index]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]._p
    p.getparent().replace(
        p, para([simple_field("PAGE", "2")] if simple else complex_field("PAGE", "2", rpr(size=13)), align="center")
    )
    section.first_page_header.is_linked_to_previous = False


# --- sections ------------------------------------------------------------------------------------


def section_properties(landscape: bool) -> Element:
    """A4 sectPr with the decree's margins (top/bottom 20 mm, left 30 mm, right 15 mm)."""
    w, h = (16838, 11906) if landscape else (11906, 16838)
    pg = {"w:w": str(w), "w:h": str(h)}
    if landscape:
        pg["w:orient"] = "landscape"
    return E(
        "w:sectPr",
        None,
        E("w:pgSz", pg),
        E(
            "w:pgMar",
            {
                "w:top": "1134",
                "w:right": "851",
                "w:bottom": "1134",
                "w:left": "1701",
                "w:header": "567",
                "w:footer": "567",
                "w:gutter": "0",
            },
        ),
        E("w:cols", {"w:space": "720"}),
        E("w:docGrid", {"w:linePitch": "360"}),
    )


def table_borders(none: bool) -> Element:
    kind = "nil" if none else "single"
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    attrs = {"w:val": kind} if none else {"w:val": kind, "w:sz": "4", "w:space": "0", "w:color": "auto"}
    return E("w:tblBorders", None, *(E(f"w:{s}", attrs) for s in sides))
