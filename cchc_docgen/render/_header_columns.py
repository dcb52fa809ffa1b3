"""The heading table's two columns: the right one wide enough for the place-and-date line.

The template's columns (7.2 cm | 9.3 cm) hold "Sóc Trăng, ngày 16 tháng 3 năm 2023" with room to
spare, but a long place name ("Thành phố Hồ Chí Minh, ngày 16 tháng 12 năm 2025", or a draft's
wide blanks) would wrap the date onto a second line under the Tiêu ngữ. Nghị định 30/2020 wants
that line on the line of "Số: …", centred under the Tiêu ngữ: the right column takes what it needs
from the left one, as long as every line of the left one prints as it did: a line that fits stays
one line, a long name keeps its two even lines.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table
from lxml import etree

from ..core.text_metrics import text_width_pt
from ._docx_table import set_col_widths
from ._drawn_rules import BALANCE_FILL, _available_width_pt, _run_size_and_bold, balance_paragraph, hand_lines_pt
from ._title_wrap import even_lines

__all__ = ["balance_parent_line", "fit_header_columns"]

_SLACK = 1.04  # room for rounding and kerning differences between Word, LibreOffice and the metrics
#: The left column never gets narrower than this: the agency's name wraps, but not word by word.
_LEFT_LEAST = Cm(5.5)


def _widest_word_pt(document: Document, p: etree._Element) -> float:
    """The width of paragraph `p`'s widest word."""
    widest = 0.0
    for r in p.iter(qn("w:r")):
        size, bold = _run_size_and_bold(document, p, r)
        words = (r.text or "").replace("\n", " ").split(" ")
        widest = max([widest, *(text_width_pt(word, size.pt, bold) for word in words)])
    return widest


def _least_width_pt(document: Document, p: etree._Element, room: float) -> float:
    """The width paragraph `p` of the left column needs to print as it does in `room`: a line that
    fits stays one line, a longer one keeps the even lines the heading gets (`even_lines`)."""
    lines = hand_lines_pt(document, p)
    if len(lines) > 1:
        return max(lines)
    if lines[0] <= BALANCE_FILL * room:  # stays under the fill at which the names are broken in two
        return lines[0] / BALANCE_FILL
    runs = [r for r in p.iter(qn("w:r")) if r.text]
    if len(runs) == 1:
        size, bold = _run_size_and_bold(document, p, runs[0])
        lines_of = even_lines(runs[0].text, room, size.pt, bold)
        if lines_of is not None:
            return max(text_width_pt(line, size.pt, bold) for line in lines_of)
    return _widest_word_pt(document, p)


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _two_column_paragraph(document: Document, column: int, text: str) -> tuple[Table, etree._Element] | None:
    """The first paragraph reading `text` in `column` (0: left, 1: right) of a two-column row, and its table."""
    for table in document.tables:
        for tr in table._tbl.tr_lst:
            cells = tr.tc_lst
            if len(cells) != 2:
                continue
            for p in cells[column].iter(qn("w:p")):
                if _text(p).strip() == text:
                    return table, p
    return None


def fit_header_columns(document: Document, place_date: str) -> None:
    """Widen the heading table's right column so that `place_date` prints on one line."""
    found = _two_column_paragraph(document, 1, place_date)  # the heading table: the date under the Tiêu ngữ
    if found is None:
        return
    table, right = found
    rows = table._tbl.tr_lst
    room = _available_width_pt(document, right)
    needed = max(hand_lines_pt(document, right)) * _SLACK
    if needed <= room:
        return
    left_cells = [tr.tc_lst[0] for tr in rows if len(tr.tc_lst) == 2]
    left_room = _available_width_pt(document, next(left_cells[0].iter(qn("w:p"))))
    left_least = max(
        (_least_width_pt(document, p, left_room) * _SLACK for tc in left_cells for p in tc.iter(qn("w:p"))),
        default=0.0,
    )
    left_width, right_width = (Length(tc.width or 0) for tc in rows[0].tc_lst[:2])
    padding = float(Length(right_width).pt) - room
    left_floor = max(float(Length(_LEFT_LEAST).pt), left_least + padding)
    grow = min(needed - room, float(Length(left_width).pt) - left_floor)
    if grow <= 0:
        return
    step = Pt(grow)
    set_col_widths(table, [Length(left_width - step), Length(right_width + step)])


def balance_parent_line(document: Document, parent: str) -> None:
    """Break a cơ quan chủ quản too long for its column where a reader would ("ỦY BAN NHÂN DÂN /
    THÀNH PHỐ HỒ CHÍ MINH"), not where the line happens to fill ("… THÀNH / PHỐ HỒ CHÍ MINH")."""
    found = _two_column_paragraph(document, 0, parent.strip()) if parent.strip() else None
    if found is not None:
        balance_paragraph(document, found[1])
