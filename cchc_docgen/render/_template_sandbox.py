"""The Jinja environment a Word template runs in: plain strings in, bounded work, no way out.

A template is a file people pass around, so it is treated as untrusted code. It sees only plain
strings and lists of strings (bao_cao.template_context); this module bounds what it can compute:
no loader (`{% include %}`/`{% import %}` fail), no `lipsum`, `range` and every operator, method
or filter that builds a string or list from a number capped at MAX_ITEMS, and a wall-clock limit
on the template's own code. Every string or list it builds — with `~`, `+`, `*`, `%`, `format`,
`format_map`, a filter, a method, a macro or a `{% set %}` block — is measured before it is built
(its size bounded from its operands, format widths included, by _template_sizes.py): none passes
MAX_OUTPUT, and one render (`time_limit`) builds at most MAX_BUILT characters in all, what it
prints included. The docxtpl side of a render is in _sandboxed_docx.py.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from functools import update_wrapper, wraps
from types import CodeType, FrameType
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

from ._template_sizes import (
    MAX_ITEMS,
    MAX_OUTPUT,
    allow,
    check_numbers,
    check_replace,
    counting,
    field_size,
    filter_size,
    joined_size,
    method_size,
    printed_size,
    printf_size,
    spec_numbers,
    spend,
    too_big,
)

__all__ = [
    "MAX_SECONDS",
    "VARIABLES",
    "Sandbox",
    "TemplateTimeout",
    "time_limit",
]

#: How long a template's own code may run.
MAX_SECONDS = 5.0
#: Attribute of a template from `Sandbox.compile_source`: the names it reads from its context.
VARIABLES = "cchc_variables"
#: The most bits of a product of two integers (`**` stops at 1024).
_INT_BITS = 4096


class TemplateTimeout(Exception):
    """The template's own code ran longer than MAX_SECONDS."""


def _safe_range(*args: int) -> range:
    check_numbers("range", args, {})
    return range(*args)


_safe_range.__name__ = "range"


#: What Jinja passes first to some filters, before the value filtered.
_PASSED = (jinja2.runtime.Context, jinja2.Environment, jinja2.nodes.EvalContext)


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        lead = 0  # the Context, Environment or EvalContext Jinja passes first to some filters
        while lead < len(args) and isinstance(args[lead], _PASSED):
            lead += 1
        values = args[lead:]
        check_numbers(name, tuple(values[1:]), kwargs)
        if values:
            value = values[0]
            allow(name, printed_size(value))
            if name == "join" and not isinstance(value, (str, list, tuple)):
                value = list(value)  # measured before joined: an iterator is read once
                args = (*args[:lead], value, *values[1:])
            if name == "replace":
                check_replace(value, tuple(values[1:]))
            what = f"định dạng {str(value)[:40]!r}" if name == "format" else name
            allow(what, filter_size(name, value, tuple(values[1:]), kwargs))
        result = func(*args, **kwargs)
        if isinstance(result, (str, bytes, list, tuple)):
            spend(name, len(result))
        return result

    return bounded


def _printed(value: Any) -> Any:
    """Jinja's `finalize`: each value `{{ }}` prints, in the output or in a macro or block, counted
    (`spend`) before it is converted to a string."""
    spend("giá trị in ra", printed_size(value))
    return value


class _BoundedFormatter(SandboxedFormatter):
    """The sandbox's `str.format`, measuring each field before formatting it: widths and precisions
    (nested `{w}` ones resolved) refused above MAX_ITEMS, and the result bounded (`allow`)."""

    grows = 1

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self._format = format_string
        self._built = len(format_string)
        allow(self._what(), self._built)
        return super().vformat(format_string, args, kwargs)

    def _what(self) -> str:
        return f"định dạng {self._format[:40]!r}"

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:  # !s, !r, !a print the value before it is formatted
            allow(self._what(), self._built + printed_size(value, quoted=conversion != "s"))
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        self._built += self.grows * field_size(value, spec_numbers(self._format, format_spec))
        allow(self._what(), self._built)
        return super().format_field(value, format_spec)


class _BoundedEscapeFormatter(_BoundedFormatter, SandboxedEscapeFormatter):
    """`_BoundedFormatter` for `Markup.format`, which escapes what it prints."""

    grows = 6


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with `~` measured (`Sandbox.concat_operands`) before it joins."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"{join}(environment.concat_operands((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, strict and autoescaped, without loader or `lipsum`, and with size
    limits on the operations that can build huge values."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True, loader=jinja2.DictLoader({}))
        self.globals.pop("lipsum", None)
        self.globals["range"] = _safe_range
        self.filters = {name: _bounded_filter(name, func) for name, func in self.filters.items()}
        self.finalize = _printed

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        """What a macro, a `{% set %}` or `{% filter %}` block or a whole render prints, joined once
        measured: no longer than MAX_OUTPUT, and counted (`spend`)."""
        chunks, size = [], 0
        for chunk in parts:
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise too_big("văn bản mẫu tạo ra", MAX_OUTPUT)
            chunks.append(chunk)
        spend("văn bản mẫu tạo ra", size)
        return "".join(chunks)

    def concat_operands(self, operands: tuple[Any, ...]) -> tuple[Any, ...]:
        """The operands of `~`, once the string they make is found small enough (`spend`)."""
        grows = 6 if any(hasattr(operand, "__html__") for operand in operands) else 1  # Markup escapes the others
        spend("phép nối ~", grows * sum(printed_size(operand) for operand in operands))
        return operands

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's sandboxed `str.format` and `str.format_map`, measuring what they build
        (`_BoundedFormatter`)."""
        if super().wrap_str_format(value) is None:
            return None
        owner: str = value.__self__
        is_format_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            formatter: _BoundedFormatter
            if isinstance(owner, Markup):
                formatter = _BoundedEscapeFormatter(self, escape=owner.escape)
            else:
                formatter = _BoundedFormatter(self)
            if is_format_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                kwargs = args[0]
                args = ()
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return update_wrapper(bounded, value)

    def from_string(
        self,
        source: str | jinja2.nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        """Jinja's from_string; a template source alone goes through `compile_source`."""
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        return self.compile_source(source)

    def compile_source(self, source: str) -> jinja2.Template:
        """`source` compiled; the template also carries the names it reads from its context
        (`VARIABLES`), found on the tree Jinja parses anyway."""
        return self.template_from_code(*self.compile_code(source))

    def compile_code(self, source: str) -> tuple[CodeType, frozenset[str]]:
        """What `from_string` compiles `source` to, and the names it reads from its context."""
        tree = self.parse(source)
        return self.compile(tree), frozenset(jinja2.meta.find_undeclared_variables(tree))

    def template_from_code(self, code: CodeType, variables: frozenset[str]) -> jinja2.Template:
        """The template `from_string` makes of `code`, carrying its `variables`."""
        template = self.template_class.from_code(self, code, self.make_globals(None), None)
        setattr(template, VARIABLES, variables)
        return template

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int):
                    if len(seq) * count > MAX_ITEMS:
                        raise too_big("phép nhân chuỗi/danh sách")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > _INT_BITS:
                raise SecurityError(f"phép nhân số vượt giới hạn {_INT_BITS} bit")
        elif operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)):
                if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > 1024:
                    raise too_big("phép lũy thừa")
        elif operator == "%" and isinstance(left, (str, bytes)):
            allow(f"định dạng {left[:40]!r}", printf_size(left, right))
        elif operator == "+":
            kinds = (str, bytes, list, tuple)
            if isinstance(left, kinds) and isinstance(right, kinds):
                grows = 6 if isinstance(left, Markup) or isinstance(right, Markup) else 1  # Markup escapes the other
                allow("phép cộng", grows * (len(left) + len(right)))
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, (str, bytes, list, tuple)):
            spend(f"phép {operator}", len(result))
        return result

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, jinja2.Undefined):
            return super().call(__context, __obj, *args, **kwargs)
        name = getattr(__obj, "__name__", "hàm")
        check_numbers(name, args, kwargs)
        # Jinja hands str.format over wrapped (measured by _BoundedFormatter); the string a method
        # belongs to is on the wrapped method.
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, (str, bytes)):
            if name == "replace":
                check_replace(owner, args)
            if name == "join" and args:
                items = args[0] if isinstance(args[0], (str, bytes, list, tuple)) else list(args[0])
                args = (items, *args[1:])  # measured before joined: an iterator is read once
                allow("join", joined_size(owner, items))
            if name in ("expandtabs", "translate"):
                allow(name, method_size(name, owner, args, kwargs))
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, (str, bytes, list, tuple)):
            spend(name, len(result))
        return result


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise TemplateTimeout in compiled template code that runs past `seconds` (MAX_SECONDS), and
    refuse what it builds past MAX_BUILT characters in all (`spend`).

    Jinja compiles a template into Python code whose file name is "<template>"; a trace function
    limited to those frames checks the clock on each of their lines (a loop runs lines), so other
    code runs untraced. The clock is left out when a debugger or coverage tool already traces this
    thread; the count of characters built never is.
    """
    with counting():
        if sys.gettrace() is not None:
            yield
        else:
            with _clock(MAX_SECONDS if seconds is None else seconds):
                yield


@contextmanager
def _clock(limit: float) -> Iterator[None]:
    """`time_limit`'s trace function, raising TemplateTimeout past `limit` seconds."""
    deadline = time.monotonic() + limit

    def on_line(frame: FrameType, event: str, arg: object) -> Any:
        if time.monotonic() > deadline:
            raise TemplateTimeout(f"{limit:g}")
        return on_line

    def on_call(frame: FrameType, event: str, arg: object) -> Any:
        return on_line if frame.f_code.co_filename == "<template>" else None

    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(None)
