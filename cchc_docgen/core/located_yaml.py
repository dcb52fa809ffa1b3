"""Safe YAML loading that keeps the line and typed text of every node and refuses duplicate keys."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import msgspec
import yaml

from .errors import Diagnostic, InputError, error_at
from .text_file import CONTROL, read_text

_Parser: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

#: Upper bound on YAML nodes, so a crafted file cannot exhaust memory.
MAX_NODES = 200_000
#: No report nests deeper than a dozen levels; deeper is a mistake or an attack on the parser.
MAX_DEPTH = 64
TOO_DEEP = f"các mục lồng nhau quá sâu (quá {MAX_DEPTH} cấp)"

_CONTROL_MESSAGE = "có ký tự điều khiển không hợp lệ (thường do dán từ nơi khác); hãy xóa ký tự đó"

# The scalars read as something other than text. Numbers are decimal as typed ("010" is ten,
# "08" is eight); yes/no/on/off stay text (YAML 1.1 would read them as booleans).
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+|\.[0-9]+[eE][-+]?[0-9]+)$")
_SPECIAL_FLOAT = {".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan, ".inf": math.inf, "+.inf": math.inf}
_SPECIAL_FLOAT.update({"-.inf": -math.inf, ".Inf": math.inf, "-.Inf": -math.inf, ".INF": math.inf})
_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
#: A plain scalar longer than this is never read as a number: no figure has that many digits, and
#: converting a long digit string costs time quadratic in its length (Python refuses past 4 300
#: digits). It stays text as typed; where a number belongs, the report parser refuses it, located.
LONGEST_NUMBER = 100
_TAG = "tag:yaml.org,2002:"

PathKey = tuple[str | int, ...]

_PROBLEMS_VI = {
    "mapping values are not allowed": "không được dùng dấu ':' ở đây (hãy đặt đoạn văn có dấu ':' trong dấu ngoặc kép)",
    "could not find expected ':'": "thiếu dấu ':' sau tên trường",
    "found character '\\t' that cannot start any token": "có ký tự tab; YAML chỉ thụt lề bằng dấu cách",
    "found a tab character that violates indentation": "có ký tự tab; YAML chỉ thụt lề bằng dấu cách",
    "found unexpected end of stream": "tệp kết thúc khi chuỗi trong ngoặc kép chưa đóng",
    "did not find expected key": "thụt lề không đúng hoặc thiếu dấu ':'",
    "did not find expected '-' indicator": "thụt lề của danh sách '- ' không đúng",
    "found unknown escape character": "có ký tự '\\' không hợp lệ trong chuỗi ngoặc kép"
    " (dùng ngoặc đơn hoặc viết '\\\\')",
    "found undefined alias": "dùng bí danh YAML (*) chưa được định nghĩa",
    "found character that cannot start any token": "có ký tự không được đứng đầu một giá trị"
    " (như @, `, %); hãy đặt giá trị trong dấu ngoặc kép",
    "did not find expected node content": "thiếu giá trị (hãy đặt đoạn văn trong dấu ngoặc kép)",
    "did not find expected ',' or ']'": "danh sách [ … ] thiếu dấu ',' hoặc ']'",
    "did not find expected ',' or '}'": "nhóm { … } thiếu dấu ',' hoặc '}'",
    "found unexpected ':'": "không được dùng dấu ':' ở đây (hãy đặt đoạn văn có dấu ':' trong dấu ngoặc kép)",
    "did not find expected <document start>": "có chữ thừa ở cuối một giá trị hoặc dòng bị thụt lề sai"
    " (hãy kiểm tra thụt lề và đặt đoạn văn trong dấu ngoặc kép)",
    "mapping keys are not allowed": "không được có tên trường ở đây (kiểm tra thụt lề và dấu ':')",
    "block sequence entries are not allowed": "không được có mục '- ' ở đây (kiểm tra thụt lề)",
    "did not find expected comment or line break": "có chữ thừa sau giá trị (hãy đặt cả đoạn trong dấu ngoặc kép)",
    "found undefined tag handle": "thẻ YAML (!) không hợp lệ; hãy đặt giá trị có dấu '!' trong dấu ngoặc kép",
    "did not find expected whitespace or line break": "thiếu dấu cách hoặc xuống dòng",
    "found incomplete explicit document end": "dòng '...' không hợp lệ",
    "found invalid Unicode character escape code": "mã ký tự (\\u…, \\U…) không hợp lệ trong chuỗi ngoặc kép"
    " (dùng ngoặc đơn hoặc viết '\\\\')",
    "did not find expected hexdecimal number": "mã ký tự (\\x…, \\u…) không hợp lệ trong chuỗi ngoặc kép"
    " (dùng ngoặc đơn hoặc viết '\\\\')",
    "could not find expected directive name": "dòng bắt đầu bằng '%' không hợp lệ; hãy đặt giá trị trong dấu ngoặc kép",
    "did not find expected alphabetic or numeric character": "neo, bí danh hay thẻ YAML (&, *, !) không hợp lệ;"
    " hãy đặt giá trị trong dấu ngoặc kép",
    "did not find expected tag URI": "thẻ YAML (!) không hợp lệ; hãy đặt giá trị có dấu '!' trong dấu ngoặc kép",
    "did not find the expected '>'": "thẻ YAML (!<…>) không hợp lệ; hãy đặt giá trị có dấu '!' trong dấu ngoặc kép",
}
#: Said of a syntax problem libyaml names in words this table does not have yet.
_UNKNOWN_PROBLEM = "cú pháp không hợp lệ ở dòng này (chi tiết của thư viện YAML: {})"

_ANCHOR_MESSAGE = "không hỗ trợ neo/bí danh YAML (&, *); hãy viết đầy đủ nội dung"


class Located(msgspec.Struct):
    """Plain YAML data plus the line and the typed text of each node, keyed by its path."""

    path: Path
    data: Any
    lines: dict[PathKey, int] = msgspec.field(default_factory=dict)
    texts: dict[PathKey, str] = msgspec.field(default_factory=dict)

    def line(self, *key: str | int) -> int | None:
        """The line of the node at `key`, or of its nearest located parent."""
        probe: PathKey = tuple(key)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)

    def text(self, *key: str | int) -> str | None:
        """The scalar at `key` exactly as typed (NFC), or None when it is not a scalar."""
        return self.texts.get(tuple(key))


def load_located(path: Path, text: str | None = None) -> Located:
    """Parse `path` (or `text` read from it) into data with lines; raise InputError."""
    if text is None:
        text = read_text(path)
    located = Located(path, None)
    builder = _Builder(path, located)
    try:
        builder.run(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        if problem.startswith("exceeded maximum nesting depth"):
            # libyaml ≥ 0.2.6 (PyYAML 6.0.4 wheels) stops at 1000 levels while scanning, before the
            # builder's MAX_DEPTH check sees the events; the same limit, so the same message.
            raise InputError(error_at(path, line, TOO_DEEP)) from None
        message = next(
            (vi for en, vi in _PROBLEMS_VI.items() if problem.startswith(en)), _UNKNOWN_PROBLEM.format(problem)
        )
        source_lines = text.splitlines()
        if line is not None and 0 < line <= len(source_lines) and "\t" in source_lines[line - 1]:
            message = _PROBLEMS_VI["found a tab character that violates indentation"]
        raise InputError(error_at(path, line, f"lỗi cú pháp YAML: {message}")) from None
    except yaml.YAMLError as exc:
        raise InputError(error_at(path, None, f"lỗi cú pháp YAML: {exc}")) from None
    if builder.errors:
        raise InputError(builder.errors)
    if builder.empty:
        raise InputError(error_at(path, None, "tệp rỗng"))
    return located


class _Frame:
    """A mapping or sequence being built: its value, path, and the pending key of a mapping."""

    __slots__ = ("key", "pending", "skip", "value")

    def __init__(self, value: dict[str, Any] | list[Any], key: PathKey, skip: bool) -> None:
        self.value = value
        self.key = key
        self.pending: str | None = None  # a mapping's key waiting for its value
        self.skip = skip  # built only to be thrown away (a duplicate or invalid key's value)


class _Builder:
    """Builds plain data from the parser's event stream, iteratively, recording lines and texts.

    Working on events (not a composed tree) refuses an anchor, an alias or too deep nesting
    the moment it appears, before any of it is expanded, and never recurses.
    """

    def __init__(self, path: Path, located: Located) -> None:
        self.path = path
        self.located = located
        self.errors: list[Diagnostic] = []
        self.count = 0
        self.documents = 0
        self.empty = True
        self.stack: list[_Frame] = []

    def fail(self, line: int, message: str) -> InputError:
        return InputError([*self.errors, error_at(self.path, line, message)])

    def run(self, events: Any) -> None:
        for event in events:
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self.fail(line, "tệp chỉ được có một phần YAML; hãy xóa dòng '---' ở giữa tệp")
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise self.fail(line, _ANCHOR_MESSAGE)
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                self.place(self.stack.pop().value, None)
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            self.count += 1
            if self.count > MAX_NODES:
                raise self.fail(line, "tệp có quá nhiều phần tử")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self.start_collection(event, line)
            else:
                self.scalar(event, line)

    def target(self) -> tuple[PathKey | None, bool]:
        """The path the next node goes to (None for a mapping key) and whether it is discarded."""
        if not self.stack:
            return (), False
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.key, len(frame.value)), frame.skip
        if frame.pending is None:
            return None, frame.skip
        return (*frame.key, frame.pending), frame.skip or frame.pending == _SKIP

    def start_collection(self, event: Any, line: int) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(line, TOO_DEEP)
        key, skip = self.target()
        kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
        if event.tag not in (None, "!", _TAG + kind):
            self.errors.append(error_at(self.path, line, f"không hỗ trợ thẻ YAML '{event.tag}'; hãy bỏ thẻ đó"))
            skip = True
        if key is None:  # a list or mapping used as a key ("? [a]", "[a]: b")
            self.errors.append(error_at(self.path, line, "khóa không hợp lệ (chỉ dùng tên trường)"))
            frame = self.stack[-1]
            frame.pending, skip, key = _SKIP, True, (*frame.key, _SKIP)
        if not skip:
            self.located.lines.setdefault(key, line)
        value: dict[str, Any] | list[Any] = {} if kind == "map" else []
        self.stack.append(_Frame(value, key, skip))

    def scalar(self, event: Any, line: int) -> None:
        text = unicodedata.normalize("NFC", event.value)
        key, skip = self.target()
        if key is None:
            self.key(text, event, line)
            return
        if not skip:
            self.located.lines.setdefault(key, line)
            self.located.texts[key] = text
        value = self.construct(text, event, line)
        if not skip and isinstance(value, str) and CONTROL.search(value):
            # Quoted escapes ("\x01") can smuggle in characters a Word file cannot hold.
            self.errors.append(error_at(self.path, line, _CONTROL_MESSAGE))
        self.place(value, line)

    def key(self, name: str, event: Any, line: int) -> None:
        frame = self.stack[-1]
        assert isinstance(frame.value, dict)
        if event.tag not in (None, "!", _TAG + "str") or name == "<<":
            self.errors.append(error_at(self.path, line, "khóa không hợp lệ (chỉ dùng tên trường)"))
            frame.pending = _SKIP
            return
        if name in frame.value:
            first = self.located.lines.get((*frame.key, name))
            self.errors.append(
                error_at(
                    self.path,
                    line,
                    f"khóa '{name}' bị lặp (đã có ở dòng {first});"
                    " giá trị sau sẽ đè giá trị trước — hãy xóa một trong hai",
                )
            )
            frame.pending = _SKIP
            return
        frame.pending = name
        if not frame.skip:
            child: PathKey = (*frame.key, name)
            self.located.lines[child] = line

    def place(self, value: Any, line: int | None) -> None:
        """Put a finished node into its parent (or make it the document)."""
        self.empty = False
        if not self.stack:
            self.located.data = value
            self.empty = value is None
            return
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(value)
        elif frame.pending is not None:
            if frame.pending != _SKIP:
                frame.value[frame.pending] = value
            frame.pending = None

    def construct(self, text: str, event: Any, line: int) -> Any:
        """The value of a scalar: plain scalars by the rules above, quoted ones are text."""
        tag = event.tag
        if tag in (None, "!"):
            return _plain(text) if event.implicit[0] else text
        if tag == _TAG + "str":
            return text
        known = {_TAG + name for name in ("null", "bool", "int", "float", "timestamp")}
        value = _plain(text)
        if tag in known and tag == _TAG + _kind(value):
            return value
        self.errors.append(error_at(self.path, line, f"không hỗ trợ thẻ YAML '{tag}'; hãy bỏ thẻ đó"))
        return text


_SKIP = "\x00skip"  # the pending key of a value that is read but not kept


def _plain(text: str) -> Any:
    """A plain (unquoted) scalar: null, true/false, a decimal number, a date, or text as typed."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if len(text) <= LONGEST_NUMBER:
        if _INT.match(text):
            return int(text, 10)
        if _FLOAT.match(text):
            return float(text)
    if text in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text]
    date = _DATE.match(text)
    if date:
        try:
            return dt.date(int(date.group(1)), int(date.group(2)), int(date.group(3)))
        except ValueError:
            return text  # "2023-02-30": the date field reports it, quoting it as typed
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.date):
        return "timestamp"
    return "str"
