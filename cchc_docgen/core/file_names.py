"""Safe file and folder names from agency names and periods."""

from __future__ import annotations

import hashlib
import re
import unicodedata

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
