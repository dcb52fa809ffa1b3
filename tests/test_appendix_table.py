"""A Phụ lục table typed in Word or Excel read back into `appendix` (intake/appendix_table*.py): the
examples' own Phụ lục DOCX and XLSX give back their values and rebuild the same table; a clerk's
retyped table (other spacing and case, a row missing, a row added, "04", "21 (lượt người)", "Có",
notes, merged cells) is matched to its form by labels, with warnings naming table, row and words."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.document import Document
from openpyxl import Workbook

from cchc_docgen.cli import main
from cchc_docgen.core.errors import InputError
from cchc_docgen.forms import load_form
from cchc_docgen.intake.appendix_table import AppendixImport, read_appendix, read_appendix_file, table_texts
from cchc_docgen.intake.docx_blocks import read_blocks
from cchc_docgen.intake.docx_model import Cell, Paragraph, Span, Table
from cchc_docgen.intake.docx_package import open_word

from .conftest import AGENCY_X, EXAMPLES, SIGNED_GIAM_DOC


def built(report: Path, out: Path) -> tuple[Path, Path]:
    """The Phụ lục DOCX and XLSX `appendix` writes for `report`."""
    result = CliRunner().invoke(main, ["appendix", str(report), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    (docx_path,) = out.glob("*.docx")
    (xlsx_path,) = out.glob("*.xlsx")
    return docx_path, xlsx_path


def docx_rows(path: Path) -> list[list[str]]:
    """The Phụ lục table of a DOCX, row by row, as python-docx reads its cells."""
    document = docx.Document(str(path))
    (table,) = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def with_imported(report: Path, imported: AppendixImport, target: Path) -> Path:
    """`report` with its appendix replaced by what was imported (form, version, heading, title, values)."""
    data = yaml.safe_load(report.read_text(encoding="utf-8"))
    appendix: dict[str, Any] = {"form": imported.form_id, "values": imported.values}
    known = {"version": imported.version, "heading": imported.heading, "title": imported.title}
    appendix.update({key: value for key, value in known.items() if value is not None})
    assert imported.form is not None
    if imported.leading_zero != imported.form.layout.leading_zero:
        appendix["leading_zero"] = imported.leading_zero
    data["appendix"] = appendix
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


#: Derived rows the original printed otherwise than the form computes: warned about, kept as printed.
DERIVED_MISMATCH = {"000": {"I.1": ("86", "86,36")}}


@pytest.mark.parametrize("key", sorted(EXAMPLES))
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_example_phu_luc_read_back_and_rebuilt_alike(key: str, kind: str, tmp_path: Path) -> None:
    report = EXAMPLES[key]
    original = yaml.safe_load(report.read_text(encoding="utf-8"))["appendix"]
    docx_path, xlsx_path = built(report, tmp_path / "first")
    imported = read_appendix_file(docx_path if kind == "docx" else xlsx_path, [], None)

    assert imported.form_id == original["form"]  # found by its labels, no --form
    form = load_form(original["form"])
    for row_id, typed in original["values"].items():
        row = form.by_id[row_id]
        if row.derive is not None or typed is None:
            continue  # derived rows: compared as printed below
        assert imported.values.get(row_id) == typed, row_id
    extra = {
        row_id
        for row_id in set(imported.values) - set(original["values"])
        if imported.values[row_id] != {"blank": True}
    }
    assert not extra
    mismatched = DERIVED_MISMATCH.get(key, {})
    assert len(imported.warnings) == len(mismatched), imported.warnings
    for row_id, (printed, computed) in mismatched.items():
        assert imported.values[row_id] == original["values"][row_id]
        (warning,) = imported.warnings
        place = "bảng 1, dòng 4" if kind == "docx" else "trang 'PHỤ LỤC 2', dòng 8"  # the sheet's own row
        assert warning.startswith(f"{place} («Tỷ lệ hoàn thành Kế hoạch…»): {row_id} ")
        assert f"giá trị in {printed} khác giá trị biểu mẫu tự tính {computed}; giữ đúng số đã in" in warning

    rebuilt, _ = built(with_imported(report, imported, tmp_path / report.name), tmp_path / "again")
    assert docx_rows(rebuilt) == docx_rows(docx_path)


# --- a clerk's retyped table ----------------------------------------------------------------------

#: Cells typed differently from the form (label, unit, value, note), by row id; None drops the row.
CLERK_CELLS: dict[str, tuple[str | None, str | None, str, str] | None] = {
    "I": ("CÔNG TÁC CHỈ ĐẠO  ĐIỀU HÀNH CCHC", None, "", ""),
    "I.1": (None, None, "86", "Kế hoạch số 03/KH-SX ngày 19/01/2023"),  # the form computes 19/22 = 86,36
    "I.1.de_ra": ("số nhiệm vụ  đề ra trong Kế hoạch:", "nhiệm vụ", "22", ""),
    "I.1.hoan_thanh": (None, None, "19", ""),
    "I.2.phong_ban": ("Trong đó: Số phòng, ban đã kiểm tra", "Cơ quan/đơn vị", "04", ""),
    "I.2.don_vi": (None, None, "1", ""),
    "I.3.ty_le": (None, None, "85,5%", ""),
    "I.5": (None, None, "Có", 'Sáng kiến "Một cửa di động"'),
    "I.7.so_phieu": ("Số lượng phiếu khảo sat", None, "21 (lượt người)", ""),  # one word mistyped
    "II.2.kien_nghi": None,  # the clerk left this row out
    "III.7.tiep_nhan": (None, None, "1.145", "Tiếp nhận qua bưu chính công ích"),
}
#: A row the form does not have, typed after I.3.hoi_nghi.
EXTRA_ROW = ["", "Số cuộc họp giao ban có nội dung CCHC", "Cuộc", "3", ""]


def clerk_document(path: Path, title: str) -> Path:
    """A Phụ lục retyped in Word with python-docx: two header rows with merged cells, section rows
    merged over label to note, the form's rows with the changes of CLERK_CELLS and EXTRA_ROW."""
    form = load_form("soctrang-so-nganh")
    document: Document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph(title)
    document.add_paragraph("(Kèm theo Báo cáo số     /BC-SX ngày     tháng 3 năm 2023 của Sở X)")
    table = document.add_table(rows=2, cols=5)
    for column, text in enumerate(["TT", "Nội dung", "Kết quả thống kê", "", "Ghi chú"]):
        table.cell(0, column).text = text
    table.cell(1, 2).text, table.cell(1, 3).text = "ĐVT", "Số lượng / Tỷ lệ"
    for column in (0, 1, 4):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(0, 2).merge(table.cell(0, 3))
    for row in form.rows:
        if row.id in CLERK_CELLS and CLERK_CELLS[row.id] is None:
            continue
        label, unit, value, note = CLERK_CELLS.get(row.id) or (None, None, "", "")
        unit_text = row.codes.label if row.codes is not None else row.unit
        texts = [row.stt, label or row.label, unit or unit_text, value, note]
        cells = table.add_row().cells
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
        if row.kind.value == "section":
            cells[1].merge(cells[4])
            cells[1].text = texts[1]
        if row.id == "I.3.hoi_nghi":
            for cell, text in zip(table.add_row().cells, EXTRA_ROW, strict=True):
                cell.text = text
    document.save(str(path))
    return path


def row_of(path: Path, label: str) -> int:
    """The row number (from 1) of the table row whose label cell is `label`."""
    return next(n for n, row in enumerate(docx_rows(path), start=1) if row[1] == label)


def test_clerk_retyped_table_is_read_by_its_labels(tmp_path: Path) -> None:
    title = "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ QUÝ I NĂM 2023 CỦA SỞ X TỈNH Y"
    path = clerk_document(tmp_path / "phu-luc.docx", title)
    imported = read_appendix_file(path, [], None)

    assert (imported.form_id, imported.version) == ("soctrang-so-nganh", "2023")
    assert (imported.heading, imported.title) == (None, None)  # as the form prints them
    assert imported.leading_zero is False  # "04" but "1": the zero kept on its own value
    assert imported.values == {
        "I.1": {"value": 86, "note": "Kế hoạch số 03/KH-SX ngày 19/01/2023"},  # not 19/22: warned, kept
        "I.1.de_ra": 22,
        "I.1.hoan_thanh": 19,
        "I.2.phong_ban": "04",
        "I.2.don_vi": 1,
        "I.3.ty_le": 85.5,
        "I.3.hoi_nghi": {"note": "Số cuộc họp giao ban có nội dung CCHC: 3"},
        "I.5": {"value": 1, "note": 'Sáng kiến "Một cửa di động"'},
        "I.7.so_phieu": {"value": 21, "qualifier": "(lượt người)"},
        "III.7.tiep_nhan": {"value": 1145, "note": "Tiếp nhận qua bưu chính công ích"},
    }
    place, extra = "bảng 1", row_of(path, EXTRA_ROW[1])
    assert imported.warnings == [
        f"{place}, dòng {extra} («Số cuộc họp giao ban có…»): dòng này không có trong biểu mẫu"
        " 'soctrang-so-nganh'; nội dung được giữ trong ghi chú của I.3 'Có thực hiện tuyên truyền CCHC"
        " thường xuyên thông qua các cuộc họp, hội nghị, hội thi, hội diễn,...'",
        f"{place}, dòng {row_of(path, 'Số lượng phiếu khảo sat')} («Số lượng phiếu khảo sat»): nhận là I.7"
        " 'Số lượng phiếu khảo sát' (chữ khác biểu mẫu một chút); bản dựng lại in theo biểu mẫu",
        f"{place}: bảng thiếu 1 dòng của biểu mẫu 'soctrang-so-nganh' (để trống): II.2 'Số VBQPPL đã kiến"
        " nghị xử lý sau rà soát'",
        f"{place}, dòng 4 («Tỷ lệ hoàn thành Kế hoạch…»): I.1 'Tỷ lệ hoàn thành Kế hoạch CCHC năm"
        " (Lũy kế đến thời điểm báo cáo)': giá trị in 86 khác giá trị biểu mẫu tự tính 86,36; giữ đúng số đã"
        " in (kiểm tra lại số liệu)",
    ]


def test_clerk_table_rebuilt_prints_its_values(tmp_path: Path) -> None:
    """The values read from the clerk's table pass `check` and print as the clerk typed them."""
    title = "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ QUÝ III NĂM 2022 CỦA SỞ X"
    imported = read_appendix_file(clerk_document(tmp_path / "phu-luc.docx", title), [], None)
    base = tmp_path / "base.yaml"
    base.write_text(
        f"{AGENCY_X}\nperiod: 2022-Q3\ndocument: {{symbol: BC-SX, draft: true}}\nnarrative: []\n{SIGNED_GIAM_DOC}\n",
        encoding="utf-8",
    )
    rebuilt, _ = built(with_imported(base, imported, tmp_path / "r.yaml"), tmp_path / "out")
    printed = {row[1]: row[3:] for row in docx_rows(rebuilt)}
    form = load_form("soctrang-so-nganh")
    by_id = {row_id: printed[form.by_id[row_id].label] for row_id in CLERK_CELLS if CLERK_CELLS[row_id]}
    assert by_id["I.1"] == ["86", "Kế hoạch số 03/KH-SX ngày 19/01/2023"]  # as printed, though 19/22 = 86,36
    assert by_id["I.2.phong_ban"] == ["04", ""]
    assert by_id["I.2.don_vi"] == ["1", ""]
    assert by_id["I.3.ty_le"] == ["85,5", ""]
    assert by_id["I.5"] == ["1", 'Sáng kiến "Một cửa di động"']
    assert by_id["I.7.so_phieu"] == ["21 (lượt người)", ""]
    assert by_id["III.7.tiep_nhan"] == ["1.145", "Tiếp nhận qua bưu chính công ích"]
    assert printed[form.by_id["I.3.hoi_nghi"].label] == ["", "Số cuộc họp giao ban có nội dung CCHC: 3"]


def test_merged_cells_given_once_or_repeated_read_alike(tmp_path: Path) -> None:
    """Rows of a Word table as the caller gives them: a cell spanning columns repeated in each (what
    `table_texts` does) or given once (a shorter row), a vertically merged cell's continuation blank."""
    title = "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ QUÝ I NĂM 2023 CỦA SỞ X"
    path = clerk_document(tmp_path / "phu-luc.docx", title)
    document = read_blocks(open_word(path))
    (table,) = [block for block in document.blocks if isinstance(block, Table)]
    repeated = table_texts(table)
    assert repeated[0] == ["TT", "Nội dung", "Kết quả thống kê", "Kết quả thống kê", "Ghi chú"]
    assert repeated[1] == ["", "", "ĐVT", "Số lượng / Tỷ lệ", ""]
    assert repeated[2] == ["I", *["CÔNG TÁC CHỈ ĐẠO  ĐIỀU HÀNH CCHC"] * 4]
    once = [[cell.text for cell in row] for row in table.rows]
    assert once[2] == ["I", "CÔNG TÁC CHỈ ĐẠO  ĐIỀU HÀNH CCHC"]
    first = read_appendix(repeated, [], None, "bảng 1", title_lines=["PHỤ LỤC", title])
    second = read_appendix(once, [], None, "bảng 1", title_lines=["PHỤ LỤC", title])
    assert (first.values, first.warnings) == (second.values, second.warnings)
    assert first.values["I.2.phong_ban"] == "04"


def test_table_texts_expands_spans_and_blanks_continued_cells() -> None:
    def cell(text: str, span: int = 1, merge: str = "") -> Cell:
        return Cell([Paragraph([Span(text)])], span, merge)

    table = Table(
        [
            [cell("STT", merge="restart"), cell("Kết quả thống kê", span=2), cell("Ghi chú")],
            [cell("(còn)", merge="continue"), cell("Đơn vị tính"), cell("Số liệu"), cell("")],
        ]
    )
    assert table_texts(table) == [
        ["STT", "Kết quả thống kê", "Kết quả thống kê", "Ghi chú"],
        ["", "Đơn vị tính", "Số liệu", ""],
    ]


HEADER = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số lượng/tỷ lệ", "Ghi chú"]


def test_unknown_form_is_refused_with_the_nearest_forms() -> None:
    rows = [
        HEADER,
        ["1", "Số hộ nghèo trên địa bàn", "Hộ", "120", ""],
        ["2", "Số trường học đạt chuẩn quốc gia", "Trường", "4", ""],
        ["3", "Diện tích lúa gieo trồng vụ Đông Xuân", "ha", "5.300", ""],
        ["4", "Số km đường giao thông nông thôn được cứng hóa", "km", "12", ""],
        ["5", "Số lượng phiếu khảo sát", "Số lượng", "30", ""],
    ]
    with pytest.raises(InputError) as refused:
        read_appendix(rows, [], None, "bảng 2")
    (message,) = [str(d) for d in refused.value.diagnostics]
    assert message == (
        "bảng 2: lỗi: không nhận ra biểu mẫu của bảng Phụ lục (5 dòng có chỉ tiêu); gần nhất:"
        " 'soctrang-cap-huyen' (khớp 1/5 dòng của bảng), 'soctrang-so-nganh' (khớp 1/5 dòng của bảng)."
        " Hãy chọn biểu mẫu bằng --form MÃ, hoặc thêm biểu mẫu của tỉnh vào thư mục --forms-dir"
    )
    with pytest.raises(InputError) as refused:
        read_appendix(rows, [], "soctrang-so-nganh", "bảng 2")
    assert [d.message for d in refused.value.diagnostics] == [
        "bảng không khớp biểu mẫu 'soctrang-so-nganh': chỉ 1/5 dòng có chỉ tiêu trùng với biểu mẫu;"
        " hãy kiểm tra lại --form"
    ]
    few = [HEADER, *([r.stt, r.label, r.unit, "1", ""] for r in load_form("soctrang-so-nganh").rows[1:6])]
    with pytest.raises(InputError) as refused:
        read_appendix(few, [], None, "bảng 3")  # five rows prove no form…
    assert "'soctrang-so-nganh' (khớp 5/5 dòng của bảng)" in refused.value.diagnostics[0].message
    assert read_appendix(few, [], "soctrang-so-nganh", "bảng 3").values["I.1.de_ra"] == 1  # … unless named
    no_values = [["STT", "Nội dung", "Đơn vị tính", "Ghi chú"], ["1", "Số cuộc họp giao ban", "Cuộc", ""]]
    with pytest.raises(InputError) as refused:
        read_appendix(no_values, [], None, "bảng 1")
    assert [d.message for d in refused.value.diagnostics] == [
        'không thấy cột số liệu ("Số lượng/tỷ lệ", "Số liệu", "Kết quả") trong bảng'
    ]


#: A province's own form, in a --forms-dir folder.
OTHER_FORM = """\
id: tinh-x-cap-xa
name: "Biểu thống kê CCHC của UBND cấp xã tỉnh X"
title: "KẾT QUẢ CCHC {KY} CỦA {CO_QUAN}"
orientation: portrait
rows:
  - {id: I, stt: "I", label: "Công tác chỉ đạo, điều hành", kind: section}
  - {id: I.1, stt: "1", label: "Số văn bản chỉ đạo về CCHC", unit: "Văn bản", kind: count}
  - {id: I.2, stt: "2", label: "Số cuộc kiểm tra CCHC tại thôn, ấp", unit: "Cuộc", kind: count}
  - {id: II, stt: "II", label: "Thủ tục hành chính", kind: section}
  - {id: II.1, stt: "1", label: "Số hồ sơ tiếp nhận tại bộ phận một cửa", unit: "Hồ sơ", kind: count}
  - {id: II.2, stt: "2", label: "Số hồ sơ giải quyết đúng hạn", unit: "Hồ sơ", kind: count, max: II.1}
"""


def test_form_of_a_forms_dir_found_by_labels_with_title_and_heading(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "tinh-x-cap-xa.yaml").write_text(OTHER_FORM, encoding="utf-8")
    rows = [
        ["BIỂU SỐ 3", "", "", "", ""],
        ["KẾT QUẢ CCHC QUÝ I NĂM 2025 TẠI UBND XÃ A", "", "", "", ""],
        ["", "", "", "", ""],
        ["TT", "Nội dung", "ĐVT", "Số liệu", "Ghi chú"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", ""],
        ["1", "Số văn bản chỉ đạo về CCHC", "Văn bản", "03", ""],
        ["2", "Số cuộc kiểm tra CCHC tại thôn, ấp", "Cuộc", "05", "Ấp 1, ấp 2"],
        ["II", "THỦ TỤC HÀNH CHÍNH", "", "", ""],
        ["TT", "Nội dung", "ĐVT", "Số liệu", "Ghi chú"],  # the header typed again after a page break
        ["1", "Số hồ sơ tiếp nhận tại bộ phận một cửa", "Hồ sơ", "1.230", ""],
        ["2", "Số hồ sơ giải quyết đúng hạn", "Hồ sơ", "1.229", ""],
    ]
    imported = read_appendix(rows, [forms], None, "bảng 4", names={"CO_QUAN": "UBND xã A"})
    assert (imported.form_id, imported.version, imported.warnings) == ("tinh-x-cap-xa", None, [])
    assert imported.values == {"I.1": 3, "I.2": {"value": 5, "note": "Ấp 1, ấp 2"}, "II.1": 1230, "II.2": 1229}
    assert imported.leading_zero is True  # every count below 10 printed "03", "05"
    assert imported.heading == "BIỂU SỐ 3"
    assert imported.title == "KẾT QUẢ CCHC {KY} TẠI {CO_QUAN}"
    assert read_appendix(rows, [forms], None, "bảng 4").title == "KẾT QUẢ CCHC {KY} TẠI {CO_QUAN}"


def test_clerk_xlsx_cells_as_excel_shows_them(tmp_path: Path) -> None:
    """A clerk's own workbook: numbers with their number formats ("00", a quoted qualifier, a percent
    format), text typed with a leading zero, merged section rows, a coded answer in words."""
    form = load_form("soctrang-cap-huyen")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["BẢNG TỔNG HỢP"])
    sheet.append(["SỐ LIỆU VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023 TRÊN ĐỊA BÀN HUYỆN A"])
    sheet.append(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số lượng / Tỷ lệ", "Ghi chú"])
    typed: dict[str, tuple[object, str]] = {
        "I.1.de_ra": (20, "General"),
        "I.1.hoan_thanh": (4, "00"),
        "I.1.van_ban_chi_dao": ("04", "@"),
        "I.7.so_phieu": (21, '0" (lượt người)"'),
        "I.7.ty_le_hai_long": (0.855, "0.0%"),
        "I.8": ("Có", "General"),
        "III.6.huyen_tiep_nhan": (1145, "#,##0"),
    }
    for row in form.rows:
        value, number_format = typed.get(row.id, (None, "General"))
        unit = row.codes.label if row.codes is not None else row.unit
        sheet.append([row.stt, row.label, unit, value, "Kế hoạch số 03/KH-UBND" if row.id == "I.1" else None])
        sheet.cell(sheet.max_row, 4).number_format = number_format
        if row.kind.value == "section":
            sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=5)
    path = tmp_path / "phu-luc.xlsx"
    workbook.save(path)
    imported = read_appendix_file(path, [], None)
    assert imported.form_id == "soctrang-cap-huyen"
    assert imported.values == {
        "I.1": {"blank": True, "note": "Kế hoạch số 03/KH-UBND"},  # left blank, though 4/20 is known
        "I.1.de_ra": 20,
        "I.1.hoan_thanh": 4,
        "I.1.van_ban_chi_dao": 4,
        "I.7.so_phieu": {"value": 21, "qualifier": "(lượt người)"},
        "I.7.ty_le_hai_long": 85.5,
        "I.8": 1,
        "III.6.huyen_tiep_nhan": 1145,
    }
    assert imported.leading_zero is True  # both counts below 10 printed "04"
    assert (imported.heading, imported.warnings) == (None, [])


def test_phu_luc_after_the_signature_in_the_bao_cao_file(tmp_path: Path) -> None:
    """One Word file holding the BÁO CÁO (its own small tables) and then the Phụ lục: the Phụ lục's
    table is the one read; a file without one is refused by its name."""
    report = EXAMPLES["002"]
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    (bao_cao_path,) = (tmp_path / "out").glob("*-bao-cao.docx")
    (phu_luc_path,) = (tmp_path / "out").glob("*-phu-luc.docx")
    with pytest.raises(InputError) as refused:
        read_appendix_file(bao_cao_path, [], None)
    assert [str(d) for d in refused.value.diagnostics] == [
        f"{bao_cao_path}: lỗi: không thấy bảng số liệu Phụ lục nào trong tệp"
    ]
    combined = docx.Document(str(bao_cao_path))
    body = combined.element.body
    for element in docx.Document(str(phu_luc_path)).element.body:
        if not element.tag.endswith("}sectPr"):
            body.insert(len(body) - 1, deepcopy(element))
    path = tmp_path / "bao-cao-va-phu-luc.docx"
    combined.save(str(path))
    alone = read_appendix_file(phu_luc_path, [], None)
    together = read_appendix_file(path, [], None, names={"DIA_BAN": "huyện Cù Lao Dung"})
    assert together.values == alone.values
    assert (together.form_id, together.heading, together.title, together.warnings) == (alone.form_id, None, None, [])


def _workbook(path: Path, change: Callable[[Any], None]) -> Path:
    """A clerk's Phụ lục sheet of a few rows (STT, label, unit, value, note), changed by `change`."""

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số lượng/tỷ lệ", "Ghi chú"])
    for index in range(1, 8):
        sheet.append([str(index), f"Chỉ tiêu số {index}", "Văn bản", index, ""])
    change(sheet)
    workbook.save(path)
    return path


def test_a_merged_heading_wider_than_the_columns_read_is_no_crash(tmp_path: Path) -> None:
    """A merged area crossing the last column read (14 filled columns, K1:N1 merged) is cut there."""
    from cchc_docgen.intake.appendix_table_files import read_xlsx_table

    def wide(sheet: Any) -> None:
        for column in range(6, 15):
            sheet.cell(row=1, column=column, value=f"Cột {column}")
        sheet.merge_cells("K1:N1")

    table = read_xlsx_table(_workbook(tmp_path / "rong.xlsx", wide))
    assert table.rows[1][:4] == ["1", "Chỉ tiêu số 1", "Văn bản", "1"]


def test_an_excel_error_value_is_refused_at_its_cell(tmp_path: Path) -> None:
    """#REF! in a note is not kept as a note someone typed: refused where it stands."""
    from cchc_docgen.core.errors import InputError
    from cchc_docgen.intake.appendix_table_files import read_xlsx_table

    def broken(sheet: Any) -> None:
        sheet["E3"] = "#REF!"

    path = _workbook(tmp_path / "loi.xlsx", broken)
    with pytest.raises(InputError) as caught:
        read_xlsx_table(path)
    assert str(caught.value.diagnostics[0]).startswith(f"{path}:Sheet!E3: lỗi: ô báo lỗi '#REF!' chứ không có chữ")
