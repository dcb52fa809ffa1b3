"""The BÁO CÁO template's Jinja work done once: its variables per file version, its parts compiled once.

docxtpl lists a template's variables by opening and patching the whole .docx a second time, and
compiles the template's XML on every render; for one template used build after build, both give
the same result every time.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2

from ._template_sandbox import Sandbox

__all__ = ["SANDBOX", "template_variables"]

#: Sources and files remembered at most (a template edited again and again in a long session).
_LIMIT = 16


class _CompilingOnce(Sandbox):
    """The sandbox user templates run in (_template_sandbox.py), compiling each distinct source once."""

    def __init__(self) -> None:
        super().__init__()
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(
        self,
        source: str | jinja2.nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = super().from_string(source)  # a syntax error raises here and is not kept
            if len(self._compiled) >= _LIMIT:
                self._compiled.clear()
            self._compiled[source] = compiled
        return compiled


#: StrictUndefined, autoescaped, sandboxed with bounded work: a template may only print the variables it is given.
SANDBOX = _CompilingOnce()

_VARIABLES: dict[tuple[str, int, int], set[str]] = {}


def template_variables(template: Path, find: Callable[[], set[str]]) -> set[str]:
    """The variables `template` uses: `find()` once per version of the file (path, time, size)."""
    stat = template.stat()
    key = (str(template.resolve()), stat.st_mtime_ns, stat.st_size)
    found = _VARIABLES.get(key)
    if found is None:
        found = find()
        if len(_VARIABLES) >= _LIMIT:
            _VARIABLES.clear()
        _VARIABLES[key] = found
    return set(found)
