"""Build templates/bao-cao.docx, the Word template of the BÁO CÁO (Nghị định 30/2020 layout).

Also writes templates/phu-luc.docx, the blank document the Phụ lục starts from.

Run from the repository root after changing the layout:  python -m templates.make_template
Staff may also edit bao-cao.docx directly in Word (spacing, a logo, the signer's layout); the
{{ … }} / {%p … %} tags and the named drawn rules are what cchc-docgen fills in.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from cchc_docgen.core.text_metrics import text_width_pt
from cchc_docgen.render._docx_page import add_page_number_header, set_a4, set_base_font, set_default_zoom, set_margins
from cchc_docgen.render._docx_report import keep_broken_lines_unstretched, set_document_properties
from cchc_docgen.render._docx_table import clear_table_borders, keep_row_together, set_cell_margins, set_col_widths
from cchc_docgen.render._docx_text import run_font
from cchc_docgen.render._drawn_rules import add_drawn_rule, name_rule
from cchc_docgen.render._report_styles import BODY, BODY_SIZE_PT, ensure_report_styles
from cchc_docgen.render.appendix_docx import BLANK_NAME
from cchc_docgen.render.bao_cao import RULE_AGENCY, RULE_MOTTO, RULE_SUBJECT, TEMPLATE_NAME

CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY

#: Header and signature columns: together the text width of A4 with 30 + 15 mm margins (16.5 cm).
LEFT_COLUMN, RIGHT_COLUMN = Cm(7.2), Cm(9.3)
#: "Kính gửi:" with several recipients starts here; the "- " lines start under its colon.
RECIPIENTS_INDENT_CM = 3.0
KINH_GUI = "Kính gửi"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
SIGNATURE_ROOM_LINES = 4
TEMPLATE_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def line(
    where: DocumentObject | _Cell,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    before: float = 0,
    after: float = 0,
    left_cm: float | None = None,
    style: str | None = None,
) -> Paragraph:
    """One paragraph of `text` in a single run, so a {{ tag }} stays whole for docxtpl."""
    fresh = isinstance(where, _Cell) and len(where.paragraphs) == 1 and not where.paragraphs[0].text
    paragraph = where.paragraphs[0] if fresh else where.add_paragraph()
    if style is not None:
        paragraph.style = style
    fmt = paragraph.paragraph_format
    paragraph.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if style is None:
        fmt.line_spacing = 1.0
        fmt.first_line_indent = Cm(0)
    if left_cm is not None:
        fmt.left_indent = Cm(left_cm)
        fmt.first_line_indent = Cm(0)
    if text:
        run_font(paragraph.add_run(text), size, bold=bold, italic=italic)
    return paragraph


def tag(where: DocumentObject | _Cell, statement: str) -> Paragraph:
    """A {%p … %} paragraph: docxtpl replaces the whole paragraph by the Jinja statement."""
    return line(where, f"{{%p {statement} %}}", 11, align=LEFT)


def layout_table(document: DocumentObject, rows: int, top_pt: float = 0) -> Table:
    """A borderless two-column table for side-by-side blocks; `top_pt` of room above its text."""
    table = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    clear_table_borders(table)
    set_cell_margins(table, top_pt=top_pt, left_pt=1.5, right_pt=1.5)
    set_col_widths(table, [LEFT_COLUMN, RIGHT_COLUMN])
    for row in table.rows:
        keep_row_together(row)
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def header(document: DocumentObject) -> None:
    """Cơ quan (left) and Quốc hiệu (right); "Số" and the place and date on one row below."""
    table = layout_table(document, rows=2)
    agency, motto = table.cell(0, 0), table.cell(0, 1)
    tag(agency, "if parent")
    line(agency, "{{ parent }}", 12)
    tag(agency, "endif")
    name_rule(add_drawn_rule(line(agency, "{{ agency }}", 12, bold=True), 2.5), RULE_AGENCY)
    line(motto, QUOC_HIEU, 12, bold=True)
    motto_cm = text_width_pt(TIEU_NGU, 13, bold=True) / 72 * 2.54
    name_rule(add_drawn_rule(line(motto, TIEU_NGU, 13, bold=True), motto_cm), RULE_MOTTO)
    line(table.cell(1, 0), "{{ number_line }}", 13, before=6)
    line(table.cell(1, 1), "{{ place_date }}", 13, italic=True, before=6)


def title(document: DocumentObject) -> None:
    """BÁO CÁO, the subject with its rule, Kính gửi and the căn cứ."""
    line(document, "BÁO CÁO", 14, bold=True, before=24).paragraph_format.keep_with_next = True
    subject = line(document, "{{ subject }}", 14, bold=True)
    subject.paragraph_format.keep_with_next = True
    rule = add_drawn_rule(subject, 5.0)
    rule.paragraph_format.space_after = Pt(12)
    name_rule(rule, RULE_SUBJECT)

    tag(document, "if recipient_inline")
    line(document, f"{KINH_GUI}: {{{{ recipient_inline }}}}", 14, after=6)
    tag(document, "endif")
    # Several recipients: "Kính gửi:", then a paragraph per "- …;" line starting under the colon, a
    # long one wrapping under its text (a hanging indent the width of "- "), not under the dash.
    tag(document, "if recipient_lines")
    under_colon = text_width_pt(KINH_GUI, 14) / 72 * 2.54
    dash = text_width_pt("- ", 14) / 72 * 2.54
    heading = line(document, f"{KINH_GUI}:", 14, align=LEFT, left_cm=RECIPIENTS_INDENT_CM)
    heading.paragraph_format.keep_with_next = True

    hanging_cm = round(RECIPIENTS_INDENT_CM + under_colon + dash, 2)

    def recipient(text: str, after: float) -> None:
        item = line(document, text, 14, align=LEFT, after=after, left_cm=hanging_cm)
        item.paragraph_format.first_line_indent = Cm(-round(dash, 2))
        item.paragraph_format.keep_with_next = after == 0

    tag(document, "for recipient in recipient_lines[:-1]")
    recipient("{{ recipient }}", 0)
    tag(document, "endfor")
    recipient("{{ recipient_lines[-1] }}", 6)
    tag(document, "endif")

    tag(document, "for basis in bases")
    line(document, "{{ basis }}", BODY_SIZE_PT, italic=True, align=JUSTIFY, after=6, style=BODY)
    tag(document, "endfor")


def narrative(document: DocumentObject) -> None:
    """Where the narrative subdocuments go (built by cchc_docgen.render.narrative)."""
    for name in ("opening", "narrative", "closing"):
        line(document, f"{{{{p {name} }}}}", BODY_SIZE_PT, align=JUSTIFY, style=BODY)


def signature(document: DocumentObject) -> None:
    """Nơi nhận (left) beside the signer's title, room to sign and seal, and the name."""
    table = layout_table(document, rows=1, top_pt=12)
    recipients, signer = table.cell(0, 0), table.cell(0, 1)
    line(recipients, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT)
    tag(recipients, "for item in distribution")
    line(recipients, "{{ item }}", 11, align=LEFT)
    tag(recipients, "endfor")
    tag(signer, "for title in signer_lines")
    line(signer, "{{ title }}", 14, bold=True)
    tag(signer, "endfor")
    for _ in range(SIGNATURE_ROOM_LINES):
        line(signer, "", 14)
    tag(signer, "if signer_name")
    line(signer, "{{ signer_name }}", 14, bold=True)
    tag(signer, "endif")


def build() -> DocumentObject:
    """The template document."""
    document = Document()
    section = document.sections[0]
    set_a4(section)
    # Word stores whole twips and python-docx truncates: 20 mm would be saved as 19.99 mm, below the
    # decree's minimum; 20.01 mm is saved as 1134 twips = 20.00 mm.
    set_margins(section, top_mm=20.01, bottom_mm=20.01, left_mm=30.01, right_mm=15.01)
    set_base_font(document, BODY_SIZE_PT)
    set_default_zoom(document)
    keep_broken_lines_unstretched(document)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(0), 1.0
    ensure_report_styles(document)
    slim_styles(document)
    add_page_number_header(section, 13)
    # Fixed date: regenerating an unchanged template changes no byte; reports get their own.
    set_document_properties(document, "Mẫu báo cáo CCHC", "cchc-docgen", TEMPLATE_DATE)
    body = document.element.body
    for child in list(body):  # the default document's empty paragraph
        if child.tag.endswith("}p"):
            body.remove(child)
    header(document)
    title(document)
    narrative(document)
    signature(document)
    return document


#: Table styles the template keeps: the default one and the grid. python-docx's blank document
#: carries a hundred more (Light Shading - Accent 1 …), Word's gallery written out in full; Word
#: offers them all the same without their definitions in the file, and the report uses none.
KEPT_TABLE_STYLES = ("Normal Table", "Table Grid")
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def slim_styles(document: DocumentObject) -> None:
    """Leave out the unused table styles and the Word 2010 copy of the styles (stylesWithEffects.xml,
    which Word 2013 and later neither need nor write): a smaller file for every report to read,
    render and compress, and nothing different on the page."""
    styles = document.styles.element
    for style in list(styles.style_lst):
        if style.type == WD_STYLE_TYPE.TABLE and style.name_val not in KEPT_TABLE_STYLES:
            styles.remove(style)
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)


def save_reproducibly(document: DocumentObject, target: Path) -> None:
    """Save with fixed zip timestamps so regenerating an unchanged template changes no byte."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            copy.writestr(info, source.read(item.filename))
    target.write_bytes(out.getvalue())


def blank() -> DocumentObject:
    """The blank document the Phụ lục starts from (its layout is all made in code)."""
    document = Document()
    slim_styles(document)
    set_default_zoom(document)
    return document


def main(argv: list[str]) -> int:
    """Write bao-cao.docx and phu-luc.docx into the folder `argv[1]` (default: templates/)."""
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    for name, document in ((TEMPLATE_NAME, build()), (BLANK_NAME, blank())):
        save_reproducibly(document, folder / name)
        print(f"Đã tạo {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
