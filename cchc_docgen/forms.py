"""Appendix forms: the fixed rows of a Sở Nội vụ statistics form, loaded from data files."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any

from ._yaml import Located, load_located
from .errors import Diagnostic, FormError, InputError, did_you_mean, error_at

FORM_SUFFIX = ".yaml"
_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")
_PLACEHOLDER = re.compile(r"\{([A-Z_]+)\}")
TITLE_PLACEHOLDERS = ("KY", "CO_QUAN", "DIA_BAN")


class RowKind(Enum):
    """What a form row holds."""

    SECTION = "section"
    GROUP = "group"
    COUNT = "count"
    PERCENT = "percent"
    DECIMAL = "decimal"
    CODED = "coded"

    @property
    def numeric(self) -> bool:
        return self is not RowKind.SECTION


@dataclass(frozen=True)
class CodeSet:
    """Coded answers such as "Có = 1; Không = 0"."""

    name: str
    label: str
    values: dict[int, str]


@dataclass(frozen=True)
class Derivation:
    """How a row's value is computed from others: a ratio (×100) or a sum."""

    kind: str  # "ratio" | "sum"
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    """One row of a form."""

    id: str
    stt: str
    label: str
    kind: RowKind
    unit: str
    line: int
    codes: CodeSet | None = None
    derive: Derivation | None = None
    max_of: str | None = None
    parts: tuple[str, ...] = ()
    ref: str = ""  # "III.7": section and the nearest numbered indicator, for messages

    @property
    def level(self) -> int:
        """0 section, 1 numbered indicator, 2 sub-row, 3 "- " sub-sub-row."""
        if self.kind is RowKind.SECTION:
            return 0
        if self.stt:
            return 1
        return 3 if self.label.startswith("- ") else 2

    def describe(self) -> str:
        """How messages name the row: "III.7 'Số lượng hồ sơ …'"."""
        return f"{self.ref} '{self.label}'" if self.ref else f"'{self.label}'"


@dataclass(frozen=True)
class Columns:
    """Column headings of the appendix table."""

    stt: str = "STT"
    label: str = "Chỉ tiêu thống kê"
    unit: str = "Đơn vị tính"
    value: str = "Số lượng/tỷ lệ"
    note: str = "Ghi chú"
    group: str | None = None


@dataclass(frozen=True)
class Form:
    """An appendix form: heading, title pattern, columns and rows."""

    id: str
    name: str
    heading: str
    title: str
    orientation: str
    columns: Columns
    rows: tuple[Indicator, ...]
    path: Path
    by_id: dict[str, Indicator] = field(repr=False, compare=False, default_factory=dict)

    def indicator(self, row_id: str) -> Indicator:
        return self.by_id[row_id]


_FORM_KEYS = ("id", "name", "heading", "title", "orientation", "columns", "codes", "rows")
_ROW_KEYS = ("id", "stt", "label", "kind", "unit", "codes", "derive", "max", "parts")
_COLUMN_KEYS = ("stt", "label", "unit", "value", "note", "group")


def builtin_forms_dir() -> Path:
    """The folder of forms shipped inside the package."""
    return Path(str(resources.files("cchc_docgen") / "forms"))


def form_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    """Search path for forms: user folders first, then the built-in ones."""
    return [*extra, builtin_forms_dir()]


def available_forms(extra: Sequence[Path] = ()) -> dict[str, Path]:
    """Form id → file, the first folder in the search path winning."""
    found: dict[str, Path] = {}
    for folder in reversed(form_dirs(extra)):
        if folder.is_dir():
            for file in sorted(folder.glob(f"*{FORM_SUFFIX}")):
                found[file.stem] = file
    return found


_CACHE: dict[tuple[Path, float], Form] = {}


def load_form(form_id: str, extra: Sequence[Path] = ()) -> Form:
    """Load the form `form_id` from the search path; raise FormError."""
    forms = available_forms(extra)
    if form_id not in forms:
        raise FormError(
            f"không có biểu mẫu '{form_id}'{did_you_mean(form_id, forms)};"
            f" các biểu mẫu hiện có: {', '.join(sorted(forms)) or '(không có)'}"
        )
    return load_form_file(forms[form_id])


def load_form_file(path: Path) -> Form:
    """Load and validate one form file (cached by path and modification time)."""
    key = (path.resolve(), path.stat().st_mtime)
    if key not in _CACHE:
        try:
            located = load_located(path)
        except InputError as exc:
            raise FormError(exc.diagnostics) from None
        _CACHE[key] = _FormParser(located).parse()
    return _CACHE[key]


def title_placeholders(text: str) -> list[str]:
    """Placeholders named in a title pattern."""
    return _PLACEHOLDER.findall(text)


def fill_title(pattern: str, values: dict[str, str]) -> str:
    """Replace the known {PLACEHOLDERS} of a title pattern; nothing else is interpreted."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)


class _FormParser:
    def __init__(self, located: Located) -> None:
        self.src = located
        self.errors: list[Diagnostic] = []

    def err(self, key: Iterable[str | int], message: str) -> None:
        self.errors.append(error_at(self.src.path, self.src.line(*key), message))

    def text(self, data: dict[str, Any], name: str, key: tuple[str | int, ...], default: str | None = None) -> str:
        value = data.get(name, default)
        if value is None:
            self.err(key, f"biểu mẫu thiếu trường '{name}'")
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.err((*key, name), f"trường '{name}' phải là chuỗi văn bản")
            return ""
        return str(value)

    def unknown(self, data: dict[str, Any], allowed: Sequence[str], key: tuple[str | int, ...]) -> None:
        for name in data:
            if name not in allowed:
                self.err((*key, name), f"trường không hợp lệ '{name}'{did_you_mean(name, allowed)}")

    def parse(self) -> Form:
        data = self.src.data
        if not isinstance(data, dict):
            raise FormError(error_at(self.src.path, 1, "biểu mẫu phải là một bảng khóa: giá trị"))
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
        columns = self.columns(data.get("columns") or {})
        codes = self.codes(data.get("codes") or {})
        rows = self.rows(data.get("rows"), codes)
        if self.errors:
            raise FormError(self.errors)
        return Form(
            id=form_id,
            name=self.text(data, "name", ()),
            heading=self.text(data, "heading", (), "PHỤ LỤC"),
            title=title,
            orientation=orientation,
            columns=columns,
            rows=tuple(rows),
            path=self.src.path,
            by_id={row.id: row for row in rows},
        )

    def columns(self, data: Any) -> Columns:
        if not isinstance(data, dict):
            self.err(("columns",), "columns phải là một bảng khóa: giá trị")
            return Columns()
        self.unknown(data, _COLUMN_KEYS, ("columns",))
        return Columns(**{k: str(v) for k, v in data.items() if k in _COLUMN_KEYS and v is not None})

    def codes(self, data: Any) -> dict[str, CodeSet]:
        result: dict[str, CodeSet] = {}
        if not isinstance(data, dict):
            self.err(("codes",), "codes phải là một bảng khóa: giá trị")
            return result
        for name, spec in data.items():
            key = ("codes", name)
            if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict):
                self.err(key, f"bộ mã '{name}' cần label và values")
                continue
            values = spec["values"]
            # Mapping keys arrive as text from the loader: codes are whole numbers written as keys.
            if not all(re.fullmatch(r"\d+", str(k)) for k in values):
                self.err((*key, "values"), f"bộ mã '{name}': mã phải là số nguyên")
                continue
            codes = {int(k): str(v) for k, v in values.items()}
            result[name] = CodeSet(name, self.text(spec, "label", key), codes)
        return result

    def rows(self, data: Any, codes: dict[str, CodeSet]) -> list[Indicator]:
        if not isinstance(data, list) or not data:
            self.err(("rows",), "biểu mẫu cần danh sách rows")
            return []
        rows: list[Indicator] = []
        seen: dict[str, int] = {}
        section = ""
        number = ""
        for i, spec in enumerate(data):
            key: tuple[str | int, ...] = ("rows", i)
            if not isinstance(spec, dict):
                self.err(key, "mỗi dòng của biểu mẫu phải là một bảng khóa: giá trị")
                continue
            self.unknown(spec, _ROW_KEYS, key)
            row_id = self.text(spec, "id", key)
            if row_id and not _ID.match(row_id):
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
            stt = str(spec.get("stt") or "")
            code_set = None
            unit = str(spec.get("unit") or "")
            if kind is RowKind.CODED:
                code_name = spec.get("codes")
                if code_name not in codes:
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
            elif re.fullmatch(r"\d+(\.\d+)*\.?", stt):
                number = stt.rstrip(".")  # "Trong đó", "- " and the like are not numbers
            ref = ".".join(p for p in (section, number) if p)
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
                    max_of=str(spec["max"]) if spec.get("max") is not None else None,
                    parts=tuple(str(p) for p in spec.get("parts") or ()),
                    ref=ref,
                )
            )
        self.check_numbering(rows)
        ids = {row.id for row in rows}
        for i, row in enumerate(rows):
            key = ("rows", i)
            named = list(row.derive.sources if row.derive else ()) + list(row.parts)
            named += [row.max_of] if row.max_of else []
            for other in named:
                if other not in ids:
                    self.err(key, f"dòng '{row.id}' tham chiếu chỉ tiêu không có '{other}'{did_you_mean(other, ids)}")
        return rows

    def check_numbering(self, rows: list[Indicator]) -> None:
        """Numbered indicators run 1, 2, 3 … in each section: no restarts, gaps or repeats."""
        expected = 1
        for row in rows:
            if row.kind is RowKind.SECTION:
                expected = 1
            elif row.stt.rstrip(".").isdigit():
                if int(row.stt.rstrip(".")) != expected:
                    self.errors.append(
                        error_at(
                            self.src.path,
                            row.line,
                            f"số thứ tự '{row.stt}' của '{row.id}' không liền mạch; cần {expected}",
                        )
                    )
                expected = int(row.stt.rstrip(".")) + 1

    def derive(self, spec: Any, key: tuple[str | int, ...]) -> Derivation | None:
        if spec is None:
            return None
        if isinstance(spec, dict) and len(spec) == 1:
            ((kind, sources),) = spec.items()
            if kind in ("ratio", "sum") and isinstance(sources, list) and sources:
                if kind == "ratio" and len(sources) != 2:
                    self.err((*key, "derive"), "ratio cần đúng hai chỉ tiêu: [tử số, mẫu số]")
                return Derivation(kind, tuple(str(s) for s in sources))
        self.err((*key, "derive"), "derive phải là {ratio: [tử, mẫu]} hoặc {sum: [id, …]}")
        return None
