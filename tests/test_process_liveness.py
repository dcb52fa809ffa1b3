"""Whether the process that named a temporary file still runs: a zombie does not (it will never write again)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc_docgen.core.journal import process_is_running, repair_folder

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/PID/stat is Linux's")


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]


@pytest.fixture
def zombie() -> Iterator[int]:
    """The pid of a child that has ended and that this process has not waited for yet."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 30
        while _state(child.pid) != "Z":
            assert time.monotonic() < deadline, "the child never ended"
            time.sleep(0.01)
        yield child.pid
    finally:
        child.wait()


@linux_only
def test_a_zombie_is_not_running(zombie: int) -> None:
    os.kill(zombie, 0)  # what the check used to rely on: it reaches a zombie
    assert process_is_running(zombie) is False


@linux_only
def test_a_live_process_and_this_one_are_running() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert process_is_running(child.pid) is True
        assert process_is_running(os.getpid()) is True
    finally:
        child.kill()
        child.wait()


def test_an_ended_and_reaped_process_is_not_running() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert process_is_running(child.pid) is False


@linux_only
def test_a_zombies_staged_file_is_removed_as_stale(tmp_path: Path, zombie: int) -> None:
    staged = tmp_path / f".cchc-{zombie}-0123abcd-bao-cao.docx.tmp"
    staged.write_bytes(b"half written")
    kept = tmp_path / "bao-cao.docx"
    kept.write_bytes(b"old")
    repair_folder(tmp_path)
    assert not staged.exists()
    assert kept.read_bytes() == b"old"
