"""All-or-nothing file output: stage beside the targets, then commit every rename or none.

How a commit works (`Commit.commit`), and why a run killed at any point is repaired by the next:

1. Every target is checked (not a folder, its folder writable), then a *journal* naming every
   (target, staged file, backup) is written, atomically, into each folder of the set.
2. Backup: each existing target is renamed to its backup name. A target that cannot be renamed
   (open in Word or Excel on Windows) stops the commit here; the backups made so far are renamed
   back, so every old output is as it was.
3. Install: each staged file is renamed onto its target. A failure here renames the backups back
   and removes new files that had no old one.
4. Clean-up: the backups are deleted, then the journals.

A run killed with SIGKILL leaves a journal. The next run that writes into that folder first
repairs the set from the files alone: if any staged file of the journal is still there, the
install had not finished, so it rolls back (backups renamed onto their targets, new targets
without an old one removed, and only then the staged files deleted, so that a repair that is
itself interrupted decides the same way next time); if none is left, every new file is in
place and it rolls forward (deletes the backups). Then it deletes its journals. Either way no
mixed old/new set survives. Temporary files are named `.cchc-PID-…`; those of a process that is
no longer running (and not named by a journal) are deleted as stale.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import msgspec

from .errors import Diagnostic, OutputError, error_at

PREFIX = ".cchc-"
#: Temporary names: .cchc-PID-RANDOM-NAME.tmp (staged), .bak (backup), .cchc-PID-RANDOM.journal.
_OWN_NAME = re.compile(r"^\.cchc-(\d+)-[0-9a-f]{8}(?:-.*)?\.(tmp|bak|journal|journal\.part)$")
#: Staged files of earlier versions: .cchc-RANDOM-NAME.tmp (tempfile.mkstemp, no process id).
_EARLIER_NAME = re.compile(r"^\.cchc-[a-z0-9_]{8}-.+\.tmp$")
#: Where a process cannot be asked whether it still runs, or for names without a process id
#: (earlier versions), a temporary file this old is stale.
STALE_AGE = 3600.0
#: Test-only: "STEP:N:FLAG" (STEP backup, install or cleanup) makes a commit create the file FLAG
#: and sleep after its N-th rename of that step, so that a test can kill it there.
PAUSE_VARIABLE = "CCHC_DOCGEN_TEST_PAUSE"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def normal_mode() -> int:
    """The permissions of a normally created file: 0666 less the umask."""
    return 0o666 & ~_umask()


class _Entry(msgspec.Struct):
    target: Path
    staged: Path | None  # None: the target is to be removed
    backup: Path | None = None  # set when the target existed at commit time


def _temp_name(folder: Path, suffix: str) -> Path:
    return folder / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}{suffix}"


def _pause(step: str, count: int) -> None:
    wanted = os.environ.get(PAUSE_VARIABLE)
    if wanted and wanted.startswith(f"{step}:{count}:"):
        Path(wanted.split(":", 2)[2]).touch()
        time.sleep(600)


class Commit:
    """Files staged beside their targets, and targets to remove, committed all or nothing."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self._targets: set[Path] = set()
        self._repaired: set[Path] = set()

    def reserve(self, target: Path) -> Path:
        """A new empty file beside `target` (normal permissions), renamed over it by commit()."""
        folder = self._prepare(target)
        staged = _temp_name(folder, f"-{target.name}.tmp")
        try:
            os.close(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError as exc:
            raise OutputError(error_at(folder, None, f"không tạo được tệp trong thư mục ({exc.strerror})")) from None
        self._add(_Entry(target, staged))
        return staged

    def remove(self, target: Path) -> None:
        """Delete `target` in the same commit (kept until every rename has succeeded)."""
        self._prepare(target)
        self._add(_Entry(target, None))

    def targets(self) -> list[Path]:
        """Every target of this commit, written or removed."""
        return [entry.target for entry in self.entries]

    def has_target(self, target: Path) -> bool:
        """Whether `target` is already written or removed by this commit."""
        return target in self._targets

    def _add(self, entry: _Entry) -> None:
        self.entries.append(entry)
        self._targets.add(entry.target)

    def _prepare(self, target: Path) -> Path:
        folder = target.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(error_at(folder, None, f"không tạo được thư mục ({exc.strerror})")) from None
        key = folder.resolve()
        if key not in self._repaired:
            self._repaired.add(key)
            repair_folder(folder)
        return folder

    def commit(self) -> list[Path]:
        """Put every staged file in place and remove the targets to remove; all or nothing.

        Return the targets written. On failure raise OutputError naming the target; every
        earlier file is then as it was before.
        """
        self._check_replaceable()
        mode = normal_mode()
        for entry in self.entries:
            if entry.staged is not None:
                _chmod(entry.staged, mode)
            if os.path.lexists(entry.target):
                entry.backup = _temp_name(entry.target.parent, f"-{entry.target.name}.bak")
        journals = self._write_journals()
        done: list[_Entry] = []
        try:
            for count, entry in enumerate((e for e in self.entries if e.backup is not None), start=1):
                assert entry.backup is not None
                _rename(entry.target, entry.backup, entry.target)
                done.append(entry)
                _pause("backup", count)
            installed: list[_Entry] = []
            try:
                for count, entry in enumerate((e for e in self.entries if e.staged is not None), start=1):
                    assert entry.staged is not None
                    _rename(entry.staged, entry.target, entry.target)
                    installed.append(entry)
                    _pause("install", count)
            except OutputError:
                for entry in installed:
                    if entry.backup is None:
                        entry.target.unlink(missing_ok=True)
                raise
        except OutputError as exc:
            problems = _restore(done)
            if not problems:
                _delete(journals)
            raise OutputError([*exc.diagnostics, *problems]) from None
        for count, entry in enumerate((e for e in self.entries if e.backup is not None), start=1):
            assert entry.backup is not None
            entry.backup.unlink(missing_ok=True)
            _pause("cleanup", count)
        _delete(journals)
        return [entry.target for entry in self.entries if entry.staged is not None]

    def discard(self) -> None:
        """Delete the staged files that were not committed."""
        for entry in self.entries:
            if entry.staged is not None:
                entry.staged.unlink(missing_ok=True)

    def _check_replaceable(self) -> None:
        for entry in self.entries:
            if entry.target.is_dir():
                raise OutputError(error_at(entry.target, None, "đã có một thư mục trùng tên tệp cần ghi"))
            if not os.access(entry.target.parent, os.W_OK):
                raise OutputError(error_at(entry.target.parent, None, "không có quyền ghi vào thư mục"))

    def _write_journals(self) -> list[Path]:
        record = {
            "pid": os.getpid(),
            "entries": [
                {
                    "target": str(e.target.absolute()),
                    "staged": str(e.staged.absolute()) if e.staged else None,
                    "backup": str(e.backup.absolute()) if e.backup else None,
                }
                for e in self.entries
            ],
        }
        text = json.dumps(record, ensure_ascii=False)
        journals: list[Path] = []
        name = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}.journal"
        for folder in dict.fromkeys(e.target.parent for e in self.entries):
            journal = folder / name
            part = folder / f"{name}.part"
            try:
                # No fsync: this guards against a killed run (SIGKILL, a closed window, a crash), whose
                # writes the system still completes; power loss is outside what it promises.
                part.write_text(text, encoding="utf-8")
                os.replace(part, journal)
            except OSError as exc:
                part.unlink(missing_ok=True)
                _delete(journals)
                raise OutputError(error_at(folder, None, f"không ghi được tệp ({exc.strerror})")) from None
            journals.append(journal)
        return journals


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:
        pass  # a file system without Unix permissions


def _rename(source: Path, destination: Path, named: Path) -> None:
    try:
        os.replace(source, destination)
    except PermissionError:
        raise OutputError(
            error_at(
                named,
                None,
                "không ghi đè được tệp (tệp đang mở trong chương trình khác hoặc chỉ đọc); hãy đóng tệp rồi chạy lại",
            )
        ) from None
    except OSError as exc:
        raise OutputError(error_at(named, None, f"không ghi được tệp ({exc.strerror})")) from None


def _restore(backed_up: Iterable[_Entry]) -> list[Diagnostic]:
    """Rename backups onto their targets; problems are reported, never raised."""
    problems = []
    for entry in backed_up:
        assert entry.backup is not None
        try:
            os.replace(entry.backup, entry.target)
        except OSError as exc:
            kept = f"bản cũ vẫn ở {entry.backup.name}, lần chạy sau sẽ thử lại"
            message = f"không khôi phục được tệp cũ ({exc.strerror}); {kept}"
            problems.append(error_at(entry.target, None, message))
    return problems


def _delete(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _process_is_running(pid: int) -> bool | None:
    """True or False where the system can tell without harm; None where it cannot."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_process_is_running(pid)  # os.kill there would end the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _windows_process_is_running(pid: int) -> bool | None:
    if sys.platform != "win32":
        return None
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # access denied: it runs, as another user
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return None
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _is_stale(path: Path) -> bool:
    match = _OWN_NAME.match(path.name)
    running = _process_is_running(int(match.group(1))) if match else None
    if running is not None:
        return not running
    try:
        return time.time() - path.stat().st_mtime > STALE_AGE
    except OSError:
        return False


def repair_folder(folder: Path) -> None:
    """Finish or undo commits of dead runs journaled in `folder`, then delete their stale temporary files."""
    try:
        names = [p for p in folder.iterdir() if _OWN_NAME.match(p.name) or _EARLIER_NAME.match(p.name)]
    except OSError:
        return
    for journal in sorted(p for p in names if p.name.endswith(".journal")):
        if _is_stale(journal):
            try:
                _recover(journal)
            except OSError as exc:
                message = (
                    f"không khôi phục được các tệp của lần chạy bị dừng trước ({exc.strerror});"
                    " hãy đóng các tệp đang mở rồi chạy lại"
                )
                raise OutputError(error_at(journal, None, message)) from None
    for path in names:
        if not path.name.endswith(".journal") and path.exists() and _is_stale(path):
            _delete([path])


def _optional_path(text: str | None) -> Path | None:
    return Path(text) if text else None


def _recover(journal: Path) -> None:
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        entries = [
            _Entry(Path(e["target"]), _optional_path(e["staged"]), _optional_path(e["backup"]))
            for e in record["entries"]
        ]
        name = journal.name
    except (OSError, ValueError, KeyError, TypeError):
        _delete([journal])  # unreadable: written only partly, before any rename
        return
    staged_left = [e.staged for e in entries if e.staged is not None and e.staged.exists()]
    if staged_left:
        # The install had not finished: put every old file back.
        for entry in entries:
            if entry.backup is not None and entry.backup.exists():
                os.replace(entry.backup, entry.target)
            elif entry.backup is None and entry.staged is not None and not entry.staged.exists():
                entry.target.unlink(missing_ok=True)  # new, and there was no old one
        _delete(staged_left)
    else:
        # Every new file is in place: finish the clean-up.
        _delete(e.backup for e in entries if e.backup is not None)
    _delete(dict.fromkeys(e.target.parent / name for e in entries))


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` on a temporary file beside `target`, then rename it over `target`.

    A failure leaves `target` exactly as it was and removes the temporary file.
    """
    commit = Commit()
    try:
        staged = commit.reserve(target)
        try:
            write(staged)
        except OSError as exc:
            raise OutputError(error_at(target, None, f"không ghi được tệp ({exc.strerror})")) from None
        commit.commit()
    finally:
        commit.discard()


def write_text_atomic(target: Path, text: str) -> None:
    """Write UTF-8 text atomically."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")

    write_atomic(target, write)
