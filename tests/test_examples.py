"""The three real reports as examples: they check, and their numbers are the originals'."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_docgen import load_checked
from cchc_docgen.cli import main
from cchc_docgen.report.refs import plain_text

from .conftest import EXAMPLES

EXPECTED_WARNINGS = {
    "000": [
        # The draft's ký hiệu as the original wrote it; NĐ 30/2020 would write BC-STNMT.
        "2023-nam.yaml:20: cảnh báo: ký hiệu 'STNMT-VP' không bắt đầu bằng 'BC-' (Nghị định 30/2020: Báo cáo"
        " viết tắt là BC, ví dụ BC-UBND)",
        "2023-nam.yaml:100: cảnh báo: I.1 'Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)':"
        " giá trị nhập 86 khác giá trị tính được 86,36 = 19/22 × 100 ('Số nhiệm vụ đã hoàn thành' /"
        " 'Số nhiệm vụ đề ra trong kế hoạch')"
    ],
    "002": [
        "2023-q1.yaml:40: cảnh báo: lời văn ghi 8/20 (40%) nhưng phụ lục I.1 'Tỷ lệ hoàn thành Kế hoạch CCHC"
        ' năm (Lũy kế đến thời điểm báo cáo)\' là 9/19 (47,37%); hãy viết bằng tham chiếu {{ pl["I.1"] }}'
        " để hai nơi luôn khớp"
    ],
    "004": [],
}


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_example_checks_with_only_the_originals_known_warnings(key: str) -> None:
    path = EXAMPLES[key]
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    prefix = f"{path.parent}{os.sep}"
    warnings = [line.replace(prefix, "") for line in result.output.splitlines() if ": cảnh báo: " in line]
    assert warnings == EXPECTED_WARNINGS[key]


def test_check_runs_from_any_working_directory(tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check", *map(str, EXAMPLES.values())])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Đã kiểm tra 3 tệp: 0 lỗi, 3 cảnh báo."


def test_narrative_references_print_the_original_numbers() -> None:
    checked = load_checked(EXAMPLES["004"])
    printed = [plain_text(checked.text(t.raw)) for t in _all_texts(checked)]
    assert (
        "Tính đến thời điểm báo cáo, Sở đã và đang triển khai thực hiện 40/46 phần việc theo Kế hoạch CCHC"
        " năm 2022 của Sở (Kế hoạch số 02/KH-STTTT ngày 27/01/2022), đạt tỷ lệ 86,96%."
    ) in printed
    assert any(
        "Trong quý III (từ ngày 15/6/2022 đến 14/9/2022), Sở đã tiếp nhận trực tuyến 15 hồ sơ" in t for t in printed
    )
    cu_lao_dung = load_checked(EXAMPLES["002"])
    texts = [plain_text(cu_lao_dung.text(t.raw)) for t in _all_texts(cu_lao_dung)]
    assert any("tiếp nhận 1.145 hồ sơ thủ tục hành chính, đã giải quyết 611 hồ sơ" in t for t in texts)
    assert any("tinh giản biên chế được 02 viên chức, đạt 28,57% kế hoạch năm" in t for t in texts)


def test_appendix_values_are_the_originals() -> None:
    checked = load_checked(EXAMPLES["002"])
    values = {k: v.value for k, v in checked.values.items()}
    assert values["I.1"] == 47.37 and values["I.1.de_ra"] == 19 and values["I.1.hoan_thanh"] == 9
    assert values["III.6.huyen_tiep_nhan"] == 1145 and values["III.6.xa_tiep_nhan"] == 6530
    assert values["VII.6.chung_thu_so"] == 57
    assert values["I.4.qua_han"] is None  # blank stays blank, not 0
    sonnganh = load_checked(EXAMPLES["000"])
    assert sonnganh.values["III.6"].value == 81 and sonnganh.values["III.6"].computed == 81
    assert sonnganh.values["I.1"].value == 86 and sonnganh.values["I.1"].computed == 86.36
    assert sonnganh.values["VII.3.tong"].value == 5380


def _all_texts(checked):  # type: ignore[no-untyped-def]
    from cchc_docgen.report.checks import narrative_texts

    return list(narrative_texts(checked.report))
