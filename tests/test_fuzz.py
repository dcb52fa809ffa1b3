"""Fuzz: ten thousand damaged reports end in exit 0 or located Vietnamese errors, never a traceback.

Each run checks the same seeded cases (tests/mutations.py), in process, on two worker processes;
every case has its own time limit and the whole run an overall one, so a hang fails the test
instead of stalling CI. A few hundred cases also go through `build`.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from types import FrameType

from click.testing import CliRunner, Result

from cchc_docgen.cli import main

from .mutations import damaged_reports

CHECK_CASES = 10_000
BUILD_CASES = 200
CHUNK = 500
CASE_LIMIT_S = 5  # processor time of one case
HANG_LIMIT_S = 60  # wall-clock time of one case, on a machine busy with other work
OVERALL_LIMIT_S = 600
MEMORY_LIMIT = 3 * 1024**3
SUMMARY = re.compile(r"^Đã kiểm tra \d+ tệp: \d+ lỗi, \d+ cảnh báo\.$")


class CaseTimeout(BaseException):
    """Raised by a timer inside a case; a BaseException, so no `except Exception` swallows it."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise CaseTimeout("hung" if signum == signal.SIGALRM else f"over {CASE_LIMIT_S} s of processor time")


@contextmanager
def time_limit() -> Iterator[None]:
    """Interrupt the block after CASE_LIMIT_S of processor time or HANG_LIMIT_S of waiting."""
    previous = {sig: signal.signal(sig, _alarm) for sig in (signal.SIGALRM, signal.SIGPROF)}
    signal.setitimer(signal.ITIMER_PROF, CASE_LIMIT_S)
    signal.setitimer(signal.ITIMER_REAL, HANG_LIMIT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _limit_memory() -> None:
    """Workers get a bounded address space: a runaway allocation becomes a MemoryError we report."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))


def judge(result: Result, path: Path) -> str | None:
    """What is wrong with one run, or None: exit 0, or exit 1 with located `lỗi` lines only."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"{type(result.exception).__name__}: {result.exception}"
    if result.exit_code not in (0, 1) or "Traceback" in result.output:
        return f"exit {result.exit_code}: {result.output[-500:]}"
    errors = 0
    for line in result.output.splitlines():
        if SUMMARY.match(line) or line == str(path.parent / "out") or line.startswith(str(path.parent / "out") + "/"):
            continue
        match = re.match(r"^(?P<file>.+?)(?::(?P<line>\d+))?: (?P<severity>lỗi|cảnh báo): \S", line)
        if match is None:
            return f"unlocated line: {line[:300]}"
        errors += match.group("severity") == "lỗi"
    if (result.exit_code == 1) != (errors > 0):
        return f"exit {result.exit_code} with {errors} errors: {result.output[-500:]}"
    return None


def run_cases(command: str, seed: int, count: int) -> tuple[int, list[str]]:
    """Run `count` cases of `seed` through `command`; return (cases run, failures with the file)."""
    failures = []
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="cchc-fuzz-") as work:
        path = Path(work) / "r.yaml"
        out = Path(work) / "out"
        for case, data in damaged_reports(seed, count):
            path.write_bytes(data)
            again = f"(the case again: list(damaged_reports({seed}, {case + 1}))[-1])"
            args = ["check", str(path)] if command == "check" else ["build", str(path), "-o", str(out)]
            try:
                with time_limit():
                    result = runner.invoke(main, args)
            except CaseTimeout as exc:
                failures.append(f"{command} seed {seed} case {case}: {exc} {again}")
                continue
            problem = judge(result, path)
            if command == "build" and problem is None:
                written = sorted(out.glob("*")) if out.exists() else []
                if result.exit_code == 0 and not all(p.stat().st_size > 0 for p in written):
                    problem = "an empty output"
                if result.exit_code == 1 and written:
                    problem = f"a failed build wrote {[p.name for p in written]}"
            if problem is not None:
                failures.append(f"{command} seed {seed} case {case}: {problem} {again}")
            for file in out.glob("*") if out.exists() else []:
                file.unlink()
    return count, failures


def _run_all(command: str, total: int, chunk: int) -> None:
    seeds = [(command, seed, min(chunk, total - start)) for seed, start in enumerate(range(0, total, chunk))]
    workers = max(1, min(2, os.cpu_count() or 1))
    deadline = time.monotonic() + OVERALL_LIMIT_S
    done, failures = 0, []
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_limit_memory) as pool:
        futures = [pool.submit(run_cases, *args) for args in seeds]
        for future in futures:
            count, found = future.result(timeout=max(1.0, deadline - time.monotonic()))
            done += count
            failures += found
    assert done == total
    assert not failures, f"{len(failures)} of {total} {command} cases failed; first ones:\n" + "\n\n".join(failures[:5])


def test_ten_thousand_damaged_reports_check_cleanly() -> None:
    _run_all("check", CHECK_CASES, CHUNK)


def test_damaged_reports_build_cleanly() -> None:
    _run_all("build", BUILD_CASES, 50)
