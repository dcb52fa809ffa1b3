"""Fuzz: ten thousand damaged reports end in exit 0 or located Vietnamese errors, never a traceback.

Each run checks the same seeded cases (tests/mutations.py), in process, on two worker processes;
every case has its own time limit and the whole run an overall one, so a hang fails the test
instead of stalling CI. A few hundred cases also go through `build`; damaged Phụ lục workbooks
(tests/xlsx_mutations.py) go through `import` and `aggregate`.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cchc_docgen.cli import main

from .conftest import FORMS
from .mutations import damaged_reports

# Minutes of work: left out of the fast loop (-m "not slow").
pytestmark = pytest.mark.slow

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


def invoke_limited(runner: CliRunner, args: list[str]) -> Result | CaseTimeout:
    """`cchc-docgen ARGS…` within time_limit(): its result, or the timeout that cut it short."""
    try:
        with time_limit():
            return runner.invoke(main, args)
    except CaseTimeout as exc:
        return exc


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
            result = invoke_limited(runner, args)
            if isinstance(result, CaseTimeout):
                failures.append(f"{command} seed {seed} case {case}: {result} {again}")
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


def in_workers(run: Callable[..., tuple[int, list[str]]], jobs: list[tuple[Any, ...]], total: int, what: str) -> None:
    """`run(*job)` for each job on (at most) two forked workers of bounded memory, all within
    OVERALL_LIMIT_S; each returns (cases run, failures). Every case ran, and none failed."""
    workers = max(1, min(2, os.cpu_count() or 1))
    deadline = time.monotonic() + OVERALL_LIMIT_S
    done, failures = 0, []
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_limit_memory) as pool:
        for future in [pool.submit(run, *job) for job in jobs]:
            count, found = future.result(timeout=max(1.0, deadline - time.monotonic()))
            done += count
            failures += found
    assert done == total
    assert not failures, f"{len(failures)} of {total} {what} failed; first ones:\n" + "\n\n".join(failures[:5])


def seeded(command: str, total: int, chunk: int) -> list[tuple[str, int, int]]:
    """`total` cases of `command` in chunks of `chunk`, one seed each: (command, seed, count)."""
    return [(command, seed, min(chunk, total - start)) for seed, start in enumerate(range(0, total, chunk))]


def _run_all(command: str, total: int, chunk: int) -> None:
    in_workers(run_cases, seeded(command, total, chunk), total, f"{command} cases")


def test_ten_thousand_damaged_reports_check_cleanly() -> None:
    _run_all("check", CHECK_CASES, CHUNK)


def test_damaged_reports_build_cleanly() -> None:
    _run_all("build", BUILD_CASES, 50)


# -- numbers -------------------------------------------------------------------------------
# Digit strings no figure has, in every place a number is read: values (counts, percents, with a
# qualifier, under `value:`), document.number, the period, dates, table cells and widths, list
# starts, spans, section numbers, numbers in running text; and in a form: a row's STT, the STT
# heading, a code, the widths. `check`, `build` (when `check` passes), `diff` and `init --from`
# must end in exit 0 or 1 with no traceback; never exit 3 ("lỗi bên trong chương trình").

_LONG = 5000  # past Python's 4 300-digit limit on int("…")
NUMBER_STRINGS = [
    "1" * 16, "9" * 101, "1" * _LONG, "0" * _LONG + "1", "-" + "1" * _LONG, "+" + "1" * _LONG,
    "١" * _LONG, "۱" * _LONG, "１" * _LONG, "𝟏" * 20, "१" * _LONG, "1." + "000." * 1500 + "000",
    "1," + "5" * _LONG, "1" * _LONG + ".5", "1e" + "9" * _LONG, "0x" + "f" * _LONG, "1_" * 2500 + "1",
    "1" * _LONG + " (lượt)", "0000-01-01", "-0",
]  # fmt: skip
_HOAN = "      - 'Hoàn"
NUMBER_PLACES = {
    "value": ("I.1.de_ra: 46", "I.1.de_ra: {s}"),
    "percent": ("I.4.qua_han: 1", "I.4.qua_han: 1\n    I.3.ty_le: {s}"),
    "percent-sign": ("I.4.qua_han: 1", "I.4.qua_han: 1\n    I.3.ty_le: {s}%"),
    "value-key": ("I.1.de_ra: 46", "I.1.de_ra: {{value: {s}, note: x}}"),
    "qualified": ("I.1.de_ra: 46", "I.1.de_ra: {s} (lượt)"),
    "qualifier": ("I.1.de_ra: 46", "I.1.de_ra: {{value: 46, qualifier: {s}}}"),
    "number": ("  number: 174", "  number: {s}"),
    "date": ("  date: 2022-09-15", "  date: {s}"),
    "period": ("period: 2022-Q3", "period: {s}"),
    "period-year": ("period: 2022-Q3", "period: {s}-Q3"),
    "window": ("document:", "data_window: {{from: {s}, to: 2022-09-14}}\ndocument:"),
    "cell": (_HOAN, "      - table: {{rows: [[{s}, b]]}}\n" + _HOAN),
    "start": (_HOAN, "      - {{list: [a], start: {s}}}\n" + _HOAN),
    "colspan": (_HOAN, "      - table: {{rows: [[{{text: a, rowspan: {s}}}]]}}\n" + _HOAN),
    "widths": (_HOAN, "      - table: {{rows: [[a, b]], widths: [{s}, 1]}}\n" + _HOAN),
    "section-number": ('  - title: "Kết quả"', '  - title: "Kết quả"\n    number: {s}'),
    "running-text": ("nhiệm vụ.'", "nhiệm vụ. {r}/2 và {r}% và {r}'"),
}
FORM_PLACES = {
    "row-stt": ('stt: "1"', "stt: {s}"),
    "stt-heading": ('  stt: "STT"', "  stt: {s}"),
    "code": ('values: {1: "Có", 0: "Không"}', 'values:\n      ? {s}\n      : "Có"\n      0: "Không"'),
    "form-widths": ("widths: [7, 30, 13, 21, 29]", "widths: [{s}, 30, 13, 21, 29]"),
}
STRINGS_PER_PLACE = 6


def number_cases() -> list[tuple[str, str, bool]]:
    """(place, digit string, quoted): a seeded choice of strings for each place, always the same."""
    rng = random.Random(4300)
    return [
        (place, string, rng.random() < 0.5)
        for place in (*NUMBER_PLACES, *FORM_PLACES)
        for string in rng.sample(NUMBER_STRINGS, STRINGS_PER_PLACE)
    ]


def _number_files(work: Path, place: str, string: str, quoted: bool) -> tuple[Path, list[str]]:
    """The damaged report (and form) of one case, and the --forms-dir arguments it needs."""
    from .test_check import BASE

    typed = json.dumps(string, ensure_ascii=False) if quoted else string
    report, forms = BASE, work / "forms"
    if place in NUMBER_PLACES:
        old, new = NUMBER_PLACES[place]
        report = report.replace(old, new.format(s=typed, r=string))
    else:
        old, new = FORM_PLACES[place]
        form = (FORMS / "soctrang-so-nganh.yaml").read_text("utf-8")
        forms.mkdir(exist_ok=True)
        form = form.replace("id: soctrang-so-nganh", "id: thu").replace(old, new.format(s=typed), 1)
        (forms / "thu.yaml").write_text(form, encoding="utf-8")
        report = report.replace("form: soctrang-so-nganh", "form: thu")
    path = work / "r.yaml"
    path.write_text(report, encoding="utf-8")
    return path, ["--forms-dir", str(forms)] if place in FORM_PLACES else []


def run_number_cases(cases: list[tuple[str, str, bool]]) -> tuple[int, list[str]]:
    """Each case through check, diff, init --from, and build when check passes."""
    from .test_check import BASE

    failures = []
    runner = CliRunner()
    for place, string, quoted in cases:
        with tempfile.TemporaryDirectory(prefix="cchc-numbers-") as work:
            folder = Path(work)
            path, forms = _number_files(folder, place, string, quoted)
            base = folder / "base.yaml"
            base.write_text(BASE, encoding="utf-8")
            name = f"{place} {string[:12]!r}… ({len(string)} chars, {'quoted' if quoted else 'plain'})"
            runs = [
                ["check", str(path), *forms],
                ["diff", str(base), str(path), *forms],
                ["init", "--from", str(path), "--period", "2022-Q4", "-o", str(folder / "moi.yaml"), *forms],
            ]
            for args in runs:
                result = invoke_limited(runner, args)
                if isinstance(result, CaseTimeout):
                    failures.append(f"{args[0]} {name}: {result}")
                    continue
                problem = judge(result, path) if args[0] == "check" else None
                if result.exit_code not in (0, 1) or "Traceback" in result.output:
                    problem = f"exit {result.exit_code}: {result.output[-300:]}"
                if problem is None and args[0] == "check" and result.exit_code == 0:
                    runs.append(["build", str(path), "-o", str(folder / "out"), *forms])
                if problem is not None:
                    failures.append(f"{args[0]} {name}: {problem}")
    return len(cases), failures


def test_odd_numbers_in_every_numeric_place() -> None:
    cases = number_cases()
    assert len(cases) == len(NUMBER_PLACES | FORM_PLACES) * STRINGS_PER_PLACE
    in_workers(run_number_cases, [(cases[0::2],), (cases[1::2],)], len(cases), "number cases")


# -- damaged Phụ lục workbooks -------------------------------------------------------------------
# Bytes flipped inside the zip's parts, parts and files cut short, cells given another type, value,
# style or address, XML tokens dropped in (tests/xlsx_mutations.py), from the Phụ lục cchc-docgen
# writes and the same saved by LibreOffice. `import` ends in exit 0, or exit 1 with located errors
# and the report untouched; `aggregate` (sixty cases, beside a good agency) likewise. Never
# exit 3. Both tests have "workbooks" in their names: `-k "not workbooks"` leaves them out.

IMPORT_CASES = 500
AGGREGATE_CASES = 60
_LOCATED = re.compile(r"^.+?: (?:lỗi|cảnh báo): \S")
_COMPILED = re.compile(r"^Đã tổng hợp \d+/\d+ cơ quan \(.+\)\.$")


def judge_workbook_run(result: Result, command: str, inputs: tuple[Path, ...]) -> str | None:
    """What is wrong with one `import` or `aggregate` run, or None."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return f"{type(result.exception).__name__}: {result.exception}"
    if result.exit_code not in (0, 1) or "Traceback" in result.output or "lỗi bên trong chương trình" in result.output:
        return f"exit {result.exit_code}: {result.output[-500:]}"
    errors = 0
    for line in result.stderr.splitlines():
        if command == "aggregate" and _COMPILED.match(line):
            continue
        if not _LOCATED.match(line) or not line.startswith(tuple(str(p) for p in inputs)):
            return f"unlocated line: {line[:300]}"
        errors += ": lỗi: " in line
    if result.exit_code == 1 and not errors:
        return f"exit 1 without an error: {result.output[-500:]}"
    if command == "import" and result.exit_code == 1 and result.stdout:
        return f"a refused import printed changes: {result.stdout[-300:]}"
    return None


def run_workbook_cases(command: str, seed: int, count: int) -> tuple[int, list[str]]:
    """`count` damaged workbooks of `seed` through `command`; (cases run, failures)."""
    from .conftest import EXAMPLES
    from .province import Agency, write_agency
    from .xlsx_mutations import damaged_workbooks

    failures = []
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="cchc-fuzz-xlsx-") as work:
        folder = Path(work)
        xlsx, out = folder / "PHU-LUC.xlsx", folder / "out"
        report = folder / "2022-q3.yaml"
        original = EXAMPLES["004"].read_bytes()  # the report every workbook was built from
        report.write_bytes(original)
        alpha = write_agency(folder, Agency("alpha", "Sở Alpha tỉnh Sóc Trăng", 1), 0)
        for case, data in damaged_workbooks(seed, count):
            xlsx.write_bytes(data)
            again = f"(the case again: list(damaged_workbooks({seed}, {case + 1}))[-1])"
            if command == "import":
                args, inputs = ["import", str(xlsx), str(report)], (xlsx, report)
            else:
                args, inputs = ["aggregate", str(alpha), str(xlsx), "-o", str(out)], (alpha, xlsx, out)
            result = invoke_limited(runner, args)
            if isinstance(result, CaseTimeout):
                failures.append(f"{command} seed {seed} case {case}: {result} {again}")
                continue
            problem = judge_workbook_run(result, command, inputs)
            if problem is None and command == "import" and result.exit_code == 1 and report.read_bytes() != original:
                problem = "a refused import changed the report"
            if problem is not None:
                failures.append(f"{command} seed {seed} case {case}: {problem} {again}")
            report.write_bytes(original)  # a workbook damaged only in a number imports it
            for file in out.glob("*") if out.exists() else []:
                file.unlink()
    return count, failures


def _run_workbooks(command: str, total: int, chunk: int) -> None:
    in_workers(run_workbook_cases, seeded(command, total, chunk), total, f"{command} cases")


def test_damaged_workbooks_import_cleanly() -> None:
    _run_workbooks("import", IMPORT_CASES, 125)


def test_damaged_workbooks_aggregate_cleanly() -> None:
    _run_workbooks("aggregate", AGGREGATE_CASES, 30)
