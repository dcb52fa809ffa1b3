"""Sizes in a spreadsheet of Times New Roman text: lines a cell's text wraps to and row heights.

Shared by the Phụ lục sheet (`appendix_xlsx`) and the compilation workbook (`aggregate/workbook`).
Widths are in Excel's character units: the digit width of the Normal font, Times New Roman 12
(8 px = 6 pt; Excel adds 5 px of padding).
"""

from __future__ import annotations

import functools
import re

from ..core.text_metrics import most_tenths, word_tenths
from ._appendix_layout import most_lines, wrapped_lines

__all__ = [
    "MAX_ROW_HEIGHT",
    "NOTE_LINES",
    "NOTE_ROW_HEIGHT",
    "PADDING_PT",
    "POINTS_PER_UNIT",
    "height",
    "line_height",
    "lines",
    "lines_height",
    "note_lines",
    "row_height",
]

TABLE_PT = 12
POINTS_PER_UNIT = 6.0
#: The cell's padding, left and right together (points).
PADDING_PT = 6.0
#: Excel's largest row height (points); a longer note is cut on screen, the text is all there.
MAX_ROW_HEIGHT = 409.0
#: The tallest row a note piece gets (points, under a third of a printed page): a row that does not
#: fit below the last one goes whole to the next page (Excel never breaks a row), so the pieces of
#: a long note are kept short, rows that flow down each page instead of a blank half page before
#: each row a page tall.
NOTE_ROW_HEIGHT = 200.0
#: How much wider than measured a note may print (fonts and their spacing differ a little).
_NOTE_SAFETY = 1.05


def line_height(size_pt: float) -> float:
    """One line of text of `size_pt` (Excel's own row height for 12 pt Times New Roman is 15.75)."""
    return size_pt * 1.3


def lines_height(count: int) -> float:
    """Height of a table row of `count` lines."""
    return line_height(TABLE_PT) * count + 3


#: The most lines of a note one row holds (`NOTE_ROW_HEIGHT`).
NOTE_LINES = most_lines(lines_height, NOTE_ROW_HEIGHT)


def lines(text: str, width_units: float, size_pt: float, bold: bool = False, most: int | None = None) -> int:
    """Lines `text` wraps to in a column `width_units` wide (greedy word wrap, Times New Roman metrics);
    with `most`, only known to exceed `most` once past it."""
    width = (width_units * POINTS_PER_UNIT - PADDING_PT) / 1.05  # less the cell's padding, with a safety margin
    return wrapped_lines(text, width, size_pt, bold, most)


def height(cells: list[tuple[str, float]], size_pt: float) -> float:
    """Row height for bold text cells given as (text, column width)."""
    most = max(lines(text, width, size_pt, bold=True) for text, width in cells)
    return most * line_height(size_pt) + 4


def row_height(note: str, width: float) -> float:
    """Height of a row holding `note` in a column `width` units wide, at most Excel's tallest row."""
    return min(lines_height(note_lines(note, width)), MAX_ROW_HEIGHT)


@functools.cache
def _word_pieces() -> re.Pattern[str]:
    """Where a word too long for its line breaks in print (LibreOffice and Excel break a URL after its
    slashes, hyphens and the like, else between any two letters): each piece ends in one of these."""
    return re.compile(r"[^/\-?&=_.,;:#]*[/\-?&=_.,;:#]*")


def note_lines(text: str, width_units: float, most: int | None = None) -> int:
    """Lines a note wraps to in the note column, as `lines` but with a word wider than the column
    (a web address) wrapped as print does it: after a slash or the like where it can, else between
    letters, each of its lines as full as it goes, the next word after it. Counting stops past
    `most`. The count is never below what `lines` gives, so rows sized by it show the whole note."""
    limit = most_tenths((width_units * POINTS_PER_UNIT - PADDING_PT) / _NOTE_SAFETY, TABLE_PT)
    space = word_tenths(" ")
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = -1  # the width of the line so far; -1 while it is empty
        for word in paragraph.split(" "):
            if most is not None and count > most:
                return count
            width = word_tenths(word)
            if used >= 0 and used + space + width <= limit:
                used += space + width
                continue
            if used >= 0:
                count += 1
            used = 0
            if width <= limit:
                used = width
                continue
            for piece in _long_word_pieces(word, limit):  # each piece fits a line
                piece_width = word_tenths(piece)
                if used and used + piece_width > limit:
                    count += 1
                    used = 0
                used += piece_width
    return max(count, lines(text, width_units, TABLE_PT, most=most))


def _long_word_pieces(word: str, limit: int) -> list[str]:
    """`word` cut after its break characters, a piece still wider than `limit` between letters."""
    pieces: list[str] = []
    for piece in filter(None, _word_pieces().findall(word)):
        if word_tenths(piece) <= limit:
            pieces.append(piece)
            continue
        start, used = 0, 0
        for index, char in enumerate(piece):
            width = word_tenths(char)
            if used and used + width > limit:
                pieces.append(piece[start:index])
                start, used = index, 0
            used += width
        pieces.append(piece[start:])
    return pieces
