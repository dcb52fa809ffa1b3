"""Drawn rules: a short line drawn under a heading or title, fitted to its text; the lines of that text balanced."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length, Mm, Pt, Twips
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from lxml import etree

from ..core.text_metrics import text_width_pt
from ._title_wrap import even_lines, printed_line_widths_pt, wrap_title

__all__ = [
    "add_drawn_rule",
    "balance_long_line",
    "balance_paragraph",
    "balance_title",
    "fit_rules",
    "name_rule",
]

_WPS_URI = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_MC_URI = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_EMU_PER_CM = 360000
_EMU_PER_PT = 12700

_DEFAULT_CELL_MARGIN = Twips(108)  # Word's default left/right cell padding (0.19 cm)
_DEFAULT_SIZE = Pt(10)  # what Word assumes when no style gives a size


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


def hand_lines_pt(document: Document, p: etree._Element) -> list[float]:
    """The widths of paragraph `p`'s lines as broken by hand (w:br), each run in its own size."""
    lines: list[float] = [0.0]
    for r in p.iter(qn("w:r")):
        size, bold = _run_size_and_bold(document, p, r)
        for index, piece in enumerate((r.text or "").split("\n")):
            if index:
                lines.append(0.0)
            lines[-1] += text_width_pt(piece, size.pt, bold)
    return lines


def _longest_line_pt(document: Document, p: etree._Element, available_pt: float) -> float:
    """Width of the longest printed line of paragraph `p`, wrapping at `available_pt`."""
    return min(max(hand_lines_pt(document, p)), available_pt)


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


#: A one-line name filling more of its room than this is broken into even lines.
BALANCE_FILL = 0.95


def balance_long_line(document: Document, rule_name: str, fill: float = BALANCE_FILL) -> None:
    """Break the one-line text above rule `rule_name` into two even lines when it (nearly) fills its room.

    "SỞ THÔNG TIN / VÀ TRUYỀN THÔNG" rather than Word's "SỞ THÔNG TIN VÀ TRUYỀN / THÔNG": the
    lines as even as possible, a break before "VÀ" preferred and none inside a word ("SỞ LAO ĐỘNG
    - THƯƠNG / BINH …") or a name ("TỈNH / SÓC TRĂNG") if it can be helped (`even_lines`). Text
    already broken by hand (a "\n" typed in the name) or in several runs is left alone.
    """
    for _, above in _text_above_rules(document, [rule_name]):
        balance_paragraph(document, above, fill)


def balance_paragraph(document: Document, p: etree._Element, fill: float = BALANCE_FILL) -> None:
    """Break the one-line paragraph `p` into even lines (two, or three when two would not fit:
    `even_lines`) when it (nearly) fills its room; a paragraph broken by hand or in several runs is
    left alone."""
    runs = [r for r in p.iter(qn("w:r")) if r.text]
    if len(runs) != 1 or "\n" in runs[0].text:
        return
    run, text = runs[0], runs[0].text
    size, bold = _run_size_and_bold(document, p, run)
    room = _available_width_pt(document, p)
    if text_width_pt(text, size.pt, bold) <= fill * room:
        return
    lines = even_lines(text, room, size.pt, bold)
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
