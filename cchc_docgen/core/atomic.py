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

The journals, their signature and the repair are in `journal.py`.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

import msgspec

from .errors import Diagnostic, OutputError, error_at, os_reason
from .journal import PREFIX, delete, repair_folder, write_journals


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


def _temp_name(folder: Path, suffix: str, owner: int | None = None) -> Path:
    return folder / f"{PREFIX}{owner or os.getpid()}-{secrets.token_hex(4)}{suffix}"


def reserve_for(target: Path, owner: int) -> Path:
    """A new empty staged file beside `target`, named as process `owner`'s (a pool worker staging
    for the run that will commit it: the file is stale only once `owner` is gone); the owner's
    `Commit.adopt` takes it into its commit."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(error_at(folder, None, f"không tạo được tệp trong thư mục ({os_reason(exc)})")) from None
    return _create_staged(folder, target, owner)


def _create_staged(folder: Path, target: Path, owner: int | None = None) -> Path:
    """A new empty staged file for `target` in `folder` (normal permissions), named as `owner`'s."""
    staged = _temp_name(folder, f"-{target.name}.tmp", owner)
    try:
        os.close(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise OutputError(error_at(folder, None, f"không tạo được tệp trong thư mục ({os_reason(exc)})")) from None
    return staged


class Commit:
    """Files staged beside their targets, and targets to remove, committed all or nothing."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self._targets: set[Path] = set()
        self._repaired: set[Path] = set()

    def reserve(self, target: Path) -> Path:
        """A new empty file beside `target` (normal permissions), renamed over it by commit()."""
        staged = _create_staged(self._prepare(target), target)
        self._add(_Entry(target, staged))
        return staged

    def adopt(self, target: Path, staged: Path) -> None:
        """Take into this commit a file already staged for `target` (`reserve_for` this process)."""
        self._prepare(target)
        self._add(_Entry(target, staged))

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
            raise OutputError(error_at(folder, None, f"không tạo được thư mục ({os_reason(exc)})")) from None
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
        journals = write_journals([(e.target, e.staged, e.backup) for e in self.entries])
        done: list[_Entry] = []
        try:
            for entry in (e for e in self.entries if e.backup is not None):
                assert entry.backup is not None
                _rename(entry.target, entry.backup, entry.target)
                done.append(entry)
            installed: list[_Entry] = []
            try:
                for entry in (e for e in self.entries if e.staged is not None):
                    assert entry.staged is not None
                    _rename(entry.staged, entry.target, entry.target)
                    installed.append(entry)
            except OutputError:
                for entry in installed:
                    if entry.backup is None:
                        entry.target.unlink(missing_ok=True)
                raise
        except OutputError as exc:
            problems = _restore(done)
            if not problems:
                delete(journals)
            raise OutputError([*exc.diagnostics, *problems]) from None
        for entry in (e for e in self.entries if e.backup is not None):
            assert entry.backup is not None
            entry.backup.unlink(missing_ok=True)
        delete(journals)
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
            if _read_only(entry.target):
                # Windows refuses to replace a read-only file; a rename elsewhere ignores the file's
                # own mode (and root ignores every mode). The file was marked read-only to keep it.
                raise OutputError(
                    error_at(
                        entry.target,
                        None,
                        "tệp chỉ đọc (read-only), không ghi đè; hãy bỏ thuộc tính chỉ đọc của tệp rồi chạy lại",
                    )
                )


def _read_only(path: Path) -> bool:
    """Whether `path` is a regular file no one may write (the read-only attribute on Windows)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


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
        raise OutputError(error_at(named, None, f"không ghi được tệp ({os_reason(exc)})")) from None


def _restore(backed_up: Iterable[_Entry]) -> list[Diagnostic]:
    """Rename backups onto their targets; problems are reported, never raised."""
    problems = []
    for entry in backed_up:
        assert entry.backup is not None
        try:
            os.replace(entry.backup, entry.target)
        except OSError as exc:
            kept = f"bản cũ vẫn ở {entry.backup.name}, lần chạy sau sẽ thử lại"
            message = f"không khôi phục được tệp cũ ({os_reason(exc)}); {kept}"
            problems.append(error_at(entry.target, None, message))
    return problems


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
            raise OutputError(error_at(target, None, f"không ghi được tệp ({os_reason(exc)})")) from None
        commit.commit()
    finally:
        commit.discard()


def write_text_atomic(target: Path, text: str) -> None:
    """Write UTF-8 text atomically."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")

    write_atomic(target, write)
