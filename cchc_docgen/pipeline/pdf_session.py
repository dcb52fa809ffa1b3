"""One LibreOffice kept open across many conversions (`build --watch --pdf`), restarted if it dies.

`pdf.convert_batch` starts LibreOffice for one batch and lets it end: about 1.2 s of start-up each
time. A watch session converts a few documents at every save, so it keeps one office running with
a private profile in a temporary folder; each conversion launches `soffice --convert-to` with that
same profile, which hands the documents to the running office over its pipe and waits for them
(about 0.15 s a document instead of 1.2 s more). The office is kept from ending after a conversion
(a headless office ends when its last document closes) by one small document it holds open. Its
temporary files go to the session's folder (`pdf.office_env`); its single-instance pipe, which
LibreOffice always puts in /tmp, is removed when the office is stopped.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..core.errors import Diagnostic, OutputError
from .pdf import DEFAULT_TIMEOUT, Conversion, convert_in, kill_office, office_env, required_soffice, start_office

#: How long a starting office may take to open its document before conversions go ahead anyway
#: (a launched soffice then starts its own office and converts alone: slower, still correct).
_START_SECONDS = 60.0
_POLL_SECONDS = 0.02


class PdfSession:
    """A LibreOffice session for many `convert` calls; `close()` ends it and removes its files."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self.starts = 0  # offices started, for tests and messages
        self._work = Path(tempfile.mkdtemp(prefix="cchc-pdf-"))
        profile = (self._work / "profile").as_uri()
        self._profile = ["-env:UserInstallation=" + profile]
        self.pipe = office_pipe(profile)
        self._office: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> PdfSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def office_pid(self) -> int | None:
        """The running office's process id, or None."""
        return self._office.pid if self._office is not None and self._office.poll() is None else None

    def convert(self, conversions: Sequence[Conversion], source_suffix: str = "") -> list[Diagnostic]:
        """Convert every document with the running office (started, or started again, as needed);
        raise OutputError naming a failed target, after which the next call starts a fresh office."""
        if not conversions:
            return []
        soffice = required_soffice(conversions[0].shown)
        self._ensure_office(soffice)
        try:
            return convert_in(soffice, self._profile, self._work, conversions, self.timeout, source_suffix)
        except OutputError:
            self._stop_office()  # hung or broken: never hand it another document
            raise

    def close(self) -> None:
        """Stop the office and remove the session's folder."""
        self._stop_office()
        shutil.rmtree(self._work, ignore_errors=True)

    def _ensure_office(self, soffice: str) -> None:
        if self.office_pid is not None:
            return
        self._stop_office()
        keep = self._work / "keep.txt"
        keep.write_text("cchc-docgen\n", encoding="utf-8")
        opened = self._work / f".~lock.{keep.name}#"  # LibreOffice's lock file: the document is open
        opened.unlink(missing_ok=True)
        env = office_env(self._work)
        with open(self._work / "office.log", "wb") as log:
            try:
                self._office = start_office([soffice, *self._profile, "--headless", "--norestore", str(keep)], env, log)
            except OSError:
                self._office = None  # each conversion's soffice then runs an office of its own
                return
        self.starts += 1
        deadline = time.monotonic() + _START_SECONDS
        while not opened.exists() and self._office.poll() is None and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)

    def _stop_office(self) -> None:
        if self._office is not None:
            kill_office(self._office)
            self._office = None
            if self.pipe is not None:  # a killed office leaves its pipe behind
                self.pipe.unlink(missing_ok=True)


def office_pipe(profile: str) -> Path | None:
    """The single-instance pipe of an office run with the profile URL `profile` (POSIX: a socket
    in /tmp named after the MD5 of the URL in UTF-16), or None on Windows (a named pipe)."""
    if not hasattr(os, "getuid"):
        return None
    digest = hashlib.md5(profile.encode("utf-16-le"), usedforsecurity=False).digest()
    name = "".join(f"{byte:x}" for byte in digest)  # as LibreOffice writes it: no leading zeros
    return Path("/tmp") / f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{name}"
