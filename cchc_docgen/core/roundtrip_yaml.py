"""Round-trip YAML editing (ruamel.yaml): change some values, keep every comment and the layout."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml as libyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import CommentMark, MarkedYAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.tokens import CommentToken

from .errors import InputError, error_at
from .located_yaml import LONGEST_NUMBER, _Parser, load_located
from .text_file import read_text

__all__ = [
    "CommentMark",
    "CommentToken",
    "CommentedMap",
    "dump_roundtrip",
    "load_roundtrip",
    "load_roundtrip_keeping",
    "newline_of",
]


def _represent_none(representer: RoundTripRepresenter, _data: None) -> Any:
    """Blank values are written `~` (the project's way of saying "not reported"), never as nothing."""
    return representer.represent_scalar("tag:yaml.org,2002:null", "~")


_TAG = "tag:yaml.org,2002:"


class _AsTyped(str):
    """A plain scalar that resolves to a number or a date it cannot be: kept, and written back
    unquoted, exactly as typed, as the strict loader keeps it as text."""

    tag = ""


class _LongInt(_AsTyped):
    """An integer longer than LONGEST_NUMBER (int() of thousands of digits is slow, then refused)."""

    tag = _TAG + "int"


class _LongFloat(_AsTyped):
    """A decimal number longer than LONGEST_NUMBER."""

    tag = _TAG + "float"


class _NoDate(_AsTyped):
    """A date or time that does not exist: "0000-01-01", "2023-02-30"."""

    tag = _TAG + "timestamp"


class _Constructor(RoundTripConstructor):
    """ruamel.yaml's, except for the scalars of `_AsTyped`, which stay text."""

    def construct_yaml_int(self, node: Any) -> Any:
        return _LongInt(node.value) if len(node.value) > LONGEST_NUMBER else super().construct_yaml_int(node)

    def construct_yaml_float(self, node: Any) -> Any:
        return _LongFloat(node.value) if len(node.value) > LONGEST_NUMBER else super().construct_yaml_float(node)

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return _NoDate(node.value)


_Constructor.add_constructor(_LongInt.tag, _Constructor.construct_yaml_int)
_Constructor.add_constructor(_LongFloat.tag, _Constructor.construct_yaml_float)
_Constructor.add_constructor(_NoDate.tag, _Constructor.construct_yaml_timestamp)


def _represent_as_typed(representer: RoundTripRepresenter, data: _AsTyped) -> Any:
    return representer.represent_scalar(data.tag, str(data))  # plain: it resolves to its tag again


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a long paragraph
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), _represent_none)
    for kind in (_LongInt, _LongFloat, _NoDate):
        yaml.representer.add_representer(kind, _represent_as_typed)
    return yaml


def load_roundtrip(path: Path) -> CommentedMap:
    """The report at `path` as editable round-trip data; the strict loader vets it first."""
    return load_roundtrip_keeping(path, ())[0]


#: The value a top-level entry set aside as text has in the round-trip data, until it is put back.
_KEPT = "cchc-docgen-kept-as-typed"
#: Line breaks other than "\n" (libyaml counts lines by them too): a file with one is not split by lines.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def load_roundtrip_keeping(path: Path, keys: Sequence[str]) -> tuple[CommentedMap, dict[str, str]]:
    """As `load_roundtrip`, with the top-level entries `keys` set aside as text, never parsed by
    ruamel.yaml: each one's lines (its key line, its value, and the comment lines up to the next
    key) come back exactly as they were typed when the data is dumped with them.

    ruamel.yaml reads and writes about 1 µs a character in pure Python, and does it twice: most
    of a long report is its narrative, which `init --from` copies unchanged, so it is kept as text.
    An entry that cannot be cut out by lines is parsed as usual.
    """
    text = read_text(path)
    load_located(path, text)  # duplicate keys, aliases, limits: the same errors as `check`
    text = text.replace("\r\n", "\n")
    kept: dict[str, str] = {}
    spans = _top_level_lines(text, keys)
    if spans:
        lines = text.split("\n")
        for key, (first, end) in sorted(spans.items(), key=lambda item: -item[1][0]):
            kept[key] = "\n".join(lines[first:end]) + "\n"
            lines[first:end] = [f"{key}: {_KEPT}"]
        text = "\n".join(lines)
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(error_at(path, line, f"lỗi cú pháp YAML: {exc.problem}")) from None
    if not isinstance(data, CommentedMap):
        raise InputError(error_at(path, 1, "tệp báo cáo phải là các nhóm trường agency, period, document, …"))
    return data, kept


def _top_level_lines(text: str, keys: Sequence[str]) -> dict[str, tuple[int, int]]:
    """The lines [first, end) of each top-level entry named in `keys`: from its key's line to the
    next key's (or the end of the text); {} when the text is not a block mapping whose keys start
    their lines, or uses line breaks other than "\n"."""
    if not keys or any(mark in text for mark in _OTHER_BREAKS):
        return {}
    starts: list[tuple[str, int]] = []
    depth, is_key = 0, False
    for event in libyaml.parse(text, Loader=_Parser):
        if isinstance(event, (libyaml.MappingStartEvent, libyaml.SequenceStartEvent)):
            if depth == 0 and (isinstance(event, libyaml.SequenceStartEvent) or event.flow_style):
                return {}
            if depth <= 1:
                is_key = True  # the document's mapping, or a collection as a top-level value: a key is next
            depth += 1
        elif isinstance(event, (libyaml.MappingEndEvent, libyaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, libyaml.ScalarEvent) and depth == 1:
            if is_key:
                mark = event.start_mark
                if mark is None or mark.column != 0:
                    return {}
                starts.append((event.value, mark.line))
            is_key = not is_key
    lines = text.count("\n") + (not text.endswith("\n"))  # the final line break ends the last line
    spans = {}
    for index, (key, first) in enumerate(starts):
        if key in keys:
            spans[key] = (first, starts[index + 1][1] if index + 1 < len(starts) else lines)
    return spans


def dump_roundtrip(data: CommentedMap, newline: str = "\n", kept: Mapping[str, str] | None = None) -> str:
    """The YAML text of `data`, with the comments and layout it was read with, lines ended by
    `newline`; the entries `kept` by `load_roundtrip_keeping` go back in as they were typed."""
    out = io.StringIO()
    _yaml().dump(data, out)
    text = out.getvalue()
    for key, lines in (kept or {}).items():
        placeholder = f"{key}: {_KEPT}\n"
        at = text.find(placeholder)
        if at < 0 or (at > 0 and text[at - 1] != "\n") or text.count(placeholder) != 1:
            raise RuntimeError(f"the entry '{key}' kept as text has no single place in the written YAML")
        text = text[:at] + lines + text[at + len(placeholder) :]
    return text.replace("\n", newline)


def newline_of(path: Path) -> str:
    """The line ending a text file uses: "\r\n" for a file saved on Windows that way, else "\n"."""
    with path.open("rb") as stream:
        return "\r\n" if b"\r\n" in stream.read(64 * 1024) else "\n"
