"""`cchc-docgen import`: a Phụ lục sheet filled in Excel back into the report file."""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_docgen.cli import main
from cchc_docgen.forms import RowKind
from cchc_docgen.report.analysis import load_checked

from .appendix_xlsx_read import read_appendix_xlsx
from .conftest import EXAMPLES

SO_NGANH = EXAMPLES["004"]  # Sở TTTT quý III/2022, form soctrang-so-nganh
CAP_HUYEN = EXAMPLES["002"]  # UBND huyện Cù Lao Dung quý I/2023, form soctrang-cap-huyen


def comments(text: str) -> list[str]:
    """Every comment of a YAML text, whole-line or at a line's end (naive: no '#' inside quotes here)."""
    found = []
    for line in text.splitlines():
        match = re.search(r"(?:^|\s)(#.*)$", line)
        if match and line.count('"') % 2 == 0 and not re.search(r'"[^"]*#', line):
            found.append(match.group(1).strip())
    return found


def built_xlsx(report: Path, out: Path) -> Path:
    result = CliRunner().invoke(main, ["appendix", str(report), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (xlsx,) = out.glob("*.xlsx")
    return xlsx


def rows_by_id(sheet: Worksheet) -> dict[str, int]:
    return {str(sheet.cell(r, 6).value): r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 6).value}


def edit(xlsx: Path, target: Path, change: Callable[[Worksheet, dict[str, int]], None]) -> Path:
    workbook = load_workbook(xlsx)
    sheet = workbook.worksheets[0]
    change(sheet, rows_by_id(sheet))
    workbook.save(target)
    return target


@pytest.fixture
def report(tmp_path: Path) -> Path:
    copy = tmp_path / "2022-q3.yaml"
    shutil.copy(SO_NGANH, copy)
    return copy


@pytest.fixture
def sheet_file(report: Path, tmp_path: Path) -> Path:
    return built_xlsx(report, tmp_path / "out")


def clerk(sheet: Worksheet, rows: dict[str, int]) -> None:
    """What a clerk does in Excel: new numbers, a note on two lines, a cleared cell, a number typed
    as text, a percent typed with the % key (Excel keeps 0.8696 and a percent format), a percent typed
    as the number itself, a row the report file did not list."""
    sheet.cell(rows["I.1.de_ra"], 4).value = 47
    sheet.cell(rows["I.1.hoan_thanh"], 4).value = 45
    sheet.cell(rows["I.1.van_ban"], 5).value = "Gồm:\n- 3 kế hoạch\n- 9 công văn"
    sheet.cell(rows["I.2.phong_ban"], 4).value = None
    sheet.cell(rows["I.3.phuong_tien"], 4).value = "14"
    ty_le = sheet.cell(rows["I.3.ty_le"], 4)
    ty_le.value, ty_le.number_format = 0.8696, "0.00%"
    sheet.cell(rows["I.7.hai_long"], 4).value = 86.96  # typed in a cell of the sheet's own format
    sheet.cell(rows["III.7.tiep_nhan"], 4).value = 354.0
    sheet.cell(rows["II.1"], 5).value = None


def test_clerk_edits_round_trip_exactly_and_keep_every_comment(report: Path, sheet_file: Path, tmp_path: Path) -> None:
    before = report.read_text(encoding="utf-8")
    filled = edit(sheet_file, tmp_path / "PHU-LUC.xlsx", clerk)
    result = CliRunner().invoke(main, ["import", str(filled), str(report)])
    assert result.exit_code == 0, result.output
    old_note_ii1 = load_checked(SO_NGANH).values["II.1"].note
    assert old_note_ii1
    assert result.output.splitlines() == [
        "Số nhiệm vụ đề ra trong kế hoạch (I.1.de_ra): 46 → 47",
        "Số nhiệm vụ đã hoàn thành (I.1.hoan_thanh): 40 → 45",
        'Số văn bản chỉ đạo CCHC đã ban hành (I.1.van_ban): ghi chú trống → "Gồm: ↵ - 3 kế hoạch ↵ - 9 công văn"',
        "Số phòng ban đã kiểm tra (I.2.phong_ban): 4 → trống",
        "Tỷ lệ thực hiện nhiệm vụ tuyên truyền theo kế hoạch (I.3.ty_le): 85,71 → 86,96",
        "Có thực hiện tuyên truyền CCHC thường xuyên thông qua phương tiện truyền thông (báo, đài, website, zalo,"
        " ...) (I.3.phuong_tien): 12 → 14",
        "Tỷ lệ hài lòng trong kỳ báo cáo (I.7.hai_long): trống → 86,96",
        f'1 Số VBQPPL đã tham mưu ban hành (II.1): ghi chú "{old_note_ii1}" → trống',
        "Số lượng hồ sơ TTHC do cơ quan, đơn vị tiếp nhận (III.7.tiep_nhan): 15 → 354",
        f"Đã ghi 9 chỉ tiêu thay đổi vào {report}.",
    ]
    after = report.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    checked = load_checked(report)
    values = checked.values
    assert (values["I.1.de_ra"].value, values["I.1.hoan_thanh"].value) == (47, 45)
    assert values["I.1.van_ban"].note == "Gồm:\n- 3 kế hoạch\n- 9 công văn"
    assert values["I.2.phong_ban"].value is None
    assert values["I.3.phuong_tien"].value == 14 and isinstance(values["I.3.phuong_tien"].value, int)
    assert values["I.3.ty_le"].value == 86.96 and values["I.7.hai_long"].value == 86.96
    assert values["III.7.tiep_nhan"].value == 354 and isinstance(values["III.7.tiep_nhan"].value, int)
    assert values["II.1"].note is None and values["II.1"].value == 1
    # I.1 was typed (86.96): the clerk did not touch it, so it stays as typed.
    assert values["I.1"].typed == 86.96
    # Exactly: the sheet built from the imported file reads back what the clerk left in the sheet.
    again = read_appendix_xlsx(built_xlsx(report, tmp_path / "again"))
    edited = read_appendix_xlsx(filled)
    for row_id in ("I.1.de_ra", "I.1.hoan_thanh", "I.1.van_ban", "I.2.phong_ban", "III.7.tiep_nhan", "II.1"):
        assert again[row_id] == edited[row_id], row_id
    assert again["I.3.phuong_tien"] == (14, edited["I.3.phuong_tien"][1])
    assert again["I.3.ty_le"] == (86.96, edited["I.3.ty_le"][1])
    # Only the changed lines of the file differ; the new row is one added line.
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line[1:].split(":")[0].strip() for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].split(":")[0].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    changed = ["I.1.de_ra", "I.1.hoan_thanh", "I.1.van_ban", "I.2.phong_ban", "I.3.ty_le", "I.3.phuong_tien", "II.1"]
    assert removed == [*changed, "III.7.tiep_nhan"]
    assert added == [*changed[:6], "I.7.hai_long", "II.1", "III.7.tiep_nhan"]


def test_unchanged_sheet_changes_nothing(report: Path, sheet_file: Path) -> None:
    before = report.read_bytes()
    result = CliRunner().invoke(main, ["import", str(sheet_file), str(report)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Không có số liệu hay ghi chú nào thay đổi; {report} giữ nguyên.\n"
    assert report.read_bytes() == before


def test_computed_row_stays_computed(tmp_path: Path) -> None:
    """A ratio the form computes is printed in the sheet; reading it back must not freeze it."""
    report = tmp_path / "r.yaml"
    report.write_text(
        SO_NGANH.read_text(encoding="utf-8").replace(
            '    I.1: {value: 86.96, note: "Kế hoạch số 02/KH-STTTT ngày 27/01/2022',
            '    I.1: {note: "Kế hoạch số 02/KH-STTTT ngày 27/01/2022',
        ),
        encoding="utf-8",
    )
    assert load_checked(report).values["I.1"].typed is None
    xlsx = built_xlsx(report, tmp_path / "out")
    filled = edit(xlsx, tmp_path / "f.xlsx", lambda s, r: setattr(s.cell(r["I.1.de_ra"], 4), "value", 50))
    result = CliRunner().invoke(main, ["import", str(filled), str(report)])
    assert result.output.splitlines() == [
        "Số nhiệm vụ đề ra trong kế hoạch (I.1.de_ra): 46 → 50",
        f"Đã ghi 1 chỉ tiêu thay đổi vào {report}.",
    ]
    values = load_checked(report).values
    assert values["I.1"].typed is None and values["I.1"].value == 80.0


def test_row_missing_from_the_file_is_added_in_form_order(report: Path, sheet_file: Path, tmp_path: Path) -> None:
    checked = load_checked(report)
    listed = checked.report.appendix.values
    rows = [r for r in checked.form.rows if r.kind is RowKind.COUNT]
    position = next(i for i, r in enumerate(rows) if r.id not in listed and i > 0 and rows[i - 1].id in listed)
    new, before = rows[position].id, rows[position - 1].id
    filled = edit(sheet_file, tmp_path / "f.xlsx", lambda s, r: setattr(s.cell(r[new], 4), "value", 7))
    result = CliRunner().invoke(main, ["import", str(filled), str(report)])
    assert result.exit_code == 0, result.output
    assert load_checked(report).values[new].value == 7
    keys = [m.group(1) for m in re.finditer(r"^    ([\w.]+):", report.read_text(encoding="utf-8"), re.MULTILINE)]
    assert keys.index(new) == keys.index(before) + 1
    assert f"    {new}: 7\n" in report.read_text(encoding="utf-8")


def _set(row_id: str, column: int, value: object) -> Callable[[Worksheet, dict[str, int]], None]:
    def change(sheet: Worksheet, rows: dict[str, int]) -> None:
        sheet.cell(rows[row_id], column).value = value

    return change


REFUSED = [
    pytest.param(
        _set("I.1.de_ra", 4, "bốn mươi"),
        "D{I.1.de_ra}: lỗi: I.1 'Số nhiệm vụ đề ra trong kế hoạch': ô chứa chữ 'bốn mươi' chứ không phải số;"
        " để trống nếu không báo cáo",
        id="text-in-number-cell",
    ),
    pytest.param(
        _set("I.5", 4, 5),
        "D{I.5}: lỗi: I.5 'Có sáng kiến, giải pháp mới về CCHC': mã 5 không hợp lệ; chỉ nhận 0 (Không), 1 (Có)",
        id="code-outside-its-set",
    ),
    pytest.param(
        _set("I.1.de_ra", 6, "I.1.de_ra_x"),
        "F{I.1.de_ra}: lỗi: mã chỉ tiêu 'I.1.de_ra_x' không có trong biểu mẫu soctrang-so-nganh;"
        " cột F (ẩn) không được sửa",
        id="id-changed",
    ),
    pytest.param(
        _set("I.1.de_ra", 4, 4.5),
        "D{I.1.de_ra}: lỗi: I.1 'Số nhiệm vụ đề ra trong kế hoạch': giá trị 4,5 phải là số nguyên",
        id="fraction-in-count",
    ),
    pytest.param(
        _set("I.3.ty_le", 4, 120),
        "D{I.3.ty_le}: lỗi: I.3 'Tỷ lệ thực hiện nhiệm vụ tuyên truyền theo kế hoạch': tỷ lệ 120% phải nằm"
        " trong khoảng 0 đến 100",
        id="percent-over-100",
    ),
]


@pytest.mark.parametrize(("change", "message"), REFUSED)
def test_bad_cell_is_refused_with_its_address_and_nothing_written(
    report: Path, sheet_file: Path, tmp_path: Path, change: Callable[[Worksheet, dict[str, int]], None], message: str
) -> None:
    before = report.read_bytes()
    workbook = load_workbook(sheet_file)
    sheet = workbook.worksheets[0]
    rows = rows_by_id(sheet)
    change(sheet, rows)
    filled = tmp_path / "PHU-LUC.xlsx"
    workbook.save(filled)
    result = CliRunner().invoke(main, ["import", str(filled), str(report)])
    assert result.exit_code == 1
    where = re.sub(r"\{([^}]+)\}", lambda m: str(rows[m.group(1)]), message)
    assert result.output == f"{filled}:{sheet.title}!{where}\n"
    assert report.read_bytes() == before


def test_every_bad_cell_is_reported_at_once(report: Path, sheet_file: Path, tmp_path: Path) -> None:
    def two(sheet: Worksheet, rows: dict[str, int]) -> None:
        sheet.cell(rows["I.1.de_ra"], 4).value = "x"
        sheet.cell(rows["I.5"], 4).value = 7

    filled = edit(sheet_file, tmp_path / "f.xlsx", two)
    result = CliRunner().invoke(main, ["import", str(filled), str(report)])
    assert result.exit_code == 1
    assert [line.split(": lỗi:")[0].rsplit("!", 1)[1] for line in result.output.splitlines()] == [
        f"D{rows_by_id(load_workbook(filled).worksheets[0])['I.1.de_ra']}",
        f"D{rows_by_id(load_workbook(filled).worksheets[0])['I.5']}",
    ]


def test_sheet_of_another_form_is_refused(report: Path, tmp_path: Path) -> None:
    before = report.read_bytes()
    other = built_xlsx(CAP_HUYEN, tmp_path / "huyen")
    sheet = load_workbook(other).worksheets[0]
    header = next(r for r in range(1, 12) if sheet.cell(r, 6).value == "Mã chỉ tiêu (không sửa)")
    result = CliRunner().invoke(main, ["import", str(other), str(report)])
    assert result.exit_code == 1
    assert result.output == (
        f"{other}:{sheet.title}!F{header}: lỗi: bảng Phụ lục này không phải của biểu mẫu 'soctrang-so-nganh'"
        " (Biểu thống kê CCHC định kỳ của sở, ban, ngành tỉnh Sóc Trăng) (có vẻ là biểu mẫu 'soctrang-cap-huyen')\n"
    )
    assert report.read_bytes() == before


def test_sheet_without_id_column_and_missing_file(report: Path, sheet_file: Path, tmp_path: Path) -> None:
    workbook = load_workbook(sheet_file)
    workbook.worksheets[0].delete_cols(6)
    stripped = tmp_path / "no-id.xlsx"
    workbook.save(stripped)
    result = CliRunner().invoke(main, ["import", str(stripped), str(report)])
    assert result.exit_code == 1
    assert result.output == (
        f"{stripped}: lỗi: không thấy cột mã chỉ tiêu ('Mã chỉ tiêu (không sửa)'); chỉ nhập được bảng Phụ lục"
        " do cchc-docgen tạo ra (lệnh build hoặc appendix), không xóa cột ẩn F\n"
    )
    missing = tmp_path / "khong-co.xlsx"
    result = CliRunner().invoke(main, ["import", str(missing), str(report)])
    assert (result.exit_code, result.output) == (1, f"{missing}: lỗi: không tìm thấy tệp\n")
    not_xlsx = tmp_path / "cu.xlsx"
    not_xlsx.write_bytes(b"\xd0\xcf\x11\xe0 old Excel 97 file")
    result = CliRunner().invoke(main, ["import", str(not_xlsx), str(report)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{not_xlsx}: lỗi: không đọc được tệp Excel .xlsx (")


def test_added_row_with_data_is_refused(report: Path, sheet_file: Path, tmp_path: Path) -> None:
    def insert(sheet: Worksheet, rows: dict[str, int]) -> None:
        sheet.insert_rows(rows["I.1.van_ban"])
        sheet.cell(rows["I.1.van_ban"], 4).value = 3

    filled = edit(sheet_file, tmp_path / "f.xlsx", insert)
    result = CliRunner().invoke(main, ["import", str(filled), str(report)])
    assert result.exit_code == 1
    row = rows_by_id(load_workbook(sheet_file).worksheets[0])["I.1.van_ban"]
    sheet_title = load_workbook(filled).worksheets[0].title
    assert result.output == (
        f"{filled}:{sheet_title}!D{row}: lỗi: dòng này không có mã chỉ tiêu (cột F ẩn);"
        " không thêm dòng mới vào bảng Phụ lục\n"
    )


def test_windows_line_endings_are_kept(tmp_path: Path) -> None:
    """A report saved by Notepad (BOM, CRLF) stays CRLF on every line after `import` and `init --from`."""
    report = tmp_path / "r.yaml"
    original = SO_NGANH.read_text(encoding="utf-8")
    report.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    filled = edit(built_xlsx(report, tmp_path / "out"), tmp_path / "f.xlsx", _set("I.1.de_ra", 4, 47))
    result = CliRunner().invoke(main, ["import", str(filled), str(report)])
    assert result.exit_code == 0, result.output
    raw = report.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") == original.count("\n")
    text = raw.decode("utf-8").replace("\r\n", "\n")
    assert comments(text) == comments(original)
    assert "\n    I.1.de_ra: 47\n" in text
    carried = tmp_path / "q4.yaml"
    result = CliRunner().invoke(main, ["init", "--from", str(report), "--period", "2022-Q4", "-o", str(carried)])
    assert result.exit_code == 0, result.output
    raw = carried.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") > original.count("\n")


def test_an_edited_number_keeps_its_qualifier_and_leading_zero(report: Path, tmp_path: Path) -> None:
    """A value typed "12 (lượt tin)" or "09" and changed in Excel is written back the same way: the
    sheet shows the qualifier and the zero through its number format, so dropping them would be silent."""
    text = report.read_text(encoding="utf-8")
    text = text.replace("    I.3.phuong_tien: {value: 12,", '    I.3.phuong_tien: {value: "12 (lượt tin)",')
    assert '"12 (lượt tin)"' in text and '    I.4.dung_han: "09"' in text
    report.write_text(text, encoding="utf-8")
    xlsx = built_xlsx(report, tmp_path / "out")

    def change(sheet: Worksheet, rows: dict[str, int]) -> None:
        sheet.cell(rows["I.3.phuong_tien"], 4).value = 13
        sheet.cell(rows["I.4.dung_han"], 4).value = 7

    edited = edit(xlsx, tmp_path / "edited.xlsx", change)
    result = CliRunner().invoke(main, ["import", str(edited), str(report)])
    assert result.exit_code == 0, result.output
    new_text = report.read_text(encoding="utf-8")
    assert '    I.3.phuong_tien: {value: "13 (lượt tin)",' in new_text
    assert '    I.4.dung_han: "07"' in new_text
    values = load_checked(report).values
    assert values["I.3.phuong_tien"].value == 13 and values["I.3.phuong_tien"].qualifier == "(lượt tin)"
    assert values["I.4.dung_han"].value == 7
