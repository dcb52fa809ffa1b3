"""Layout per form and values as printed, in both Phụ lục files; long notes never cut; pages filled."""

from __future__ import annotations

import itertools
import math
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from cchc_docgen.core.text_metrics import text_width_pt
from cchc_docgen.render.appendix_docx import render_appendix_docx
from cchc_docgen.render.appendix_xlsx import render_appendix_xlsx
from cchc_docgen.report.analysis import load_checked

from .appendix_xlsx_read import read_appendix_xlsx
from .conftest import AGENCY_X, EXAMPLES, SIGNED_GIAM_DOC, pdf_text, soffice_to_pdf

TTTT_2022 = EXAMPLES["004"]

FORM = """\
id: tinh-moi
name: "Biểu mẫu tỉnh mới"
heading: ""
title: "BIỂU TỔNG HỢP KẾT QUẢ CCHC {KY}"
columns:
  stt: "TT"
  label: "Nội dung *(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)*"
  unit: "Đơn vị tính"
  value: "Số liệu"
  note: "Ghi chú"
  group: "Kết quả"
  group_over: [value]
layout:
  widths: [6, 50, 14, 12, 18]
  attachment: "Ban hành kèm theo"
  leading_zero: true
rows:
  - {id: A, stt: "I", label: "Mục A", kind: section}
  - {id: "1", stt: "1.", label: "Nhóm một", kind: group}
  - {id: "1.1", stt: "1.1.", label: "Số việc", unit: "Việc", kind: count}
  - {id: "1.1.1", stt: "1.1.1.", label: "Số lượt", unit: "Lượt", kind: count}
  - {id: "1.1.2", stt: "Trong đó", label: "Số lượt trực tuyến", unit: "Lượt", kind: count, max: "1.1.1"}
  - {id: "1.2", stt: "1.2.", label: "Tổng", unit: "Việc", kind: count, derive: {sum: ["1.1", "1.1.1"]}}
  - {id: "1.3", stt: "1.3.", label: "Tỷ lệ", kind: percent}
"""

URLS = "\n".join(
    f"{i}. https://stttt.soctrang.gov.vn/tin-tuc/cai-cach-hanh-chinh/bai-viet-so-{i:03d}.html" for i in range(1, 23)
)

REPORT = f"""\
{AGENCY_X}
period: 2024-Q1
document: {{number: 7, symbol: BC-SX, date: 2024-03-15}}
{SIGNED_GIAM_DOC}
appendix:
  form: tinh-moi
  values:
    "1.1": 6
    "1.1.1": "21 (lượt người)"
    "1.1.2": {{value: 12, qualifier: "(lượt)"}}
    "1.2": {{blank: true}}
    "1.3": 85.5
    "1": {{note: {URLS!r}}}
"""


@pytest.fixture
def checked_new(tmp_path: Path):  # type: ignore[no-untyped-def]
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "tinh-moi.yaml").write_text(FORM, encoding="utf-8")
    report = tmp_path / "r.yaml"
    report.write_text(REPORT.replace("'", '"'), encoding="utf-8")
    return load_checked(report, (forms,))


def test_docx_follows_the_form_layout(checked_new, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "p.docx"
    render_appendix_docx(checked_new, target)
    document = docx.Document(str(target))
    # No heading line: the title comes first; the attachment line uses the form's wording.
    texts = [p.text for p in document.paragraphs[:2]]
    assert texts == [
        "BIỂU TỔNG HỢP KẾT QUẢ CCHC QUÝ I NĂM 2024",
        "(Ban hành kèm theo Báo cáo số 07/BC-SX ngày 15 tháng 3 năm 2024 của Sở X tỉnh Y)",
    ]
    table = document.tables[0]
    top = [c.text for c in table.rows[0].cells]
    second = [c.text for c in table.rows[1].cells]
    label = "Nội dung (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)"
    assert top == ["TT", label, "Đơn vị tính", "Kết quả", "Ghi chú"]
    assert second == ["TT", label, "Đơn vị tính", "Số liệu", "Ghi chú"]
    runs = table.rows[0].cells[1].paragraphs[0].runs
    assert [(r.text, r.italic) for r in runs] == [
        ("Nội dung ", False),
        ("(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", True),
    ]
    body = {row.cells[1].text: row for row in table.rows[2:]}
    values = {name: row.cells[3].text for name, row in body.items()}
    assert values == {
        "Mục A": "",
        "Nhóm một": "",
        "Số việc": "06",  # the form asks for leading zeros
        "Số lượt": "21 (lượt người)",
        "Số lượt trực tuyến": "12 (lượt)",
        "Tổng": "",  # derived, but left blank on purpose
        "Tỷ lệ": "85,5",
    }
    assert body["Nhóm một"].cells[1].paragraphs[0].runs[0].bold  # group rows bold
    assert not body["Số việc"].cells[1].paragraphs[0].runs[0].bold
    # The STT column fits "1.1.1." and "Trong đó" on one line (bold header "TT" too).
    stt_width = table._tbl.tblGrid.gridCol_lst[0].w.pt
    assert stt_width - 6 >= text_width_pt("Trong đó", 12)
    shares = [col.w / sum(c.w for c in table._tbl.tblGrid.gridCol_lst) for col in table._tbl.tblGrid.gridCol_lst]
    assert shares[0] > 0.06 and abs(shares[4] - 0.18) < 0.005 and abs(sum(shares[:2]) - 0.56) < 0.005


def test_xlsx_follows_the_form_layout(checked_new, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "p.xlsx"
    render_appendix_xlsx(checked_new, target)
    sheet = load_workbook(target).worksheets[0]
    assert sheet["A1"].value == "BIỂU TỔNG HỢP KẾT QUẢ CCHC QUÝ I NĂM 2024"
    assert sheet["A2"].value.startswith("(Ban hành kèm theo Báo cáo số 07/BC-SX")
    # Header from row 4 (no heading line), two rows; frozen just below it, printed on every page.
    assert [sheet.cell(row=4, column=c).value for c in range(1, 6)][2:4] == ["Đơn vị tính", "Kết quả"]
    assert sheet["D5"].value == "Số liệu"
    assert {"A4:A5", "B4:B5", "C4:C5", "E4:E5"} <= {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "A6" and sheet.print_title_rows == "$4:$5"
    rich = load_workbook(target, rich_text=True).worksheets[0]["B4"].value
    assert isinstance(rich, CellRichText)
    assert [(block.text, bool(block.font.i)) for block in rich] == [
        ("Nội dung ", False),
        ("(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", True),
    ]
    rows = {sheet.cell(row=r, column=6).value: r for r in range(6, sheet.max_row + 1)}
    cell = sheet.cell(row=rows["1.1"], column=4)
    assert (cell.value, cell.number_format) == (6, "#,##00")  # a number showing "06"
    cell = sheet.cell(row=rows["1.1.1"], column=4)
    assert (cell.value, cell.number_format) == (21, '#,##00" (lượt người)"')  # still a number
    assert sheet.cell(row=rows["1.2"], column=4).value is None
    percent = sheet.cell(row=rows["1.3"], column=4)
    assert (percent.value, percent.number_format, sheet.cell(row=rows["1.3"], column=3).value) == (85.5, "General", "%")
    assert sheet.cell(row=rows["1"], column=2).font.b and not sheet.cell(row=rows["1.1"], column=2).font.b


def _estimated_lines(text: str, width_pt: float) -> int:
    """A plain estimate, independent of the renderer: average Times New Roman 12 character 5.2 pt."""
    per_line = max(1, int(width_pt / 5.2))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def _note_rows(path: Path) -> dict[str, list[int]]:
    """Indicator id → the sheet rows holding its note (continuation rows included)."""
    sheet = load_workbook(path).worksheets[0]
    rows: dict[str, list[int]] = {}
    last = ""
    for row in range(1, sheet.max_row + 1):
        mark = sheet.cell(row=row, column=6).value
        if isinstance(mark, str) and mark.startswith("(tiếp theo"):
            rows[last].append(row)
        elif isinstance(mark, str) and last != mark and row > 3:
            last = mark
            rows[mark] = [row]
    return rows


def _pdf_text(path: Path, tmp_path: Path) -> str:
    """The text of `path` as LibreOffice prints it."""
    (pdf,) = soffice_to_pdf([path], tmp_path / "pdf", tmp_path / "profile")
    return pdf_text(pdf)


def _words(text: str) -> str:
    """The characters without spacing or hyphens: the PDF breaks long words (URLs) and lines
    anywhere, and pdftotext drops a hyphen that ends a line."""
    return re.sub(r"[\s\u00a0-]+", "", text)


@pytest.mark.libreoffice
@pytest.mark.parametrize("source", ["004", "urls"])
def test_xlsx_long_notes_fit_their_rows_and_print_whole(source: str, checked_new, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    checked = load_checked(TTTT_2022) if source == "004" else checked_new
    target = tmp_path / "p.xlsx"
    render_appendix_xlsx(checked, target)
    sheet = load_workbook(target).worksheets[0]
    note_width = (sheet.column_dimensions["E"].width or 0) * 6 - 6
    notes = {row_id: rv.note for row_id, rv in checked.values.items() if rv.note}
    placed = _note_rows(target)
    continued = 0
    for row_id, note in notes.items():
        rows = placed[row_id]
        continued += len(rows) - 1
        pieces = [sheet.cell(row=r, column=5).value or "" for r in rows]
        for row, piece in zip(rows, pieces, strict=True):
            height = sheet.row_dimensions[row].height
            assert height is not None and height <= 409, (row_id, row)
            assert _estimated_lines(piece, note_width) * 13.8 <= height, (row_id, row)
        assert read_appendix_xlsx(target)[row_id][1] == note  # the pieces join back exactly
    assert continued >= (3 if source == "004" else 1)  # 004's notes 20, 22, 45 and the 22 URLs need them
    # A note continued over a page break is interrupted in the extracted text by the repeated
    # header rows (and the page number): leave those out of the printed copy and of the text.
    plain = load_workbook(target)
    plain.worksheets[0].oddHeader.center.text = None
    plain.save(tmp_path / "plain.xlsx")
    printed = _words(_pdf_text(tmp_path / "plain.xlsx", tmp_path))
    first = sheet[sheet.freeze_panes].row  # the first row below the header
    headings = [
        _words(str(h))
        for row in sheet.iter_rows(min_row=4, max_row=first - 1, max_col=5, values_only=True)
        for h in row
        if h
    ]
    # The header as the PDF reads it: its cells in some order, found on the first page.
    header = next("".join(order) for order in itertools.permutations(headings) if "".join(order) in printed)
    printed = printed.replace(header, "")
    for row_id, note in notes.items():
        for line in note.split("\n"):
            assert _words(line) in printed, (row_id, line)


def _written_cell_styles(path: Path) -> dict[str, tuple[str | None, set[str]]]:
    """Cell reference → (vertical alignment, bordered sides) as written in the file's XML (openpyxl
    rebuilds the cells covered by a merge when it reads a file, so it cannot show their styles)."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as package:
        styles = etree.fromstring(package.read("xl/styles.xml"))
        sheet = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    borders = [
        {side.tag.removeprefix(main) for side in border if side.get("style")}
        for border in styles.find(f"{main}borders")
    ]
    formats = []
    for xf in styles.find(f"{main}cellXfs"):
        alignment = xf.find(f"{main}alignment")
        formats.append((None if alignment is None else alignment.get("vertical"), borders[int(xf.get("borderId", 0))]))
    return {cell.get("r"): formats[int(cell.get("s", 0))] for cell in sheet.iter(f"{main}c")}


def test_xlsx_every_continued_note_has_its_row_merged_down_and_outlined(tmp_path: Path) -> None:
    """STT, label, unit and value are merged over all the rows of a continued note, each covered
    cell outlined and aligned at the top like the first: for every such note, not only the first."""
    target = tmp_path / "p.xlsx"
    render_appendix_xlsx(load_checked(TTTT_2022), target)
    merged = {str(r) for r in load_workbook(target).worksheets[0].merged_cells.ranges}
    written = _written_cell_styles(target)
    spans = [rows for rows in _note_rows(target).values() if len(rows) > 1]
    assert len(spans) >= 3
    for rows in spans:
        first, last = rows[0], rows[-1]
        for column in "ABCD":
            assert f"{column}{first}:{column}{last}" in merged
            assert written[f"{column}{first}"] == ("top", {"left", "right", "top", "bottom"})
            for row in range(first + 1, last + 1):
                assert written[f"{column}{row}"] == ("top", {"left", "right", "top", "bottom"}), f"{column}{row}"


@pytest.mark.libreoffice
def test_docx_long_rows_split_and_no_page_is_left_mostly_blank(tmp_path: Path) -> None:
    target = tmp_path / "p.docx"
    render_appendix_docx(load_checked(TTTT_2022), target)
    (pdf,) = soffice_to_pdf([target], tmp_path / "pdf", tmp_path / "profile")
    boxes = pdf_text(pdf, "-bbox")  # the bounding box of each word, page by page
    pages = boxes.split("<page ")[1:]
    assert len(pages) > 3
    for number, page in enumerate(pages[:-1], start=1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', page))
        assert lowest / height > 0.8, f"page {number} ends at {lowest / height:.0%} of its height"
