"""Benchmark: `aggregate` over 100 agency reports of one form and period (the target is ≤ 2 s).

Makes 100 report files from the Sở TTTT example (new names; counts times 1…100, percentages and
codes varied, each agency's values valid), checks that all 100 are aggregated without an error (a
figure for the error path would measure the wrong thing), then times the whole command: reading and
checking every file, compiling, writing the workbook and both Phụ lục files. Prints numbers;
asserts nothing about time (performance is measured, not tested).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from cchc_docgen.aggregate.compile import State, compile_province
from cchc_docgen.aggregate.inputs import analyze_input, submission
from cchc_docgen.aggregate.run import AggregateOptions, aggregate
from cchc_docgen.forms import Form, RowKind, load_form

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "so-tttt-soc-trang" / "2022-q3.yaml"
AGENCIES = 100


def agency_values(form: Form, values: dict[str, object], i: int) -> dict[str, object]:
    """Agency `i`'s values, from the example's: counts times `i` (every sum and bound of the form
    still holds), percentages scaled within 0…100, codes cycled through; derived rows left to the tool."""
    typed: dict[str, object] = {}
    for row_id, entry in values.items():
        row = form.by_id[row_id]
        value = entry.get("value") if isinstance(entry, dict) else entry
        if value is None or row.derive is not None or row.kind is RowKind.SECTION:
            continue
        if isinstance(value, str):  # "04": a count typed with its printed leading zero
            value = int(value)
        assert isinstance(value, (int, float))
        if row.kind is RowKind.CODED:
            assert row.codes is not None
            codes = list(row.codes.values)
            typed[row_id] = codes[i % len(codes)]
        elif row.kind is RowKind.PERCENT:
            typed[row_id] = round(min(100.0, value * i / 4), 2)
        else:
            typed[row_id] = value * i
    return typed


def agency_files(folder: Path, count: int) -> list[Path]:
    """`count` report files: the example without its narrative, renamed, each with its own valid values."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    form = load_form(data["appendix"]["form"])
    data.pop("narrative")
    values = data["appendix"]["values"]
    paths = []
    for i in range(1, count + 1):
        data["agency"].update(name=f"SỞ SỐ {i}", full_name=f"Sở số {i} tỉnh Sóc Trăng")
        data["appendix"]["values"] = agency_values(form, values, i)
        path = folder / f"so-{i}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def timed(action: object, repeat: int) -> tuple[float, float, float]:
    """Median and best wall time, and best CPU time of this process, in seconds. On a shared machine
    the wall time includes waiting for a core; the CPU time is what the work itself costs."""
    assert callable(action)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), min(times), min(cpu)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = agency_files(folder, AGENCIES)
        options = AggregateOptions(out_dir=folder / "out")
        # What is timed must be the work itself, not its error path: all agencies aggregated, none in error.
        result = aggregate(paths, options)  # also warms: imports, form cache
        errors = [str(d) for d in result.diagnostics if d.is_error]
        compilation = result.compilation
        if errors or compilation.count(State.SUBMITTED) != AGENCIES or len(compilation.columns) != AGENCIES:
            print("bench_aggregate: the generated reports do not all aggregate cleanly:", *errors[:5], sep="\n")
            return 1
        print(f"{len(compilation.columns)}/{AGENCIES} agencies aggregated, all submitted, none in error")

        def read() -> list[object]:
            return [submission(analyze_input(p)) for p in paths]

        subs = [submission(analyze_input(p)) for p in paths]
        form = load_form("soctrang-so-nganh")
        print(f"{'case (' + str(AGENCIES) + ' reports)':<48} {'median s':>9} {'best s':>9} {'cpu s':>9}")
        for name, action in (
            ("read and check every file", read),
            ("compile totals and warnings", lambda: compile_province(subs, form, subs[0].period, "tỉnh X")),  # type: ignore[arg-type]
            ("whole aggregate (read, compile, write 3 files)", lambda: aggregate(paths, options)),
        ):
            median, best, cpu = timed(action, 3)
            print(f"{name:<48} {median:>9.2f} {best:>9.2f} {cpu:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
