"""What both Phụ lục renderers share: header arrangement, column shares, values as printed."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import msgspec

from ..core.text_metrics import most_tenths, tenths_to_pt, text_width_pt, word_tenths
from ..core.vnformat import format_number, two_digits
from ..forms import COLUMN_NAMES, Columns, Form, Indicator, RowKind
from ..forms.stt_width import (
    MIN_LABEL_SHARE,
    needed_share,
)
from ..report.checks import RowValue
from ..report.refs import plain_text

NBSP = "\u00a0"
#: Font size and cell padding (left + right) of the Phụ lục table, in both renderers.


class HeaderCell(msgspec.Struct, frozen=True):
    """One heading cell of the table header: its text (with `*italic*` marks) and place."""

    text: str
    row: int  # 0 or 1
    column: int  # 0 … 4
    rowspan: int = 1
    colspan: int = 1


def header_cells(columns: Columns) -> tuple[int, list[HeaderCell]]:
    """The header rows (1 or 2) and their cells, per the form's arrangement.

    No group: one row. Group over unit + value: STT, label and note span both rows, the group
    heading spans unit and value. Group over value: unit too spans both rows ("Đơn vị tính" as
    its own column) and the group heading stands over the value column only.
    """
    if columns.group is None:
        return 1, [HeaderCell(columns.heading(name), 0, i) for i, name in enumerate(COLUMN_NAMES)]
    cells = []
    first = COLUMN_NAMES.index(columns.group_over[0])
    for i, name in enumerate(COLUMN_NAMES):
        if name in columns.group_over:
            cells.append(HeaderCell(columns.heading(name), 1, i))
        else:
            cells.append(HeaderCell(columns.heading(name), 0, i, rowspan=2))
    cells.append(HeaderCell(columns.group, 0, first, colspan=len(columns.group_over)))
    return 2, sorted(cells, key=lambda c: (c.row, c.column))


def is_bold(form: Form, indicator: Indicator) -> bool:
    """Section and group rows print bold (as the form's layout says)."""
    return indicator.kind in form.layout.bold


def column_shares(
    form: Form,
    size_pt: float,
    width_pt: float,
    padding_pt: float,
    values: Sequence[str] = (),
    *,
    word: bool = False,
) -> list[float]:
    """The form's column shares, the STT column widened so its longest number ("1.1.1.", "Trong đó")
    fits on one line, and the value column so each of `values` does (a spreadsheet number never
    wraps: too wide, it shows "###"; in `word`, only each value's words must fit); what they gain
    comes out of the label column, which keeps at least MIN_LABEL_SHARE (the form parser refuses an
    STT that would take more; a value gets what is left). In `word`, then, the label column's
    longest word (a URL) and each unit ("Cơ quan, đơn vị") get a line of their own, the value column
    giving up what its numbers do not need (`_fit_label_and_unit`); the spreadsheet keeps the form's
    shares, its columns are for typing in and resized in Excel."""
    shares = list(form.layout.widths)
    stt = [text_width_pt(plain_text(form.columns.stt), size_pt, True)]
    stt += [text_width_pt(row.stt, size_pt, is_bold(form, row)) for row in form.rows if row.stt]
    shown = [_longest_word(v, size_pt) if word else text_width_pt(v, size_pt) for v in values]
    for column, widest in ((0, max(stt)), (3, max(shown, default=0.0))):
        needed = needed_share(widest, width_pt, padding_pt)
        gain = min(needed - shares[column], shares[1] - MIN_LABEL_SHARE)
        if gain > 0:
            shares[1] -= gain
            shares[column] += gain
    if word:
        _fit_label_and_unit(form, shares, size_pt, width_pt, padding_pt, max(shown, default=0.0))
    return shares


#: A unit wider than this share of the table wraps between its words rather than widen its column
#: ("Số lượng phần mềm", on one row of a form); "Cơ quan, đơn vị" (42 rows) takes about a fifth.
_MOST_UNIT_SHARE = 0.22
#: The note column gives room down to this share at most (long notes wrap there).
_LEAST_NOTE_SHARE = 0.2
#: How much wider than measured a heading may print: a break that reads well must hold within this.
_PRINTED_WIDER = 1.04


def _fit_label_and_unit(
    form: Form,
    shares: list[float],
    size_pt: float,
    width_pt: float,
    padding_pt: float,
    widest_value: float,
) -> None:
    """Widen, in place, the label column to its longest word (a URL such as
    "(https://cchc.soctrang.gov.vn/)" would break between letters) and the unit column to its widest
    unit, each line of it whole ("Cơ quan, đơn vị", not "Cơ quan, đơn / vị"; a code set keeps its
    bound "Có = 1;" pieces), up to _MOST_UNIT_SHARE. When they need room, the value column narrows
    to its widest value, its headings on two lines at most and broken where they read well
    (`_heading_width`); what it gives and they do not take goes to the note column. What is still
    missing comes from the note column (down to _LEAST_NOTE_SHARE), then from the label column (down
    to its own need); the unit column widens only if it can have all it wants. A form whose columns
    need nothing keeps its shares."""

    def share(text_pt: float) -> float:
        return needed_share(text_pt, width_pt, padding_pt)

    headings = [plain_text(form.columns.heading(name)) for name in COLUMN_NAMES]
    label = share(
        max(
            [_longest_word(row.label, size_pt, is_bold(form, row)) for row in form.rows]
            + [_longest_word(headings[1], size_pt, True)]
        )
    )
    unit_words, unit_lines = [0.0], [0.0]
    for row in form.rows:
        for line in unit_text(row).split("\n") if row.unit else ():
            unit_words.append(_longest_word(line, size_pt))
            if "=" not in line:
                unit_lines.append(text_width_pt(line, size_pt))
    unit = max(
        [share(max(unit_words)), share(_longest_word(headings[2], size_pt, True))]
        + [s for s in map(share, unit_lines) if s <= _MOST_UNIT_SHARE]
    )
    wanted = {1: label, 2: unit}
    if all(shares[column] >= need for column, need in wanted.items()):
        return
    over_value = [headings[3]]
    if form.columns.group is not None and tuple(form.columns.group_over) == ("value",):
        over_value.append(plain_text(form.columns.group))
    least = share(widest_value) * width_pt - padding_pt
    value = (_heading_width(over_value, size_pt, least) + padding_pt) / width_pt
    if shares[3] > value:
        shares[4] += shares[3] - value
        shares[3] = value
    floors = {4: max(_LEAST_NOTE_SHARE, share(_longest_word(headings[4], size_pt, True))), 1: label}
    floors[1] = max(floors[1], MIN_LABEL_SHARE)
    for column, need in wanted.items():
        donors = [donor for donor in (4, 1) if donor != column]
        if column == 2 and sum(max(shares[d] - floors[d], 0.0) for d in donors) < need - shares[column]:
            continue  # a unit widened part of the way wraps worse ("Cơ quan, đơn / vị" for "Cơ quan, / đơn vị")
        for donor in donors:
            gain = min(need - shares[column], shares[donor] - floors[donor])
            if gain > 0:
                shares[donor] -= gain
                shares[column] += gain


def _longest_word(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of the widest word of `text`: split at spaces and line breaks, not at the no-break
    spaces that bind "Có = 1;"."""
    # Compared in whole tenths (exact) and converted once: the same as the widest of each word in points.
    widest = max((word_tenths(word, bold) for line in text.split("\n") for word in line.split(" ")), default=0)
    return tenths_to_pt(widest, size_pt)


def _heading_width(headings: Sequence[str], size_pt: float, least: float) -> float:
    """The narrowest room in a cell, at least `least`, in which each bold heading reads well however
    it prints (up to _PRINTED_WIDER wider than measured): on one line, or on two whose second holds
    two words or more ("Số / lượng/tỷ lệ", "Kết quả / thống kê"; never "Số lượng/tỷ / lệ"); a heading
    of one or two words stays on one line. At worst, the widest heading on one line."""
    texts = [heading.split(" ") for heading in headings if heading.strip()]
    whole = max([least, *(text_width_pt(" ".join(words), size_pt, True) * _PRINTED_WIDER for words in texts)])
    runs = {
        text_width_pt(" ".join(words[i:j]), size_pt, True) * _PRINTED_WIDER
        for words in texts
        for i in range(len(words))
        for j in range(i + 1, len(words) + 1)
    }
    for room in sorted(r for r in runs | {least} if least <= r < whole):
        if all(
            _reads_well(words, room, size_pt) and _reads_well(words, room / _PRINTED_WIDER, size_pt) for words in texts
        ):
            return room
    return whole


def _reads_well(words: Sequence[str], width: float, size_pt: float) -> bool:
    """Whether a bold heading of `words`, wrapped greedily in `width`, reads well (`_heading_width`)."""
    if text_width_pt(" ".join(words), size_pt, True) <= width:
        return True
    if len(words) <= 2:
        return False
    lines: list[list[str]] = [[]]
    for word in words:
        if lines[-1] and text_width_pt(" ".join([*lines[-1], word]), size_pt, True) > width:
            lines.append([])
        lines[-1].append(word)
    return len(lines) == 2 and len(lines[1]) >= 2 and all(text_width_pt(w, size_pt, True) <= width for w in words)


def unit_text(indicator: Indicator) -> str:
    """The printed unit. A code set's "; " becomes a line break and "Có = 1" is bound by no-break
    spaces, so the narrow column never strands "= 1;" on a line of its own."""
    return indicator.unit.replace("; ", ";\n").replace(" = ", f"{NBSP}={NBSP}")


def number_text(row: RowValue, leading_zero: bool = False) -> str:
    """The number alone: blank stays blank, codes as typed, counts "06" when asked, else 5.380; 86,96."""
    if row.value is None or row.indicator.kind is RowKind.SECTION:
        return ""
    if row.indicator.kind is RowKind.CODED:
        return str(int(row.value))
    if (leading_zero or row.zero_padded) and row.indicator.kind is RowKind.COUNT:
        return two_digits(int(row.value))
    return format_number(row.value)


def value_text(row: RowValue, leading_zero: bool = False) -> str:
    """The printed value: the number, then its qualifier ("21 (lượt người)")."""
    number = number_text(row, leading_zero)
    return f"{number} {row.qualifier}" if number and row.qualifier else number


def most_lines(height: Callable[[int], float], limit: float) -> int:
    """The most lines whose `height(lines)` stays within `limit` (`height` grows with the lines)."""
    most = 0
    while height(most + 1) <= limit:
        most += 1
    return most


#: Texts up to this long have their line counts remembered (`wrapped_lines`): labels, units and
#: values come back report after report; notes are longer and measured each time.
_REMEMBERED_CHARS = 200


def wrapped_lines(text: str, width_pt: float, size_pt: float, bold: bool = False, most: int | None = None) -> int:
    """Lines `text` wraps to in `width_pt` (greedy word wrap, Times New Roman metrics).

    With `most`, counting stops once past it: the answer is then only known to exceed `most` (what
    a test of whether a text fits needs, without wrapping the rest of a long note).
    """
    if len(text) <= _REMEMBERED_CHARS:  # the whole count: short, and known again next time
        return _remembered_lines(text, width_pt, size_pt, bold)
    return _wrapped_lines(text, width_pt, size_pt, bold, most)


@functools.lru_cache(maxsize=4096)
def _remembered_lines(text: str, width_pt: float, size_pt: float, bold: bool) -> int:
    return _wrapped_lines(text, width_pt, size_pt, bold, None)


def _wrapped_lines(text: str, width_pt: float, size_pt: float, bold: bool, most: int | None) -> int:
    """Each line's width is carried along as words are added (widths in whole tenths of a font unit,
    so the sums are exact), in time linear in the text."""
    space = word_tenths(" ", bold)
    limit = most_tenths(width_pt, size_pt)  # a line is too wide past this many tenths
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        line, line_width = False, 0  # whether the line holds anything yet, and its width
        for word in paragraph.split(" "):
            if most is not None and count > most:
                return count
            width = word_tenths(word, bold)
            if line and line_width + space + width > limit:
                count += 1
                line, line_width = bool(word), width
            elif line:
                line_width += space + width
            else:
                line, line_width = bool(word), width
            if line_width > limit:  # a URL longer than the column breaks anywhere
                count += int(tenths_to_pt(line_width, size_pt) // width_pt)
                line, line_width = False, 0
    return count


def split_note(note: str, fits: Callable[[str], bool]) -> list[tuple[str, str]]:
    """`note` cut into pieces that each `fits`, at line breaks where possible, else between words.

    Each piece comes with the separator that joins it to the previous one ("" for the first,
    "\n" or " "), so joining them gives back exactly the note.
    """
    if fits(note):
        return [("", note)]
    pieces: list[tuple[str, str]] = []
    for index, paragraph in enumerate(note.split("\n")):
        separator = "\n" if index else ""
        words = paragraph.split(" ")
        start = 0
        while True:
            # As many words as fit (at least one). A text that fits still fits without its last
            # word, so the longest fitting run is found by halving rather than word by word.
            low, high = start + 1, len(words)
            while low < high:
                middle = (low + high + 1) // 2
                if fits(" ".join(words[start:middle])):
                    low = middle
                else:
                    high = middle - 1
            pieces.append((separator, " ".join(words[start:low])))
            if low == len(words):
                break
            separator, start = " ", low
    chunks: list[tuple[str, str]] = []
    for separator, text in pieces:
        if chunks and fits(chunks[-1][1] + separator + text):
            chunks[-1] = (chunks[-1][0], chunks[-1][1] + separator + text)
        else:
            chunks.append((separator if chunks else "", text))
    return chunks
