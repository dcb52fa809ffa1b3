"""A report file written from the mapping the import reads: block style, every text in double quotes
(Vietnamese kept as typed, line breaks as \\n), comments where a person should look."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..core.yaml_quote import quoted

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_FLOW_MAX = 100  # a short list of short texts (a table row) is written on one line


def scalar(value: Any) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):  # unquoted: YAML reads it back as a date (data_window)
        return value.isoformat()
    return quoted(str(value))


def _key(key: str) -> str:
    return (
        key if _PLAIN_KEY.match(key) and key not in ("true", "false", "null", "yes", "no", "on", "off") else scalar(key)
    )


def _flow(value: Any) -> str | None:
    """A row of a table or a {value, note} entry on one line, when it is short."""
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        text = "[" + ", ".join(scalar(v) for v in value) + "]"
    elif isinstance(value, dict) and all(not isinstance(v, (list, dict)) for v in value.values()):
        text = "{" + ", ".join(f"{_key(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, list) and all(isinstance(v, (str, dict)) and _flow(v) is not None for v in value):
        text = "[" + ", ".join(scalar(v) if isinstance(v, str) else str(_flow(v)) for v in value) + "]"
    else:
        return None
    # A table row stays on one line however long (a block of nested "- - …" is hard to read, and
    # round-trip writers re-indent it); a {value, note} entry only when short.
    return text if len(text) <= _FLOW_MAX or isinstance(value, list) else None


def dump(value: Any, indent: int = 0) -> list[str]:
    """The lines of `value` in block style at `indent` spaces."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                flow = _flow(item) if key == "cells" or isinstance(item, dict) else None
                if flow is not None:
                    lines.append(f"{pad}{_key(key)}: {flow}")
                else:
                    lines.append(f"{pad}{_key(key)}:")
                    lines.extend(dump(item, indent + 2))
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}{_key(key)}: {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(f"{pad}{_key(key)}: {scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            flow = _flow(item) if isinstance(item, list) else None
            if flow is not None:
                lines.append(f"{pad}- {flow}")
            elif isinstance(item, dict) and item:
                inner = dump(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            elif isinstance(item, list) and item:
                inner = dump(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {scalar(item) if not isinstance(item, (list, dict)) else '[]'}")
    else:
        lines.append(pad + scalar(value))
    return lines
