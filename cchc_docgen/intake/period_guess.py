"""What a Word report says without a field for it: its period (from the trích yếu) and the issuing
body's name as a sentence writes it (from the text, or from its capitals)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_QUARTER = re.compile(r"qu[ýy]\s+(I{1,3}|IV|[1-4])(?:\b.*?\b(?:năm\s+)?)(\d{4})", re.IGNORECASE)
# "6 tháng đầu năm 2026", and as some clerks shorten it, "6 tháng/2026", "9 tháng đầu năm/2025".
_SIX = re.compile(r"6\s+tháng(?:\s+(đầu|cuối))?(?:\s+năm)?\s*[/-]?\s*(\d{4})", re.IGNORECASE)
_NINE = re.compile(r"9\s+tháng(?:\s+đầu)?(?:\s+năm)?\s*[/-]?\s*(\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm\s+(\d{4})", re.IGNORECASE)
#: Words before a place's name, written in lower case inside a sentence.
_UNITS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn", "đặc khu")


_WINDOW = re.compile(
    r"từ\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:đến|-|–)\s*(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})",
    re.IGNORECASE,
)


def guess_window(note: str) -> tuple[dt.date, dt.date] | None:
    """The data window a note states ("Số liệu tính từ ngày 15/12/2024 đến ngày 14/12/2025")."""
    match = _WINDOW.search(" ".join(note.split()))
    if match is None:
        return None
    d1, m1, y1, d2, m2, y2 = (int(g) for g in match.groups())
    try:
        return dt.date(y1, m1, d1), dt.date(y2, m2, d2)
    except ValueError:  # "31/02/2025": not a date, the note stays text only
        return None


def guess_period(subject: str) -> str | None:
    """The period code a trích yếu names ("quý III năm 2022" → 2022-Q3); the first one it names, since
    the second is usually the next period's phương hướng."""
    text = " ".join(subject.split())
    candidates: list[tuple[int, str]] = []
    for match in _QUARTER.finditer(text):
        quarter = match.group(1).upper()
        number = _ROMAN.get(quarter) or int(quarter)
        candidates.append((match.start(), f"{match.group(2)}-Q{number}"))
    for match in _SIX.finditer(text):
        if (match.group(1) or "đầu").lower() == "đầu":  # a report is never for "6 tháng cuối năm" (that is the year's)
            candidates.append((match.start(), f"{match.group(2)}-6T"))
    for match in _NINE.finditer(text):
        candidates.append((match.start(), f"{match.group(1)}-9T"))
    if candidates:
        return min(candidates)[1]
    years = _YEAR.findall(text)
    return f"{years[0]}-NAM" if years else None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("Uỷ", "Ủy").replace("uỷ", "ủy").replace("UỶ", "ỦY")


def full_name_from_text(name: str, parent: str | None, text: str) -> str:
    """ "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" → "Sở Thông tin và Truyền thông tỉnh Sóc Trăng" as the report's
    own sentences write it; from the capitals (and the parent's place) when no sentence does."""
    words = _fold(name).replace("\n", " ").split()
    if not words:
        return ""
    pattern = r"\s+".join(re.escape(word) for word in words)
    place = r"(?:\s+(?:" + "|".join(_UNITS) + r")(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)+)?"
    found = re.search(pattern + place, _fold(text), re.IGNORECASE)
    if found is None:
        return _sentence_case(name.replace("\n", " "), parent)
    written = found.group(0)
    if parent and not any(f" {unit} " in f" {written.lower()} " for unit in _UNITS):
        written += _place_of(parent)
    return written


def _place_of(parent: str) -> str:
    """ " tỉnh Sóc Trăng" from "UBND TỈNH SÓC TRĂNG"; "" when the parent names no place."""
    lower = f" {_fold(parent).lower()} "
    for unit in _UNITS:
        if f" {unit} " in lower:
            return f" {unit} " + lower.split(f" {unit} ", 1)[1].strip().title()
    return ""


def _sentence_case(name: str, parent: str | None) -> str:
    """A body's name from its capitals: first word capitalised, a place after its unit word in title case."""
    lower = _fold(name).lower()
    lower = lower.replace("ủy ban nhân dân", "Ủy ban nhân dân")
    for unit in _UNITS:
        marker = f" {unit} "
        if marker in f" {lower} ":
            head, _, tail = f" {lower} ".partition(marker)
            lower = f"{head.strip()} {unit} {tail.strip().title()}".strip()
            break
    text = lower[:1].upper() + lower[1:]
    if parent and not any(f" {unit} " in f" {text} " for unit in _UNITS):
        text += _place_of(parent)
    return text


def territory_of(name: str) -> str | None:
    """ "huyện Cù Lao Dung" for "ỦY BAN NHÂN DÂN\nHUYỆN CÙ LAO DUNG": the area a people's committee
    governs, which a Phụ lục's title names ("TRÊN ĐỊA BÀN …"); None for other bodies."""
    lines = _fold(name).split("\n")
    if len(lines) != 2 or lines[0].strip() not in ("ỦY BAN NHÂN DÂN", "UBND"):
        return None
    lower = lines[1].strip().lower()
    for unit in sorted(_UNITS, key=len, reverse=True):
        if lower.startswith(unit + " "):
            return f"{unit} {lower[len(unit) + 1 :].title()}"
    return None
