"""Approximate printed width of a line of Times New Roman text, to size the drawn rules."""

from __future__ import annotations

import math
import unicodedata

# Advance widths (units of 1/2048 em) of the printable ASCII characters 32–126 in Times New Roman,
# read from Liberation Serif, which is metric-compatible with it.
# fmt: off
_REGULAR = (
    512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569, 1024, 1024, 1024,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155, 909, 1886, 1479, 1366, 1366, 1479,
    1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479, 1139, 1479, 1366, 1139, 1251, 1479, 1479,
    1933, 1479, 1479, 1251, 682, 569, 682, 961, 1024, 682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569,
    569, 1024, 569, 1593, 1024, 1024, 1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983, 410,
    983, 1108,
)
_BOLD = (
    512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569, 1024, 1024, 1024,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024, 1905, 1479, 1366, 1479, 1479,
    1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933, 1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479,
    2048, 1479, 1479, 1366, 682, 569, 682, 1190, 1024, 682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569,
    682, 1139, 569, 1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807, 451,
    807, 1065,
)
# fmt: on
UNITS_PER_EM = 2048
_HORNED = "ƠơƯư"  # the horn sticks out to the right of O/U: about a tenth wider
_SAME_AS = {"Đ": "D", "đ": "d", "\u00a0": " "}


def _tenths(char: str, table: tuple[int, ...]) -> int:
    """Advance width of `char` in tenths of a font unit: whole numbers, so sums are exact."""
    base = _SAME_AS.get(char) or unicodedata.normalize("NFD", char)[:1] or " "
    code = ord(base)
    width = table[code - 32] if 32 <= code <= 126 else UNITS_PER_EM // 2
    return width * 11 if char in _HORNED else width * 10


_TABLES = {False: _REGULAR, True: _BOLD}
#: Widths already worked out, per weight: text is measured word by word, the same letters and words
#: again and again. Only words of ordinary length are kept, and they are forgotten past a count, so
#: a long-running process does not grow (a URL or a pasted string without spaces is measured anew).
_CHARS: dict[bool, dict[str, int]] = {False: {}, True: {}}
_WORDS: dict[bool, dict[str, int]] = {False: {}, True: {}}
_WORDS_KEPT = 50_000
_WORD_KEPT_CHARS = 40


def word_tenths(word: str, bold: bool = False) -> int:
    """Width of `word` in tenths of a font unit (1/20480 em)."""
    words = _WORDS[bold]
    width = words.get(word)
    if width is None:
        chars, table = _CHARS[bold], _TABLES[bold]
        width = 0
        for char in word:
            advance = chars.get(char)
            if advance is None:
                advance = chars[char] = _tenths(char, table)
            width += advance
        if len(word) <= _WORD_KEPT_CHARS:
            if len(words) >= _WORDS_KEPT:
                words.clear()
            words[word] = width
    return width


def tenths_to_pt(tenths: int, size_pt: float) -> float:
    """A width in tenths of a font unit, in points at `size_pt`."""
    return tenths * size_pt / (UNITS_PER_EM * 10)


def most_tenths(width_pt: float, size_pt: float) -> int:
    """The most whole tenths of a font unit whose width at `size_pt` stays within `width_pt`.

    `tenths_to_pt` never decreases as tenths grow, so comparing a width in tenths with this number
    decides exactly what comparing it in points would, without converting every sum.
    """
    tenths = math.floor(width_pt * UNITS_PER_EM * 10 / size_pt)
    while tenths_to_pt(tenths + 1, size_pt) <= width_pt:
        tenths += 1
    while tenths_to_pt(tenths, size_pt) > width_pt:
        tenths -= 1
    return tenths


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Width in points of `text` on one line at `size_pt` (kerning ignored)."""
    space = word_tenths(" ", bold)
    words = text.split(" ")
    return tenths_to_pt(sum(word_tenths(word, bold) for word in words) + space * (len(words) - 1), size_pt)
