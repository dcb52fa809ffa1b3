"""A text as a YAML double-quoted scalar, for the files the tool writes line by line (init, import)."""

from __future__ import annotations

import json


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes, which YAML shares; YAML's own line breaks escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\L").replace("\u2029", "\\P").replace("\x85", "\\N")
