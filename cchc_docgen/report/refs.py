"""Narrative text: value references ({{ pl["I.1"] }}) and inline marks (**bold**, *italic*).

References are parsed by a strict grammar, never evaluated as a template: only a value of the
appendix or of the period may stand between the braces.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping

import msgspec

from ..core.vnformat import format_number, two_digits

_BRACES = re.compile(r"\{\{(.*?)\}\}|\{%|%\}|\{#|\{\{|\}\}", re.DOTALL)
_REFERENCE = re.compile(
    r"""^\s*(?:
        pl\s*\[\s*(?P<q>["'])(?P<id>[^"']+)(?P=q)\s*\]
        \s*(?:\|\s*(?P<filter>[a-z_]+)\s*(?:\(\s*(?P<arg>\d)\s*\))?)?
      | ky\s*\.\s*(?P<attr>[a-z_]+)
    )\s*$""",
    re.VERBOSE,
)
FILTERS = ("thap_phan", "hai_chu_so")
#: What a reference to a blank value prints in a draft (a non-draft refuses such a reference).
BLANK = "…"
PERIOD_ATTRS = ("ten", "tu_ngay", "den_ngay")
USAGE = (
    'chỉ được viết tham chiếu giá trị: {{ pl["I.1"] }}, {{ pl["I.1"] | thap_phan(2) }},'
    ' {{ pl["I.1"] | hai_chu_so }}, {{ ky.ten }}, {{ ky.tu_ngay }}, {{ ky.den_ngay }}'
)


class Reference(msgspec.Struct, frozen=True):
    """One parsed {{ … }} reference."""

    start: int
    end: int
    row_id: str | None = None
    filter: str | None = None
    arg: int | None = None
    period_attr: str | None = None


class ReferenceSyntaxError(ValueError):
    """A malformed reference; the message is Vietnamese."""


def find_references(text: str) -> list[Reference]:
    """All references of `text`; raise ReferenceSyntaxError on anything else in braces."""
    refs = []
    for match in _BRACES.finditer(text):
        if match.group(1) is None:
            raise ReferenceSyntaxError(f"'{match.group(0)}' không được dùng trong văn bản; {USAGE}")
        inner = match.group(1)
        ref = _REFERENCE.match(inner)
        if not ref:
            shown = inner.strip() if len(inner) < 60 else inner.strip()[:60] + "…"
            raise ReferenceSyntaxError(f"'{{{{ {shown} }}}}' không hợp lệ; {USAGE}")
        flt = ref.group("filter")
        if flt is not None and flt not in FILTERS:
            raise ReferenceSyntaxError(f"định dạng '{flt}' không có; dùng thap_phan(n) hoặc hai_chu_so")
        if flt == "thap_phan" and ref.group("arg") is None:
            raise ReferenceSyntaxError("thap_phan cần số chữ số thập phân, ví dụ thap_phan(2)")
        attr = ref.group("attr")
        if attr is not None and attr not in PERIOD_ATTRS:
            raise ReferenceSyntaxError(f"'ky.{attr}' không có; dùng {', '.join('ky.' + a for a in PERIOD_ATTRS)}")
        refs.append(
            Reference(
                start=match.start(),
                end=match.end(),
                row_id=ref.group("id"),
                filter=flt,
                arg=int(ref.group("arg")) if ref.group("arg") else None,
                period_attr=attr,
            )
        )
    return refs


def format_reference(ref: Reference, value: float | int) -> str:
    """Print a referenced appendix value in Vietnamese style with its format."""
    if ref.filter == "thap_phan":
        return format_number(value, ref.arg)
    if ref.filter == "hai_chu_so":
        return two_digits(value)
    return format_number(value)


def substitute(text: str, resolve: Callable[[Reference], str]) -> str:
    """Replace each reference of `text` by `resolve(reference)`."""
    out, pos = [], 0
    for ref in find_references(text):
        out.append(text[pos : ref.start])
        out.append(resolve(ref))
        pos = ref.end
    out.append(text[pos:])
    return "".join(out)


class Run(msgspec.Struct, frozen=True):
    """A piece of text with its inline style."""

    text: str
    bold: bool = False
    italic: bool = False


#: A backslash before a star prints a star that is never a mark; it stands in the text as this private-use character.
_ESCAPED_STAR = "\ue000"


def inline_runs(text: str) -> list[Run]:
    """Split `**bold**`, `*italic*`, `***both***` marks into runs; lone stars and backslash-star print a star."""
    if "\\*" in text:
        escaped = text.replace("\\*", _ESCAPED_STAR)
        return [Run(r.text.replace(_ESCAPED_STAR, "*"), r.bold, r.italic) for r in inline_runs(escaped)]
    runs: list[Run] = []
    pos = 0
    for start, end, marker in _bold_spans(text):
        runs.extend(_italic_runs(text[pos:start], bold=False))
        inner = text[start + len(marker) : end - len(marker)]
        if marker == "***":
            runs.append(Run(inner, bold=True, italic=True))
        else:
            runs.extend(_italic_runs(inner, bold=True))
        pos = end
    runs.extend(_italic_runs(text[pos:], bold=False))
    return [run for run in runs if run.text]


def _italic_runs(text: str, bold: bool) -> list[Run]:
    runs, pos = [], 0
    for start, end in _italic_spans(text):
        runs.append(Run(text[pos:start], bold=bold))
        runs.append(Run(text[start + 1 : end - 1], bold=bold, italic=True))
        pos = end
    runs.append(Run(text[pos:], bold=bold))
    return runs


# The marks are matched like the regular expressions
#   \*\*\*(?=\S)(.+?)(?<=\S)\*\*\* | \*\*(?=\S)(.+?)(?<=\S)\*\*      (bold, tried first)
#   (?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])                      (italic, outside bold)
# but in linear time: a regex tries every opening star against the rest of the paragraph, which
# is quadratic for text such as "*a *a *a …" that has openers and no closer.


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _closers(text: str, marker: str, italic: bool) -> list[int]:
    """Positions where `marker` may close a span: after a non-space (and, for italic, not before a word)."""
    found, at = [], text.find(marker, 1)
    while at != -1:
        after = text[at + len(marker) : at + len(marker) + 1]
        if not text[at - 1].isspace() and not (italic and after and (after == "*" or _word(after))):
            found.append(at)
        at = text.find(marker, at + 1)
    return found


def _first_closer(closers: list[int], at_least: int) -> int | None:
    index = bisect.bisect_left(closers, at_least)
    return closers[index] if index < len(closers) else None


def _bold_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, marker) of each `***…***` / `**…**` span, leftmost first, not overlapping."""
    closers = {marker: _closers(text, marker, italic=False) for marker in ("***", "**")}
    spans, at = [], text.find("**")
    while at != -1:
        for marker in ("***", "**"):
            inner = at + len(marker)
            if text.startswith(marker, at) and inner < len(text) and not text[inner].isspace():
                close = _first_closer(closers[marker], inner + 1)
                if close is not None:
                    spans.append((at, close + len(marker), marker))
                    at = close + len(marker)
                    break
        else:
            at += 1
        at = text.find("**", at)
    return spans


def _italic_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each `*…*` span, leftmost first, not overlapping."""
    closers = _closers(text, "*", italic=True)
    spans, at = [], text.find("*")
    while at != -1:
        before = text[at - 1] if at else ""
        opens = at + 1 < len(text) and not text[at + 1].isspace() and not (before == "*" or (before and _word(before)))
        close = _first_closer(closers, at + 2) if opens else None
        if close is not None:
            spans.append((at, close + 1))
            at = close + 1
        else:
            at += 1
        at = text.find("*", at)
    return spans


def plain_text(text: str, notes: bool = True) -> str:
    """The text without its marks and footnotes, as a reader sees it; with `notes` false (a table
    cell, which prints "^[" as typed) footnotes are not looked for."""
    body = footnotes_of(text)[0] if notes and "^[" in text else text
    return "".join(run.text for run in inline_runs(body)).replace(NOTE_MARK, "")


#: Where a footnote mark stands in a text whose `^[…]` footnotes were taken out.
NOTE_MARK = "\ue001"


class FootnoteSyntaxError(ValueError):
    """A `^[` without its closing `]`; the message is Vietnamese."""


def footnotes_of(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` with each `^[footnote text]` replaced by NOTE_MARK, and the footnote texts in order.

    Brackets inside a footnote nest ("^[Điều 5 [sửa đổi]]"); a backslash before "^[" keeps it as typed.
    """
    out: list[str] = []
    notes: list[str] = []
    pos = 0
    while True:
        start = text.find("^[", pos)
        if start < 0:
            out.append(text[pos:])
            break
        if start > 0 and text[start - 1] == "\\":
            out.append(text[pos : start - 1] + "^[")
            pos = start + 2
            continue
        depth, end = 1, start + 2
        while end < len(text) and depth:
            depth += {"[": 1, "]": -1}.get(text[end], 0)
            end += 1
        if depth:
            shown = text[start : start + 40] + ("…" if len(text) > start + 40 else "")
            raise FootnoteSyntaxError(f"chú thích '{shown}' thiếu dấu ']' đóng; viết ^[nội dung chú thích]")
        out.append(text[pos:start] + NOTE_MARK)
        notes.append(text[start + 2 : end - 1].strip())
        pos = end
    return "".join(out), tuple(notes)


def resolve_text(text: str, values: Mapping[str, float | int | None], period: Mapping[str, str]) -> str:
    """Substitute references with already-checked values (blank ones, allowed in drafts only, print BLANK)."""

    def one(ref: Reference) -> str:
        if ref.period_attr is not None:
            return period[ref.period_attr]
        value = values.get(ref.row_id or "")
        return BLANK if value is None else format_reference(ref, value)

    return substitute(text, one)
