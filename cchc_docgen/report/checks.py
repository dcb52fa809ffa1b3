"""Derived values and consistency checks of an appendix against its form."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import msgspec

from ..core.errors import Diagnostic, did_you_mean, error_at, warning_at
from ..core.vnformat import format_number
from ..core.vnformat import number_or_blank as _num
from ..forms import Bound, Form, Indicator, RowKind
from .derived import Number, disagreement, is_ratio
from .model import BulletList, Paragraph, Report, Section, Text
from .refs import BLANK, ReferenceSyntaxError, find_references


class RowValue(msgspec.Struct, frozen=True):
    """An indicator's final value: typed, or computed when the form derives it."""

    indicator: Indicator
    value: Number | None
    note: str | None
    typed: Number | None
    computed: Number | None
    qualifier: str | None = None  # printed after the value: "(lượt người)"
    zero_padded: bool = False  # typed as "06": printed so


class AppendixChecker:
    """Checks one report's appendix values against its form and derives the rest."""

    def __init__(self, report: Report, form: Form) -> None:
        if report.appendix is None:
            raise ValueError("AppendixChecker needs a report with an appendix")
        self.report = report
        self.appendix = report.appendix
        self.form = form
        self.path: Path = report.source
        self.diagnostics: list[Diagnostic] = []
        self.typed: dict[str, Number | None] = {}

    def line(self, row_id: str) -> int | None:
        entry = self.appendix.values.get(row_id)
        return entry.line if entry else self.appendix.line

    def error(self, row_id: str, message: str) -> None:
        self.diagnostics.append(error_at(self.path, self.line(row_id), message))

    def warning(self, row_id: str, message: str) -> None:
        self.diagnostics.append(warning_at(self.path, self.line(row_id), message))

    def run(self) -> dict[str, RowValue]:
        appendix = self.appendix
        for row_id, entry in appendix.values.items():
            if row_id not in self.form.by_id:
                self.diagnostics.append(
                    error_at(
                        self.path,
                        entry.line,
                        f"không có chỉ tiêu '{row_id}' trong biểu mẫu {self.form.id}"
                        f"{did_you_mean(row_id, self.form.by_id)}",
                    )
                )
        for row in self.form.rows:
            typed_entry = appendix.values.get(row.id)
            self.typed[row.id] = self.valid_value(row, typed_entry.value, typed_entry.text) if typed_entry else None
        computed = {row.id: self.derive(row) for row in self.form.rows}
        values: dict[str, RowValue] = {}
        for row in self.form.rows:
            typed, derived = self.typed[row.id], computed[row.id]
            row_entry = appendix.values.get(row.id)
            left_blank = row_entry is not None and row_entry.blank
            values[row.id] = RowValue(
                indicator=row,
                value=typed if typed is not None or left_blank else derived,
                note=row_entry.note if row_entry else None,
                typed=typed,
                computed=derived,
                qualifier=row_entry.qualifier if row_entry and typed is not None else None,
                zero_padded=row_entry is not None and row_entry.zero_padded and typed is not None,
            )
        for row in self.form.rows:
            self.check_max(row, values)
        for bound in self.form.bounds:
            self.check_bound(bound, values)
        return values

    def valid_value(self, row: Indicator, value: Number | None, text: str | None = None) -> Number | None:
        """The typed value if it fits the row's kind; otherwise report it (as typed) and return None."""
        if value is None:
            return None
        what = row.describe()
        typed = text if text is not None else _num(value)
        if row.kind is RowKind.SECTION:
            self.error(row.id, f"{what} là dòng tiêu đề mục, không nhận giá trị")
            return None
        if value < 0:
            self.error(row.id, f"{what}: giá trị {typed} không được âm")
            return None
        if row.kind in (RowKind.COUNT, RowKind.CODED):
            if isinstance(value, float) and not value.is_integer():
                hint = ""
                if row.kind is RowKind.COUNT and round(value * 1000) == value * 1000 and value < 1000:
                    hint = (
                        f"; nếu ý bạn là {format_number(round(value * 1000))}, hãy viết"
                        f" {round(value * 1000)} (không dùng dấu chấm ngăn cách hàng nghìn)"
                    )
                self.error(row.id, f"{what}: giá trị {typed} phải là số nguyên{hint}")
                return None
            value = int(value)
        if row.kind is RowKind.CODED and row.codes is not None and value not in row.codes.values:
            allowed = ", ".join(f"{code} ({meaning})" for code, meaning in row.codes.values.items())
            self.error(row.id, f"{what}: mã {typed} không hợp lệ; chỉ nhận {allowed}")
            return None
        if row.kind is RowKind.PERCENT and value > 100:
            self.error(row.id, f"{what}: tỷ lệ {typed}% phải nằm trong khoảng 0 đến 100")
            return None
        return value

    def derive(self, row: Indicator) -> Number | None:
        computed, warning = disagreement(self.form, row, self.typed)
        if warning is not None:
            self.warning(row.id, warning)
        return computed

    def check_max(self, row: Indicator, values: dict[str, RowValue]) -> None:
        value = values[row.id].value
        if row.max_of is not None and value is not None:
            whole = values[row.max_of]
            if whole.value is not None and value > whole.value:
                self.error(
                    row.id,
                    f"{row.describe()} ({_num(value)}) lớn hơn '{whole.indicator.label}' ({_num(whole.value)})",
                )

    def check_bound(self, bound: Bound, values: dict[str, RowValue]) -> None:
        """The typed parts of a bound together must not exceed its whole (which need not hold their sum)."""
        whole = values[bound.whole]
        if whole.value is None:
            return
        known = [values[p] for p in bound.parts if values[p].value is not None]
        total = sum(p.value for p in known if p.value is not None)
        if known and total > whole.value:
            listing = " + ".join(f"'{p.indicator.label}' ({_num(p.value)})" for p in known)
            first = next((p for p in bound.parts if p in self.appendix.values), bound.whole)
            row = whole.indicator
            summed = f" = {_num(total)}" if len(known) > 1 else ""
            self.error(first, f"{row.ref or row.id}: {listing}{summed} lớn hơn '{row.label}' ({_num(whole.value)})")


def narrative_texts(report: Report) -> Iterator[Text]:
    """Every piece of text in which value references are allowed."""
    if report.document.opening:
        yield report.document.opening
    stack: list[Section] = list(reversed(report.narrative))
    while stack:
        section = stack.pop()
        yield section.title
        for block in reversed(section.content):
            if isinstance(block, Section):
                stack.append(block)
        for block in section.content:
            if isinstance(block, Paragraph):
                yield block.text
            elif isinstance(block, BulletList):
                yield from block.items
    if report.closing:
        yield report.closing


def check_references(report: Report, values: dict[str, RowValue]) -> list[Diagnostic]:
    """Errors for malformed references and references to unknown or blank values.

    In a draft a reference to a blank value prints as a visible blank (`refs.BLANK`): one warning
    lists where, so a draft made by `init --from` builds before its numbers are in.
    """
    found = []
    blank_lines: list[int | None] = []
    for text in narrative_texts(report):
        try:
            refs = find_references(text.raw)
        except ReferenceSyntaxError as exc:
            found.append(error_at(report.source, text.line, str(exc)))
            continue
        for ref in refs:
            if ref.row_id is None:
                continue
            if report.appendix is None:
                found.append(
                    error_at(
                        report.source,
                        text.line,
                        f'tham chiếu pl["{ref.row_id}"]: báo cáo không có phụ lục (appendix) nên không có số liệu'
                        " để lấy; hãy gõ số vào lời văn, hoặc thêm phần appendix với biểu mẫu của tỉnh",
                    )
                )
            elif ref.row_id not in values:
                found.append(
                    error_at(
                        report.source,
                        text.line,
                        f'tham chiếu pl["{ref.row_id}"]: không có chỉ tiêu này trong biểu mẫu'
                        f" {report.appendix.form_id}{did_you_mean(ref.row_id, values)}",
                    )
                )
            elif values[ref.row_id].value is None and not _typed_but_invalid(report, ref.row_id):
                row = values[ref.row_id].indicator
                if report.document.draft:
                    blank_lines.append(text.line)
                    continue
                found.append(
                    error_at(
                        report.source,
                        text.line,
                        f'tham chiếu pl["{ref.row_id}"]: {row.describe()} chưa có giá trị trong phụ lục',
                    )
                )
    if blank_lines:
        lines = ", ".join(str(line) for line in dict.fromkeys(blank_lines) if line is not None)
        found.append(
            warning_at(
                report.source,
                blank_lines[0],
                f"{len(blank_lines)} tham chiếu tới chỉ tiêu chưa có giá trị (dòng {lines}); bản dự thảo in"
                f" '{BLANK}' ở các chỗ đó, bản chính thức (không phải dự thảo) sẽ báo lỗi",
            )
        )
    return found


#: "40/46": done of planned, each at most 15 digits (a longer digit string is no count, and
#: converting one is slow, then refused).
_FRACTION = re.compile(r"(?<![\w/.,])(\d{1,15})/(\d{1,15})(?![\w/])")
_PERCENT = re.compile(r"(?<![\w.,])(\d+(?:,\d+)?)\s*%")


def check_stated_ratios(report: Report, values: dict[str, RowValue]) -> list[Diagnostic]:
    """Warn when a paragraph states its own ratio ("8/20 …, đạt 40%") that a ratio row contradicts.

    Typed numbers cannot be traced to the table; this catches the classic case where the
    narrative's "done/planned, percent" disagrees with the appendix (report 002).
    """
    ratio_rows = [v for v in values.values() if is_ratio(v.indicator) and v.value is not None]
    found = []
    for text in narrative_texts(report):
        raw = re.sub(r"\{\{.*?\}\}", " ", text.raw)
        percents = {float(p.replace(",", ".")) for p in _PERCENT.findall(raw)}
        for a, b in _FRACTION.findall(raw):
            done, planned = int(a), int(b)
            if not planned or done > planned or round(done / planned * 100) not in {round(p) for p in percents}:
                continue
            for row in ratio_rows:
                assert row.indicator.derive is not None
                sources = [values[s].value for s in row.indicator.derive.sources]
                if row.value is not None and abs(done / planned * 100 - row.value) > 0.5:
                    shown = "/".join(_num(v) for v in sources)
                    found.append(
                        warning_at(
                            report.source,
                            text.line,
                            f"lời văn ghi {done}/{planned} ({_num(round(done / planned * 100, 2))}%) nhưng phụ lục"
                            f" {row.indicator.describe()} là {shown} ({_num(row.value)}%); hãy viết bằng tham chiếu"
                            f' {{{{ pl["{row.indicator.id}"] }}}} để hai nơi luôn khớp',
                        )
                    )
    return found


def _typed_but_invalid(report: Report, row_id: str) -> bool:
    """A value was typed but refused: its own error is enough, no second one for the reference."""
    entry = report.appendix.values.get(row_id) if report.appendix else None
    return entry is not None and (entry.value is not None or entry.invalid)


def check_document(report: Report) -> list[Diagnostic]:
    """Warnings about the header: a document without number or date not marked as draft.

    A number or date typed but refused has its own error: it is not also reported missing.
    """
    doc = report.document
    missing = []
    if doc.number is None and "number" not in doc.refused:
        missing.append("số")
    if (doc.date is None and "date" not in doc.refused) or (doc.date is not None and not doc.date.complete):
        missing.append("ngày")
    if missing and not doc.draft:
        return [
            warning_at(
                report.source,
                None,
                f"văn bản chưa có {' và '.join(missing)} nhưng không ghi 'draft: true' (sẽ in chỗ trống để điền tay)",
            )
        ]
    return []


#: The "…" of an `init` skeleton left in a field: an ellipsis standing on its own ("SỞ …",
#: "BC-…", "báo cáo …./."), not one closing a word of real text ("chi bộ…").
_PLACEHOLDER = re.compile(r"(?:^|(?<=[\s(\"'“\-/]))…")


def check_placeholders(
    report: Report, texts: Mapping[tuple[str | int, ...], str], lines: Mapping[tuple[str | int, ...], int]
) -> list[Diagnostic]:
    """Skeleton text left in a field, or an appendix with no value: errors, warnings in a draft."""
    make = warning_at if report.document.draft else error_at
    advice = "" if report.document.draft else " (hoặc ghi 'draft: true' nếu còn là dự thảo)"
    found = []
    for key, text in texts.items():
        if _PLACEHOLDER.search(text):
            name = next((str(part) for part in reversed(key) if isinstance(part, str)), "")
            shown = " ".join(text.split())
            shown = shown if len(shown) <= 60 else shown[:60] + "…"
            found.append(
                make(
                    report.source,
                    lines.get(key),
                    f"'{name}' còn chỗ trống '…' của tệp mẫu: “{shown}”; hãy điền nội dung thật{advice}",
                )
            )
    appendix = report.appendix
    if appendix is not None and not any(entry.value is not None or entry.blank for entry in appendix.values.values()):
        found.append(
            make(report.source, appendix.line, f"phụ lục chưa có số liệu nào; hãy điền các chỉ tiêu{advice}")
        )
    return found


def check_symbol(report: Report) -> list[Diagnostic]:
    """NĐ 30/2020 abbreviates Báo cáo as BC: a ký hiệu not starting with "BC-" is worth a warning."""
    symbol = report.document.symbol
    if symbol and not symbol.upper().startswith("BC-"):
        return [
            warning_at(
                report.source,
                None,
                f"ký hiệu '{symbol}' không bắt đầu bằng 'BC-' (Nghị định 30/2020: Báo cáo viết tắt là BC,"
                " ví dụ BC-UBND)",
            )
        ]
    return []
