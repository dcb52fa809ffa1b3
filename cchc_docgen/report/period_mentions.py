"""Periods named in running text ("quý III năm 2022", "9 tháng đầu năm"): finding, judging, renaming."""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec

from .period import Period, PeriodKind

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MENTION = re.compile(
    r"(?<!\w)(?:quý\s+(?P<q>iv|iii|ii|i|[1-4])|(?P<months>[69])\s+tháng\s+(?P<side>đầu|cuối)\s+năm)"
    r"(?:\s+(?:năm\s+)?(?P<year>\d{4})|\s*/\s*(?P<slash_year>\d{4}))?(?![\w/])",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\w/])(?<!tháng\s)(?P<lead>năm)\s+(?P<year>\d{4})(?![\w/])", re.IGNORECASE)
#: A document symbol such as 02/KH-STTTT, 16/2022/QĐ-UBND: text after it in the same clause is its title.
_SYMBOL = re.compile(r"\d+(?:/\d+)*/[A-ZĐ][\wĐđ]*(?:-[\wĐđ]+)*")
_CLAUSE_END = re.compile(r"[,;:\n]|\.\s")
_DATE_YEAR = re.compile(r"tháng\s+\d{1,2}\s+$", re.IGNORECASE)


class Mention(msgspec.Struct, frozen=True):
    """A period named in text: its months (first, last), its year when written, where it stands."""

    text: str
    first: int
    last: int
    year: int | None
    start: int
    end: int
    cited: bool  # inside the title of a cited document ("Báo cáo số 12/BC-UBND … quý III năm 2022")


def months(period: Period) -> tuple[int, int]:
    """The months a period covers."""
    if period.kind is PeriodKind.QUARTER:
        return 3 * period.quarter - 2, 3 * period.quarter
    return {
        PeriodKind.HALF: (1, 6),
        PeriodKind.SECOND_HALF: (7, 12),
        PeriodKind.NINE_MONTHS: (1, 9),
        PeriodKind.YEAR: (1, 12),
    }[period.kind]


def _cited(text: str, start: int) -> bool:
    clause_start = 0
    for match in _CLAUSE_END.finditer(text, 0, start):
        clause_start = match.end()
    return _SYMBOL.search(text, clause_start, start) is not None


def find_mentions(text: str) -> Iterator[Mention]:
    """Every quarter, half-year or nine-month period named in `text`."""
    for match in _MENTION.finditer(text):
        if match.group("q"):
            quarter = _ROMAN[match.group("q").lower()]
            first, last = 3 * quarter - 2, 3 * quarter
        elif match.group("side").lower() == "cuối":
            if match.group("months") != "6":
                continue
            first, last = 7, 12
        else:
            first, last = 1, int(match.group("months"))
        written = match.group("year") or match.group("slash_year")
        year = int(written) if written else None
        yield Mention(match.group(0), first, last, year, match.start(), match.end(), _cited(text, match.start()))


def find_years(text: str) -> Iterator[Mention]:
    """Every "năm YYYY" of `text` that is neither part of a period above nor of a written-out date."""
    taken = [(m.start, m.end) for m in find_mentions(text)]
    for match in _YEAR.finditer(text):
        if any(s <= match.start() < e for s, e in taken) or _DATE_YEAR.search(text, 0, match.start()):
            continue
        year = int(match.group("year"))
        yield Mention(match.group(0), 1, 12, year, match.start(), match.end(), _cited(text, match.start()))


def belongs_to(mention: Mention, period: Period) -> bool:
    """Whether a report for `period` names this period legitimately.

    Allowed: the period itself; the cumulative period ending with it (quý III ≡ 9 tháng đầu năm);
    any part of a cumulative period (quý I in a 6-month report); any part of the next period (the
    "phương hướng" part). A mention without a year may mean this year or the next one.
    """
    nxt = period.next()
    first, last = months(period)
    next_first, next_last = months(nxt)
    for year in (mention.year,) if mention.year else (period.year, nxt.year):
        span = (mention.first, mention.last)
        if year == period.year:
            if span in ((first, last), (1, last)):
                return True
            if period.kind is not PeriodKind.QUARTER and mention.last <= last:
                return True
        if year == nxt.year and next_first <= mention.first and mention.last <= next_last:
            return True
    return False


def same_period(mention: Mention, period: Period) -> bool:
    """Whether `mention` names exactly `period` (a mention without a year matches any year)."""
    return (mention.first, mention.last) == months(period) and mention.year in (None, period.year)


def rename_period(text: str, old: Period, new: Period) -> str:
    """`text` with the names of `old` and of its next period replaced by those of `new` and its next.

    Both are replaced in one pass, so "quý III … quý IV năm 2022" becomes "quý IV … quý I năm 2023".
    """
    pairs = {
        old.name: new.name,
        old.next().name: new.next().name,
        old.short_name: new.short_name,
        old.next().short_name: new.next().short_name,
    }
    if old.kind is PeriodKind.YEAR:
        pairs = {old.name: new.name, old.next().name: new.next().name}
    keys = sorted((k for k in pairs if k), key=len, reverse=True)
    pattern = re.compile("(?<!\\w)(?:" + "|".join(re.escape(k) for k in keys) + ")(?![\\w])")
    return pattern.sub(lambda m: pairs[m.group(0)], text)
