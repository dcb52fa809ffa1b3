"""A Word document as the import sees it: paragraphs of formatted spans, tables of cells."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Span:
    """Text in one formatting: bold, italic, or a footnote's mark (`note` is its text then)."""

    text: str
    bold: bool = False
    italic: bool = False
    note: str | None = None


@dataclass
class Paragraph:
    spans: list[Span]
    style: str = ""  # the style's name as Word shows it ("Heading 1", "Normal", …)
    align: str = ""  # "center", "right", "both", "" (left)
    label: str = ""  # the list label Word prints before it ("1.", "a)", "-"), "" without list numbering
    level: int | None = None  # the outline/list level, when Word knows one
    list_id: str = ""  # the Word list (abstract numbering) its label comes from
    indent: int = 0  # left indentation, twentieths of a point
    in_textbox: bool = False
    landscape_after: bool | None = None  # ends a section: whether that section is landscape
    index: int = 0  # its place among the document's paragraphs, from 1 (for messages)
    anchors: list[str] = field(default_factory=list)  # names of the bookmarks that start in it

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans if s.note is None)

    @property
    def bold(self) -> bool:
        """Every letter of it is bold (a heading)."""
        letters = [s for s in self.spans if s.note is None and s.text.strip()]
        return bool(letters) and all(s.bold for s in letters)

    @property
    def italic(self) -> bool:
        letters = [s for s in self.spans if s.note is None and s.text.strip()]
        return bool(letters) and all(s.italic for s in letters)


@dataclass
class Cell:
    paragraphs: list[Paragraph]
    span: int = 1  # columns it covers (gridSpan)
    merge: str = ""  # "restart" or "continue" for a vertically merged cell, "" otherwise

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs).strip()


@dataclass
class Table:
    rows: list[list[Cell]]
    index: int = 0  # its place among the document's tables, from 1
    landscape: bool = False


Block = Paragraph | Table


@dataclass
class WordDocument:
    blocks: list[Block]
    tracked_changes: int = 0
    comments: int = 0
    fields: list[str] = field(default_factory=list)

    def paragraphs(self) -> Iterator[Paragraph]:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block
