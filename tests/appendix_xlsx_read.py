"""Tests' reader of a Phụ lục XLSX: indicator id → (value, note), with no checks (`import` is the real reader)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from cchc_docgen.render.phu_luc_sheet import ID, ID_HEADER, JOINS, NOTE, VALUE
from cchc_docgen.report.derived import Number


def read_appendix_xlsx(source: Path) -> dict[str, tuple[Number | None, str | None]]:
    """Indicator id → (value, note) from a sheet written by `render_appendix_xlsx` (and then filled);
    a note continued on further rows is joined back whole."""
    workbook = load_workbook(source)
    sheet = workbook.worksheets[0]
    result: dict[str, tuple[Number | None, str | None]] = {}
    in_table = False
    last = ""
    for row in sheet.iter_rows(min_col=1, max_col=ID, values_only=True):
        row_id = row[ID - 1]
        if row_id == ID_HEADER:
            in_table = True
            continue
        if not in_table or not isinstance(row_id, str) or not row_id:
            continue
        note = row[NOTE - 1]
        if row_id in JOINS and last:
            value, before = result[last]
            joined = (before or "") + JOINS[row_id] + ("" if note is None else str(note))
            result[last] = (value, joined or None)
            continue
        value = row[VALUE - 1]
        number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        result[row_id] = (number, str(note) if note not in (None, "") else None)
        last = row_id
    return result
