"""Benchmark `build --watch`: from saving a correction to its documents committed, against a
whole-process `build` of the same report, interleaved round by round, and print the ratio.

For each example, a watch session runs in a child process (`python -m cchc_docgen build --watch
REPORT -o DIR`). A round saves a corrected value the way editors do (write a temporary file,
rename it over the report) and waits until the BÁO CÁO and both Phụ lục files have been replaced
(each one a new file: the commit renames a new file over the old one), timing from the rename; then
times `cchc-docgen build` of the same file in a fresh process. The ratio compares medians; the
target is 0.35. Prints, never fails.

    python benchmarks/bench_watch.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import CACHE_ENV, EXAMPLES, TOOL, prepare_tool

TARGET = 0.35
_POLL_SECONDS = 0.002


def outputs_of(folder: Path) -> dict[str, int]:
    """The documents in `folder` and the identity of each file (inode)."""
    return {entry.name: entry.inode() for entry in os.scandir(folder) if entry.name.endswith((".docx", ".xlsx"))}


def save(path: Path, text: str) -> float:
    """Save as an editor does; the moment the report file is replaced."""
    temporary = path.with_name(f".{path.name}.bench-save")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return time.perf_counter()


def wait_replaced(folder: Path, before: dict[str, int], timeout: float = 60.0) -> float:
    """Poll until every document of `before` is a new file; the moment the last one was seen."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        now = outputs_of(folder)
        if all(now.get(name, inode) != inode for name, inode in before.items()):
            return time.perf_counter()
        time.sleep(_POLL_SECONDS)
    raise SystemExit(f"the watch session did not rebuild {folder} within {timeout:.0f} s")


def corrected(text: str, round_number: int) -> str:
    """The report with its first plain count changed, a different value each round."""
    match = re.search(r"^(    [IVX]+\.\d+(?:\.[a-z_]+)?: )(\d+)$", text, re.M)
    if match is None:  # a report without a Phụ lục: any save rebuilds it
        return f"{text}# lần sửa {round_number}\n"
    value = int(match.group(2)) + 1 + round_number % 2
    return text[: match.start(2)] + str(value) + text[match.end(2) :]


def bench_report(example: Path, work: Path, run_dir: Path, rounds: int) -> tuple[str, list[float], list[float]]:
    name = example.parent.name
    report = work / f"{name}.yaml"
    original = example.read_text(encoding="utf-8")
    report.write_text(original, encoding="utf-8")
    watch_out, build_out = work / f"watch-{name}", work / f"build-{name}"
    command = [*TOOL, "build", "--watch", str(report), "-o", str(watch_out)]
    session = subprocess.Popen(command, cwd=run_dir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert session.stderr is not None
        for line in session.stderr:  # the first build done and the folders watched
            if line.startswith("Đang theo dõi"):
                break
        else:
            raise SystemExit(f"the watch session of {name} ended")
        whole_cmd = [*TOOL, "build", "-o", str(build_out), str(report)]
        subprocess.run(whole_cmd, cwd=run_dir, check=True, capture_output=True)  # warm the system's caches
        latencies, wholes = [], []
        for number in range(rounds + 1):
            before = outputs_of(watch_out)
            saved = save(report, corrected(original, number))
            latency = wait_replaced(watch_out, before) - saved
            time.sleep(0.1)  # let the session print and settle
            start = time.perf_counter()
            subprocess.run(whole_cmd, cwd=run_dir, check=True, capture_output=True)
            whole = time.perf_counter() - start
            if number:  # the first correction also loads what the first build did not need (diff)
                latencies.append(latency)
                wholes.append(whole)
        return name, latencies, wholes
    finally:
        session.send_signal(signal.SIGINT)
        try:
            session.wait(timeout=30)
        except subprocess.TimeoutExpired:
            session.kill()
            session.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    print(f"bench_watch: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.rounds} rounds", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-watch-") as tmp:
        work = Path(tmp)
        run_dir = work / "run"
        run_dir.mkdir()
        prepare_tool(run_dir)
        os.environ[CACHE_ENV] = str(work / "cache")
        for example in EXAMPLES:
            name, latencies, wholes = bench_report(example, work, run_dir, args.rounds)
            rows.append((name, latencies, wholes))
            print(f"  {name}: watch {statistics.median(latencies):.3f} s, build {statistics.median(wholes):.3f} s")
    print()
    print(f"{'report':<22} {'watch min/med s':>16} {'build min/med s':>16} {'ratio':>6}  target {TARGET}")
    for name, latencies, wholes in rows:
        ratio = statistics.median(latencies) / statistics.median(wholes)
        watch = f"{min(latencies):.3f}/{statistics.median(latencies):.3f}"
        build = f"{min(wholes):.3f}/{statistics.median(wholes):.3f}"
        print(f"{name:<22} {watch:>16} {build:>16} {ratio:>6.2f}  {'yes' if ratio <= TARGET else 'NO'}")
    print("watch: from the save (rename) to the last of the report's DOCX/XLSX replaced; build: whole process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
