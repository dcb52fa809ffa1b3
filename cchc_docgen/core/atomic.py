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

A journal is input like any other file of a shared folder, so recovery trusts only what this
user's tool wrote and touches only what that journal's own folder holds:
- it is signed (HMAC-SHA256) with a key of the user's kept beside the disk cache
  (`_disk_cache.user_key`); an unsigned, wrongly signed, malformed or oversized journal is
  reported in one line, deleted, and nothing it names is touched;
- it names files by their bare names in each folder of the set; a folder's files are repaired only
  where that folder holds the same journal, and only files named as this module names them
  (targets are plain names, staged and backup files `.cchc-PID-RANDOM-TARGET.tmp|.bak` of the
  journal's own process).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import msgspec

from .errors import Diagnostic, OutputError, error_at, warning_at

PREFIX = ".cchc-"
#: Temporary names: .cchc-PID-RANDOM-NAME.tmp (staged), .bak (backup), .cchc-PID-RANDOM.journal.
_OWN_NAME = re.compile(r"^\.cchc-(\d+)-[0-9a-f]{8}(?:-.*)?\.(tmp|bak|journal|journal\.part)$")
#: Staged files of earlier versions: .cchc-RANDOM-NAME.tmp (tempfile.mkstemp, no process id).
_EARLIER_NAME = re.compile(r"^\.cchc-[a-z0-9_]{8}-.+\.tmp$")
#: Where a process cannot be asked whether it still runs, or for names without a process id
#: (earlier versions), a temporary file this old is stale.
STALE_AGE = 3600.0
#: What a journal says it is; a journal of another format (an earlier version's) is not acted on.
JOURNAL_FORMAT = "cchc-docgen journal 2"
#: A journal is a few hundred bytes a file; one larger than this was not written by a commit.
_JOURNAL_LIMIT = 1 << 20
#: Notices of journals refused during this process, for the command line to print once.
_notices: list[Diagnostic] = []


def take_notices() -> list[Diagnostic]:
    """The warnings recovery has collected since the last call (refused journals)."""
    taken = list(_notices)
    _notices.clear()
    return taken


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
                _delete(journals)
            raise OutputError([*exc.diagnostics, *problems]) from None
        for entry in (e for e in self.entries if e.backup is not None):
            assert entry.backup is not None
            entry.backup.unlink(missing_ok=True)
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
        name = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}.journal"
        folders: dict[Path, list[_Entry]] = {}
        for entry in self.entries:
            folders.setdefault(entry.target.parent, []).append(entry)
        record: dict[str, object] = {
            "format": JOURNAL_FORMAT,
            "name": name,
            "folders": [
                {
                    "folder": str(folder.absolute()),
                    "entries": [
                        [e.target.name, e.staged.name if e.staged else None, e.backup.name if e.backup else None]
                        for e in entries
                    ],
                }
                for folder, entries in folders.items()
            ],
        }
        text = _signed(record)
        journals: list[Path] = []
        for folder in folders:
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


def _canonical(record: dict[str, object]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _signed(record: dict[str, object]) -> str:
    """The journal text: the record and its HMAC under the user's key ("" where there is no key: such a
    journal still marks the folder, but no run acts on it)."""
    from .disk_cache import user_key

    key = user_key()
    mac = hmac.new(key, _canonical(record), hashlib.sha256).hexdigest() if key else ""
    return json.dumps({**record, "mac": mac}, ensure_ascii=False)


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


class _Refused(Exception):
    """A journal that is not a trusted journal of this tool: nothing it names is touched."""


#: (target, staged, backup) names of one folder's files.
_Names = tuple[str, str | None, str | None]


def _recover(journal: Path) -> None:
    """Repair the commit `journal` records, in every folder of the set that holds the same journal."""
    try:
        text = _read_journal(journal)
        sets = _trusted_sets(journal, text)
    except _Refused as refused:
        message = (
            f"đã bỏ qua và xóa tệp nhật ký không do chương trình ghi ra ({refused}); không tệp nào khác bị động đến"
        )
        _notices.append(warning_at(journal, None, message))
        _delete([journal])
        return
    for folder in sets:
        if folder / journal.name != journal and not _holds_same(folder / journal.name, text):
            # A folder of the set no longer holds this journal: the commit, or an earlier repair of it,
            # had finished every rename and was deleting its journals when it stopped.
            _delete([journal])
            return
    staged_left = [
        folder / staged
        for folder, entries in sets.items()
        for _target, staged, _backup in entries
        if staged is not None and (folder / staged).exists()
    ]
    if staged_left:
        # The install had not finished: put every old file back.
        for folder, entries in sets.items():
            for target, staged, backup in entries:
                if backup is not None and (folder / backup).exists():
                    os.replace(folder / backup, folder / target)
                elif backup is None and staged is not None and not (folder / staged).exists():
                    (folder / target).unlink(missing_ok=True)  # new, and there was no old one
        _delete(staged_left)
    else:
        # Every new file is in place: finish the clean-up.
        _delete(folder / backup for folder, entries in sets.items() for _t, _s, backup in entries if backup)
    _delete(folder / journal.name for folder in sets)


def _holds_same(path: Path, text: str) -> bool:
    try:
        return _read_journal(path) == text
    except _Refused:
        return False


def _read_journal(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(_JOURNAL_LIMIT + 1)
    except OSError as exc:
        raise _Refused(f"không đọc được: {exc.strerror}") from None
    if len(data) > _JOURNAL_LIMIT:
        raise _Refused("tệp quá lớn")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused("không phải văn bản UTF-8") from None


def _trusted_sets(journal: Path, text: str) -> dict[Path, list[_Names]]:
    """The folders of a journal this user's tool signed, each with the names of its files; the
    journal's own folder under the path it was found by. Anything else raises _Refused."""
    try:
        record = json.loads(text)
    except ValueError:
        raise _Refused("không đúng định dạng") from None
    if not isinstance(record, dict) or record.get("format") != JOURNAL_FORMAT:
        raise _Refused("không đúng định dạng")
    mac = record.pop("mac", None)
    from .disk_cache import user_key

    key = user_key()
    if not key:
        raise _Refused("không có khóa riêng của người dùng để xác thực")
    expected = hmac.new(key, _canonical(record), hashlib.sha256).hexdigest()
    if not isinstance(mac, str) or not hmac.compare_digest(mac, expected):
        raise _Refused("chữ ký không hợp lệ")
    if record.get("name") != journal.name:
        raise _Refused("tên tệp không khớp nội dung")
    match = _OWN_NAME.match(journal.name)
    pid = match.group(1) if match else ""
    here = _folder_identity(journal.parent)
    sets: dict[Path, list[_Names]] = {}
    for item in _list(record.get("folders")):
        if not isinstance(item, dict) or not isinstance(item.get("folder"), str):
            raise _Refused("không đúng định dạng")
        folder = Path(item["folder"])
        if not folder.is_absolute():
            raise _Refused("không đúng định dạng")
        if _folder_identity(folder) == here:
            folder = journal.parent
        sets[folder] = [_names(raw, pid) for raw in _list(item.get("entries"))]
    if journal.parent not in sets:
        raise _Refused("không nói về thư mục chứa nó")
    return sets


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise _Refused("không đúng định dạng")
    return value


def _names(raw: object, pid: str) -> _Names:
    """(target, staged, backup), each checked to be a name this module gives to a file of one folder."""
    if not isinstance(raw, list) or len(raw) != 3:
        raise _Refused("không đúng định dạng")
    target, staged, backup = raw
    if not isinstance(target, str) or not _plain_name(target) or target.startswith(PREFIX):
        raise _Refused("tên tệp không hợp lệ")
    checked: list[str | None] = []
    for name, suffix in ((staged, "tmp"), (backup, "bak")):
        if name is not None:
            match = _OWN_NAME.match(name) if isinstance(name, str) and _plain_name(name) else None
            ours = match and match.group(1) == pid and match.group(2) == suffix
            if not ours or not name.endswith(f"-{target}.{suffix}"):
                raise _Refused("tên tệp không hợp lệ")
        checked.append(name)
    return target, checked[0], checked[1]


def _plain_name(name: str) -> bool:
    """A file's own name: no folder part, not . or .., nothing a path could escape its folder with."""
    return 0 < len(name) <= 255 and name not in (".", "..") and not any(c in name for c in "/\\:\0")


def _folder_identity(folder: Path) -> object:
    """What identifies a folder however its path is written (links, letter case)."""
    try:
        info = folder.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else os.path.normcase(os.path.realpath(folder))


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
