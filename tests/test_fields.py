"""One table of fields (report/fields.py) drives the parser, the JSON Schema and the `init` skeleton:
what the schema accepts, `check` accepts, on the examples, on every `init` and `init --from` output and on
variants of every field; and a field of the table is known to all three."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cchc_docgen.forms import load_form
from cchc_docgen.report.fields import ALL_GROUPS, GROUPS, REPORT, Kind
from cchc_docgen.report.schema import report_schema

from .conftest import EXAMPLES, ROOT, run_cli
from .test_schema import as_json

COMMUNE = ROOT / "data" / "ubnd-xa-dung-k-no" / "2025-q1.yaml"


def schema_errors(path: Path) -> list[str]:
    data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    form_id = (data.get("appendix") or {}).get("form")
    schema = report_schema(load_form(form_id) if form_id else None)
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def check_errors(path: Path) -> list[str]:
    result = run_cli("check", path)
    return [line for line in result.output.splitlines() if ": lỗi: " in line]


def both_accept(path: Path) -> None:
    assert schema_errors(path) == []
    assert check_errors(path) == []


@pytest.mark.parametrize("path", [*EXAMPLES.values(), COMMUNE], ids=lambda p: p.parent.name)
def test_examples_and_their_next_period_are_accepted_by_both(tmp_path: Path, path: Path) -> None:
    both_accept(path)
    target = tmp_path / "next.yaml"
    result = run_cli("init", "--from", path, "--period", "2026-Q1", "-o", target)
    assert result.exit_code == 0, result.output
    assert "previous:" in target.read_text(encoding="utf-8")  # the field VS Code showed red
    both_accept(target)


@pytest.mark.parametrize("body", ["so", "xa", "tinh"])
@pytest.mark.parametrize("form", [None, "soctrang-so-nganh", "soctrang-cap-huyen"])
def test_every_init_skeleton_is_accepted_by_both(tmp_path: Path, body: str, form: str | None) -> None:
    target = tmp_path / "moi.yaml"
    result = run_cli(
        "init", "--period", "2025-Q4", "--co-quan", body, *(["--form", form] if form else []), "-o", target
    )
    assert result.exit_code == 0, result.output
    both_accept(target)


def test_every_field_of_the_table_is_in_the_schema_with_its_help() -> None:
    schema = report_schema(load_form("soctrang-so-nganh"))
    assert set(schema["properties"]) == set(REPORT.names)
    assert set(schema.get("required", [])) == set(REPORT.required)
    for name, group in GROUPS.items():
        part = schema["properties"][name]
        assert set(part["properties"]) == set(group.names), name
        assert set(part.get("required", [])) == set(group.required), name
        for field in group.fields:
            assert part["properties"][field.name]["description"] == field.help


def test_every_group_has_help_and_no_field_twice() -> None:
    for group in ALL_GROUPS:
        assert group.help and len(set(group.names)) == len(group.names)
        for field in group.fields:
            assert field.help.strip() and isinstance(field.kind, Kind)


def test_every_init_comment_comes_from_the_table(tmp_path: Path) -> None:
    target = tmp_path / "moi.yaml"
    assert run_cli("init", "--period", "2025-Q4", "--form", "soctrang-so-nganh", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    for group in [REPORT, *GROUPS.values()]:
        for field in group.fields:
            if field.name in (
                "from",
                "to",
                "version",
                "heading",
                "title",
                "leading_zero",
                "recipients_final_dot",
                "collective",
                "by_order_of",
                "previous",
            ):
                continue  # rarely used: documented in the schema and docs, not in every new file
            if group is GROUPS["appendix"] and field.name == "form":
                continue  # the form line names the form instead
            assert f"# {field.help}" in text, (group.key, field.name)


def mutate(path: Path, tmp_path: Path, section: str, key: str, value: Any) -> Path:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault(section, {})[key] = value
    target = tmp_path / "m.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("section", "key", "value", "accepted"),
    [
        ("signature", "collective", "ỦY BAN NHÂN DÂN", True),  # the commune example signs KT.
        ("signature", "by_order_of", "CHỦ TỊCH", False),  # … and has a collective already: one top line
        ("signature", "prefix", "Q.", True),
        ("signature", "prefix", "TL.", True),
        ("signature", "prefix", "XYZ", False),
        ("agency", "name", ["ỦY BAN NHÂN DÂN", "XÃ A"], True),
        ("agency", "name", [], False),
        ("agency", "nam", "X", False),
        ("document", "bases", ["Căn cứ a", "Căn cứ b"], True),
        ("document", "draft", "có", False),
    ],
)
def test_schema_and_check_agree_on_each_variant(
    tmp_path: Path, section: str, key: str, value: Any, accepted: bool
) -> None:
    path = mutate(COMMUNE, tmp_path, section, key, value)
    if section == "signature" and key == "prefix":  # Q. without a title; the others keep the example's
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["signature"].pop("collective")
        if value == "Q.":
            data["signature"].pop("title")
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert (schema_errors(path) == []) is accepted, schema_errors(path)
    assert (check_errors(path) == []) is accepted, check_errors(path)
