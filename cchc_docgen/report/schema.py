"""A JSON Schema of the report file for one form, so that editors (VS Code) complete and explain fields."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import CchcError
from ..forms import Form, Indicator, RowKind
from .fields import (
    AGENCY,
    APPENDIX,
    BOLD_ROW,
    BULLET_LIST,
    CELL,
    DATA_WINDOW,
    DOCUMENT,
    ENTRY,
    FOOTNOTED,
    MARKERS,
    MAX_VALUE,
    PREFIXES,
    REPORT,
    SECTION,
    SIGNATURE,
    TABLE,
    TABLE_BLOCK,
    Group,
    Kind,
)

JsonSchema = dict[str, Any]

#: The comment line the YAML extension of VS Code (yaml-language-server) reads.
SCHEMA_COMMENT = "# yaml-language-server: $schema="
_SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=.*(?:\n|$)", re.MULTILINE)

# Text fields take what the loader accepts as text: a string or a bare number.
_TEXT: JsonSchema = {"type": ["string", "number", "null"]}
_NON_EMPTY = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}
# "2023-Q1", "2023-6t", "2023-NĂM" … as Period.parse accepts them (JSON Schema patterns have no flags).
_PERIOD = r"^\s*\d{4}\s*-\s*([Qq][1-4]|6[Tt]|9[Tt]|[Nn][Aa][Mm]|[Nn][Ăă][Mm])\s*$"
_DAY = r"^\d{4}-\d{1,2}-\d{1,2}$"
_MONTH = r"^\s*\d{4}-(0?[1-9]|1[0-2])\s*$"
# Numbers typed in Vietnamese style in quotes: "1.145", "47,37", "86,96%", and with words after: "21 (lượt người)".
_VN_NUMBER = r"^\s*(\d{1,3}(\.\d{3})+(,\d+)?|\d+(,\d+)?)\s*%?\s*(\([^()]*\))?\s*$"


def _described(schema: JsonSchema, description: str) -> JsonSchema:
    return {**schema, "description": description}


def _text(description: str) -> JsonSchema:
    return _described(_TEXT, description)


def _required_text(description: str) -> JsonSchema:
    return _described(_NON_EMPTY, description)


def _lines(description: str) -> JsonSchema:
    line = {"type": ["string", "number"]}
    return {"anyOf": [line, {"type": "array", "items": line}, {"type": "null"}], "description": description}


def _object(properties: dict[str, JsonSchema], description: str, required: tuple[str, ...] = ()) -> JsonSchema:
    schema: JsonSchema = {
        "type": "object",
        "description": description,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _group(group: Group, special: dict[str, JsonSchema] | None = None) -> JsonSchema:
    """The object schema of a group of the field table: every field described as the table says.

    `special` holds the value schemas of its GROUP and SPECIAL fields, and only those: a field added
    to the table without one here stops the schema from being built (and the tests with it).
    """
    special = special or {}
    needed = {f.name for f in group.fields if f.kind in (Kind.GROUP, Kind.SPECIAL)}
    if needed != set(special):
        raise AssertionError(f"schema of '{group.what}': special fields {sorted(needed)}, given {sorted(special)}")
    properties: dict[str, JsonSchema] = {}
    for field in group.fields:
        if field.kind is Kind.TEXT:
            properties[field.name] = _required_text(field.help) if field.required else _text(field.help)
        elif field.kind is Kind.LINES:
            properties[field.name] = _lines(field.help)
        elif field.kind is Kind.FLAG:
            properties[field.name] = {"type": "boolean", "description": field.help}
        else:
            properties[field.name] = _described(special[field.name], field.help)
    return _object(properties, group.help, group.required)


def _either_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def _document() -> JsonSchema:
    return _group(
        DOCUMENT,
        {
            "number": {"type": ["integer", "null"], "minimum": 1},
            "symbol": {"type": ["string", "number"], "pattern": r"^[^\s/]([^\s]*[^\s/])?$"},
            "date": {
                "anyOf": [{"type": "string", "pattern": _DAY}, {"type": "string", "pattern": _MONTH}, {"type": "null"}]
            },
        },
    )


def _narrative_definitions() -> dict[str, JsonSchema]:
    text_line = {"type": ["string", "number"]}
    cell = {
        "anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            _group(
                CELL,
                {
                    "text": {},
                    "colspan": {"type": "integer", "minimum": 1},
                    "rowspan": {"type": "integer", "minimum": 1},
                },
            ),
        ]
    }
    cell_rows = {"type": "array", "items": {"type": "array", "items": {"$ref": "#/definitions/cell"}}}
    cells = {"type": "array", "items": {"$ref": "#/definitions/cell"}}
    return {
        "cell": cell,
        "section": _group(
            SECTION,
            {
                "number": {"type": ["string", "number"]},
                "letters": {"enum": [True, False, "a)", "a."]},
                "content": {
                    "anyOf": [
                        text_line,
                        {"type": "null"},
                        {"type": "array", "items": {"$ref": "#/definitions/block"}},
                    ]
                },
            },
        ),
        "block": {
            "anyOf": [
                _described(text_line, 'Một đoạn văn; số liệu viết {{ pl["mã"] }}'),
                {"$ref": "#/definitions/section"},
                _group(
                    BULLET_LIST,
                    {
                        "list": {"type": "array", "items": text_line},
                        "marker": {"enum": list(MARKERS)},
                        "start": {"type": "integer", "minimum": 1},
                    },
                ),
                _group(
                    TABLE_BLOCK,
                    {
                        "table": _group(
                            TABLE,
                            {
                                "header": cell_rows,
                                "rows": {
                                    "type": "array",
                                    "items": {"anyOf": [cells, _group(BOLD_ROW, {"cells": cells})]},
                                },
                                "widths": {"type": "array", "items": {"type": "number", "exclusiveMinimum": 0}},
                                "total": cells,
                            },
                        )
                    },
                ),
                _group(FOOTNOTED, {"footnote": {}}),
            ]
        },
    }


def _signature() -> JsonSchema:
    prefixes = "|".join(_either_case(p.rstrip(".")) for p in PREFIXES)
    schema = _group(SIGNATURE, {"prefix": {"type": ["string", "null"], "pattern": rf"^\s*({prefixes})\.?\s*$"}})
    # KT., TM., TL. and TUQ. take the signer's position on a line of its own; Q. (acting) does not.
    with_title = "|".join(_either_case(p.rstrip(".")) for p in PREFIXES if p != "Q.")
    schema["allOf"] = [
        {
            "if": {
                "properties": {
                    "prefix": {"pattern": rf"^\s*({with_title})\.?\s*$", "description": "KT., TM., TL., TUQ."}
                },
                "required": ["prefix"],
            },
            "then": {"required": ["title"]},
        }
    ]
    kt = _either_case("KT")
    schema["dependencies"] = {
        name: {
            "properties": {"prefix": {"pattern": rf"^\s*{kt}\.?\s*$", "description": f"{name} cần prefix KT."}},
            "required": ["prefix"],
            **({"not": {"required": ["collective"]}} if name == "by_order_of" else {}),
        }
        for name in ("collective", "by_order_of")
    }
    return schema


def indicator_description(row: Indicator) -> str:
    """How the schema explains one indicator: "I.1. Tỷ lệ hoàn thành … [%]; tự tính nếu để trống"."""
    head = " ".join(p for p in (f"{row.stt}." if row.stt else row.ref, row.label) if p)
    unit = row.unit.replace("\n", " ")
    parts = [head + (f" [{unit}]" if unit else "")]
    if row.codes is not None and row.codes.label != unit:
        parts.append(f"mã: {row.codes.label}")
    if row.derive is not None:
        parts.append("tự tính nếu để trống")
    if row.kind is RowKind.SECTION:
        parts.append("dòng tiêu đề mục, không nhận giá trị")
    return "; ".join(parts)


def _value(row: Indicator) -> JsonSchema:
    """What may be typed as the value of `row`."""
    if row.kind is RowKind.SECTION:
        return {"type": "null"}
    if row.kind is RowKind.CODED and row.codes is not None:
        codes = sorted(row.codes.values)
        return {"enum": [None, *codes, *(str(code) for code in codes)]}
    number: JsonSchema = {"type": "integer" if row.kind is RowKind.COUNT else "number", "minimum": 0}
    number["maximum"] = 100 if row.kind is RowKind.PERCENT else MAX_VALUE
    return {"anyOf": [{"type": "null"}, number, {"type": "string", "pattern": _VN_NUMBER}]}


def _indicator(row: Indicator, only_in: Sequence[str]) -> JsonSchema:
    value = _value(row)
    entry = _group(ENTRY, {"value": value})
    description = indicator_description(row)
    if only_in:
        description += f" (chỉ có ở phiên bản {', '.join(only_in)})"
    return {"anyOf": [value, entry], "description": description}


def _rows(form: Form) -> dict[str, tuple[Indicator, list[str]]]:
    """Every indicator of every version of `form` (the main version's row first) and the versions lacking it."""
    versions = form.versions or [form]
    rows: dict[str, tuple[Indicator, list[str]]] = {}
    for version in [form, *versions]:
        for row in version.rows:
            rows.setdefault(row.id, (row, []))
    if len(versions) > 1:
        for row_id, (_, only_in) in rows.items():
            having = [v.version for v in versions if row_id in v.by_id]
            if len(having) < len(versions):
                only_in.extend(having)
    return rows


def report_schema(form: Form | None) -> JsonSchema:
    """The JSON Schema (draft-07) of a report file whose appendix uses `form`; with no form, of a
    report without a Phụ lục (an appendix is then refused)."""
    schema = _group(
        REPORT,
        {
            "agency": _group(
                AGENCY,
                {
                    "name": {
                        "anyOf": [
                            _NON_EMPTY,
                            {"type": "array", "items": _NON_EMPTY, "minItems": 1, "maxItems": 3},
                        ]
                    }
                },
            ),
            "period": {"type": "string", "pattern": _PERIOD},
            "data_window": _group(
                DATA_WINDOW,
                {"from": {"type": "string", "pattern": _DAY}, "to": {"type": "string", "pattern": _DAY}},
            ),
            "document": _document(),
            "narrative": {"type": ["array", "null"], "items": {"$ref": "#/definitions/section"}},
            "signature": _signature(),
            "appendix": _appendix(form) if form is not None else {"type": "null"},
        },
    )
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"Báo cáo cải cách hành chính — {form.name if form else 'không có phụ lục'}",
        **schema,
        "definitions": _narrative_definitions(),
    }


def _appendix(form: Form) -> JsonSchema:
    values = {row_id: _indicator(row, only_in) for row_id, (row, only_in) in _rows(form).items()}
    versions = [v.version for v in form.versions if v.version]
    return _group(
        APPENDIX,
        {
            "form": {"const": form.id},
            "version": {"enum": [*versions, None] if versions else [None]},
            "values": _object(values, APPENDIX.field("values").help) | {"type": ["object", "null"]},
        },
    )


def schema_text(form: Form | None) -> str:
    """The schema as the JSON file written to disk (UTF-8, readable, stable)."""
    return json.dumps(report_schema(form), ensure_ascii=False, indent=2) + "\n"


def schema_file_name(form_id: str | None) -> str:
    """The file name `init` gives the schema of a form, next to the report."""
    return f"{form_id or 'khong-phu-luc'}.schema.json"


def form_id_of(report_text: str) -> str | None:
    """The appendix form named in a report's YAML text, or None (also for text that is not YAML).

    Read by the strict loader (libyaml): PyYAML's safe_load is many times slower on a long report
    and converts a long digit string with int(), which Python refuses past 4 300 digits.
    """
    from ..core.located_yaml import load_located

    try:
        data = load_located(Path("<init>"), report_text).data
    except CchcError:
        return None
    appendix = data.get("appendix") if isinstance(data, dict) else None
    form_id = appendix.get("form") if isinstance(appendix, dict) else None
    return str(form_id) if form_id else None


def with_schema_comment(text: str, schema_ref: str) -> str:
    """`text` with one `# yaml-language-server: $schema=…` line at the top (an old one is replaced).

    The line ends like the file's lines do (CRLF in a file saved on Windows).
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    return f"{SCHEMA_COMMENT}{schema_ref}{newline}" + _SCHEMA_LINE.sub("", text)
