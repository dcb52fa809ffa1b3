"""Digit strings no figure has (thousands of digits, other scripts' digits, leading zeros) and the
other odd input of the same review: one located message each, never "lỗi bên trong chương trình"."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cchc_docgen import load_checked
from cchc_docgen.cli import main
from cchc_docgen.core.located_yaml import LONGEST_NUMBER
from cchc_docgen.forms.stt_width import CELL_PADDING_PT, NARROWEST_TABLE_PT, TABLE_PT
from cchc_docgen.render import appendix_docx, appendix_xlsx
from cchc_docgen.report.parse import split_qualified
from cchc_docgen.report.period import Period

from .conftest import EXAMPLES
from .test_check import BASE, replace, run_check
from .test_forms_and_init import REPORT, SMALL_FORM

BIG = "1" * 5000  # past Python's 4 300-digit limit on int("…")
TOO_BIG = "quá lớn (tối đa 1.000.000.000.000); hãy kiểm tra lại"
SHOWN = "1" * 40 + "…"  # how a message quotes a long value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        pytest.param(BIG, f"giá trị {SHOWN} {TOO_BIG}", id="unquoted"),
        pytest.param(f'"{BIG}"', f"giá trị {SHOWN} {TOO_BIG}", id="quoted"),
        pytest.param("-" + BIG, f"giá trị -{'1' * 39}… {TOO_BIG}", id="negative"),
        pytest.param(f"'{BIG}%'", f"giá trị {SHOWN} {TOO_BIG}", id="percent"),
        pytest.param(f'"{BIG} (lượt)"', f"giá trị {SHOWN} {TOO_BIG}", id="with-qualifier"),
        pytest.param(f"{{value: {BIG}, note: x}}", f"giá trị {SHOWN} {TOO_BIG}", id="value-key"),
        pytest.param(f'"{"١" * 5000}"', f"giá trị {'١' * 40}… {TOO_BIG}", id="arabic-indic"),
        pytest.param(f'"{"１" * 5000}"', f"giá trị {'１' * 40}… {TOO_BIG}", id="full-width"),
        pytest.param(f'"1.{".".join(["000"] * 1500)}"', f"giá trị {('1' + '.000' * 10)[:40]}… {TOO_BIG}",
                     id="thousands-dots"),
        pytest.param(BIG + ".5", f"giá trị {SHOWN} {TOO_BIG}", id="decimal-point"),
        pytest.param("1" * 16, "giá trị 1111111111111111 " + TOO_BIG, id="sixteen-digits"),
        pytest.param('"1,' + "5" * 5000 + '"',
                     f"giá trị '1,{'5' * 38}…' có 5001 chữ số; số liệu của Phụ lục có nhiều nhất 15 chữ số"
                     " (hãy làm tròn, ví dụ 47,37)", id="long-fraction"),
    ],
)  # fmt: skip
def test_huge_value_is_one_located_error(tmp_path: Path, typed: str, message: str) -> None:
    code, lines = run_check(tmp_path, replace("I.1.de_ra: 46", f"I.1.de_ra: {typed}"))
    assert code == 1
    assert lines == [f"r.yaml:21: lỗi: {message}", "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo."]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0" * 5000 + "46", 46), ('"' + "0" * 5000 + '46"', 46), ('"٤٦"', 46), ('"-0"', 0), ('"００,５"', 0.5)],
    ids=["leading-zeros", "quoted-leading-zeros", "arabic-indic", "minus-zero", "full-width-decimal"],
)
def test_odd_but_small_numbers_are_read(tmp_path: Path, typed: str, value: float) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(replace("I.4.qua_han: 1", f"I.4.qua_han: 1\n    I.3.ty_le: {typed}"), encoding="utf-8")
    assert load_checked(path).values["I.3.ty_le"].value == value


def test_long_digit_string_stays_text_where_text_belongs(tmp_path: Path) -> None:
    """The loader reads no plain scalar longer than LONGEST_NUMBER as a number: a table cell keeps it."""
    path = tmp_path / "r.yaml"
    path.write_text(replace("      - 'Hoàn", f"      - table: {{rows: [[{BIG}, b]]}}\n      - 'Hoàn"), encoding="utf-8")
    table = load_checked(path).report.narrative[0].content[0]
    assert table.rows[0][0].text == BIG  # type: ignore[union-attr]
    assert LONGEST_NUMBER == 100


@pytest.mark.parametrize("typed", [BIG, f'"{BIG}"', "1" * 10], ids=["unquoted", "quoted", "ten-digits"])
def test_huge_document_number_is_one_message(tmp_path: Path, typed: str) -> None:
    code, lines = run_check(tmp_path, replace("  number: 174", f"  number: {typed}"))
    shown = typed.strip('"')
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    assert code == 1
    assert lines == [
        f"r.yaml:8: lỗi: số văn bản '{shown}' quá lớn (tối đa 9 chữ số)",
        "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo.",
    ]  # and no "chưa có số … draft: true" warning for the same mistake


def test_impossible_date_is_one_message(tmp_path: Path) -> None:
    code, lines = run_check(tmp_path, replace("  date: 2022-09-15", "  date: 2023-02-31"))
    assert code == 1
    assert lines == [
        "r.yaml:10: lỗi: ngày '2023-02-31' không hợp lệ; viết YYYY-MM-DD (2023-03-16), hoặc YYYY-MM (2023-12)"
        " khi chưa có ngày",
        "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo.",
    ]


def test_missing_date_is_still_a_warning(tmp_path: Path) -> None:
    _, lines = run_check(tmp_path, replace("  date: 2022-09-15\n", ""))
    warning = "văn bản chưa có ngày nhưng không ghi 'draft: true' (sẽ in chỗ trống để điền tay)"
    assert f"r.yaml:7: cảnh báo: {warning}" in lines


@pytest.mark.parametrize("code", ["0000-Q1", "0001-NAM", "9999-Q4"])
def test_period_year_out_of_range(tmp_path: Path, code: str) -> None:
    exit_code, lines = run_check(tmp_path, replace("period: 2022-Q3", f"period: {code}"))
    assert exit_code == 1
    assert lines == [
        f"r.yaml:6: lỗi: kỳ báo cáo '{code}' không hợp lệ: năm {code[:4]} phải từ 1900 đến 2999",
        "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo.",
    ]


def test_period_bounds_give_real_windows() -> None:
    for code in ("1900-Q1", "1900-NAM", "2999-Q4", "2999-NAM", "2999-9T"):
        period = Period.parse(code)
        assert period.default_window().start < period.default_window().end
        assert period.next().default_window().end.year <= 3000


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        pytest.param(f'- title: a\n        number: "{BIG}"\n        content: [x]', 14, None, id="section-number"),
        pytest.param(f"- 'Có {BIG}/2 việc, đạt 50%'", 14, None, id="fraction-in-text"),
        pytest.param(f"- {{list: [a], start: {BIG}}}", 14,
                     "start phải là số nguyên dương (số thứ tự của ý đầu tiên, ví dụ 3)", id="list-start"),
        pytest.param(f"- table: {{rows: [[{{text: a, colspan: {BIG}}}]]}}", 14,
                     "colspan phải là số nguyên từ 1 đến 1000", id="colspan"),
        pytest.param("- table: {rows: [[a, b]], widths: [.inf, 1]}", 14,
                     "widths phải là danh sách số dương, mỗi cột một số (độ rộng tương đối, ví dụ [1, 4, 3])",
                     id="infinite-width"),
    ],
)  # fmt: skip
def test_digits_in_narrative_places(tmp_path: Path, content: str, line: int, message: str | None) -> None:
    code, lines = run_check(tmp_path, replace("      - 'Hoàn", f"      {content}\n      - 'Hoàn"))
    if message is None:
        assert (code, lines) == (0, ["Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo."])
    else:
        assert (code, lines) == (1, [f"r.yaml:{line}: lỗi: {message}", "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo."])


_OLD_QUALIFIED = re.compile(r"^\s*([^()]*?\d[^()]*?)\s*(\(.*\))\s*$", re.DOTALL)


@given(st.text(st.sampled_from(["1", "٣", " ", "\n", "\t", "(", ")", "a", "ư", "\u00a0", ","]), max_size=14))
def test_split_qualified_is_the_old_pattern(text: str) -> None:
    """The scan replacing the regular expression (quadratic in a value's length) splits as it did."""
    match = _OLD_QUALIFIED.match(text)
    assert split_qualified(text) == ((match.group(1), match.group(2)) if match else (text, None))


def _form_check(tmp_path: Path, form: str) -> tuple[int, list[str]]:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "tinh-khac.yaml").write_text(form, encoding="utf-8")
    report = tmp_path / "r.yaml"
    report.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--forms-dir", str(forms), str(report)])
    return result.exit_code, [line.replace(str(forms) + "/", "") for line in result.output.splitlines()]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param('stt: "1"', f'stt: "{BIG}"',
                     f"tinh-khac.yaml:12: lỗi: số thứ tự '{SHOWN}' của 'A.1' có số quá dài (tối đa 9 chữ số)",
                     id="row-stt"),
        pytest.param('stt: "1.1."', f"stt: 1.{BIG}",
                     f"tinh-khac.yaml:13: lỗi: số thứ tự '1.{'1' * 38}…' của 'A.1.ke_hoach' có số quá dài (tối đa 9"
                     " chữ số)", id="sub-row-stt"),
        pytest.param('values: {1: "Có", 0: "Không"}', f'values: {{? {"1" * 1000}: "Có", 0: "Không"}}',
                     "tinh-khac.yaml:9: lỗi: bộ mã 'co_khong': mã có nhiều nhất 9 chữ số", id="code"),
    ],
)  # fmt: skip
def test_huge_numbers_in_a_form(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in SMALL_FORM
    code, lines = _form_check(tmp_path, SMALL_FORM.replace(old, new, 1))
    assert code == 1
    assert lines == [message, "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo."]


def test_stt_heading_too_wide_is_refused_in_the_form(tmp_path: Path) -> None:
    """A 40-character STT heading once made the label column negative (exit 3 in `build`)."""
    heading = "Số thứ tự các chỉ tiêu trong biểu mẫu đó"
    assert len(heading) == 40
    code, lines = _form_check(tmp_path, SMALL_FORM.replace('stt: "TT"', f'stt: "{heading}"'))
    assert code == 1
    assert lines == [
        f"tinh-khac.yaml:7: lỗi: tiêu đề cột STT '{heading}' quá dài, không in vừa một dòng của cột STT (cột chỉ"
        " tiêu phải còn ít nhất 15% bề rộng bảng); hãy viết ngắn hơn",
        "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo.",
    ]


def test_row_stt_too_wide_and_label_column_too_narrow(tmp_path: Path) -> None:
    form = SMALL_FORM.replace('stt: "Trong đó"', 'stt: "' + "Trong đó, " * 12 + '"')
    form = form.replace("orientation: landscape\n", "orientation: landscape\nlayout: {widths: [10, 5, 30, 30, 25]}\n")
    code, lines = _form_check(tmp_path, form)
    assert code == 1
    assert lines == [
        "tinh-khac.yaml:7: lỗi: widths: cột chỉ tiêu cần ít nhất 15% bề rộng bảng (đang là 5%)",
        "tinh-khac.yaml:15: lỗi: số thứ tự 'Trong đó, Trong đó, Trong đó, Trong đó, …' của 'A.1.xong' quá dài, không"
        " in vừa một dòng của cột STT (cột chỉ tiêu phải còn ít nhất 15% bề rộng bảng); hãy viết ngắn hơn",
        "Đã kiểm tra 1 tệp: 2 lỗi, 0 cảnh báo.",
    ]


def test_widest_stt_that_fits_builds_with_positive_widths(tmp_path: Path) -> None:
    """An STT heading just short of the limit builds, every column of both tables wider than nothing."""
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "tinh-khac.yaml").write_text(SMALL_FORM.replace('stt: "TT"', 'stt: "Số thứ tự chỉ tiêu"'), "utf-8")
    report = tmp_path / "r.yaml"
    report.write_text(REPORT.replace("A.1.xong: 12", "A.1.xong: 8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["appendix", "--forms-dir", str(forms), str(report), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    import openpyxl

    (xlsx,) = (tmp_path / "o").glob("*.xlsx")
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    assert all(sheet.column_dimensions[c].width > 5 for c in "ABCDE")


def test_narrowest_table_is_what_the_renderers_print() -> None:
    """The form's STT check measures against the tables the renderers really draw."""
    assert appendix_docx.TABLE_PT == appendix_xlsx.TABLE_PT == TABLE_PT
    assert appendix_docx._PADDING_PT == appendix_xlsx._PADDING_PT == CELL_PADDING_PT
    for orientation, units in appendix_xlsx._WIDTHS.items():
        assert sum(units) * appendix_xlsx._POINTS_PER_UNIT == NARROWEST_TABLE_PT[orientation]
    word = {"portrait": 210 - 30 - 15, "landscape": 297 - 30 - 15}  # A4 less the Nghị định 30 margins, mm
    for orientation, mm in word.items():
        assert mm / 25.4 * 72 >= NARROWEST_TABLE_PT[orientation]


@pytest.mark.parametrize(
    ("table", "messages"),
    [
        pytest.param("{header: [[]]}", ["r.yaml:14: lỗi: bảng: dòng 1 của header không có ô nào ([]); hãy viết các ô"
                                        " [ô, ô, …] hoặc xóa dòng đó"], id="empty-header"),
        pytest.param("{header: [[a]], rows: [[b], []]}", ["r.yaml:14: lỗi: bảng: dòng 2 của rows không có ô nào ([]);"
                                                          " hãy viết các ô [ô, ô, …] hoặc xóa dòng đó"],
                     id="empty-row"),
        pytest.param("{rows: [[b]], total: []}", ["r.yaml:14: lỗi: bảng: total không có ô nào ([]); hãy viết các ô"
                                                  " [ô, ô, …] hoặc xóa dòng đó"], id="empty-total"),
    ],
)  # fmt: skip
def test_table_row_without_cells_is_refused(tmp_path: Path, table: str, messages: list[str]) -> None:
    code, lines = run_check(tmp_path, replace("      - 'Hoàn", f"      - table: {table}\n      - 'Hoàn"))
    assert code == 1
    assert lines == [*messages, f"Đã kiểm tra 1 tệp: {len(messages)} lỗi, 0 cảnh báo."]


def _zip(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return path


EXCEL = (
    "đây là tệp Excel, không phải tệp YAML; Phụ lục Excel đã điền được đọc vào tệp báo cáo bằng lệnh"
    " 'cchc-docgen import PHỤ_LỤC.xlsx BÁO_CÁO.yaml' (tổng hợp nhiều Phụ lục: 'cchc-docgen aggregate')"
)
WORD = (
    "đây là tệp Word, không phải tệp YAML; cchc-docgen đọc tệp báo cáo .yaml và tạo ra tệp Word"
    " ('cchc-docgen build BÁO_CÁO.yaml'), không đọc tệp Word"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("r.xlsx", ["[Content_Types].xml", "xl/workbook.xml"], EXCEL, id="excel"),
        pytest.param("r.yaml", ["[Content_Types].xml", "word/document.xml"], WORD, id="word-named-yaml"),
        pytest.param("r.zip", ["a.txt"], "đây là tệp nén (zip), không phải tệp YAML; hãy đưa vào tệp báo cáo .yaml",
                     id="zip"),
        pytest.param("r.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                     "đây là tệp Word hoặc Excel kiểu cũ (.doc, .xls), không phải tệp YAML; cchc-docgen đọc tệp báo cáo"
                     " .yaml (Phụ lục Excel .xlsx do chương trình tạo: 'cchc-docgen import PHỤ_LỤC.xlsx"
                     " BÁO_CÁO.yaml')", id="old-office"),
        pytest.param("r.pdf", b"%PDF-1.7\n\xff\xfe", "đây là tệp PDF, không phải tệp YAML; cchc-docgen đọc tệp báo cáo"
                     " .yaml và tạo ra PDF (build --pdf)", id="pdf"),
        pytest.param("r.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "đây là tệp nhị phân (ảnh, tệp nén, tệp"
                     " chương trình…), không phải tệp YAML; hãy đưa vào tệp báo cáo .yaml", id="binary"),
    ],
)  # fmt: skip
def test_office_and_binary_files_are_named_not_re_encoded(
    tmp_path: Path, name: str, content: list[str] | bytes, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        _zip(path, content)
    for args in (["check", str(path)], ["diff", str(path), str(EXAMPLES["004"])]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        assert f"{path}: lỗi: {message}" in result.output.splitlines()
        assert "Notepad" not in result.output


def test_large_excel_file_is_named_before_its_size(tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "x")
        archive.writestr("xl/media/image1.bin", bytes(3 * 1024 * 1024))  # stored: the file is over 2 MB
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.output.splitlines()[0] == f"{path}: lỗi: {EXCEL}"


def test_utf16_without_byte_order_mark_and_one_stray_zero_byte(tmp_path: Path) -> None:
    utf16 = tmp_path / "u.yaml"
    utf16.write_bytes(BASE.encode("utf-16-le"))
    stray = tmp_path / "z.yaml"
    stray.write_bytes(BASE.replace("period:", "period:\x00", 1).encode("utf-8"))
    out = CliRunner().invoke(main, ["check", str(utf16), str(stray)]).output.splitlines()
    assert out[:2] == [
        f"{utf16}: lỗi: tệp được lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8)",
        f"{stray}:6: lỗi: có ký tự điều khiển không hợp lệ U+0000 (thường do dán từ nơi khác); hãy xóa ký tự đó",
    ]
