"""Narrative tables in linear time: each row's cells placed once, merges written as they are placed.

python-docx's `table.cell(r, c)` and `merge` look the whole grid up on every call, which makes a
table of a few hundred rows take minutes. Here every row is laid out from the merges still open
above it (a column → rows-left map), and written as one w:tr whose w:tc carry w:gridSpan and
w:vMerge directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Length
from docx.table import Table as DocxTable

from ..report.model import Cell
from ._docx_table import append_rows_xml, cell_xml, row_xml, set_col_widths, set_table_borders

__all__ = ["Slot", "add_table_rows", "layout_rows"]


class Slot(msgspec.Struct, frozen=True):
    """One w:tc of a row: where it starts, how many grid columns it covers, what it holds.

    `cell` is None for the lower part of a vertical merge and for a cell a short row leaves out;
    `merge` is "restart" on the top of a vertical merge, "continue" below it, else None.
    """

    column: int
    span: int
    cell: Cell | None
    merge: str | None = None


def _typed_cells(row: Sequence[Cell], columns: int, covered: set[int]) -> list[Cell]:
    """The cells of `row` that take a place of their own.

    A full-width row lists placeholders under cells spanning down from above (the report file's
    convention): those are dropped. A shorter row leaves those positions out, as HTML does.
    """
    if sum(cell.colspan for cell in row) < columns:
        return list(row)
    kept, column = [], 0
    for cell in row:
        if column not in covered:
            kept.append(cell)
        column += cell.colspan
    return kept


def layout_rows(rows: Sequence[Sequence[Cell]], columns: int) -> list[list[Slot]]:
    """The slots of every row; spans that would overlap or leave the table are cut short."""
    open_merges: dict[int, tuple[int, int]] = {}  # start column -> (last row, span)
    laid_out: list[list[Slot]] = []
    last_row = len(rows) - 1
    for row_index, row in enumerate(rows):
        open_merges = {c: (last, span) for c, (last, span) in open_merges.items() if last >= row_index}
        covered = {c for start, (_, span) in open_merges.items() for c in range(start, start + span)}
        pending = iter(_typed_cells(row, columns, covered))
        slots: list[Slot] = []
        column = 0
        while column < columns:
            if column in open_merges:
                span = open_merges[column][1]
                slots.append(Slot(column, span, None, "continue"))
                column += span
                continue
            cell = next(pending, None)
            wanted = cell.colspan if cell is not None else 1
            span = 1
            while span < wanted and column + span < columns and column + span not in covered:
                span += 1
            merge = None
            if cell is not None and cell.rowspan > 1 and row_index < last_row:
                open_merges[column] = (min(row_index + cell.rowspan - 1, last_row), span)
                merge = "restart"
            slots.append(Slot(column, span, cell, merge))
            column += span
        laid_out.append(slots)
    return laid_out


def add_table_rows(
    grid: DocxTable,
    laid_out: list[list[Slot]],
    header_rows: int,
    widths: Sequence[Length],
    paragraphs: Mapping[tuple[int, int], str],
) -> None:
    """Write the rows of `laid_out` into the empty `grid`, columns `widths` wide; `paragraphs` holds
    the XML of each cell's paragraph (from `_docx_text.styled_paragraph_xml`) by (row, start column).
    The rows are written as XML text and parsed at once (`_docx_table.append_rows_xml`)."""
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(grid)
    set_col_widths(grid, widths)
    rows = []
    for row_index, slots in enumerate(laid_out):
        cells = [
            cell_xml(
                Length(sum(widths[slot.column : slot.column + slot.span])),
                [] if slot.cell is None else [paragraphs[row_index, slot.column]],
                slot.span,
                slot.merge,
            )
            for slot in slots
        ]
        rows.append(row_xml(cells, keep_together=True, header=row_index < header_rows))
    append_rows_xml(grid, rows)
