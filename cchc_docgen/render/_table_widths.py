"""Column widths of a narrative table from its content: no word broken, then as few lines as possible.

Every column gets at least its longest unbreakable piece (a word, an e-mail address, a phone number
written in groups such as "0913 983 072", a person's name such as "Nguyễn Hữu Hạnh"), so Word never
breaks one where the table can avoid it; a short header phrase ("Email liên hệ") is kept whole too
where the room allows. A column of numbers only (STT, phone numbers, counts) is as wide as its widest
number or header word and no wider: its header wraps rather than take room the text needs (a short
header is whole when all the text fits on one line anyway). The room left goes, a few points at a
time, to the column where it saves the most printed lines, with Word's line filling simulated from
the Times New Roman metrics; widths at which a phone number would be split across two lines are
avoided.

Why names used to break: the least width was the longest single word ("Nguyễn"), and the room above
it went first to headers ("Số điện thoại" on one line saves a line of the header row for a few
points), so "Nguyễn / Hữu / Hạnh" stayed on three lines beside a number column wider than its numbers;
with Word's default cell padding (5.4 pt a side) a six-column list of leaders had no room for whole
names at all (narrative.py now pads 3 pt a side, as the Phụ lục). When even the names' widths do not
fit, names wrap between their words; no word is broken before that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from ..core.text_metrics import text_width_pt

__all__ = ["CellText", "content_widths", "looks_like_name", "numbers_only"]

#: Digit groups that belong together: phone numbers "0913 983 072", "0299.3822.123", "+84 913 983 072".
_PHONE = re.compile(r"\+?\d[\d.]*(?: \d[\d.]*)+")
_PHONE_DIGITS = 8
_SLACK = 1.04  # room for rounding and kerning differences between Word, LibreOffice and these metrics
_STEPS_PT = (4.0, 8.0, 16.0, 32.0, 64.0)
_SAMPLE_ROWS = 60  # rows the line count is simulated on (evenly spread): keeps big tables linear
_BROKEN_GROUP = 10  # a phone number split across lines costs as much as ten extra lines
_NARROWER = 1.12  # printed text may be this much narrower than measured
_ROW_WEIGHT = 4  # a line more in a row's height weighs this many lines more in one cell
#: A word of a personal name: a capital, then small letters only ("Nguyễn", "Thị", "A").
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_]*")
_NAME_WORDS = (2, 5)
_HEADER_PHRASE_WORDS = 3  # a header of up to this many words is kept on one line where possible
#: A cell of numbers only: digits with their separators, signs and a percent ("01", "5.380", "86,96%").
_NUMBER = re.compile(r"[+\-–(]?\d[\d.,/ ]*%?\)?")


class CellText(msgspec.Struct, frozen=True):
    """The plain text of one single-column cell, where it is, and whether it prints bold."""

    row: int
    column: int
    text: str
    bold: bool
    header: bool = False


def looks_like_name(text: str) -> bool:
    """Whether `text` reads as a Vietnamese personal name: 2 to 5 capitalised words, no digits
    ("Nguyễn Hữu Hạnh", "Đặng Ngọc Duy Trinh", "Nguyễn Văn A"); printed on one line when it can be."""
    words = text.split()
    return _NAME_WORDS[0] <= len(words) <= _NAME_WORDS[1] and all(
        _NAME_WORD.fullmatch(word) and word[0].isupper() and (len(word) == 1 or word[1:].islower()) for word in words
    )


def numbers_only(text: str) -> bool:
    """Whether `text` holds a number alone (or a phone number in groups): "01", "5.380", "0913 983 072"."""
    return _NUMBER.fullmatch(text.strip()) is not None


class _Measured(msgspec.Struct, frozen=True):
    """A cell's lines as words: (width in pt, group id or -1), with the width of a space."""

    lines: tuple[tuple[tuple[float, int], ...], ...]
    space: float

    @property
    def least(self) -> float:
        """The widest piece that must not break: a word, or a whole phone number."""
        widest = 0.0
        for line in self.lines:
            group, run = -2, 0.0
            for width, gid in line:
                run = run + self.space + width if gid >= 0 and gid == group else width
                group = gid
                widest = max(widest, run)
        return widest

    @property
    def longest(self) -> float:
        return max((sum(w for w, _ in line) + self.space * max(len(line) - 1, 0) for line in self.lines), default=0)


def _measure(text: str, size_pt: float, bold: bool, whole: bool = False) -> _Measured:
    """The words of `text`; with `whole`, each of its lines is one piece that must not break."""
    lines = []
    group = 0
    for line in text.split("\n"):
        groups: dict[int, int] = {}
        if whole:
            groups[0] = len(line)
        for match in _PHONE.finditer(line):
            if not whole and sum(ch.isdigit() for ch in match.group()) >= _PHONE_DIGITS:
                groups[match.start()] = match.end()
        words: list[tuple[float, int]] = []
        for match in re.finditer(r"\S+", line):
            gid = -1
            for start, end in groups.items():
                if start <= match.start() < end:
                    gid = group + start
            words.append((text_width_pt(match.group(), size_pt, bold) * _SLACK, gid))
        group += len(line) + 1
        lines.append(tuple(words))
    return _Measured(tuple(lines), text_width_pt(" ", size_pt, bold) * _SLACK)


def _fill(cell: _Measured, width: float) -> tuple[int, bool]:
    """Printed lines of `cell` in `width` (Word fills each line greedily); whether a group is split."""
    count, split = 0, False
    for line in cell.lines:
        used, previous = -1.0, -1
        count += 1
        for word, gid in line:
            if used < 0:
                used = word
            elif used + cell.space + word <= width:
                used += cell.space + word
            else:
                count += 1
                split = split or (gid >= 0 and gid == previous)
                used = word
            previous = gid
    return count, split


def _cost(cell: _Measured, width: float) -> int:
    """Lines of `cell` in `width`, plus a penalty when a phone number may be split: at this width, or
    where the real font runs narrower than the metrics (LibreOffice's and Word's kerning)."""
    lines, split = _fill(cell, width)
    if not split and any(gid >= 0 for line in cell.lines for _, gid in line):
        split = _fill(cell, width * _NARROWER)[1]
    return lines + (_BROKEN_GROUP if split else 0)


def content_widths(
    cells: Sequence[CellText], rows: int, columns: int, room_pt: float, padding_pt: float, size_pt: float
) -> list[float]:
    """Widths in points (summing to `room_pt`) for a table of `rows` × `columns` holding `cells`."""
    measured: dict[tuple[int, int], _Measured] = {}
    least = [padding_pt] * columns
    wanted = [padding_pt] * columns
    loose = [padding_pt] * columns  # the least with names free to wrap between their words
    phrases: list[float] = [0.0] * columns  # the least with short header phrases whole
    body: list[list[str]] = [[] for _ in range(columns)]
    for cell in cells:
        name = not cell.header and looks_like_name(cell.text)
        m = _measure(cell.text, size_pt, cell.bold, whole=name)
        measured[(cell.row, cell.column)] = m
        least[cell.column] = max(least[cell.column], m.least + padding_pt)
        wanted[cell.column] = max(wanted[cell.column], m.longest + padding_pt)
        free = _measure(cell.text, size_pt, cell.bold) if name else m
        loose[cell.column] = max(loose[cell.column], free.least + padding_pt)
        if cell.header and "\n" not in cell.text and len(cell.text.split()) <= _HEADER_PHRASE_WORDS:
            phrases[cell.column] = max(phrases[cell.column], m.longest + padding_pt)
        elif not cell.header and cell.text.strip():
            body[cell.column].append(cell.text)
    fixed = {c for c in range(columns) if body[c] and all(numbers_only(text) for text in body[c])}
    if sum(least) > room_pt:  # the names alone do not fit: they wrap between words, no word breaks
        least = loose
    if sum(least) >= room_pt:
        return [w * room_pt / sum(least) for w in least]
    for column in sorted(set(range(columns)) - fixed, key=lambda c: phrases[c] - least[c]):
        if least[column] < phrases[column] and sum(least) - least[column] + phrases[column] <= room_pt:
            least[column] = phrases[column]  # short header phrases on one line, cheapest first
    for column in range(columns):
        wanted[column] = least[column] if column in fixed else max(wanted[column], least[column])
    if sum(wanted) <= room_pt:  # all text on one line: a column of numbers may have its header whole
        for column in sorted(fixed, key=lambda c: phrases[c] - wanted[c]):
            if wanted[column] < phrases[column] and sum(wanted) - wanted[column] + phrases[column] <= room_pt:
                wanted[column] = phrases[column]
        return _spread_spare(measured, list(wanted), wanted, fixed, room_pt, padding_pt)
    widths = _fewest_lines(measured, rows, columns, least, wanted, room_pt, padding_pt)
    return _spread_spare(measured, widths, wanted, fixed, room_pt, padding_pt)


def _spread_spare(
    measured: dict[tuple[int, int], _Measured],
    widths: list[float],
    wanted: list[float],
    fixed: set[int],
    room_pt: float,
    padding: float,
) -> list[float]:
    """Share the room no step could use, sparing the columns of numbers (`fixed`: as wide as their
    widest number) and the columns where more width would split a phone number."""

    def cost(column: int, width: float) -> int:
        return sum(_cost(m, width - padding) for (_, c), m in measured.items() if c == column)

    spare = room_pt - sum(widths)
    short = [max(w - c, 0.0) for w, c in zip(wanted, widths, strict=True)]
    share = short if sum(short) > 0 else list(widths)
    if len(fixed) < len(widths):
        share = [0.0 if c in fixed else s for c, s in enumerate(share)]
    candidates = {c for c in range(len(widths)) if share[c] > 0}
    while candidates:
        total = sum(share[c] for c in candidates)
        if total <= 0:
            break
        proposed = {c: widths[c] + spare * share[c] / total for c in candidates}
        worse = {c for c in candidates if cost(c, proposed[c]) > cost(c, widths[c])}
        if not worse:
            return [proposed.get(c, w) for c, w in enumerate(widths)]
        candidates -= worse
    return [w + spare * s / sum(share) for w, s in zip(widths, share, strict=True)]


def _fewest_lines(
    measured: dict[tuple[int, int], _Measured],
    rows: int,
    columns: int,
    least: list[float],
    wanted: list[float],
    room_pt: float,
    padding_pt: float,
) -> list[float]:
    """From the least widths, widen a step at a time the column that saves the most lines per point."""
    sample = sorted({round(i * (rows - 1) / max(_SAMPLE_ROWS - 1, 1)) for i in range(min(rows, _SAMPLE_ROWS))})
    by_column: list[list[tuple[int, _Measured]]] = [[] for _ in range(columns)]
    for index, row in enumerate(sample):
        for column in range(columns):
            m = measured.get((row, column))
            if m is not None:
                by_column[column].append((index, m))
    widths = list(least)

    def lines_of(column: int, width: float) -> list[int]:
        out = [0] * len(sample)
        for index, m in by_column[column]:
            out[index] = _cost(m, width - padding_pt)
        return out

    current = [lines_of(c, widths[c]) for c in range(columns)]

    def height(per_column: list[list[int]]) -> int:
        # Rows' heights first; every cell's own lines too, so that a column still gains by
        # narrowing to fewer lines while another column keeps the row as high as it was.
        rows_high = sum(max(col[i] for col in per_column) for i in range(len(sample)))
        return _ROW_WEIGHT * rows_high + sum(sum(col) for col in per_column)

    total = height(current)
    while True:
        room = room_pt - sum(widths)
        best: tuple[float, int, float, list[int]] | None = None
        for column in range(columns):
            if widths[column] >= wanted[column]:
                continue
            for step in _STEPS_PT:
                step = min(step, room, wanted[column] - widths[column])
                if step <= 0:
                    continue
                trial = lines_of(column, widths[column] + step)
                gain = total - height([*current[:column], trial, *current[column + 1 :]])
                if gain > 0 and (best is None or gain / step > best[0]):
                    best = (gain / step, column, step, trial)
        if best is None:
            return widths
        _, column, step, trial = best
        widths[column] += step
        current[column] = trial
        total = height(current)
