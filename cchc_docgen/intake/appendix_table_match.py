"""Rows of a typed Phụ lục table matched to a form's rows: labels normalized, compared by their words,
aligned in order (a table keeps the form's order, so a label the form has twice goes to the right one)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import msgspec

from ..forms import Form, Indicator

#: Labels this alike (Dice coefficient of their word sets, 0–1) may be the same row.
MIN_SIMILARITY = 0.7
#: Labels of this many words or fewer ("Khác", "Cấp xã") match only when equal.
_SHORT = 2
_STT_BONUS = 0.5
_STT_PENALTY = 0.2
_UNIT_BONUS = 0.1
_WORD = re.compile(r"\w+")
#: Old-style tone marks on a final "oa", "oe", "uy" ("hoà", "thuỷ") and the new style ("hòa", "thủy")
#: become one spelling (the same on both sides of a comparison, which is all that matters).
_OLD_TONE = re.compile(r"([ou])([àáảãạèéẻẽẹỳýỷỹỵ])\b")
_TONES = {
    "à": ("a", "\u0300"), "á": ("a", "\u0301"), "ả": ("a", "\u0309"), "ã": ("a", "\u0303"), "ạ": ("a", "\u0323"),
    "è": ("e", "\u0300"), "é": ("e", "\u0301"), "ẻ": ("e", "\u0309"), "ẽ": ("e", "\u0303"), "ẹ": ("e", "\u0323"),
    "ỳ": ("y", "\u0300"), "ý": ("y", "\u0301"), "ỷ": ("y", "\u0309"), "ỹ": ("y", "\u0303"), "ỵ": ("y", "\u0323"),
}  # fmt: skip
_LEADING_WORDS = ("trong đó", "bao gồm", "gồm")


def _new_tone(match: re.Match[str]) -> str:
    """ "oà" → "òa": the tone mark moved to the first vowel (only where it is a final "oa", "oe", "uy")."""
    vowel, marked = match.group(1), match.group(2)
    bare, tone = _TONES[marked]
    return unicodedata.normalize("NFC", vowel + tone) + bare


def normalized(text: str) -> str:
    """A label as compared: NFC, one tone style, lower case, no punctuation, no "Trong đó:" or "- "
    before it, single spaces."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").casefold()
    text = _OLD_TONE.sub(_new_tone, text)
    words = " ".join(_WORD.findall(text.replace("_", " ")))
    for lead in _LEADING_WORDS:
        if words.startswith(lead + " ") and len(words) > len(lead) + 1:
            words = words[len(lead) + 1 :]
    return words


def normalized_stt(text: str) -> str:
    """ "1.", " 1 ", "I." → "1", "1", "i"; "Trong đó" stays words."""
    return normalized(text).replace(" ", ".")


class Pair(msgspec.Struct, frozen=True):
    """A table row (index in the rows given) matched to a form row, and how alike their labels are."""

    table_row: int
    form_row: Indicator
    similarity: float


class TableRow(msgspec.Struct, frozen=True):
    """What matching needs of one table row."""

    index: int
    stt: str
    label: str
    unit: str


class Alignment(msgspec.Struct, frozen=True):
    """The pairs found, in table order, and what they add up to (to choose a form by)."""

    pairs: list[Pair]
    score: float

    @property
    def exact(self) -> int:
        return sum(1 for p in self.pairs if p.similarity >= 1.0)


class _FormIndex:
    """A form's labels as word sets, with the rows each word appears in."""

    def __init__(self, form: Form) -> None:
        self.rows = form.rows
        self.texts = [normalized(r.label) for r in form.rows]
        self.words = [frozenset(t.split()) for t in self.texts]
        self.stts = [normalized_stt(r.stt) for r in form.rows]
        self.units = [normalized(r.unit) for r in form.rows]
        self.by_word: dict[str, list[int]] = {}
        for j, words in enumerate(self.words):
            for word in words:
                self.by_word.setdefault(word, []).append(j)
        #: A word in more rows than this ("số", "của") finds no candidates by itself.
        self.common = max(8, len(form.rows) // 10)

    def candidates(self, row: TableRow) -> list[tuple[int, float]]:
        """(form row, similarity) of the rows whose label is alike enough: looked for by the label's
        rarer words (a label alike shares most of its words, all but never only "số", "của"), then
        compared in full."""
        text = normalized(row.label)
        words = frozenset(text.split())
        if not words:
            return []
        rare = [w for w in words if len(self.by_word.get(w, ())) <= self.common] or list(words)
        rows = {j for word in rare for j in self.by_word.get(word, ())}
        found = []
        for j in rows:
            if text == self.texts[j]:
                found.append((j, 1.0))
            elif min(len(words), len(self.words[j])) > _SHORT:
                dice = 2 * len(words & self.words[j]) / (len(words) + len(self.words[j]))
                if dice >= MIN_SIMILARITY:
                    found.append((j, dice))
        return found

    def weight(self, row: TableRow, j: int, similarity: float) -> float:
        weight = similarity
        stt = normalized_stt(row.stt)
        if stt and stt == self.stts[j]:
            weight += _STT_BONUS
        elif stt and self.stts[j] and stt != self.stts[j]:
            weight -= _STT_PENALTY
        if row.unit.strip() and normalized(row.unit) == self.units[j]:
            weight += _UNIT_BONUS
        return weight


_INDEXES: dict[int, tuple[Form, _FormIndex]] = {}


def _index(form: Form) -> _FormIndex:
    """The form's index, made once per form object (forms are loaded once per process)."""
    known = _INDEXES.get(id(form))
    if known is None or known[0] is not form:
        known = (form, _FormIndex(form))
        _INDEXES[id(form)] = known
    return known[1]


def align(rows: Sequence[TableRow], form: Form, fixed: dict[int, str] | None = None) -> Alignment:
    """The order-keeping matching of `rows` to `form`'s rows of greatest total weight (a weighted
    longest increasing subsequence over the candidate pairs, in O(pairs × log rows)); `fixed` maps
    a table row to the form row id it is known to be (the hidden id column of the tool's own sheet)."""
    index = _index(form)
    position = {r.id: j for j, r in enumerate(form.rows)}
    size = len(form.rows)
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)  # Fenwick tree of (best total, node)
    nodes: list[tuple[int, int, float, int]] = []  # (table row, form row, similarity, previous node)

    def best_before(j: int) -> tuple[float, int]:
        best = (0.0, -1)
        while j > 0:
            best = max(best, tree[j])
            j -= j & -j
        return best

    def update(j: int, value: tuple[float, int]) -> None:
        j += 1
        while j <= size:
            tree[j] = max(tree[j], value)
            j += j & -j

    for row in rows:
        known = (fixed or {}).get(row.index)
        if known is not None and known in position:
            found = [(position[known], 1.0)]
        else:
            found = index.candidates(row)
        updates = []
        for j, similarity in found:
            total, previous = best_before(j)
            weight = 10.0 if known is not None else index.weight(row, j, similarity)
            if weight <= 0:
                continue
            nodes.append((row.index, j, similarity, previous))
            updates.append((j, (total + weight, len(nodes) - 1)))
        for j, value in updates:
            update(j, value)
    score, node = best_before(size)
    pairs = []
    while node >= 0:
        table_row, j, similarity, node = nodes[node]
        pairs.append(Pair(table_row, form.rows[j], similarity))
    pairs.reverse()
    return Alignment(pairs, score)
