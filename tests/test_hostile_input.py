"""Hostile and careless input: located messages, at once, and numbers read as they were typed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_docgen import load_checked
from cchc_docgen.cli import main
from cchc_docgen.report.refs import inline_runs
from cchc_docgen.report.wording import number_line

from .test_check import BASE, replace, run_check


def test_number_with_leading_zero_is_decimal(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(replace("  number: 174", "  number: 010"), encoding="utf-8")
    document = load_checked(path).report.document
    assert document.number == 10
    assert number_line(document) == "Số: 10/BC-STTTT"  # not 08 (YAML 1.1 octal)


def test_number_08_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(replace("  number: 174", "  number: 08"), encoding="utf-8")
    assert number_line(load_checked(path).report.document) == "Số: 08/BC-STTTT"


def test_appendix_values_with_leading_zeros_are_decimal(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(replace("I.1.de_ra: 46", "I.1.de_ra: 046").replace("I.1.hoan_thanh: 40", "I.1.hoan_thanh: 010"))
    values = load_checked(path).values
    assert (values["I.1.de_ra"].value, values["I.1.hoan_thanh"].value) == (46, 10)


def test_yes_is_not_a_boolean_where_a_number_belongs(tmp_path: Path) -> None:
    code, lines = run_check(tmp_path, replace("I.4.qua_han: 1", "I.4.qua_han: yes"))
    assert code == 1
    assert "r.yaml:25: lỗi: giá trị 'yes' không phải là số (viết 1 hoặc 0 cho Có/Không)" in lines


def test_true_is_quoted_as_typed(tmp_path: Path) -> None:
    _, lines = run_check(tmp_path, replace("I.4.qua_han: 1", "I.4.qua_han: true"))
    assert "r.yaml:25: lỗi: giá trị 'true' không phải là số (viết 1 hoặc 0 cho Có/Không)" in lines


def test_text_fields_keep_what_was_typed(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    text = replace('  place: "Sóc Trăng"', "  place: 010").replace('["Lưu: VT"]', "[yes, 1.10, 2023-01-05]")
    path.write_text(text, encoding="utf-8")
    report = load_checked(path).report
    assert report.agency.place == "010"
    assert report.signature.distribution == ("yes", "1.10", "2023-01-05")


def test_yes_no_are_accepted_for_true_false_fields(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(replace("  date: 2022-09-15", "  date: 2022-09-15\n  draft: yes"), encoding="utf-8")
    assert load_checked(path).report.document.draft is True


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!binary eHg=", "r.yaml:21: lỗi: không hỗ trợ thẻ YAML 'tag:yaml.org,2002:binary'; hãy bỏ thẻ đó"),
        ("!!int abc", "r.yaml:21: lỗi: không hỗ trợ thẻ YAML 'tag:yaml.org,2002:int'; hãy bỏ thẻ đó"),
        ("!!python/object:os.system x",
         "r.yaml:21: lỗi: không hỗ trợ thẻ YAML 'tag:yaml.org,2002:python/object:os.system'; hãy bỏ thẻ đó"),
        ("0x1F", "r.yaml:21: lỗi: giá trị '0x1F' không phải là số; để trống (~) nếu không báo cáo"),
    ],
)  # fmt: skip
def test_yaml_traps_in_a_value(tmp_path: Path, value: str, message: str) -> None:
    code, lines = run_check(tmp_path, replace("I.1.de_ra: 46", f"I.1.de_ra: {value}"))
    assert code == 1
    assert message in lines


def test_impossible_date_is_quoted(tmp_path: Path) -> None:
    code, lines = run_check(tmp_path, replace("  date: 2022-09-15", "  date: 2022-02-30"))
    assert code == 1
    assert any(line.startswith("r.yaml:10: lỗi: ngày '2022-02-30' không hợp lệ;") for line in lines)


@pytest.mark.parametrize("depth", [1_000, 200_000])
def test_deep_nesting_is_refused_at_once(tmp_path: Path, depth: int) -> None:
    start = time.perf_counter()
    code, lines = run_check(tmp_path, BASE + "closing: " + "[" * depth + "]" * depth + "\n")
    assert time.perf_counter() - start < 2
    assert code == 1
    assert lines[0] == "r.yaml:28: lỗi: các mục lồng nhau quá sâu (quá 64 cấp)"


def test_scalar_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['s: &s "' + "lol" * 10_000 + '"', "a: [" + ", ".join(["*s"] * 100_000) + "]"]
    start = time.perf_counter()
    code, out = run_check(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert (code, out[0]) == (1, "r.yaml:1: lỗi: không hỗ trợ neo/bí danh YAML (&, *); hãy viết đầy đủ nội dung")


def test_two_byte_order_marks(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + BASE.encode("utf-8"))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{path}:1: lỗi: ở đầu tệp có hai dấu BOM; hãy mở bằng Notepad và lưu lại với Mã hóa: UTF-8"
    )


def test_raw_escape_character_pasted_from_a_chat(tmp_path: Path) -> None:
    code, lines = run_check(tmp_path, replace('"Sóc Trăng"', '"Sóc \x1b[0mTrăng"'))
    assert (code, lines[0]) == (
        1,
        "r.yaml:5: lỗi: có ký tự điều khiển không hợp lệ U+001B (thường do dán từ nơi khác); hãy xóa ký tự đó",
    )
    assert len(lines) == 2  # one message, then the summary


def test_device_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "/dev/zero"])
    assert result.exit_code == 1
    assert "/dev/zero: lỗi: đây không phải một tệp thông thường (thiết bị, FIFO…)" in result.output


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "r.yaml"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["check", str(fifo)])
    assert result.exit_code == 1
    assert f"{fifo}: lỗi: đây không phải một tệp thông thường (thiết bị, FIFO…)" in result.output


TABLE = """\
narrative:
  - title: "Kết quả"
    content:
      - table:
          header: [HEADER]
          rows: [ROWS]
"""


def with_table(header: str, rows: str) -> str:
    narrative = TABLE.replace("HEADER", header).replace("ROWS", rows)
    start = BASE.index("narrative:")
    end = BASE.index("signature:")
    return BASE[:start] + narrative + BASE[end:]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            replace("  date: 2022-09-15", "  date: 2022-09-15\n  subject: " + "x" * 256),
            "r.yaml:11: lỗi: trích yếu (subject) dài 256 ký tự; tối đa 255 ký tự",
        ),
        (
            replace('  name: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"', "  name: " + "S" * 20_000),
            "r.yaml:3: lỗi: tên cơ quan dài 20000 ký tự; tối đa 300 ký tự",
        ),
        (
            replace("I.1.de_ra: 46", 'I.1.de_ra: {value: 46, note: "' + "n" * 32_768 + '"}'),
            "r.yaml:21: lỗi: ghi chú (note) dài 32768 ký tự; tối đa 32767 ký tự",
        ),
        (
            with_table('[{text: "A", colspan: 20000}]', '["x"]'),
            "r.yaml:15: lỗi: colspan phải là số nguyên từ 1 đến 1000",
        ),
        (
            with_table('[{text: "A", rowspan: 100000000}]', '["x"]'),
            "r.yaml:15: lỗi: rowspan phải là số nguyên từ 1 đến 1000",
        ),
        (
            with_table('[{text: "A", rowspan: 5}]', '["x"]'),
            "r.yaml:14: lỗi: dòng 1 của bảng có rowspan vượt quá số dòng còn lại của bảng",
        ),
        (
            with_table("[" + ", ".join(["c"] * 64) + "]", "[" + ", ".join(["1"] * 64) + "]"),
            "r.yaml:14: lỗi: bảng có 64 cột; Word chỉ cho tối đa 63 cột",
        ),
        (
            replace("appendix:\n", 'appendix:\n  heading: "\'Phụ lục"\n'),
            "r.yaml:19: lỗi: heading không được bắt đầu hay kết thúc bằng dấu nháy đơn (')",
        ),
    ],
    ids=[
        "subject-256",
        "agency-20000",
        "note-32768",
        "colspan",
        "rowspan",
        "rowspan-past-end",
        "64-columns",
        "sheet",
    ],
)
def test_sizes_no_real_report_has(tmp_path: Path, text: str, message: str) -> None:
    start = time.perf_counter()
    code, lines = run_check(tmp_path, text)
    assert time.perf_counter() - start < 2
    assert code == 1
    assert message in lines, "\n".join(lines)


def test_27th_lettered_item(tmp_path: Path) -> None:
    items = ", ".join(f'"ý {i}"' for i in range(27))
    code, lines = run_check(
        tmp_path, replace("      - 'Hoàn thành", f"      - {{list: [{items}], marker: a)}}\n      - 'Hoàn thành")
    )
    assert code == 1
    assert "r.yaml:14: lỗi: danh sách a) chỉ có a) đến z) (26 mục); dùng marker '1.'" in lines


def test_27th_lettered_section(tmp_path: Path) -> None:
    sections = "".join(f'\n      - {{title: "Mục {i}"}}' for i in range(27))
    text = replace('  - title: "Kết quả"\n', '  - title: "Kết quả"\n    letters: true\n').replace(
        "    content:\n", "    content:" + sections + "\n", 1
    )
    code, lines = run_check(tmp_path, text)
    assert code == 1
    assert any("lỗi: mục đánh chữ chỉ có a) đến z) (26 mục); hãy chia thành nhiều mục" in line for line in lines)


@pytest.mark.parametrize("text", ["*a " * 50_000, "**a " * 50_000, "a *b" * 50_000, "_*a_ " * 50_000])
def test_many_stars_are_split_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    runs = inline_runs(text)
    assert time.perf_counter() - start < 2
    assert "".join(run.text for run in runs) == text  # no closing mark: every star stays as typed


def skeleton(tmp_path: Path, draft: bool) -> Path:
    path = tmp_path / "r.yaml"
    result = CliRunner().invoke(main, ["init", "--form", "soctrang-so-nganh", "--period", "2024-Q1", "-o", str(path)])
    assert result.exit_code == 0, result.output
    if not draft:
        text = path.read_text(encoding="utf-8")
        assert "  draft: true" in text
        path.write_text(text.replace("  draft: true", "  draft: false"), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    """The number of the first line of `path` starting with `start`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(start))


def test_untouched_skeleton_is_an_error_outside_a_draft(tmp_path: Path) -> None:
    path = skeleton(tmp_path, draft=False)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    lines = result.output.replace(str(path), "r.yaml").splitlines()
    advice = "hãy điền nội dung thật (hoặc ghi 'draft: true' nếu còn là dự thảo)"
    name, recipient = line_of(path, "  name:"), line_of(path, '    - "Sở Nội vụ')
    assert f"r.yaml:{name}: lỗi: 'name' còn chỗ trống '…' của tệp mẫu: “SỞ …”; {advice}" in lines
    assert f"r.yaml:{recipient}: lỗi: 'recipients' còn chỗ trống '…' của tệp mẫu: “Sở Nội vụ tỉnh …”; {advice}" in lines
    assert any(line.startswith("r.yaml:") and ": lỗi: phụ lục chưa có số liệu nào; hãy điền" in line for line in lines)


def test_untouched_skeleton_is_a_warning_in_a_draft(tmp_path: Path) -> None:
    path = skeleton(tmp_path, draft=True)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.replace(str(path), "r.yaml").splitlines()
    name = line_of(path, "  name:")
    assert f"r.yaml:{name}: cảnh báo: 'name' còn chỗ trống '…' của tệp mẫu: “SỞ …”; hãy điền nội dung thật" in lines


def test_an_ellipsis_closing_a_word_is_real_text(tmp_path: Path) -> None:
    code, lines = run_check(tmp_path, replace("nhiệm vụ.'", "nhiệm vụ, họp chi bộ…'"))
    assert (code, lines) == (0, ["Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo."])


def test_symbol_without_bc_is_a_warning(tmp_path: Path) -> None:
    code, lines = run_check(tmp_path, replace("symbol: BC-STTTT", "symbol: STTTT-VP"))
    assert code == 0
    assert lines[0] == (
        "r.yaml:9: cảnh báo: ký hiệu 'STTTT-VP' không bắt đầu bằng 'BC-' (Nghị định 30/2020: Báo cáo viết tắt"
        " là BC, ví dụ BC-UBND)"
    )
