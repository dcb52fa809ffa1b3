"""Pool workers die with the run that started them, even one killed with SIGKILL, and the next run
leaves no temporary file behind."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cchc_docgen.pipeline.batch import _pool

from .conftest import EXAMPLES, ROOT

# Builds in child processes, one killed: left out of the fast loop (-m "not slow").
pytestmark = pytest.mark.slow

#: How long a killed run's workers may take to go (they normally go at once).
GRACE_SECONDS = 10.0


def reports(folder: Path, copies: int) -> list[Path]:
    """`copies` report files of each example, each copy with its own agency name (own output files)."""
    paths = []
    for key, example in sorted(EXAMPLES.items()):
        text = example.read_text(encoding="utf-8")
        for copy in range(copies):
            # the agency's name (its last line, when written on two), the first `  name:` of the file
            named = re.sub(r'^(  name: .*)"', rf'\1 {copy + 1}"', text, count=1, flags=re.MULTILINE)
            assert named != text
            path = folder / f"r{key}-{copy}.yaml"
            path.write_text(named, encoding="utf-8")
            paths.append(path)
    return paths


def children(pid: int) -> set[int]:
    """The processes `pid` started and that still run (Linux's /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = stat_fields(int(entry))
            if fields is not None and int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def stat_fields(pid: int) -> list[str] | None:
    """State, parent and the rest of /proc/PID/stat after the command name; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def running(pid: int) -> bool:
    fields = stat_fields(pid)
    return fields is not None and fields[0] != "Z"  # a zombie has ended; only its parent has not reaped it


def build_command(out: Path, paths: list[Path]) -> list[str]:
    return [sys.executable, "-m", "cchc_docgen", "build", "--jobs", "2", "-o", str(out), *map(str, paths)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_of_a_killed_build_end_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    paths = reports(tmp_path, 4)
    out = tmp_path / "out"
    log = tmp_path / "stderr.txt"
    with open(log, "wb") as stderr:
        run = subprocess.Popen(build_command(out, paths), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        # Busy: both workers started, and one document already written into its staged file.
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and run.poll() is None:
            workers = children(run.pid)
            staged = [p for p in out.glob(".cchc-*.tmp") if p.stat().st_size > 0] if out.is_dir() else []
            if len(workers) == 2 and staged:
                break
            time.sleep(0.02)
        assert run.poll() is None, log.read_text(encoding="utf-8")  # killed while it works
        assert len(workers) == 2
        run.send_signal(signal.SIGKILL)
    finally:
        run.kill()
        run.wait()
    assert run.returncode == -signal.SIGKILL
    assert list(out.glob(".cchc-*"))  # it left temporary files

    deadline = time.monotonic() + GRACE_SECONDS
    while time.monotonic() < deadline and any(running(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if running(pid)]

    again = subprocess.run(build_command(out, paths), cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(line).name for line in again.stdout.splitlines())
    assert len(again.stdout.splitlines()) == 3 * len(paths)
    assert not list(out.glob(".cchc-*"))


def _sleep_then_report(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_finished_pool_leaves_no_worker(method: str) -> None:
    """The lifeline is cut only once the pool has shut down: every job finishes, then the workers go."""
    with _pool(2, multiprocessing.get_context(method)) as pool:
        pids = set(pool.map(_sleep_then_report, [0.2] * 4))
    assert len(pids) == 2
    assert os.getpid() not in pids
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
