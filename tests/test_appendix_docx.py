"""The Phụ lục in Word: read the generated table back and compare it row by row with form and report."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Row

from cchc_docgen.core.text_metrics import text_width_pt
from cchc_docgen.render.appendix_docx import render_appendix_docx

from .appendix_expected import HEAD_LINES, expected_rows, form_of, header_layout, render_once
from .conftest import EXAMPLES, landscape_form_without_group

TNR = "Times New Roman"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"


def render(report: Path, tmp_path: Path, forms_dirs: tuple[Path, ...] = ()) -> Document:
    """The rendered appendix, opened afresh for each test."""
    return docx.Document(str(render_once(render_appendix_docx, report, tmp_path, forms_dirs)))


def has_flag(row: _Row, tag: str) -> bool:
    """Whether the row carries a w:trPr flag such as w:tblHeader or w:cantSplit."""
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn(f"w:{tag}")) is not None


def appendix_table(document: Document) -> Table:
    assert len(document.tables) == 1
    return document.tables[0]


def test_table_rows_match_form_and_report(example: Path, tmp_path: Path) -> None:
    document = render(example, tmp_path)
    table = appendix_table(document)
    expected = expected_rows(example)
    grid, _ = header_layout(form_of(example)["columns"])
    body = table.rows[len(grid) :]
    assert len(body) == len(expected)
    for row, want in zip(body, expected, strict=True):
        cells = row.cells
        assert len(cells) == 5
        got = [cell.text for cell in cells]
        unit = want.unit.replace("; ", ";\n").replace(" = ", "\u00a0=\u00a0")
        assert got == [want.stt, want.label, unit, want.text, want.note], want.id
        bold = {run.bold for cell in cells[:2] for paragraph in cell.paragraphs for run in paragraph.runs}
        assert bold <= {want.bold}, want.id  # section and group rows bold, as on the forms
        # Short rows stay whole on a page; a row with a long note may split (no page left mostly blank).
        if len(want.note) < 60 and "\n" not in want.note and len(want.label) < 120:
            assert has_flag(row, "cantSplit"), want.id
        if want.note.count("\n") > 8 or len(want.note) > 900:
            assert not has_flag(row, "cantSplit"), want.id


def test_notes_keep_one_paragraph_per_line(tmp_path: Path) -> None:
    example = EXAMPLES["004"]
    document = render(example, tmp_path)
    rows = {row.id: row for row in expected_rows(example)}
    index = [row.id for row in expected_rows(example)].index("III.3.rut_ngan")
    note_cell = appendix_table(document).rows[2 + index].cells[4]  # the 2022 version: two header rows
    assert (
        [p.text for p in note_cell.paragraphs]
        == rows["III.3.rut_ngan"].note.split("\n")
        == [
            "- Tên TTHC",
            "- Thời gian rút ngắn",
        ]
    )
    dash = note_cell.paragraphs[0].paragraph_format
    assert dash.first_line_indent is not None and dash.first_line_indent < 0  # hanging "- " items


def test_header_is_arranged_as_the_form_says_and_repeated(example: Path, tmp_path: Path) -> None:
    table = appendix_table(render(example, tmp_path))
    grid, _ = header_layout(form_of(example)["columns"])
    assert [[table.rows[r].cells[i].text for i in range(5)] for r in range(len(grid))] == grid
    top = table.rows[0]._tr.tc_lst
    spans = [tc.grid_span for tc in top]
    assert sum(spans) == 5 and len(top) == 5 - sum(s - 1 for s in spans)
    for row in table.rows[: len(grid)]:
        assert has_flag(row, "tblHeader")
    assert not any(has_flag(row, "tblHeader") for row in table.rows[len(grid) :])


def test_borders_widths_and_table_font(example: Path, tmp_path: Path) -> None:
    table = appendix_table(render(example, tmp_path))
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    sides = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
    assert sides == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
    widths = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    assert widths[1] == max(widths)  # the label column is the widest
    assert abs(sum(widths) - Mm(210 - 30 - 15)) < Mm(1)
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    sizes = {run.font.size for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs}
    assert sizes == {Pt(12)}


def _greedy_lines(text: str, width_pt: float, bold: bool = False) -> list[str]:
    """`text` wrapped as Word wraps it (between words, each line as full as it can be), at 12 pt."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width_pt(f"{lines[-1]} {word}", 12, bold) <= width_pt:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def test_units_urls_and_headings_fit_their_columns(example: Path, tmp_path: Path) -> None:
    """The unit "Cơ quan, đơn vị" on one line of its column (not "Cơ quan, đơn / vị"), the label column's
    URL "(https://cchc.soctrang.gov.vn/)" unbroken; the value column's headings, narrowed for them,
    break where they read well ("Số / lượng/tỷ lệ", never "Số lượng/tỷ / lệ")."""
    table = appendix_table(render(example, tmp_path))
    margins = {
        child.tag.split("}")[1]: int(child.get(qn("w:w"))) / 20 for child in table._tbl.tblPr.find(qn("w:tblCellMar"))
    }
    room = [col.w.pt - margins["left"] - margins["right"] for col in table._tbl.tblGrid.gridCol_lst]
    assert text_width_pt("Cơ quan, đơn vị", 12) <= room[2]
    labels = [row.cells[1].text for row in table.rows]
    assert any("(https://cchc.soctrang.gov.vn/)" in label for label in labels)
    assert text_width_pt("(https://cchc.soctrang.gov.vn/)", 12) <= room[1]
    over_value = [row.cells[3] for row in table.rows[:2] if row.cells[3]._tc is not row.cells[2]._tc]
    for heading in {cell.text for cell in over_value}:  # not a group heading over unit and value
        lines = _greedy_lines(heading, room[3], bold=True)
        assert len(lines) <= 2 and (len(lines) == 1 or len(lines[-1].split(" ")) >= 2), (heading, lines)


def test_a_form_whose_columns_fit_keeps_its_shares() -> None:
    """Nothing to fit: the shares are the form's, to the bit (and the value column is left as wide)."""
    from cchc_docgen.forms.catalog import load_form
    from cchc_docgen.render._appendix_layout import column_shares

    form = load_form("soctrang-so-nganh")
    wide = column_shares(form, 12, 2000, 6, word=True)  # a table so wide that every unit and word fits
    assert wide == list(form.layout.widths)


def test_heading_title_attachment_and_rule(example: Path, tmp_path: Path) -> None:
    document = render(example, tmp_path)
    heading, title, attachment = HEAD_LINES[example.name]
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs[:3]] == [heading, title, attachment]
    for paragraph, size, bold, italic in zip(
        paragraphs[:3], (14, 14, 14), (True, True, False), (False, False, True), strict=True
    ):
        assert paragraph.alignment == 1  # centred
        for run in paragraph.runs:
            assert (run.font.size, run.font.bold, run.font.italic) == (Pt(size), bold, italic)
    rule = paragraphs[3]
    assert rule.text == "" and rule.alignment == 1
    shapes = rule._p.findall(f".//{WPS}wsp")
    assert len(shapes) == 1
    geometry = shapes[0].find(f".//{{{'http://schemas.openxmlformats.org/drawingml/2006/main'}}}prstGeom")
    assert geometry.get("prst") == "line"
    extent = rule._p.find(".//" + qn("wp:extent"))
    assert Mm(25) <= int(extent.get("cx")) <= Mm(80)  # short: a third of the line, not a full rule


def test_page_setup_fonts_and_page_numbers(example: Path, tmp_path: Path) -> None:
    document = render(example, tmp_path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [20, 20, 30, 15]
    # Times New Roman for every script, no theme font that would win over it.
    fonts = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {TNR}
    assert not [a for a in fonts.attrib if "Theme" in a or "theme" in a]
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for row in document.tables[0].rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert {r.font.name for r in runs if r.text} == {TNR}
    # Page numbers: PAGE field centred in the header, none on page 1.
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    instructions = [e.text.strip() for e in header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert header.paragraphs[0].alignment == 1
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert "".join(p.text for p in first.paragraphs) == ""
    assert not list(first._element.iter(qn("w:instrText")))


def test_single_header_row_and_landscape_form(tmp_path: Path) -> None:
    """A form without a group heading, printed landscape: one header row, wider page."""
    form, forms = landscape_form_without_group(tmp_path)
    example = EXAMPLES["002"]
    document = render(example, tmp_path, (forms,))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert section.orientation == WD_ORIENT.LANDSCAPE
    table = appendix_table(document)
    columns = form["columns"]
    assert [c.text for c in table.rows[0].cells] == [columns[k] for k in ("stt", "label", "unit", "value", "note")]
    assert has_flag(table.rows[0], "tblHeader")
    assert not has_flag(table.rows[1], "tblHeader")
    expected = expected_rows(example)
    assert [row.cells[3].text for row in table.rows[1:]] == [row.text for row in expected]
    assert abs(sum(col.w for col in table._tbl.tblGrid.gridCol_lst) - Mm(297 - 30 - 15)) < Mm(1)


@pytest.mark.parametrize("kind", ["percent", "coded", "count"])
def test_values_print_vietnamese_style(kind: str, tmp_path: Path) -> None:
    example = EXAMPLES["002"]
    table = appendix_table(render(example, tmp_path))
    printed = {want.id: row.cells[3].text for row, want in zip(table.rows[2:], expected_rows(example), strict=True)}
    assert printed["I.1.de_ra"] == "19"
    if kind == "percent":
        assert printed["I.1"] == "47,37"
    elif kind == "coded":
        assert printed["I.3.hoi_nghi"] == "1"
    else:
        big = [want for want in expected_rows(example) if want.kind == "count" and (want.number or 0) >= 1000]
        assert big, "the example has a count of thousands"
        assert all("." in printed[want.id] for want in big)
        assert printed["I.1.de_ra"] == "19"
