"""Text as the report file writes it: formatting spans as `**bold**`/`*italic*`, footnotes as `^[…]`,
whitespace as a reader sees it, and the characters the report file gives a meaning to escaped."""

from __future__ import annotations

import re

from .docx_model import Span

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: Characters that take no room: dropped, not turned into a space.
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")
#: Jinja's delimiters, which the report file refuses in running text: a word joiner (invisible, never
#: printed) between their two characters keeps them printed as typed.
_DELIMITERS = re.compile(r"\{(?=[{%#])|%(?=\})|\}(?=\})")
_JOINER = "\u2060"


def clean(text: str) -> str:
    """Tabs, non-breaking and repeated spaces as one space; ends trimmed (line breaks are kept)."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip("\n")


def without_zero_width(text: str) -> str:
    """The text without the marks that take no room (soft hyphens, zero-width spaces, BOM)."""
    return _ZERO_WIDTH.sub("", text)


def one_line(text: str) -> str:
    """The text on one line, as a reader sees it: every run of spaces one space, zero-width marks gone."""
    return " ".join(_SPACES.sub(" ", _ZERO_WIDTH.sub("", text).replace("\n", " ")).split())


def escape(text: str, cell: bool = False) -> str:
    """Literal text as the report file writes it to print it unchanged: `\\*` for a star; in running
    text (not in a table cell, which prints as typed) `\\^[` for "^[" and Jinja's delimiters kept apart."""
    text = text.replace("*", "\\*")
    if cell:
        return text
    return _DELIMITERS.sub(lambda m: m.group(0) + _JOINER, text.replace("^[", "\\^["))


def escape_note(text: str) -> str:
    """A footnote's literal text as `^[…]` holds it: stars and Jinja's delimiters escaped (its brackets
    nest, so "^[" stays as typed)."""
    return _DELIMITERS.sub(lambda m: m.group(0) + _JOINER, text.replace("*", "\\*"))


def marked(spans: list[Span], plain: bool = False, cell: bool = False) -> str:
    """The spans as one line of report-file text; `plain` drops formatting (a heading's own bold),
    `cell` escapes as a table cell wants."""
    pieces: list[str] = []
    for span in spans:
        if span.note is not None:
            pieces.append(f"^[{escape_note(one_line(span.note))}]")
            continue
        text = escape(_ZERO_WIDTH.sub("", span.text).replace("\t", " ").replace("\u00a0", " "), cell)
        if plain or not text.strip() or not (span.bold or span.italic):
            pieces.append(text)
            continue
        stars = "***" if span.bold and span.italic else "**" if span.bold else "*"
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        pieces.append(f"{lead}{stars}{text.strip()}{stars}{tail}")
    joined = "".join(pieces)
    return "\n".join(" ".join(_SPACES.sub(" ", line).split()) for line in joined.split("\n")).strip()


def split_lines(spans: list[Span]) -> list[list[Span]]:
    """The spans cut at manual line breaks: one list per printed line."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        if span.note is None and "\n" in span.text:
            parts = span.text.split("\n")
            for index, part in enumerate(parts):
                if index:
                    lines.append([])
                if part:
                    lines[-1].append(Span(part, span.bold, span.italic))
        else:
            lines[-1].append(span)
    return [line for line in lines if any(s.text.strip() or s.note is not None for s in line)]
