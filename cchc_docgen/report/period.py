"""Reporting periods: parsing "2023-Q1", names in titles, next period, data window."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum

import msgspec

from ..core.vnformat import roman


class PeriodKind(Enum):
    """The kinds of periodic report; the value is the code suffix."""

    QUARTER = "Q"
    HALF = "6T"
    NINE_MONTHS = "9T"
    YEAR = "NAM"
    SECOND_HALF = "6TC"  # only ever the "next period" of a 6-month report


_CODE = re.compile(r"^\s*(\d{4})\s*-\s*(Q[1-4]|6T|9T|NAM|NĂM)\s*$", re.IGNORECASE)

ACCEPTED_CODES = "YYYY-Q1 … YYYY-Q4 (quý), YYYY-6T (6 tháng), YYYY-9T (9 tháng), YYYY-NAM (năm)"
#: Years a report may be for: any year whose window, previous and next period are real dates
#: (year 0 does not exist, and "0000-Q1" would start in December of year -1).
FIRST_YEAR, LAST_YEAR = 1900, 2999


class Window(msgspec.Struct, frozen=True):
    """The data cut-off window of a report (thời gian chốt số liệu)."""

    start: dt.date
    end: dt.date


class Period(msgspec.Struct, frozen=True):
    """A reporting period such as quý III năm 2022."""

    year: int
    kind: PeriodKind
    quarter: int = 0

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse a period code; raise ValueError with a Vietnamese message."""
        match = _CODE.match(str(text))
        if not match:
            raise ValueError(f"kỳ báo cáo '{text}' không hợp lệ; dùng một trong: {ACCEPTED_CODES}")
        year, code = int(match.group(1)), match.group(2).upper()
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(
                f"kỳ báo cáo '{text}' không hợp lệ: năm {match.group(1)} phải từ {FIRST_YEAR} đến {LAST_YEAR}"
            )
        if code.startswith("Q"):
            return cls(year, PeriodKind.QUARTER, int(code[1]))
        if code in ("NAM", "NĂM"):
            return cls(year, PeriodKind.YEAR)
        return cls(year, PeriodKind(code))

    @property
    def code(self) -> str:
        """The canonical code, e.g. "2022-Q3"."""
        suffix = f"Q{self.quarter}" if self.kind is PeriodKind.QUARTER else self.kind.value
        return f"{self.year}-{suffix}"

    @property
    def slug(self) -> str:
        """A file-name-safe lower-case code, e.g. "2022-q3"."""
        return self.code.lower()

    @property
    def short_name(self) -> str:
        """The period without its year: "quý III", "6 tháng đầu năm", "năm"."""
        return {
            PeriodKind.QUARTER: f"quý {roman(self.quarter)}",
            PeriodKind.HALF: "6 tháng đầu năm",
            PeriodKind.SECOND_HALF: "6 tháng cuối năm",
            PeriodKind.NINE_MONTHS: "9 tháng đầu năm",
            PeriodKind.YEAR: "năm",
        }[self.kind]

    @property
    def name(self) -> str:
        """The period as titles write it: "quý III năm 2022", "năm 2023"."""
        if self.kind is PeriodKind.YEAR:
            return f"năm {self.year}"
        return (
            f"{self.short_name} {self.year}"
            if self.kind
            in (
                PeriodKind.HALF,
                PeriodKind.SECOND_HALF,
                PeriodKind.NINE_MONTHS,
            )
            else f"{self.short_name} năm {self.year}"
        )

    def next(self) -> Period:
        """The period the "phương hướng" part looks ahead to."""
        if self.kind is PeriodKind.QUARTER:
            if self.quarter == 4:
                return Period(self.year + 1, PeriodKind.QUARTER, 1)
            return Period(self.year, PeriodKind.QUARTER, self.quarter + 1)
        if self.kind is PeriodKind.HALF:
            return Period(self.year, PeriodKind.SECOND_HALF)
        if self.kind is PeriodKind.NINE_MONTHS:
            return Period(self.year, PeriodKind.QUARTER, 4)
        return Period(self.year + 1, PeriodKind.YEAR)

    def default_subject(self) -> str:
        """The default trích yếu naming this period and the next."""
        nxt = self.next()
        lead = "Kết quả thực hiện công tác cải cách hành chính"
        if nxt.year != self.year or self.kind is PeriodKind.YEAR:
            return f"{lead} {self.name} và phương hướng nhiệm vụ {nxt.name}"
        return f"{lead} {self.short_name} và phương hướng nhiệm vụ {nxt.name}"

    def default_window(self) -> Window:
        """The Nghị định 09/2019 window: from the 15th before to the 14th of the last month."""
        start = dt.date(self.year - 1, 12, 15)
        if self.kind is PeriodKind.QUARTER:
            first_month = 3 * self.quarter - 2
            if first_month > 1:
                start = dt.date(self.year, first_month - 1, 15)
            return Window(start, dt.date(self.year, 3 * self.quarter, 14))
        last_month = {PeriodKind.HALF: 6, PeriodKind.NINE_MONTHS: 9}.get(self.kind, 12)
        return Window(start, dt.date(self.year, last_month, 14))
