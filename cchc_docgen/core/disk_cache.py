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
CCHC_DOCGEN_CACHE=0 turns the cache off; a folder chosen with it must be the user's alone, since
entries are unpickled, which runs code. On POSIX a folder or entry another user owns or can write
to is never read; on Windows the per-user folder is private by its rights.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, TypeVar

__all__ = ["ENV", "cache_folder", "remembered", "user_key"]

ENV = "CCHC_DOCGEN_CACHE"
_OFF = ("", "0", "off", "no", "false", "không")
#: Bumped when the layout of an entry changes.
_FORMAT = b"cchc-docgen cache 1"
#: Entries kept per kind; past this the oldest go (a template edited again and again).
_KEPT = 64
_HASH = 32  # bytes of the sha256 that heads an entry
_LEFT_OVER_SECONDS = 3600
_KEY_BYTES = 32

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
    data = _read(entry)
    if data is not None:
        payload = data[_HASH:]
        if data[:_HASH] == hashlib.sha256(payload).digest():
            try:
                value: T = codec.loads(payload)
            except Exception:  # an entry written by something else: work it out again
                pass
            else:
                _touch(entry)
                return value
    value = work()
    _store(entry, codec.dumps(value))
    return value


_FOLDER: dict[str, Path | None] = {}


def cache_folder() -> Path | None:
    """The cache folder, made if missing; None when turned off or not safe to use."""
    setting = os.environ.get(ENV)
    if setting is not None and setting.strip().lower() in _OFF:
        return None
    return _private_folder()


def _private_folder() -> Path | None:
    """The user's private folder: CCHC_DOCGEN_CACHE when it names one, else the system's per-user cache
    folder (also when the cache is turned off); made if missing, None when it cannot be had safely."""
    setting = os.environ.get(ENV)
    if setting is None or setting.strip().lower() in _OFF:
        try:
            base = _system_folder()
        except (RuntimeError, KeyError):  # no home folder to put it in
            return None
    else:
        base = Path(setting).absolute()
    marker = str(base)
    if marker not in _FOLDER:
        _FOLDER[marker] = base if _usable(base) else None
    return _FOLDER[marker]


def user_key() -> bytes | None:
    """A random secret of this user's, kept in the private folder beside the cache (made on first use).

    It signs what one run leaves for the next to act on (the output journals of `_atomic`), so that a
    file planted by someone else in a shared folder is never trusted. None where no private folder can
    be had: then nothing is trusted. The cache being turned off (CCHC_DOCGEN_CACHE=0) does not turn
    the key off: it then lives in the system's per-user cache folder.
    """
    base = _private_folder()
    if base is None:
        return None
    path = base / "journal.key"
    key = _read(path)
    if key is not None and len(key) == _KEY_BYTES:
        return key
    if key is not None or path.exists():
        return None  # damaged or not ours: never replaced behind the user's back
    temporary = base / f"journal.key.{os.getpid()}.{time.monotonic_ns()}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(os.urandom(_KEY_BYTES))
        try:
            os.link(temporary, path)  # fails if another run made the key first: then its key is used
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temporary, path)
    except OSError:
        return None
    finally:
        try:
            temporary.unlink()
        except OSError:
            pass
    key = _read(path)
    return key if key is not None and len(key) == _KEY_BYTES else None


def _system_folder() -> Path:
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "cchc-docgen" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cchc-docgen"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "cchc-docgen"


def _usable(folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _private(info)


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (POSIX; on Windows the folder's own rights)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@functools.cache
def _code_stamp() -> bytes:
    """This package's version and own files as installed (names, sizes, modification times to the
    nanosecond where the file system keeps them): any change to them changes every entry's name."""
    from .version import __version__

    package = Path(__file__).resolve().parent.parent
    parts = [_FORMAT, sys.version.encode(), __version__.encode()]
    for name, info in sorted(_own_files(str(package), "")):
        parts.append(f"{name} {info.st_size} {info.st_mtime_ns}".encode())
    return hashlib.sha256(b"\n".join(parts)).digest()


def _own_files(folder: str, prefix: str) -> list[tuple[str, os.stat_result]]:
    """The .py and .yaml files under `folder` (every subfolder), as ("sub/name.py", stat), named
    relative to the package with "/" (os.scandir: pathlib's rglob costs a few milliseconds more)."""
    found: list[tuple[str, os.stat_result]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir():
                found += _own_files(entry.path, name + "/")
            elif entry.name.endswith((".py", ".yaml")) and entry.is_file():
                found.append((name, entry.stat()))
    return found


def _version(module: ModuleType) -> str:
    """The library's version; for one that does not say, the size and time of its main file."""
    version = getattr(module, "__version__", None)
    if isinstance(version, str) and version:
        return version
    try:
        info = os.stat(module.__file__ or "")
    except OSError:
        return "?"
    return f"{info.st_size} {info.st_mtime_ns}"


def _digest(kind: str, key: str, decided_by: Sequence[ModuleType]) -> str:
    versions = " ".join(f"{m.__name__}={_version(m)}" for m in decided_by)
    h = hashlib.sha256(_code_stamp())
    h.update(f"\0{kind}\0{versions}\0".encode())
    h.update(key.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _read(entry: Path) -> bytes | None:
    """The entry's bytes, if it exists and is this user's alone."""
    try:
        with entry.open("rb") as handle:
            if not _private(os.fstat(handle.fileno())):
                return None
            return handle.read()
    except OSError:
        return None


def _touch(entry: Path) -> None:
    """Mark an entry used now: when a kind has too many, the least recently used go."""
    try:
        os.utime(entry)
    except OSError:
        pass


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
    """Make room for one more entry (the least recently used go), and remove temporary files an
    interrupted run left over an hour ago."""
    for temporary in folder.glob("*.tmp"):
        if time.time() - temporary.stat().st_mtime > _LEFT_OVER_SECONDS:
            temporary.unlink(missing_ok=True)
    entries = list(folder.glob("*.bin"))
    if len(entries) < _KEPT:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[: len(entries) - _KEPT + 1]:
        old.unlink(missing_ok=True)
