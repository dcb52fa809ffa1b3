"""`aggregate`: a province built from agency files made from the examples, every total checked."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import Result
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_docgen.aggregate.compile import UNSUMMABLE
from cchc_docgen.aggregate.workbook import AGENCY_SHEET, TOTALS_SHEET
from cchc_docgen.core.vnformat import format_number
from cchc_docgen.forms import RowKind
from cchc_docgen.render.phu_luc_sheet import ID_HEADER

from .appendix_xlsx_read import read_appendix_xlsx
from .conftest import EXAMPLES, run_cli
from .province import Agency, expected_values, form, write_agency

PREFIX = "tinh-soc-trang-2022-q3-soctrang-so-nganh-"
#: Five agencies on the list and a sixth that never sent anything.
ALPHA = Agency("alpha", "Sở Alpha tỉnh Sóc Trăng", 1)
BETA = Agency("beta", "Sở Beta tỉnh Sóc Trăng", 2)
#: Gamma left the planned tasks blank but gave the completed ones: the ratio must ignore it and
#: the totals then hold more completed than planned tasks (a warning names Gamma).
GAMMA = Agency("gamma", "Sở Gamma tỉnh Sóc Trăng", 3, blanks=("I.1.de_ra", "I.2.phong_ban"))
#: Delta is a draft (counted, marked "bản dự thảo") with one value 400 times its usual.
DELTA = Agency("delta", "Sở Delta tỉnh Sóc Trăng", 4, overrides={"I.1.van_ban": 4000}, draft=True)
#: Epsilon completed more than it planned: an error, so "có lỗi" and not in the totals.
EPSILON = Agency("epsilon", "Sở Epsilon tỉnh Sóc Trăng", 1, overrides={"I.1.hoan_thanh": 99})
AGENCIES = (ALPHA, BETA, GAMMA, DELTA, EPSILON)
COUNTED = (ALPHA, BETA, GAMMA, DELTA)

DANH_SACH = """\
# Danh sách cơ quan phải báo cáo
province: "tỉnh Sóc Trăng"
agencies:
  - {name: "Sở Alpha tỉnh Sóc Trăng", short_name: "Sở A"}
  - "SỞ BETA"                       # tên in hoa (agency.name) cũng được
  - {name: "Sở Zeta tỉnh Sóc Trăng", short_name: "Sở Z"}
  - "Sở Gamma tỉnh Sóc Trăng"
  - "Sở Delta tỉnh Sóc Trăng"
  - "Sở Epsilon tỉnh Sóc Trăng"
"""


@dataclass
class Province:
    """One aggregate run over the made-up agencies, and where its files went."""

    folder: Path
    files: dict[str, Path]
    result: Result
    out: Path


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Province:
    folder = tmp_path_factory.mktemp("province")
    files = {a.slug: write_agency(folder, a, i) for i, a in enumerate(AGENCIES)}
    (folder / "danh-sach.yaml").write_text(DANH_SACH, encoding="utf-8")
    out = folder / "out"
    result = run_cli("aggregate", *files.values(), "--expect", folder / "danh-sach.yaml", "-o", out)
    return Province(folder, files, result, out)


def expected() -> dict[str, dict[str, float | int | None]]:
    return {a.slug: expected_values(a, AGENCIES.index(a)) for a in COUNTED}


def table(sheet: Worksheet, header_row: int) -> tuple[list[str], dict[str, list[object]]]:
    """The header texts and each data row by its hidden indicator id."""
    header = [c.value for c in sheet[header_row]]
    id_col = header.index(ID_HEADER)
    rows = {
        row[id_col]: list(row)
        for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
        if isinstance(row[id_col], str)
    }
    return [str(h) for h in header], rows


def test_messages_and_exit_code(province: Province) -> None:
    result = province.result
    files = province.files
    assert result.exit_code == 1  # Epsilon has an error; the others are still compiled
    stderr = result.stderr.splitlines()
    epsilon_line = yaml_line(files["epsilon"], "I.1.hoan_thanh")
    assert (
        f"{files['epsilon']}:{epsilon_line}: lỗi: I.1 'Số nhiệm vụ đã hoàn thành' (99) lớn hơn"
        " 'Số nhiệm vụ đề ra trong kế hoạch' (46)"
    ) in stderr
    van_ban = [expected()[a.slug]["I.1.van_ban"] for a in COUNTED]
    median = statistics.median(v for v in van_ban if v is not None)
    assert (
        f"{files['delta']}:{yaml_line(files['delta'], 'I.1.van_ban')}: cảnh báo: Sở Delta:"
        f" I.1 'Số văn bản chỉ đạo CCHC đã ban hành' là 4.000, lớn hơn 10 lần trung vị {format_number(median)}"
        " của 4 cơ quan đã báo cáo; hãy kiểm tra lại"
    ) in stderr
    done = sum(expected()[a.slug]["I.1.hoan_thanh"] or 0 for a in COUNTED)
    planned = sum(expected()[a.slug]["I.1.de_ra"] or 0 for a in COUNTED)
    assert done > planned
    assert (
        f"{province.out / (PREFIX + 'tong-hop.xlsx')}: cảnh báo: cột Tổng: I.1 'Số nhiệm vụ đã hoàn thành'"
        f" ({format_number(done)}) lớn hơn 'Số nhiệm vụ đề ra trong kế hoạch' ({format_number(planned)});"
        " để trống dòng lớn hơn: Sở Gamma"
    ) in stderr
    assert stderr[-1] == "Đã tổng hợp 4/6 cơ quan (đã nộp 3, chưa nộp 1, có lỗi 1, bản dự thảo 1)."
    written = result.stdout.splitlines()
    assert written == [
        str(province.out / f"{PREFIX}{name}") for name in ("tong-hop.xlsx", "phu-luc.docx", "phu-luc.xlsx")
    ]


def yaml_line(path: Path, row_id: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.strip().startswith(f"{row_id}:"))


def test_every_total_cell(province: Province) -> None:
    workbook = load_workbook(province.out / f"{PREFIX}tong-hop.xlsx")
    header, rows = table(workbook[TOTALS_SHEET], 4)
    columns = ["Sở A", "Sở Beta", "Sở Gamma", "Sở Delta"]  # list order; short names from the list or shortened
    assert header[:3] == ["STT", "Chỉ tiêu thống kê", "Đơn vị tính"]
    assert header[3:9] == [*columns, "Tổng", "Ghi chú tổng hợp"]
    values = expected()
    agencies = [a.slug for a in COUNTED]
    checked = {"sum": 0, "ratio": 0, "coded": 0, "blank": 0, "percent": 0}
    for row in form().rows:
        cells = rows[row.id]
        assert cells[:3] == [row.stt or None, row.label, row.unit.replace("; ", ";\n") or None]
        given = [values[a][row.id] for a in agencies]
        if row.kind is RowKind.SECTION:
            assert cells[3:9] == [None] * 6
            continue
        assert cells[3:7] == given, row.id
        known = [v for v in given if v is not None]
        blank_note = f"{len(given) - len(known)}/4 đơn vị để trống" if len(known) < len(given) else None
        total, note = cells[7], cells[8]
        if row.kind is RowKind.CODED:
            assert row.codes is not None
            lines = [
                f"{meaning}: {sum(1 for v in known if v == code)}/4 đơn vị"
                for code, meaning in row.codes.values.items()
            ]
            assert total == "\n".join(lines), row.id
            checked["coded"] += 1
        elif row.derive is not None and row.derive.kind == "ratio":
            num, den = row.derive.sources
            pairs = [(values[a][num], values[a][den]) for a in agencies]
            pairs = [(n, d) for n, d in pairs if n is not None and d is not None]
            want = round(sum(n for n, _ in pairs) / sum(d for _, d in pairs) * 100, 2) if pairs else None
            assert total == want, row.id
            checked["ratio"] += 1
        elif row.kind is RowKind.PERCENT:
            assert total is None, row.id  # never averaged
            assert note == (UNSUMMABLE if known else blank_note)
            checked["percent"] += 1
            continue
        else:
            assert total == (sum(known) if known else None), row.id
            checked["sum" if known else "blank"] += 1
        if row.kind is RowKind.GROUP and not known:
            assert note is None
        else:
            assert note == blank_note, row.id
    assert min(checked.values()) >= 1 and checked["sum"] >= 40, checked


def test_ratio_is_recomputed_not_averaged(province: Province) -> None:
    workbook = load_workbook(province.out / f"{PREFIX}tong-hop.xlsx")
    _, rows = table(workbook[TOTALS_SHEET], 4)
    # Alpha 40/46, Beta 80/92, Delta 160/184; Gamma gave no planned tasks and is left out.
    assert rows["I.1"][3:8] == [86.96, 86.96, None, 86.96, round(280 / 322 * 100, 2)]
    assert rows["I.1.de_ra"][7] == 46 + 92 + 184
    assert rows["I.1.hoan_thanh"][7] == 40 + 80 + 120 + 160
    assert rows["I.1"][8] == "1/4 đơn vị để trống"


def test_agency_sheet_lists_states(province: Province) -> None:
    sheet = load_workbook(province.out / f"{PREFIX}tong-hop.xlsx")[AGENCY_SHEET]
    rows = [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert [r[:8] for r in rows] == [
        ["1", "Sở Alpha tỉnh Sóc Trăng", "Sở A", "10/BC-ALPHA", "15/9/2022", "Người Ký 0", "đã nộp", "alpha.yaml"],
        ["2", "Sở Beta tỉnh Sóc Trăng", "Sở Beta", "11/BC-BETA", "15/9/2022", "Người Ký 1", "đã nộp", "beta.yaml"],
        ["3", "Sở Zeta tỉnh Sóc Trăng", None, None, None, None, "chưa nộp", None],
        ["4", "Sở Gamma tỉnh Sóc Trăng", "Sở Gamma", "12/BC-GAMMA", "15/9/2022", "Người Ký 2", "đã nộp", "gamma.yaml"],
        ["5", "Sở Delta tỉnh Sóc Trăng", "Sở Delta", None, "15/9/2022", "Người Ký 3", "bản dự thảo", "delta.yaml"],
        ["6", "Sở Epsilon tỉnh Sóc Trăng", None, "14/BC-EPSILON", "15/9/2022", "Người Ký 4", "có lỗi", "epsilon.yaml"],
    ]
    assert [r[8] for r in rows][:5] == [None] * 5
    assert rows[5][8] == (
        f"1 lỗi:\ndòng {yaml_line(province.files['epsilon'], 'I.1.hoan_thanh')}: I.1 'Số nhiệm vụ đã hoàn thành' (99)"
        " lớn hơn 'Số nhiệm vụ đề ra trong kế hoạch' (46)"
    )


def test_sheet_setup_like_the_appendix(province: Province) -> None:
    sheet = load_workbook(province.out / f"{PREFIX}tong-hop.xlsx")[TOTALS_SHEET]
    assert sheet.freeze_panes == "D5"
    assert sheet.column_dimensions["J"].hidden  # the id column after Tổng and the note
    assert sheet["J4"].value == ID_HEADER
    assert sheet.print_area == f"'{TOTALS_SHEET}'!$A$1:$I${4 + len(form().rows)}"
    assert sheet.print_title_rows == "$4:$4" and sheet.print_title_cols == "$A:$C"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and sheet.page_setup.orientation == "landscape"
    assert sheet["A1"].value == "TỔNG HỢP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH QUÝ III NĂM 2022 - TỈNH SÓC TRĂNG"
    de_ra = next(c for c in sheet["J"] if c.value == "I.1.de_ra").row
    assert (
        sheet.cell(de_ra, 4).number_format == "#,##0" and sheet.cell(de_ra - 1, 8).number_format == "General"
    )  # the unit column says "%"


def test_province_appendix_xlsx_holds_the_totals(province: Province) -> None:
    totals_sheet = load_workbook(province.out / f"{PREFIX}tong-hop.xlsx")[TOTALS_SHEET]
    _, rows = table(totals_sheet, 4)
    appendix = read_appendix_xlsx(province.out / f"{PREFIX}phu-luc.xlsx")
    assert list(appendix) == [row.id for row in form().rows]
    for row in form().rows:
        value, note = appendix[row.id]
        total, total_note = rows[row.id][7], rows[row.id][8]
        if row.kind is RowKind.CODED:
            assert value is None and note == "\n".join(filter(None, [total, total_note])), row.id
        else:
            assert (value, note) == (total, total_note), row.id
    sheet = load_workbook(province.out / f"{PREFIX}phu-luc.xlsx").worksheets[0]
    assert [sheet[f"A{i}"].value for i in (1, 2, 3)] == [
        "PHỤ LỤC",
        "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ QUÝ III NĂM 2022 CỦA CÁC CƠ QUAN, ĐƠN VỊ TỈNH SÓC TRĂNG",
        "(Kèm theo Báo cáo số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-SNV ngày"
        + " \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0" * 1
        + " tháng \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 năm \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0"
        " của Sở Nội vụ tỉnh Sóc Trăng)",
    ]


def test_province_appendix_docx_holds_the_totals(province: Province) -> None:
    document = docx.Document(str(province.out / f"{PREFIX}phu-luc.docx"))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == [
        "PHỤ LỤC",
        "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ QUÝ III NĂM 2022 CỦA CÁC CƠ QUAN, ĐƠN VỊ TỈNH SÓC TRĂNG",
    ]
    _, rows = table(load_workbook(province.out / f"{PREFIX}tong-hop.xlsx")[TOTALS_SHEET], 4)
    body = document.tables[0].rows[2:]
    assert len(body) == len(form().rows)
    for table_row, row in zip(body, form().rows, strict=True):
        cells = [c.text for c in table_row.cells]
        total = rows[row.id][7]
        shown = "" if total is None or row.kind is RowKind.CODED else format_number(total)  # type: ignore[arg-type]
        assert cells[3] == shown, row.id
        note = "\n".join(filter(None, [total if row.kind is RowKind.CODED else None, rows[row.id][8]]))
        assert cells[4] == note, row.id


# -- inputs: Phụ lục XLSX, --previous, refusals -------------------------------------------------


@pytest.fixture
def three(tmp_path: Path) -> dict[str, Path]:
    return {a.slug: write_agency(tmp_path, a, i) for i, a in enumerate((ALPHA, BETA, GAMMA))}


def totals_of(folder: Path) -> dict[object, list[object]]:
    return table(load_workbook(folder / f"{PREFIX}tong-hop.xlsx")[TOTALS_SHEET], 4)[1]


def test_appendix_xlsx_inputs_give_the_same_totals(tmp_path: Path, three: dict[str, Path]) -> None:
    assert run_cli("appendix", three["alpha"], "--format", "xlsx", "-o", tmp_path / "alpha").exit_code == 0
    xlsx = tmp_path / "alpha" / "so-alpha-2022-q3-phu-luc.xlsx"
    from_yaml = run_cli("aggregate", *three.values(), "-o", tmp_path / "a")
    from_xlsx = run_cli("aggregate", xlsx, three["beta"], three["gamma"], "-o", tmp_path / "b")
    assert from_yaml.exit_code == 0 and from_xlsx.exit_code == 0, from_xlsx.output
    assert totals_of(tmp_path / "a") == totals_of(tmp_path / "b")
    status = load_workbook(tmp_path / "b" / f"{PREFIX}tong-hop.xlsx")[AGENCY_SHEET]
    assert [c.value for c in status[5]][:8] == [
        "1", "Sở Alpha tỉnh Sóc Trăng", "Sở Alpha", "10/BC-ALPHA", "15/9/2022", "Người Ký 0", "đã nộp", xlsx.name,
    ]  # fmt: skip


def test_text_in_a_value_cell_is_an_error_of_that_agency(tmp_path: Path, three: dict[str, Path]) -> None:
    run_cli("appendix", three["alpha"], "--format", "xlsx", "-o", tmp_path / "alpha")
    xlsx = tmp_path / "alpha" / "so-alpha-2022-q3-phu-luc.xlsx"
    workbook = load_workbook(xlsx)
    sheet = workbook.worksheets[0]
    row = next(c.row for c in sheet["F"] if c.value == "I.1.van_ban")
    sheet.cell(row, 4).value = "10 văn bản"
    workbook.save(xlsx)
    result = run_cli("aggregate", xlsx, three["beta"], three["gamma"], "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert (
        f"{xlsx}:{sheet.title}!D{row}: lỗi: I.1 'Số văn bản chỉ đạo CCHC đã ban hành': ô chứa chữ '10 văn bản'"
        " chứ không phải số; để trống nếu không báo cáo"
    ) in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == "Đã tổng hợp 2/3 cơ quan (đã nộp 2, có lỗi 1)."


def test_foreign_xlsx_is_refused(tmp_path: Path, three: dict[str, Path]) -> None:
    from openpyxl import Workbook

    foreign = tmp_path / "khac.xlsx"
    Workbook().save(foreign)
    result = run_cli("aggregate", foreign, *three.values(), "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert (
        f"{foreign}: lỗi: tệp Excel không có thông tin biểu mẫu, kỳ và cơ quan (thuộc tính cchc-docgen.*);"
        " chỉ tổng hợp được Phụ lục XLSX do cchc-docgen tạo (lệnh build hoặc appendix) hoặc tệp báo cáo YAML"
    ) in result.stderr.splitlines()


def test_the_province_appendix_is_not_compiled_again(tmp_path: Path, three: dict[str, Path]) -> None:
    assert run_cli("aggregate", *three.values(), "-o", tmp_path / "out").exit_code == 0
    again = tmp_path / "out" / f"{PREFIX}phu-luc.xlsx"
    compiled = tmp_path / "out" / f"{PREFIX}tong-hop.xlsx"
    result = run_cli("aggregate", *three.values(), again, compiled, "-o", tmp_path / "out2")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    assert errors == [
        f"{again}: lỗi: đây là Phụ lục tổng hợp của tỉnh (từ 3 cơ quan), không phải báo cáo của một cơ quan;"
        " không đưa vào tổng hợp lần nữa",
        f"{compiled}: lỗi: tệp Excel không có thông tin biểu mẫu, kỳ và cơ quan (thuộc tính cchc-docgen.*);"
        " chỉ tổng hợp được Phụ lục XLSX do cchc-docgen tạo (lệnh build hoặc appendix) hoặc tệp báo cáo YAML",
    ]
    assert totals_of(tmp_path / "out") == totals_of(tmp_path / "out2")  # counted once, as before


def test_identical_to_previous_period_is_warned(tmp_path: Path, three: dict[str, Path]) -> None:
    before = tmp_path / "truoc"
    before.mkdir()
    same = write_agency(before, Agency("alpha", ALPHA.full_name, 1, period="2022-Q2"), 0)
    other = write_agency(before, Agency("beta", BETA.full_name, 5, period="2022-Q2"), 1)
    result = run_cli("aggregate", *three.values(), "--previous", same, "--previous", other, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    repeats = [line for line in result.stderr.splitlines() if "giống hệt" in line]
    assert repeats == [
        f"{three['alpha']}: cảnh báo: Sở Alpha: mọi số liệu giống hệt quý II năm 2022 ({same});"
        " có phải gửi nhầm tệp cũ?"
    ]


def test_different_period_is_refused_naming_the_file(tmp_path: Path, three: dict[str, Path]) -> None:
    late = write_agency(tmp_path, Agency("late", "Sở Muộn tỉnh Sóc Trăng", 1, period="2022-Q4"), 3)
    out = tmp_path / "out"
    assert run_cli("aggregate", *three.values(), "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run_cli("aggregate", *three.values(), late, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{late}:{yaml_line(late, 'period')}: lỗi: kỳ báo cáo 2022-Q4 (quý IV năm 2022) khác kỳ 2022-Q3"
        f" (quý III năm 2022) của {three['alpha']}; chỉ tổng hợp được các báo cáo cùng kỳ"
    ]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the earlier outputs survive


def test_different_form_is_refused_naming_the_file(tmp_path: Path, three: dict[str, Path]) -> None:
    district = EXAMPLES["002"]
    result = run_cli("aggregate", *three.values(), district, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{district}:{yaml_line(district, 'form')}: lỗi: biểu mẫu 'soctrang-cap-huyen' khác biểu mẫu"
        f" 'soctrang-so-nganh' phiên bản 2022 của {three['alpha']}; chỉ tổng hợp được các báo cáo cùng biểu mẫu"
    ]
    assert not (tmp_path / "out").exists()


def test_different_form_version_is_refused(tmp_path: Path, three: dict[str, Path]) -> None:
    pinned = tmp_path / "moi.yaml"
    text = three["beta"].read_text(encoding="utf-8").replace("Sở Beta", "Sở Mới").replace("SỞ BETA", "SỞ MỚI")
    pinned.write_text(text.replace("  form: soctrang-so-nganh\n", "  form: soctrang-so-nganh\n  version: '2023'\n"))
    result = run_cli("aggregate", *three.values(), pinned, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{pinned}:{yaml_line(pinned, 'version')}: lỗi: biểu mẫu 'soctrang-so-nganh' phiên bản 2023 khác biểu mẫu"
        f" 'soctrang-so-nganh' phiên bản 2022 của {three['alpha']}; chỉ tổng hợp được các báo cáo cùng biểu mẫu"
    ]


def test_same_agency_twice_is_refused(tmp_path: Path, three: dict[str, Path]) -> None:
    again = tmp_path / "alpha-lan-2.yaml"
    again.write_text(three["alpha"].read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("aggregate", *three.values(), again, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{again}: lỗi: cơ quan 'Sở Alpha tỉnh Sóc Trăng' đã có báo cáo trong tệp {three['alpha']};"
        " mỗi cơ quan chỉ được một tệp mỗi kỳ"
    ]


def test_strict_stops_on_one_error_and_writes_nothing(tmp_path: Path, three: dict[str, Path]) -> None:
    bad = write_agency(tmp_path, EPSILON, 4)
    result = run_cli("aggregate", *three.values(), bad, "--strict", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:{yaml_line(bad, 'I.1.hoan_thanh')}: lỗi: I.1 'Số nhiệm vụ đã hoàn thành' (99) lớn hơn"
        " 'Số nhiệm vụ đề ra trong kế hoạch' (46)"
    ]
    assert not (tmp_path / "out").exists()


def test_province_needed_for_the_title(tmp_path: Path) -> None:
    district = EXAMPLES["002"]  # its parent is "ỦY BAN NHÂN DÂN": no province to read
    result = run_cli("aggregate", district, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"{district}: lỗi: không xác định được tên tỉnh cho tiêu đề Phụ lục tổng hợp; hãy dùng"
        " --province \"tỉnh …\" hoặc ghi 'province:' trong tệp danh sách --expect"
    )
    result = run_cli("aggregate", district, "--province", "tỉnh Sóc Trăng", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "out" / "tinh-soc-trang-2023-q1-soctrang-cap-huyen-phu-luc.xlsx").worksheets[0]
    assert sheet["A2"].value == (
        "SỐ LIỆU VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023 TRÊN ĐỊA BÀN TỈNH SÓC TRĂNG"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("agencies: []\n", "2: lỗi: 'agencies' phải là danh sách các cơ quan, mỗi cơ quan một dòng '- …'"),
        ("agencies:\n  - {ten: X}\n", "3: lỗi: trường không hợp lệ 'ten'"),
        ("agencies: [A, a]\n", "2: lỗi: cơ quan 'a' bị lặp (đã có ở dòng 2)"),
        ("agency: [A]\n", "2: lỗi: trường không hợp lệ 'agency' (có phải ý bạn là 'agencies'?)"),
    ],
)
def test_bad_agency_list(tmp_path: Path, three: dict[str, Path], text: str, message: str) -> None:
    listing = tmp_path / "danh-sach.yaml"
    listing.write_text("# danh sách\n" + text, encoding="utf-8")
    result = run_cli("aggregate", *three.values(), "--expect", listing, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line, rest = message.split(":", 1)
    assert f"{listing}:{line}:{rest}" in result.stderr.splitlines(), result.stderr


def agency_names(rows: Iterator[tuple[object, ...]]) -> list[object]:
    return [r[1] for r in rows]


def test_without_a_list_columns_follow_the_inputs(tmp_path: Path, three: dict[str, Path]) -> None:
    result = run_cli("aggregate", three["gamma"], three["alpha"], three["beta"], "-o", tmp_path / "out")
    assert result.exit_code == 0
    header = [c.value for c in load_workbook(tmp_path / "out" / f"{PREFIX}tong-hop.xlsx")[TOTALS_SHEET][4]]
    assert header[3:6] == ["Sở Gamma", "Sở Alpha", "Sở Beta"]


def test_agency_not_on_the_list_is_counted_and_named(tmp_path: Path, three: dict[str, Path]) -> None:
    listing = tmp_path / "danh-sach.yaml"
    listing.write_text('province: "tỉnh Sóc Trăng"\nagencies:\n  - "Sở Alpha tỉnh Sóc Trăng"\n', encoding="utf-8")
    result = run_cli("aggregate", *three.values(), "--expect", listing, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "cột Tổng" not in line] == [
        f"{three['beta']}: cảnh báo: cơ quan 'Sở Beta tỉnh Sóc Trăng' không có trong danh sách {listing};"
        " vẫn được tổng hợp",
        f"{three['gamma']}: cảnh báo: cơ quan 'Sở Gamma tỉnh Sóc Trăng' không có trong danh sách {listing};"
        " vẫn được tổng hợp",
        "Đã tổng hợp 3/3 cơ quan (đã nộp 3).",
    ]


def test_previous_file_with_errors_stops(tmp_path: Path, three: dict[str, Path]) -> None:
    before = tmp_path / "truoc"
    before.mkdir()
    bad = write_agency(
        before, Agency("alpha", ALPHA.full_name, 1, overrides={"I.1.hoan_thanh": 99}, period="2022-Q2"), 0
    )
    result = run_cli("aggregate", *three.values(), "--previous", bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:{yaml_line(bad, 'I.1.hoan_thanh')}: lỗi: I.1 'Số nhiệm vụ đã hoàn thành' (99) lớn hơn"
        " 'Số nhiệm vụ đề ra trong kế hoạch' (46)"
    ]
    assert not (tmp_path / "out").exists()
