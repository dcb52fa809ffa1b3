"""Atomic file output: write beside the target, then rename into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError, error_at


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `target`, then rename it over `target`.

    A failure leaves `target` exactly as it was and removes the temporary file.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(error_at(target.parent, None, f"không tạo được thư mục ({exc.strerror})")) from None
    fd, name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        try:
            write(tmp)
        except OSError as exc:
            raise OutputError(error_at(target, None, f"không ghi được tệp ({exc.strerror})")) from None
        replace_into(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def replace_into(tmp: Path, target: Path) -> None:
    """Rename a finished temporary file over `target`, naming `target` when that is refused."""
    try:
        os.replace(tmp, target)
    except PermissionError:
        raise OutputError(
            error_at(
                target,
                None,
                "không ghi đè được tệp (tệp đang mở trong chương trình khác hoặc chỉ đọc); hãy đóng tệp rồi chạy lại",
            )
        ) from None
    except OSError as exc:
        raise OutputError(error_at(target, None, f"không ghi được tệp ({exc.strerror})")) from None


def write_text_atomic(target: Path, text: str) -> None:
    """Write UTF-8 text atomically."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")

    write_atomic(target, write)
