"""Text as the report file writes it: formatting spans as `**bold**`/`*italic*`, footnotes as `^[…]`,
whitespace as a reader sees it, and the characters the report file gives a meaning to escaped."""

from __future__ import annotations

import re

from .docx_blocks import Span

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
#: Jinja's openers print as typed when written as a string expression.
_JINJA = re.compile(r"\{[{%#]")


def clean(text: str) -> str:
    """Tabs, non-breaking and repeated spaces as one space; ends trimmed (line breaks are kept)."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip("\n")


def one_line(text: str) -> str:
    return " ".join(_SPACES.sub(" ", text.replace("\n", " ")).split())


def escape(text: str) -> str:
    """A literal text as the report file must write it to print it unchanged."""
    text = text.replace("\\", "\\\\") if "\\*" in text or "\\^[" in text else text
    text = text.replace("*", "\\*").replace("^[", "\\^[")
    return _JINJA.sub(lambda m: "{{ '" + m.group(0) + "' }}", text)


def marked(spans: list[Span], plain: bool = False) -> str:
    """The spans as one line of report-file text; `plain` drops formatting (a heading's own bold)."""
    pieces: list[str] = []
    for span in spans:
        if span.note is not None:
            pieces.append(f"^[{escape(one_line(span.note))}]")
            continue
        text = escape(span.text.replace("\t", " ").replace("\u00a0", " "))
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
