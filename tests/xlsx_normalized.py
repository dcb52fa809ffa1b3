"""A workbook as openpyxl reads it, written out as plain data to compare two writers part by part.

Every cell that holds a value or a style (value, type, number format, font, alignment, border,
fill, protection; rich text runs with their fonts), merges, data validations, column widths and
hidden columns, row heights, frozen panes, print setup (paper, orientation, fit, margins, centring,
header, print titles and area), the default font, and the core and custom document properties.

Normalized, as a spreadsheet program reads them: colours by their RGB digits (the alpha byte of an
ARGB colour is not used for cell colours); numbers to the 15 significant digits Excel keeps; a
column width to the 1/256 of a character Excel keeps; row heights and margins to 1e-6; no creation
or modification times. Cells left with the default
style and no value are left out (a writer may or may not write them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.styles.colors import Color
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["normalized", "normalized_json", "resolved"]


def _color(color: Color | None) -> Any:
    if color is None:
        return None
    if color.type == "rgb":
        return str(color.rgb)[-6:].upper()
    return {color.type: getattr(color, color.type)}


def _font(font: Any) -> dict[str, Any]:
    return {
        "name": font.name,
        "size": float(font.sz) if font.sz is not None else None,
        "bold": bool(font.b),
        "italic": bool(font.i),
        "underline": font.u,
        "strike": bool(font.strike),
        "vert_align": font.vertAlign,
        "color": _color(font.color),
    }


def _inline_font(font: Any) -> dict[str, Any]:
    return {
        "name": font.rFont,
        "size": float(font.sz) if font.sz is not None else None,
        "bold": bool(font.b),
        "italic": bool(font.i),
        "underline": font.u,
        "strike": bool(font.strike),
        "vert_align": font.vertAlign,
        "color": _color(font.color),
    }


def _style(cell: Any) -> dict[str, Any]:
    alignment, border, fill, protection = cell.alignment, cell.border, cell.fill, cell.protection
    return {
        "number_format": cell.number_format,
        "font": _font(cell.font),
        "alignment": {
            "horizontal": alignment.horizontal,
            "vertical": alignment.vertical,
            "wrap": bool(alignment.wrap_text),
            "indent": float(alignment.indent or 0),
            "rotation": int(alignment.text_rotation or 0),
            "shrink": bool(alignment.shrink_to_fit),
        },
        "border": {
            side: {"style": getattr(border, side).style, "color": _color(getattr(border, side).color)}
            for side in ("left", "right", "top", "bottom")
            if getattr(border, side) is not None and getattr(border, side).style
        },
        "fill": fill.fill_type,
        "protection": {"locked": bool(protection.locked), "hidden": bool(protection.hidden)},
    }


def _value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, CellRichText):
        return {
            "rich": [
                {"text": block.text, "font": _inline_font(block.font)} if hasattr(block, "font") else {"text": block}
                for block in value
            ]
        }
    if isinstance(value, float):
        return float(f"{value:.15g}")
    return value


def _key(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def resolved(sheet: dict[str, Any]) -> dict[str, Any]:
    """A sheet of `normalized` with each cell's style written out instead of its number."""
    styles = sheet["styles"]
    cells = {
        ref: {**cell, "style": None if cell["style"] is None else styles[cell["style"]]}
        for ref, cell in sheet["cells"].items()
    }
    return {**{k: v for k, v in sheet.items() if k != "styles"}, "cells": cells}


def _sheet(sheet: Worksheet, default_style: dict[str, Any]) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for row in sheet.iter_rows():
        for cell in row:
            style = _style(cell)
            value = _value(cell)
            if value is None and style == default_style:
                continue
            cells[cell.coordinate] = {
                "value": value,
                "type": "rich" if isinstance(cell.value, CellRichText) else cell.data_type,
                "merged": type(cell).__name__ == "MergedCell",
                "style": None if style == default_style else style,
            }
    # Each distinct style once, numbered in a fixed order; cells name theirs by number.
    styles = sorted({_key(c["style"]) for c in cells.values() if c["style"] is not None})
    number = {key: index for index, key in enumerate(styles)}
    for cell_data in cells.values():
        if cell_data["style"] is not None:
            cell_data["style"] = number[_key(cell_data["style"])]
    # openpyxl keeps a run of equal columns as one dimension (min … max): each column on its own.
    columns = {}
    for dimension in list(sheet.column_dimensions.values()):
        first, last = dimension.min or 0, dimension.max or 0
        for index in range(first, last + 1):
            columns[get_column_letter(index)] = {
                "width": None if not dimension.customWidth else round(dimension.width * 256) / 256,
                "hidden": bool(dimension.hidden),
            }
    columns = {letter: columns[letter] for letter in sorted(columns, key=lambda c: (len(c), c))}
    rows = {
        str(index): {"height": None if d.height is None else round(d.height, 6), "hidden": bool(d.hidden)}
        for index, d in sorted(sheet.row_dimensions.items())
        if d.height is not None or d.hidden
    }
    validations = sorted(
        (
            {
                "sqref": sorted(str(sheet_range) for sheet_range in dv.sqref.ranges),
                "type": dv.type,
                "operator": dv.operator or "between",
                "formula1": dv.formula1,
                "formula2": dv.formula2,
                "allow_blank": bool(dv.allow_blank),
                "hide_dropdown": bool(dv.showDropDown),
                "show_error": bool(dv.showErrorMessage),
                "error_style": dv.errorStyle or "stop",
                "error_title": dv.errorTitle,
                "error": dv.error,
                "show_input": bool(dv.showInputMessage),
                "prompt_title": dv.promptTitle,
                "prompt": dv.prompt,
            }
            for dv in sheet.data_validations.dataValidation
        ),
        key=_key,
    )
    setup, margins, header_footer = sheet.page_setup, sheet.page_margins, sheet.HeaderFooter
    odd = header_footer.oddHeader
    return {
        "title": sheet.title,
        "state": sheet.sheet_state,
        "styles": [json.loads(key) for key in styles],
        "cells": cells,
        "merges": sorted(str(merged) for merged in sheet.merged_cells.ranges),
        "validations": validations,
        "columns": columns,
        "rows": rows,
        "default_row_height": float(sheet.sheet_format.defaultRowHeight),
        "freeze_panes": sheet.freeze_panes,
        "print": {
            "paper_size": int(setup.paperSize) if setup.paperSize is not None else None,
            "orientation": setup.orientation,
            "fit_to_page": bool(sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage),
            "fit_to_width": int(setup.fitToWidth if setup.fitToWidth is not None else 1),
            "fit_to_height": int(setup.fitToHeight if setup.fitToHeight is not None else 1),
            "horizontal_centered": bool(sheet.print_options.horizontalCentered),
            "vertical_centered": bool(sheet.print_options.verticalCentered),
            "margins": {
                side: round(float(getattr(margins, side)), 6)
                for side in ("left", "right", "top", "bottom", "header", "footer")
            },
            "different_first": bool(header_footer.differentFirst),
            "odd_header": {
                part: {
                    "text": getattr(odd, part).text,
                    "font": getattr(odd, part).font,
                    "size": getattr(odd, part).size,
                }
                for part in ("left", "center", "right")
                if getattr(odd, part).text
            },
            "first_header": header_footer.firstHeader.center.text,
            "title_rows": sheet.print_title_rows,
            "title_columns": sheet.print_title_cols,
            "area": sheet.print_area,
        },
    }


def normalized(path: Path) -> dict[str, Any]:
    """The workbook at `path` as plain data (JSON-ready)."""
    workbook = load_workbook(path, rich_text=True)
    probe = workbook.active
    assert probe is not None
    default_style = _style(Cell(probe))  # a cell with the workbook's default style, in no row
    props = workbook.properties
    result = {
        "sheets": [_sheet(sheet, default_style) for sheet in workbook.worksheets],
        "active": workbook.active.title if workbook.active is not None else None,
        "default_font": default_style["font"],
        "core_properties": {
            name: getattr(props, name)
            for name in (
                "title",
                "subject",
                "creator",
                "keywords",
                "description",
                "category",
                "language",
                "lastModifiedBy",
            )
        },
        "custom_properties": [
            {"name": prop.name, "type": type(prop).__name__, "value": prop.value} for prop in workbook.custom_doc_props
        ],
    }
    workbook.close()
    return result


def normalized_json(path: Path) -> str:
    """`normalized(path)` as the JSON stored under tests/data/xlsx-reference/."""
    data = normalized(path)
    # One line per cell, per style and per validation: small files, readable diffs.
    lines = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
    return "\n".join(_joined(lines)) + "\n"


def _joined(lines: list[str]) -> list[str]:
    """Pretty-printed JSON lines with every object or list nested four spaces or deeper on one line."""
    out: list[str] = []
    buffer: list[str] = []
    start = 0  # the indentation of the object being joined
    for line in lines:
        depth = len(line) - len(line.lstrip(" "))
        if buffer:
            buffer.append(line.strip())
            if depth == start and line.strip().rstrip(",") in ("}", "]"):
                out.append(" " * start + " ".join(buffer))
                buffer = []
            continue
        if depth >= 4 and line.rstrip().endswith(("{", "[")):
            start, buffer = depth, [line.strip()]
            continue
        out.append(line)
    return out
