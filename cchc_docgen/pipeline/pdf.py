"""DOCX → PDF with LibreOffice (soffice --headless): one session per batch, a timeout, clear messages."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import msgspec

from ..core.errors import Diagnostic, OutputError, error_at, warning_at

#: Seconds LibreOffice may go without finishing a document before it is taken as hung
#: (`build --pdf-timeout`, or the environment variable CCHC_DOCGEN_PDF_TIMEOUT).
DEFAULT_TIMEOUT = 180


def timeout_of(seconds: float | None) -> float:
    """The seconds to wait for LibreOffice: `--pdf-timeout` when given, else DEFAULT_TIMEOUT."""
    return DEFAULT_TIMEOUT if seconds is None else seconds
#: How often the running session is looked at (its exit and the PDFs it has written so far).
_POLL_SECONDS = 0.05


class Conversion(msgspec.Struct, frozen=True):
    """One document to convert: `source` (.docx, or any file LibreOffice opens) into the PDF `target`.

    `named` is the file messages name (the final output, when `target` is a staged temporary file).
    """

    source: Path
    target: Path
    named: Path | None = None

    @property
    def shown(self) -> Path:
        return self.named or self.target


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


def required_soffice(named: Path) -> str:
    """The LibreOffice executable; OutputError at `named` when there is none."""
    soffice = find_soffice()
    if soffice is None:
        message = "không tìm thấy LibreOffice (soffice) để tạo PDF; hãy cài LibreOffice hoặc bỏ tùy chọn --pdf"
        raise OutputError(error_at(named, None, message))
    return soffice


def convert_batch(
    conversions: Sequence[Conversion], timeout: float = DEFAULT_TIMEOUT, source_suffix: str = ""
) -> list[Diagnostic]:
    """Convert every document to PDF in one LibreOffice session; raise OutputError naming a failed target.
    Return a warning when the PDFs were set in another font than Times New Roman (not installed).

    The session runs with a private profile in a temporary folder (it works while the user has
    LibreOffice open and never touches their settings); it is killed, with every process it
    started, when it goes `timeout` seconds without finishing a document. The temporary folder
    is removed in every case. `source_suffix` overrides the suffix LibreOffice sees.
    """
    if not conversions:
        return []
    soffice = required_soffice(conversions[0].shown)
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as work:
        work_dir = Path(work)
        profile = ["-env:UserInstallation=" + (work_dir / "profile").as_uri()]
        return convert_in(soffice, profile, work_dir, conversions, timeout, source_suffix)


def convert_in(
    soffice: str,
    profile: list[str],
    work_dir: Path,
    conversions: Sequence[Conversion],
    timeout: float,
    source_suffix: str,
) -> list[Diagnostic]:
    """One `soffice --convert-to pdf` of every document, in fresh `in`/`out` folders of `work_dir`.

    `profile` names LibreOffice's user profile: when an office with that profile is already running
    (`pdf_session.PdfSession`), the launched soffice hands the documents to it and waits.
    """
    sources, produced = work_dir / "in", work_dir / "out"
    for folder in (sources, produced):
        shutil.rmtree(folder, ignore_errors=True)
    sources.mkdir()
    staged = []
    for index, conversion in enumerate(conversions):
        # Short unique names: LibreOffice names each PDF after its source.
        copy = sources / f"d{index:05d}{source_suffix or conversion.source.suffix}"
        shutil.copyfile(conversion.source, copy)
        staged.append(copy)
    command = [soffice, *profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(produced)]
    log = work_dir / "soffice.log"
    returncode = _run_session([*command, *map(str, staged)], work_dir, produced, log, len(staged), timeout, conversions)
    for conversion, copy in zip(conversions, staged, strict=True):
        pdf = produced / f"{copy.stem}.pdf"
        if returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            detail = log.read_text("utf-8", "replace").strip().splitlines()[-1:] or [""]
            message = f"LibreOffice không tạo được PDF {detail[0]}".strip()
            raise OutputError(error_at(conversion.shown, None, message))
        shutil.copyfile(pdf, conversion.target)
    return font_warnings(conversions, [produced / f"{copy.stem}.pdf" for copy in staged])


#: The font Nghị định 30/2020 requires, as PDF files name it (/BaseFont /ABCDEF+TimesNewRomanPS-BoldMT).
_REQUIRED_FONT = "TimesNewRoman"
_BASE_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9,_-]+)")
_FONT_HELP = (
    "hãy cài phông Times New Roman rồi chạy lại (Windows và macOS có sẵn; Debian/Ubuntu:"
    " sudo apt install ttf-mscorefonts-installer, hoặc chép các tệp times*.ttf vào ~/.local/share/fonts)"
)


def pdf_fonts(pdf: Path) -> set[str]:
    """The fonts a PDF embeds or names, without subset prefixes ("LiberationSerif-Bold")."""
    return {name.decode("ascii", "replace") for name in _BASE_FONT.findall(pdf.read_bytes())}


def font_warnings(conversions: Sequence[Conversion], pdfs: Sequence[Path]) -> list[Diagnostic]:
    """One warning, at the first PDF set without Times New Roman, naming the font it uses instead."""
    for conversion, pdf in zip(conversions, pdfs, strict=True):
        fonts = pdf_fonts(pdf)
        if fonts and not any(name.replace("-", "").startswith(_REQUIRED_FONT) for name in fonts):
            used = ", ".join(sorted({name.split("-")[0].split(",")[0] for name in fonts}))
            message = (
                f"máy này không có phông Times New Roman nên LibreOffice dùng phông thay thế {used} trong PDF"
                f" (Nghị định 30/2020 yêu cầu Times New Roman; tệp Word vẫn ghi Times New Roman); {_FONT_HELP}"
            )
            return [warning_at(conversion.shown, None, message)]
    return []


def _run_session(
    command: list[str],
    work_dir: Path,
    produced: Path,
    log: Path,
    count: int,
    timeout: float,
    conversions: Sequence[Conversion],
) -> int:
    """Run LibreOffice until it exits; kill it (and its children) when a document takes over `timeout` s."""
    env = office_env(work_dir)
    with open(log, "wb") as output:
        try:
            process = start_office(command, env, output)
        except OSError as exc:
            raise OutputError(
                error_at(conversions[0].shown, None, f"không chạy được LibreOffice ({exc.strerror})")
            ) from None
        try:
            done, last_progress = 0, time.monotonic()
            while process.poll() is None:
                try:
                    process.wait(_POLL_SECONDS)
                except subprocess.TimeoutExpired:
                    pass
                finished = _count_pdfs(produced)
                if finished > done:
                    done, last_progress = finished, time.monotonic()
                elif time.monotonic() - last_progress > timeout:
                    waiting = conversions[min(done, count - 1)].shown
                    raise OutputError(
                        error_at(
                            waiting,
                            None,
                            f"LibreOffice không trả lời sau {timeout:g} giây; chưa tạo được PDF"
                            " (hãy đóng các cửa sổ LibreOffice bị treo rồi chạy lại, hoặc cho chờ lâu hơn"
                            " với --pdf-timeout)",
                        )
                    )
            return process.returncode
        finally:
            kill_office(process)


def office_env(work_dir: Path) -> dict[str, str]:
    """LibreOffice's environment: its home and temporary files inside `work_dir`, removed with it."""
    return {**os.environ, "HOME": str(work_dir), "TMPDIR": str(work_dir)}


def start_office(command: list[str], env: dict[str, str], output: BinaryIO) -> subprocess.Popen[bytes]:
    """Start LibreOffice in its own process group, so a hung session can be killed whole."""
    windows = sys.platform == "win32"
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        env=env,
        creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) if windows else 0,
        start_new_session=not windows,
    )


def _count_pdfs(folder: Path) -> int:
    try:
        return sum(1 for entry in os.scandir(folder) if entry.name.endswith(".pdf"))
    except FileNotFoundError:
        return 0


def kill_office(process: subprocess.Popen[bytes]) -> None:
    """Kill whatever of the session is still running (the launcher and the office process it forks)."""
    if sys.platform == "win32":
        if process.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    process.wait()
