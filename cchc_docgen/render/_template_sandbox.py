"""The Jinja environment a Word template runs in: plain strings in, bounded work, no way out.

A template is a file people pass around, so it is treated as untrusted code. It sees only plain
strings and lists of strings (bao_cao.template_context); this module bounds what it can compute:
no loader (`{% include %}`/`{% import %}` fail), no `lipsum`, `range` and every operator, method
or filter that builds a string or list from a number capped at MAX_ITEMS, and a wall-clock limit
on the template's own code. Every string or list it builds — with `~`, `+`, `*`, `%`, `format`,
`format_map`, a filter, a method, a macro or a `{% set %}` block — is measured before it is built
(its size bounded from its operands, format widths included): none passes MAX_OUTPUT, and one
render (`time_limit`) builds at most MAX_BUILT characters in all, what it prints included.
"""

from __future__ import annotations

import marshal
import math
import re
import secrets
import sys
import time
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, MutableMapping, ValuesView
from contextlib import contextmanager
from contextvars import ContextVar
from functools import update_wrapper, wraps
from types import CodeType, FrameType
from typing import Any

import docxtpl
import jinja2
import jinja2.meta
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace
from markupsafe import Markup

from ..core.disk_cache import remembered

__all__ = [
    "MAX_BUILT",
    "MAX_ITEMS",
    "MAX_OUTPUT",
    "MAX_SECONDS",
    "Sandbox",
    "SandboxedDocxTemplate",
    "TemplateMisuse",
    "TemplateTimeout",
    "holds_sentinels",
    "time_limit",
]

#: The largest number a template may pass to range(), a filter or a method, and the longest
#: string or list it may build with `*`, `%` or a method call.
MAX_ITEMS = 100_000
#: The most characters of XML a template part may print (the shipped template prints about 0.1 MB),
#: and the longest string (or list) a template may build by any means.
MAX_OUTPUT = 20_000_000
#: The most characters (and list items) one render may build in all, what it prints included.
MAX_BUILT = 50_000_000
#: How long a template's own code may run.
MAX_SECONDS = 5.0
#: Attribute of a template from `Sandbox.compile_source`: the names it reads from its context.
VARIABLES = "cchc_variables"
#: docxtpl's cleaned-up XML of template parts seen lately, by their XML (its regular expressions
#: over a whole body cost more than rendering it): at most this many.
_PATCHED_KEPT = 16
_PATCHED: dict[str, str] = {}
#: The most bits of a product of two integers (`**` stops at 1024).
_INT_BITS = 4096
#: What a printf-style conversion looks like after "%" and its "(key)": flags, width, precision,
#: length modifier, conversion (Python's own grammar, so a conversion it refuses is refused here too).
_PRINTF = re.compile(r"[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.DOTALL)
#: The conversions printf-style formatting knows ("%%" prints "%").
_CONVERSIONS = frozenset("sradiouxXeEfFgGcb%")
#: Upper bounds on how many characters print a value of a kind that does not hold others.
_FLOAT_SIZE = 330  # '%f' of the largest float
_OTHER_SIZE = 200  # a macro, a loop, a cycler, a generator: repr() names the type only
#: How many times longer than its input a filter's result may be: escaping, case mapping, quoting.
_FILTER_GROWTH = {
    "e": 6,
    "escape": 6,
    "forceescape": 6,
    "xmlattr": 6,
    "urlencode": 12,
    "tojson": 12,
    "pprint": 10,
    "upper": 3,
    "lower": 3,
    "title": 3,
    "capitalize": 3,
}
#: Stands for "no argument taken yet" while reading a printf-style format.
_NO_ARG = object()
#: Characters built so far by the render under way (`time_limit`); None outside one.
_SPENT: ContextVar[list[int] | None] = ContextVar("cchc_template_spent", default=None)


class TemplateTimeout(Exception):
    """The template's own code ran longer than MAX_SECONDS."""


def _too_big(what: str, limit: int = MAX_ITEMS) -> SecurityError:
    return SecurityError(f"{what} vượt giới hạn {limit} phần tử/ký tự")


def _check_numbers(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_ITEMS:
            raise _too_big(f"{name}(…{repr(value)[:24]}…)")


def _allow(what: str, size: int) -> None:
    """Refuse building a value of `size` characters (or items): longer than MAX_OUTPUT, or more than
    what is left of the render's MAX_BUILT."""
    if size > MAX_OUTPUT:
        raise _too_big(what, MAX_OUTPUT)
    spent = _SPENT.get()
    if spent is not None and spent[0] + size > MAX_BUILT:
        raise _too_big(f"{what}: tổng giá trị mẫu Word tạo ra", MAX_BUILT)


def _spend(what: str, size: int) -> None:
    """Count a value of `size` characters (or items) built by the render under way (`_allow`)."""
    _allow(what, size)
    spent = _SPENT.get()
    if spent is not None:
        spent[0] += size


def _size(value: object, quoted: bool = False, limit: int = MAX_OUTPUT) -> int:
    """An upper bound on the characters str() of `value` prints (repr() if `quoted`, as for the items
    of a list), an item counted as often as it occurs, found without printing it; once past `limit`,
    some number above it."""
    seen: dict[int, int] = {}

    def size(item: object, quoted: bool) -> int:
        if isinstance(item, str):
            if not quoted:
                return len(item)
            return 2 * len(item) + 2 if item.isprintable() else 10 * len(item) + 2
        if isinstance(item, (bytes, bytearray)):
            return 4 * len(item) + 3
        if item is None or isinstance(item, bool):
            return 5
        if isinstance(item, int):
            return item.bit_length() // 3 + 2
        if isinstance(item, float):
            return _FLOAT_SIZE
        if isinstance(item, Namespace):
            parts: Iterable[object] = object.__getattribute__(item, "_Namespace__attrs").items()
        elif isinstance(item, dict):
            parts = item.items()
        elif isinstance(item, (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)):
            parts = item
        else:
            return _OTHER_SIZE
        if id(item) in seen:
            return seen[id(item)]
        seen[id(item)] = limit + 1  # a list inside itself prints "[...]", but is not worth printing
        total = 16
        for part in parts:
            total += size(part, True) + 2
            if total > limit:
                total = limit + 1
                break
        seen[id(item)] = total
        return total

    return size(value, quoted)


def _spec_numbers(what: str, spec: str) -> int:
    """The widths and precisions of a format spec, added; refused above MAX_ITEMS."""
    total = 0
    for digits in re.findall(r"\d+", spec):
        number = int(digits) if len(digits) <= 6 else MAX_ITEMS + 1
        if number > MAX_ITEMS:
            raise _too_big(f"định dạng {what[:40]!r} (độ rộng {digits[:12]})")
        total += number
    return total


def _field_size(value: object, spec_numbers: int) -> int:
    """An upper bound on the length of `value` formatted with widths and precisions adding up to
    `spec_numbers` (a number's digits may be grouped)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return spec_numbers + 2 * _size(value) + 2
    return spec_numbers + _size(value)


def _printf_size(fmt: str | bytes, values: Any) -> int:
    """An upper bound on the length of `fmt % values`, widths and precisions refused above MAX_ITEMS.

    Conversions are read as Python reads them, left to right; at one Python refuses (an unknown
    conversion, missing arguments), the estimate stops: Python raises there, building nothing more.
    """
    text = fmt.decode("latin-1") if isinstance(fmt, bytes) else fmt
    grows = 6 if isinstance(fmt, Markup) else 1  # Markup escapes what it prints
    positional = list(values) if isinstance(values, tuple) else [values]
    total, used, end = len(text), 0, 0
    while (start := text.find("%", end)) >= 0 and total <= MAX_OUTPUT:
        end, arg = start + 1, _NO_ARG
        if text.startswith("(", end):
            depth, end = 1, end + 1
            while end < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            try:
                arg = values[text[start + 2 : end - 1]]
            except Exception:
                break
        match = _PRINTF.match(text, end)
        if match is None or match.group(3) not in _CONVERSIONS:
            break
        end = match.end()
        numbers = 0
        for part in match.group(1, 2):
            if part == "*":
                if used >= len(positional) or not isinstance(positional[used], int):
                    return total
                part, used = str(abs(positional[used])), used + 1
            numbers += _spec_numbers(text, part) if part else 0
        conversion = match.group(3)
        if conversion == "%":
            total += numbers + 1
            continue
        if arg is _NO_ARG:
            if used >= len(positional):
                break
            arg, used = positional[used], used + 1
        if conversion in "ra":
            total += grows * (numbers + _size(arg, quoted=True))
        else:
            total += grows * _field_size(arg, numbers)
    return total


def _joined_size(separator: object, items: Any) -> int:
    """An upper bound on the length of `separator` put between `items` (a list or tuple)."""
    count = len(items)
    grows = 6 if isinstance(separator, Markup) or any(hasattr(item, "__html__") for item in items) else 1
    return grows * (_size(separator) * max(count - 1, 0) + sum(_size(item) for item in items))


def _check_replace(text: Any, args: tuple[Any, ...]) -> None:
    kind = bytes if isinstance(text, bytes) else str
    if isinstance(text, kind) and len(args) >= 2 and isinstance(args[0], kind) and isinstance(args[1], kind):
        old: Any = args[0]
        grows = max(0, len(args[1]) - len(old)) * (text.count(old) if old else len(text) + 1)
        if len(text) + grows > MAX_ITEMS and grows > 0:
            raise _too_big("replace")


def _method_size(name: str, text: str | bytes, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """An upper bound on the length of what `expandtabs` or `translate` of `text` builds: far longer
    than the string and the numbers they are given, at worst."""
    if name == "expandtabs":
        tabsize = args[0] if args else kwargs.get("tabsize", 8)
        tab = b"\t" if isinstance(text, bytes) else "\t"
        return len(text) + text.count(tab) * (tabsize if isinstance(tabsize, int) else 0)  # type: ignore[arg-type]
    if name == "translate" and args:
        table = args[0]
        replacements = table.values() if isinstance(table, dict) else table
        longest = max((len(r) for r in replacements if isinstance(r, (str, bytes))), default=1)
        return len(text) * max(longest, 1)
    return len(text)


def _safe_range(*args: int) -> range:
    _check_numbers("range", args, {})
    return range(*args)


_safe_range.__name__ = "range"


#: What Jinja passes first to some filters, before the value filtered.
_PASSED = (jinja2.runtime.Context, jinja2.Environment, jinja2.nodes.EvalContext)


def _argument(rest: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    """A filter's argument `name`, given at `index` after the value or by name."""
    return rest[index] if len(rest) > index else kwargs.get(name, default)


def _filter_size(name: str, value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """An upper bound on the length of what filter `name` builds of `value` (a list or tuple for
    `join`) with arguments `rest` and `kwargs`, after `value` itself was found no longer than
    MAX_OUTPUT."""
    if name == "format":  # soft_str(value) % (kwargs or args)
        return _printf_size(value if isinstance(value, str) else str(value), kwargs or rest)
    if name == "join":
        if _argument(rest, kwargs, 1, "attribute", None) is not None:
            value = [max(_size(item), _OTHER_SIZE) for item in value]
        return _joined_size(_argument(rest, kwargs, 0, "d", ""), value)
    if not isinstance(value, str):
        return _size(value) * _FILTER_GROWTH.get(name, 1)
    if name == "indent":
        width = _argument(rest, kwargs, 0, "width", 4)
        each = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        return len(value) + (len(value.splitlines()) + 1) * each
    if name == "wordwrap":
        # Wrapped to `width`, a line and the word that did not fit on it are longer than `width`:
        # a paragraph of n characters wraps to at most 2n/width + 1 lines.
        width = _argument(rest, kwargs, 0, "width", 79)
        wrapstring = _argument(rest, kwargs, 2, "wrapstring", None) or "\n"
        lines = 2 * len(value) // width + len(value.splitlines()) + 1 if isinstance(width, int) and width > 0 else 0
        return len(value) + lines * _size(wrapstring)
    if name == "urlize":  # each word may become a link printing its address twice, escaped
        extra = sum(_size(_argument(rest, kwargs, i, key, None) or "") for i, key in ((2, "target"), (3, "rel")))
        return 6 * len(value) + (len(value.split()) + 1) * (extra + 80)
    return len(value) * _FILTER_GROWTH.get(name, 1)


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        lead = 0  # the Context, Environment or EvalContext Jinja passes first to some filters
        while lead < len(args) and isinstance(args[lead], _PASSED):
            lead += 1
        values = args[lead:]
        _check_numbers(name, tuple(values[1:]), kwargs)
        if values:
            value = values[0]
            _allow(name, _size(value))
            if name == "join" and not isinstance(value, (str, list, tuple)):
                value = list(value)  # measured before joined: an iterator is read once
                args = (*args[:lead], value, *values[1:])
            if name == "replace":
                _check_replace(value, tuple(values[1:]))
            what = f"định dạng {str(value)[:40]!r}" if name == "format" else name
            _allow(what, _filter_size(name, value, tuple(values[1:]), kwargs))
        result = func(*args, **kwargs)
        if isinstance(result, (str, bytes, list, tuple)):
            _spend(name, len(result))
        return result

    return bounded


def _printed(value: Any) -> Any:
    """Jinja's `finalize`: each value `{{ }}` prints, in the output or in a macro or block, counted
    (`_spend`) before it is converted to a string."""
    _spend("giá trị in ra", _size(value))
    return value


class _BoundedFormatter(SandboxedFormatter):
    """The sandbox's `str.format`, measuring each field before formatting it: widths and precisions
    (nested `{w}` ones resolved) refused above MAX_ITEMS, and the result bounded (`_allow`)."""

    grows = 1

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self._format = format_string
        self._built = len(format_string)
        _allow(self._what(), self._built)
        return super().vformat(format_string, args, kwargs)

    def _what(self) -> str:
        return f"định dạng {self._format[:40]!r}"

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:  # !s, !r, !a print the value before it is formatted
            _allow(self._what(), self._built + _size(value, quoted=conversion != "s"))
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        self._built += self.grows * _field_size(value, _spec_numbers(self._format, format_spec))
        _allow(self._what(), self._built)
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
        measured: no longer than MAX_OUTPUT, and counted (`_spend`)."""
        chunks, size = [], 0
        for chunk in parts:
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise _too_big("văn bản mẫu tạo ra", MAX_OUTPUT)
            chunks.append(chunk)
        _spend("văn bản mẫu tạo ra", size)
        return "".join(chunks)

    def concat_operands(self, operands: tuple[Any, ...]) -> tuple[Any, ...]:
        """The operands of `~`, once the string they make is found small enough (`_spend`)."""
        grows = 6 if any(hasattr(operand, "__html__") for operand in operands) else 1  # Markup escapes the others
        _spend("phép nối ~", grows * sum(_size(operand) for operand in operands))
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
                        raise _too_big("phép nhân chuỗi/danh sách")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > _INT_BITS:
                raise SecurityError(f"phép nhân số vượt giới hạn {_INT_BITS} bit")
        elif operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)):
                if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > 1024:
                    raise _too_big("phép lũy thừa")
        elif operator == "%" and isinstance(left, (str, bytes)):
            _allow(f"định dạng {left[:40]!r}", _printf_size(left, right))
        elif operator == "+":
            kinds = (str, bytes, list, tuple)
            if isinstance(left, kinds) and isinstance(right, kinds):
                grows = 6 if isinstance(left, Markup) or isinstance(right, Markup) else 1  # Markup escapes the other
                _allow("phép cộng", grows * (len(left) + len(right)))
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, (str, bytes, list, tuple)):
            _spend(f"phép {operator}", len(result))
        return result

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, jinja2.Undefined):
            return super().call(__context, __obj, *args, **kwargs)
        name = getattr(__obj, "__name__", "hàm")
        _check_numbers(name, args, kwargs)
        # Jinja hands str.format over wrapped (measured by _BoundedFormatter); the string a method
        # belongs to is on the wrapped method.
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, (str, bytes)):
            if name == "replace":
                _check_replace(owner, args)
            if name == "join" and args:
                items = args[0] if isinstance(args[0], (str, bytes, list, tuple)) else list(args[0])
                args = (items, *args[1:])  # measured before joined: an iterator is read once
                _allow("join", _joined_size(owner, items))
            if name in ("expandtabs", "translate"):
                _allow(name, _method_size(name, owner, args, kwargs))
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, (str, bytes, list, tuple)):
            _spend(name, len(result))
        return result


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise TemplateTimeout in compiled template code that runs past `seconds` (MAX_SECONDS), and
    refuse what it builds past MAX_BUILT characters in all (`_spend`).

    Jinja compiles a template into Python code whose file name is "<template>"; a trace function
    limited to those frames checks the clock on each of their lines (a loop runs lines), so other
    code runs untraced. The clock is left out when a debugger or coverage tool already traces this
    thread; the count of characters built never is.
    """
    token = _SPENT.set([0])
    try:
        if sys.gettrace() is not None:
            yield
        else:
            with _clock(MAX_SECONDS if seconds is None else seconds):
                yield
    finally:
        _SPENT.reset(token)


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


class TemplateMisuse(Exception):
    """A template uses a subdocument in a way that cannot print it; the message says how to fix it."""


#: docxtpl's escapes: typed in a template, printed as the Jinja delimiter.
_ESCAPES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
#: Stand-ins for the escapes while Jinja runs: random per process, so no user text contains them,
#: yet the same build after build, so a template's parts are compiled once (_template_cache.py).
_SENTINELS = {f"cchcesc{secrets.token_hex(8)}x": printed for _, printed in _ESCAPES}


class SandboxedDocxTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl whose context never holds a docxtpl object, and whose escapes never touch user text.

    Subdocuments enter the context as opaque marker strings (`subdocument_marker`); their XML is
    spliced in where the marker was printed, after Jinja has run. docxtpl prints "{_{" typed in a
    template as "{{" by replacing it in the rendered XML, user text included: here the template's
    own escapes are swapped for random sentinels before rendering and back after, so a user field
    typed "{_{ x }_}" prints as typed.
    """

    def __init__(self, template_file: Any) -> None:
        super().__init__(template_file)
        self._token = secrets.token_hex(8)
        self._subdocuments: dict[str, str] = {}

    def subdocument_marker(self, name: str, subdocument: Any) -> str:
        """A plain string standing for `subdocument` in the context; "" for an empty one."""
        xml = str(subdocument)
        if not xml.strip():
            return ""
        marker = f"cchcsubdoc{self._token}{name}"
        self._subdocuments[marker] = xml
        return marker

    def patch_xml(self, src_xml: str) -> str:
        """docxtpl's patch_xml (a pure function of the XML), remembered for the XML seen lately, and
        between runs (_disk_cache.py)."""
        patched = _PATCHED.get(src_xml)
        if patched is None:
            patch = super().patch_xml
            patched = remembered("docxtpl-xml", src_xml, lambda: patch(src_xml), (docxtpl,), marshal)
            if len(_PATCHED) >= _PATCHED_KEPT:
                _PATCHED.clear()
            _PATCHED[src_xml] = patched
        return patched

    def printed_variables(self, jinja_env: Any) -> set[str]:
        """The names the body, headers and footers read from the context (what the page prints),
        from the parts compiled as rendering will compile them: with a compiling-once environment
        (_template_cache.py) rendering then reuses them."""
        parts = [self.get_xml()]
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            parts += [self.get_part_xml(part) for _, part in self.get_headers_footers(uri)]
        names: set[str] = set()
        for xml in parts:
            template = jinja_env.from_string(_jinja_source(self.patch_xml(xml)))
            names |= getattr(template, VARIABLES, frozenset())
        return names

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None) -> str:
        """docxtpl's render_xml_part, with the escapes and subdocuments handled as described above."""
        src_xml = _jinja_source(src_xml)
        self.current_rendering_part = part
        try:
            template = jinja_env.from_string(src_xml)
            dst_xml = _render_bounded(template, context)
        except Exception as exc:
            line = _template_line(exc)
            if line is not None:
                start = max(line - 4, 0)
                exc.docx_context = [re.sub(r"<[^>]+>", "", x) for x in src_xml.splitlines()[start : start + 7]]  # type: ignore[attr-defined]
            raise
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        for sentinel, printed in _SENTINELS.items():
            dst_xml = dst_xml.replace(sentinel, printed)
        dst_xml = self._splice_subdocuments(dst_xml)
        return str(self.resolve_listing(dst_xml))

    def _splice_subdocuments(self, xml: str) -> str:
        for marker, sub_xml in self._subdocuments.items():
            name = marker.removeprefix(f"cchcsubdoc{self._token}")
            if re.search(rf"<w:t(?:\s[^>]*)?>[^<]*{marker}", xml):
                fix = f"hãy viết {{{{p {name} }}}} trên một dòng riêng"
                raise TemplateMisuse(f"{{{{ {name} }}}} nằm giữa dòng chữ; {fix}")
            xml = xml.replace(marker, sub_xml)
        if self._token in xml.lower():
            tags = "{{p opening }}, {{p narrative }}, {{p closing }}"
            raise TemplateMisuse(f"opening, narrative, closing chỉ in được nguyên vẹn, bằng {tags}")
        return xml


def holds_sentinels(source: str) -> bool:
    """Whether `source` holds this process's stand-ins for escapes (a template typed with "{_{"):
    compiled, it serves this process only."""
    return any(sentinel in source for sentinel in _SENTINELS)


def _jinja_source(patched_xml: str) -> str:
    """What Jinja compiles of a part: the template's own escapes swapped for the sentinels, and each
    paragraph on its own line (docxtpl's way, so an error names a line of the template)."""
    for sentinel, (typed, _) in zip(_SENTINELS, _ESCAPES, strict=True):
        patched_xml = patched_xml.replace(typed, sentinel)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched_xml)


def _render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """`template.render(context)`, refused once its output passes MAX_OUTPUT characters."""
    chunks, size = [], 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise _too_big("văn bản mẫu tạo ra", MAX_OUTPUT)
        chunks.append(chunk)
    return "".join(chunks)


def _template_line(exc: BaseException) -> int | None:
    """The line of the template source where `exc` was raised, from its traceback."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
