"""Word-level differences of two texts, in time linear in their length (difflib, or Myers' algorithm bounded)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence

#: A word, a number with its separators ("1.145", "47,37") or one punctuation mark, with the spaces after it.
_WORD = re.compile(r"(?:\d+(?:[.,]\d+)*|\w+|[^\w\s])\s*")
#: Sequences whose lengths multiply to at most this are compared by difflib, whose time grows with
#: that product (with few distinct words, as in a long paragraph, it nearly reaches it).
_SMALL = 250_000
#: Longer ones by Myers' algorithm, in time (N + M)·D for D words removed and added: near N + M for
#: a correction. Its work stops past this many steps per word, and what lies between the common
#: beginning and end is then shown as replaced as a whole: linear in any case.
_STEPS_PER_WORD = 32
Opcode = tuple[str, int, int, int, int]


def _words(text: str) -> list[str]:
    """Words with their trailing spaces; a leading space is its own word."""
    lead = text[: len(text) - len(text.lstrip())]
    return ([lead] if lead else []) + _WORD.findall(text)


def _trailing_space(words: Sequence[str]) -> str:
    last = "".join(words)
    return last[len(last.rstrip()) :]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """How to turn `a` into `b`, as difflib's get_opcodes says it, in time linear in their length."""
    if len(a) * len(b) <= _SMALL:
        small: list[Opcode] = [*difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
        return small
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle = _myers(a[start : len(a) - end], b[start : len(b) - end])
    if middle is None:  # too many changes to find cheaply: the middle is replaced as a whole
        middle = [(0, 0, 0)]
    blocks = [(0, 0, start)] if start else []
    blocks += [(start + i, start + j, size) for i, j, size in middle if size]
    blocks += [(len(a) - end, len(b) - end, end)]
    return _blocks_to_opcodes(blocks)


def _myers(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int]] | None:
    """Matching blocks (i, j, size) of a shortest edit script (Myers 1986), or None past the work
    budget (_STEPS_PER_WORD per item)."""
    n, m = len(a), len(b)
    budget = _STEPS_PER_WORD * (n + m) + 1_000
    work = 0
    furthest: dict[int, int] = {1: 0}  # diagonal k = x − y → the furthest x reached on it
    trace: list[dict[int, int]] = []
    for d in range(n + m + 1):
        trace.append(dict(furthest))
        work += d + 1
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and furthest[k - 1] < furthest[k + 1]):
                x = furthest[k + 1]  # a step down: b[y] added
            else:
                x = furthest[k - 1] + 1  # a step right: a[x] removed
            y = x - k
            run = x
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            work += x - run
            furthest[k] = x
            if x >= n and y >= m:
                return _backtrack(trace, n, m)
        if work > budget:
            return None
    return None  # not reached: d = n + m always ends


def _backtrack(trace: list[dict[int, int]], n: int, m: int) -> list[tuple[int, int, int]]:
    blocks = []
    x, y = n, m
    for d in range(len(trace) - 1, -1, -1):
        furthest, k = trace[d], x - y
        if k == -d or (k != d and furthest[k - 1] < furthest[k + 1]):
            previous_k = k + 1
        else:
            previous_k = k - 1
        start_x = furthest[previous_k]
        start_y = start_x - previous_k
        if d > 0:  # the snake begins after the step down or right
            start_x, start_y = (start_x, start_y + 1) if previous_k == k + 1 else (start_x + 1, start_y)
        size = min(x - start_x, y - start_y)
        if size > 0:
            blocks.append((x - size, y - size, size))
        x, y = furthest[previous_k], furthest[previous_k] - previous_k
    blocks.reverse()
    return blocks


def _blocks_to_opcodes(blocks: Sequence[tuple[int, int, int]]) -> list[Opcode]:
    """difflib's opcodes from matching blocks in order (the last may be empty, at the ends)."""
    ops: list[Opcode] = []
    i = j = 0
    for ai, bj, size in blocks:
        if i < ai or j < bj:
            tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert"
            ops.append((tag, i, ai, j, bj))
        if size:
            ops.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return ops


def mark_words(old: str, new: str) -> str:
    """`new` with the words that changed from `old` marked: [-removed-]{+added+}."""
    a, b = _words(old), _words(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in opcodes([w.strip() for w in a], [w.strip() for w in b]):
        if op == "equal":
            out.append("".join(b[j1:j2]))
            continue
        if out and not out[-1][-1:].isspace() and i1 > 0 and a[i1 - 1][-1:].isspace():
            out.append(" ")
        if i2 > i1:
            out.append(f"[-{''.join(a[i1:i2]).strip()}-]")
        if j2 > j1:
            out.append(f"{{+{''.join(b[j1:j2]).strip()}+}}")
        out.append(_trailing_space(b[j1:j2]) if j2 > j1 else _trailing_space(a[i1:i2]))
    return "".join(out).rstrip() if not new[-1:].isspace() else "".join(out)


def similarity(old: str, new: str) -> float:
    """difflib's ratio: twice the words kept over all the words of both."""
    a, b = [w.strip() for w in _words(old)], [w.strip() for w in _words(new)]
    if not a and not b:
        return 1.0
    kept = sum(i2 - i1 for op, i1, i2, _, _ in opcodes(a, b) if op == "equal")
    return 2.0 * kept / (len(a) + len(b))
