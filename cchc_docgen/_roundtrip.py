"""Round-trip YAML editing (ruamel.yaml): change some values, keep every comment and the layout."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark, MarkedYAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.tokens import CommentToken

from ._yaml import load_located, read_text
from .errors import InputError, error_at

__all__ = ["CommentMark", "CommentToken", "CommentedMap", "dump_roundtrip", "load_roundtrip", "newline_of"]


def _represent_none(representer: RoundTripRepresenter, _data: None) -> Any:
    """Blank values are written `~` (the project's way of saying "not reported"), never as nothing."""
    return representer.represent_scalar("tag:yaml.org,2002:null", "~")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a long paragraph
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), _represent_none)
    return yaml


def load_roundtrip(path: Path) -> CommentedMap:
    """The report at `path` as editable round-trip data; the strict loader vets it first."""
    text = read_text(path)
    load_located(path, text)  # duplicate keys, aliases, limits: the same errors as `check`
    try:
        data = _yaml().load(text.replace("\r\n", "\n"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(error_at(path, line, f"lỗi cú pháp YAML: {exc.problem}")) from None
    if not isinstance(data, CommentedMap):
        raise InputError(error_at(path, 1, "tệp báo cáo phải là các nhóm trường agency, period, document, …"))
    return data


def dump_roundtrip(data: CommentedMap, newline: str = "\n") -> str:
    """The YAML text of `data`, with the comments and layout it was read with, lines ended by `newline`."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue().replace("\n", newline)


def newline_of(path: Path) -> str:
    """The line ending a text file uses: "\r\n" for a file saved on Windows that way, else "\n"."""
    with path.open("rb") as stream:
        return "\r\n" if b"\r\n" in stream.read(64 * 1024) else "\n"
