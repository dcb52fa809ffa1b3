"""What a rendered Phụ lục must show, worked out from the form and report YAML alone.

Deliberately independent of cchc_docgen: plain `yaml.safe_load`, its own Vietnamese number style
and its own derivation, so a renderer bug cannot hide behind the code it would be checked with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

from cchc_docgen.report.analysis import CheckedReport, load_checked

from .conftest import FORMS

BLANK = "\u00a0" * 8

#: Heading, title and "(Kèm theo …)" line of each example, as the documents must print them.
HEAD_LINES = {
    "2023-nam.yaml": (
        "PHỤ LỤC 2",
        "THỐNG KÊ SỐ LIỆU VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2023"
        " TẠI SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH SÓC TRĂNG",
        f"(Kèm theo Báo cáo số {BLANK}/STNMT-VP ngày {BLANK} tháng 12 năm 2023"
        " của Sở Tài nguyên và Môi trường tỉnh Sóc Trăng)",
    ),
    "2022-q3.yaml": (
        "PHỤ LỤC",
        "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ QUÝ III NĂM 2022"
        " CỦA SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH SÓC TRĂNG",
        "(Kèm theo Báo cáo số 174/BC-STTTT ngày 15 tháng 9 năm 2022 của Sở Thông tin và Truyền thông tỉnh Sóc Trăng)",
    ),
    "2023-q1.yaml": (
        "BẢNG TỔNG HỢP",
        "SỐ LIỆU VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023 TRÊN ĐỊA BÀN HUYỆN CÙ LAO DUNG",
        "(Kèm theo Báo cáo số 85/BC-UBND ngày 16 tháng 3 năm 2023 của Ủy ban nhân dân huyện Cù Lao Dung)",
    ),
}


@dataclass(frozen=True)
class Row:
    """One table row as the form and the report define it."""

    id: str
    stt: str
    label: str
    unit: str
    kind: str
    number: int | float | None  # the value, typed or derived
    note: str
    codes: tuple[int, ...] = ()
    padded: bool = False  # a count printed "06": typed so, or the form/report asks for it
    qualifier: str = ""  # "(lượt người)", printed after the number
    bold: bool = False

    @property
    def text(self) -> str:
        """The value as printed in Word: "5.380", "86,96", "06", "21 (lượt người)", a code, or blank."""
        if self.number is None:
            return ""
        if self.kind == "coded":
            shown = str(int(self.number))
        elif self.kind == "count" and self.padded and self.number < 10:
            shown = f"0{int(self.number)}"
        else:
            shown = vietnamese(self.number)
        return f"{shown} {self.qualifier}" if self.qualifier else shown


def header_layout(columns: dict[str, Any]) -> tuple[list[list[str]], set[str]]:
    """The header as a grid of texts (merged cells repeat their text) and the merged ranges, by the
    form's arrangement: none, group over unit + value, or group over value only."""
    names = ["stt", "label", "unit", "value", "note"]
    if "group" not in columns:
        return [[columns.get(n, "") for n in names]], set()
    over = columns.get("group_over") or ["unit", "value"]
    top = [columns["group"] if n in over else columns[n] for n in names]
    bottom = [columns[n] for n in names]
    spans = {f"{chr(65 + i)}5:{chr(65 + i)}6" for i, n in enumerate(names) if n not in over}
    first, last = names.index(over[0]), names.index(over[-1])
    if first != last:
        spans.add(f"{chr(65 + first)}5:{chr(65 + last)}5")
    return [top, bottom], spans


def vietnamese(number: float) -> str:
    """Thousands ".", decimal ",", at most two decimals, trailing zeros dropped."""
    rounded = Decimal(str(number)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, frac = f"{rounded:,.2f}".split(".")
    frac = frac.rstrip("0")
    whole = whole.replace(",", ".")
    return f"{whole},{frac}" if frac else whole


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.safe_load(stream)
    return data


def data_end(period: str) -> dt.date:
    """The last day of a period's data (the 14th of its last month, Nghị định 09/2019)."""
    year, code = str(period).upper().split("-")
    month = {"6T": 6, "9T": 9, "NAM": 12}.get(code) or 3 * int(code[1])
    return dt.date(int(year), month, 14)


def form_of(report_path: Path, forms_dir: Path = FORMS) -> dict[str, Any]:
    """The form version a report uses: pinned, else the latest in force at the end of its period,
    applied by hand here (the main content, then the version's own columns, layout, codes and rows)."""
    report = load(report_path)
    form = load(forms_dir / f"{report['appendix']['form']}.yaml")
    versions = form.pop("versions", None)
    if not versions:
        return form
    pinned = report["appendix"].get("version")
    candidates = [{"version": form.get("version"), "effective": form.get("effective")}, *versions]
    if pinned is not None:
        chosen = next(v for v in candidates if str(v["version"]) == str(pinned))
    else:
        end = data_end(report["period"])
        chosen = max((v for v in candidates if v["effective"] <= end), key=lambda v: v["effective"])
    if chosen["version"] == form.get("version"):
        return form
    for key in ("columns", "layout", "codes"):
        form[key] = {**(form.get(key) or {}), **(chosen.get(key) or {})}
    for key in ("heading", "title", "name", "orientation"):
        if key in chosen:
            form[key] = chosen[key]
    changes = chosen.get("rows") or {}
    dropped = set(chosen.get("drop") or ())
    form["rows"] = [{**row, **changes.get(row["id"], {})} for row in form["rows"] if row["id"] not in dropped]
    return form


def expected_rows(report_path: Path, forms_dir: Path = FORMS) -> list[Row]:
    """Every form row in order with its unit, value (derived when not typed) and note."""
    report = load(report_path)
    form = form_of(report_path, forms_dir)
    entries: dict[str, Any] = report["appendix"].get("values") or {}
    typed: dict[str, Any] = {}
    notes: dict[str, str] = {}
    padded: set[str] = set()
    qualifiers: dict[str, str] = {}
    blank: set[str] = set()
    for row_id, entry in entries.items():
        row_id = str(row_id)
        if isinstance(entry, dict):
            typed[row_id] = entry.get("value")
            notes[row_id] = entry.get("note") or ""
            qualifiers[row_id] = entry.get("qualifier") or ""
            if entry.get("blank"):
                blank.add(row_id)
        else:
            typed[row_id] = entry
        value = typed[row_id]
        if isinstance(value, str):
            number, _, rest = value.strip().partition(" ")
            if rest.startswith("("):
                qualifiers[row_id] = rest
            if number.startswith("0") and len(number) == 2:
                padded.add(row_id)
            typed[row_id] = float(number.replace(".", "").replace(",", "."))
    layout = form.get("layout") or {}
    zeros = report["appendix"].get("leading_zero", layout.get("leading_zero", False))
    bold_kinds = layout.get("bold", ["section", "group"])
    rows = []
    for spec in form["rows"]:
        row_id = str(spec["id"])
        kind = spec["kind"]
        unit = spec.get("unit") or ""
        codes: tuple[int, ...] = ()
        if kind == "coded":
            code_set = form["codes"][spec["codes"]]
            unit = unit or code_set["label"]
            codes = tuple(int(code) for code in code_set["values"])
        if kind == "percent":
            unit = unit or "%"
        number = typed.get(row_id)
        if number is None and spec.get("derive") and row_id not in blank:
            ((how, sources),) = spec["derive"].items()
            parts = [typed.get(source) for source in sources]
            if all(part is not None for part in parts):
                if how == "ratio":
                    number = round(parts[0] / parts[1] * 100, 2) if parts[1] else None
                else:
                    number = sum(parts)
        if kind in ("count", "coded") and number is not None:
            number = int(number)
        rows.append(
            Row(
                row_id,
                str(spec.get("stt") or ""),
                spec["label"],
                unit,
                kind,
                number,
                notes.get(row_id, ""),
                codes,
                padded=zeros or row_id in padded,
                qualifier=qualifiers.get(row_id, "") if typed.get(row_id) is not None else "",
                bold=kind in bold_kinds,
            )
        )
    return rows


_RENDERED: dict[tuple[str, Path, tuple[Path, ...]], Path] = {}


def render_once(
    renderer: Callable[[CheckedReport, Path], None],
    report: Path,
    tmp_path: Path,
    forms_dirs: tuple[Path, ...] = (),
    suffix: str = ".docx",
) -> Path:
    """Render `report` once per renderer and forms (the tests only read the file) and return it."""
    key = (renderer.__name__, report, forms_dirs)
    if key not in _RENDERED:
        target = tmp_path / f"phu-luc{suffix}"
        renderer(load_checked(report, forms_dirs), target)
        _RENDERED[key] = target
    return _RENDERED[key]
