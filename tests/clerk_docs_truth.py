"""What a clerk-typed BÁO CÁO says, independent of how Word stores it: the truth an importer must read back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Union

__all__ = [
    "Appendix",
    "AppendixRow",
    "Cell",
    "Footnote",
    "Header",
    "Heading",
    "Node",
    "Para",
    "Signature",
    "Span",
    "Table",
    "Truth",
    "walk",
]


@dataclass(frozen=True)
class Span:
    """A run of text with one look."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Footnote:
    """A footnote: its mark stands right after the first `offset` characters of the paragraph's text."""

    offset: int
    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph of text; `marker` is "-" or "+" for a list item (not part of `text`), "" otherwise."""

    spans: tuple[Span, ...]
    marker: str = ""
    footnotes: tuple[Footnote, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Cell:
    """A table cell as printed; lines of several paragraphs joined with "\\n"."""

    text: str
    col_span: int = 1
    row_span: int = 1
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table as rows of cells; a grid position covered by a merged cell is not listed again."""

    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 1

    @property
    def columns(self) -> int:
        return sum(c.col_span for c in self.rows[0])


@dataclass(frozen=True)
class Heading:
    """A numbered heading and what stands under it.

    level: 1 "I.", 2 "1.", 3 "1.1.", 4 "1.1.1.", 5 "a)"; number: as printed ("" when unnumbered).
    """

    level: int
    number: str
    title: tuple[Span, ...]
    children: tuple[Node, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.title)


Node = Union[Heading, Para, Table]  # noqa: UP007 - a runtime alias on py3.10
TextChange = Callable[[str], str]  # applied to every printed text by Truth.with_text


@dataclass(frozen=True)
class Header:
    """The two-column header block."""

    parent: str  # "UBND TỈNH SÓC TRĂNG"; "" when the issuing body has none (a UBND)
    issuer: tuple[str, ...]  # the issuing body's lines, bold
    number: str  # "Số: 174/BC-STTTT"
    place_date: str  # "Sóc Trăng, ngày 15 tháng 9 năm 2022"
    motto: tuple[str, str] = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Signature:
    """Signature block and distribution list."""

    lines: tuple[str, ...]  # ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    name: str  # "" in a draft
    recipients: tuple[str, ...]  # Nơi nhận items without their "- ": ("Như trên;", "Lưu: VT, VP.")


@dataclass(frozen=True)
class AppendixRow:
    """One row of the Phụ lục table."""

    stt: str
    label: str
    unit: str
    value: str
    note: str
    bold: bool = False

    @property
    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.stt, self.label, self.unit, self.value, self.note)


@dataclass(frozen=True)
class Appendix:
    """The Phụ lục after the signature: title lines, the "(Kèm theo …)" line, header rows, data rows."""

    title_lines: tuple[str, ...]
    attachment: str
    header: tuple[tuple[Cell, ...], ...]
    rows: tuple[AppendixRow, ...]


@dataclass(frozen=True)
class Truth:
    """A whole BÁO CÁO (and its Phụ lục, if any), as printed."""

    header: Header
    subject: tuple[str, ...]  # the trích yếu, one item per printed line the clerk broke
    recipients: tuple[str, ...]  # Kính gửi items without "- ", punctuation kept; () when absent
    bases: tuple[Para, ...]  # "Căn cứ …" lines, italic
    opening: tuple[Para, ...]
    body: tuple[Node, ...]
    closing: tuple[Para, ...]
    signature: Signature
    appendix: Appendix | None = None
    doc_type: str = "BÁO CÁO"

    def nodes(self) -> Iterator[Node]:
        """Every narrative node, depth first, in reading order."""
        return walk(self.body)

    def paragraphs(self) -> Iterator[Para]:
        yield from self.bases
        yield from self.opening
        for node in self.nodes():
            if isinstance(node, Para):
                yield node
        yield from self.closing

    def headings(self) -> Iterator[Heading]:
        return (n for n in self.nodes() if isinstance(n, Heading))

    def tables(self) -> Iterator[Table]:
        return (n for n in self.nodes() if isinstance(n, Table))

    def footnotes(self) -> Iterator[Footnote]:
        for p in self.paragraphs():
            yield from p.footnotes

    def visible_texts(self) -> Iterator[str]:
        """Every line a reader sees, without list markers and heading numbers (those may be Word numbering)."""
        h = self.header
        yield from (t for t in (h.parent, *h.issuer, h.number, *h.motto, h.place_date) if t)
        yield self.doc_type
        yield from self.subject
        yield from self.recipients
        for node in self.nodes():
            if isinstance(node, Heading):
                yield node.text
            elif isinstance(node, Table):
                yield from (c.text for row in node.rows for c in row if c.text)
        for p in self.paragraphs():
            yield p.text
        yield from (f.text for f in self.footnotes())
        yield from self.signature.lines
        if self.signature.name:
            yield self.signature.name
        yield "Nơi nhận:"
        yield from self.signature.recipients
        if self.appendix is not None:
            yield from self.appendix.title_lines
            yield self.appendix.attachment
            yield from (c.text for row in self.appendix.header for c in row if c.text)
            for r in self.appendix.rows:
                yield from (t for t in r.cells if t)

    def with_text(self, change: TextChange) -> Truth:
        """The same document with every text passed through `change` (autocorrect, a clerk's typing)."""
        return _map_truth(self, change)


def walk(nodes: tuple[Node, ...]) -> Iterator[Node]:
    """Depth-first reading order of narrative nodes."""
    for node in nodes:
        yield node
        if isinstance(node, Heading):
            yield from walk(node.children)


def _map_para(p: Para, f: TextChange) -> Para:
    spans = tuple(replace(s, text=f(s.text)) for s in p.spans)
    if not p.footnotes:
        return replace(p, spans=spans)
    # Footnote offsets are kept by mapping the text before each mark.
    notes = tuple(replace(n, offset=len(f(p.text[: n.offset])), text=f(n.text)) for n in p.footnotes)
    return replace(p, spans=spans, footnotes=notes)


def _map_node(node: Node, f: TextChange) -> Node:
    if isinstance(node, Para):
        return _map_para(node, f)
    if isinstance(node, Table):
        rows = tuple(tuple(replace(c, text=f(c.text)) for c in row) for row in node.rows)
        return replace(node, rows=rows)
    title = tuple(replace(s, text=f(s.text)) for s in node.title)
    return replace(node, title=title, children=tuple(_map_node(c, f) for c in node.children))


def _map_truth(t: Truth, f: TextChange) -> Truth:
    def paras(ps: tuple[Para, ...]) -> tuple[Para, ...]:
        return tuple(_map_para(p, f) for p in ps)

    appendix = t.appendix
    if appendix is not None:
        appendix = replace(
            appendix,
            rows=tuple(replace(r, label=f(r.label), note=f(r.note)) for r in appendix.rows),
        )
    return replace(
        t,
        subject=tuple(f(s) for s in t.subject),
        bases=paras(t.bases),
        opening=paras(t.opening),
        body=tuple(_map_node(n, f) for n in t.body),
        closing=paras(t.closing),
        appendix=appendix,
    )


# Shorthand for the content modules (tests/clerk_docs_<report>.py): short enough to read as the report.
Part = Union[str, Span, Footnote]  # noqa: UP007 - a runtime alias on py3.10


def B(text: str) -> Span:
    return Span(text, bold=True)


def I(text: str) -> Span:  # noqa: E743 - reads as the report's own italic mark
    return Span(text, italic=True)


def BI(text: str) -> Span:
    return Span(text, bold=True, italic=True)


def FN(text: str) -> Footnote:
    """A footnote mark at this place of the paragraph; P() computes its offset."""
    return Footnote(-1, text)


def _spans(parts: tuple[Part, ...]) -> tuple[tuple[Span, ...], tuple[Footnote, ...]]:
    spans: list[Span] = []
    notes: list[Footnote] = []
    length = 0
    for part in parts:
        if isinstance(part, Footnote):
            notes.append(Footnote(length, part.text))
            continue
        span = Span(part) if isinstance(part, str) else part
        spans.append(span)
        length += len(span.text)
    return tuple(spans), tuple(notes)


def P(*parts: Part) -> Para:
    spans, notes = _spans(parts)
    return Para(spans, "", notes)


def L(marker: str, *parts: Part) -> Para:
    """A list item typed with `marker` ("-" or "+")."""
    spans, notes = _spans(parts)
    return Para(spans, marker, notes)


def H(level: int, number: str, title: str | tuple[str | Span, ...], *children: Node) -> Heading:
    parts = (title,) if isinstance(title, str) else title
    return Heading(level, number, tuple(Span(p) if isinstance(p, str) else p for p in parts), children)


def C(text: str, cs: int = 1, rs: int = 1, b: bool = False) -> Cell:
    return Cell(text, cs, rs, b)


def T(*rows: tuple[Cell | str, ...], header_rows: int = 1) -> Table:
    return Table(tuple(tuple(C(c) if isinstance(c, str) else c for c in row) for row in rows), header_rows)


def R(stt: str, label: str, unit: str = "", value: str = "", note: str = "", b: bool = False) -> AppendixRow:
    return AppendixRow(stt, label, unit, value, note, b)
