"""What every document of a report says of itself in File → Properties: who wrote it and when.

The BÁO CÁO, its Phụ lục DOCX and its Phụ lục XLSX name the same author (the issuing body) and the
same date (the report's own date; a draft's, the time it was made), as files an office saved.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..report.model import Report

#: The program named as the one that made the files (docProps/app.xml, and the author of a
#: workbook that belongs to no single agency).
APPLICATION = "cchc-docgen"
#: Word and Excel keep at most this many characters in a document property (python-docx refuses more).
MAX_PROPERTY = 255


def property_text(text: str) -> str:
    """`text` as a document property: a longer one (an agency name that long) ends in "…"."""
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def written_at(report: Report) -> dt.datetime:
    """When the report was written, for the files' properties: its date, else (a draft) now."""
    date = report.document.date.as_date() if report.document.date is not None else None
    if date is None:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)


def author(report: Report) -> str:
    """The author the files name: the issuing body, by its full name."""
    return report.agency.full_name
