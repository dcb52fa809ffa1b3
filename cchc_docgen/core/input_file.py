"""What every command first asks of a file it reads: that it is there, is a file, and can be opened.

One place for the messages, so that a report, a workbook and a blank form are refused alike:
missing, a folder, a device or FIFO (which would never end or would block), or a name the system
will not open (a link loop, a name too long)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError, error_at, os_reason

NOT_REGULAR = "đây không phải một tệp thông thường (thiết bị, FIFO…)"


def input_stat(path: Path, expected: str) -> os.stat_result:
    """The status of the file `path`; InputError with one located message when it is missing, a
    folder (named against the `expected` kind of file, e.g. "tệp Excel .xlsx"), not a regular file,
    or cannot be looked at."""
    try:
        info = path.stat()
    except OSError as exc:
        raise read_failure(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(error_at(path, None, f"đây là một thư mục, không phải {expected}"))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(error_at(path, None, NOT_REGULAR))
    return info


def read_failure(path: Path, exc: OSError) -> InputError:
    """The one located message for a file the system would not let be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return InputError(error_at(path, None, "không tìm thấy tệp"))
    if isinstance(exc, PermissionError):
        return InputError(error_at(path, None, "không có quyền đọc tệp"))
    return InputError(error_at(path, None, f"không đọc được tệp ({os_reason(exc)})"))
