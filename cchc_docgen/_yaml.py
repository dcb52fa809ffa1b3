"""Safe YAML loading that keeps the line of every node and refuses duplicate keys."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, InputError, error_at

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Report and form files are small; anything bigger is a mistake (or an attack).
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Upper bound on YAML nodes, so a crafted file cannot exhaust memory.
MAX_NODES = 200_000

_NUMBER_TAGS = ("tag:yaml.org,2002:float", "tag:yaml.org,2002:int")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

PathKey = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"

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
}


@dataclass
class Located:
    """Plain YAML data plus the line of each node, keyed by its path."""

    path: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, *key: str | int) -> int | None:
        """The line of the node at `key`, or of its nearest located parent."""
        probe: PathKey = tuple(key)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, with clear Vietnamese errors for the usual mistakes."""
    try:
        if path.is_dir():
            raise InputError(error_at(path, None, "đây là một thư mục, không phải tệp YAML"))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                error_at(
                    path,
                    None,
                    f"tệp quá lớn ({size // 1024} KB); giới hạn là {MAX_FILE_BYTES // 1024} KB",
                )
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(error_at(path, None, "không tìm thấy tệp")) from None
    except PermissionError:
        raise InputError(error_at(path, None, "không có quyền đọc tệp")) from None
    except OSError as exc:
        raise InputError(error_at(path, None, f"không đọc được tệp ({exc.strerror})")) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            error_at(
                path,
                None,
                "tệp được lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8)",
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = "Windows-1258" if _looks_like_cp1258(raw) else "không phải UTF-8"
        raise InputError(
            error_at(
                path,
                line,
                f"tệp không phải mã UTF-8 (có vẻ là {guess}); hãy mở bằng Notepad và lưu lại với Mã hóa: UTF-8",
            )
        ) from None
    if not text.strip():
        raise InputError(error_at(path, None, "tệp rỗng"))
    return text


def _looks_like_cp1258(raw: bytes) -> bool:
    try:
        raw.decode("cp1258")
    except UnicodeDecodeError:
        return False
    return True


def load_located(path: Path, text: str | None = None) -> Located:
    """Parse `path` (or `text` read from it) into data with lines; raise InputError."""
    if text is None:
        text = read_text(path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        message = next((vi for en, vi in _PROBLEMS_VI.items() if problem.startswith(en)), problem)
        source_lines = text.splitlines()
        if line is not None and 0 < line <= len(source_lines) and "\t" in source_lines[line - 1]:
            message = _PROBLEMS_VI["found a tab character that violates indentation"]
        raise InputError(error_at(path, line, f"lỗi cú pháp YAML: {message}")) from None
    except yaml.YAMLError as exc:
        raise InputError(error_at(path, None, f"lỗi cú pháp YAML: {exc}")) from None
    located = Located(path, None)
    if node is None:
        raise InputError(error_at(path, None, "tệp rỗng"))
    builder = _Builder(path, located.lines)
    located.data = builder.build(node, ())
    if builder.errors:
        raise InputError(builder.errors)
    return located


class _Builder:
    """Turns a composed node tree into plain Python data, recording lines."""

    def __init__(self, path: Path, lines: dict[PathKey, int]) -> None:
        self.path = path
        self.lines = lines
        self.errors: list[Diagnostic] = []
        self.constructor = _Loader("")
        self.seen: set[int] = set()
        self.count = 0

    def build(self, node: yaml.Node, key: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError(error_at(self.path, node.start_mark.line + 1, "tệp có quá nhiều phần tử"))
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            # A node reached twice is an alias (*name): refused, which also stops alias bombs.
            raise InputError(
                error_at(
                    self.path,
                    node.start_mark.line + 1,
                    "không hỗ trợ neo/bí danh YAML (&, *); hãy viết đầy đủ nội dung",
                )
            )
        self.seen.add(id(node))
        self.lines[key] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*key, i)) for i, child in enumerate(node.value)]
        # Most scalars are text: skip the constructor's dispatch for them (the value is the same).
        value = node.value if node.tag == _STR_TAG else self.constructor.construct_object(node, deep=True)
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
            if _CONTROL.search(value):
                # Quoted escapes ("\x01") can smuggle in characters a Word file cannot hold.
                self.errors.append(
                    error_at(
                        self.path,
                        node.start_mark.line + 1,
                        "có ký tự điều khiển không hợp lệ (thường do dán từ nơi khác); hãy xóa ký tự đó",
                    )
                )
        return value

    def _mapping(self, node: yaml.MappingNode, key: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.errors.append(error_at(self.path, line, "khóa không hợp lệ (chỉ dùng tên trường)"))
                continue
            name = str(self.constructor.construct_object(key_node))
            if key_node.tag in _NUMBER_TAGS:
                # Keys are names: "1.10" stays "1.10" (as a number it would be 1.1, colliding with "1.1").
                name = key_node.value
            if name in result:
                first = self.lines.get((*key, name))
                self.errors.append(
                    error_at(
                        self.path,
                        line,
                        f"khóa '{name}' bị lặp (đã có ở dòng {first});"
                        " giá trị sau sẽ đè giá trị trước — hãy xóa một trong hai",
                    )
                )
                continue
            child: PathKey = (*key, name)
            self.lines[child] = line
            result[name] = self.build(value_node, child)
            self.lines[child] = line
        return result
