"""Province compilation: the appendices of many agencies on one form and period, summed row by row."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path

import msgspec

from ..core.errors import Diagnostic, warning_at
from ..core.vnformat import number_or_blank as _num
from ..forms import Form, Indicator, RowKind
from ..report.derived import Number, is_ratio, ratio
from ..report.model import DocDate
from ..report.period import Period

__all__ = [
    "OUTLIER_FACTOR",
    "UNSUMMABLE",
    "Compilation",
    "RowTotal",
    "State",
    "Submission",
    "agency_key",
    "compile_province",
]

#: A value more than this many times the median of the agencies that reported is flagged.
OUTLIER_FACTOR = 10
#: The note of a percentage the form gives no numerator and denominator for (never averaged).
UNSUMMABLE = "tỷ lệ riêng của từng đơn vị, không cộng được"
#: The median means little with fewer reporting agencies than this.
OUTLIER_MIN_AGENCIES = 3


class State(Enum):
    """An agency's state in the compilation; the value is what the status sheet prints."""

    SUBMITTED = "đã nộp"
    MISSING = "chưa nộp"
    ERROR = "có lỗi"
    DRAFT = "bản dự thảo"
    NO_APPENDIX = "không có phụ lục"  # a report without a statistics table: nothing to add up

    @property
    def counted(self) -> bool:
        """Whether the agency's numbers enter the totals (a draft's do: its numbers are all there)."""
        return self in (State.SUBMITTED, State.DRAFT)


def agency_key(name: str) -> str:
    """How agencies are matched across files and lists: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


class Submission(msgspec.Struct, frozen=True):
    """One agency in the compilation: what its file said, or that it sent nothing usable."""

    name: str  # the agency's full name, or the file name when the file could not be read
    short_name: str  # the column heading
    state: State
    path: Path | None = None
    period: Period | None = None
    form: Form | None = None
    document_code: str = ""  # "174/BC-STTTT"; blank in a draft
    date: DocDate | None = None
    signer: str = ""
    values: Mapping[str, Number | None] = msgspec.field(default_factory=dict)
    lines: Mapping[str, int | None] = msgspec.field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def key(self) -> str:
        return agency_key(self.name)

    @property
    def error_count(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)


class RowTotal(msgspec.Struct, frozen=True):
    """The "Tổng" of one form row over the agencies counted."""

    indicator: Indicator
    total: Number | None  # None: a code row, a section, every agency blank, or a ratio without its parts
    reported: int  # agencies that gave a value
    agencies: int  # agencies counted
    code_counts: tuple[tuple[str, int], ...] = ()  # (meaning, how many answered it) for code rows

    @property
    def blanks(self) -> int:
        return self.agencies - self.reported

    def code_lines(self) -> list[str]:
        """ "Có: 18/20 đơn vị" for each code, in the form's order."""
        return [f"{meaning}: {count}/{self.agencies} đơn vị" for meaning, count in self.code_counts]

    def note(self) -> str:
        """What the total cannot say as a number: a ratio the form gives no parts for, blanks."""
        kind = self.indicator.kind
        if kind is RowKind.SECTION or not self.agencies:
            return ""
        if kind is RowKind.PERCENT and self.indicator.derive is None and self.reported:
            return UNSUMMABLE
        if self.blanks == 0 or (kind is RowKind.GROUP and self.reported == 0):
            return ""
        return f"{self.blanks}/{self.agencies} đơn vị để trống"


class Compilation(msgspec.Struct, frozen=True):
    """The province's compilation: the agencies counted (columns), every agency's state, the totals."""

    form: Form
    period: Period
    province: str
    columns: tuple[Submission, ...]
    agencies: tuple[Submission, ...]
    totals: Mapping[str, RowTotal]
    warnings: tuple[Diagnostic, ...]

    def count(self, state: State) -> int:
        return sum(1 for a in self.agencies if a.state is state)


def compile_province(
    agencies: Sequence[Submission],
    form: Form,
    period: Period,
    province: str,
    previous: Mapping[str, Submission] | None = None,
    where: str = "Tổng",
) -> Compilation:
    """Sum every row over the counted agencies; warn about outliers, parts over wholes, repeats.

    `previous` maps agency keys to last period's submissions; `where` names the totals in messages.
    """
    agencies, renamed = _distinct_headings(agencies)
    columns = tuple(a for a in agencies if a.state.counted)
    totals = {row.id: _ratio_total(row, columns) if is_ratio(row) else _row_total(row, columns) for row in form.rows}
    warnings = [
        *renamed,
        *_outliers(form, columns),
        *_parts_over_wholes(form, columns, totals, where),
        *_repeats(form, columns, previous or {}),
    ]
    return Compilation(form, period, province, columns, tuple(agencies), totals, tuple(warnings))


def _distinct_headings(agencies: Sequence[Submission]) -> tuple[list[Submission], list[Diagnostic]]:
    """Agencies counted whose column headings are the same (two "Sở Tư pháp" of different provinces,
    two list entries with one short_name) get their full names as headings, numbered if even those
    meet; a warning names them."""
    counted = [a for a in agencies if a.state.counted]
    groups: dict[str, list[Submission]] = {}
    for agency in counted:
        groups.setdefault(agency_key(agency.short_name), []).append(agency)
    clashes = [group for group in groups.values() if len(group) > 1]
    if not clashes:
        return list(agencies), []
    taken = {agency_key(a.short_name) for a in counted if len(groups[agency_key(a.short_name)]) == 1}
    headings: dict[int, str] = {}
    warnings = []
    for group in clashes:
        for agency in group:
            heading, number = agency.name, 1
            while agency_key(heading) in taken:
                number += 1
                heading = f"{agency.name} ({number})"
            taken.add(agency_key(heading))
            headings[id(agency)] = heading
        names = ", ".join(f"'{a.name}'" for a in group)
        warnings.append(
            warning_at(
                group[1].path or group[1].name,
                None,
                f"các cơ quan {names} cùng tên cột '{group[0].short_name}'; các cột này ghi tên đầy đủ của cơ quan"
                " (đặt short_name riêng cho từng cơ quan trong tệp danh sách --expect để có tên cột ngắn)",
            )
        )
    renamed = [msgspec.structs.replace(a, short_name=headings[id(a)]) if id(a) in headings else a for a in agencies]
    return renamed, warnings


def _row_total(row: Indicator, columns: Sequence[Submission]) -> RowTotal:
    known = [v for v in (a.values.get(row.id) for a in columns) if v is not None]
    if row.kind is RowKind.SECTION:
        return RowTotal(row, None, 0, len(columns))
    if row.kind is RowKind.CODED and row.codes is not None:
        counts = tuple((meaning, sum(1 for v in known if v == code)) for code, meaning in row.codes.values.items())
        return RowTotal(row, None, len(known), len(columns), counts)
    if row.kind is RowKind.PERCENT:
        # A percentage without its numerator and denominator cannot be totalled (never averaged).
        return RowTotal(row, None, len(known), len(columns))
    return RowTotal(row, _sum(known) if known else None, len(known), len(columns))


def _sum(values: Sequence[Number]) -> Number:
    """Whole numbers summed exactly; decimals without float noise (0.1 + 0.2 is 0.3)."""
    if all(isinstance(v, int) for v in values):
        return sum(values)
    return round(math.fsum(values), 9)


def _ratio_total(row: Indicator, columns: Sequence[Submission]) -> RowTotal:
    """The form's ratio recomputed from the numerator and denominator summed over the agencies that
    gave both (never an average of the agencies' ratios; an agency missing one would skew it)."""
    assert row.derive is not None
    numerator_id, denominator_id = row.derive.sources
    pairs = [
        (n, d)
        for a in columns
        if (n := a.values.get(numerator_id)) is not None and (d := a.values.get(denominator_id)) is not None
    ]
    numerator, denominator = _sum([n for n, _ in pairs]), _sum([d for _, d in pairs])
    value = ratio(numerator, denominator) if pairs else None
    reported = sum(1 for a in columns if a.values.get(row.id) is not None)
    return RowTotal(row, value, reported, len(columns))


def _outliers(form: Form, columns: Sequence[Submission]) -> list[Diagnostic]:
    found = []
    for row in form.rows:
        if row.kind not in (RowKind.COUNT, RowKind.DECIMAL, RowKind.GROUP) or is_ratio(row):
            continue
        reported = [(a, v) for a in columns if (v := a.values.get(row.id)) is not None]
        if len(reported) < OUTLIER_MIN_AGENCIES:
            continue
        median = statistics.median(v for _, v in reported)
        if median <= 0:
            continue
        for agency, value in reported:
            if value > OUTLIER_FACTOR * median:
                found.append(
                    warning_at(
                        agency.path or agency.name,
                        agency.lines.get(row.id),
                        f"{agency.short_name}: {row.describe()} là {_num(value)}, lớn hơn {OUTLIER_FACTOR} lần"
                        f" trung vị {_num(median)} của {len(reported)} cơ quan đã báo cáo; hãy kiểm tra lại",
                    )
                )
    return found


def _parts_over_wholes(
    form: Form, columns: Sequence[Submission], totals: Mapping[str, RowTotal], where: str
) -> list[Diagnostic]:
    """Each agency's parts fit its whole (`check` refuses otherwise), so an excess in the totals
    comes from agencies that gave the part and left the whole blank: they are named."""
    found = []
    for row in form.rows:
        whole = totals[row.id].total
        if whole is None:
            continue
        if row.max_of is not None:
            bigger = totals[row.max_of]
            if bigger.total is not None and whole > bigger.total:
                blanks = _left_blank(columns, row.id, [row.max_of])
                found.append(
                    warning_at(
                        where,
                        None,
                        f"cột Tổng: {row.describe()} ({_num(whole)}) lớn hơn '{bigger.indicator.label}'"
                        f" ({_num(bigger.total)}){blanks}",
                    )
                )
    for bound in form.bounds:
        whole = totals[bound.whole].total
        row = totals[bound.whole].indicator
        parts = [totals[p] for p in bound.parts if totals[p].total is not None]
        total = sum(p.total for p in parts if p.total is not None)
        if whole is not None and parts and total > whole:
            listing = " + ".join(f"'{p.indicator.label}' ({_num(p.total)})" for p in parts)
            blanks = _left_blank(columns, bound.parts[0], [bound.whole])
            found.append(
                warning_at(
                    where,
                    None,
                    f"cột Tổng: {row.ref}: {listing} = {_num(total)} lớn hơn '{row.label}' ({_num(whole)}){blanks}",
                )
            )
    return found


def _left_blank(columns: Sequence[Submission], part: str, wholes: Sequence[str]) -> str:
    names = [
        a.short_name
        for a in columns
        if any(a.values.get(w) is None for w in wholes) and any(a.values.get(p) is not None for p in (part,))
    ]
    return f"; để trống dòng lớn hơn: {', '.join(names)}" if names else ""


def _repeats(form: Form, columns: Sequence[Submission], previous: Mapping[str, Submission]) -> list[Diagnostic]:
    """An agency whose every number equals last period's probably sent the old file again."""
    found = []
    rows = [row.id for row in form.rows if row.kind is not RowKind.SECTION]
    for agency in columns:
        before = previous.get(agency.key)
        if before is None:
            continue
        now = [agency.values.get(r) for r in rows]
        if any(v is not None for v in now) and now == [before.values.get(r) for r in rows]:
            then = before.period.name if before.period else "kỳ trước"
            found.append(
                warning_at(
                    agency.path or agency.name,
                    None,
                    f"{agency.short_name}: mọi số liệu giống hệt {then} ({before.path}); có phải gửi nhầm tệp cũ?",
                )
            )
    return found
