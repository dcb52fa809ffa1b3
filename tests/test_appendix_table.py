"""A Phụ lục table typed in Word or Excel read back into `appendix` (intake/appendix_table*.py): the
examples' own Phụ lục DOCX and XLSX give back their values and rebuild the same table; a clerk's
retyped table (other spacing and case, a row missing, a row added, "04", "21 (lượt người)", "Có",
notes, merged cells) is matched to its form by labels, with warnings naming table, row and words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.document import Document

from cchc_docgen.cli import main
from cchc_docgen.forms import load_form
from cchc_docgen.intake.appendix_table import AppendixImport, read_appendix_file

from .conftest import EXAMPLES


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
    if imported.version is not None:
        appendix["version"] = imported.version
    if imported.heading is not None:
        appendix["heading"] = imported.heading
    if imported.title is not None:
        appendix["title"] = imported.title
    assert imported.form is not None
    if imported.leading_zero != imported.form.layout.leading_zero:
        appendix["leading_zero"] = imported.leading_zero
    data["appendix"] = appendix
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


#: What the form computes and the original printed otherwise: warned about, left to the form.
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
        (warning,) = imported.warnings
        row_number = 4 if kind == "docx" else 8  # the sheet's own row number
        assert f"dòng {row_number} («Tỷ lệ hoàn thành Kế hoạch…»): {row_id} " in warning
        assert f"giá trị in {printed} khác giá trị biểu mẫu tự tính {computed}" in warning

    rebuilt, _ = built(with_imported(report, imported, tmp_path / report.name), tmp_path / "again")
    before, after = docx_rows(docx_path), docx_rows(rebuilt)
    assert len(before) == len(after)
    differing = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    expected = [(printed, computed) for printed, computed in mismatched.values()]
    assert [(b[3], a[3]) for b, a in differing] == expected
    assert all(b[:3] + b[4:] == a[:3] + a[4:] for b, a in differing)


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
    rows = docx_rows(path)
    return next(n for n, row in enumerate(rows, start=1) if row[1] == label)


def test_clerk_retyped_table_is_read_by_its_labels(tmp_path: Path) -> None:
    title = "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ QUÝ I NĂM 2023 CỦA SỞ X TỈNH Y"
    path = clerk_document(tmp_path / "phu-luc.docx", title)
    imported = read_appendix_file(path, [], None)

    assert (imported.form_id, imported.version) == ("soctrang-so-nganh", "2023")
    assert (imported.heading, imported.title) == (None, None)  # as the form prints them
    assert imported.leading_zero is False  # "04" but "1": the zero kept on its own value
    assert imported.values == {
        "I.1": {"note": "Kế hoạch số 03/KH-SX ngày 19/01/2023"},
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
    place = f"{path.name}: bảng 1"
    extra = row_of(path, EXTRA_ROW[1])
    expected = [
        f"{place}, dòng {extra} («Số cuộc họp giao ban có…»): dòng này không có trong biểu mẫu"
        " 'soctrang-so-nganh'; nội dung được giữ trong ghi chú của I.3 'Có thực hiện tuyên truyền CCHC"
        " thường xuyên thông qua các cuộc họp, hội nghị, hội thi, hội diễn,...'",
        f"{place}, dòng {row_of(path, 'Số lượng phiếu khảo sat')} («Số lượng phiếu khảo sat»): nhận là I.7"
        " 'Số lượng phiếu khảo sát' (chữ khác biểu mẫu một chút); bản dựng lại in theo biểu mẫu",
        f"{place}: bảng thiếu 1 dòng của biểu mẫu 'soctrang-so-nganh' (để trống): II.2 'Số VBQPPL đã kiến"
        " nghị xử lý sau rà soát'",
        f"{place}, dòng 4 («Tỷ lệ hoàn thành Kế hoạch…»): I.1 'Tỷ lệ hoàn thành Kế hoạch CCHC năm"
        " (Lũy kế đến thời điểm báo cáo)': giá trị in 86 khác giá trị biểu mẫu tự tính 86,36; không ghi giá"
        " trị này, chương trình sẽ tự tính",
    ]
    assert imported.warnings == expected
