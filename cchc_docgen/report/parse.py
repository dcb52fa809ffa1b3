"""Turn a located YAML document into the report model, collecting every problem at once.

The parser reads by part: the header (parse_header), the narrative (parse_narrative) and the appendix values
(parse_values), on the shared helpers of parse_base; the fields each part may have come from fields.py."""

from __future__ import annotations

import datetime as dt

from .fields import REPORT
from .model import (
    Report,
)
from .numbering import Numbering
from .parse_header import HeaderParser
from .parse_narrative import NarrativeParser
from .parse_values import AppendixParser, split_qualified
from .period import Period, PeriodKind

__all__ = ["ReportParser", "split_qualified"]


class ReportParser(HeaderParser, NarrativeParser, AppendixParser):
    """Reads one report; `errors` holds what is wrong, `parse` returns the model or None.

    `stand_in_period`: the period (or data window) could not be read and the model carries this
    year's in its place, so that the rest is still checked; checks that compare dates with it
    must then say nothing."""

    stand_in_period = False

    def parse(self) -> Report | None:
        data = self.src.data
        if not isinstance(data, dict):
            self.err((), "tệp báo cáo phải là các nhóm trường agency, period, document, …")
            return None
        self.mapping(data, (), REPORT)
        for name in REPORT.required:
            if name not in data:
                self.err((), f"thiếu phần bắt buộc '{name}'")
        agency = self.agency(data.get("agency"))
        period = self.period(data.get("period"))
        window = self.window(data.get("data_window"), period)
        document = self.document(data.get("document"), period)
        narrative = self.sections(data.get("narrative"), ("narrative",), Numbering(level=1))
        closing = self.text(data.get("closing"), ("closing",))
        signature = self.signature(data.get("signature"))
        appendix = self.appendix(data.get("appendix")) if data.get("appendix") is not None else None
        if agency is None or document is None or signature is None:
            return None
        if appendix is None and data.get("appendix") is not None:
            return None  # written, but unreadable: its errors are reported
        if period is None or window is None:
            # Keep checking the rest; the period error is already reported.
            self.stand_in_period = True
            period = Period(dt.date.today().year, PeriodKind.YEAR)
            window = period.default_window()
        return Report(
            source=self.src.path,
            agency=agency,
            period=period,
            window=window,
            document=document,
            narrative=tuple(narrative),
            signature=signature,
            appendix=appendix,
            closing=closing,
            previous=self.previous(data.get("previous")),
        )
