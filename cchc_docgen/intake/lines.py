"""The heading and signature zones of a BÁO CÁO read as printed lines, each with its column.

Clerks lay out the two columns of the heading (issuing body | national title) and of the signature
(Nơi nhận | signer) as a borderless table, as one paragraph per line with tab stops, or in text boxes;
all three come out here as `Line`s: column 0 (left), 1 (right) or None (unknown: a centred paragraph,
a text box).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .docx_model import Block, Paragraph, Span, Table
from .markup import one_line, split_lines


@dataclass
class Line:
    text: str
    bold: bool
    italic: bool
    column: int | None
    where: str  # "đoạn 3", "bảng 1, dòng 2"
    align: str = ""


def block_lines(block: Block) -> list[Line]:
    if isinstance(block, Table):
        return table_lines(block)
    return paragraph_lines(block)


def table_lines(table: Table) -> list[Line]:
    found: list[Line] = []
    for row_index, row in enumerate(table.rows, start=1):
        column = 0
        for cell in row:
            for paragraph in cell.paragraphs:
                for spans in split_lines(paragraph.spans):
                    found.append(_line(spans, min(column, 1), f"bảng {table.index}, dòng {row_index}", paragraph))
            column += 1
    # A heading table's columns are read column by column: left lines first.
    return sorted(found, key=lambda line: line.column or 0)


def paragraph_lines(paragraph: Paragraph) -> list[Line]:
    where = f"đoạn {paragraph.index}"
    found: list[Line] = []
    for spans in split_lines(paragraph.spans):
        pieces = _tab_pieces(spans)
        if len(pieces) >= 2:
            found.append(_line(pieces[0], 0, where, paragraph))
            found.append(_line([s for piece in pieces[1:] for s in piece], 1, where, paragraph))
        else:
            column = None if paragraph.align in ("center", "both", "") or paragraph.in_textbox else 1
            found.append(_line(spans, column, where, paragraph))
    return [line for line in found if line.text]


#: Where a clerk's line jumps to the right column: tabs, or a long run of spaces before a capital
#: (not the blanks of a draft's "Số:        /BC-UBND" or "ngày      tháng").
_COLUMN_GAP = re.compile(r"\t+| {6,}(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])")


def _tab_pieces(spans: list[Span]) -> list[list[Span]]:
    """The spans cut at runs of tabs (or of 6+ spaces), empty pieces dropped."""
    pieces: list[list[Span]] = [[]]
    for span in spans:
        if span.note is not None:
            pieces[-1].append(span)
            continue
        parts = _COLUMN_GAP.split(span.text)
        for index, part in enumerate(parts):
            if index:
                pieces.append([])
            if part:
                pieces[-1].append(Span(part, span.bold, span.italic))
    return [piece for piece in pieces if "".join(s.text for s in piece).strip()]


def _line(spans: list[Span], column: int | None, where: str, paragraph: Paragraph) -> Line:
    letters = [s for s in spans if s.note is None and s.text.strip()]
    text = one_line("".join(s.text for s in spans if s.note is None))
    return Line(
        text,
        bold=bool(letters) and all(s.bold for s in letters),
        italic=bool(letters) and all(s.italic for s in letters),
        column=column,
        where=where,
        align=paragraph.align,
    )


def is_rule(text: str) -> bool:
    """A line drawn with characters under a heading ("-------", "_____", "***")."""
    stripped = text.replace(" ", "")
    return bool(stripped) and all(char in "-_─—–―‒━=*~.…" for char in stripped)
