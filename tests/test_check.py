"""`cchc-docgen check`: every check has a failing input asserting its exact line and message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from cchc_docgen.cli import main

from .conftest import run_cli

# A small valid report on the real sở/ban/ngành form. Line numbers below count from 1 here.
BASE = """\
agency:
  parent: "UBND TỈNH SÓC TRĂNG"
  name: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
  full_name: "Sở Thông tin và Truyền thông tỉnh Sóc Trăng"
  place: "Sóc Trăng"
period: 2022-Q3
document:
  number: 174
  symbol: BC-STTTT
  date: 2022-09-15
narrative:
  - title: "Kết quả"
    content:
      - 'Hoàn thành {{ pl["I.1.hoan_thanh"] }}/{{ pl["I.1.de_ra"] }} nhiệm vụ.'
signature:
  authority: "GIÁM ĐỐC"
  distribution: ["Lưu: VT"]
appendix:
  form: soctrang-so-nganh
  values:
    I.1.de_ra: 46
    I.1.hoan_thanh: 40
    I.4.duoc_giao: 10
    I.4.dung_han: 9
    I.4.qua_han: 1
    III.7.tiep_nhan: 331
    III.7.tra_ket_qua: 300
"""


def run_check(tmp_path: Path, text: str, name: str = "r.yaml") -> tuple[int, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    lines = [line.replace(str(path), name) for line in result.output.splitlines()]
    return result.exit_code, lines


def replace(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new)


def test_base_report_is_clean(tmp_path: Path) -> None:
    code, lines = run_check(tmp_path, BASE)
    assert lines == ["Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo."]
    assert code == 0


ERRORS = [
    pytest.param(
        replace("    I.4.qua_han: 1\n", "    I.4.qua_han: 1\n    I.1.de_ra: 50\n"),
        "r.yaml:26: lỗi: khóa 'I.1.de_ra' bị lặp (đã có ở dòng 21); giá trị sau sẽ đè giá trị trước"
        " — hãy xóa một trong hai",
        id="duplicate-value-key",
    ),
    pytest.param(
        replace("  symbol: BC-STTTT\n", "  symbol: BC-STTTT\n  symbol: BC-X\n"),
        "r.yaml:10: lỗi: khóa 'symbol' bị lặp (đã có ở dòng 9); giá trị sau sẽ đè giá trị trước"
        " — hãy xóa một trong hai",
        id="duplicate-document-key",
    ),
    pytest.param(
        replace("  place:", "  plase:"),
        "r.yaml:5: lỗi: trường không hợp lệ 'plase' trong 'agency' (có phải ý bạn là 'place'?)",
        id="unknown-field-hint",
    ),
    pytest.param(
        replace("    I.4.qua_han: 1\n", "    I.4.qua_han: 1\n    I.4.qua_hann: 2\n"),
        "r.yaml:26: lỗi: không có chỉ tiêu 'I.4.qua_hann' trong biểu mẫu soctrang-so-nganh"
        " (có phải ý bạn là 'I.4.qua_han'?)",
        id="unknown-indicator",
    ),
    pytest.param(
        replace("I.1.de_ra: 46", "I.1.de_ra: bốn mươi sáu"),
        "r.yaml:21: lỗi: giá trị 'bốn mươi sáu' không phải là số; để trống (~) nếu không báo cáo",
        id="text-for-number",
    ),
    pytest.param(
        replace("I.1.de_ra: 46", "I.1.de_ra: -46"),
        "r.yaml:21: lỗi: I.1 'Số nhiệm vụ đề ra trong kế hoạch': giá trị -46 không được âm",
        id="negative-count",
    ),
    pytest.param(
        replace("III.7.tiep_nhan: 331", "III.7.tiep_nhan: 1.145"),
        "r.yaml:26: lỗi: III.7 'Số lượng hồ sơ TTHC do cơ quan, đơn vị tiếp nhận': giá trị 1.145 phải là"
        " số nguyên; nếu ý bạn là 1.145, hãy viết 1145 (không dùng dấu chấm ngăn cách hàng nghìn)",
        id="thousands-dot-in-count",
    ),
    pytest.param(
        replace("    I.4.qua_han: 1\n", "    I.4.qua_han: 1\n    I.7.hai_long: 101\n"),
        "r.yaml:26: lỗi: I.7 'Tỷ lệ hài lòng trong kỳ báo cáo': tỷ lệ 101% phải nằm trong khoảng 0 đến 100",
        id="percent-over-100",
    ),
    pytest.param(
        replace("    I.4.qua_han: 1\n", "    I.4.qua_han: 1\n    I.5: 2\n"),
        "r.yaml:26: lỗi: I.5 'Có sáng kiến, giải pháp mới về CCHC': mã 2 không hợp lệ; chỉ nhận 0 (Không), 1 (Có)",
        id="code-outside-set",
    ),
    pytest.param(
        replace("III.7.tra_ket_qua: 300", "III.7.tra_ket_qua: 354"),
        "r.yaml:27: lỗi: III.7 'Số lượng hồ sơ TTHC do cơ quan, đơn vị trả kết quả' (354) lớn hơn"
        " 'Số lượng hồ sơ TTHC do cơ quan, đơn vị tiếp nhận' (331)",
        id="returned-over-received",
    ),
    pytest.param(
        replace("I.1.hoan_thanh: 40", "I.1.hoan_thanh: 47"),
        "r.yaml:22: lỗi: I.1 'Số nhiệm vụ đã hoàn thành' (47) lớn hơn 'Số nhiệm vụ đề ra trong kế hoạch' (46)",
        id="done-over-planned",
    ),
    pytest.param(
        # Report 004 had 09 on time + 01 late = 10 assigned; one more late task breaks it.
        replace("I.4.qua_han: 1", "I.4.qua_han: 2"),
        "r.yaml:24: lỗi: I.4: 'Số nhiệm vụ đã hoàn thành đúng hạn' (9) + 'Số nhiệm vụ đã hoàn thành nhưng"
        " quá hạn' (2) = 11 lớn hơn 'Tổng số nhiệm vụ được giao' (10)",
        id="parts-over-whole",
    ),
    pytest.param(
        replace('{{ pl["I.1.de_ra"] }}', '{{ pl["I.1.de_raa"] }}'),
        'r.yaml:14: lỗi: tham chiếu pl["I.1.de_raa"]: không có chỉ tiêu này trong biểu mẫu'
        " soctrang-so-nganh (có phải ý bạn là 'I.1.de_ra'?)",
        id="reference-unknown",
    ),
    pytest.param(
        replace('{{ pl["I.1.de_ra"] }}', '{{ pl["I.2.phat_hien"] }}'),
        "r.yaml:14: lỗi: tham chiếu pl[\"I.2.phat_hien\"]: I.2 'Số vấn đề phát hiện qua kiểm tra'"
        " chưa có giá trị trong phụ lục",
        id="reference-blank-value",
    ),
    pytest.param(
        replace('{{ pl["I.1.de_ra"] }}', "{{ cycler.__init__.__globals__ }}"),
        "r.yaml:14: lỗi: '{{ cycler.__init__.__globals__ }}' không hợp lệ; chỉ được viết tham chiếu giá trị:"
        ' {{ pl["I.1"] }}, {{ pl["I.1"] | thap_phan(2) }}, {{ pl["I.1"] | hai_chu_so }}, {{ ky.ten }},'
        " {{ ky.tu_ngay }}, {{ ky.den_ngay }}",
        id="expression-refused",
    ),
    pytest.param(
        replace("Hoàn thành {{", "{% for x in y %}{{"),
        "r.yaml:14: lỗi: '{%' không được dùng trong văn bản; chỉ được viết tham chiếu giá trị:"
        ' {{ pl["I.1"] }}, {{ pl["I.1"] | thap_phan(2) }}, {{ pl["I.1"] | hai_chu_so }}, {{ ky.ten }},'
        " {{ ky.tu_ngay }}, {{ ky.den_ngay }}",
        id="statement-refused",
    ),
    pytest.param(
        replace("I.1.de_ra: 46", "I.1.de_ra: 1.0e+26"),
        "r.yaml:21: lỗi: giá trị 1.0e+26 quá lớn (tối đa 1.000.000.000.000); hãy kiểm tra lại",
        id="huge-number",
    ),
    pytest.param(
        replace("period: 2022-Q3", "period: 2022-Q5"),
        "r.yaml:6: lỗi: kỳ báo cáo '2022-Q5' không hợp lệ; dùng một trong: YYYY-Q1 … YYYY-Q4 (quý),"
        " YYYY-6T (6 tháng), YYYY-9T (9 tháng), YYYY-NAM (năm)",
        id="bad-period",
    ),
    pytest.param(
        replace("  date: 2022-09-15", "  date: 15/9/2022"),
        "r.yaml:10: lỗi: ngày '15/9/2022' không hợp lệ; viết YYYY-MM-DD (2023-03-16), hoặc YYYY-MM"
        " (2023-12) khi chưa có ngày",
        id="bad-date",
    ),
    pytest.param(
        replace('  place: "Sóc Trăng"', "  place: Sóc Trăng: tỉnh"),
        "r.yaml:5: lỗi: lỗi cú pháp YAML: không được dùng dấu ':' ở đây (hãy đặt đoạn văn có dấu ':' trong"
        " dấu ngoặc kép)",
        id="yaml-syntax",
    ),
    pytest.param(
        replace("    I.4.qua_han: 1\n", '    I.4.qua_han: 1\n    I.1.de_ra2: {value: 3, unit: "%"}\n'),
        "r.yaml:26: lỗi: trường không hợp lệ 'unit'; chỉ dùng value, note, qualifier, blank",
        # Report 002 typed unit "%" on a task count: units belong to the form, not the report.
        id="unit-not-settable",
    ),
    pytest.param(
        replace("  form: soctrang-so-nganh", "  form: soctrang-so-ngành"),
        "r.yaml:19: lỗi: không có biểu mẫu 'soctrang-so-ngành' (có phải ý bạn là 'soctrang-so-nganh'?);"
        " các biểu mẫu hiện có: soctrang-cap-huyen, soctrang-so-nganh",
        id="unknown-form",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_error_is_reported_with_line(tmp_path: Path, text: str, expected: str) -> None:
    code, lines = run_check(tmp_path, text)
    assert expected in lines, "\n".join(lines)
    assert code == 1


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = replace("I.1.de_ra: 46", "I.1.de_ra: -1").replace("  place:", "  plase:")
    code, lines = run_check(tmp_path, text)
    assert code == 1
    assert sum(": lỗi: " in line for line in lines) == 3  # negative, unknown field, missing place
    assert lines[-1] == "Đã kiểm tra 1 tệp: 3 lỗi, 0 cảnh báo."


WARNINGS = [
    pytest.param(
        # Report 000: 86 typed, while 19/22 = 86,36.
        replace("I.1.de_ra: 46\n    I.1.hoan_thanh: 40", "I.1: 86\n    I.1.de_ra: 22\n    I.1.hoan_thanh: 19"),
        "r.yaml:21: cảnh báo: I.1 'Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)':"
        " giá trị nhập 86 khác giá trị tính được 86,36 = 19/22 × 100 ('Số nhiệm vụ đã hoàn thành' /"
        " 'Số nhiệm vụ đề ra trong kế hoạch')",
        id="typed-ratio-disagrees",
    ),
    pytest.param(
        # Report 000: 81 = 80 + 1 is right; 82 is not.
        replace(
            "    I.4.qua_han: 1\n",
            "    I.4.qua_han: 1\n    III.6: 82\n    III.6.cung_cap: 80\n    III.6.giua_cac_cap: 1\n",
        ),
        "r.yaml:26: cảnh báo: III.6 'Thực hiện cơ chế một cửa, một cửa liên thông': giá trị nhập 82 khác"
        " giá trị tính được 81 = 80 + 1 (tổng các chỉ tiêu con)",
        id="typed-sum-disagrees",
    ),
    pytest.param(
        replace("  number: 174\n", ""),
        "r.yaml:7: cảnh báo: văn bản chưa có số nhưng không ghi 'draft: true' (sẽ in chỗ trống để điền tay)",
        id="draft-not-marked",
    ),
]


@pytest.mark.parametrize(("text", "expected"), WARNINGS)
def test_warning_keeps_exit_zero(tmp_path: Path, text: str, expected: str) -> None:
    code, lines = run_check(tmp_path, text)
    assert expected in lines, "\n".join(lines)
    assert code == 0


def test_matching_derived_values_are_silent(tmp_path: Path) -> None:
    text = replace(
        "    I.4.qua_han: 1\n",
        "    I.4.qua_han: 1\n    I.1: 86.96\n    III.6: 81\n    III.6.cung_cap: 80\n    III.6.giua_cac_cap: 1\n",
    )
    code, lines = run_check(tmp_path, text)
    assert lines == ["Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo."]
    assert code == 0


def test_braces_outside_narrative_are_not_interpreted(tmp_path: Path) -> None:
    """Only the narrative is a template: a name with braces is printed as typed, the narrative's
    braces are filled in."""
    text = replace('  full_name: "Sở Thông tin và Truyền thông tỉnh Sóc Trăng"', '  full_name: "Sở {{ 7*7 }} {% x %}"')
    code, lines = run_check(tmp_path, text)
    assert (code, lines) == (0, ["Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo."])
    out = tmp_path / "out"
    result = run_cli("build", tmp_path / "r.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    (appendix,) = out.glob("*-phu-luc.docx")
    assert [p.text for p in docx.Document(str(appendix)).paragraphs][2] == (
        "(Kèm theo Báo cáo số 174/BC-STTTT ngày 15 tháng 9 năm 2022 của Sở {{ 7*7 }} {% x %})"
    )
    (report,) = out.glob("*-bao-cao.docx")
    assert "Hoàn thành 40/46 nhiệm vụ." in [p.text for p in docx.Document(str(report)).paragraphs]


def test_several_files_and_missing_file(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(good), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.yaml'}: lỗi: không tìm thấy tệp" in result.output.splitlines()


def test_alias_refused(tmp_path: Path) -> None:
    text = BASE + "extra: &a [1, 2]\n"
    text = textwrap.dedent(text).replace('  distribution: ["Lưu: VT"]', '  distribution: &d ["Lưu: VT"]\n  name: *d')
    code, lines = run_check(tmp_path, text)
    assert code == 1
    assert any("không hỗ trợ neo/bí danh YAML (&, *)" in line for line in lines), lines
