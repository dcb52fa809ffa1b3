"""A blank form in Excel: the workbook checked first (`cycle/xlsx_inspect`: sizes, well-formed parts,
each sheet's extent), then read by openpyxl: cells as text, merged ranges, bold from the cell fonts,
italic parts of rich text, landscape from the page setup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from ..core.errors import InputError, error_at
from ..cycle.xlsx_inspect import inspect_xlsx, open_workbook_file, quiet, unreadable
from ..cycle.xlsx_scan import SheetScan
from ..cycle.xlsx_sheet import refused_error_value
from ..render.phu_luc_sheet import ID_HEADER
from .form_import_table import SourceCell, SourceTable, italic_marked

#: Rows from the top where the hidden id column of a sheet cchc-docgen wrote is looked for.
_ID_SEARCH = 12


def _text(value: Any) -> tuple[str, str]:
    """A cell's value as printed text, and with italic parts of rich text as *…*."""
    if value is None:
        return "", ""
    if isinstance(value, CellRichText):
        plain, marked = [], []
        for block in value:
            if isinstance(block, TextBlock):
                plain.append(block.text)
                italic = block.font is not None and bool(block.font.i)
                marked.append(italic_marked(block.text.replace("*", "")) if italic else block.text)
            else:
                plain.append(str(block))
                marked.append(str(block))
        return "".join(plain), " ".join("".join(marked).split())
    if isinstance(value, bool):
        return ("1" if value else "0"), ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y"), ""
    return str(value), ""


def _sheet_table(path: Path, sheet: Any, scan: SheetScan) -> SourceTable:
    width = min(sheet.max_column or 0, 64)
    grid: list[list[SourceCell]] = []
    for cells in sheet.iter_rows(min_row=1, max_row=scan.last_row, min_col=1, max_col=max(width, 1)):
        row = []
        for cell in cells:
            if (cell.row, cell.column) in scan.error_values:
                raise refused_error_value(path, sheet.title, cell)
            text, marked = _text(cell.value)
            bold = bool(cell.font is not None and cell.font.b)
            row.append(SourceCell(text=text, marked=marked, bold=bold))
        grid.append(row)
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(grid) or left >= width:
            continue
        first = grid[top][left]
        first.rowspan = min(merged.max_row, len(grid)) - top
        first.colspan = min(merged.max_col, width) - left
        for r in range(top, top + first.rowspan):
            for c in range(left, left + first.colspan):
                if (r, c) != (top, left):
                    grid[r][c] = SourceCell(covered=True)
    ids = _take_ids(grid)
    landscape = sheet.page_setup is not None and sheet.page_setup.orientation == "landscape"
    places = [f"dòng {n}" for n in range(1, len(grid) + 1)]
    return SourceTable(str(path), f"trang '{sheet.title}'", grid, places, landscape, ids=ids)


def _take_ids(grid: list[list[SourceCell]]) -> list[str]:
    """The ids of the hidden column of a sheet cchc-docgen wrote, taken out of the grid (no column of the form)."""
    for row in grid[:_ID_SEARCH]:
        column = next((c for c, cell in enumerate(row) if cell.text.strip() == ID_HEADER), None)
        if column is not None:
            ids = [r[column].text.strip() if column < len(r) else "" for r in grid]
            for r in grid:
                del r[column:]
            return ids
    return []


def read_xlsx_tables(path: Path) -> list[SourceTable]:
    """Every worksheet of the workbook at `path` as a table, after the workbook was checked."""
    package = inspect_xlsx(path)
    if package.damage:
        raise InputError(package.damage)
    tables: list[SourceTable] = []
    with quiet(), open_workbook_file(path) as handle:
        try:
            workbook = load_workbook(handle, data_only=True, rich_text=True)
        except Exception as exc:  # openpyxl raises many kinds for parts the inspection cannot judge
            raise InputError(unreadable(path, exc)) from None
        try:
            for sheet in workbook.worksheets:
                scan = package.sheet(getattr(sheet, "_worksheet_path", None), str(sheet.title))
                if scan is None or not scan.last_row:
                    continue
                tables.append(_sheet_table(path, sheet, scan))
        finally:
            workbook.close()
    if not tables:
        raise InputError(error_at(path, None, "tệp Excel không có trang nào có dữ liệu; không thấy bảng biểu mẫu"))
    return tables
