"""Benchmark `build`, `check` and `--pdf` against the floor script, interleaved, and print the ratios.

The floor (`floor.py`, by default ../shared/bench/floor.py beside the repository) does the same job as
`build` with the same libraries and no care for the details; the targets are ratios to it, measured
in the same run with the two interleaved round by round, so a busy machine slows both alike.
Prints numbers and whether each target is met; asserts nothing and always exits 0.

    python benchmarks/bench_build.py [--quick] [--rounds N] [--floor PATH]

--quick (CI) keeps every target but does fewer builds: 40 instead of 300 for memory, a batch of
20 instead of 100 (and no --jobs 1 comparison). Sections whose tools are missing
(floor, LibreOffice) are skipped with a note.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "data").glob("*/*.yaml"))
DEFAULT_FLOOR = ROOT.parent / "shared" / "bench" / "floor.py"
TOOL = [sys.executable, "-m", "cchc_docgen"]
CACHE_ENV = "CCHC_DOCGEN_CACHE"  # cchc_docgen.core.disk_cache.ENV, not imported: the tool is timed in other processes
#: Where every timed process runs: outside the repository, so `python -m cchc_docgen` loads the
#: installed package (from the repository root it would load the source tree). Set by main().
RUN_DIR: Path | None = None


@dataclass
class Row:
    """One line of the result table."""

    case: str
    tool: list[float]
    floor: list[float] | None = None
    target: str = ""
    ratio: float | None = None
    limit: float | None = None
    unit: str = "s"
    cpu_ratio: float | None = None  # the same ratio in CPU seconds: steadier on a busy machine

    def met(self) -> str:
        if self.ratio is None or self.limit is None:
            return ""
        return "yes" if self.ratio <= self.limit else "NO"


ROWS: list[Row] = []


def fmt(values: list[float] | None, unit: str) -> str:
    if not values:
        return f"{'-':>17}"
    if unit == "s":
        return f"{min(values):8.3f}/{statistics.median(values):<8.3f}"
    return f"{min(values):8.1f}/{statistics.median(values):<8.1f}"


def print_table() -> None:
    print()
    print(f"{'case':<46} {'tool min/median':>17} {'floor min/median':>17} {'ratio':>7} {'cpu':>6}  {'target':<26} met")
    for row in ROWS:
        ratio = f"{row.ratio:7.2f}" if row.ratio is not None else f"{'-':>7}"
        cpu = f"{row.cpu_ratio:6.2f}" if row.cpu_ratio is not None else f"{'-':>6}"
        print(
            f"{row.case:<46} {fmt(row.tool, row.unit):>17} {fmt(row.floor, row.unit):>17} {ratio} {cpu}"
            f"  {row.target:<26} {row.met()}"
        )
    print("(times in seconds unless the case says MiB; ratios of medians of wall time; cpu: of CPU time)")


def note(text: str) -> None:
    print(textwrap.fill(text, 110, subsequent_indent="  "), flush=True)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cpu(command: list[str], check: bool = True, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU time (the command and every process it waited for) of a command."""
    start, cpu = time.perf_counter(), children_cpu()
    completed = subprocess.run(command, capture_output=True, cwd=RUN_DIR, env=env)
    elapsed = time.perf_counter() - start
    if check and completed.returncode != 0:
        sys.stderr.write(completed.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, children_cpu() - cpu


def run(command: list[str]) -> float:
    """Wall time of a command that must succeed."""
    return run_cpu(command)[0]


def timed_cpu(action: Callable[[], object]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - start, time.process_time() - cpu


def timed(action: Callable[[], object]) -> float:
    return timed_cpu(action)[0]


def prepare_tool(run_dir: Path) -> None:
    """Byte-compile the package the timed processes load, as pip does when it installs it.

    An editable install loads the source tree, where bytecode may not be written (for instance
    with PYTHONDONTWRITEBYTECODE set): every process would then compile all of it again and time
    that. Already compiled files are left alone.
    """
    found = subprocess.run(
        [sys.executable, "-c", "import cchc_docgen; print(cchc_docgen.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=run_dir,
    )
    package = Path(found.stdout.strip()).parent
    compileall.compile_dir(package, quiet=1)
    note(f"tool: {package} (byte-compiled)")


def load_floor(path: Path) -> ModuleType:
    """floor.py as a module, its templates made (outside any timing)."""
    spec = importlib.util.spec_from_file_location("cchc_floor", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not (module.TEMPLATES / "floor-pl.docx").exists():
        module.make_templates()
    return module


def copies(folder: Path, count: int) -> list[Path]:
    """`count` report files cycling through the examples, each with its own agency name (own outputs)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(count):
        source = EXAMPLES[index % len(EXAMPLES)]
        # The issuing body's own name (its last line when written on two) gets the copy's number.
        text = re.sub(
            r'^(  name: (?:\[[^\]\n]*, )?"[^"]*)"', rf'\1 {index:03d}"', source.read_text("utf-8"), count=1, flags=re.M
        )
        path = folder / f"r{index:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


def rss_mib() -> float:
    """Resident memory of this process now (Linux), else its peak."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 2**10)


# --- the sections ---------------------------------------------------------------------------------


def floor_makes(report: Path) -> bool:
    """Whether the floor script can do `report`: it knows only reports with a Phụ lục."""
    return re.search(r"^appendix:", report.read_text("utf-8"), re.M) is not None


#: The libraries a build and the floor load, imported and nothing else: the least a process that
#: uses them can take (issue #23 measures the tool against it too).
IMPORT_BOUND = [sys.executable, "-c", "import docx, openpyxl, docxtpl, jinja2, yaml"]


def whole_process(floor: Path | None, rounds: int, work: Path, cached: bool) -> None:
    """`cchc-docgen build REPORT` vs `floor.py REPORT --files 3`, each a fresh process.

    `cached`: as every build after the first runs, with the tool's disk cache (parsed forms, the
    template's compiled parts) filled by the warm-up run; otherwise with the cache turned off, as
    the first build after installing or after editing the template runs. With the cache, a process
    that only imports the libraries (`IMPORT_BOUND`) is timed in the same rounds: the import bound of
    the day, as a ratio to the floor beside the tool's.
    """
    env = None if cached else dict(os.environ, **{CACHE_ENV: "0"})
    for report in EXAMPLES:
        name = report.parent.name
        tool_cmd = [*TOOL, "build", "-o", str(work / "tool"), str(report)]
        floor_cmd = (
            [sys.executable, str(floor), str(report), "-o", str(work / "floor"), "--files", "3"]
            if floor and floor_makes(report)
            else []
        )
        bound_cmd = IMPORT_BOUND if cached and floor_cmd else []
        run_cpu(tool_cmd, env=env)  # warm the system's file cache and the tool's; the floor makes its templates
        if floor_cmd:
            run(floor_cmd)
        tool, base, bound = [], [], []
        for _ in range(max(rounds, 9)):  # a busy moment can take a round or two of each: medians of 9
            tool.append(run_cpu(tool_cmd, env=env))
            if floor_cmd:
                base.append(run_cpu(floor_cmd))
            if bound_cmd:
                bound.append(run_cpu(bound_cmd))
        if cached:
            add_ratio(f"build, whole process: {name}", tool, base, 0.85, "≤ 0.85 × floor --files 3")
            if bound:
                add_ratio(f"  import bound of the day: {name}", bound, base, None, "(imports only, no target)")
        else:
            add_ratio(f"build, whole process, no cache: {name}", tool, base, 1.3, "≤ 1.3 × floor --files 3")


def steady_state(floor: Path | None, rounds: int, work: Path) -> None:
    """The library API building reports one after another vs the floor's job() in the same process."""
    from cchc_docgen.pipeline.build import BuildOptions, build

    module = load_floor(floor) if floor else None
    for report in EXAMPLES:
        name = report.parent.name
        options = BuildOptions(out_dir=work / "steady-tool", jobs=1)

        def tool(report: Path = report, options: BuildOptions = options) -> None:
            build([report], options)

        def base(report: Path = report) -> None:
            assert module is not None
            module.job(report, work / "steady-floor", 3)

        compared = module is not None and floor_makes(report)
        tool()  # first builds load modules, forms, templates
        if compared:
            base()
        tool_times, floor_times = [], []
        for _ in range(rounds):
            tool_times.append(timed_cpu(tool))
            if compared:
                floor_times.append(timed_cpu(base))
        add_ratio(f"build, steady state: {name}", tool_times, floor_times, 1.5, "≤ 1.5 × floor job()")


def memory(builds: int, work: Path) -> None:
    """RSS over `builds` builds in one process (a fresh one, so earlier sections do not count).

    RSS after each build saws up and down by tens of MiB (the C heap keeps freed XML buffers for
    reuse), so the growth is the median RSS of the last fifth of the builds less that of the first
    fifth: a leak shows as a rise, the sawtooth does not.
    """
    script = f"""
import sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
from pathlib import Path
from bench_build import rss_mib
from cchc_docgen.pipeline.build import BuildOptions, build
reports = [Path(p) for p in {[str(p) for p in EXAMPLES]!r}]
options = BuildOptions(out_dir=Path({str(work / "memory")!r}), jobs=1)
for i in range(10):
    build([reports[i % 3]], options)
samples = []
for i in range({builds}):
    build([reports[i % 3]], options)
    samples.append(rss_mib())
print(" ".join(f"{{s:.1f}}" for s in samples))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=RUN_DIR
    ).stdout.split()
    samples = [float(x) for x in out]
    fifth = max(1, len(samples) // 5)
    first, last = statistics.median(samples[:fifth]), statistics.median(samples[-fifth:])
    growth = last - first
    ROWS.append(
        Row(f"RSS growth over {builds} builds (MiB)", [growth], target="< 10 MiB", unit="MiB", ratio=growth, limit=10)
    )
    note(
        f"memory: RSS {min(samples):.0f}–{max(samples):.0f} MiB over {builds} builds after 10 warm-up builds;"
        f" median {first:.1f} MiB over the first {fifth}, {last:.1f} MiB over the last {fifth}"
    )


def narrative_table(rounds: int, work: Path) -> None:
    """BÁO CÁO with a narrative table of 400 rows vs one of 200 rows: linear means ≤ 2×.

    The two are built in turn, round by round (a busy moment slows both alike), after one build of
    each; the ratio is of their fastest rounds. A quadratic table takes tens of seconds at 200 rows:
    then 400 rows are not tried.
    """
    from cchc_docgen.pipeline.build import BuildOptions, build

    data = yaml.safe_load(EXAMPLES[0].read_text("utf-8"))
    jobs: dict[int, Callable[[], object]] = {}
    for rows in (200, 400):
        table = {
            "header": [["STT", "Nội dung", "Đơn vị", "Số lượng"]],
            "rows": [[str(i), f"Nội dung dòng {i} của bảng", "Hồ sơ", str(i * 7)] for i in range(1, rows + 1)],
        }
        copy = dict(data, narrative=[*data["narrative"], {"title": "Bảng số liệu", "content": [{"table": table}]}])
        path = work / f"table-{rows}.yaml"
        path.write_text(yaml.safe_dump(copy, allow_unicode=True, sort_keys=False), encoding="utf-8")
        options = BuildOptions(out_dir=work / f"table-{rows}", appendix_docx=False, appendix_xlsx=False, jobs=1)
        jobs[rows] = lambda p=path, o=options: build([p], o)
        first = timed(jobs[rows])
        if first > 10:
            ROWS.append(Row(f"BÁO CÁO, narrative table {rows} rows", [first]))
            note(f"narrative table: {rows} rows took {first:.1f} s (not linear); 400 rows not tried")
            return
    times: dict[int, list[float]] = {200: [], 400: []}
    for _ in range(max(rounds, 15)):  # short builds: enough rounds for a fastest one on a busy machine
        for rows, job in jobs.items():
            times[rows].append(timed(job))
    # A question of the algorithm, not of the machine: the fastest rounds, which noise only slows.
    ratio = min(times[400]) / min(times[200])
    note("narrative table: the ratio is of the fastest rounds (linear in rows: below 2, quadratic: near 4)")
    ROWS.append(Row("BÁO CÁO, narrative table 200 rows", times[200]))
    ROWS.append(
        Row("BÁO CÁO, narrative table 400 rows", times[400], target="≤ 2 × the 200-row one", ratio=ratio, limit=2.0)
    )


def batch(count: int, steady: float | None, work: Path, serial: bool) -> None:
    """`build --jobs N` of `count` reports (whole process), and the peak RSS of one worker."""
    from cchc_docgen.pipeline.batch import default_jobs

    cores = default_jobs()
    reports = copies(work / "batch-in", count)
    script = f"""
import resource, sys, time
from pathlib import Path
from cchc_docgen.pipeline.build import BuildOptions, build
reports = [Path(p) for p in {[str(p) for p in reports]!r}]
start = time.perf_counter()
build(reports, BuildOptions(out_dir=Path({str(work / "batch-out")!r}), jobs={cores}))
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, peak / (2**20 if sys.platform == "darwin" else 2**10))
"""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=RUN_DIR
    ).stdout.split()
    whole = time.perf_counter() - start
    worker_peak = float(out[1])
    if steady is not None:
        ideal = count * steady / cores
        ROWS.append(
            Row(
                f"build --jobs {cores} of {count} reports",
                [whole],
                target=f"≤ 3 × {count}×steady÷{cores}",
                ratio=whole / ideal,
                limit=3.0,
            )
        )
    else:
        ROWS.append(Row(f"build --jobs {cores} of {count} reports", [whole]))
    ROWS.append(
        Row("peak RSS of one worker (MiB)", [worker_peak], target="≤ 150 MiB", unit="MiB", ratio=worker_peak, limit=150)
    )
    note(f"batch: {count} reports on {cores} cores: {whole:.1f} s with --jobs {cores}")
    if serial:
        serial_cmd = [*TOOL, "build", "--jobs", "1", "-o", str(work / "batch-serial"), *map(str, reports)]
        ROWS.append(Row(f"build --jobs 1 of {count} reports", [run(serial_cmd)]))


def pdf_batch(count: int, rounds: int, work: Path, floor: Path | None) -> None:
    """One LibreOffice session for `count` documents (half BÁO CÁO, half Phụ lục), amortised per document.

    With the floor script, the floor's own BÁO CÁO and Phụ lục of the same reports are converted the
    same way, round by round in turn: what LibreOffice takes for such documents on this machine now.
    """
    from cchc_docgen.pipeline.build import BuildOptions, build
    from cchc_docgen.pipeline.pdf import Conversion, convert_batch, find_soffice

    if find_soffice() is None:
        note("pdf: LibreOffice (soffice) not found: PDF section skipped")
        return
    reports = copies(work / "pdf-in", count // 2)
    written, _ = build(reports, BuildOptions(out_dir=work / "pdf-docx", appendix_xlsx=False))
    sets = {"tool": [p for p in written if p.suffix == ".docx"]}
    if floor:
        floor_docs = []
        for index, report in enumerate(r for r in reports if floor_makes(r)):
            out = work / "pdf-floor" / str(index)
            run([sys.executable, str(floor), str(report), "-o", str(out), "--xlsx", "none", "--files", "3"])
            floor_docs += [out / "out-floor-bc.docx", out / "out-floor-pl.docx"]
        sets["floor"] = floor_docs
    times: dict[str, list[float]] = {name: [] for name in sets}
    for round_ in range(rounds):
        for name, documents in sets.items():
            out = work / f"pdf-out-{name}-{round_}"
            out.mkdir()
            conversions = [Conversion(doc, out / f"{index}.pdf") for index, doc in enumerate(documents)]
            times[name].append(timed(lambda c=conversions: convert_batch(c)) / len(documents))
    ROWS.append(
        Row(
            f"PDF, one session, {len(sets['tool'])} documents (s/doc)",
            times["tool"],
            times.get("floor"),
            target="≤ 0.3 s per document",
            ratio=statistics.median(times["tool"]) / 0.3,
            limit=1.0,
        )
    )
    note(
        "pdf: the ratio column is the median seconds per document ÷ 0.3 s; the floor column: the floor's own"
        " BÁO CÁO and Phụ lục of the same reports, converted the same way in turn (no target)"
    )


def check_many(count: int, rounds: int, work: Path) -> None:
    """`cchc-docgen check` of `count` reports, whole process."""
    reports = copies(work / "check-in", count)
    command = [*TOOL, "check", *map(str, reports)]
    run_cpu(command, check=False)  # exit 1 would only mean a report has errors: timed all the same
    measured = [run_cpu(command, check=False) for _ in range(rounds)]
    times = [wall for wall, _ in measured]
    cpu = statistics.median(c for _, c in measured)
    ROWS.append(
        Row(
            f"check of {count} reports, whole process",
            times,
            target="≤ 1 s",
            ratio=statistics.median(times),
            limit=1.0,
            cpu_ratio=cpu,
        )
    )
    note("check: ratio is the median wall time in seconds (the target is absolute), cpu the CPU seconds of all cores")


def startup(rounds: int) -> None:
    """`--help` and `forms` (which import neither docx nor openpyxl) vs a bare interpreter."""
    bare = [run([sys.executable, "-c", "pass"]) for _ in range(rounds)]
    ROWS.append(Row("python -c pass", bare))
    for args in (["--help"], ["forms"]):
        ROWS.append(Row(f"cchc-docgen {' '.join(args)}", [run([*TOOL, *args]) for _ in range(rounds)]))


def add_ratio(
    case: str, tool: list[tuple[float, float]], floor: list[tuple[float, float]], limit: float | None, target: str
) -> None:
    """A row from (wall, cpu) pairs of the tool and of the floor (none without the floor script)."""
    wall, cpu = [w for w, _ in tool], [c for _, c in tool]
    floor_wall, floor_cpu = [w for w, _ in floor], [c for _, c in floor]
    ratio = statistics.median(wall) / statistics.median(floor_wall) if floor else None
    cpu_ratio = statistics.median(cpu) / statistics.median(floor_cpu) if floor else None
    ROWS.append(Row(case, wall, floor_wall or None, target, ratio, limit, cpu_ratio=cpu_ratio))
    print(f"  {case}: tool {fmt(wall, 's').strip()}  floor {fmt(floor_wall, 's').strip()}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer builds (for CI): a few minutes")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each interleaved pair (default 5)")
    parser.add_argument("--floor", type=Path, default=Path(os.environ.get("CCHC_FLOOR", DEFAULT_FLOOR)))
    args = parser.parse_args()
    rounds = max(args.rounds, 5)
    floor: Path | None = args.floor.resolve() if args.floor.is_file() else None
    if floor is None:
        note(f"note: floor script not found at {args.floor}; tool times only, no floor ratios")
    started = time.perf_counter()
    print(
        f"cchc-docgen benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {rounds} rounds"
        f"{', quick' if args.quick else ''}",
        flush=True,
    )
    global RUN_DIR
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        work = Path(tmp)
        RUN_DIR = work / "run"
        RUN_DIR.mkdir()
        prepare_tool(RUN_DIR)
        os.environ[CACHE_ENV] = str(work / "cache")  # starts empty; never the user's own cache
        startup(rounds)
        whole_process(floor, rounds, work, cached=True)
        whole_process(floor, rounds, work, cached=False)
        steady_state(floor, rounds, work)
        steady_rows = [row for row in ROWS if row.case.startswith("build, steady state")]
        steady = statistics.mean(statistics.median(row.tool) for row in steady_rows) if steady_rows else None
        narrative_table(rounds, work)
        check_many(100, rounds, work)
        batch(20 if args.quick else 100, steady, work, serial=not args.quick)
        memory(40 if args.quick else 300, work)
        pdf_batch(20, 3, work, floor)
    print_table()
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
