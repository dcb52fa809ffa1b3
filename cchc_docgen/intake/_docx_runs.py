"""Runs of a Word paragraph read as text: the printed result of fields (not their code), tabs and
breaks, symbol-font markers, footnote texts, and adjacent runs of one formatting merged (in NFC)."""

from __future__ import annotations

import unicodedata

from lxml import etree

from .docx_model import Span
from .docx_package import W_NS

W = f"{{{W_NS}}}"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

MC_NS_TAG = f"{{{_MC_NS}}}"


class FieldState:
    """Where a run stands in a complex field (begin … instrText … separate … result … end): the code
    is not printed, the result is."""

    def __init__(self) -> None:
        self.depth = 0
        self.separated: list[bool] = []
        self.code: list[str] = []
        self.finished = False

    @property
    def hidden_code(self) -> bool:
        return bool(self.separated) and not self.separated[-1]

    def char(self, kind: str) -> None:
        if kind == "begin":
            self.depth += 1
            self.separated.append(False)
        elif kind == "separate" and self.separated:
            self.separated[-1] = True
        elif kind == "end" and self.separated:
            self.separated.pop()
            self.depth -= 1
            self.finished = self.depth == 0

    def take(self) -> str:
        code = " ".join("".join(self.code).split())
        self.code.clear()
        self.finished = False
        return code


def run_text(child: etree._Element) -> str | None:
    tag = child.tag
    if tag == f"{W}t":
        return str(child.text or "")
    if tag == f"{W}tab" or tag == f"{W}ptab":
        return "\t"
    if tag in (f"{W}br", f"{W}cr"):
        return "\n"  # a line, column or page break: what follows starts a line of its own
    if tag == f"{W}noBreakHyphen":
        return "-"
    if tag == f"{W}softHyphen":
        return ""
    if tag == f"{W}sym":
        code = child.get(f"{W}char") or ""
        return _SYMBOLS.get(code.upper()[-2:], "")
    return None


#: Symbol-font characters clerks use as markers (Wingdings/Symbol), as their Unicode look-alikes.
_SYMBOLS = {"2D": "-", "B7": "•", "A7": "•", "D8": "•", "FC": "✓", "A8": "□"}


def merged(spans: list[Span]) -> list[Span]:
    """Adjacent spans of one formatting as one, in composed Unicode (NFC): text typed on a system that
    decomposes accents ("e" + combining marks) reads as everyone else's; non-breaking hyphens as "-"."""
    merged: list[Span] = []
    for span in spans:
        if (
            merged
            and span.note is None
            and merged[-1].note is None
            and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic)
        ):
            merged[-1].text += span.text
        elif span.text or span.note is not None:
            merged.append(span)
    for span in merged:
        span.text = _hyphens(unicodedata.normalize("NFC", span.text))
        if span.note is not None:
            span.note = _hyphens(unicodedata.normalize("NFC", span.note))
    return merged


def _hyphens(text: str) -> str:
    """A non-breaking hyphen typed as a character (U+2011, pasted) as the hyphen it prints, as the
    w:noBreakHyphen element reads: "Số: 02/BC‑UBND" is the symbol BC-UBND."""
    return text.replace("\u2011", "-")


#: What prints text in a footnote's runs: the hyphens Ctrl+Shift+- and Ctrl+- type, Shift+Enter, symbols.
_NOTE_TEXT = tuple(f"{W}{name}" for name in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen", "sym"))


def notes(part: etree._Element | None, prefix: str = "") -> dict[str, str]:
    if part is None:
        return {}
    found: dict[str, str] = {}
    for note in part:
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = ["".join(run_text(t) or "" for t in p.iter(*_NOTE_TEXT)) for p in note.iter(f"{W}p")]
        found[prefix + (note.get(f"{W}id") or "")] = " ".join(" ".join(paragraphs).split())
    return found
