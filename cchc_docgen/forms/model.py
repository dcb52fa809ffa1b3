"""The form model: rows, kinds, codes, derivations, bounds, columns and versions of a statistics form."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import msgspec

from ..core.errors import FormError, did_you_mean

FORM_SUFFIX = ".yaml"
_PLACEHOLDER = re.compile(r"\{([A-Z_]+)\}")
TITLE_PLACEHOLDERS = ("KY", "CO_QUAN", "DIA_BAN")
#: A numbered STT as forms print it: "1", "1.", "1.2.", "1.2.1." (not "Trong đó", "-", "a").
NUMBERED_STT = re.compile(r"^\d+(\.\d+)*\.?$")
_ROMAN_STT = re.compile(r"^[IVXLC]+\.?$")
#: The five printed columns, in order.
COLUMN_NAMES = ("stt", "label", "unit", "value", "note")
DEFAULT_HEADING = "PHỤ LỤC"


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


class CodeSet(msgspec.Struct, frozen=True):
    """Coded answers such as "Có = 1; Không = 0"."""

    name: str
    label: str
    values: dict[int, str]


class Derivation(msgspec.Struct, frozen=True):
    """How a row's value is computed from others: a ratio (×100) or a sum."""

    kind: str  # "ratio" | "sum"
    sources: tuple[str, ...]


class Bound(msgspec.Struct, frozen=True):
    """A consistency rule: the rows `parts` together are at most the row `whole`."""

    parts: tuple[str, ...]
    whole: str
    line: int = 0


class Indicator(msgspec.Struct, frozen=True):
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
    parts: tuple[tuple[str, ...], ...] = ()  # each list: rows whose sum is at most this row
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


class Columns(msgspec.Struct, frozen=True):
    """Column headings of the appendix table; `*…*` marks an italic part of a heading."""

    stt: str = "STT"
    label: str = "Chỉ tiêu thống kê"
    unit: str = "Đơn vị tính"
    value: str = "Số lượng/tỷ lệ"
    note: str = "Ghi chú"
    group: str | None = None
    #: The columns the group heading spans: ("unit", "value"), or ("value",) when "Đơn vị tính"
    #: is its own column over both header rows.
    group_over: tuple[str, ...] = ("unit", "value")

    def heading(self, name: str) -> str:
        """The heading of column `name` ("stt", "label", …)."""
        text: str = getattr(self, name)
        return text


class Layout(msgspec.Struct, frozen=True):
    """How a form prints: column widths, the attachment line, leading zeros, bold rows."""

    #: Share of the table width per column (STT, label, unit, value, note), summing to 1.
    widths: tuple[float, ...] = (0.07, 0.35, 0.155, 0.115, 0.31)
    #: The words before "Báo cáo số …" in the attachment line: "Kèm theo", "Ban hành kèm theo".
    attachment: str = "Kèm theo"
    #: Counts below 10 printed with a leading zero ("06").
    leading_zero: bool = False
    #: Row kinds printed bold (STT and label).
    bold: frozenset[RowKind] = frozenset({RowKind.SECTION, RowKind.GROUP})


@dataclass(frozen=True)
class Form:
    """An appendix form (one version of it): heading, title pattern, columns, layout and rows.

    A dataclass, not a Struct: `variants` holds this form too, so it and `by_id` stay out of
    comparison and repr, which only dataclass fields can do.
    """

    id: str
    name: str
    heading: str  # "" when the form prints no heading line
    title: str
    orientation: str
    columns: Columns
    rows: tuple[Indicator, ...]
    path: Path
    by_id: dict[str, Indicator] = field(repr=False, compare=False, default_factory=dict)
    layout: Layout = field(default_factory=Layout)
    bounds: tuple[Bound, ...] = ()
    version: str = ""
    effective: dt.date | None = None
    #: The last day the form is in force, all its versions (a province merged, a form replaced); None: open.
    until: dt.date | None = None
    #: Every version of the form by name (this one included); empty when the form has one version.
    variants: dict[str, Form] = field(repr=False, compare=False, default_factory=dict)

    @property
    def versions(self) -> list[Form]:
        """All versions, oldest first."""
        return sorted(self.variants.values(), key=lambda f: f.effective or dt.date.min)


def stt_with_dot(stt: str) -> str:
    """The STT as a heading prints it before its label: "I.", "1.", "1.1." — never "1.1.."."""
    if (NUMBERED_STT.match(stt) or _ROMAN_STT.match(stt)) and not stt.endswith("."):
        return f"{stt}."
    return stt


def join_ref(*parts: str) -> str:
    """ "I" + "1.1." → "I.1.1": numbering parts joined by single dots."""
    return ".".join(p.strip(".") for p in parts if p.strip("."))


def select_version(form: Form, on: dt.date, pinned: str | None = None) -> Form:
    """The version of `form` in force on `on` (the last day of the report's data), or the pinned one."""
    if not form.variants:
        if pinned is not None and pinned != form.version:
            raise FormError(f"biểu mẫu '{form.id}' chỉ có một phiên bản, không có phiên bản '{pinned}'")
        return form
    if pinned is not None:
        if pinned not in form.variants:
            raise FormError(
                f"biểu mẫu '{form.id}' không có phiên bản '{pinned}'{did_you_mean(pinned, form.variants)};"
                f" các phiên bản: {', '.join(repr(v.version) for v in form.versions)}"
            )
        return form.variants[pinned]
    in_force = [v for v in form.versions if v.effective is None or v.effective <= on]
    if not in_force:
        first = form.versions[0]
        raise FormError(
            f"biểu mẫu '{form.id}' chưa có phiên bản áp dụng cho kỳ báo cáo (số liệu đến"
            f" {on:%d/%m/%Y}); phiên bản sớm nhất '{first.version}' áp dụng từ"
            f" {first.effective:%d/%m/%Y}"
        )
    return in_force[-1]


def describe_versions(form: Form) -> str:
    """ "2022 (từ 01/01/2022), 2023 (từ 01/01/2023)" for `forms`; "" for a single version."""
    return ", ".join(f"{v.version} (từ {v.effective:%d/%m/%Y})" if v.effective else v.version for v in form.versions)


def out_of_force(form: Form, on: dt.date) -> str | None:
    """Why `form` should not serve a report whose data run to `on`: it applies only until an
    earlier day (`until`); None when it is still in force."""
    if form.until is None or on <= form.until:
        return None
    return (
        f"biểu mẫu '{form.id}' ({form.name}) chỉ áp dụng đến hết ngày {form.until:%d/%m/%Y}, còn số liệu của kỳ"
        f" này tính đến {on:%d/%m/%Y}: hãy dùng biểu mẫu đang áp dụng của tỉnh (có biểu mẫu trống thì tạo tệp"
        " biểu mẫu bằng lệnh: cchc-docgen forms import BIỂU-MẪU.docx -o bieu-mau.yaml)"
    )


def title_placeholders(text: str) -> list[str]:
    """Placeholders named in a title pattern."""
    return _PLACEHOLDER.findall(text)


def fill_title(pattern: str, values: dict[str, str]) -> str:
    """Replace the known {PLACEHOLDERS} of a title pattern; nothing else is interpreted."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)
