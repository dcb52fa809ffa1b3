"""Diagnostics and the one exception family the tool raises for user mistakes."""

from __future__ import annotations

import errno
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path

import msgspec

from .vnformat import format_number


class Severity(Enum):
    """How serious a diagnostic is; the value is the word printed."""

    ERROR = "lỗi"
    WARNING = "cảnh báo"


class Diagnostic(msgspec.Struct, frozen=True):
    """One problem found in an input file, located by file and line."""

    file: str
    line: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        # One line per diagnostic, whatever text a message quotes.
        return f"{where}: {self.severity.value}: {' '.join(self.message.splitlines())}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class CchcError(Exception):
    """Base of every error caused by input, forms, templates or output."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | Diagnostic | str) -> None:
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("cchc-docgen", None, Severity.ERROR, diagnostics)]
        elif isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class InputError(CchcError):
    """A report file cannot be read or is invalid."""


class FormError(CchcError):
    """An appendix form file is missing or malformed."""


class TemplateError(CchcError):
    """A Word template is missing or fails to render."""


class OutputError(CchcError):
    """An output file cannot be written or converted."""


def error_at(path: Path | str, line: int | None, message: str) -> Diagnostic:
    """An error diagnostic for `path` at `line`."""
    return Diagnostic(str(path), line, Severity.ERROR, message)


def warning_at(path: Path | str, line: int | None, message: str) -> Diagnostic:
    """A warning diagnostic for `path` at `line`."""
    return Diagnostic(str(path), line, Severity.WARNING, message)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A Vietnamese "did you mean" hint for a misspelt key, or ''."""
    import difflib  # only when a word is unknown

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (có phải ý bạn là '{close[0]}'?)" if close else ""


#: Problems of one kind shown before "… và N lỗi tương tự".
SHOWN_SIMILAR = 20


#: What two messages of one kind differ in: the names and numbers they quote.
@functools.cache
def _similar() -> re.Pattern[str]:
    """Quoted names and numbers: what two messages of one kind differ by (compiled when first needed)."""
    return re.compile(r"'[^']*'|\d+")


def cap_similar(diagnostics: Sequence[Diagnostic], path: Path, shown: int = SHOWN_SIMILAR) -> list[Diagnostic]:
    """At most `shown` diagnostics of each kind (the same message but for the names and numbers it
    quotes), then one "… và N lỗi tương tự": a sheet with thousands of bad rows prints a screenful."""
    kinds = [_similar().sub("…", diagnostic.message) for diagnostic in diagnostics]
    totals = Counter(kinds)
    seen: Counter[str] = Counter()
    result = []
    for diagnostic, kind in zip(diagnostics, kinds, strict=True):
        seen[kind] += 1
        if seen[kind] <= shown:
            result.append(diagnostic)
        if seen[kind] == shown and totals[kind] > shown:
            result.append(error_at(path, None, f"… và {format_number(totals[kind] - shown)} lỗi tương tự"))
    return result


_OS_REASONS = {
    errno.ENOENT: "không tìm thấy tệp",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không có quyền",
    errno.ELOOP: "liên kết tượng trưng lặp vòng",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EBUSY: "tệp đang bị chương trình khác dùng",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused to open or read a file, in Vietnamese for the usual reasons."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
