"""Safe file and folder names from agency names and periods, and the names of every output file."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

#: Where `build`, `appendix` and `aggregate` write when no -o is given (under the working directory).
OUTPUT_ROOT = "output"
#: The folder of the province's compilations in OUTPUT_ROOT, one subfolder per period.
COMPILATION_FOLDER = "tong-hop"
#: The files of one report, each after the report's prefix ("huyen-cu-lao-dung-2023-q1-bao-cao.docx").
BAO_CAO_DOCX = "bao-cao.docx"
PHU_LUC_DOCX = "phu-luc.docx"
PHU_LUC_XLSX = "phu-luc.xlsx"
BAO_CAO_PDF = "bao-cao.pdf"
PHU_LUC_PDF = "phu-luc.pdf"
#: The province's compilation workbook, beside the province's Phụ lục (DOCX, XLSX).
COMPILATION_XLSX = "tong-hop.xlsx"

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_NAME = 60
#: A shortened name ends in "-" and this many hex digits of a hash of the whole name, so that
#: two long names sharing their first MAX_NAME characters never share a file or folder name.
_HASH_DIGITS = 8


def slugify(text: str, fallback: str = "bao-cao") -> str:
    """ASCII lower-case words joined by "-": "Sở Thông tin" → "so-thong-tin".

    Never empty, never "." or "..", no separators, no name Windows refuses, at most MAX_NAME
    characters: a longer one is cut and ends in a hash of the whole slug, so it stays distinct.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_NAME:
        digest = hashlib.sha256(slug.encode("ascii")).hexdigest()[:_HASH_DIGITS]
        slug = f"{slug[: MAX_NAME - _HASH_DIGITS - 1].strip('-')}-{digest}"
    if not slug:
        slug = fallback
    if slug in _WINDOWS_RESERVED:
        slug += "-"
    return slug


def report_folder(agency_name: str, period_slug: str) -> Path:
    """The default folder of a report's documents: output/<agency>/<period>/."""
    return Path(OUTPUT_ROOT) / slugify(agency_name) / period_slug


def report_prefix(agency_name: str, period_slug: str) -> str:
    """ "huyen-cu-lao-dung-2023-q1-": agency and period, safe on every disk."""
    return f"{slugify(agency_name)}-{period_slug}-"


def compilation_folder(period_slug: str) -> Path:
    """The default folder of a province's compilation: output/tong-hop/<period>/."""
    return Path(OUTPUT_ROOT) / COMPILATION_FOLDER / period_slug


def compilation_prefix(province: str, period_slug: str, form_id: str) -> str:
    """ "tinh-soc-trang-2022-q3-<form>-": the province, the period and the form compiled."""
    return f"{slugify(province)}-{period_slug}-{slugify(form_id)}-"
