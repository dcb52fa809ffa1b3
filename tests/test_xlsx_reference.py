"""The Phụ lục XLSX written with xlsxwriter holds what the openpyxl writer wrote, part by part.

tests/data/xlsx-reference/ keeps, for every example and the plainer variants of `cases.json`, the
normalized view (`xlsx_normalized.py`) of the workbook the openpyxl writer made (commit e41a56b,
`make_reference.py` there made the files). Today's workbook must give the same view: every cell's
value, type and resolved style, rich text runs, merges, validations, widths, heights, frozen panes,
print setup, default font and document properties.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from cchc_docgen.render.appendix_xlsx import render_appendix_xlsx
from cchc_docgen.render.phu_luc_sheet import CONTINUED, ID, NOTE
from cchc_docgen.report.analysis import load_checked

from .conftest import ROOT
from .xlsx_normalized import normalized, resolved

REFERENCE = ROOT / "tests" / "data" / "xlsx-reference"
CASES: dict[str, dict[str, str | None]] = json.loads((REFERENCE / "cases.json").read_text(encoding="utf-8"))
#: Properties that differ from the openpyxl writer's on purpose: the workbook names the issuing body
#: as its author (and last to modify it), as the BÁO CÁO does; the openpyxl writer named the program.
#: Checked against the report instead (`test_workbook_names_the_agency_and_the_reports_date`).
AUTHOR_FIELDS = ("creator", "lastModifiedBy")
ACCEPTED: dict[tuple[str, ...], tuple[object, object]] = {}


def open_note_pieces(sheet: dict[str, Any]) -> list[str]:
    """The deliberate change to the openpyxl writer's borders, made in its view (a resolved sheet):
    the pieces of a long note, on continuation rows, have no line between them (they read as one
    cell, as the merged cells beside them do). Returns the note cells whose lines were opened."""
    note, mark = get_column_letter(NOTE), get_column_letter(ID)
    opened = []
    for ref, cell in sheet["cells"].items():
        if not ref.startswith(mark) or str(cell["value"]) not in CONTINUED.values():
            continue
        row = int(ref[len(mark) :])
        for edge, at in (("top", row), ("bottom", row - 1)):
            cell = sheet["cells"][f"{note}{at}"]
            cell["style"] = copy.deepcopy(cell["style"])  # resolved cells share their style's dict
            cell["style"]["border"].pop(edge, None)
            opened.append(f"{note}{at}")
    return opened


def differences(old: Any, new: Any, path: tuple[str, ...] = ()) -> list[str]:
    """Where `old` and `new` differ, each as "path: old != new" (at most a few hundred characters)."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(set(old) | set(new), key=str):
            if key not in old or key not in new:
                found.append(f"{'/'.join((*path, str(key)))}: only in {'new' if key in new else 'old'}")
            else:
                found += differences(old[key], new[key], (*path, str(key)))
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new, strict=True)) for d in differences(a, b, (*path, str(i)))]
    if old != new and ACCEPTED.get(path) != (old, new):
        return [f"{'/'.join(path)}: {str(old)[:150]} != {str(new)[:150]}"]
    return []


def test_every_example_with_an_appendix_has_a_reference() -> None:
    reports = {case["report"] for case in CASES.values()}
    for report in sorted((ROOT / "data").glob("*/*.yaml")):
        if "\nappendix:" in report.read_text(encoding="utf-8"):
            assert report.relative_to(ROOT).as_posix() in reports


@pytest.mark.parametrize("name", sorted(CASES))
def test_workbook_equals_the_openpyxl_writers(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    forms = (ROOT / case["forms"],) if case["forms"] else ()
    target = tmp_path / "phu-luc.xlsx"
    render_appendix_xlsx(load_checked(ROOT / str(case["report"]), forms), target)
    old = json.loads((REFERENCE / f"{name}.json").read_text(encoding="utf-8"))
    new = normalized(target)
    old["sheets"] = [resolved(sheet) for sheet in old["sheets"]]
    new["sheets"] = [resolved(sheet) for sheet in new["sheets"]]
    for field in AUTHOR_FIELDS:
        old["core_properties"].pop(field)
        new["core_properties"].pop(field)
    opened = open_note_pieces(old["sheets"][0])
    assert differences(old, new) == []
    if opened:  # the new workbook really leaves them open: one piece's bottom, the next one's top
        cells = new["sheets"][0]["cells"]
        assert all(not {"top", "bottom"} <= set(cells[ref]["style"]["border"]) for ref in opened)
        assert all({"left", "right"} <= set(cells[ref]["style"]["border"]) for ref in opened)
    # The comparison does look at what matters: values, styles, validations, print setup.
    sheet = new["sheets"][0]
    assert sheet["validations"] and sheet["merges"] and sheet["print"]["different_first"]
    assert any(cell["style"] and cell["style"]["border"] for cell in sheet["cells"].values())
    assert any(isinstance(cell["value"], (int, float)) for cell in sheet["cells"].values())


def test_differences_are_found() -> None:
    """The comparison is not blind: a changed font size, value or validation is reported."""
    old = {"sheets": [{"cells": {"D9": {"value": 5, "style": {"font": {"size": 12.0}}}}, "validations": [1]}]}
    new = {"sheets": [{"cells": {"D9": {"value": 6, "style": {"font": {"size": 11.0}}}}, "validations": []}]}
    assert differences(old, new) == [
        "sheets/0/cells/D9/style/font/size: 12.0 != 11.0",
        "sheets/0/cells/D9/value: 5 != 6",
        "sheets/0/validations: [1] != []",
    ]
