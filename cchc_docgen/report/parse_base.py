"""The reading helpers every part of the report parser shares: located errors, text as typed, flags, limits."""

from __future__ import annotations

import re
from typing import Any

from ..core.errors import Diagnostic, did_you_mean, error_at
from ..core.located_yaml import Located
from .fields import GROUPS, REPORT, Group
from .model import (
    Text,
)
from .refs import FootnoteSyntaxError, footnotes_of

Key = tuple[Any, ...]

_WIDEST = 10**6  # a relative column width: anything bigger (inf) is a mistake, and makes the shares NaN
_FLAGS = {"yes": True, "on": True, "no": False, "off": False}
_VN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$")
_PARTIAL_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")



class Reader:
    """One report file being read: its located data, and the problems found so far."""

    def __init__(self, located: Located) -> None:
        self.src = located
        self.errors: list[Diagnostic] = []

    def err(self, key: Key, message: str) -> None:
        self.errors.append(error_at(self.src.path, self.src.line(*key), message))

    def mapping(self, value: Any, key: Key, group: Group) -> dict[str, Any]:
        """`value` as a mapping whose keys are `group`'s fields (others reported, with the nearest name)."""
        allowed, what = group.names, group.what
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.err(key, f"'{what}' phải là một nhóm trường (khóa: giá trị)")
            return {}
        for name in value:
            if name not in allowed:
                hint = did_you_mean(name, allowed) or f"; các trường dùng được: {', '.join(allowed)}"
                self.err((*key, name), f"trường không hợp lệ '{name}' trong '{what}'{hint}")
        return value

    def string(self, data: dict[str, Any], name: str, key: Key) -> str | None:
        """A text field of the group at `key`; a missing one is reported when the field table requires it."""
        value = data.get(name)
        if value is None or value == "":
            group = GROUPS.get(key[-1]) if key else REPORT
            if group is not None and name in group.required:
                self.err(key, f"thiếu trường bắt buộc '{name}'")
            return None
        if isinstance(value, (dict, list)):
            self.err((*key, name), f"'{name}' phải là một đoạn văn bản")
            return None
        return self.typed(value, (*key, name))

    def typed(self, value: Any, key: Key) -> str:
        """A scalar exactly as typed: `010` stays "010", `yes` stays "yes", `1.10` stays "1.10"."""
        if isinstance(value, str):
            return value
        typed = self.src.text(*key)
        return typed if typed is not None else str(value)

    def shown(self, value: Any, key: Key) -> str:
        """A scalar as typed, shortened for a message."""
        text = " ".join(self.typed(value, key).split())  # one line, whatever was typed
        return text if len(text) <= 40 else text[:40] + "…"

    def flag(self, data: dict[str, Any], name: str, key: Key, default: bool) -> bool:
        """A true/false field; yes/no/on/off are accepted here (and only here)."""
        value = data.get(name, default)
        if isinstance(value, str) and value.strip().lower() in _FLAGS:
            return _FLAGS[value.strip().lower()]
        if not isinstance(value, bool):
            self.err((*key, name), f"{name} phải là true hoặc false")
            return default
        return value

    def limit(self, text: str | None, key: Key, size: int, what: str) -> str | None:
        """`text`, or an error when it is longer than `size` characters."""
        if text is not None and len(text) > size:
            self.err(key, f"{what} dài {len(text)} ký tự; tối đa {size} ký tự")
            return text[:size]
        return text

    def strings(self, data: dict[str, Any], name: str, key: Key) -> tuple[str, ...]:
        value = data.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            self.err((*key, name), f"'{name}' phải là một danh sách các dòng '- …'")
            return ()
        out = []
        for i, item in enumerate(value):
            if item is not None and not isinstance(item, (dict, list)):
                out.append(self.typed(item, (*key, name, i)))
            else:
                self.err((*key, name, i), f"mục {i + 1} của '{name}' phải là một dòng văn bản")
        return tuple(out)

    def text(self, value: Any, key: Key) -> Text | None:
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self.err(key, "ở đây cần một đoạn văn bản")
            return None
        self.check_footnotes(value, key)
        return Text(self.typed(value, key), self.src.line(*key))

    def check_footnotes(self, value: Any, key: Key) -> None:
        """A `^[` footnote must be closed by its `]`."""
        if isinstance(value, str) and "^[" in value:
            try:
                footnotes_of(value)
            except FootnoteSyntaxError as exc:
                self.err(key, str(exc))
