"""Printing Vietnamese on any console: legacy code pages (cp1258, cp437 …) never raise UnicodeEncodeError."""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata
from collections.abc import Callable

#: Prefix of the codec error handlers installed on stdout/stderr when they do not use UTF-8.
ERROR_HANDLER_PREFIX = "cchc_docgen.best_fit."


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def best_fit(char: str, encoding: str) -> str:
    """The closest text to `char` that `encoding` can write, '?' when there is none.

    Windows-1258 stores Vietnamese as a base letter plus combining tone marks ("ệ" = "ê" + dot below),
    so a precomposed letter is decomposed and recomposed as far as the code page allows; other code pages
    fall back to the bare letter ("ệ" → "e") rather than a question mark.
    """
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], list(decomposed[1:])
    # Fold into the base letter each mark the code page has a composed letter for (e + ̂ → ê) …
    for mark in list(marks):
        composed = unicodedata.normalize("NFC", base + mark)
        if len(composed) == 1 and _encodable(composed, encoding):
            base = composed
            marks.remove(mark)
    if not _encodable(base, encoding):
        base = _FALLBACK.get(base, "?")
    # … and keep the others as combining marks where the code page has them (ê + ̣ → ệ in cp1258).
    return base + "".join(mark for mark in marks if _encodable(mark, encoding))


_FALLBACK = {"đ": "d", "Đ": "D"}


def _handler_for(encoding: str) -> Callable[[UnicodeError], tuple[str, int]]:
    # The error names the codec family ("charmap"), not the code page, so each encoding gets its own handler.
    def handler(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        text = error.object[error.start : error.end]
        return "".join(best_fit(char, encoding) for char in text), error.end

    return handler


def error_handler(encoding: str) -> str:
    """The name of a registered codec error handler that writes best-fit text for `encoding`."""
    name = f"{ERROR_HANDLER_PREFIX}{encoding}"
    try:
        codecs.lookup_error(name)
    except LookupError:
        codecs.register_error(name, _handler_for(encoding))
    return name


def make_streams_safe() -> None:
    """Let stdout and stderr write any text, replacing what their encoding cannot hold."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        encoding = codecs.lookup(stream.encoding).name
        # Python's defaults: "strict" (or "surrogateescape" on POSIX) raises on a letter the encoding lacks,
        # stderr's "backslashreplace" prints "\u1ec7"; a handler the user chose is kept.
        if encoding.startswith("utf") or stream.errors not in ("strict", "surrogateescape", "backslashreplace"):
            continue
        stream.reconfigure(errors=error_handler(encoding))
