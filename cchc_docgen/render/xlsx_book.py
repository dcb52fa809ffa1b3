"""Print-ready workbooks written with xlsxwriter: Times New Roman styles made once, text kept as text.

Shared by the Phụ lục sheet (`appendix_xlsx`) and the compilation workbook (`aggregate/workbook`).
Rows and columns are numbered from 1 here, as the sheet layout (`phu_luc_sheet`) and the readers
(openpyxl) number them; xlsxwriter's own calls count from 0.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any, Literal

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from .file_properties import APPLICATION, property_text

__all__ = [
    "FONT_NAME",
    "TABLE_PT",
    "TITLE_PT",
    "Alignment",
    "CellStyles",
    "PrintedSheet",
    "add_sheet",
    "put_text",
    "saved",
    "set_height",
    "set_print_setup",
    "set_width",
]

FONT_NAME = "Times New Roman"
TABLE_PT = 12
TITLE_PT = 14
_MM_PER_INCH = 25.4
_A4 = 9
#: Every font of the workbook: Times New Roman, named as itself (no theme font scheme, family or
#: theme colour, which would let a theme replace it), 12 pt unless said otherwise. The workbook's
#: default font too: empty cells use it and column widths are measured in it, so widths print the
#: same in Excel and LibreOffice.
_FONT: dict[str, Any] = {
    "font_name": FONT_NAME,
    "font_size": TABLE_PT,
    "font_scheme": "none",
    "font_family": 0,
    "theme": -1,
}
#: Cell alignments: all wrap; centred vertically unless "top".
Alignment = Literal["left", "center", "top-left", "top-center"]
#: Page numbers centred at the top, not on page 1 (Nghị định 30): the header as openpyxl wrote it.
PAGE_NUMBER_HEADER = f'&C&"{FONT_NAME},Regular"&13 &P'


class PrintedSheet(Worksheet):  # type: ignore[misc]
    """A worksheet whose page header is left off the first page (`differentFirst`): xlsxwriter writes
    only the odd pages' header and footer. Its own header writer is replaced (xlsxwriter's
    `worksheet_class` hook); the file's `headerFooter` is then what openpyxl wrote."""

    def _write_header_footer(self) -> None:
        if not self.header_footer_changed:
            super()._write_header_footer()
            return
        attributes: list[tuple[str, Any]] = [("differentFirst", 1)]
        if not self.header_footer_scales:
            attributes.append(("scaleWithDoc", 0))
        if not self.header_footer_aligns:
            attributes.append(("alignWithMargins", 0))
        self._xml_start_tag("headerFooter", attributes)
        if self.header:
            self._write_odd_header()
        if self.footer:
            self._write_odd_footer()
        self._xml_end_tag("headerFooter")


def saved(target: Path, title: str, write: Any, author: str = APPLICATION, when: dt.datetime | None = None) -> None:
    """A workbook with `title` written by `write(workbook)`, then saved to `target` (.xlsx); its
    properties name `author` (also as the company) and `when` it was made (None: now).

    The package is built in memory and written at once: a failure to write is the OSError of
    `Path.write_bytes` (xlsxwriter would wrap it in its own exception), and nothing is written
    when `write` fails."""
    buffer = io.BytesIO()
    options = {"default_format_properties": dict(_FONT), "in_memory": True, "strings_to_numbers": False}
    with Workbook(buffer, options) as workbook:
        properties: dict[str, Any] = {"title": property_text(title), "author": property_text(author)}
        if author != APPLICATION:
            properties["company"] = property_text(author)
        if when is not None:
            properties["created"] = when
        workbook.set_properties(properties)
        write(workbook)
    target.write_bytes(buffer.getvalue())


def add_sheet(workbook: Workbook, name: str) -> PrintedSheet:
    """A new sheet named `name`, which prints its page header from page 2 on."""
    sheet = workbook.add_worksheet(name, worksheet_class=PrintedSheet)
    assert isinstance(sheet, PrintedSheet)
    return sheet


#: A side of a cell's border that can be left open.
Edge = Literal["top", "bottom"]


class CellStyles:
    """Cell formats of a workbook, each made once: xlsxwriter adds a format for every `add_format`."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.made: dict[tuple[object, ...], Format] = {}

    def get(
        self,
        *,
        size: float = TABLE_PT,
        bold: bool = False,
        italic: bool = False,
        align: Alignment | None = None,
        border: bool = False,
        open_edges: tuple[Edge, ...] = (),
        number_format: str | None = None,
    ) -> Format:
        """Times New Roman of `size`, bold or italic; aligned (wrapping) and bordered as asked, with no
        line on the `open_edges` of the border (a cell that goes on in the next row)."""
        key = (size, bold, italic, align, border, open_edges, number_format)
        made = self.made.get(key)
        if made is None:
            properties: dict[str, Any] = {**_FONT, "font_size": size, "bold": bold, "italic": italic}
            if align is not None:
                vertical, _, horizontal = align.rpartition("-")
                properties |= {"align": horizontal, "valign": vertical or "vcenter", "text_wrap": True}
            if border:
                properties |= {"border": 1, "border_color": "#000000"}
                properties |= {edge: 0 for edge in open_edges}
            if number_format is not None:
                properties["num_format"] = number_format
            made = self.made[key] = self.workbook.add_format(properties)
        return made


def put_text(sheet: Worksheet, row: int, column: int, text: str | None, style: Format | None = None) -> None:
    """`text` as text in the cell (never a formula or a number: a note "= 5 hồ sơ" stays as typed),
    or a blank cell with `style` when there is none."""
    if text:
        sheet.write_string(row - 1, column - 1, text, style)
    else:
        sheet.write_blank(row - 1, column - 1, None, style)


def set_width(sheet: Worksheet, column: int, width: float, hidden: bool = False) -> None:
    """Column `column` `width` characters wide, as the file states it, to the 1/256 of a character
    the file keeps (xlsxwriter's `set_column` would add Excel's padding to the number; its
    `set_column_pixels` takes pixels of the default font's digit width and truncates to 1/256)."""
    options = {"hidden": True} if hidden else None
    pixels = round(width * 256) * sheet.max_digit_width / 256
    sheet.set_column_pixels(column - 1, column - 1, pixels, None, options)


def set_height(sheet: Worksheet, row: int, points: float) -> None:
    """Row `row` `points` tall (xlsxwriter keeps row heights in pixels of 3/4 point)."""
    sheet.set_row_pixels(row - 1, points * 4 / 3)


def set_print_setup(
    sheet: Worksheet,
    landscape: bool,
    header_rows: tuple[int, int],
    last_row: int,
    last_column: int,
    pages_wide: int = 1,
) -> None:
    """A4, `pages_wide` pages wide and as many long as needed, centred, Nghị định 30 margins, the
    header rows on every page, columns 1 … `last_column` printed, page numbers from page 2."""
    sheet.set_paper(_A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(pages_wide, 0)
    sheet.center_horizontally()
    mm = 1 / _MM_PER_INCH
    sheet.set_margins(left=30 * mm, right=15 * mm, top=20 * mm, bottom=20 * mm)
    sheet.set_header(PAGE_NUMBER_HEADER, {"margin": 10 * mm})
    sheet.set_footer("", {"margin": 10 * mm})
    sheet.repeat_rows(header_rows[0] - 1, header_rows[1] - 1)
    sheet.print_area(0, 0, last_row - 1, last_column - 1)
