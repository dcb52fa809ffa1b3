"""Agency report files for `aggregate` tests, made from a real example with new names and values.

Values are the example's own numbers times a whole factor, so every rule of the form (parts within
their whole, sums) still holds; code rows cycle through their codes; derived rows are left to the
tool. `expected_values` says, independently of the library, what each agency's row then holds.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cchc_docgen.forms import Form, RowKind, load_form, select_version

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES["004"]  # Sở TTTT, quý III năm 2022, form soctrang-so-nganh
FORM_ID = "soctrang-so-nganh"


@dataclass(frozen=True)
class Agency:
    """One made-up agency: names, a factor for the example's values, and what to change."""

    slug: str
    full_name: str
    factor: int
    blanks: tuple[str, ...] = ()
    overrides: Mapping[str, Any] = field(default_factory=dict)
    draft: bool = False
    period: str | None = None

    @property
    def name(self) -> str:
        return self.full_name.replace(" tỉnh Sóc Trăng", "").upper()


def form() -> Form:
    """The form version the example's period (quý III năm 2022) uses."""
    return select_version(load_form(FORM_ID), dt.date(2022, 9, 14))


@functools.cache
def _example_as_read() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _example() -> dict[str, Any]:
    """The example report's data, a copy of its own for each call (read once: YAML is slow)."""
    return copy.deepcopy(_example_as_read())


def typed_values(agency: Agency, index: int) -> dict[str, Any]:
    """Row id → value the agency types (None: left blank), derived rows left out."""
    rows = form().by_id
    values: dict[str, Any] = {}
    for row_id, entry in _example()["appendix"]["values"].items():
        row = rows[row_id]
        value = entry.get("value") if isinstance(entry, dict) else entry
        if isinstance(value, str):  # "04": a count typed with its printed leading zero
            value = int(value)
        if value is None or row.derive is not None or row.kind is RowKind.SECTION:
            continue
        if row.kind is RowKind.CODED:
            assert row.codes is not None
            codes = list(row.codes.values)
            value = codes[index % len(codes)]
        elif row.kind is RowKind.PERCENT:
            value = round(min(100.0, value * agency.factor / 4), 2)
        else:
            value = value * agency.factor
        values[row_id] = value
    for row_id in agency.blanks:
        values[row_id] = None
    values.update(agency.overrides)
    return values


def write_agency(folder: Path, agency: Agency, index: int) -> Path:
    """The agency's report file: the example without its narrative, with new names and values."""
    data = _example()
    data.pop("narrative")
    data["agency"].update(name=agency.name, full_name=agency.full_name)
    data["document"]["symbol"] = f"BC-{agency.slug.upper()}"
    data["document"]["number"] = 10 + index
    if agency.draft:
        data["document"].pop("number")
        data["document"]["draft"] = True
    if agency.period:
        data["period"] = agency.period
    data["signature"]["name"] = f"Người Ký {index}"
    data["appendix"]["values"] = typed_values(agency, index)
    path = folder / f"{agency.slug}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def expected_values(agency: Agency, index: int) -> dict[str, float | int | None]:
    """Every row's value for the agency as the form defines it: typed, or the sum/ratio it derives."""
    typed = typed_values(agency, index)
    result: dict[str, float | int | None] = {}
    for row in form().rows:
        result[row.id] = typed.get(row.id)
    for row in form().rows:
        if row.derive is None or result[row.id] is not None:
            continue
        sources = [typed.get(s) for s in row.derive.sources]
        if any(v is None for v in sources):
            continue
        if row.derive.kind == "sum":
            result[row.id] = sum(sources)
        elif sources[1]:
            result[row.id] = round(sources[0] / sources[1] * 100, 2)
    return result
