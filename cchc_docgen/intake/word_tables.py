"""A Word table as the report file writes a narrative table: header rows, rows, bold rows, and merged
cells (gridSpan → colspan, vMerge → rowspan with "" under it, as the report file wants)."""

from __future__ import annotations

from typing import Any

from .docx_model import Cell, Table
from .markup import marked


def cell_text(cell: Cell, plain: bool = False) -> str:
    """The cell's text with its paragraphs on separate lines; `plain` drops bold/italic marks."""
    return "\n".join(text for text in (marked(p.spans, plain, cell=True) for p in cell.paragraphs) if text)


def _bold(cell: Cell) -> bool:
    letters = [s for p in cell.paragraphs for s in p.spans if s.note is None and s.text.strip()]
    return bool(letters) and all(s.bold for s in letters)


def _row_bold(row: list[Cell]) -> bool:
    filled = [cell for cell in row if cell.text and cell.merge != "continue"]
    return bool(filled) and all(_bold(cell) for cell in filled)


def _rowspans(table: Table) -> dict[tuple[int, int], int]:
    """(row, grid column) of each vMerge restart → how many rows it covers."""
    grid: list[dict[int, Cell]] = []
    for row in table.rows:
        column, placed = 0, {}
        for cell in row:
            placed[column] = cell
            column += cell.span
        grid.append(placed)
    spans: dict[tuple[int, int], int] = {}
    for r, placed in enumerate(grid):
        for column, cell in placed.items():
            if cell.merge == "restart":
                count = 1
                while r + count < len(grid) and grid[r + count].get(column, Cell([])).merge == "continue":
                    count += 1
                spans[(r, column)] = count
    return spans


def narrative_table(table: Table) -> dict[str, Any] | None:
    """The table as a `table:` block; None for a table with no text at all."""
    if not any(cell.text for row in table.rows for cell in row):
        return None
    spans = _rowspans(table)
    written: list[tuple[list[Any], bool]] = []
    for r, row in enumerate(table.rows):
        bold = _row_bold(row)
        cells: list[Any] = []
        column = 0
        for cell in row:
            text = "" if cell.merge == "continue" else cell_text(cell, plain=bold)
            rowspan = spans.get((r, column), 1)
            if cell.span > 1 or rowspan > 1:
                entry: dict[str, Any] = {"text": text}
                if cell.span > 1:
                    entry["colspan"] = cell.span
                if rowspan > 1:
                    entry["rowspan"] = rowspan
                cells.append(entry)
            else:
                cells.append(text)
            column += cell.span
        written.append((cells, bold))
    header_count = _header_rows(table, written)
    block: dict[str, Any] = {}
    if header_count:
        block["header"] = [cells for cells, _ in written[:header_count]]
    rows: list[Any] = []
    for cells, bold in written[header_count:]:
        rows.append({"bold": True, "cells": cells} if bold else cells)
    if rows:
        block["rows"] = rows
    return {"table": block}


def _header_rows(table: Table, written: list[tuple[list[Any], bool]]) -> int:
    """The header: the first row when it is bold (or starts with STT), with the rows its merged cells
    span down over."""
    if not written or len(written) < 2:
        return 0
    first_text = table.rows[0][0].text.upper() if table.rows[0] else ""
    if not (written[0][1] or first_text in ("STT", "TT", "SỐ TT")):
        return 0
    count = 1
    for cell in written[0][0]:
        if isinstance(cell, dict):
            count = max(count, int(cell.get("rowspan", 1)))
    return min(count, len(written) - 1)
