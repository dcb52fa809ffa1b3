"""Word tables: header rows, rows kept on one page, borders, padding, column widths, long bodies as XML text."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.table import Table, _Cell, _Row

__all__ = [
    "append_rows_xml",
    "cell_xml",
    "center_vertically",
    "child_in_order",
    "clear_table_borders",
    "keep_row_together",
    "repeat_as_header",
    "row_xml",
    "set_cell_margins",
    "set_col_widths",
    "set_table_borders",
]

# Child order required by the schema (CT_TrPr, CT_TblPr, CT_TcPr): Word refuses out-of-order children.
_TR_PR_ORDER = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange"
).split()
_TBL_PR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange"
).split()
_TC_PR_ORDER = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark"
).split()
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def child_in_order(parent: BaseOxmlElement, tag: str, order: Sequence[str]) -> BaseOxmlElement:
    """Return `parent`'s w:`tag` child, creating it at its schema position when missing."""
    found: BaseOxmlElement | None = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = {qn(f"w:{name}") for name in order[order.index(tag) + 1 :]}
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


# --- cells ------------------------------------------------------------------------------------


_V_ALIGN_CENTER = parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>')


def center_vertically(cell: _Cell) -> None:
    """`cell.vertical_alignment = CENTER`, by copying when the cell has only its width set."""
    tc_pr = cell._tc.tcPr
    if tc_pr is not None and [child.tag for child in tc_pr] == [qn("w:tcW")]:
        tc_pr.append(copy.deepcopy(_V_ALIGN_CENTER))
    else:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


# --- body rows of a long table, written as XML text and parsed once ---------------------------
# A Phụ lục of two hundred rows has a thousand cells: making each through python-docx's proxies
# costs more than the rest of the document. Its rows are written as XML text around paragraphs
# from `paragraph_xml` or `styled_paragraph_xml` (_docx_text.py) and parsed in one go: the XML
# is the same as `center_vertically` on each cell would give.


def cell_xml(width: Length, paragraphs: Sequence[str], span: int = 1, merge: str | None = None) -> str:
    """A cell of `width`, vertically centred, holding `paragraphs` (from `paragraph_xml`); `span`
    grid columns wide, and `merge` "restart" or "continue" for a vertical merge (w:vMerge)."""
    spanned = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merged = {None: "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[merge]
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width.twips}"/>{spanned}{merged}<w:vAlign w:val="center"/>'
        f"</w:tcPr>{''.join(paragraphs) or '<w:p/>'}</w:tc>"
    )


def row_xml(cells: Sequence[str], keep_together: bool, header: bool = False) -> str:
    """A row of `cells` (from `cell_xml`); `keep_together` as `keep_row_together` sets it, `header`
    as `repeat_as_header`."""
    flags = "".join(flag for flag, wanted in (("<w:cantSplit/>", keep_together), ("<w:tblHeader/>", header)) if wanted)
    properties = f"<w:trPr>{flags}</w:trPr>" if flags else ""
    return f"<w:tr>{properties}{''.join(cells)}</w:tr>"


def append_rows_xml(table: Table, rows: Sequence[str]) -> None:
    """Parse `rows` (from `row_xml`) at once and append them to `table`."""
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
    tbl = table._tbl
    for tr in list(parsed):
        tbl.append(tr)


# --- tables -----------------------------------------------------------------------------------


def _row_property(row: _Row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    child_in_order(tr_pr, tag, _TR_PR_ORDER)


def repeat_as_header(row: _Row) -> None:
    """Repeat `row` at the top of every page the table spans (w:tblHeader)."""
    _row_property(row, "tblHeader")


def keep_row_together(row: _Row) -> None:
    """Never split `row` across a page break (w:cantSplit)."""
    _row_property(row, "cantSplit")


def _set_borders(table: Table, val: str, sz: int) -> None:
    borders = child_in_order(table._tbl.tblPr, "tblBorders", _TBL_PR_ORDER)
    for child in list(borders):
        borders.remove(child)
    for side in _BORDER_SIDES:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), val)
        edge.set(qn("w:sz"), str(sz))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000" if val != "nil" else "auto")
        borders.append(edge)


def set_table_borders(table: Table, sz: int = 4) -> None:
    """Single black lines around and between every cell; `sz` in eighths of a point (4 = ½ pt)."""
    _set_borders(table, "single", sz)


def clear_table_borders(table: Table) -> None:
    """No lines at all (the header and signature layout tables)."""
    _set_borders(table, "nil", 0)


def set_cell_margins(
    target: Table | _Cell, top_pt: float = 0, bottom_pt: float = 0, left_pt: float = 5.4, right_pt: float = 5.4
) -> None:
    """Inner padding of every cell of a table (w:tblCellMar) or of one cell (w:tcMar)."""
    if isinstance(target, Table):
        margins = child_in_order(target._tbl.tblPr, "tblCellMar", _TBL_PR_ORDER)
    else:
        margins = child_in_order(target._tc.get_or_add_tcPr(), "tcMar", _TC_PR_ORDER)
    for child in list(margins):
        margins.remove(child)
    for side, points in (("top", top_pt), ("left", left_pt), ("bottom", bottom_pt), ("right", right_pt)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(points * 20)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)


def set_col_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths, written to w:tblGrid, w:tblW and every cell (Word and LibreOffice differ
    in which one they obey)."""
    table.autofit = False  # w:tblLayout type="fixed"
    tbl_w = child_in_order(table._tbl.tblPr, "tblW", _TBL_PR_ORDER)
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            tc_pr = tc.tcPr
            tc_w = None if tc_pr is None or tc_pr.gridSpan is not None else tc_pr.tcW
            if tc_w is not None:  # the usual cell: one column, its width already there to change
                tc_w.width = Length(widths[column])
                column += 1
                continue
            span = tc.grid_span
            tc.width = Length(sum(widths[column : column + span]))
            column += span
