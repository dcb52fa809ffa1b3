"""The Phụ lục as a spreadsheet: numbers as numbers, merged header, hidden ids, dropdowns, print setup."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from cchc_docgen.render.appendix_docx import render_appendix_docx
from cchc_docgen.render.appendix_xlsx import _sheet_title, render_appendix_xlsx
from cchc_docgen.render.phu_luc_sheet import CONTINUED, ID, NOTE
from cchc_docgen.report.analysis import load_checked

from .appendix_expected import HEAD_LINES, Row, expected_rows, form_of, header_layout, render_once
from .appendix_xlsx_read import read_appendix_xlsx
from .conftest import EXAMPLES, landscape_form_without_group, soffice_to_pdf

TNR = "Times New Roman"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FIRST_ROW = 7  # rows 1–3 title lines, 4 blank, 5–6 the two header rows


def render(report: Path, tmp_path: Path, forms_dirs: tuple[Path, ...] = ()) -> Path:
    return render_once(render_appendix_xlsx, report, tmp_path, forms_dirs, ".xlsx")


def sheet_of(path: Path) -> Worksheet:
    workbook = load_workbook(path)
    assert len(workbook.worksheets) == 1
    return workbook.worksheets[0]


def id_rows(sheet: Worksheet) -> dict[str, int]:
    """Indicator id → its (first) sheet row, from the hidden id column."""
    return {
        value: row
        for row in range(FIRST_ROW, sheet.max_row + 1)
        if isinstance(value := sheet.cell(row=row, column=6).value, str) and not value.startswith("(")
    }


def test_rows_match_form_and_report(example: Path, tmp_path: Path) -> None:
    sheet = sheet_of(render(example, tmp_path))
    expected = expected_rows(example)
    rows = id_rows(sheet)
    assert list(rows) == [want.id for want in expected]
    notes = read_appendix_xlsx(render(example, tmp_path))
    for want in expected:
        row = rows[want.id]
        got = [sheet.cell(row=row, column=column).value for column in range(1, 5)]
        unit = want.unit.replace("; ", ";\n")
        assert got == [want.stt or None, want.label, unit or None, want.number], want.id
        assert notes[want.id] == (want.number, want.note or None), want.id
        value = sheet.cell(row=row, column=4)
        if want.number is not None:
            assert value.data_type == "n" and isinstance(value.value, (int, float)), want.id
        assert sheet.cell(row=row, column=2).font.b is want.bold, want.id
        assert sheet.cell(row=row, column=1).font.b is want.bold, want.id


def expected_format(want: Row) -> str:
    """The number format a row needs, from the form and report alone."""
    if want.kind == "percent":
        base = "General" if want.unit == "%" else 'General"%"'  # never "%" twice
    elif want.kind == "coded":
        base = "0"
    else:
        base = "#,##00" if want.padded else "#,##0"
    return base + (f'" {want.qualifier}"' if want.qualifier else "")


def test_number_formats(example: Path, tmp_path: Path) -> None:
    sheet = sheet_of(render(example, tmp_path))
    rows = id_rows(sheet)
    for want in expected_rows(example):
        if want.kind in ("count", "percent", "coded"):
            assert sheet.cell(row=rows[want.id], column=4).number_format == expected_format(want), want.id


def test_percent_is_stored_as_the_percentage(tmp_path: Path) -> None:
    example = EXAMPLES["002"]
    sheet = sheet_of(render(example, tmp_path))
    ids = id_rows(sheet)
    assert sheet.cell(row=ids["I.1"], column=4).value == 47.37
    assert sheet.cell(row=ids["I.1.de_ra"], column=4).value == 19


def test_header_title_and_merges(example: Path, tmp_path: Path) -> None:
    sheet = sheet_of(render(example, tmp_path))
    heading, title, attachment = HEAD_LINES[example.name]
    assert [sheet.cell(row=r, column=1).value for r in (1, 2, 3)] == [heading, title, attachment]
    assert sheet["A1"].font.b and sheet["A2"].font.b and sheet["A3"].font.i
    assert sheet["A1"].alignment.horizontal == "center"
    grid, spans = header_layout(form_of(example)["columns"])
    merged = {str(r) for r in sheet.merged_cells.ranges if r.min_row < FIRST_ROW}
    assert merged == {"A1:E1", "A2:E2", "A3:E3"} | spans
    for offset, texts in enumerate(grid):
        for column, text in enumerate(texts, start=1):
            cell = f"{'ABCDE'[column - 1]}{5 + offset}"
            if not any(cell in CellRange(r) and not cell.startswith(r.split(":")[0]) for r in spans):
                assert sheet[cell].value == text, cell
                assert sheet[cell].font.b, cell


def test_hidden_id_column_and_read_back(example: Path, tmp_path: Path) -> None:
    path = render(example, tmp_path)
    sheet = sheet_of(path)
    assert sheet.column_dimensions["F"].hidden
    expected = expected_rows(example)
    assert read_appendix_xlsx(path) == {row.id: (row.number, row.note or None) for row in expected}
    # A colleague fills in a blank and changes a value: both come back.
    workbook = load_workbook(path)
    filled = workbook.worksheets[0]
    blank = next(i for i, row in enumerate(expected) if row.kind == "count" and row.number is None)
    rows = id_rows(filled)
    filled.cell(row=rows[expected[blank].id], column=4, value=7)
    filled.cell(row=rows[expected[1].id], column=5, value="Ghi chú mới")
    workbook.save(tmp_path / "filled.xlsx")
    back = read_appendix_xlsx(tmp_path / "filled.xlsx")
    assert back[expected[blank].id] == (7, expected[blank].note or None)
    assert back[expected[1].id] == (expected[1].number, "Ghi chú mới")


def test_coded_rows_have_a_dropdown_of_their_codes(example: Path, tmp_path: Path) -> None:
    sheet = sheet_of(render(example, tmp_path))
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    rows = id_rows(sheet)
    coded = [(rows[want.id], want) for want in expected_rows(example) if want.kind == "coded"]
    assert coded
    for row, want in coded:
        covering = [dv for dv in lists if f"D{row}" in dv.sqref]
        assert len(covering) == 1, want.id
        assert covering[0].formula1 == '"' + ",".join(str(code) for code in want.codes) + '"'
        assert covering[0].showDropDown in (None, False)  # False shows the arrow
    listed = {str(cell) for dv in lists for rng in dv.sqref.ranges for cell in rng.cells}
    assert len(listed) == len(coded)  # no other row has a dropdown
    counts = [dv for dv in sheet.data_validations.dataValidation if dv.type == "whole"]
    assert counts and counts[0].operator == "greaterThanOrEqual"


def test_print_setup_fonts_and_panes(example: Path, tmp_path: Path) -> None:
    sheet = sheet_of(render(example, tmp_path))
    setup = sheet.page_setup
    # One page wide: fitToWidth is left out when it is 1, its default in the schema (openpyxl reads None).
    assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == ("portrait", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$5:$6"
    assert sheet.freeze_panes == f"A{FIRST_ROW}"
    assert sheet.print_area.endswith(f"$A$1:$E${sheet.max_row}")
    margins = sheet.page_margins
    assert [round(m * 25.4) for m in (margins.top, margins.bottom, margins.left, margins.right)] == [20, 20, 30, 15]
    assert sheet.HeaderFooter.differentFirst and sheet.oddHeader.center.text == "&P"
    assert not sheet.firstHeader.center.text
    fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert fonts == {TNR}
    # The workbook's default font (empty cells, column width unit) is Times New Roman too.
    with zipfile.ZipFile(render(example, tmp_path)) as package:
        styles = ElementTree.fromstring(package.read("xl/styles.xml"))
    first_font = styles.find(f"{MAIN}fonts/{MAIN}font/{MAIN}name")
    assert first_font is not None and first_font.get("val") == TNR
    wraps = {
        sheet.cell(row=r, column=c).alignment.wrap_text
        for r in range(FIRST_ROW, sheet.max_row + 1)
        for c in range(1, 6)
        if not isinstance(sheet.cell(row=r, column=c), MergedCell)  # covered by the cell above
    }
    assert wraps == {True}
    sides = ("left", "right", "top", "bottom")
    cells = [sheet.cell(row=r, column=c) for r in range(FIRST_ROW, sheet.max_row + 1) for c in range(1, 6)]
    cells = [cell for cell in cells if not isinstance(cell, MergedCell)]
    # Every edge is ruled, but between the pieces of a long note (a continuation row marked in the id column).
    marks = set(CONTINUED.values())
    continued = {r for r in range(FIRST_ROW, sheet.max_row + 1) if str(sheet.cell(row=r, column=ID).value) in marks}
    inner = {(r, "top") for r in continued} | {(r - 1, "bottom") for r in continued}
    ruled = [(cell, side) for cell in cells for side in sides if cell.column != NOTE or (cell.row, side) not in inner]
    assert {getattr(cell.border, side).style for cell, side in ruled} == {"thin"}
    assert all(getattr(sheet.cell(row=r, column=NOTE).border, side).style is None for r, side in inner)
    # The header's outline (inner edges of its merged cells have none, as Excel draws them).
    outline = [sheet[f"{c}5"].border.top.style for c in "ABCDE"]
    outline += [sheet[f"{c}6"].border.bottom.style for c in "ABCDE"]
    outline += [sheet[f"A{r}"].border.left.style for r in (5, 6)] + [sheet[f"E{r}"].border.right.style for r in (5, 6)]
    assert set(outline) == {"thin"}
    widths = [sheet.column_dimensions[c].width for c in "ABCDE"]
    assert widths[1] == max(widths)


def test_landscape_form_without_group(tmp_path: Path) -> None:
    form, forms = landscape_form_without_group(tmp_path)
    example = EXAMPLES["002"]
    sheet = sheet_of(render(example, tmp_path, (forms,)))
    assert sheet.page_setup.orientation == "landscape"
    columns = form["columns"]
    assert [sheet.cell(row=5, column=c).value for c in range(1, 6)] == [
        columns[k] for k in ("stt", "label", "unit", "value", "note")
    ]
    assert sheet.print_title_rows == "$5:$5" and sheet.freeze_panes == "A6"
    assert [sheet.cell(row=r, column=4).value for r in range(6, sheet.max_row + 1)] == [
        row.number for row in expected_rows(example)
    ]


@pytest.mark.parametrize("name", ["a/b", "PHỤ LỤC [2]: tổng hợp số liệu rất dài vượt quá"])
def test_sheet_name_is_one_excel_accepts(name: str, tmp_path: Path) -> None:
    title = _sheet_title(name)
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\")


@pytest.mark.libreoffice
def test_libreoffice_converts_both_files(tmp_path: Path) -> None:
    """The Word and Excel files open in LibreOffice: headless conversion to PDF succeeds."""
    checked = load_checked(EXAMPLES["002"])
    files = [tmp_path / "phu-luc.docx", tmp_path / "phu-luc-bang.xlsx"]
    render_appendix_docx(checked, files[0])
    render_appendix_xlsx(checked, files[1])
    for pdf in soffice_to_pdf(files, tmp_path / "pdf", tmp_path / "profile"):
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000, pdf.name


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """A note typed as "= 5 hồ sơ" must not become a (broken) formula that Excel offers to repair."""
    example = EXAMPLES["002"]
    text = example.read_text(encoding="utf-8")
    original = "I.1.de_ra: 19"
    assert original in text
    report = tmp_path / "r.yaml"
    report.write_text(text.replace(original, 'I.1.de_ra: {value: 19, note: "=SUM(A1:A3) hồ sơ"}'), encoding="utf-8")
    target = tmp_path / "p.xlsx"
    render_appendix_xlsx(load_checked(report), target)
    sheet = sheet_of(target)
    cell = sheet.cell(row=id_rows(sheet)["I.1.de_ra"], column=5)
    assert (cell.value, cell.data_type) == ("=SUM(A1:A3) hồ sơ", "s")
    assert read_appendix_xlsx(target)["I.1.de_ra"] == (19, "=SUM(A1:A3) hồ sơ")
