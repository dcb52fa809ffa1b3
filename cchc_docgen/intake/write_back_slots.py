"""What each anchor of a BÁO CÁO names in the report: a heading, a paragraph, a list item, a table, the
opening or the closing, with its text as typed, its line and its place for messages."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from ..render.narrative import CLOSING_ANCHOR, NARRATIVE_ANCHOR, OPENING_ANCHOR
from ..report.analysis import CheckedReport
from ..report.model import Block, BulletList, Paragraph, Section, Table

__all__ = ["Slot", "slots_of"]


class Slot(msgspec.Struct, frozen=True):
    """One thing of the report file a paragraph (or table) of the BÁO CÁO prints."""

    kind: str  # "title", "para", "item", "table", "opening", "closing", "basis"
    path: tuple[int, ...] = ()  # narrative[path[0]] → content[path[1]] … (a list item: its index last)
    raw: str = ""  # the text as typed ("" for a table)
    line: int | None = None
    place: str = ""  # "1.2" for messages, as `diff` shows it
    number: str = ""  # a heading's number ("1.1.")
    label: str = ""  # a list item's label ("-", "a)")
    footnote: str | None = None  # a paragraph's footnote written the older way (`footnote:`)
    table: Table | None = None
    children: tuple[tuple[int, ...], ...] = ()  # a heading: the paths of what prints under it

    @property
    def what(self) -> str:
        return _KINDS[self.kind]


_KINDS = {
    "title": "tiêu đề",
    "para": "đoạn",
    "item": "ý",
    "table": "bảng",
    "opening": "đoạn mở đầu",
    "closing": "câu kết",
    "basis": "căn cứ",
}


def slots_of(checked: CheckedReport) -> dict[str, Slot]:
    """Every anchor the BÁO CÁO of `checked` carries, and what it names."""
    report = checked.report
    found: dict[str, Slot] = {}
    if report.document.opening is not None:
        found[OPENING_ANCHOR] = Slot("opening", raw=report.document.opening.raw, line=report.document.opening.line)
    if report.closing is not None:
        found[CLOSING_ANCHOR] = Slot("closing", raw=report.closing.raw, line=report.closing.line)

    def walk(blocks: Sequence[Block], path: tuple[int, ...], place: str) -> list[tuple[int, ...]]:
        paths = []
        for index, block in enumerate(blocks):
            here = (*path, index)
            name = "_".join((NARRATIVE_ANCHOR, *map(str, here)))
            if not isinstance(block, BulletList):  # a list prints its items, each with its own path
                paths.append(here)
            if isinstance(block, Section):
                number = block.number.rstrip(".)").split(".")[-1] if block.number else ""
                inner = f"{place}.{number}" if place and number else (number or place)
                under = walk(block.content, here, inner)
                found[name] = Slot(
                    "title", here, block.title.raw, block.title.line, inner, block.number, children=tuple(under)
                )
                paths += under
            elif isinstance(block, Paragraph):
                found[name] = Slot("para", here, block.text.raw, block.text.line, place, footnote=block.footnote)
            elif isinstance(block, BulletList):
                for k, item in enumerate(block.items):
                    label = block.label(k)
                    found[f"{name}_{k}"] = Slot("item", (*here, k), item.raw, item.line, place, label=label)
                    paths.append((*here, k))
            elif isinstance(block, Table):
                found[name] = Slot("table", here, line=block.line, place=place, table=block)
        return paths

    walk(report.narrative, (), "")
    return found
