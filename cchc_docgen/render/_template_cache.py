"""The BÁO CÁO template's Jinja work done once: each part compiled once, with the variables it reads.

docxtpl compiles the template's XML on every render; for one template used build after build, that
gives the same result every time: each part is compiled once per process, and kept between runs
(_disk_cache.py). The variables a part reads come with its compiled form
(`Sandbox.compile_source`), so the template is not opened and parsed a second time to list them.
"""

from __future__ import annotations

import marshal

import jinja2

from ..core.disk_cache import remembered
from ._sandboxed_docx import holds_sentinels
from ._template_sandbox import Sandbox

__all__ = ["SANDBOX"]

#: Sources remembered at most (a template edited again and again in a long session).
_LIMIT = 16


class _CompilingOnce(Sandbox):
    """The sandbox user templates run in (_template_sandbox.py), compiling each distinct source once."""

    def __init__(self) -> None:
        super().__init__()
        self._compiled: dict[str, jinja2.Template] = {}

    def compile_source(self, source: str) -> jinja2.Template:
        compiled = self._compiled.get(source)
        if compiled is None:
            # Compiled in an earlier run, or now (a syntax error raises here and is not kept).
            # A part with escapes differs from process to process: not worth keeping on disk.
            if holds_sentinels(source):
                compiled = super().compile_source(source)
            else:
                code, variables = remembered("jinja", source, lambda: self.compile_code(source), (jinja2,), marshal)
                compiled = self.template_from_code(code, variables)
            if len(self._compiled) >= _LIMIT:
                self._compiled.clear()
            self._compiled[source] = compiled
        return compiled


#: StrictUndefined, autoescaped, sandboxed with bounded work: a template may only print the variables it is given.
SANDBOX = _CompilingOnce()
