"""The typed report model: what a report YAML file means, independent of any output format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Union

import msgspec

from .period import Period, Window


class Agency(msgspec.Struct, frozen=True):
    """The issuing agency and how it is named."""

    name: str  # the issuing body's own name (its last line when written on two): file names come from it
    full_name: str
    place: str
    parent: str | None = None
    territory: str | None = None
    #: The issuing body's name as printed, one line each, all bold: ("ỦY BAN NHÂN DÂN", "XÃ ĐƯNG K'NỚ").
    name_lines: tuple[str, ...] = ()

    @property
    def heading_lines(self) -> tuple[str, ...]:
        """The bold lines naming the issuing body (its one name when written on one line)."""
        return self.name_lines or (self.name,)


class DocDate(msgspec.Struct, frozen=True):
    """A document date; the day is None in a draft ("ngày      tháng 12 năm 2023")."""

    year: int
    month: int | None
    day: int | None = None

    @property
    def complete(self) -> bool:
        return self.month is not None and self.day is not None

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


class Document(msgspec.Struct, frozen=True):
    """Header facts: number, symbol, date, recipients, subject, bases, opening."""

    symbol: str
    subject: str
    number: int | None = None
    date: DocDate | None = None
    draft: bool = False
    recipients: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    opening: Text | None = None
    subject_line: int | None = None  # the line of a subject typed in the file (None: the default)
    recipients_final_dot: bool = True  # "Kính gửi: Sở Nội vụ." rather than "Kính gửi: Sở Nội vụ"
    #: "number", "date": typed but refused (an error says so), so not also reported missing.
    refused: tuple[str, ...] = ()


class Text(msgspec.Struct, frozen=True):
    """Narrative text as typed (marks and references still in it) and its line."""

    raw: str
    line: int | None


class Paragraph(msgspec.Struct, frozen=True):
    """A body paragraph, optionally with a footnote at its end."""

    text: Text
    footnote: str | None = None


class BulletList(msgspec.Struct, frozen=True):
    """A list of items with a marker: "-", "+", "1.", "1)", "a)" or "a."."""

    items: tuple[Text, ...]
    marker: str = "-"
    start: int = 1  # the number or letter of the first item: 3 → "3.", "c)"

    def label(self, index: int) -> str:
        """The printed marker of item `index` (0-based)."""
        position = self.start + index
        if self.marker in ("1.", "1)"):
            return f"{position}{self.marker[1]}"
        if self.marker in ("a)", "a."):
            return f"{chr(ord('a') + position - 1)}{self.marker[1]}"
        return self.marker


class Cell(msgspec.Struct, frozen=True):
    """A table cell; spans > 1 merge cells."""

    text: str
    colspan: int = 1
    rowspan: int = 1


class Table(msgspec.Struct, frozen=True):
    """A small narrative table with header rows, body rows and an optional totals row.

    `bold_rows` are indexes into `rows` printed bold (group rows); `widths` are the columns'
    relative widths as written (None: from the content).
    """

    header: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    line: int | None = None
    bold_rows: tuple[int, ...] = ()
    widths: tuple[float, ...] | None = None


Block = Union[Paragraph, BulletList, Table, "Section"]


class Section(msgspec.Struct, frozen=True):
    """A numbered (or unnumbered) heading with its content."""

    title: Text
    number: str  # "I.", "1.", "1.1.", "a)", as written ("1.1", "a.") or "" when unnumbered
    level: int  # 1 for I., 2 for 1., …
    content: tuple[Block, ...]
    italic: bool = False  # the whole heading, number included, in italics ("*a. Tuyển dụng:*")


class Signature(msgspec.Struct, frozen=True):
    """The signing block and the distribution list."""

    authority: str
    prefix: str | None = None
    title: str | None = None
    name: str | None = None
    distribution: tuple[str, ...] = ()
    #: The collective a deputy signs for as well: "TM. ỦY BAN NHÂN DÂN" above "KT. CHỦ TỊCH".
    collective: str | None = None
    #: The head by whose order a unit signs, when the unit's deputy signs for its head: "TL. GIÁM ĐỐC"
    #: above "KT. CHÁNH VĂN PHÒNG" (Nghị định 30/2020: thừa lệnh, given on to the deputy).
    by_order_of: str | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        """Upper-case lines over the signature, as Nghị định 30/2020 writes them:
        ("GIÁM ĐỐC"), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), ("Q. GIÁM ĐỐC"),
        ("TL. GIÁM ĐỐC", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")."""
        top = [f"TM. {self.collective}"] if self.collective else []
        top += [f"TL. {self.by_order_of}"] if self.by_order_of else []
        first = f"{self.prefix} {self.authority}" if self.prefix else self.authority
        second = (self.title,) if self.title and self.title != self.authority else ()
        return tuple(line.upper() for line in (*top, first, *second))


class Entry(msgspec.Struct, frozen=True):
    """What the user typed for one appendix indicator."""

    value: float | int | None
    note: str | None
    line: int | None
    invalid: bool = False  # something was typed but refused (its error is already reported)
    qualifier: str | None = None  # printed after the number: 21 "(lượt người)"
    blank: bool = False  # a derived row the report leaves blank on purpose
    zero_padded: bool = False  # typed "06": printed with its leading zero
    text: str | None = None  # the value exactly as typed ("1.145", "010"), for messages


class AppendixInput(msgspec.Struct, frozen=True):
    """The appendix part of a report file."""

    form_id: str
    values: dict[str, Entry]
    heading: str | None = None  # None: the form's heading; "": no heading line
    title: str | None = None
    line: int | None = None
    version: str | None = None  # a pinned form version; None: the version in force for the period
    leading_zero: bool | None = None  # None: as the form's layout says


class PreviousReport(msgspec.Struct, frozen=True):
    """Last period's report this one was made from (`previous:`, written by `init --from`)."""

    path: Path  # resolved against the report's folder
    written: str  # as written in the file
    line: int | None


class Report(msgspec.Struct, frozen=True):
    """One report: one agency, one period."""

    source: Path
    agency: Agency
    period: Period
    window: Window
    document: Document
    narrative: tuple[Section, ...]
    signature: Signature
    appendix: AppendixInput | None  # None: a report without a Phụ lục
    closing: Text | None = None
    extra: dict[str, str] = msgspec.field(default_factory=dict)
    previous: PreviousReport | None = None

    @property
    def is_draft(self) -> bool:
        doc = self.document
        return doc.draft or doc.number is None or doc.date is None or not doc.date.complete
