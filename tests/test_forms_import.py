"""`forms import`: a province's blank form (Word or Excel) becomes a form file whose Phụ lục prints the
same table. Each shipped form is sent back as a province would send it (the tool's own blank Phụ lục,
DOCX and XLSX; a Word table typed by hand with direct formatting), imported, and the Phụ lục of a
report on the imported form compared with the shipped form's, row by row and cell by cell."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from openpyxl import load_workbook

from cchc_docgen.forms import Form, RowKind, load_form, select_version

from .conftest import AGENCY_X, FORMS, SIGNED_GIAM_DOC, landscape_form_without_group, run_cli

SHIPPED = ("soctrang-so-nganh", "soctrang-cap-huyen")
PERIOD = "2023-Q1"


def report_file(folder: Path, form_id: str, name: str = "bao-cao") -> Path:
    """A draft report on `form_id` with no values: what a blank Phụ lục is made from."""
    path = folder / f"{name}.yaml"
    path.write_text(
        f"{AGENCY_X}\nperiod: {PERIOD}\n"
        'document: {draft: true, symbol: "BC-SX", subject: "Kết quả CCHC quý I năm 2023"}\n'
        f"{SIGNED_GIAM_DOC}\nappendix:\n  form: {form_id}\n  values: {{}}\n",
        encoding="utf-8",
    )
    return path


def appendix(folder: Path, form_id: str, forms_dir: Path | None = None) -> tuple[Path, Path]:
    """The Phụ lục (DOCX, XLSX) of a blank report on `form_id`, built by the command line."""
    folder.mkdir(parents=True, exist_ok=True)
    report = report_file(folder, form_id)
    extra = ["--forms-dir", str(forms_dir)] if forms_dir else []
    result = run_cli("check", report, *extra)
    assert result.exit_code == 0, result.output
    out = folder / "out"
    result = run_cli("appendix", report, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return next(out.glob("*.docx")), next(out.glob("*.xlsx"))


def import_form(source: Path, forms_dir: Path, form_id: str = "nhap") -> Path:
    target = forms_dir / f"{form_id}.yaml"
    forms_dir.mkdir(parents=True, exist_ok=True)
    result = run_cli("forms", "import", source, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == str(target)
    return target


def docx_view(path: Path) -> dict[str, Any]:
    """What a reader sees of a Phụ lục in Word: the lines above the table, each row's cells and which
    of them are bold, the page's orientation."""
    document = docx.Document(str(path))
    (table,) = document.tables
    rows = []
    for row in table.rows:
        cells = [(cell.text, any(run.bold for p in cell.paragraphs for run in p.runs)) for cell in row.cells]
        rows.append(cells)
    return {
        "above": [p.text for p in document.paragraphs if p.text.strip()],
        "rows": rows,
        "landscape": document.sections[0].orientation == WD_ORIENT.LANDSCAPE,
    }


def xlsx_view(path: Path) -> dict[str, Any]:
    """The printed columns A–E of every row (value, bold), the merged ranges and the page setup."""
    sheet = load_workbook(path).active
    assert sheet is not None
    cells = [[(c.value, bool(c.font.b)) for c in row] for row in sheet.iter_rows(min_col=1, max_col=5)]
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "orientation": sheet.page_setup.orientation,
        "title": sheet.title,
    }


@pytest.fixture(scope="module")
def shipped_appendix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """The blank Phụ lục of each shipped form, built once."""
    return {form_id: appendix(tmp_path_factory.mktemp(form_id), form_id) for form_id in SHIPPED}


def assert_same_appendix(expected: tuple[Path, Path], got: tuple[Path, Path]) -> None:
    want_docx, got_docx = docx_view(expected[0]), docx_view(got[0])
    assert got_docx["above"] == want_docx["above"]
    assert got_docx["landscape"] == want_docx["landscape"]
    assert len(got_docx["rows"]) == len(want_docx["rows"])
    for number, (want, have) in enumerate(zip(want_docx["rows"], got_docx["rows"], strict=True), start=1):
        assert have == want, f"dòng {number} của bảng Word"
    want_xlsx, got_xlsx = xlsx_view(expected[1]), xlsx_view(got[1])
    assert got_xlsx["merged"] == want_xlsx["merged"]
    assert (got_xlsx["orientation"], got_xlsx["title"]) == (want_xlsx["orientation"], want_xlsx["title"])
    for number, (want, have) in enumerate(zip(want_xlsx["cells"], got_xlsx["cells"], strict=True), start=1):
        assert have == want, f"dòng {number} của trang Excel"
    assert len(got_xlsx["cells"]) == len(want_xlsx["cells"])


@pytest.mark.parametrize("form_id", SHIPPED)
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_own_blank_appendix_imports_back(
    form_id: str, kind: str, shipped_appendix: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    blank = shipped_appendix[form_id][0 if kind == "docx" else 1]
    forms = tmp_path / "forms"
    target = import_form(blank, forms)
    text = target.read_text(encoding="utf-8")
    assert "{KY}" in text and "# gợi ý:" in text
    assert_same_appendix(shipped_appendix[form_id], appendix(tmp_path / "again", "nhap", forms))


# --- a Word table typed by hand -----------------------------------------------------------------


def blank_title(form: Form) -> str:
    """The title as a province prints it on a blank form: the period and agency left to fill in."""
    return form.title.replace("{KY}", "QUÝ … NĂM 20…").replace("{CO_QUAN}", "…").replace("{DIA_BAN}", "…")


def hand_made_docx(form: Form, path: Path, *, landscape: bool = False) -> Path:
    """The form as a clerk types it in Word: direct bold on group rows, header cells merged by hand,
    codes typed on one line, a header paragraph above the title."""
    document = docx.Document()
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    document.add_paragraph("UBND TỈNH SÓC TRĂNG")
    if form.heading:
        document.add_paragraph().add_run(form.heading).bold = True
    document.add_paragraph().add_run(blank_title(form)).bold = True
    document.add_paragraph().add_run("(Kèm theo Báo cáo số      /BC-… ngày … tháng … năm 20… của …)").italic = True
    columns = form.columns
    names = ("stt", "label", "unit", "value", "note")
    two = columns.group is not None
    table = document.add_table(rows=2 if two else 1, cols=5)
    for index, name in enumerate(names):
        top = table.cell(0, index)
        if two and name in columns.group_over:
            table.cell(1, index).paragraphs[0].add_run(columns.heading(name)).bold = True
        else:
            top.paragraphs[0].add_run(columns.heading(name)).bold = True
            if two:
                top.merge(table.cell(1, index))
    if two:
        assert columns.group is not None
        first = names.index(columns.group_over[0])
        cell = table.cell(0, first)
        if len(columns.group_over) > 1:
            cell = cell.merge(table.cell(0, first + 1))
        cell.paragraphs[0].add_run(columns.group).bold = True
    for row in form.rows:
        cells = table.add_row().cells
        bold = row.kind in form.layout.bold
        for index, text in enumerate((row.stt, row.label, row.unit)):
            if text:
                cells[index].paragraphs[0].add_run(text).bold = bold and index < 2
    document.save(str(path))
    return path


@pytest.mark.parametrize("form_id", SHIPPED)
def test_hand_made_word_table_imports(
    form_id: str, shipped_appendix: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    form = select_version(load_form(form_id), dt.date(2023, 3, 14))  # the version of the report's period
    blank = hand_made_docx(form, tmp_path / "bieu-mau-trong.docx")
    forms = tmp_path / "forms"
    import_form(blank, forms)
    assert_same_appendix(shipped_appendix[form_id], appendix(tmp_path / "again", "nhap", forms))


def test_landscape_form_without_group_heading(tmp_path: Path) -> None:
    raw, shipped_dir = landscape_form_without_group(tmp_path)
    expected = appendix(tmp_path / "shipped", "soctrang-cap-huyen", shipped_dir)
    form = load_form("soctrang-cap-huyen", [shipped_dir])
    assert form.orientation == "landscape" and form.columns.group is None and raw
    blank = hand_made_docx(form, tmp_path / "ngang.docx", landscape=True)
    forms = tmp_path / "forms"
    target = import_form(blank, forms)
    assert "orientation: landscape" in target.read_text(encoding="utf-8")
    assert_same_appendix(expected, appendix(tmp_path / "again", "nhap", forms))


# --- small forms: numbering 1., 1.1., "Trong đó", codes ----------------------------------------

SMALL = """\
id: tinh-khac
name: "Biểu mẫu thử"
heading: "PHỤ LỤC II"
title: "BIỂU TỔNG HỢP KẾT QUẢ CẢI CÁCH HÀNH CHÍNH {KY} CỦA {CO_QUAN}"
orientation: portrait
columns: {stt: "TT", label: "Nội dung", unit: "ĐVT", value: "Số liệu", note: "Ghi chú"}
codes:
  co_khong: {label: "Có = 1; Không = 0", values: {1: "Có", 0: "Không"}}
rows:
  - {id: "1", stt: "1.", label: "Cải cách thể chế", kind: section}
  - {id: "1.1", stt: "1.1.", label: "Tỷ lệ văn bản ban hành đúng hạn", kind: percent}
  - {id: "1.1.1", stt: "1.1.1.", label: "Tổng số văn bản phải ban hành", unit: "Văn bản", kind: count}
  - {id: "1.1.2", stt: "Trong đó", label: "Số văn bản đã ban hành đúng hạn", unit: "Văn bản", kind: count}
  - {id: "1.2", stt: "1.2.", label: "Có kế hoạch rà soát văn bản", kind: coded, codes: co_khong}
  - {id: "2", stt: "2.", label: "Cải cách thủ tục hành chính", kind: section}
  - {id: "2.1", stt: "2.1.", label: "Số hồ sơ tiếp nhận", unit: "Hồ sơ", kind: count}
  - {id: "2.1.a", label: "- Trong đó: trực tuyến", unit: "Hồ sơ", kind: count}
"""


@pytest.fixture(scope="module")
def small_form(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Form]:
    folder = tmp_path_factory.mktemp("small") / "forms"
    folder.mkdir()
    (folder / "tinh-khac.yaml").write_text(SMALL, encoding="utf-8")
    return folder, load_form("tinh-khac", [folder])


def test_numbered_sections_trong_do_and_codes(small_form: tuple[Path, Form], tmp_path: Path) -> None:
    shipped_dir, form = small_form
    blank = hand_made_docx(form, tmp_path / "tinh-khac.docx")
    forms = tmp_path / "forms"
    target = import_form(blank, forms)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["heading"] == "PHỤ LỤC II"
    assert data["title"] == "BIỂU TỔNG HỢP KẾT QUẢ CẢI CÁCH HÀNH CHÍNH {KY} CỦA {CO_QUAN}"
    assert data["columns"] == {"stt": "TT", "label": "Nội dung", "unit": "ĐVT", "value": "Số liệu", "note": "Ghi chú"}
    assert data["codes"] == {"co_khong": {"label": "Có = 1; Không = 0", "values": {1: "Có", 0: "Không"}}}
    rows = [(r["id"], r.get("stt"), r["kind"], r.get("unit"), r.get("codes")) for r in data["rows"]]
    assert rows == [
        ("1", "1.", "section", None, None),
        ("1.1", "1.1.", "percent", None, None),
        ("1.1.1", "1.1.1.", "count", "Văn bản", None),
        ("1.1.1.van_ban_ban_hanh", "Trong đó", "count", "Văn bản", None),
        ("1.2", "1.2.", "coded", None, "co_khong"),
        ("2", "2.", "section", None, None),
        ("2.1", "2.1.", "count", "Hồ sơ", None),
        ("2.1.truc_tuyen", None, "count", "Hồ sơ", None),
    ]
    text = target.read_text(encoding="utf-8")
    # What a table cannot say is left as suggestions, never as rules.
    assert "# gợi ý: dòng này là một phần của 'Tổng số văn bản phải ban hành': max: 1.1.1" in text
    assert "# gợi ý: dòng này là một phần của 'Số hồ sơ tiếp nhận': max: 2.1" in text
    assert "derive:" not in text.replace("# gợi ý", "").split("rows:")[1].replace("derive: {", "")
    expected = appendix(tmp_path / "shipped", "tinh-khac", shipped_dir)
    assert_same_appendix(expected, appendix(tmp_path / "again", "nhap", forms))


def test_code_row_with_its_own_printing(tmp_path: Path) -> None:
    """A code list typed on two lines, or with commas, is read as codes; each printing its own set."""
    document = docx.Document()
    document.add_paragraph().add_run("PHỤ LỤC").bold = True
    document.add_paragraph().add_run("THỐNG KÊ CCHC NĂM 2024 CỦA SỞ A").bold = True
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"), strict=True):
        cell.text = text
    for stt, label, unit in (
        ("I", "Chỉ đạo", ""),
        ("1", "Có ban hành kế hoạch", "Có = 1;\nKhông = 0"),
        ("2", "Khảo sát", "Trực tuyến=0, Phát phiếu=1, Kết hợp=2"),
        ("3", "Số văn bản", "Văn bản"),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = stt, label, unit
    source = tmp_path / "codes.docx"
    document.save(str(source))
    target = import_form(source, tmp_path / "forms")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["title"] == "THỐNG KÊ CCHC {KY} CỦA {CO_QUAN}"
    assert data["codes"] == {
        "co_khong": {"label": "Có = 1; Không = 0", "values": {1: "Có", 0: "Không"}},
        "truc_tuyen_phat_phieu_ket_hop": {
            "label": "Trực tuyến=0, Phát phiếu=1, Kết hợp=2",
            "values": {0: "Trực tuyến", 1: "Phát phiếu", 2: "Kết hợp"},
        },
    }
    kinds = {r["id"]: (r["kind"], r.get("codes")) for r in data["rows"]}
    assert kinds == {
        "I": ("section", None),
        "I.1": ("coded", "co_khong"),
        "I.2": ("coded", "truc_tuyen_phat_phieu_ket_hop"),
        "I.3": ("count", None),
    }
    form = load_form("nhap", [tmp_path / "forms"])
    assert form.by_id["I.1"].codes is not None and form.by_id["I.1"].kind is RowKind.CODED


# --- refusals -----------------------------------------------------------------------------------


def test_damaged_docx_is_one_located_message(tmp_path: Path) -> None:
    source = tmp_path / "hong.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body><w:tbl>")
    target = tmp_path / "bieu-mau.yaml"
    result = run_cli("forms", "import", source, "-o", target)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{source}: lỗi: tệp Word bị hỏng: phần word/document.xml không phải XML hợp lệ (dòng 1 của phần này);"
        " hãy mở bằng Word hoặc LibreOffice và lưu lại dạng .docx"
    ]
    assert not target.exists()


def test_damaged_xlsx_is_one_located_message(tmp_path: Path) -> None:
    source = tmp_path / "hong.xlsx"
    source.write_bytes(b"PK\x03\x04 not really a workbook")
    target = tmp_path / "bieu-mau.yaml"
    result = run_cli("forms", "import", source, "-o", target)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{source}: lỗi: không đọc được tệp Excel .xlsx (BadZipFile); chỉ nhận tệp .xlsx"
    ]
    assert not target.exists()


def test_word_file_without_a_table_is_no_form(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Kết quả thực hiện công tác cải cách hành chính quý I năm 2024.")
    source = tmp_path / "bao-cao.docx"
    document.save(str(source))
    target = tmp_path / "bieu-mau.yaml"
    result = run_cli("forms", "import", source, "-o", target)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{source}: lỗi: tệp không có bảng nào nên không phải biểu mẫu phụ lục; biểu mẫu là một bảng có các"
        " cột STT, Chỉ tiêu (Nội dung), Đơn vị tính, Số liệu, Ghi chú"
    ]
    assert not target.exists()


def test_table_without_a_form_header_is_named(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Họ và tên", "Chức vụ", "Điện thoại"), strict=True):
        cell.text = text
    source = tmp_path / "danh-sach.docx"
    document.save(str(source))
    result = run_cli("forms", "import", source, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert result.output.startswith(f"{source}: lỗi: bảng 1: không thấy dòng tiêu đề của bảng biểu mẫu")


def test_numbering_broken_in_the_table_is_told_at_its_row(small_form: tuple[Path, Form], tmp_path: Path) -> None:
    _, form = small_form
    source = hand_made_docx(form, tmp_path / "so-lap.docx")
    document = docx.Document(str(source))
    document.tables[0].rows[7].cells[0].paragraphs[0].runs[0].text = "2.3."
    document.save(str(source))
    target = tmp_path / "forms" / "nhap.yaml"
    result = run_cli("forms", "import", source, "-o", target)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{source}: lỗi: bảng 1, dòng 8: số thứ tự '2.3.' của '2.3' không liền mạch; cần 2.1.; hãy sửa bảng trong"
        " tệp rồi nhập lại"
    ]
    assert not target.exists()


def test_no_overwrite_without_force_and_listing_stays(small_form: tuple[Path, Form], tmp_path: Path) -> None:
    shipped_dir, form = small_form
    source = hand_made_docx(form, tmp_path / "bieu.docx")
    target = tmp_path / "forms" / "nhap.yaml"
    target.parent.mkdir()
    target.write_text("# của tôi\n", encoding="utf-8")
    result = run_cli("forms", "import", source, "-o", target)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{target}: lỗi: tệp đã có; thêm --force để ghi đè"]
    assert target.read_text(encoding="utf-8") == "# của tôi\n"
    assert run_cli("forms", "import", source, "-o", target, "--force").exit_code == 0
    listed = run_cli("forms", "--forms-dir", target.parent, "--forms-dir", shipped_dir)
    assert listed.exit_code == 0
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == [
        "nhap",
        *sorted(p.stem for p in FORMS.glob("*.yaml")),
        "tinh-khac",
    ]
    missing = run_cli("forms", "import", source)
    assert missing.exit_code == 2 and "Thiếu tùy chọn '-o' / '--output'." in missing.output


def hand_made_xlsx(form: Form, path: Path) -> Path:
    """The form as a clerk types it in Excel: title rows merged across, a two-row header merged by hand,
    bold fonts on group rows, a number typed as a number in the STT column, landscape page."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.page_setup.orientation = "landscape"
    sheet["A1"], sheet["A2"] = form.heading, blank_title(form)
    sheet["A3"] = "(Kèm theo Báo cáo số …/BC-… ngày … tháng … năm 20… của …)"
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        sheet.cell(row=row, column=1).font = Font(bold=row < 3, italic=row == 3)
    for column, text in enumerate(("TT", "Nội dung", "Kết quả", "", "Ghi chú"), start=1):
        sheet.cell(row=5, column=column, value=text or None).font = Font(bold=True)
    sheet["C6"], sheet["D6"] = "ĐVT", "Số liệu"
    for cell in ("A5:A6", "B5:B6", "C5:D5", "E5:E6"):
        sheet.merge_cells(cell)
    for number, row in enumerate(form.rows, start=7):
        bold = row.kind in form.layout.bold
        stt: str | int = int(row.stt) if row.stt.isdigit() else row.stt
        for column, text in enumerate((stt, row.label, row.unit), start=1):
            if text != "":
                sheet.cell(row=number, column=column, value=text).font = Font(bold=bold and column < 3)
    workbook.save(str(path))
    return path


def test_hand_made_excel_sheet_imports(small_form: tuple[Path, Form], tmp_path: Path) -> None:
    _, form = small_form
    forms = tmp_path / "forms"
    target = import_form(hand_made_xlsx(form, tmp_path / "bieu-mau.xlsx"), forms)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["orientation"] == "landscape"
    assert data["columns"] == {
        "stt": "TT",
        "label": "Nội dung",
        "unit": "ĐVT",
        "value": "Số liệu",
        "note": "Ghi chú",
        "group": "Kết quả",
        "group_over": ["unit", "value"],
    }
    assert [r["id"] for r in data["rows"]][:4] == ["1", "1.1", "1.1.1", "1.1.1.van_ban_ban_hanh"]
    imported = load_form("nhap", [forms])
    assert [(r.stt, r.label, r.unit, r.kind) for r in imported.rows] == [
        (r.stt, r.label, r.unit, r.kind) for r in form.rows
    ]
    assert (imported.heading, imported.title) == (form.heading, form.title)


def test_italic_remark_in_a_heading_column_numbers_and_attachment_words(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("BIỂU TỔNG HỢP KẾT QUẢ CẢI CÁCH HÀNH CHÍNH 6 THÁNG ĐẦU NĂM 20…").bold = True
    document.add_paragraph().add_run("(Ban hành kèm theo Báo cáo số …/BC-UBND)").italic = True
    table = document.add_table(rows=3, cols=5)
    headings = ("STT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú")
    for index, (cell, text) in enumerate(zip(table.rows[0].cells, headings, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(text).bold = True
        if index == 1:
            remark = paragraph.add_run(" (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)")
            remark.bold = remark.italic = True
        table.rows[1].cells[index].text = f"({index + 1})"
    table.rows[2].cells[0].text, table.rows[2].cells[1].text = "1", "Số văn bản"
    table.rows[2].cells[2].text = "Văn bản"
    source = tmp_path / "bieu.docx"
    document.save(str(source))
    data = yaml.safe_load(import_form(source, tmp_path / "forms").read_text(encoding="utf-8"))
    assert data["heading"] == ""
    assert data["title"] == "BIỂU TỔNG HỢP KẾT QUẢ CẢI CÁCH HÀNH CHÍNH {KY}"
    assert data["layout"] == {"attachment": "Ban hành kèm theo"}
    assert data["columns"]["label"] == "Nội dung *(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)*"
    assert data["rows"] == [{"id": "1", "stt": "1", "label": "Số văn bản", "unit": "Văn bản", "kind": "count"}]
