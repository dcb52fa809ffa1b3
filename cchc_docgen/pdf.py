"""DOCX → PDF with LibreOffice (soffice --headless), with a timeout and clear messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import OutputError, error_at

DEFAULT_TIMEOUT = 180


def find_soffice() -> str | None:
    """The LibreOffice executable, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        Path("C:/Program Files/LibreOffice/program/soffice.exe"),
        Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
    ):
        if candidate.exists():
            return str(candidate)
    return None


def convert_to_pdf(source: Path, target: Path, timeout: float = DEFAULT_TIMEOUT, source_suffix: str = ".docx") -> None:
    """Convert `source` (a .docx, or whatever `source_suffix` says) into the PDF file `target`."""
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(
            error_at(
                target,
                None,
                "không tìm thấy LibreOffice (soffice) để tạo PDF; hãy cài LibreOffice hoặc bỏ tùy chọn --pdf",
            )
        )
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as work:
        work_dir = Path(work)
        staged = work_dir / f"document{source_suffix}"
        shutil.copyfile(source, staged)
        # A private profile: works while the user has LibreOffice open, and never touches theirs.
        profile = (work_dir / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir),
            str(staged),
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, timeout=timeout, check=False, env={**os.environ, "HOME": str(work_dir)}
            )
        except subprocess.TimeoutExpired:
            raise OutputError(
                error_at(
                    target,
                    None,
                    f"LibreOffice không trả lời sau {int(timeout)} giây; chưa tạo được PDF"
                    " (hãy đóng các cửa sổ LibreOffice bị treo rồi chạy lại)",
                )
            ) from None
        except OSError as exc:
            raise OutputError(error_at(target, None, f"không chạy được LibreOffice ({exc.strerror})")) from None
        produced = work_dir / "document.pdf"
        if completed.returncode != 0 or not produced.exists() or produced.stat().st_size == 0:
            detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise OutputError(error_at(target, None, f"LibreOffice không tạo được PDF {detail[0]}".strip()))
        shutil.copyfile(produced, target)
