"""What a template may build: the caps, the count of what a render builds, and sizes bounded before building."""

from __future__ import annotations

import functools
import re
from collections.abc import ItemsView, Iterable, Iterator, KeysView, ValuesView
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace
from markupsafe import Markup

__all__ = [
    "MAX_BUILT",
    "MAX_ITEMS",
    "MAX_OUTPUT",
    "allow",
    "check_numbers",
    "check_replace",
    "counting",
    "field_size",
    "filter_size",
    "joined_size",
    "method_size",
    "printed_size",
    "printf_size",
    "spec_numbers",
    "spend",
    "too_big",
]

#: The largest number a template may pass to range(), a filter or a method, and the longest
#: string or list it may build with `*`, `%` or a method call.
MAX_ITEMS = 100_000
#: The most characters of XML a template part may print (the shipped template prints about 0.1 MB),
#: and the longest string (or list) a template may build by any means.
MAX_OUTPUT = 20_000_000
#: The most characters (and list items) one render may build in all, what it prints included.
MAX_BUILT = 50_000_000


@functools.cache
def _printf() -> re.Pattern[str]:
    """What a printf-style conversion looks like after "%" and its "(key)": flags, width, precision,
    length modifier, conversion (Python's own grammar, so a conversion it refuses is refused here
    too); compiled when a template first formats with "%", not on every import."""
    return re.compile(r"[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.DOTALL)


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
#: Characters built so far by the render under way (`counting`, as `time_limit` runs); None outside one.
_SPENT: ContextVar[list[int] | None] = ContextVar("cchc_template_spent", default=None)


def too_big(what: str, limit: int = MAX_ITEMS) -> SecurityError:
    return SecurityError(f"{what} vượt giới hạn {limit} phần tử/ký tự")


def check_numbers(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_ITEMS:
            raise too_big(f"{name}(…{repr(value)[:24]}…)")


def allow(what: str, size: int) -> None:
    """Refuse building a value of `size` characters (or items): longer than MAX_OUTPUT, or more than
    what is left of the render's MAX_BUILT."""
    if size > MAX_OUTPUT:
        raise too_big(what, MAX_OUTPUT)
    spent = _SPENT.get()
    if spent is not None and spent[0] + size > MAX_BUILT:
        raise too_big(f"{what}: tổng giá trị mẫu Word tạo ra", MAX_BUILT)


def spend(what: str, size: int) -> None:
    """Count a value of `size` characters (or items) built by the render under way (`allow`)."""
    allow(what, size)
    spent = _SPENT.get()
    if spent is not None:
        spent[0] += size


def printed_size(value: object, quoted: bool = False, limit: int = MAX_OUTPUT) -> int:
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


def spec_numbers(what: str, spec: str) -> int:
    """The widths and precisions of a format spec, added; refused above MAX_ITEMS."""
    total = 0
    for digits in re.findall(r"\d+", spec):
        number = int(digits) if len(digits) <= 6 else MAX_ITEMS + 1
        if number > MAX_ITEMS:
            raise too_big(f"định dạng {what[:40]!r} (độ rộng {digits[:12]})")
        total += number
    return total


def field_size(value: object, spec_numbers: int) -> int:
    """An upper bound on the length of `value` formatted with widths and precisions adding up to
    `spec_numbers` (a number's digits may be grouped)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return spec_numbers + 2 * printed_size(value) + 2
    return spec_numbers + printed_size(value)


def printf_size(fmt: str | bytes, values: Any) -> int:
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
        match = _printf().match(text, end)
        if match is None or match.group(3) not in _CONVERSIONS:
            break
        end = match.end()
        numbers = 0
        for part in match.group(1, 2):
            if part == "*":
                if used >= len(positional) or not isinstance(positional[used], int):
                    return total
                part, used = str(abs(positional[used])), used + 1
            numbers += spec_numbers(text, part) if part else 0
        conversion = match.group(3)
        if conversion == "%":
            total += numbers + 1
            continue
        if arg is _NO_ARG:
            if used >= len(positional):
                break
            arg, used = positional[used], used + 1
        if conversion in "ra":
            total += grows * (numbers + printed_size(arg, quoted=True))
        else:
            total += grows * field_size(arg, numbers)
    return total


def joined_size(separator: object, items: Any) -> int:
    """An upper bound on the length of `separator` put between `items` (a list or tuple)."""
    count = len(items)
    grows = 6 if isinstance(separator, Markup) or any(hasattr(item, "__html__") for item in items) else 1
    return grows * (printed_size(separator) * max(count - 1, 0) + sum(printed_size(item) for item in items))


def check_replace(text: Any, args: tuple[Any, ...]) -> None:
    kind = bytes if isinstance(text, bytes) else str
    if isinstance(text, kind) and len(args) >= 2 and isinstance(args[0], kind) and isinstance(args[1], kind):
        old: Any = args[0]
        grows = max(0, len(args[1]) - len(old)) * (text.count(old) if old else len(text) + 1)
        if len(text) + grows > MAX_ITEMS and grows > 0:
            raise too_big("replace")


def method_size(name: str, text: str | bytes, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
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


@contextmanager
def counting() -> Iterator[None]:
    """Count what is built from here on (`spend`) as one render, towards MAX_BUILT."""
    token = _SPENT.set([0])
    try:
        yield
    finally:
        _SPENT.reset(token)


def _argument(rest: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    """A filter's argument `name`, given at `index` after the value or by name."""
    return rest[index] if len(rest) > index else kwargs.get(name, default)


def filter_size(name: str, value: Any, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """An upper bound on the length of what filter `name` builds of `value` (a list or tuple for
    `join`) with arguments `rest` and `kwargs`, after `value` itself was found no longer than
    MAX_OUTPUT."""
    if name == "format":  # soft_str(value) % (kwargs or args)
        return printf_size(value if isinstance(value, str) else str(value), kwargs or rest)
    if name == "join":
        if _argument(rest, kwargs, 1, "attribute", None) is not None:
            value = [max(printed_size(item), _OTHER_SIZE) for item in value]
        return joined_size(_argument(rest, kwargs, 0, "d", ""), value)
    if not isinstance(value, str):
        return printed_size(value) * _FILTER_GROWTH.get(name, 1)
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
        return len(value) + lines * printed_size(wrapstring)
    if name == "urlize":  # each word may become a link printing its address twice, escaped
        extra = sum(printed_size(_argument(rest, kwargs, i, key, None) or "") for i, key in ((2, "target"), (3, "rel")))
        return 6 * len(value) + (len(value.split()) + 1) * (extra + 80)
    return len(value) * _FILTER_GROWTH.get(name, 1)
