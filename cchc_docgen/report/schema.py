"""A JSON Schema of the report file for one form, so that editors (VS Code) complete and explain fields."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import CchcError
from ..forms import Form, Indicator, RowKind
from .parse import MARKERS, MAX_VALUE, PREFIXES

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


def _either_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def _agency() -> JsonSchema:
    return _object(
        {
            "parent": _text("Cơ quan chủ quản, in hoa (ví dụ UBND TỈNH SÓC TRĂNG); bỏ nếu không có"),
            "name": _required_text("Tên cơ quan ban hành, in hoa, in đậm ở góc trái"),
            "full_name": _required_text("Tên đầy đủ của cơ quan, dùng trong câu văn"),
            "place": _required_text("Địa danh ở dòng ngày tháng (ví dụ Sóc Trăng)"),
            "territory": _text("Địa bàn, dùng trong tên phụ lục (ví dụ huyện Cù Lao Dung)"),
        },
        "Cơ quan ban hành",
        ("name", "full_name", "place"),
    )


def _document() -> JsonSchema:
    return _object(
        {
            "number": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "Số văn bản (chỉ phần số, ví dụ 85); bỏ trống khi còn là dự thảo",
            },
            "symbol": {
                "type": ["string", "number"],
                "pattern": r"^[^\s/]([^\s]*[^\s/])?$",
                "description": "Ký hiệu văn bản, không có dấu cách (ví dụ BC-UBND)",
            },
            "date": {
                "anyOf": [{"type": "string", "pattern": _DAY}, {"type": "string", "pattern": _MONTH}, {"type": "null"}],
                "description": "Ngày ký YYYY-MM-DD; dự thảo có thể ghi YYYY-MM (chưa có ngày)",
            },
            "draft": {"type": "boolean", "description": "Dự thảo: true in chỗ trống cho số và ngày"},
            "recipients": _lines("Kính gửi: không có, một hoặc nhiều nơi"),
            "recipients_final_dot": {
                "type": "boolean",
                "description": "false: không in dấu '.' sau nơi nhận cuối của Kính gửi (mặc định: có)",
            },
            "subject": _text("Trích yếu; bỏ trống để dùng trích yếu mặc định của kỳ"),
            "bases": _lines("Các căn cứ (in nghiêng, mỗi dòng một căn cứ)"),
            "opening": _text("Đoạn mở đầu của báo cáo"),
        },
        "Văn bản: số, ký hiệu, ngày, nơi nhận, trích yếu",
        ("symbol",),
    )


def _narrative_definitions() -> dict[str, JsonSchema]:
    text_line = {"type": ["string", "number"]}
    cell = {
        "anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            _object(
                {
                    "text": {"description": "Chữ trong ô"},
                    "colspan": {"type": "integer", "minimum": 1, "description": "Số cột ô chiếm (gộp ô)"},
                    "rowspan": {"type": "integer", "minimum": 1, "description": "Số dòng ô chiếm (gộp ô)"},
                },
                "Ô có gộp cột/dòng",
            ),
        ]
    }
    cell_rows = {"type": "array", "items": {"type": "array", "items": {"$ref": "#/definitions/cell"}}}
    return {
        "cell": cell,
        "section": _object(
            {
                "title": _text("Tiêu đề mục, không ghi số thứ tự (chương trình tự đánh I., 1., 1.1.)"),
                "number": {"type": ["string", "number"], "description": "Số thứ tự tự ghi, thay cho số tự đánh"},
                "numbered": {"type": "boolean", "description": "false: tiêu đề không đánh số"},
                "letters": {
                    "enum": [True, False, "a)", "a."],
                    "description": 'true hoặc "a)": các mục con đánh a), b), c); "a.": đánh a., b., c.',
                },
                "italic": {"type": "boolean", "description": "true: cả tiêu đề (kể cả số) in nghiêng"},
                "content": {
                    "anyOf": [
                        text_line,
                        {"type": "null"},
                        {"type": "array", "items": {"$ref": "#/definitions/block"}},
                    ],
                    "description": "Nội dung: đoạn văn, danh sách, bảng hoặc mục con",
                },
            },
            "Một mục có tiêu đề",
            ("title",),
        ),
        "block": {
            "anyOf": [
                _described(text_line, 'Một đoạn văn; số liệu viết {{ pl["mã"] }}'),
                {"$ref": "#/definitions/section"},
                _object(
                    {
                        "list": {"type": "array", "items": text_line, "description": "Các ý"},
                        "marker": {"enum": list(MARKERS), "description": "Dấu đầu dòng: -, +, 1., 1), a) hoặc a."},
                        "start": {"type": "integer", "minimum": 1, "description": "Số thứ tự của ý đầu tiên"},
                    },
                    "Danh sách gạch đầu dòng",
                    ("list",),
                ),
                _object(
                    {
                        "table": _object(
                            {
                                "header": _described(cell_rows, "Các dòng tiêu đề bảng"),
                                "rows": {
                                    "type": "array",
                                    "items": {
                                        "anyOf": [
                                            {"type": "array", "items": {"$ref": "#/definitions/cell"}},
                                            _object(
                                                {
                                                    "bold": {"type": "boolean", "description": "Dòng in đậm"},
                                                    "cells": {
                                                        "type": "array",
                                                        "items": {"$ref": "#/definitions/cell"},
                                                        "description": "Các ô của dòng",
                                                    },
                                                },
                                                "Dòng in đậm (dòng nhóm): {bold: true, cells: [ô, ô, …]}",
                                                ("cells",),
                                            ),
                                        ]
                                    },
                                    "description": "Các dòng của bảng",
                                },
                                "widths": {
                                    "type": "array",
                                    "items": {"type": "number", "exclusiveMinimum": 0},
                                    "description": "Độ rộng tương đối của các cột, mỗi cột một số (ví dụ [1, 4, 3])",
                                },
                                "total": {
                                    "type": "array",
                                    "items": {"$ref": "#/definitions/cell"},
                                    "description": "Dòng tổng cộng",
                                },
                            },
                            "Bảng",
                        )
                    },
                    "Bảng trong nội dung",
                    ("table",),
                ),
                _object(
                    {"text": _text("Đoạn văn"), "footnote": {"description": "Chú thích cuối trang"}},
                    "Đoạn văn có chú thích cuối trang",
                    ("text",),
                ),
            ]
        },
    }


def _signature() -> JsonSchema:
    prefixes = "|".join(_either_case(p.rstrip(".")) for p in PREFIXES)
    schema = _object(
        {
            "prefix": {
                "type": ["string", "null"],
                "pattern": rf"^\s*({prefixes})\.?\s*$",
                "description": f"Ký thay, thay mặt…: {', '.join(PREFIXES)}; bỏ khi người đứng đầu ký",
            },
            "authority": _required_text("Thẩm quyền ký (ví dụ GIÁM ĐỐC, CHỦ TỊCH)"),
            "title": _text("Chức vụ người ký (cần khi có prefix, ví dụ PHÓ GIÁM ĐỐC)"),
            "name": _text("Họ tên người ký"),
            "distribution": _lines("Nơi nhận (không ghi '- ' và dấu ';' ở cuối)"),
        },
        "Chữ ký và nơi nhận",
        ("authority",),
    )
    schema["dependencies"] = {"prefix": ["title"]}
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
    entry = _object(
        {
            "value": _described(value, "Giá trị"),
            "note": {"type": ["string", "number", "null"], "description": "Ghi chú (cột Ghi chú của Phụ lục)"},
            "qualifier": {
                "type": ["string", "number", "null"],
                "description": "Chữ in sau số, ví dụ (lượt người)",
            },
            "blank": {"type": "boolean", "description": "true: để trống cả dòng tự tính"},
        },
        "Giá trị và ghi chú",
    )
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


def report_schema(form: Form) -> JsonSchema:
    """The JSON Schema (draft-07) of a report file whose appendix uses `form`."""
    values = {row_id: _indicator(row, only_in) for row_id, (row, only_in) in _rows(form).items()}
    versions = [v.version for v in form.versions if v.version]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"Báo cáo cải cách hành chính — {form.name}",
        "description": "Tệp YAML của một báo cáo CCHC (cchc-docgen). Kiểm tra đầy đủ: cchc-docgen check <tệp>",
        "type": "object",
        "additionalProperties": False,
        "required": ["agency", "period", "document", "signature", "appendix"],
        "properties": {
            "agency": _agency(),
            "period": {
                "type": "string",
                "pattern": _PERIOD,
                "description": "Kỳ báo cáo: YYYY-Q1…Q4 (quý), YYYY-6T (6 tháng), YYYY-9T (9 tháng), YYYY-NAM (năm)",
            },
            "data_window": _object(
                {
                    "from": {"type": "string", "pattern": _DAY, "description": "Ngày bắt đầu YYYY-MM-DD"},
                    "to": {"type": "string", "pattern": _DAY, "description": "Ngày kết thúc YYYY-MM-DD"},
                },
                "Thời gian chốt số liệu, nếu khác mặc định của kỳ",
                ("from", "to"),
            ),
            "document": _document(),
            "narrative": {
                "type": ["array", "null"],
                "items": {"$ref": "#/definitions/section"},
                "description": "Nội dung báo cáo: các mục I., II., … (mỗi mục có title và content)",
            },
            "closing": _text("Câu kết (ví dụ Trên đây là báo cáo …/.)"),
            "signature": _signature(),
            "appendix": _object(
                {
                    "form": {"const": form.id, "description": f"Mã biểu mẫu phụ lục: {form.name}"},
                    "version": {
                        "enum": [*versions, None] if versions else [None],
                        "description": "Phiên bản biểu mẫu; bỏ trống để dùng phiên bản áp dụng cho kỳ báo cáo",
                    },
                    "heading": _text("Tiêu đề phụ lục nếu khác biểu mẫu (ví dụ PHỤ LỤC 2)"),
                    "leading_zero": {"type": "boolean", "description": "true: số nhỏ hơn 10 in thêm số 0 (06)"},
                    "title": _text("Tên phụ lục nếu khác biểu mẫu; dùng được {KY}, {CO_QUAN}, {DIA_BAN}"),
                    "values": _object(
                        values,
                        "Số liệu từng chỉ tiêu: một số, ~ (để trống), hoặc {value: số, note: ghi chú}",
                    )
                    | {"type": ["object", "null"]},
                },
                "Phụ lục số liệu",
                ("form",),
            ),
        },
        "definitions": _narrative_definitions(),
    }


def schema_text(form: Form) -> str:
    """The schema as the JSON file written to disk (UTF-8, readable, stable)."""
    return json.dumps(report_schema(form), ensure_ascii=False, indent=2) + "\n"


def schema_file_name(form_id: str) -> str:
    """The file name `init` gives the schema of a form, next to the report."""
    return f"{form_id}.schema.json"


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
