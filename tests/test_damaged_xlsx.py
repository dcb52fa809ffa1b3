"""Damaged and oversized Phụ lục workbooks (tests/data/damaged-xlsx/, made by tests/xlsx_mutations.py).

`import` refuses each with one located Vietnamese message and exit code 1, the report file untouched;
`aggregate` marks the agency whose file it is "có lỗi" and compiles the others. Limits refuse a sheet
filled far past its table with one message; many problems of one kind are capped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_docgen.aggregate.workbook import AGENCY_SHEET, TOTALS_SHEET
from cchc_docgen.core.errors import SHOWN_SIMILAR, cap_similar, error_at
from cchc_docgen.cycle.xlsx_scan import MAX_ROWS
from cchc_docgen.render.phu_luc_sheet import ID_HEADER, JOINS

from .conftest import EXAMPLES, run_cli
from .province import Agency, write_agency
from .test_import import built_xlsx, edit, rows_by_id
from .xlsx_mutations import BASE, BASE_RESAVED, CASES, DATA, SHEET, replace_in

SO_NGANH = EXAMPLES["004"]  # the report every case's sheet was built from
PREFIX = "tinh-soc-trang-2022-q3-soctrang-so-nganh-"
SHEET_PART = "trang 'PHỤ LỤC' (phần xl/worksheets/sheet1.xml)"
RESAVE = "hãy mở tệp bằng Excel, lưu lại rồi thử lại"
TOO_BIG = "một bảng Phụ lục không thể lớn như vậy (tệp bị hỏng, hoặc không phải bảng Phụ lục do cchc-docgen tạo ra)"

#: Case → the message after "<file>", and whether the damage is in the sheet alone (then the
#: document properties still name the agency in `aggregate`).
EXPECTED: dict[str, tuple[str, bool]] = {
    "sheet-mismatched-tag.xlsx": (
        f": lỗi: tệp Excel bị hỏng: {SHEET_PART} có thẻ XML mở và đóng không khớp (dòng 1, cột 3558 của phần"
        f" này); {RESAVE}",
        True,
    ),
    "sheet-truncated.xlsx": (
        f": lỗi: tệp Excel bị hỏng: {SHEET_PART} bị cắt cụt (hết dữ liệu giữa chừng) (dòng 28, cột 14765 của phần"
        f" này); {RESAVE}",
        True,
    ),
    "sheet-undefined-entity.xlsx": (
        f": lỗi: tệp Excel bị hỏng: {SHEET_PART} dùng thực thể XML (&…;) không được định nghĩa (dòng 1, cột 871"
        f" của phần này); {RESAVE}",
        True,
    ),
    "sheet-doctype.xlsx": (f": lỗi: tệp Excel bị hỏng: {SHEET_PART} có khai báo DOCTYPE; {RESAVE}", True),
    "docprops-mismatched-tag.xlsx": (
        ": lỗi: tệp Excel bị hỏng: phần docProps/core.xml có thẻ XML mở và đóng không khớp (dòng 1, cột 172 của"
        f" phần này); {RESAVE}",
        False,
    ),
    "workbook-truncated.xlsx": (
        ": lỗi: tệp Excel bị hỏng: phần xl/workbook.xml bị cắt cụt (hết dữ liệu giữa chừng) (dòng 1, cột 329 của"
        f" phần này); {RESAVE}",
        False,
    ),
    "zip-bad-checksum.xlsx": (f": lỗi: tệp Excel bị hỏng: {SHEET_PART} có dữ liệu nén bị hỏng; {RESAVE}", True),
    "cell-string-index.xlsx": (
        f":PHỤ LỤC!D9: lỗi: ô bị hỏng: ô chỉ tới chuỗi chữ số 999 nhưng tệp chỉ có 0 chuỗi; {RESAVE}",
        True,
    ),
    "cell-not-a-number.xlsx": (f":PHỤ LỤC!D9: lỗi: ô bị hỏng: giá trị '4x6' không phải số; {RESAVE}", True),
    "cell-bad-type.xlsx": (f":PHỤ LỤC!D9: lỗi: ô bị hỏng: kiểu ô 'q' không hợp lệ; {RESAVE}", True),
    "cell-bad-style.xlsx": (
        f":PHỤ LỤC!D9: lỗi: ô bị hỏng: ô dùng kiểu định dạng số 999 nhưng tệp chỉ có 18 kiểu; {RESAVE}",
        True,
    ),
    "cell-bad-address.xlsx": (
        f": lỗi: tệp Excel bị hỏng: {SHEET_PART}: ô có địa chỉ '9D' không hợp lệ ở dòng 9; {RESAVE}",
        True,
    ),
    "row-bad-number.xlsx": (f": lỗi: tệp Excel bị hỏng: {SHEET_PART}: dòng có số 'x9' không hợp lệ; {RESAVE}", True),
    # openpyxl reads the dimension to load the workbook: the properties cannot be read either
    "dimension-bad.xlsx": (
        f": lỗi: tệp Excel bị hỏng: {SHEET_PART}: kích thước trang (dimension) 'A1:F1x9' không hợp lệ; {RESAVE}",
        False,
    ),
    "limit-far-row.xlsx": (
        ":PHỤ LỤC!A1048576: lỗi: ô A1048576 ở dòng 1.048.576, quá xa bảng: bảng Phụ lục không dài quá 10.000"
        " dòng. Hãy xóa các dòng thừa dưới bảng rồi lưu lại",
        True,
    ),
    "limit-extra-rows.xlsx": (
        ":PHỤ LỤC!D10001: lỗi: ô D10001 ở dòng 10.001, quá xa bảng: bảng Phụ lục không dài quá 10.000 dòng."
        " Hãy xóa các dòng thừa dưới bảng rồi lưu lại",
        True,
    ),
    "limit-far-column.xlsx": (
        ":PHỤ LỤC!XFD199: lỗi: ô XFD199 ở cột XFD, quá xa bảng: bảng Phụ lục chỉ dùng các cột A đến F (giới hạn"
        " là cột BL). Hãy xóa các cột thừa bên phải bảng rồi lưu lại",
        True,
    ),
    "limit-shared-strings.xlsx": (
        f": lỗi: tệp Excel có hơn 100.000 chuỗi chữ (phần xl/sharedStrings.xml); {TOO_BIG}",
        False,
    ),
}


@pytest.fixture
def report(tmp_path: Path) -> Path:
    copy = tmp_path / "2022-q3.yaml"
    shutil.copy(SO_NGANH, copy)
    return copy


def test_every_case_has_its_file_and_test() -> None:
    made = {p.name for p in DATA.glob("*.xlsx")} - {BASE.name, BASE_RESAVED.name}
    assert made == set(CASES)
    assert set(EXPECTED) == set(CASES) - {"page-setup-bad.xlsx", "extra-rows-300.xlsx"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_import_refuses_a_damaged_workbook_at_its_place(report: Path, name: str) -> None:
    before = report.read_bytes()
    xlsx = DATA / name
    result = run_cli("import", xlsx, report)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{xlsx}{EXPECTED[name][0]}\n"
    assert report.read_bytes() == before


@pytest.mark.parametrize("base", [BASE, BASE_RESAVED], ids=["cchc-docgen", "libreoffice"])
def test_the_undamaged_bases_import_as_no_change(report: Path, base: Path) -> None:
    """base-libreoffice.xlsx is base.xlsx saved again by LibreOffice Calc: shared strings, its own styles."""
    before = report.read_bytes()
    result = run_cli("import", base, report)
    assert (result.exit_code, result.output) == (
        0,
        f"Không có số liệu hay ghi chú nào thay đổi; {report} giữ nguyên.\n",
    )
    assert report.read_bytes() == before


def test_damage_after_the_table_is_not_read(report: Path) -> None:
    """A page setup openpyxl cannot read comes after every cell the import needs: it is never parsed."""
    before = report.read_bytes()
    result = run_cli("import", DATA / "page-setup-bad.xlsx", report)
    assert (result.exit_code, result.output) == (
        0,
        f"Không có số liệu hay ghi chú nào thay đổi; {report} giữ nguyên.\n",
    )
    assert report.read_bytes() == before


def test_rows_past_the_table_are_capped(report: Path) -> None:
    before = report.read_bytes()
    xlsx = DATA / "extra-rows-300.xlsx"
    result = run_cli("import", xlsx, report)
    assert result.exit_code == 1
    row = "dòng này không có mã chỉ tiêu (cột F ẩn); không thêm dòng mới vào bảng Phụ lục"
    assert result.stderr.splitlines() == [
        *(f"{xlsx}:PHỤ LỤC!D{200 + i}: lỗi: {row}" for i in range(SHOWN_SIMILAR)),
        f"{xlsx}: lỗi: … và 280 lỗi tương tự",
    ]
    assert report.read_bytes() == before


def test_cap_counts_by_kind_and_keeps_the_order() -> None:
    path = Path("PHU-LUC.xlsx")
    many = [error_at(f"{path}:S!D{r}", None, f"mã chỉ tiêu 'x{r}' không có trong biểu mẫu") for r in range(40_000)]
    other = error_at(f"{path}:S!E5", None, "ô có công thức nhưng chưa có giá trị tính sẵn")
    capped = cap_similar([many[0], other, *many[1:]], path, shown=10)
    assert [str(d) for d in capped] == [
        str(many[0]),
        str(other),
        *(str(d) for d in many[1:10]),
        "PHU-LUC.xlsx: lỗi: … và 39.990 lỗi tương tự",
    ]
    assert cap_similar(many[:10], path, shown=10) == many[:10]


# -- notes: the limits `check` applies ------------------------------------------------------------


def _note(report: Path, tmp_path: Path, text: str, row_id: str = "I.1.de_ra") -> tuple[Result, Path, int]:
    xlsx = built_xlsx(report, tmp_path / "out")
    row = rows_by_id(load_workbook(xlsx).worksheets[0])[row_id]
    filled = edit(xlsx, tmp_path / "PHU-LUC.xlsx", lambda sheet, rows: setattr(sheet.cell(row, 5), "value", text))
    return run_cli("import", filled, report), filled, row


def test_a_note_longer_than_check_allows_is_refused(report: Path, tmp_path: Path) -> None:
    """Excel and openpyxl cut a cell at 32 767 characters; another program may not (E9: I.1.de_ra's note)."""
    before = report.read_bytes()
    filled = tmp_path / "PHU-LUC.xlsx"

    def with_note(length: int) -> Path:
        note = b'<c r="E9" s="9" t="inlineStr"><is><t>' + b"x" * length + b"</t></is></c>"
        filled.write_bytes(replace_in(SHEET, b'<c r="E9" s="9" t="n"></c>', note)(BASE.read_bytes()))
        return filled

    result = run_cli("import", with_note(100_000), report)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{filled}:PHỤ LỤC!E9: lỗi: I.1 'Số nhiệm vụ đề ra trong kế hoạch': ghi chú dài 100000 ký tự;"
        " tối đa 32767 ký tự\n"
    )
    assert report.read_bytes() == before
    result = run_cli("import", with_note(32_767), report)
    assert result.exit_code == 0, result.output
    assert run_cli("check", report).exit_code == 0


def test_a_note_with_a_control_character_is_refused(report: Path, tmp_path: Path) -> None:
    before = report.read_bytes()
    result, filled, row = _note(report, tmp_path, "Gồm\x85 3 kế hoạch\x9b")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{filled}:PHỤ LỤC!E{row}: lỗi: I.1 'Số nhiệm vụ đề ra trong kế hoạch': ghi chú có ký tự điều khiển"
        " không hợp lệ U+009B (thường do dán từ nơi khác); hãy xóa ký tự đó\n"
    )
    assert report.read_bytes() == before


def test_a_note_holding_an_uncalculated_formula_is_refused(report: Path, tmp_path: Path) -> None:
    """openpyxl writes a formula without its value, as a sheet no program has calculated."""
    before = report.read_bytes()
    result, filled, row = _note(report, tmp_path, '=CONCATENATE("Gồm ", D9, " nhiệm vụ")')
    assert result.exit_code == 1
    assert result.stderr == (
        f"{filled}:PHỤ LỤC!E{row}: lỗi: ô có công thức nhưng chưa có giá trị tính sẵn; hãy mở bằng Excel, lưu"
        " lại rồi nhập lại\n"
    )
    assert report.read_bytes() == before


def _indicator_rows(rows: dict[str, int]) -> list[int]:
    """The sheet rows of indicators (not the header, nor the rows a long note continues on)."""
    return [row for row_id, row in rows.items() if row_id not in JOINS and row_id != ID_HEADER]


@pytest.mark.slow  # seconds: megabytes of notes written and read
def test_notes_that_make_the_report_too_big_are_refused(report: Path, tmp_path: Path) -> None:
    before = report.read_bytes()
    xlsx = built_xlsx(report, tmp_path / "out")

    def long_notes(sheet: Worksheet, rows: dict[str, int]) -> None:
        # Each note well under a cell's 32 767 characters even joined with the rows a long note of the
        # report continues on; together over the report file's 2 MB.
        for row in _indicator_rows(rows)[:120]:
            sheet.cell(row, 5).value = "Nội dung ghi chú rất dài. " * 800

    filled = edit(xlsx, tmp_path / "PHU-LUC.xlsx", long_notes)
    result = run_cli("import", filled, report)
    assert result.exit_code == 1
    size = result.stderr.split(" dài ", 1)[1].split(" KB", 1)[0]
    assert int(size) > 2048
    assert result.stderr == (
        f"{filled}: lỗi: các ghi chú của bảng làm tệp báo cáo {report} dài {size} KB; giới hạn của tệp báo cáo là"
        " 2048 KB. Hãy rút gọn ghi chú\n"
    )
    assert report.read_bytes() == before


# -- aggregate: the damaged agency is "có lỗi", the others are compiled ---------------------------

THREE = (
    Agency("alpha", "Sở Alpha tỉnh Sóc Trăng", 1),
    Agency("beta", "Sở Beta tỉnh Sóc Trăng", 2),
    Agency("gamma", "Sở Gamma tỉnh Sóc Trăng", 3),
)
STTTT = ["Sở Thông tin và Truyền thông tỉnh Sóc Trăng", None, "174/BC-STTTT", "15/9/2022", "Nguyễn Hữu Hạnh"]


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("agencies")
    return [write_agency(folder, agency, i) for i, agency in enumerate(THREE)]


def status_rows(out: Path) -> list[list[object]]:
    sheet = load_workbook(out / f"{PREFIX}tong-hop.xlsx")[AGENCY_SHEET]
    return [list(row) for row in sheet.iter_rows(min_row=5, values_only=True)]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_aggregate_marks_the_damaged_agency_and_compiles_the_others(
    tmp_path: Path, three: list[Path], name: str
) -> None:
    xlsx = DATA / name
    message, named = EXPECTED[name]
    result = run_cli("aggregate", *three, xlsx, "-o", tmp_path)
    assert result.exit_code == 1
    stderr = result.stderr.splitlines()
    assert [line for line in stderr if ": lỗi: " in line] == [f"{xlsx}{message}"]
    assert stderr[-1] == "Đã tổng hợp 3/4 cơ quan (đã nộp 3, có lỗi 1)."
    header = [c.value for c in load_workbook(tmp_path / f"{PREFIX}tong-hop.xlsx")[TOTALS_SHEET][4]]
    assert header[3:6] == ["Sở Alpha", "Sở Beta", "Sở Gamma"] and header[6] == "Tổng"
    rows = status_rows(tmp_path)
    assert [row[6] for row in rows] == ["đã nộp", "đã nộp", "đã nộp", "có lỗi"]
    who = STTTT if named else [name, None, None, None, None]
    cell = message.split(": lỗi: ")[0].rpartition("!")[2]
    shown = message.split(": lỗi: ", 1)[1]
    assert rows[3] == ["4", *who, "có lỗi", name, f"1 lỗi:\n{'ô ' + cell + ': ' if cell else ''}{shown}"]


def test_aggregate_prints_a_capped_list_and_counts_every_error(tmp_path: Path, three: list[Path]) -> None:
    xlsx = DATA / "extra-rows-300.xlsx"
    result = run_cli("aggregate", *three, xlsx, "-o", tmp_path)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    assert len(errors) == SHOWN_SIMILAR + 1 and errors[-1] == f"{xlsx}: lỗi: … và 280 lỗi tương tự"
    row = status_rows(tmp_path)[3]
    assert row[:8] == ["4", *STTTT, "có lỗi", xlsx.name]
    assert str(row[8]).splitlines()[0] == "300 lỗi:"
    assert str(row[8]).splitlines()[1:] == [
        *(
            f"ô D{r}: dòng này không có mã chỉ tiêu (cột F ẩn); không thêm dòng mới vào bảng Phụ lục"
            for r in (200, 201, 202)
        ),
        "… và 297 lỗi khác",
    ]


def test_same_column_heading_is_made_distinct_and_warned(tmp_path: Path) -> None:
    """Two agencies that shorten to one heading ("Sở Tư pháp") get their full names as headings."""
    first = write_agency(tmp_path, Agency("tp-st", "Sở Tư pháp tỉnh Sóc Trăng", 1), 0)
    second = write_agency(tmp_path, Agency("tp-bl", "Sở Tư pháp tỉnh Bạc Liêu", 2), 1)
    third = write_agency(tmp_path, Agency("alpha", "Sở Alpha tỉnh Sóc Trăng", 3), 2)
    result = run_cli("aggregate", first, second, third, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (
        f"{second}: cảnh báo: các cơ quan 'Sở Tư pháp tỉnh Sóc Trăng', 'Sở Tư pháp tỉnh Bạc Liêu' cùng tên cột"
        " 'Sở Tư pháp'; các cột này ghi tên đầy đủ của cơ quan (đặt short_name riêng cho từng cơ quan trong tệp"
        " danh sách --expect để có tên cột ngắn)"
    ) in result.stderr.splitlines()
    header = [c.value for c in load_workbook(tmp_path / "out" / f"{PREFIX}tong-hop.xlsx")[TOTALS_SHEET][4]]
    assert header[3:7] == ["Sở Tư pháp tỉnh Sóc Trăng", "Sở Tư pháp tỉnh Bạc Liêu", "Sở Alpha", "Tổng"]
    assert [row[2] for row in status_rows(tmp_path / "out")] == [
        "Sở Tư pháp tỉnh Sóc Trăng",
        "Sở Tư pháp tỉnh Bạc Liêu",
        "Sở Alpha",
    ]


def test_same_short_name_in_the_list_is_numbered_when_full_names_also_meet(tmp_path: Path) -> None:
    """Alpha and Beta share the short name "Sở A"; Gamma's short name is Alpha's full name."""
    files = [write_agency(tmp_path, a, i) for i, a in enumerate(THREE)]
    listing = tmp_path / "danh-sach.yaml"
    listing.write_text(
        'province: "tỉnh Sóc Trăng"\nagencies:\n'
        '  - {name: "Sở Alpha tỉnh Sóc Trăng", short_name: "Sở A"}\n'
        '  - {name: "Sở Beta tỉnh Sóc Trăng", short_name: "Sở A"}\n'
        '  - {name: "Sở Gamma tỉnh Sóc Trăng", short_name: "Sở Alpha tỉnh Sóc Trăng"}\n',
        encoding="utf-8",
    )
    result = run_cli("aggregate", *files, "--expect", listing, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    header = [c.value for c in load_workbook(tmp_path / "out" / f"{PREFIX}tong-hop.xlsx")[TOTALS_SHEET][4]]
    assert header[3:6] == ["Sở Alpha tỉnh Sóc Trăng (2)", "Sở Beta tỉnh Sóc Trăng", "Sở Alpha tỉnh Sóc Trăng"]


def test_a_wildcard_that_matches_nothing_is_named(tmp_path: Path, three: list[Path]) -> None:
    """The shell (or click, for the Windows prompt) leaves a pattern that matches nothing as typed."""
    pattern = tmp_path / "bao-cao" / "*.xlsx"
    result = run_cli("aggregate", *three, pattern, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == f"{pattern}: cảnh báo: không có tệp nào khớp với mẫu này"
    assert result.stderr.splitlines()[-1] == "Đã tổng hợp 3/3 cơ quan (đã nộp 3)."
    assert [row[1] for row in status_rows(tmp_path / "out")] == [a.full_name for a in THREE]
    result = run_cli("aggregate", pattern, tmp_path / "?.yaml", "-o", tmp_path / "out2")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{pattern}: lỗi: không có tệp nào khớp với mẫu này; không có tệp nào để tổng hợp",
        f"{tmp_path / '?.yaml'}: lỗi: không có tệp nào khớp với mẫu này; không có tệp nào để tổng hợp",
    ]
    assert not (tmp_path / "out2").exists()


def test_a_wildcard_no_shell_expanded_is_expanded(tmp_path: Path, three: list[Path]) -> None:
    result = run_cli("aggregate", three[0].parent / "*.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [row[7] for row in status_rows(tmp_path / "out")] == ["alpha.yaml", "beta.yaml", "gamma.yaml"]


@pytest.mark.slow  # seconds: a sheet of thousands of rows
def test_a_long_sheet_within_the_limits_round_trips(report: Path, tmp_path: Path) -> None:
    """Forty notes of 600 lines each continue on 1.000 rows and more below their indicators: far from
    the limits, the sheet built from them reads back unchanged."""
    note = "\n".join(f"Dòng {i}: kết quả thực hiện nhiệm vụ" for i in range(600))

    def long_notes(sheet: Worksheet, rows: dict[str, int]) -> None:
        for row in _indicator_rows(rows)[:40]:
            sheet.cell(row, 5).value = note

    filled = edit(built_xlsx(report, tmp_path / "out"), tmp_path / "PHU-LUC.xlsx", long_notes)
    assert run_cli("import", filled, report).exit_code == 0
    again = built_xlsx(report, tmp_path / "again")
    assert 1_000 < load_workbook(again).worksheets[0].max_row < MAX_ROWS // 2
    before = report.read_bytes()
    result = run_cli("import", again, report)
    assert (result.exit_code, result.output) == (
        0,
        f"Không có số liệu hay ghi chú nào thay đổi; {report} giữ nguyên.\n",
    )
    assert report.read_bytes() == before
