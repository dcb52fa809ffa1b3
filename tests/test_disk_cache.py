"""The disk cache (parsed forms, the template's compiled parts) never changes what a build writes.

A warm cache, a cold one, a damaged one and none at all give the same documents; an edited form is
parsed again; a folder that cannot be used is left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from cchc_docgen.core import disk_cache as _disk_cache
from cchc_docgen.core.disk_cache import ENV, remembered
from cchc_docgen.forms import builtin_forms_dir, load_form_file

from .conftest import EXAMPLES

KINDS = ("forms", "jinja", "docxtpl-xml")


def build(report: Path, out: Path, cache: str) -> list[Path]:
    """`cchc-docgen build` in a fresh process (nothing remembered in memory) with the cache `cache`."""
    env = dict(os.environ, **{ENV: cache})
    done = subprocess.run(
        [sys.executable, "-m", "cchc_docgen", "build", "-o", str(out), str(report)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return sorted(out.iterdir())


def parts(path: Path) -> dict[str, bytes]:
    """Every part of a DOCX/XLSX, the creation and modification times masked."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"TIME", archive.read(name))
            for name in archive.namelist()
        }


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.bin"))


@pytest.mark.slow  # four builds in fresh processes
def test_cold_warm_damaged_and_no_cache_write_the_same_documents(tmp_path: Path) -> None:
    report, cache = EXAMPLES["004"], tmp_path / "cache"
    cold = build(report, tmp_path / "cold", str(cache))
    assert {p.parent.name for p in entries(cache)} == set(KINDS)
    kept = {p: p.read_bytes() for p in entries(cache)}
    warm = build(report, tmp_path / "warm", str(cache))
    assert {p: p.read_bytes() for p in entries(cache)} == kept  # read, not written again
    for entry in entries(cache):  # damaged: one byte flipped in each, or cut short
        data = bytearray(entry.read_bytes())
        if len(data) % 2:
            data[-1] ^= 0x01
        else:
            del data[len(data) // 2 :]
        entry.write_bytes(bytes(data))
    damaged = build(report, tmp_path / "damaged", str(cache))
    assert entries(cache) == sorted(kept)  # written again, whole
    for entry in entries(cache):
        data = entry.read_bytes()
        assert data[:32] == hashlib.sha256(data[32:]).digest()
    off = build(report, tmp_path / "off", "0")
    names = [p.name for p in cold]
    assert len(names) == 3
    for run in (warm, damaged, off):
        assert [p.name for p in run] == names
        for mine, theirs in zip(cold, run, strict=True):
            assert parts(mine) == parts(theirs), mine.name


def test_a_form_edited_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    source = builtin_forms_dir() / "soctrang-so-nganh.yaml"
    form_file = tmp_path / "forms" / source.name
    form_file.parent.mkdir()
    form_file.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_form_file(form_file)
    label = first.rows[1].label
    edited = form_file.read_text(encoding="utf-8").replace(label, label + " (sửa)", 1)
    form_file.write_text(edited, encoding="utf-8")
    os.utime(form_file, ns=(1, 1))  # a new modification time: not the form this process holds
    second = load_form_file(form_file)
    assert second.rows[1].label == label + " (sửa)"
    assert second.path == form_file
    form_file.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(form_file, ns=(2, 2))
    again = load_form_file(form_file)  # the first text again: from the disk cache, equal to the first
    assert again.rows == first.rows and again is not first
    assert len(entries(tmp_path / "cache" / "forms")) == 2


def test_remembered_works_once_and_keys_by_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    calls: list[str] = []

    def work(value: str) -> dict[str, str]:
        calls.append(value)
        return {"value": value}

    assert remembered("k", "a", lambda: work("a")) == {"value": "a"}
    assert remembered("k", "a", lambda: work("x")) == {"value": "a"}  # kept: not worked out again
    assert remembered("k", "b", lambda: work("b")) == {"value": "b"}
    assert remembered("other", "a", lambda: work("o")) == {"value": "o"}
    library = SimpleNamespace(__name__="lib", __version__="1.0")
    newer = SimpleNamespace(__name__="lib", __version__="1.1")
    assert remembered("k", "a", lambda: work("v1"), [library]) == {"value": "v1"}
    assert remembered("k", "a", lambda: work("v2"), [newer]) == {"value": "v2"}
    assert calls == ["a", "b", "o", "v1", "v2"]


def test_what_work_raises_propagates_and_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))

    def fail() -> str:
        raise ValueError("mẫu hỏng")

    with pytest.raises(ValueError, match="mẫu hỏng"):
        remembered("k", "a", fail)
    assert entries(tmp_path) == []
    assert remembered("k", "a", lambda: "ok") == "ok"


@pytest.mark.parametrize("setting", ["0", "off", "không", ""])
def test_turned_off_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    monkeypatch.setenv(ENV, setting)
    monkeypatch.chdir(tmp_path)
    calls: list[int] = []
    for _ in range(2):
        remembered("k", "a", lambda: calls.append(1))
    assert calls == [1, 1]
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_used_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(ENV, str(blocker / "cache"))  # under a file: cannot be made
    assert remembered("k", "a", lambda: 1) == 1
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv(ENV, str(shared))
    assert _disk_cache.cache_folder() is None
    calls: list[int] = []
    for _ in range(2):
        remembered("k", "a", lambda: calls.append(1))
    assert calls == [1, 1]
    assert entries(shared) == []


def test_old_entries_go_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    monkeypatch.setattr(_disk_cache, "_KEPT", 3)
    seen: set[Path] = set()
    for index in range(5):
        remembered("k", str(index), lambda index=index: index)
        for new in set(entries(tmp_path / "k")) - seen:  # written in this order, a second apart
            os.utime(new, ns=(index * 10**9, index * 10**9))
            seen.add(new)
    assert len(entries(tmp_path / "k")) == 3
    calls: list[str] = []
    assert remembered("k", "4", lambda: calls.append("4")) == 4  # the newest are kept
    assert remembered("k", "0", lambda: calls.append("0")) is None  # the oldest went
    assert calls == ["0"]


def test_without_a_home_folder_nothing_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    assert _disk_cache.cache_folder() is None
    assert remembered("k", "a", lambda: 1) == 1


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_an_entry_others_can_write_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    remembered("k", "a", lambda: "kept")
    (entry,) = entries(tmp_path)
    entry.chmod(0o666)
    assert remembered("k", "a", lambda: "worked out again") == "worked out again"


def test_a_template_with_escapes_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_docgen.render._sandboxed_docx import _jinja_source
    from cchc_docgen.render._template_cache import SANDBOX

    monkeypatch.setenv(ENV, str(tmp_path))
    plain = SANDBOX.compile_source("<w:t>{{ a }} và {{ b }}</w:t>")
    escaped = SANDBOX.compile_source(_jinja_source("<w:t>{_{ chữ }_} {{ a }}</w:t>"))
    assert escaped.render(a="x").startswith("<w:t>")
    assert plain.render(a=1, b=2) == "<w:t>1 và 2</w:t>"
    assert len(entries(tmp_path / "jinja")) == 1  # the plain one only: the escapes differ per process


def test_used_entries_are_kept_longest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    monkeypatch.setattr(_disk_cache, "_KEPT", 2)
    remembered("k", "old", lambda: "old")
    (old,) = entries(tmp_path)
    remembered("k", "new", lambda: "new")
    for entry in entries(tmp_path):  # written long ago, "old" first
        os.utime(entry, ns=(1, 1) if entry == old else (2, 2))
    assert remembered("k", "old", lambda: "again") == "old"  # used now: the most recent
    remembered("k", "newer", lambda: "newer")  # one must go: "new", not the one just used
    calls: list[str] = []
    assert remembered("k", "old", lambda: calls.append("old")) == "old"
    assert remembered("k", "new", lambda: calls.append("new")) is None
    assert calls == ["new"]


def test_leftover_temporaries_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    (tmp_path / "k").mkdir()
    stale, fresh = tmp_path / "k" / "x.1.tmp", tmp_path / "k" / "y.2.tmp"
    for left in (stale, fresh):
        left.write_bytes(b"half")
    os.utime(stale, ns=(0, 0))
    remembered("k", "a", lambda: 1)
    assert not stale.exists() and fresh.exists()


def test_a_library_without_a_version_is_keyed_by_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    source = tmp_path / "lib.py"
    source.write_text("x = 1\n", encoding="utf-8")
    library = SimpleNamespace(__name__="lib", __file__=str(source))
    assert remembered("k", "a", lambda: "v1", [library]) == "v1"
    source.write_text("x = 22\n", encoding="utf-8")  # upgraded: another size
    assert remembered("k", "a", lambda: "v2", [library]) == "v2"
