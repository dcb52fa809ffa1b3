"""The copying helpers of render/_docx_text.py and _docx_table.py write exactly the XML python-docx's setters write."""

from __future__ import annotations

import docx
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table
from lxml import etree

from cchc_docgen.render._docx_table import append_rows_xml, cell_xml, center_vertically, row_xml, set_col_widths
from cchc_docgen.render._docx_text import (
    add_run,
    add_styled_paragraph,
    add_text_run,
    format_paragraph,
    paragraph_xml,
    run_font,
    run_xml,
    styled_paragraph_xml,
)

TEXTS = [
    "Số lượng",
    " khoảng trắng đầu",
    "cuối ",
    "a\tb",
    "hai\ndòng",
    "x\r",
    "Ơ ư đ – “ngoặc” & <thẻ>",
    "  ",
    'a\tb xmlns:w="x" c',  # reads like a namespace declaration: still text
]


def xml(element: object) -> bytes:
    return etree.tostring(element)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(("bold", "italic", "size"), [(False, False, 12), (True, False, 12), (False, True, 14)])
def test_add_text_run_is_add_run_plus_run_font(text: str, bold: bool, italic: bool, size: int) -> None:
    document = docx.Document()
    slow, fast = document.add_paragraph(), document.add_paragraph()
    run_font(slow.add_run(text), size, bold=bold, italic=italic)
    add_text_run(fast, text, size, bold=bold, italic=italic)
    assert xml(fast._p) == xml(slow._p)
    assert fast.text == text.replace("\r", "\n")  # what Word shows


@pytest.mark.parametrize("text", [*TEXTS, ""])
def test_add_run_is_python_docx_add_run(text: str) -> None:
    document = docx.Document()
    slow, fast = document.add_paragraph(), document.add_paragraph()
    slow.add_run(text)
    run = add_run(fast, text)
    assert xml(fast._p) == xml(slow._p)
    run.bold = True  # the run returned is a working python-docx Run
    assert fast.runs[0].bold and fast.text == slow.text


def test_add_styled_paragraph_is_add_paragraph_then_style() -> None:
    slow, fast = docx.Document(), docx.Document()
    for style_id in ("ListBullet", "Heading1", "BCDoanVan"):
        slow.add_paragraph()._p.style = style_id
        paragraph = add_styled_paragraph(fast, style_id)
        paragraph.add_run("chữ")  # a working python-docx Paragraph, in the body before its w:sectPr
    slow_body, fast_body = slow.element.body, fast.element.body
    for paragraph in slow.paragraphs:
        paragraph.add_run("chữ")
    assert xml(fast_body) == xml(slow_body)
    assert fast_body[-1].tag == qn("w:sectPr")


@pytest.mark.parametrize("align", [WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY])
@pytest.mark.parametrize("hanging", [0, 8])
@pytest.mark.parametrize("styled", [False, True])
def test_format_paragraph_is_alignment_plus_indents(align: WD_ALIGN_PARAGRAPH, hanging: int, styled: bool) -> None:
    document = docx.Document()
    style = "List Bullet" if styled else None
    slow, fast = document.add_paragraph(style=style), document.add_paragraph(style=style)
    slow.alignment = align
    if hanging:
        slow.paragraph_format.left_indent = Pt(hanging)
        slow.paragraph_format.first_line_indent = Pt(-hanging)
    format_paragraph(fast, align, hanging)
    assert xml(fast._p) == xml(slow._p)


def old_set_col_widths(table: Table, widths: list[Length]) -> None:
    """set_col_widths as it was written with python-docx's setters only."""
    table.autofit = False
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    for row in table.rows:
        column = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = Length(sum(widths[column : column + span]))
            column += span


def test_center_vertically_and_column_widths_match_python_docx() -> None:
    document = docx.Document()
    widths = [Cm(1.2), Cm(6), Cm(2.5), Cm(2), Cm(4.8)]
    tables = [document.add_table(rows=3, cols=5) for _ in range(2)]
    for table in tables:
        table.cell(0, 1).merge(table.cell(0, 2))  # a cell spanning two columns takes the slow path
        table.cell(2, 4)._tc.get_or_add_tcPr().remove(table.cell(2, 4)._tc.tcPr.tcW)  # and one without w:tcW
    slow, fast = tables
    for row in slow.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in fast.rows:
        for cell in row.cells:
            if cell.vertical_alignment is None:  # a merged cell appears twice in row.cells
                center_vertically(cell)
    old_set_col_widths(slow, widths)
    set_col_widths(fast, widths)
    assert xml(fast._tbl) == xml(slow._tbl)
    assert fast.cell(0, 1).width.twips == Length(widths[1] + widths[2]).twips


@pytest.mark.parametrize("bold", [False, True])
def test_rows_written_as_xml_text_match_python_docx(bold: bool) -> None:
    """Every text of TEXTS (tabs, breaks, spaces, markup characters), empty lines and hanging list
    lines, kept-together rows and not: the parsed rows are the rows python-docx's setters make."""
    document = docx.Document()
    widths = [Cm(1.2), Cm(6), Cm(2.5)]
    lines = [[text, "", "- gạch đầu dòng"] for text in TEXTS]
    aligns = [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.LEFT]
    slow = document.add_table(rows=len(lines), cols=3)
    set_col_widths(slow, widths)
    for index, (row, texts) in enumerate(zip(slow.rows, lines, strict=True)):
        if index % 2:
            row._tr.get_or_add_trPr().append(slow._tbl.makeelement(qn("w:cantSplit")))
        for cell, align in zip(row.cells, aligns, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            for number, line in enumerate(texts):
                paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
                paragraph.alignment = align
                if line.startswith("- ") and align == WD_ALIGN_PARAGRAPH.LEFT:
                    paragraph.paragraph_format.left_indent = Pt(8)
                    paragraph.paragraph_format.first_line_indent = Pt(-8)
                if line:
                    run_font(paragraph.add_run(line), 12, bold=bold)
    fast = document.add_table(rows=0, cols=3)
    set_col_widths(fast, widths)
    rows = []

    def hanging(line: str, align: WD_ALIGN_PARAGRAPH) -> int:
        return 8 if line.startswith("- ") and align == WD_ALIGN_PARAGRAPH.LEFT else 0

    for index, texts in enumerate(lines):
        cells = [
            cell_xml(width, [paragraph_xml(line, align, hanging(line, align), 12, bold) for line in texts])
            for width, align in zip(widths, aligns, strict=True)
        ]
        rows.append(row_xml(cells, keep_together=bool(index % 2)))
    append_rows_xml(fast, rows)
    assert xml(fast._tbl) == xml(slow._tbl)
    assert [cell.text for cell in fast.columns[1].cells] == [cell.text for cell in slow.columns[1].cells]


@pytest.mark.parametrize("center", [False, True])
def test_styled_paragraphs_with_runs_as_xml_text_match_python_docx(center: bool) -> None:
    """Every text of TEXTS, plain, bold, italic and both, in a styled paragraph (centred or not)."""
    document = docx.Document()
    align = WD_ALIGN_PARAGRAPH.CENTER if center else None
    for text in TEXTS:
        slow = add_styled_paragraph(document, "BCBang")
        if align is not None:
            slow.alignment = align
        runs = []
        for bold, italic in ((False, False), (True, False), (False, True), (True, True)):
            run = add_run(slow, text)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            runs.append(run_xml(text, bold=bold, italic=italic))
        table = document.add_table(rows=0, cols=1)
        append_rows_xml(table, [row_xml([cell_xml(Cm(3), [styled_paragraph_xml("BCBang", align, runs)])], True)])
        fast = table._tbl.tr_lst[0].tc_lst[0].p_lst[0]
        assert xml(fast) == xml(slow._p)
    empty = document.add_table(rows=0, cols=1)
    append_rows_xml(empty, [row_xml([cell_xml(Cm(3), [], span=2, merge="continue")], True, header=True)])
    assert xml(empty._tbl.tr_lst[0]).count(b"<w:p/>") == 1  # a covered cell holds an empty paragraph
