"""The named Word styles of the BÁO CÁO narrative, so staff can restyle it in the template.

The template (templates/bao-cao.docx) carries these styles; a template that lacks one gets it added
with the Nghị định 30 values below, and a template that has one keeps its own formatting.
"""

from __future__ import annotations

import re

import msgspec
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.styles import BabelFish

from ._docx_text import set_rfonts

#: Style names as staff see them in Word (Home → Styles).
BODY = "BC Đoạn văn"
HEADING_1 = "BC Đề mục I"
HEADING_2 = "BC Đề mục 1"
HEADING_3 = "BC Đề mục 1.1"
HEADING_4 = "BC Đề mục 1.1.1"
HEADING_LETTER = "BC Đề mục a"
TABLE_TEXT = "BC Bảng"
TABLE_HEADER = "BC Bảng tiêu đề"
FOOTNOTE_TEXT = "footnote text"  # Word's built-in names: its footnote commands use them
FOOTNOTE_REFERENCE = "footnote reference"

#: Body text per Nghị định 30: 14 pt, justified, first line 1.27 cm, 6 pt after, 1.15 lines.
BODY_SIZE_PT = 14
FIRST_LINE_INDENT_CM = 1.27
SPACE_AFTER_PT = 6
LINE_SPACING = 1.15
TABLE_SIZE_PT = 13
FOOTNOTE_SIZE_PT = 12


class _StyleSpec(msgspec.Struct, frozen=True):
    name: str
    style_id: str
    base: str | None = None
    character: bool = False
    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line_cm: float | None = None
    before_pt: float | None = None
    after_pt: float | None = None
    line_spacing: float | None = None
    keep_with_next: bool = False
    superscript: bool = False


_SPECS = (
    _StyleSpec(
        BODY,
        "BCDoanVan",
        "Normal",
        size_pt=BODY_SIZE_PT,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_cm=FIRST_LINE_INDENT_CM,
        before_pt=0,
        after_pt=SPACE_AFTER_PT,
        line_spacing=LINE_SPACING,
    ),
    _StyleSpec(HEADING_1, "BCDeMucI", BODY, bold=True, keep_with_next=True),
    _StyleSpec(HEADING_2, "BCDeMuc1", BODY, bold=True, keep_with_next=True),
    _StyleSpec(HEADING_3, "BCDeMuc11", BODY, bold=True, italic=False, keep_with_next=True),
    _StyleSpec(HEADING_4, "BCDeMuc111", BODY, bold=True, italic=True, keep_with_next=True),
    _StyleSpec(HEADING_LETTER, "BCDeMucA", BODY, keep_with_next=True),
    _StyleSpec(
        TABLE_TEXT,
        "BCBang",
        "Normal",
        size_pt=TABLE_SIZE_PT,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first_line_cm=0,
        before_pt=2,
        after_pt=2,
        line_spacing=1.0,
    ),
    _StyleSpec(TABLE_HEADER, "BCBangTieuDe", TABLE_TEXT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    _StyleSpec(
        FOOTNOTE_TEXT,
        "FootnoteText",
        "Normal",
        size_pt=FOOTNOTE_SIZE_PT,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_cm=0,
        before_pt=0,
        after_pt=0,
        line_spacing=1.0,
    ),
    _StyleSpec(FOOTNOTE_REFERENCE, "FootnoteReference", character=True, superscript=True),
)


_LETTER_NUMBER = re.compile(r"^[a-zđ][.)]$")


def heading_style(level: int, number: str) -> str:
    """The style of a section heading: I. / 1. / 1.1. / 1.1.1. and deeper / a) or a."""
    if _LETTER_NUMBER.match(number):
        return HEADING_LETTER
    return {1: HEADING_1, 2: HEADING_2, 3: HEADING_3}.get(level, HEADING_4)


class StyleIds(dict[str, str]):
    """Style id by name, as `document.styles[name].style_id` gives it, read in one pass over the
    styles: python-docx reads every style of styles.xml on each lookup by name."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        for style in document.styles.element.style_lst:
            name = style.name_val
            if name is not None and name not in self:  # python-docx takes the first of a name
                self[name] = style.styleId

    def of(self, name: str) -> str:
        return self[BabelFish.ui2internal(name)]

    def has(self, name: str) -> bool:
        return BabelFish.ui2internal(name) in self


def ensure_report_styles(document: Document) -> StyleIds:
    """Add every narrative style `document` lacks; styles it already has are left as they are.
    Returns the style ids by name, the added styles included."""
    styles = document.styles
    ids = StyleIds(document)
    for spec in _SPECS:
        if ids.has(spec.name):
            continue
        kind = WD_STYLE_TYPE.CHARACTER if spec.character else WD_STYLE_TYPE.PARAGRAPH
        style = styles.add_style(spec.name, kind)
        style.style_id = spec.style_id
        ids[BabelFish.ui2internal(spec.name)] = spec.style_id
        style.quick_style = not spec.character
        if spec.base is not None:
            style.base_style = styles[spec.base]
        font = style.font
        if spec.size_pt is not None:
            font.size = Pt(spec.size_pt)
        font.bold = spec.bold
        font.italic = spec.italic
        if spec.superscript:
            font.superscript = True
        set_rfonts(style.element.get_or_add_rPr())
        if spec.character:
            continue
        fmt = style.paragraph_format
        fmt.alignment = spec.align
        if spec.first_line_cm is not None:
            fmt.first_line_indent = Cm(spec.first_line_cm)
        if spec.before_pt is not None:
            fmt.space_before = Pt(spec.before_pt)
        if spec.after_pt is not None:
            fmt.space_after = Pt(spec.after_pt)
        if spec.line_spacing is not None:
            fmt.line_spacing = spec.line_spacing
        if spec.keep_with_next:
            fmt.keep_with_next = True
        fmt.widow_control = True
    return ids
