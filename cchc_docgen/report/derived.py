"""Derived rows: a sum of rows or a ratio numerator/denominator × 100, computed and checked within one tolerance."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.vnformat import number_or_blank
from ..forms import Form, Indicator

Number = float | int

#: Two decimals is what the forms print; a typed value further off than this disagrees.
TOLERANCE = 0.005 + 1e-9


def is_ratio(row: Indicator) -> bool:
    """Whether the form computes `row` as a ratio of two others (a percentage with its parts)."""
    return row.derive is not None and row.derive.kind == "ratio"


def ratio(numerator: Number, denominator: Number) -> Number | None:
    """numerator / denominator × 100 to two decimals, as the forms print it; None over zero."""
    return round(numerator / denominator * 100, 2) if denominator else None


def sources(row: Indicator, values: Mapping[str, Number | None]) -> list[Number | None]:
    """The values of the rows `row` is derived from, in the form's order ([] for a row not derived)."""
    return [values.get(source) for source in row.derive.sources] if row.derive is not None else []


def derived_value(row: Indicator, values: Mapping[str, Number | None]) -> Number | None:
    """What the form computes for `row` from `values`: None for a row not derived or a source left blank."""
    if row.derive is None:
        return None
    found = sources(row, values)
    numbers = [v for v in found if v is not None]
    if len(numbers) < len(found):
        return None
    if is_ratio(row):
        return ratio(numbers[0], numbers[1])
    return sum(numbers)


def same(a: Number | None, b: Number | None) -> bool:
    """Two values that print alike: both blank, or within TOLERANCE of each other."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOLERANCE


def disagreement(form: Form, row: Indicator, values: Mapping[str, Number | None]) -> tuple[Number | None, str | None]:
    """What the form computes for `row` from the typed `values`, and the warning when the value
    typed for `row` itself is further off than TOLERANCE (None when it agrees, or either is blank)."""
    computed = derived_value(row, values)
    typed = values.get(row.id)
    if computed is None or typed is None or same(typed, computed):
        return computed, None
    assert row.derive is not None
    parts = sources(row, values)
    if is_ratio(row):
        numerator, denominator = (form.by_id[s] for s in row.derive.sources)
        shown = f"{number_or_blank(parts[0])}/{number_or_blank(parts[1])} × 100"
        how = f"{shown} ('{numerator.label}' / '{denominator.label}')"
    else:
        how = " + ".join(number_or_blank(v) for v in parts) + " (tổng các chỉ tiêu con)"
    message = (
        f"{row.describe()}: giá trị nhập {number_or_blank(typed)} khác giá trị tính được"
        f" {number_or_blank(computed)} = {how}"
    )
    return computed, message
