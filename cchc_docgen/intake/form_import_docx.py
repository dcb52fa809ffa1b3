"""A blank form in Word: its table as a grid (merged cells placed by `gridSpan` and `vMerge`), bold and
italic from the reader of `docx_blocks`, the paragraphs above the table, landscape from its section."""

from __future__ import annotations

from pathlib import Path

from .docx_blocks import read_blocks
from .docx_model import Cell, Paragraph, Table
from .docx_package import open_word
from .form_import_table import SourceCell, SourceTable, TitleLine, italic_marked

#: Cells of a row the grid keeps at most (a damaged gridSpan of thousands is not a form).
_MOST_COLUMNS = 64


def _marked(paragraph: Paragraph) -> str:
    """The paragraph's text with its italic parts as *…* (a heading's remark in italics)."""
    if paragraph.italic or not any(span.italic for span in paragraph.spans):
        return paragraph.text
    out = []
    for span in paragraph.spans:
        if span.note is not None:
            continue
        text = span.text.replace("*", "")
        out.append(italic_marked(text) if span.italic else text)
    return " ".join("".join(out).split())


def _source_cell(cell: Cell) -> SourceCell:
    paragraphs = [p for p in cell.paragraphs if p.text.strip()]
    return SourceCell(
        text=cell.text,
        marked=" ".join(_marked(p) for p in paragraphs),
        bold=bool(paragraphs) and all(p.bold for p in paragraphs),
        colspan=cell.span,
    )


def table_grid(table: Table) -> list[list[SourceCell]]:
    """The rows of `table` on its grid: a cell spanning columns is followed by covered places, a cell
    continuing a vertical merge is covered and adds a row to the one that started it."""
    grid: list[list[SourceCell]] = []
    open_merges: dict[int, SourceCell] = {}
    for row in table.rows:
        placed: list[SourceCell] = []
        for cell in row:
            if len(placed) >= _MOST_COLUMNS:
                break
            column = len(placed)
            span = min(cell.span, _MOST_COLUMNS - column)
            source = _source_cell(cell)
            source.colspan = span
            if cell.merge == "continue" and column in open_merges:
                open_merges[column].rowspan += 1
                source = SourceCell(covered=True, colspan=span)
            elif cell.merge == "restart":
                open_merges[column] = source
            else:
                open_merges.pop(column, None)
            placed.append(source)
            placed.extend(SourceCell(covered=True) for _ in range(span - 1))
        grid.append(placed)
    width = max((len(places) for places in grid), default=0)
    for places in grid:
        places.extend(SourceCell() for _ in range(width - len(places)))
    return grid


def read_docx_tables(path: Path) -> tuple[list[SourceTable], int]:
    """Every table of the Word file at `path` with the paragraphs right above it; and the count of
    tracked changes and comments (the import reads the final text)."""
    document = read_blocks(open_word(path))
    tables: list[SourceTable] = []
    above: list[TitleLine] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                above.append(TitleLine(" ".join(block.text.split()), block.bold, block.italic))
            continue
        grid = table_grid(block)
        if not grid or not grid[0]:
            continue
        places = [f"dòng {n}" for n in range(1, len(grid) + 1)]
        tables.append(SourceTable(str(path), f"bảng {block.index}", grid, places, block.landscape, above))
        above = []
    return tables, document.tracked_changes + document.comments
