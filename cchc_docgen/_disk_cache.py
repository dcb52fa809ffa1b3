"""Work done the same way in every run, kept on disk between runs: parsed forms, and the BÁO CÁO
template's parts cleaned up and compiled.

A process starting afresh would otherwise parse the same form file and compile the same Word
template on every `build`: about 25 ms of a 0.35 s run. An entry is named by a hash of everything
that decides it: the input itself, this package's own files (their names, sizes and modification
times), the Python version and the versions of the libraries that do the work. So an entry is
either right or never looked up, and nothing needs invalidating. Each entry carries a hash of its
contents: a damaged, truncated or unreadable entry is worked out afresh, and a folder that cannot
be written is simply not used.

The folder is per user: CCHC_DOCGEN_CACHE, else the system's per-user cache folder
(%LOCALAPPDATA% on Windows, ~/Library/Caches on macOS, $XDG_CACHE_HOME or ~/.cache elsewhere).
CCHC_DOCGEN_CACHE=0 turns the cache off. On POSIX a folder another user owns or can write to is
never read: entries are unpickled, which runs code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, TypeVar

__all__ = ["ENV", "cache_folder", "remembered"]

ENV = "CCHC_DOCGEN_CACHE"
_OFF = ("", "0", "off", "no", "false", "không")
#: Bumped when the layout of an entry changes.
_FORMAT = b"cchc-docgen cache 1"
#: Entries kept per kind; past this the oldest go (a template edited again and again).
_KEPT = 64
_HASH = 32  # bytes of the sha256 that heads an entry

T = TypeVar("T")


class Codec(Protocol):
    def dumps(self, value: Any, /) -> bytes: ...

    def loads(self, data: bytes, /) -> Any: ...


def remembered(
    kind: str, key: str, work: Callable[[], T], decided_by: Sequence[ModuleType] = (), codec: Codec = pickle
) -> T:
    """`work()`, or what it returned in an earlier run for the same `kind` and `key`.

    `decided_by` names the libraries whose versions the result depends on besides this package.
    Whatever `work` raises propagates, and nothing is kept.
    """
    folder = cache_folder()
    if folder is None:
        return work()
    entry = folder / kind / f"{_digest(kind, key, decided_by)}.bin"
    try:
        data = entry.read_bytes()
    except OSError:
        pass
    else:
        payload = data[_HASH:]
        if data[:_HASH] == hashlib.sha256(payload).digest():
            try:
                return codec.loads(payload)  # type: ignore[no-any-return]
            except Exception:  # an entry written by something else: work it out again
                pass
    value = work()
    _store(entry, codec.dumps(value))
    return value


_FOLDER: dict[str, Path | None] = {}


def cache_folder() -> Path | None:
    """The cache folder, made if missing; None when turned off or not safe to use."""
    setting = os.environ.get(ENV)
    if setting is not None and setting.strip().lower() in _OFF:
        return None
    base = Path(setting) if setting is not None else _system_folder()
    marker = str(base)
    if marker not in _FOLDER:
        _FOLDER[marker] = base if _usable(base) else None
    return _FOLDER[marker]


def _system_folder() -> Path:
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "cchc-docgen" / "Cache" if local else Path.home() / "AppData" / "Local" / "cchc-docgen"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cchc-docgen"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "cchc-docgen"


def _usable(folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return False
    return True


_STAMP: list[bytes] = []


def _code_stamp() -> bytes:
    """This package's own files as installed: any change to them changes every entry's name."""
    if not _STAMP:
        package = Path(__file__).resolve().parent
        parts = [_FORMAT, sys.version.encode()]
        for folder in (package, package / "render"):
            with os.scandir(folder) as entries:
                for item in sorted(entries, key=lambda e: e.name):
                    if item.name.endswith((".py", ".yaml")) and item.is_file():
                        info = item.stat()
                        parts.append(f"{folder.name}/{item.name} {info.st_size} {info.st_mtime_ns}".encode())
        _STAMP.append(hashlib.sha256(b"\n".join(parts)).digest())
    return _STAMP[0]


def _digest(kind: str, key: str, decided_by: Sequence[ModuleType]) -> str:
    versions = " ".join(f"{m.__name__}={getattr(m, '__version__', '?')}" for m in decided_by)
    h = hashlib.sha256(_code_stamp())
    h.update(f"\0{kind}\0{versions}\0".encode())
    h.update(key.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _store(entry: Path, payload: bytes) -> None:
    """Write `entry` whole or not at all (a temporary file renamed over it); errors are ignored."""
    temporary = entry.with_name(f"{entry.stem}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(mode=0o700, exist_ok=True)
        _forget_oldest(entry.parent)
        temporary.write_bytes(hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, entry)
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass


def _forget_oldest(folder: Path) -> None:
    entries = list(folder.glob("*.bin"))
    if len(entries) < _KEPT:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[: len(entries) - _KEPT + 1]:
        old.unlink(missing_ok=True)
