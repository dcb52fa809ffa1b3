"""Benchmark `build --jobs N` of 20 and 100 reports against the ideal, interleaved, and print the ratios.

The ideal is the sum of the reports' single builds in this process (warm: every report built once
before; `jobs=1`, so each is made in this one process, no child on the second core), divided by the
cores: what N cores would take if the batch cost nothing of its own. The batch is the whole
`cchc-docgen build --jobs N` command in a fresh process (start-up, imports, the pool, checking,
rendering, the commit); its `build()` call alone is printed too. Each round times the ideal and then
the batch, so a busy moment slows both; the ratio is of medians.

The bound is what no batch built on these libraries can go under on this machine: the ideal
stretched by how much the cores slow each other when all work at once (`shared_round`), plus a
fresh process that only imports the libraries a build uses (`BATCH_BOUND`), timed in the same rounds.
Targets on two cores: 20 reports ≤ 1.25 × ideal, 100 reports ≤ 1.08 × ideal. Prints, never fails.

    python benchmarks/bench_batch.py [--rounds N] [--sizes 20,100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import CACHE_ENV, children_cpu, copies, prepare_tool

TARGETS = {20: 1.25, 100: 1.08}
#: Python started and the libraries a build loads (python-docx, docxtpl, Jinja2, PyYAML, XlsxWriter)
#: imported, nothing else: the least any process that builds with them pays before its first report.
BATCH_BOUND = [sys.executable, "-c", "import docx, docxtpl, jinja2, yaml, xlsxwriter"]


def ideal_round(reports: list[Path], out: Path, cores: int) -> tuple[float, float]:
    """Sum of single in-process builds of every report, divided by the cores; and their CPU time."""
    from cchc_docgen.pipeline.build import BuildOptions, build

    options = BuildOptions(out_dir=out, jobs=1)
    total = 0.0
    cpu = time.process_time()
    for report in reports:
        start = time.perf_counter()
        build([report], options)
        total += time.perf_counter() - start
    return total / cores, time.process_time() - cpu


def shared_round(reports: list[Path], out: Path, cores: int) -> float:
    """What the machine gives when all its cores work at once: `cores` processes forked from this warm
    one, each making every report's single build in turn (the ideal's work, once per core), at the
    same time. Its wall time over one process's is how much the processes slow each other (shared
    caches, memory, the clock of a busy chip): 1.00 on cores that share nothing. No batch can beat
    the ideal by more than this allows."""
    from cchc_docgen.pipeline.build import BuildOptions, build

    start = time.perf_counter()
    children = []
    for core in range(cores):
        child = os.fork()
        if child == 0:  # pragma: no cover - the child builds and ends without cleaning up
            code = 1
            try:
                options = BuildOptions(out_dir=out / str(core), jobs=1)
                for report in reports:
                    build([report], options)
                code = 0
            finally:
                os._exit(code)
        children.append(child)
    for child in children:
        _, status = os.waitpid(child, 0)
        if status != 0:
            raise SystemExit("a build of the shared round failed")
    return time.perf_counter() - start


def warm_round(reports: list[Path], out: Path, cores: int) -> float:
    """`build(jobs=cores)` called in this process, already warm: forked workers start warm too."""
    from cchc_docgen.pipeline.build import BuildOptions, build

    start = time.perf_counter()
    build(reports, BuildOptions(out_dir=out, jobs=cores))
    return time.perf_counter() - start


def batch_round(reports: list[Path], out: Path, cores: int, run_dir: Path) -> tuple[float, float, float]:
    """Wall time of the whole `build --jobs cores` process, of its build() call alone, and the CPU
    time of the process and its workers."""
    # As `python -m cchc_docgen` runs: main() reads this process's own command line (and so tunes the
    # garbage collector for a process of its own, as the installed command does); the time from the
    # import to main()'s return is written out on the way.
    script = (
        "import sys, time\n"
        "t = time.perf_counter()\n"
        "from cchc_docgen.cli import main\n"
        "sys.argv[0] = 'cchc-docgen'\n"
        "try:\n"
        "    main(prog_name='cchc-docgen')\n"
        "finally:\n"
        "    sys.stderr.write(f'BUILD {time.perf_counter() - t}\\n')\n"
    )
    command = [sys.executable, "-c", script, "build", "--jobs", str(cores), "-o", str(out), *map(str, reports)]
    start, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, cwd=run_dir)
    whole = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    inner = float(done.stderr.rsplit("BUILD ", 1)[1])
    return whole, inner, children_cpu() - cpu


def bound_round() -> float:
    """Wall time of a process that only starts and imports the libraries (`BATCH_BOUND`)."""
    start = time.perf_counter()
    subprocess.run(BATCH_BOUND, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default="20,100")
    args = parser.parse_args()
    from cchc_docgen.pipeline.batch import default_jobs

    cores = default_jobs()
    print(f"bench_batch: {cores} cores, Python {sys.version.split()[0]}, {args.rounds} rounds", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-batch-") as tmp:
        work = Path(tmp)
        run_dir = work / "run"
        run_dir.mkdir()
        prepare_tool(run_dir)
        os.environ[CACHE_ENV] = str(work / "cache")
        for size in (int(part) for part in args.sizes.split(",")):
            reports = copies(work / f"in-{size}", size)
            ideal_round(reports, work / f"ideal-{size}", cores)  # warm: modules, forms, template, cache
            batch_round(reports, work / f"batch-{size}", cores, run_dir)
            ideals, wholes, inners, cpu_ratios, warms, bounds, shared = [], [], [], [], [], [], []
            for _ in range(args.rounds):
                ideal, ideal_cpu = ideal_round(reports, work / f"ideal-{size}", cores)
                whole, inner, cpu = batch_round(reports, work / f"batch-{size}", cores, run_dir)
                warm = warm_round(reports, work / f"warm-{size}", cores)
                bounds.append(bound_round())
                shared.append(shared_round(reports, work / f"shared-{size}", cores) / (ideal * cores))
                ideals.append(ideal)
                wholes.append(whole)
                inners.append(inner)
                warms.append(warm)
                cpu_ratios.append(cpu / ideal_cpu)
                print(
                    f"  {size} reports: ideal {ideal:.2f} s, batch {whole:.2f} s (build() {inner:.2f} s),"
                    f" CPU {cpu:.2f} s vs {ideal_cpu:.2f} s, warm process {warm:.2f} s,"
                    f" imports only {bounds[-1]:.2f} s, all cores at once {shared[-1]:.2f} ×",
                    flush=True,
                )
            rows.append((size, ideals, wholes, inners, cpu_ratios, warms, bounds, shared))
    print()
    header = ("reports", "ideal s", "batch s", "ratio", "best", "build()", "CPU", "warm", "shared", "bound")
    widths = (8, 8, 8, 6, 5, 8, 5, 5, 6, 5)
    print(" ".join(f"{name:>{width}}" for name, width in zip(header, widths, strict=True)), "target  met")
    for size, ideals, wholes, inners, cpu_ratios, warms, bounds, shared in rows:
        ideal, whole = statistics.median(ideals), statistics.median(wholes)
        target = TARGETS.get(size)
        met = "" if target is None else ("yes" if whole / ideal <= target else "NO")
        print(
            f"{size:>8} {ideal:>8.2f} {whole:>8.2f} {whole / ideal:>6.2f} {min(wholes) / min(ideals):>5.2f}"
            f" {statistics.median(inners) / ideal:>8.2f} {statistics.median(cpu_ratios):>5.2f}"
            f" {statistics.median(warms) / ideal:>5.2f} {statistics.median(shared):>6.2f}"
            f" {statistics.median(shared) + statistics.median(bounds) / ideal:>5.2f}"
            f" {target if target else '-':>6}  {met}"
        )
    print("ratio: medians of the whole `build --jobs N` process over the ideal; best: fastest over fastest;")
    print("build(): its build() call alone; CPU: CPU seconds of the batch (all processes) over the single builds';")
    print("warm: build(jobs=N) called in an already warm process (this one), workers forked from it;")
    print("shared: all cores making the single builds at once, over one core making them (how much they slow")
    print("each other); bound: shared plus starting Python and importing the libraries a build uses, over the ideal:")
    print("what no batch on these libraries and this machine can go under")
    return 0


if __name__ == "__main__":
    sys.exit(main())
