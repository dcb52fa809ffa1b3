"""The Jinja environment a Word template runs in: plain strings in, bounded work, no way out.

A template is a file people pass around, so it is treated as untrusted code. It sees only plain
strings and lists of strings (bao_cao.template_context); this module bounds what it can compute:
no loader (`{% include %}`/`{% import %}` fail), no `lipsum`, `range` and every operator, method
or filter that builds a string or list from a number capped at MAX_ITEMS, and a wall-clock limit
on the template's own code.
"""

from __future__ import annotations

import marshal
import math
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterator, MutableMapping, Sized
from contextlib import contextmanager
from functools import wraps
from types import CodeType, FrameType
from typing import Any

import docxtpl
import jinja2
import jinja2.meta
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .._disk_cache import remembered

__all__ = [
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
#: The most characters of XML a template part may print (the shipped template prints about 0.1 MB).
MAX_OUTPUT = 20_000_000
#: How long a template's own code may run.
MAX_SECONDS = 5.0
#: Attribute of a template from `Sandbox.compile_source`: the names it reads from its context.
VARIABLES = "cchc_variables"
#: docxtpl's cleaned-up XML of template parts seen lately, by their XML (its regular expressions
#: over a whole body cost more than rendering it): at most this many.
_PATCHED_KEPT = 16
_PATCHED: dict[str, str] = {}
#: A format width or precision of this many digits or more builds a string over MAX_ITEMS.
_WIDE_FORMAT = re.compile(r"(%[-#0 +]*\d{6,})|(%[-#0 +]*\d*\.\d{6,})|(\{[^{}]*\d{6,}[^{}]*\})")


class TemplateTimeout(Exception):
    """The template's own code ran longer than MAX_SECONDS."""


def _too_big(what: str, limit: int = MAX_ITEMS) -> SecurityError:
    return SecurityError(f"{what} vượt giới hạn {limit} phần tử/ký tự")


def _check_numbers(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_ITEMS:
            raise _too_big(f"{name}(…{value!r}…)")


def _check_format(spec: object) -> None:
    if isinstance(spec, str) and _WIDE_FORMAT.search(spec):
        raise _too_big(f"định dạng {spec[:40]!r}")


def _length(value: object) -> int:
    return len(value) if isinstance(value, Sized) else 0


def _check_replace(text: object, args: tuple[Any, ...]) -> None:
    if isinstance(text, str) and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        grows = max(0, len(args[1]) - len(args[0])) * (text.count(args[0]) if args[0] else len(text) + 1)
        if len(text) + grows > MAX_ITEMS and grows > 0:
            raise _too_big("replace")


def _safe_range(*args: int) -> range:
    _check_numbers("range", args, {})
    return range(*args)


_safe_range.__name__ = "range"


#: What Jinja passes first to some filters, before the value filtered.
_PASSED = (jinja2.runtime.Context, jinja2.Environment, jinja2.nodes.EvalContext)


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not isinstance(a, _PASSED)]
        _check_numbers(name, tuple(values[1:]), kwargs)
        if name == "format" and values:
            _check_format(values[0])
        if name == "replace" and values:
            _check_replace(values[0], tuple(values[1:]))
        return func(*args, **kwargs)

    return bounded


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, strict and autoescaped, without loader or `lipsum`, and with size
    limits on the operations that can build huge values."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True, loader=jinja2.DictLoader({}))
        self.globals.pop("lipsum", None)
        self.globals["range"] = _safe_range
        self.filters = {name: _bounded_filter(name, func) for name, func in self.filters.items()}

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
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                    if len(seq) * count > MAX_ITEMS:
                        raise _too_big("phép nhân chuỗi/danh sách")
        elif operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)):
                if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > 1024:
                    raise _too_big("phép lũy thừa")
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
            values = right if isinstance(right, tuple) else (right,)
            _check_numbers("%", values, {})
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, jinja2.Undefined):
            return super().call(__context, __obj, *args, **kwargs)
        name = getattr(__obj, "__name__", "hàm")
        _check_numbers(name, args, kwargs)
        # Jinja hands str.format over wrapped; the string it belongs to is on the wrapped method.
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str):
            if name in ("format", "format_map"):
                _check_format(owner)
            if name == "replace":
                _check_replace(owner, args)
            if name == "join" and args and sum(_length(a) for a in args[0] if isinstance(a, str)) > MAX_ITEMS:
                raise _too_big("join")
        return super().call(__context, __obj, *args, **kwargs)


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise TemplateTimeout in compiled template code that runs past `seconds` (MAX_SECONDS).

    Jinja compiles a template into Python code whose file name is "<template>"; a trace function
    limited to those frames checks the clock on each of their lines (a loop runs lines), so other
    code runs untraced. Left out when a debugger or coverage tool already traces this thread.
    """
    if sys.gettrace() is not None:
        yield
        return
    limit = MAX_SECONDS if seconds is None else seconds
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
