"""A Phụ lục table taken out of a file: the tables of a Word document with the lines above each, or a
workbook's first table as its cells print (numbers in their number format: "04", "21 (lượt người)")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import msgspec
from openpyxl import load_workbook

from ..core.errors import InputError, error_at
from ..core.vnformat import format_number
from ..cycle.xlsx_inspect import inspect_xlsx, open_workbook_file, quiet, unreadable
from ..cycle.xlsx_sheet import refused_error_value
from ..render.phu_luc_sheet import ID_HEADER, JOINS, custom_properties, is_percent_format
from .docx_blocks import read_blocks
from .docx_model import Paragraph, Table
from .docx_package import open_word

#: Tables smaller than this are no Phụ lục (a header table, a list of leaders).
_MIN_ROWS = 5
_MIN_COLUMNS = 3
#: Lines above a table read as its title (heading, title, "(Kèm theo …)").
_TITLE_LINES = 4
#: Columns of a sheet read: a Phụ lục has five printed ones and the hidden id; a clerk's may have more.
_MAX_COLUMNS = 12
_QUOTED = re.compile(r'"([^"]*)"')


class TableText(msgspec.Struct, frozen=True):
    """One table of a file as cell texts, with what is needed to read it."""

    rows: list[list[str]]
    place: str
    title_lines: list[str] = []
    form_id: str | None = None  # named by the workbook's properties (the tool's own sheet)
    row_ids: dict[int, str] = {}  # row index → form row id (the tool's own sheet)


def read_docx_tables(path: Path) -> list[TableText]:
    """The tables of a Word document big enough to be a Phụ lục, each with the lines just above it."""
    from .appendix_table import table_texts

    document = read_blocks(open_word(path))
    found = []
    above: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                above = [*above, block.text.strip()][-_TITLE_LINES:]
            continue
        assert isinstance(block, Table)
        rows = table_texts(block)
        if len(rows) >= _MIN_ROWS and max((len(r) for r in rows), default=0) >= _MIN_COLUMNS:
            found.append(TableText(rows, f"bảng {block.index}", list(above)))
        above = []
    return found


def read_xlsx_table(path: Path) -> TableText:
    """The first sheet of a workbook that holds a table, as printed text; inspected before openpyxl
    reads it (sizes, damaged parts), merged cells repeated over the cells they cover."""
    package = inspect_xlsx(path)
    if package.damage:
        raise InputError(package.damage)
    with quiet(), open_workbook_file(path) as handle:
        try:
            workbook = load_workbook(handle, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for parts the inspection cannot judge
            raise InputError(unreadable(path, exc)) from None
        try:
            properties = custom_properties(workbook)  # {} for a clerk's own workbook
            for sheet in workbook.worksheets:
                scan = package.sheet(getattr(sheet, "_worksheet_path", None), str(sheet.title))
                rows, ids = _sheet_rows(path, sheet, scan.error_values if scan is not None else set())
                if len(rows) >= _MIN_ROWS:
                    return TableText(rows, f"trang '{sheet.title}'", form_id=properties.get("form"), row_ids=ids)
        finally:
            workbook.close()
    raise InputError(error_at(path, None, "không thấy bảng số liệu Phụ lục nào trong tệp Excel"))


def _sheet_rows(path: Path, sheet: Any, error_values: set[tuple[int, int]]) -> tuple[list[list[str]], dict[int, str]]:
    """The sheet's rows as printed text (row n of the list is the sheet's row n + 1); the tool's hidden id
    column read into row ids, and the rows continuing a long note joined to the row they continue. A
    cell showing an Excel error (`error_values`, from the inspection) is refused at its cell."""
    last_row = min(sheet.max_row or 0, 10_000)
    last_column = min(sheet.max_column or 0, _MAX_COLUMNS)
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for area in sheet.merged_cells.ranges:
        if area.max_row - area.min_row > 50 or area.max_col - area.min_col > _MAX_COLUMNS or area.min_row > last_row:
            continue  # no table cell spans so much: never expanded
        # the top row only, within the columns read
        for c in range(area.min_col + 1, min(area.max_col, last_column) + 1):
            merged[(area.min_row, c)] = (area.min_row, area.min_col)
    cells = list(sheet.iter_rows(min_row=1, max_row=last_row, max_col=last_column))
    for cell in (cell for row in cells for cell in row if (cell.row, cell.column) in error_values):
        raise refused_error_value(path, sheet.title, cell)
    grid = [[_shown(cell) for cell in row] for row in cells]
    for (r, c), (r0, c0) in merged.items():
        grid[r - 1][c - 1] = grid[r0 - 1][c0 - 1]
    id_column = next((c for row in grid for c, text in enumerate(row) if text == ID_HEADER), None)
    rows: list[list[str]] = []
    ids: dict[int, str] = {}
    for row in grid:
        if id_column is None:
            rows.append(row)
            continue
        mark = row[id_column]
        if mark in JOINS and rows:
            note_at = id_column - 1
            continued = next(r for r in reversed(rows) if any(r))
            continued[note_at] = f"{continued[note_at]}{JOINS[mark]}{row[note_at]}"
            rows.append([""] * id_column)  # kept empty: later rows keep their sheet row numbers
            continue
        if mark and mark != ID_HEADER:
            ids[len(rows)] = mark
        rows.append(row[:id_column])
    while rows and not any(t.strip() for t in rows[-1]):
        rows.pop()
    return rows, ids


def _shown(cell: Any) -> str:
    """A cell's text as Excel shows it, in Vietnamese style: 1.145; 86,96; "06" under the format "00";
    a format's quoted words after the number ("21 (lượt người)"); a real percent format × 100."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if not isinstance(value, (int, float)):
        return str(value).replace("\r\n", "\n").replace("_x000D_", "").strip()
    number_format = str(cell.number_format or "General")
    section = number_format.split(";")[0]
    words = "".join(_QUOTED.findall(section))
    bare = _QUOTED.sub("", section).replace("\\", "")
    if is_percent_format(section):
        value = round(value * 100, 9)
    integer_part = bare.split(".")[0]
    zeros = integer_part.count("0")
    decimals = len(re.sub(r"[^0#]", "", bare.split(".")[1])) if "." in bare else None
    if float(value).is_integer() and decimals is None:
        text = format_number(int(value))
        if zeros >= 2 and 0 <= value < 10 ** (zeros - 1):
            text = f"{int(value):0{zeros}d}"
    else:
        text = format_number(value, decimals if decimals and "0" in bare.split(".")[1] else None)
    text = f"{text}%" if "%" in bare else text
    return f"{text}{words}" if words else text
