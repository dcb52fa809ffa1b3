"""Form versions by effective date, dotted numbering, quoted ids, field validation and bound rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cchc_docgen.cli import main
from cchc_docgen.core.errors import FormError
from cchc_docgen.forms import load_form, load_form_file, select_version
from cchc_docgen.report.analysis import analyze, load_checked

from .conftest import AGENCY_X, EXAMPLES, SIGNED_GIAM_DOC

TTTT_2022 = EXAMPLES["004"]
TNMT_2023 = EXAMPLES["000"]

#: Row labels the signed 2022 report (174/BC-STTTT) prints where the 2023 form is reworded.
LABELS_2022 = {
    "I.8": "Việc chấp hành Chỉ thị 10/CT-UBND của Chủ tịch UBND tỉnh, Chỉ thị 10/CT-TTg và Chỉ thị"
    " 26/CT-TTg của Thủ tướng Chính phủ về kỷ luật, kỷ cương hành chính",
    "VII": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
}
LABELS_2023 = {
    "I.8": "Việc chấp hành Chỉ thị 10 của Chủ tịch UBND tỉnh, Chỉ thị 10 và Chỉ thị 26 của Thủ tướng"
    " Chính phủ về kỷ luật, kỷ cương hành chính",
    "VII": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
}

FORM = """\
id: thu
name: "Biểu thử"
title: "BIỂU THỬ {KY}"
version: "2024"
effective: 2024-01-01
columns: {value: "Kết quả"}
rows:
  - {id: A, stt: "I", label: "Mục A", kind: section}
  - {id: "1", stt: "1.", label: "Nhóm một", kind: group}
  - {id: "1.1", stt: "1.1.", label: "Chỉ tiêu một chấm một", unit: "Việc", kind: count}
  - {id: "1.2", stt: "1.2.", label: "Nhóm", kind: group}
  - {id: "1.2.1", stt: "1.2.1.", label: "Con thứ nhất", unit: "Việc", kind: count}
  - {id: "1.2.2", stt: "1.2.2.", label: "Con thứ hai", unit: "Việc", kind: count}
  - {id: "1.10", stt: "1.3.", label: "Chỉ tiêu mã 1.10", unit: "Việc", kind: count,
     parts: [["1.2.1", "1.2.2"], ["1.1"]]}
rules:
  - {sum: ["1.2.1", "1.2.2"], max: "1.1"}
versions:
  - version: "2023"
    effective: 2023-01-01
    columns: {value: "Số liệu"}
    rows:
      "1.1": {label: "Nhãn năm 2023"}
"""

REPORT = f"""\
{AGENCY_X}
period: PERIOD
document: {{symbol: BC-SX, draft: true}}
{SIGNED_GIAM_DOC}
appendix:
  form: thu
  values:
VALUES"""


def write(tmp_path: Path, form: str = FORM, period: str = "2024-Q1", values: str = "") -> tuple[Path, Path]:
    forms = tmp_path / "forms"
    forms.mkdir(exist_ok=True)
    (forms / "thu.yaml").write_text(form, encoding="utf-8")
    report = tmp_path / "r.yaml"
    report.write_text(REPORT.replace("PERIOD", period).replace("VALUES", values), encoding="utf-8")
    return forms, report


def check(forms: Path, report: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--forms-dir", str(forms), str(report)])
    return result.exit_code, [
        line.replace(str(report), "r.yaml").replace(str(forms), "F") for line in result.output.splitlines()
    ]


def test_each_period_gets_the_labels_in_force() -> None:
    old, new = load_checked(TTTT_2022), load_checked(TNMT_2023)
    assert (old.form.version, new.form.version) == ("2022", "2023")
    for row_id, label in LABELS_2022.items():
        assert old.form.by_id[row_id].label == label
    for row_id, label in LABELS_2023.items():
        assert new.form.by_id[row_id].label == label
    assert old.form.columns.value == "Số liệu" and new.form.columns.value == "Số lượng/tỷ lệ"
    assert old.form.by_id["III.2"].unit == "Không = 0; Có = 1"


def test_forms_lists_versions() -> None:
    result = CliRunner().invoke(main, ["forms"])
    assert (
        "soctrang-so-nganh\tBiểu thống kê CCHC định kỳ của sở, ban, ngành tỉnh Sóc Trăng (185 dòng);"
        " phiên bản: 2022 (từ 01/01/2022), 2023 (từ 01/01/2023); áp dụng đến hết 30/06/2025"
        in result.output.splitlines()
    )


def test_a_report_may_pin_a_version(tmp_path: Path) -> None:
    forms, report = write(tmp_path, period="2024-Q1")
    assert load_checked(report, (forms,)).form.by_id["1.1"].label == "Chỉ tiêu một chấm một"
    report.write_text(report.read_text(encoding="utf-8").replace("form: thu", 'form: thu\n  version: "2023"'))
    assert load_checked(report, (forms,)).form.by_id["1.1"].label == "Nhãn năm 2023"
    report.write_text(report.read_text(encoding="utf-8").replace('version: "2023"', 'version: "2032"'))
    code, lines = check(forms, report)
    assert code == 1
    assert (
        "r.yaml:7: lỗi: biểu mẫu 'thu' không có phiên bản '2032' (có phải ý bạn là '2024'?);"
        " các phiên bản: '2023', '2024'" in lines
    )


def test_period_before_every_version_is_an_error(tmp_path: Path) -> None:
    forms, report = write(tmp_path, period="2022-Q4")
    code, lines = check(forms, report)
    assert code == 1
    assert (
        "r.yaml:6: lỗi: biểu mẫu 'thu' chưa có phiên bản áp dụng cho kỳ báo cáo (số liệu đến 14/12/2022);"
        " phiên bản sớm nhất '2023' áp dụng từ 01/01/2023" in lines
    )
    assert (
        select_version(
            load_form("thu", [forms]), load_checked(write(tmp_path, period="2023-NAM")[1], (forms,)).report.window.end
        ).version
        == "2023"
    )


def test_a_form_past_its_last_day_warns_the_report_that_uses_it(tmp_path: Path) -> None:
    """`until`: the last day a form applies (a province merged on 1/7/2025, a form replaced). A report
    whose data run past it is warned where it names the form, with the way out; up to it, nothing."""
    form = FORM.replace("effective: 2024-01-01\n", "effective: 2024-01-01\nuntil: 2025-06-30\n")
    forms, report = write(tmp_path, form=form, period="2025-6T")
    code, lines = check(forms, report)
    assert code == 0 and not any("chỉ áp dụng đến" in line for line in lines), lines
    forms, report = write(tmp_path, form=form, period="2025-Q3")
    code, lines = check(forms, report)
    assert code == 0
    assert (
        "r.yaml:6: cảnh báo: biểu mẫu 'thu' (Biểu thử) chỉ áp dụng đến hết ngày 30/06/2025, còn số liệu của kỳ này"
        " tính đến 14/09/2025: hãy dùng biểu mẫu đang áp dụng của tỉnh (có biểu mẫu trống thì tạo tệp biểu mẫu"
        " bằng lệnh: cchc-docgen forms import BIỂU-MẪU.docx -o bieu-mau.yaml)" in lines
    ), lines
    # The shipped forms of Sóc Trăng (merged into Cần Thơ city) end on 30/6/2025, every version of them.
    shipped = load_form("soctrang-so-nganh")
    assert {version.until for version in shipped.versions} == {dt.date(2025, 6, 30)}
    assert load_form("soctrang-cap-huyen").until == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        ("mai", "until phải là một ngày dạng YYYY-MM-DD (ngày cuối cùng biểu mẫu còn áp dụng)"),
        ("2023-12-31", "until (31/12/2023) phải sau ngày bắt đầu áp dụng (01/01/2024)"),
    ],
)
def test_a_wrong_until_is_reported_with_its_line(tmp_path: Path, until: str, expected: str) -> None:
    form = FORM.replace("effective: 2024-01-01\n", f"effective: 2024-01-01\nuntil: {until}\n")
    forms, report = write(tmp_path, form=form)
    code, lines = check(forms, report)
    assert code == 1
    assert f"F/thu.yaml:6: lỗi: {expected}" in lines, lines


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '"1.1": {label: "Nhãn năm 2023"}',
            '"1.9": {label: "x"}',
            "không có chỉ tiêu '1.9' trong biểu mẫu (có phải ý bạn là '1.2'?)",
        ),
        ('stt: "1.2.2."', 'stt: "1.2.3."', "số thứ tự '1.2.3.' của '1.2.2' không liền mạch; cần 1.2.2."),
        ('stt: "1.3."', 'stt: "1.4."', "số thứ tự '1.4.' của '1.10' không liền mạch; cần 1.3."),
        ('{id: "1.10",', "{id: 1.10,", "trường 'id' phải là chuỗi văn bản; hãy viết trong ngoặc kép (\"1.1\")"),
        ('label: "Nhóm"', "label: {a: 1}", "trường 'label' phải là chuỗi văn bản"),
        ('columns: {value: "Kết quả"}', "columns: {value: [1]}", "trường 'value' phải là chuỗi văn bản"),
        ('max: "1.1"}', 'max: "1.11"}', "quy tắc tham chiếu chỉ tiêu không có '1.11' (có phải ý bạn là '1.1'?)"),
    ],
    ids=[
        "version-unknown-row",
        "dotted-gap",
        "dotted-skip",
        "float-id",
        "mapping-label",
        "list-column",
        "rule-unknown",
    ],
)
def test_form_mistakes_are_reported_with_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert FORM.count(old) == 1
    text = FORM.replace(old, new)
    line = text[: text.index(new)].count("\n") + 1
    forms, report = write(tmp_path, form=text)
    code, lines = check(forms, report)
    assert code == 1
    assert f"F/thu.yaml:{line}: lỗi: {expected}" in lines, "\n".join(lines)
    assert len(lines) == 2, lines  # that error and the summary: nothing else is wrong


def test_ids_1_1_and_1_10_survive_init_then_check(tmp_path: Path) -> None:
    forms, _ = write(tmp_path)
    out = tmp_path / "new.yaml"
    result = CliRunner().invoke(
        main, ["init", "--forms-dir", str(forms), "--form", "thu", "--period", "2024-Q2", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '    "1.1": ~   # 1.1. Chỉ tiêu một chấm một [Việc]' in text.splitlines()
    assert '    "1.10": ~   # 1.3. Chỉ tiêu mã 1.10 [Việc]' in text.splitlines()
    assert "    # I. Mục A" in text.splitlines()
    assert ".." not in text
    assert list(yaml.safe_load(text)["appendix"]["values"]) == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "1.10"]
    out.write_text(text.replace('"1.10": ~', '"1.10": 7').replace('"1.1": ~', '"1.1": 3'), encoding="utf-8")
    checked = load_checked(out, (forms,))
    assert (checked.values["1.1"].value, checked.values["1.10"].value) == (3, 7)
    code, lines = check(forms, out)
    assert code == 0, lines


def test_unquoted_numeric_keys_keep_their_text(tmp_path: Path) -> None:
    forms, report = write(tmp_path, values="    1.1: 3\n    1.10: 7\n")
    checked = load_checked(report, (forms,))
    assert (checked.values["1.1"].value, checked.values["1.10"].value) == (3, 7)


def test_several_parts_lists_and_a_rule_bounded_by_another_row(tmp_path: Path) -> None:
    values = '    "1.1": 3\n    "1.2.1": 2\n    "1.2.2": 2\n    "1.10": 3\n'
    forms, report = write(tmp_path, values=values)
    code, lines = check(forms, report)
    assert code == 1
    # parts list 1 of 1.10: 2 + 2 > 3; rule: the same sum is bounded by 1.1, which does not hold it.
    assert "r.yaml:9: lỗi: I.1.3: 'Con thứ nhất' (2) + 'Con thứ hai' (2) = 4 lớn hơn 'Chỉ tiêu mã 1.10' (3)" in lines
    assert (
        "r.yaml:9: lỗi: I.1.1: 'Con thứ nhất' (2) + 'Con thứ hai' (2) = 4 lớn hơn 'Chỉ tiêu một chấm một' (3)" in lines
    )
    assert not any(".." in line for line in lines)
    code, lines = check(
        *write(tmp_path, values=values.replace('"1.10": 3', '"1.10": 2').replace('"1.1": 3', '"1.1": 4'))
    )
    assert "r.yaml:8: lỗi: I.1.3: 'Chỉ tiêu một chấm một' (4) lớn hơn 'Chỉ tiêu mã 1.10' (2)" in lines
    code, lines = check(
        *write(tmp_path, values=values.replace('"1.10": 3', '"1.10": 5').replace('"1.1": 3', '"1.1": 4'))
    )
    assert code == 0, lines


def test_version_errors_do_not_hide_in_an_unused_version(tmp_path: Path) -> None:
    forms, _ = write(tmp_path, form=FORM.replace('rows:\n      "1.1"', 'drop: ["1.1"]\n    rows:\n      "1.2"'))
    with pytest.raises(FormError) as caught:
        load_form_file(forms / "thu.yaml")
    messages = [d.message for d in caught.value.diagnostics]
    assert "dòng '1.10' tham chiếu chỉ tiêu không có '1.1' (có phải ý bạn là '1.10'?)" in messages
    assert "số thứ tự '1.2.' của '1.2' không liền mạch; cần 1.1." in messages


def test_qualifier_and_blank_derived_values(tmp_path: Path) -> None:
    report = tmp_path / "r.yaml"
    text = TTTT_2022.read_text(encoding="utf-8")
    text = text.replace("    I.1.de_ra: 46", '    I.1.de_ra: "46 (nhiệm vụ năm)"')
    assert "    I.1: {value: 86.96, note:" in text
    text = text.replace("    I.1: {value: 86.96, note:", "    I.1: {blank: true, note:")
    report.write_text(text, encoding="utf-8")
    analysis = analyze(report)
    # Left blank on purpose, so the narrative may not cite it: the only error.
    errors = [d.message for d in analysis.diagnostics if d.is_error]
    assert errors == [
        f"tham chiếu pl[\"I.1\"]: I.1 '{analysis.values['I.1'].indicator.label}' chưa có giá trị trong phụ lục"
    ]
    assert analysis.values["I.1.de_ra"].value == 46
    assert analysis.values["I.1.de_ra"].qualifier == "(nhiệm vụ năm)"
    assert analysis.values["I.1"].value is None and analysis.values["I.1"].computed == 86.96
