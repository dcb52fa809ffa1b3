"""Which paragraph of a corrected BÁO CÁO is which paragraph of the report file.

Both documents are read into the same blocks (`docx_blocks`): the one the report file prints now, and
the one the user corrected. The header and the signature block are found by their fixed words
("BÁO CÁO", "Kính gửi:", "Nơi nhận:"); between them, paragraphs that kept their hidden anchors
(`render/narrative.py`) are paired by name, and the rest by their text, as `diff` pairs paragraphs:
word-level opcodes over paragraph texts (difflib, or Myers bounded: linear-ish on 100 pages), then
paragraphs of a replaced run paired in order when they are alike.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

import msgspec

from ..cycle.word_diff import opcodes, similarity
from .docx_model import Block, Paragraph, Table
from .word_report import KINH_GUI, RECIPIENT_MARKS
from .write_back_text import nfc

__all__ = ["Frame", "Unit", "align", "frame_of"]

ANCHOR = "_cchc_"
#: Paragraphs at least this similar are one changed paragraph, not one removed and one added.
_SAME = 0.5
#: A paragraph of a replaced run is paired with one of the next this many at most.
_LOOKAHEAD = 20


class Unit(msgspec.Struct):
    """A paragraph or table of the narrative part, with its anchor if it kept one."""

    block: Block
    text: str
    anchor: str | None


class Frame(msgspec.Struct):
    """The fixed parts of a BÁO CÁO, found by their words, and the narrative units between them."""

    subject: Paragraph | None
    recipients: list[str] | None  # the lines after "Kính gửi:" (None: no Kính gửi found)
    distribution: list[Paragraph]
    units: list[Unit]
    found_title: bool


def _anchor(block: Block) -> str | None:
    paragraphs = block.rows[0][0].paragraphs if isinstance(block, Table) and block.rows and block.rows[0] else []
    names = block.anchors if isinstance(block, Paragraph) else [a for p in paragraphs[:1] for a in p.anchors]
    return next((name for name in names if name.startswith(ANCHOR)), None)


def _text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return nfc(" ".join(block.text.split()))
    return nfc("\n".join(" | ".join(" ".join(cell.text.split()) for cell in row) for row in block.rows))


def _is_signature(block: Block) -> bool:
    return isinstance(block, Table) and any(
        cell.paragraphs and nfc(cell.paragraphs[0].text).strip().startswith("Nơi nhận")
        for row in block.rows
        for cell in row
    )


def frame_of(blocks: Sequence[Block]) -> Frame:
    """The subject line (under "BÁO CÁO"), the Kính gửi lines, the Nơi nhận items and the units
    between the header and the signature block."""
    start = 0
    subject: Paragraph | None = None
    recipients: list[str] | None = None
    title = next(
        (i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and nfc(b.text).strip().upper() == "BÁO CÁO"), None
    )
    if title is not None:
        start = title + 1
        while start < len(blocks) and isinstance(blocks[start], Paragraph) and not _text(blocks[start]):
            start += 1
        first = blocks[start] if start < len(blocks) else None
        if isinstance(first, Paragraph) and not _anchor(first):
            subject = first
            start += 1
    end = next((i for i in range(len(blocks) - 1, start - 1, -1) if _is_signature(blocks[i])), len(blocks))
    distribution: list[Paragraph] = []
    if end < len(blocks):
        signature = blocks[end]
        assert isinstance(signature, Table)
        for row in signature.rows:
            for cell in row:
                if cell.paragraphs and nfc(cell.paragraphs[0].text).strip().startswith("Nơi nhận"):
                    distribution = [p for p in cell.paragraphs[1:] if p.text.strip()]
    units: list[Unit] = []
    listing = False  # inside Kính gửi: its "- …" lines, one paragraph each (or lines of one paragraph)
    for block in blocks[start:end]:
        text = _text(block)
        if not text.strip():
            continue
        if recipients is None and not units and isinstance(block, Paragraph) and KINH_GUI.match(text):
            recipients = [line for line in KINH_GUI.sub("", nfc(block.text), count=1).split("\n") if line.strip()]
            listing = True
            continue
        if listing and isinstance(block, Paragraph) and text[:1] in RECIPIENT_MARKS and _anchor(block) is None:
            recipients = [*(recipients or []), *block.text.split("\n")]
            continue
        listing = False
        units.append(Unit(block, text, _anchor(block)))
    return Frame(subject, recipients, distribution, units, title is not None)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of `pairs` (in order of their second member) whose first members increase:
    anchors of moved paragraphs drop out (a move is a removal and an addition)."""
    tails: list[int] = []  # tails[k]: the smallest last first-member of an increasing run k + 1 long
    tail_at: list[int] = []
    previous: list[int] = []
    for index, (i, _j) in enumerate(pairs):
        k = bisect.bisect_left(tails, i)
        if k == len(tails):
            tails.append(i)
            tail_at.append(index)
        else:
            tails[k], tail_at[k] = i, index
        previous.append(tail_at[k - 1] if k else -1)
    kept = []
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        kept.append(pairs[at])
        at = previous[at]
    return kept[::-1]


def _kind(unit: Unit) -> bool:
    return isinstance(unit.block, Table)


def _pair(
    old: Sequence[int], new: Sequence[int], a: Sequence[Unit], b: Sequence[Unit]
) -> Iterator[tuple[int | None, int | None]]:
    j = 0
    for i in old:
        ahead = range(j, min(len(new), j + _LOOKAHEAD))
        match = next(
            (k for k in ahead if _kind(a[i]) == _kind(b[new[k]]) and similarity(a[i].text, b[new[k]].text) >= _SAME),
            None,
        )
        if match is None:
            yield i, None
            continue
        for added in new[j:match]:
            yield None, added
        yield i, new[match]
        j = match + 1
    for added in new[j:]:
        yield None, added


def _by_text(a: Sequence[Unit], b: Sequence[Unit], ia: range, jb: range) -> Iterator[tuple[int | None, int | None]]:
    old, new = list(ia), list(jb)
    for op, i1, i2, j1, j2 in opcodes([a[i].text for i in old], [b[j].text for j in new]):
        if op == "equal":
            yield from zip(old[i1:i2], new[j1:j2], strict=True)
        else:
            yield from _pair(old[i1:i2], new[j1:j2], a, b)


def align(expected: Sequence[Unit], actual: Sequence[Unit]) -> list[tuple[int | None, int | None]]:
    """Pairs (expected index, actual index) in document order: (i, None) removed, (None, j) added."""
    by_anchor = {u.anchor: i for i, u in enumerate(expected) if u.anchor}
    anchored: list[tuple[int, int]] = []
    seen: set[int] = set()
    for j, unit in enumerate(actual):
        i = by_anchor.get(unit.anchor) if unit.anchor else None
        if i is not None and i not in seen:
            seen.add(i)
            anchored.append((i, j))
    out: list[tuple[int | None, int | None]] = []
    i0 = j0 = 0
    for i, j in [*_increasing(anchored), (len(expected), len(actual))]:
        out.extend(_by_text(expected, actual, range(i0, i), range(j0, j)))
        if i < len(expected):
            out.append((i, j))
        i0, j0 = i + 1, j + 1
    return out
