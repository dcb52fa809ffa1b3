"""Forms as data (a new form needs no Python), `forms`, and `init`."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from cchc_docgen.cli import main
from cchc_docgen.forms import RowKind, load_form

from .conftest import AGENCY_X, SIGNED_GIAM_DOC

SMALL_FORM = """\
# Biểu mẫu thử của một tỉnh khác: đánh số 1., 1.1., có dòng "Trong đó"
id: tinh-khac
name: "Biểu mẫu thử tỉnh khác"
heading: "PHỤ LỤC I"
title: "KẾT QUẢ CCHC {KY} CỦA {CO_QUAN}"
orientation: landscape
columns: {stt: "TT", label: "Nội dung", unit: "ĐVT", value: "Kết quả", note: "Ghi chú"}
codes:
  co_khong: {label: "Có = 1; Không = 0", values: {1: "Có", 0: "Không"}}
rows:
  - {id: A, stt: "I", label: "Chỉ đạo điều hành", kind: section}
  - {id: A.1, stt: "1", label: "Tỷ lệ hoàn thành", kind: percent, derive: {ratio: [A.1.xong, A.1.ke_hoach]}}
  - {id: A.1.ke_hoach, stt: "1.1.", label: "Số nhiệm vụ", unit: "Nhiệm vụ", kind: count}
  - {id: A.1.xong, stt: "Trong đó", label: "Đã hoàn thành", unit: "Nhiệm vụ", kind: count, max: A.1.ke_hoach}
  - {id: A.2, stt: "2", label: "Có kế hoạch", kind: coded, codes: co_khong}
"""

REPORT = f"""\
{AGENCY_X}
period: 2024-Q1
document: {{symbol: BC-SX, draft: true}}
{SIGNED_GIAM_DOC}
appendix:
  form: tinh-khac
  values:
    A.1.ke_hoach: 10
    A.1.xong: 12
    A.2: 1
"""


def test_new_form_from_a_folder_needs_no_python(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "tinh-khac.yaml").write_text(SMALL_FORM, encoding="utf-8")
    report = tmp_path / "r.yaml"
    report.write_text(REPORT, encoding="utf-8")

    listed = CliRunner().invoke(main, ["forms", "--forms-dir", str(forms)])
    assert "tinh-khac\tBiểu mẫu thử tỉnh khác (5 dòng)" in listed.output.splitlines()

    result = CliRunner().invoke(main, ["check", "--forms-dir", str(forms), str(report)])
    assert f"{report}:9: lỗi: I.1.1 'Đã hoàn thành' (12) lớn hơn 'Số nhiệm vụ' (10)" in result.output.splitlines()
    assert result.exit_code == 1

    form = load_form("tinh-khac", [forms])
    assert [r.stt for r in form.rows] == ["I", "1", "1.1.", "Trong đó", "2"]
    assert form.orientation == "landscape"
    assert form.by_id["A.2"].unit == "Có = 1; Không = 0"
    assert form.by_id["A.1"].unit == "%"


def test_malformed_form_is_reported_with_line(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    broken = SMALL_FORM.replace("kind: count, max: A.1.ke_hoach", "kind: cout, max: A.1.kehoach")
    broken = broken.replace('stt: "2"', 'stt: "3"')
    (forms / "tinh-khac.yaml").write_text(broken, encoding="utf-8")
    report = tmp_path / "r.yaml"
    report.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--forms-dir", str(forms), str(report)])
    form_file = forms / "tinh-khac.yaml"
    lines = result.output.splitlines()
    assert f"{form_file}:14: lỗi: kind 'cout' không hợp lệ (có phải ý bạn là 'count'?)" in lines
    assert f"{form_file}:15: lỗi: số thứ tự '3' của 'A.2' không liền mạch; cần 2" in lines
    assert (
        f"{form_file}:14: lỗi: dòng 'A.1.xong' tham chiếu chỉ tiêu không có 'A.1.kehoach'"
        " (có phải ý bạn là 'A.1.ke_hoach'?)" in lines
    )
    assert result.exit_code == 1


def test_builtin_forms_are_listed() -> None:
    result = CliRunner().invoke(main, ["forms"])
    assert result.exit_code == 0
    ids = [line.split("\t")[0] for line in result.output.splitlines()]
    assert ids == ["soctrang-cap-huyen", "soctrang-so-nganh"]


def test_builtin_forms_have_consistent_structure() -> None:
    for form_id in ("soctrang-cap-huyen", "soctrang-so-nganh"):
        form = load_form(form_id)
        sections = [r.stt for r in form.rows if r.kind is RowKind.SECTION]
        assert sections == ["I", "II", "III", "IV", "V", "VI", "VII"]
        assert 150 <= len(form.rows) <= 230
        for row in form.rows:
            if row.kind is RowKind.CODED:
                assert row.codes is not None and row.unit == row.codes.label
            if row.kind in (RowKind.COUNT, RowKind.PERCENT, RowKind.DECIMAL):
                assert row.unit, row.id


def test_init_writes_every_indicator_with_comments(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    result = CliRunner().invoke(main, ["init", "--form", "soctrang-so-nganh", "--period", "2024-Q1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    form = load_form("soctrang-so-nganh")
    expected = [r.id for r in form.rows if r.kind is not RowKind.SECTION]
    assert list(data["appendix"]["values"]) == expected
    assert all(v is None for v in data["appendix"]["values"].values())
    assert data["period"] == "2024-Q1"
    # Every field line outside the narrative example carries a Vietnamese comment.
    key_line = re.compile(r"^\s*[a-z_.A-Z0-9]+:")
    narrative = text[text.index("\nnarrative:") : text.index("\nclosing:")]
    for line in text.replace(narrative, "").splitlines():
        if key_line.match(line):
            assert "#" in line, line
    # The skeleton itself checks without errors (blank values, draft).
    check = CliRunner().invoke(main, ["check", str(out)])
    assert check.exit_code == 0, check.output


def test_init_from_last_period_carries_agency_signer_and_notes(tmp_path: Path) -> None:
    last = tmp_path / "last.yaml"
    last.write_text(
        REPORT.replace("form: tinh-khac", "form: soctrang-so-nganh")
        .replace("A.1.ke_hoach: 10", 'I.1: {value: 50, note: "Kế hoạch số 02/KH-STTTT"}')
        .replace("    A.1.xong: 12\n    A.2: 1\n", "")
        .replace(
            'signature: {authority: "GIÁM ĐỐC"}',
            'signature: {prefix: KT., authority: "GIÁM ĐỐC", title: "PHÓ GIÁM ĐỐC", name: "Lê Văn A",'
            ' distribution: ["Như trên", "Lưu: VT"]}',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "next.yaml"
    result = CliRunner().invoke(main, ["init", "--from", str(last), "--period", "2024-Q2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["agency"]["full_name"] == "Sở X tỉnh Y"
    assert data["signature"] == {
        "prefix": "KT.",
        "authority": "GIÁM ĐỐC",
        "title": "PHÓ GIÁM ĐỐC",
        "name": "Lê Văn A",
        "distribution": ["Như trên", "Lưu: VT"],
    }
    assert data["appendix"]["form"] == "soctrang-so-nganh"
    assert data["appendix"]["values"]["I.1"] == {"value": None, "note": "Kế hoạch số 02/KH-STTTT"}
    assert data["period"] == "2024-Q2"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    out.write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", "--form", "soctrang-so-nganh", "--period", "2024-Q1", "-o", str(out)])
    assert result.exit_code == 1
    assert f"{out}: tệp đã có; dùng --force để ghi đè" in result.output
    assert out.read_text(encoding="utf-8") == "keep"
