"""The top of a BÁO CÁO: issuing body (and its parent), number and symbol, place and date, title and
trích yếu, Kính gửi, căn cứ; what is read is given as report-file fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..report.heading_checks import LOCAL_BODY
from .lines import Line, is_rule

_NUMBER = re.compile(r"^s[ốố]\s*:?\s*(?P<number>[0-9]*)[\s.…_]*/\s*(?P<symbol>[^\s,;]+)", re.IGNORECASE)
_DATE = re.compile(
    r"^(?:(?P<place>[^,]*?)(?:\s*,\s*|\s+))?ngày\s*(?P<day>[0-9]{0,2})[\s.…_]*tháng\s*(?P<month>[0-9]{0,2})[\s.…_]*năm\s*(?P<year>[0-9]{4})",
    re.IGNORECASE,
)
#: "Gia Lai, ngày 08/12/2025": a date line typed with slashes. (Either may lack its comma: "Côn Đảo ngày …".)
_SLASH_DATE = re.compile(
    r"^(?:(?P<place>[^,]*?)(?:\s*,\s*|\s+))?ngày\s*(?P<day>[0-9]{1,2})\s*/\s*(?P<month>[0-9]{1,2})\s*/\s*(?P<year>[0-9]{4})",
    re.IGNORECASE,
)
_NATIONAL = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP", "ĐỘC LẬP -")
_DRAFT = re.compile(r"^\(?\s*D[ỰU]\s*TH[ẢA]O\s*\)?$", re.IGNORECASE)


@dataclass
class Heading:
    agency: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    found_number: bool = False
    found_date: bool = False
    year: int | None = None  # the year of a draft's date line, when it has no month


def read_heading(lines: list[Line]) -> Heading:
    """The issuing body, number and date from the lines above the title."""
    heading = Heading()
    body: list[Line] = []
    draft = False
    for line in lines:
        text = line.text
        upper = text.upper()
        if is_rule(text) or any(upper.startswith(word) for word in _NATIONAL):
            continue
        if _DRAFT.match(text):
            draft = True
            continue
        number = _NUMBER.match(text)
        if number:
            heading.found_number = True
            if number.group("number"):
                heading.document["number"] = int(number.group("number").lstrip("0") or "0")
            else:
                draft = True
            heading.document["symbol"] = number.group("symbol").rstrip(".")
            rest = text[number.end() :].strip()
            date = (_DATE.match(rest) or _SLASH_DATE.match(rest)) if rest else None
            if date:
                draft = _read_date(heading, date) or draft
            continue
        date = _DATE.match(text) or _SLASH_DATE.match(text)
        if date:
            draft = _read_date(heading, date) or draft
            continue
        if line.column == 1:
            continue
        if text == upper and any(char.isalpha() for char in text):
            body.append(line)
        else:
            heading.warnings.append(
                f"{line.where} («{first_words(text)}»): dòng ở phần đầu văn bản, không rõ là gì; đã bỏ qua"
            )
    _read_body(heading, body)
    if draft:
        heading.document["draft"] = True
    if not heading.found_number:
        heading.warnings.append("không thấy dòng «Số: …/…» ở phần đầu; hãy ghi document.symbol (ví dụ BC-UBND)")
    if not heading.found_date:
        heading.warnings.append("không thấy dòng «…, ngày … tháng … năm …»; hãy ghi agency.place và document.date")
    return heading


def _read_date(heading: Heading, date: re.Match[str]) -> bool:
    """Put the place and date read into the heading; whether the date is left blank (a draft)."""
    heading.found_date = True
    place = (date.group("place") or "").strip()
    if place:
        heading.agency["place"] = place
    year, month, day = date.group("year"), date.group("month"), date.group("day")
    if day and month:
        heading.document["date"] = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        return False
    if month:
        heading.document["date"] = f"{int(year):04d}-{int(month):02d}"
    heading.year = int(year)
    return True


def _read_body(heading: Heading, body: list[Line]) -> None:
    """Parent (not bold, above) and issuing body (bold) from the upper-case lines of the left column."""
    if not body:
        heading.warnings.append("không thấy tên cơ quan ban hành ở góc trái phần đầu; hãy ghi agency.name")
        return
    bold = [line.bold for line in body]
    if any(bold) and not all(bold):
        first_bold = bold.index(True)
        parent = body[:first_bold]
        name = [line for line in body[first_bold:] if line.bold]
    elif len(body) == 1:
        parent, name = [], body
    elif _two_line_ubnd(body):
        parent, name = body[:-2], body[-2:]
    else:  # all bold or none: the parent is the first line, the name the rest (a long name wraps)
        parent, name = body[:1], body[1:]
    if parent:
        heading.agency["parent"] = " ".join(line.text for line in parent)
    # A long name the document wraps is one name; "ỦY BAN NHÂN DÂN" above "XÃ …" is a name on two lines.
    joiner = "\n" if _two_line_ubnd(name) else " "
    heading.agency["name"] = joiner.join(line.text for line in name)


def _two_line_ubnd(body: list[Line]) -> bool:
    """ "ỦY BAN NHÂN DÂN" above "XÃ …": a body's name on two lines."""
    return len(body) >= 2 and LOCAL_BODY.match(body[-2].text) is not None


def first_words(text: str, count: int = 8) -> str:
    """The first words of a text, to name a place in a document."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")
