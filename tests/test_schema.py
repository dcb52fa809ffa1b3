"""`cchc-docgen schema` and the schema line of `init`: the JSON Schema agrees with `check`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from cchc_docgen.cli import main
from cchc_docgen.forms import load_form
from cchc_docgen.report.schema import report_schema, with_schema_comment

from .conftest import EXAMPLES


def as_json(data: Any) -> Any:
    """YAML data as an editor's YAML server sees it: dates are text, keys are text."""
    if isinstance(data, dict):
        return {str(key): as_json(value) for key, value in data.items()}
    if isinstance(data, list):
        return [as_json(item) for item in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def schema_errors(path: Path, form_id: str) -> list[str]:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    validator = jsonschema.Draft7Validator(report_schema(load_form(form_id)))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def form_of(path: Path) -> str:
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["appendix"]["form"])


def test_schema_is_a_valid_draft7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(report_schema(load_form("soctrang-so-nganh")))


def test_examples_are_valid_for_schema_and_check(example: Path) -> None:
    assert schema_errors(example, form_of(example)) == []
    result = CliRunner().invoke(main, ["check", str(example)])
    assert result.exit_code == 0, result.output


BROKEN = [
    ("unknown top field", ("closing:", "closng:")),
    ("unknown document field", ("  symbol:", "  sybol:")),
    ("bad period", ("period: 2022-Q3", "period: 2022-Q5")),
    ("draft not a boolean", ("  date: 2022-09-15\n", "  date: 2022-09-15\n  draft: có\n")),
    ("number zero", ("  number: 174", "  number: 0")),
    ("symbol with a space", ('  symbol: "BC-STTTT"', '  symbol: "BC STTTT"')),
    ("bad date", ("  date: 2022-09-15", "  date: 15/9/2022")),
    ("text in a number", ("    I.1.hoan_thanh: 40", "    I.1.hoan_thanh: bốn mươi")),
    ("negative count", ("    I.1.hoan_thanh: 40", "    I.1.hoan_thanh: -4")),
    ("fractional count", ("    I.1.hoan_thanh: 40", "    I.1.hoan_thanh: 40.5")),
    ("percent over 100", ("    I.3.ty_le: {value: 85.71", "    I.3.ty_le: {value: 185.71")),
    ("code outside its set", ("    I.5: {value: 0,", "    I.5: {value: 3,")),
    ("unknown indicator", ("    I.1.hoan_thanh: 40", "    I.1.hoan_thanh: 40\n    I.1.hoan_tanh: 4")),
    ("unknown entry field", ("    I.1.hoan_thanh: 40", "    I.1.hoan_thanh: {value: 40, ghi_chu: x}")),
    ("another form", ("  form: soctrang-so-nganh", "  form: soctrang-cap-huyen")),
    ("missing agency name", ('  name: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"', '  name: ""')),
    ("bad signature prefix", ('  authority: "GIÁM ĐỐC"', '  prefix: "KG."\n  title: "PHÓ"\n  authority: "GIÁM ĐỐC"')),
    ("prefix without title", ('  authority: "GIÁM ĐỐC"', '  prefix: "KT."\n  authority: "GIÁM ĐỐC"')),
    ("section without title", ('  - title: "Tình hình thực hiện nhiệm vụ CCHC quý III', '  - tittle: "Tình hình')),
    ("bad list marker", ("                  - list:\n", '                  - marker: "*"\n' + " " * 20 + "list:\n")),
]


@pytest.mark.parametrize(("case", "edit"), BROKEN, ids=[case for case, _ in BROKEN])
def test_broken_files_are_invalid_for_schema_and_check(tmp_path: Path, case: str, edit: tuple[str, str]) -> None:
    text = EXAMPLES["004"].read_text(encoding="utf-8")
    old, new = edit
    assert old in text, case
    broken = tmp_path / "r.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert schema_errors(broken, "soctrang-so-nganh") != []
    result = CliRunner().invoke(main, ["check", str(broken)])
    assert result.exit_code == 1, result.output
    assert ": lỗi: " in result.output


def test_schema_describes_indicators_with_stt_label_and_codes() -> None:
    schema = report_schema(load_form("soctrang-so-nganh"))
    values = schema["properties"]["appendix"]["properties"]["values"]["properties"]
    assert values["I.1"]["description"] == (
        "1. Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo) [%]; tự tính nếu để trống"
    )
    assert values["I.1.hoan_thanh"]["description"] == "I.1 Số nhiệm vụ đã hoàn thành [Nhiệm vụ]"
    assert values["I.5"]["description"] == "5. Có sáng kiến, giải pháp mới về CCHC [Không = 0; Có = 1]"
    assert values["I.5"]["anyOf"][0] == {"enum": [None, 0, 1, "0", "1"]}
    assert values["I.1.hoan_thanh"]["anyOf"][0]["anyOf"][1] == {"type": "integer", "minimum": 0, "maximum": 10**12}
    assert schema["properties"]["appendix"]["properties"]["form"]["const"] == "soctrang-so-nganh"
    document = schema["properties"]["document"]["properties"]
    assert document["number"]["description"] == "Số văn bản (chỉ phần số, ví dụ 85); bỏ trống khi còn là dự thảo"


def test_schema_command_prints_or_writes(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(main, ["schema", "--form", "soctrang-cap-huyen"])
    assert printed.exit_code == 0
    assert json.loads(printed.output) == report_schema(load_form("soctrang-cap-huyen"))
    target = tmp_path / "schema.json"
    written = runner.invoke(main, ["schema", "--form", "soctrang-cap-huyen", "-o", str(target)])
    assert written.exit_code == 0
    assert written.output == f"{target}\n"
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(printed.output)


def test_schema_command_unknown_form() -> None:
    result = CliRunner().invoke(main, ["schema", "--form", "soctrang-so-ngan"])
    assert result.exit_code == 1
    assert result.stderr == (
        "cchc-docgen: lỗi: không có biểu mẫu 'soctrang-so-ngan' (có phải ý bạn là 'soctrang-so-nganh'?);"
        " các biểu mẫu hiện có: soctrang-cap-huyen, soctrang-so-nganh\n"
    )


@pytest.mark.parametrize("form_id", ["soctrang-so-nganh", "soctrang-cap-huyen"])
def test_init_writes_schema_line_and_schema_file(tmp_path: Path, form_id: str) -> None:
    target = tmp_path / "don-vi" / "2024-q1.yaml"
    target.parent.mkdir()
    result = CliRunner().invoke(main, ["init", "--form", form_id, "--period", "2024-Q1", "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={form_id}.schema.json"
    assert text.count("yaml-language-server") == 1
    schema_file = target.parent / f"{form_id}.schema.json"
    assert json.loads(schema_file.read_text(encoding="utf-8")) == report_schema(load_form(form_id))
    # The new file itself is valid for its schema: the editor shows no false alarm.
    assert schema_errors(target, form_id) == []


def test_init_from_previous_keeps_one_schema_line(tmp_path: Path) -> None:
    first = tmp_path / "2024-q1.yaml"
    runner = CliRunner()
    first_run = runner.invoke(main, ["init", "--form", "soctrang-so-nganh", "--period", "2024-Q1", "-o", str(first)])
    assert first_run.exit_code == 0
    second = tmp_path / "2024-q2.yaml"
    result = runner.invoke(main, ["init", "--from", str(first), "--period", "2024-Q2", "-o", str(second)])
    assert result.exit_code == 0, result.output
    assert second.read_text(encoding="utf-8").count("# yaml-language-server: $schema=") == 1


def test_schema_comment_replaces_an_old_one() -> None:
    text = "# yaml-language-server: $schema=old.json\n# Báo cáo\nperiod: 2024-Q1\n"
    assert with_schema_comment(text, "new.json") == (
        "# yaml-language-server: $schema=new.json\n# Báo cáo\nperiod: 2024-Q1\n"
    )


def _properties(schema: Any, where: str = "") -> list[tuple[str, Any]]:
    found = []
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            found.append((f"{where}/{name}", sub))
        for key, sub in schema.items():
            found += _properties(sub, f"{where}/{key}" if key != "properties" else where)
    elif isinstance(schema, list):
        for item in schema:
            found += _properties(item, where)
    return found


def test_every_field_has_a_vietnamese_description() -> None:
    fields = _properties(report_schema(load_form("soctrang-cap-huyen")))
    assert len(fields) > 250
    assert [where for where, sub in fields if not sub.get("description")] == []


def test_schema_knows_form_versions_and_entry_fields(tmp_path: Path) -> None:
    schema = report_schema(load_form("soctrang-so-nganh"))
    appendix = schema["properties"]["appendix"]["properties"]
    assert appendix["version"]["enum"] == ["2022", "2023", None]
    text = EXAMPLES["004"].read_text(encoding="utf-8")
    pinned = tmp_path / "r.yaml"
    pinned.write_text(
        text.replace("  form: soctrang-so-nganh", '  form: soctrang-so-nganh\n  version: "2022"', 1).replace(
            "    I.1.hoan_thanh: 40", '    I.1.hoan_thanh: {value: "40 (nhiệm vụ)", blank: false}', 1
        ),
        encoding="utf-8",
    )
    assert schema_errors(pinned, "soctrang-so-nganh") == []
    assert CliRunner().invoke(main, ["check", str(pinned)]).exit_code == 0
    wrong = tmp_path / "sai.yaml"
    wrong.write_text(text.replace("  form: soctrang-so-nganh", '  form: soctrang-so-nganh\n  version: "2021"', 1))
    assert schema_errors(wrong, "soctrang-so-nganh") != []
    assert CliRunner().invoke(main, ["check", str(wrong)]).exit_code == 1


def test_schema_comment_keeps_windows_line_endings() -> None:
    text = "# yaml-language-server: $schema=old.json\r\n# Báo cáo\r\nperiod: 2024-Q1\r\n"
    assert with_schema_comment(text, "new.json") == (
        "# yaml-language-server: $schema=new.json\r\n# Báo cáo\r\nperiod: 2024-Q1\r\n"
    )
