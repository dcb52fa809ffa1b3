"""Phụ lục DOCX: a section or group row ("II", "2 Kiểm tra CCHC") never ends a page alone.

Every paragraph of such a row's cells keeps with the next paragraph (w:keepNext), as the headings
of the BÁO CÁO do: Word and LibreOffice then keep the row on the page of the row after it. A group
row with a long note (several centimetres of it) is content of its own and is left free: moved
whole to the next page it would leave much of the page empty. The PDFs LibreOffice makes of the
three examples are read page by page to check it.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from lxml import etree

from cchc_docgen.render._docx_text import add_text_run, paragraph_xml
from cchc_docgen.render.appendix_docx import render_appendix_docx

from .appendix_expected import Row, expected_rows, form_of, header_layout, render_once
from .conftest import EXAMPLES, pdf_text, run_cli

HEADING_KINDS = ("section", "group")
#: A heading row whose note is at most this long (and one line as typed) is a heading: always kept
#: with the next row. One with a longer note may be too tall to move (the tool decides by measuring).
SHORT_NOTE = 150
#: The files `build` names after each example's agency and period.
PDF_NAMES = {
    "000": "so-tai-nguyen-va-moi-truong-2023-nam",
    "004": "so-thong-tin-va-truyen-thong-2022-q3",
    "002": "huyen-cu-lao-dung-2023-q1",
}


def keeps_with_next(paragraph: object) -> bool:
    p_pr = paragraph._p.pPr  # type: ignore[attr-defined]
    keep = None if p_pr is None else p_pr.find(qn("w:keepNext"))
    return keep is not None and keep.get(qn("w:val")) in (None, "1", "true", "on")


def test_section_and_group_rows_keep_with_the_next_row(example: Path, tmp_path: Path) -> None:
    document = docx.Document(str(render_once(render_appendix_docx, example, tmp_path)))
    (table,) = document.tables
    grid, _ = header_layout(form_of(example)["columns"])
    body = table.rows[len(grid) :]
    expected = expected_rows(example)
    assert len(body) == len(expected)
    headings = 0
    for row, want in zip(body, expected, strict=True):
        paragraphs = [p for cell in row.cells for p in cell.paragraphs]
        kept = {keeps_with_next(p) for p in paragraphs}
        if is_heading(want):
            headings += 1
            assert kept == {True}, (want.id, want.label)
        elif want.kind in HEADING_KINDS:  # a long note: kept with the next row only if short enough to move
            assert len(kept) == 1, (want.id, want.label)
        else:
            assert kept == {False}, (want.id, want.label)
    assert headings >= 10  # seven sections and the groups of the form


def is_heading(row: Row) -> bool:
    """A section or group row without a long note."""
    return row.kind in HEADING_KINDS and len(row.note) <= SHORT_NOTE and "\n" not in row.note


def test_a_group_row_with_a_long_note_is_left_free(tmp_path: Path) -> None:
    """ "2 Số liệu về biên chế công chức" of the Sở TTTT carries 268 characters of note: kept with
    the next row it would leave a quarter of page 9 empty."""
    document = docx.Document(str(render_once(render_appendix_docx, EXAMPLES["004"], tmp_path)))
    (table,) = document.tables
    (row,) = (r for r in table.rows if r.cells[1].text == "Số liệu về biên chế công chức")
    assert not any(keeps_with_next(p) for cell in row.cells for p in cell.paragraphs)


def _squeezed(text: str) -> str:
    """`text` without any whitespace: a label wrapped over lines or cut by a page reads the same."""
    return "".join(text.split())


def pdf_pages(pdf_file: Path) -> list[str]:
    """The text of each page, in the order LibreOffice wrote it (a table row by row)."""
    return [_squeezed(page) for page in pdf_text(pdf_file, "-raw").split("\f")]


def last_row_started(pages: list[str], rows: list[Row]) -> list[Row | None]:
    """For each page, the last table row whose label begins on it (None: a page that only carries
    the rest of a long row). Labels are looked for in order, each after the one before it; the first
    15 characters are enough to tell a row and short enough to be found when a page cuts the label."""
    found: list[Row | None] = []
    cursor = 0
    for page in pages:
        position, last = 0, None
        while cursor < len(rows):
            key = _squeezed(rows[cursor].label)[:15]
            at = page.find(key, position)
            if at < 0:
                break
            position, last, cursor = at + len(key), rows[cursor], cursor + 1
        found.append(last)
    assert cursor == len(rows), f"row {rows[cursor].id} not found in the PDF"
    return found


@pytest.mark.libreoffice
def test_no_page_of_the_examples_ends_with_a_section_row(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("build", "--pdf", *EXAMPLES.values(), "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    checked = 0
    for key, source in EXAMPLES.items():
        pdf_file = out / f"{PDF_NAMES[key]}-phu-luc.pdf"
        pages = pdf_pages(pdf_file)
        assert len(pages) >= 10
        for number, row in enumerate(last_row_started(pages, expected_rows(source)), 1):
            assert row is None or not is_heading(row), f"{pdf_file.name}, page {number}: {row.stt} {row.label}"
            checked += row is not None
    assert checked >= 30


def canonical(element: etree._Element) -> bytes:
    """`element` as XML with only the namespace declarations it uses (exclusive C14N)."""
    return etree.tostring(element, method="c14n", exclusive=True)


@pytest.mark.parametrize("text", ["II", "Cải cách thể chế", "", "hai\ndòng"])
@pytest.mark.parametrize("hanging", [0, 8])
def test_paragraph_xml_keeps_with_next_as_python_docx_writes_it(text: str, hanging: float) -> None:
    """The fast XML of a kept cell paragraph is python-docx's: w:keepNext in its schema place."""
    document = docx.Document()
    slow = document.add_paragraph()
    slow.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if hanging:
        slow.paragraph_format.left_indent = Pt(hanging)
        slow.paragraph_format.first_line_indent = Pt(-hanging)
    slow.paragraph_format.keep_with_next = True
    if text:
        add_text_run(slow, text, 12, bold=True)
    fast = parse_xml(
        f"<w:body {nsdecls('w')}>"
        f"{paragraph_xml(text, WD_ALIGN_PARAGRAPH.LEFT, hanging, 12, bold=True, keep_with_next=True)}</w:body>"
    )[0]
    assert canonical(fast) == canonical(slow._p)
    assert fast.pPr[0].tag == qn("w:keepNext")
