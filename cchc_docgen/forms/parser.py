"""Form files → validated `Form` objects: every field checked, versions merged, numbering checked."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..core.errors import Diagnostic, FormError, InputError, did_you_mean, error_at
from ..core.located_yaml import Located, PathKey, load_located
from .model import (
    COLUMN_NAMES,
    DEFAULT_HEADING,
    NUMBERED_STT,
    TITLE_PLACEHOLDERS,
    Bound,
    CodeSet,
    Columns,
    Derivation,
    Form,
    Indicator,
    Layout,
    RowKind,
    join_ref,
    title_placeholders,
)
from .row_checks import CODE_DIGITS, numbering_errors, stt_width_errors
from .versions import parse_versions


@functools.cache
def _id_pattern() -> re.Pattern[str]:
    """What an indicator id may be made of (compiled when a form is parsed, not on every import)."""
    return re.compile(r"^[A-Za-z0-9_.\-]+$")


_FORM_KEYS = (
    "id", "name", "heading", "title", "orientation", "columns", "layout", "codes", "rows", "rules",
    "version", "effective", "until", "versions",
)  # fmt: skip
_ROW_KEYS = ("id", "stt", "label", "kind", "unit", "codes", "derive", "max", "parts")
_COLUMN_KEYS = (*COLUMN_NAMES, "group", "group_over")
_LAYOUT_KEYS = ("widths", "attachment", "leading_zero", "bold")
_RULE_KEYS = ("sum", "max")
_GROUP_OVER = (("unit", "value"), ("value",))
#: A width in `layout.widths` is a share; anything this big is a mistake (and inf would make shares NaN).
_WIDEST_SHARE = 10**6


def parse_form_file(path: Path, text: str | None = None) -> Form:
    """Parse `path` (or `text` read from it) and each of its versions; raise FormError with every
    problem found."""
    try:
        located = load_located(path, text)
    except InputError as exc:
        raise FormError(exc.diagnostics) from None
    if not isinstance(located.data, dict):
        raise FormError(error_at(path, 1, "biểu mẫu phải là một bảng khóa: giá trị"))
    parser = _FormParser(located)
    base = parser.parse()
    errors = list(parser.errors)
    variants, problems = parse_versions(located, base, _parse)
    errors.extend(problems)
    unique = list(dict.fromkeys(errors))
    if unique:
        raise FormError(unique)
    if variants:
        for variant in variants.values():
            variant.variants.update(variants)
    return base


def _parse(located: Located) -> tuple[Form, list[Diagnostic]]:
    """One version's data parsed into a form, and the problems found."""
    parser = _FormParser(located)
    form = parser.parse()
    return form, parser.errors


class _FormParser:
    def __init__(self, located: Located) -> None:
        self.src = located
        self.errors: list[Diagnostic] = []

    def err(self, key: Iterable[str | int], message: str) -> None:
        self.errors.append(error_at(self.src.path, self.src.line(*key), message))

    def text(self, data: dict[str, Any], name: str, key: PathKey, default: str | None = None) -> str:
        """A text field: a string (or a whole number); a decimal, list or mapping is an error."""
        value = data.get(name, default)
        if value is None:
            self.err(key, f"biểu mẫu thiếu trường '{name}'")
            return ""
        if isinstance(value, float):
            self.err((*key, name), f"trường '{name}' phải là chuỗi văn bản; hãy viết trong ngoặc kép (\"{value}\")")
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.err((*key, name), f"trường '{name}' phải là chuỗi văn bản")
            return ""
        return str(value)

    def optional_text(self, data: dict[str, Any], name: str, key: PathKey) -> str:
        return self.text(data, name, key, "") if data.get(name) is not None else ""

    def unknown(self, data: dict[str, Any], allowed: Sequence[str], key: PathKey) -> None:
        for name in data:
            if name not in allowed:
                self.err((*key, name), f"trường không hợp lệ '{name}'{did_you_mean(name, allowed)}")

    def parse(self) -> Form:
        data = self.src.data
        self.unknown(data, _FORM_KEYS, ())
        form_id = self.text(data, "id", ())
        if form_id and form_id != self.src.path.stem:
            self.err(("id",), f"id '{form_id}' phải trùng tên tệp '{self.src.path.stem}'")
        title = self.text(data, "title", ())
        for name in title_placeholders(title):
            if name not in TITLE_PLACEHOLDERS:
                self.err(
                    ("title",),
                    f"chỗ trống {{{name}}} không hợp lệ; chỉ dùng "
                    + ", ".join("{" + p + "}" for p in TITLE_PLACEHOLDERS),
                )
        orientation = self.text(data, "orientation", (), "portrait")
        if orientation not in ("portrait", "landscape"):
            self.err(("orientation",), "orientation phải là portrait hoặc landscape")
        # An absent heading prints "PHỤ LỤC"; an empty one (`heading: ""`) prints no heading line.
        heading = DEFAULT_HEADING if "heading" not in data else (self.optional_text(data, "heading", ()))
        effective = data.get("effective")
        if effective is not None and not isinstance(effective, dt.date):
            self.err(("effective",), "effective phải là một ngày dạng YYYY-MM-DD")
            effective = None
        until = data.get("until")
        if until is not None and not isinstance(until, dt.date):
            self.err(("until",), "until phải là một ngày dạng YYYY-MM-DD (ngày cuối cùng biểu mẫu còn áp dụng)")
            until = None
        if until is not None and effective is not None and until < effective:
            self.err(("until",), f"until ({until:%d/%m/%Y}) phải sau ngày bắt đầu áp dụng ({effective:%d/%m/%Y})")
            until = None
        codes = self.codes(data.get("codes") or {})
        rows = self.rows(data.get("rows"), codes)
        columns = self.columns(data.get("columns") or {})
        layout = self.layout(data.get("layout") or {})
        self.errors.extend(stt_width_errors(self.src, columns, rows, layout, orientation))
        return Form(
            id=form_id,
            name=self.text(data, "name", ()),
            heading=heading,
            title=title,
            orientation=orientation,
            columns=columns,
            rows=tuple(rows),
            path=self.src.path,
            by_id={row.id: row for row in rows},
            layout=layout,
            bounds=tuple(self.bounds(rows, data.get("rules"))),
            version=self.optional_text(data, "version", ()),
            effective=effective,
            until=until,
        )

    def columns(self, data: Any) -> Columns:
        key: PathKey = ("columns",)
        if not isinstance(data, dict):
            self.err(key, "columns phải là một bảng khóa: giá trị")
            return Columns()
        self.unknown(data, _COLUMN_KEYS, key)
        texts = {k: self.text(data, k, key) for k in (*COLUMN_NAMES, "group") if data.get(k) is not None}
        group_over: tuple[str, ...] = ("unit", "value")
        if data.get("group_over") is not None:
            raw = data["group_over"]
            if not isinstance(raw, list) or tuple(str(x) for x in raw) not in _GROUP_OVER:
                self.err((*key, "group_over"), "group_over phải là [unit, value] hoặc [value]")
            else:
                group_over = tuple(str(x) for x in raw)
        return Columns(**texts, group_over=group_over)  # type: ignore[arg-type]

    def layout(self, data: Any) -> Layout:
        key: PathKey = ("layout",)
        if not isinstance(data, dict):
            self.err(key, "layout phải là một bảng khóa: giá trị")
            return Layout()
        self.unknown(data, _LAYOUT_KEYS, key)
        layout = Layout()
        widths = layout.widths
        if "widths" in data:
            raw = data["widths"]
            if (
                not isinstance(raw, list)
                or len(raw) != len(COLUMN_NAMES)
                or not all(
                    isinstance(w, (int, float)) and not isinstance(w, bool) and 0 < w < _WIDEST_SHARE for w in raw
                )
            ):
                self.err(
                    (*key, "widths"),
                    "widths phải là 5 số dương (phần trăm bề rộng: STT, chỉ tiêu, đơn vị, giá trị, ghi chú)",
                )
            else:
                from .stt_width import MIN_LABEL_SHARE  # text metrics: only for a form's own widths

                total = float(sum(raw))
                shares = tuple(float(w) / total for w in raw)
                if shares[1] < MIN_LABEL_SHARE:
                    self.err(
                        (*key, "widths"),
                        f"widths: cột chỉ tiêu cần ít nhất {MIN_LABEL_SHARE:.0%} bề rộng bảng (đang là"
                        f" {shares[1]:.0%})",
                    )
                else:
                    widths = shares
        attachment = self.text(data, "attachment", key, layout.attachment)
        leading_zero = data.get("leading_zero", False)
        if not isinstance(leading_zero, bool):
            self.err((*key, "leading_zero"), "leading_zero phải là true hoặc false")
            leading_zero = False
        bold = layout.bold
        if "bold" in data:
            raw = data["bold"]
            kinds = [k.value for k in RowKind]
            if not isinstance(raw, list) or not all(str(k) in kinds for k in raw):
                self.err((*key, "bold"), f"bold phải là danh sách loại dòng: {', '.join(kinds)}")
            else:
                bold = frozenset(RowKind(str(k)) for k in raw)
        return Layout(widths=widths, attachment=attachment, leading_zero=leading_zero, bold=bold)

    def codes(self, data: Any) -> dict[str, CodeSet]:
        result: dict[str, CodeSet] = {}
        if not isinstance(data, dict):
            self.err(("codes",), "codes phải là một bảng khóa: giá trị")
            return result
        for name, spec in data.items():
            key: PathKey = ("codes", name)
            if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict):
                self.err(key, f"bộ mã '{name}' cần label và values")
                continue
            self.unknown(spec, ("label", "values"), key)
            values = spec["values"]
            # Mapping keys arrive as text from the loader: codes are whole numbers written as keys.
            if not all(re.fullmatch(r"\d+", str(k)) for k in values):
                self.err((*key, "values"), f"bộ mã '{name}': mã phải là số nguyên")
                continue
            if not all(len(str(k)) <= CODE_DIGITS for k in values):
                self.err((*key, "values"), f"bộ mã '{name}': mã có nhiều nhất {CODE_DIGITS} chữ số")
                values = {k: v for k, v in values.items() if len(str(k)) <= CODE_DIGITS}  # rows may still use it
            codes = {int(k): self.text(values, k, (*key, "values")) for k in values}
            result[name] = CodeSet(name, self.text(spec, "label", key), codes)
        return result

    def id_list(self, raw: Any, key: PathKey, what: str) -> tuple[str, ...]:
        if not isinstance(raw, list) or not raw:
            self.err(key, f"{what} phải là danh sách mã chỉ tiêu")
            return ()
        out = []
        for i, item in enumerate(raw):
            if isinstance(item, str):
                out.append(item)
            else:
                self.err((*key, i), f"{what}: mã chỉ tiêu phải là chuỗi văn bản (viết trong ngoặc kép)")
        return tuple(out)

    def parts(self, raw: Any, key: PathKey) -> tuple[tuple[str, ...], ...]:
        """`parts: [a, b]` or several lists `parts: [[a, b], [c, d]]`."""
        if raw is None:
            return ()
        if isinstance(raw, list) and raw and all(isinstance(item, list) for item in raw):
            return tuple(self.id_list(item, (*key, i), "parts") for i, item in enumerate(raw))
        return (self.id_list(raw, key, "parts"),)

    def rows(self, data: Any, codes: dict[str, CodeSet]) -> list[Indicator]:
        if isinstance(data, list) and not data:
            self.err(
                ("rows",),
                "rows của biểu mẫu đang rỗng; biểu mẫu cần ít nhất một dòng (báo cáo không có phụ lục thì bỏ phần"
                " appendix của báo cáo, không cần biểu mẫu)",
            )
            return []
        if not isinstance(data, list):
            self.err(("rows",), "biểu mẫu cần danh sách rows (mỗi dòng một mục '- id: …')")
            return []
        rows: list[Indicator] = []
        seen: dict[str, int] = {}
        section = ""
        number = ""
        for i, spec in enumerate(data):
            key: PathKey = ("rows", i)
            if not isinstance(spec, dict):
                self.err(key, "mỗi dòng của biểu mẫu phải là một bảng khóa: giá trị")
                continue
            self.unknown(spec, _ROW_KEYS, key)
            row_id = self.text(spec, "id", key)
            if row_id and not _id_pattern().match(row_id):
                self.err((*key, "id"), f"id '{row_id}' chỉ được gồm chữ không dấu, số, '_', '.', '-'")
            if row_id in seen:
                self.err((*key, "id"), f"id '{row_id}' bị lặp (đã có ở dòng {seen[row_id]})")
            seen[row_id] = self.src.line(*key) or 0
            kind_text = self.text(spec, "kind", key)
            try:
                kind = RowKind(kind_text)
            except ValueError:
                self.err(
                    (*key, "kind"),
                    f"kind '{kind_text}' không hợp lệ{did_you_mean(kind_text, [k.value for k in RowKind])}",
                )
                kind = RowKind.GROUP
            stt = self.optional_text(spec, "stt", key)
            unit = self.optional_text(spec, "unit", key)
            code_set = None
            if kind is RowKind.CODED:
                code_name = spec.get("codes")
                if not isinstance(code_name, str) or code_name not in codes:
                    self.err(
                        (*key, "codes"),
                        f"dòng coded cần codes là một bộ mã đã khai báo{did_you_mean(str(code_name), codes)}",
                    )
                else:
                    code_set = codes[code_name]
                    unit = unit or code_set.label
            if kind is RowKind.PERCENT:
                unit = unit or "%"
            if kind is RowKind.SECTION:
                section, number = stt, ""
            elif NUMBERED_STT.match(stt):
                number = stt  # "Trong đó", "- " and the like are not numbers
            max_of = None
            if spec.get("max") is not None:
                max_of = self.text(spec, "max", key)
            rows.append(
                Indicator(
                    id=row_id,
                    stt=stt,
                    label=self.text(spec, "label", key),
                    kind=kind,
                    unit=unit,
                    line=self.src.line(*key) or 0,
                    codes=code_set,
                    derive=self.derive(spec.get("derive"), key),
                    max_of=max_of or None,
                    parts=self.parts(spec.get("parts"), (*key, "parts")),
                    ref=join_ref(section, number),
                )
            )
        self.errors.extend(numbering_errors(self.src.path, rows))
        ids = {row.id for row in rows}
        for i, row in enumerate(rows):
            named = list(row.derive.sources if row.derive else ()) + [p for group in row.parts for p in group]
            named += [row.max_of] if row.max_of else []
            for other in named:
                if other not in ids:
                    self.err(
                        ("rows", i), f"dòng '{row.id}' tham chiếu chỉ tiêu không có '{other}'{did_you_mean(other, ids)}"
                    )
        return rows

    def bounds(self, rows: list[Indicator], raw: Any) -> list[Bound]:
        """Each row's `parts` lists, then the form's `rules` (a sum bounded by any row)."""
        found = [Bound(group, row.id, row.line) for row in rows for group in row.parts if group]
        if raw is None:
            return found
        if not isinstance(raw, list):
            self.err(("rules",), "rules phải là danh sách '- {sum: [mã, …], max: mã}'")
            return found
        ids = {row.id for row in rows}
        for i, spec in enumerate(raw):
            key: PathKey = ("rules", i)
            if not isinstance(spec, dict) or "sum" not in spec or "max" not in spec:
                self.err(key, "mỗi quy tắc là {sum: [mã, …], max: mã}: tổng các chỉ tiêu không vượt quá một chỉ tiêu")
                continue
            self.unknown(spec, _RULE_KEYS, key)
            parts = self.id_list(spec["sum"], (*key, "sum"), "sum")
            whole = self.text(spec, "max", key)
            for other in (*parts, whole):
                if other and other not in ids:
                    self.err(key, f"quy tắc tham chiếu chỉ tiêu không có '{other}'{did_you_mean(other, ids)}")
            if parts and whole:
                found.append(Bound(parts, whole, self.src.line(*key) or 0))
        return found

    def derive(self, spec: Any, key: PathKey) -> Derivation | None:
        if spec is None:
            return None
        if isinstance(spec, dict) and len(spec) == 1:
            ((kind, sources),) = spec.items()
            if kind in ("ratio", "sum") and isinstance(sources, list) and sources:
                ids = self.id_list(sources, (*key, "derive", kind), "derive")
                if kind == "ratio" and len(sources) != 2:
                    self.err((*key, "derive"), "ratio cần đúng hai chỉ tiêu: [tử số, mẫu số]")
                return Derivation(kind, ids)
        self.err((*key, "derive"), "derive phải là {ratio: [tử, mẫu]} hoặc {sum: [id, …]}")
        return None
