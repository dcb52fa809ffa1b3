"""Commit journals: written before a commit's renames, read by the next run to repair a killed one's files."""

# A journal is input like any other file of a shared folder, so recovery trusts only what this
# user's tool wrote and touches only what that journal's own folder holds:
# - it is signed (HMAC-SHA256) with a key of the user's kept beside the disk cache
#   (`disk_cache.user_key`); an unsigned, wrongly signed, malformed or oversized journal is
#   reported in one line, deleted, and nothing it names is touched;
# - it names files by their bare names in each folder of the set; a folder's files are repaired only
#   where that folder holds the same journal, and only files named as `atomic` names them
#   (targets are plain names, staged and backup files `.cchc-PID-RANDOM-TARGET.tmp|.bak` of the
#   journal's own process).

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import Diagnostic, OutputError, error_at, os_reason, warning_at

PREFIX = ".cchc-"
#: Temporary names: .cchc-PID-RANDOM-NAME.tmp (staged), .bak (backup), .cchc-PID-RANDOM.journal.
OWN_NAME = re.compile(r"^\.cchc-(\d+)-[0-9a-f]{8}(?:-.*)?\.(tmp|bak|journal|journal\.part)$")
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


def write_journals(entries: Sequence[tuple[Path, Path | None, Path | None]]) -> list[Path]:
    """One journal naming every (target, staged, backup) of a commit, written atomically into each
    folder of the set; return them. On failure none is left and OutputError names the folder."""
    name = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}.journal"
    folders: dict[Path, list[tuple[Path, Path | None, Path | None]]] = {}
    for entry in entries:
        folders.setdefault(entry[0].parent, []).append(entry)
    record: dict[str, object] = {
        "format": JOURNAL_FORMAT,
        "name": name,
        "folders": [
            {
                "folder": str(folder.absolute()),
                "entries": [
                    [target.name, staged.name if staged else None, backup.name if backup else None]
                    for target, staged, backup in in_folder
                ],
            }
            for folder, in_folder in folders.items()
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
            delete(journals)
            raise OutputError(error_at(folder, None, f"không ghi được tệp ({os_reason(exc)})")) from None
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


def delete(paths: Iterable[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def process_is_running(pid: int) -> bool | None:
    """True or False where the system can tell without harm; None where it cannot. A zombie (a
    process that has ended but that its parent has not yet waited for) is not running."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_process_is_running(pid)  # os.kill there would end the process
    try:
        os.kill(pid, 0)  # succeeds for a zombie too
    except ProcessLookupError:
        return False
    except OSError:
        pass  # it runs, as another user
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """On Linux, whether /proc/PID/stat gives the state 'Z': ended, never to write a file again."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    # "PID (NAME) STATE …": the name may hold spaces and parentheses, the state follows the last ")".
    fields = stat.rpartition(b")")[2].split()
    return bool(fields) and fields[0] == b"Z"


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
    match = OWN_NAME.match(path.name)
    running = process_is_running(int(match.group(1))) if match else None
    if running is not None:
        return not running
    try:
        return time.time() - path.stat().st_mtime > STALE_AGE
    except OSError:
        return False


def repair_folder(folder: Path) -> None:
    """Finish or undo commits of dead runs journaled in `folder`, then delete their stale temporary files."""
    try:
        names = [p for p in folder.iterdir() if OWN_NAME.match(p.name) or _EARLIER_NAME.match(p.name)]
    except OSError:
        return
    for journal in sorted(p for p in names if p.name.endswith(".journal")):
        if _is_stale(journal):
            try:
                _recover(journal)
            except OSError as exc:
                message = (
                    f"không khôi phục được các tệp của lần chạy bị dừng trước ({os_reason(exc)});"
                    " hãy đóng các tệp đang mở rồi chạy lại"
                )
                raise OutputError(error_at(journal, None, message)) from None
    for path in names:
        if not path.name.endswith(".journal") and path.exists() and _is_stale(path):
            delete([path])


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
        delete([journal])
        return
    for folder in sets:
        if folder / journal.name != journal and not _holds_same(folder / journal.name, text):
            # A folder of the set no longer holds this journal: the commit, or an earlier repair of it,
            # had finished every rename and was deleting its journals when it stopped.
            delete([journal])
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
        delete(staged_left)
    else:
        # Every new file is in place: finish the clean-up.
        delete(folder / backup for folder, entries in sets.items() for _t, _s, backup in entries if backup)
    delete(folder / journal.name for folder in sets)


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
        raise _Refused(f"không đọc được: {os_reason(exc)}") from None
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
    match = OWN_NAME.match(journal.name)
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
            match = OWN_NAME.match(name) if isinstance(name, str) and _plain_name(name) else None
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
