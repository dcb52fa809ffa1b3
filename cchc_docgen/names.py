"""Safe file and folder names from agency names and periods."""

from __future__ import annotations

import re
import unicodedata

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_NAME = 60


def slugify(text: str, fallback: str = "bao-cao") -> str:
    """ASCII lower-case words joined by "-": "Sở Thông tin" → "so-thong-tin".

    Never empty, never "." or "..", no separators, no name Windows refuses.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_NAME].strip("-")
    if not slug:
        slug = fallback
    if slug in _WINDOWS_RESERVED:
        slug += "-"
    return slug
