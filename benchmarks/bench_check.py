"""Benchmark: how long `check` and `build` take on the examples and on a 220-indicator report.

Prints numbers; asserts nothing (performance is measured, not tested).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cchc_docgen.forms import RowKind, load_form
from cchc_docgen.forms.catalog import _CACHE
from cchc_docgen.pipeline.build import BuildOptions, build
from cchc_docgen.report.analysis import analyze

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "data").glob("*/*.yaml"))


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and best wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def big_report(folder: Path) -> Path:
    """A report filling every indicator of the largest form (211 rows) with a value and a note."""
    form = load_form("soctrang-cap-huyen")
    lines = [
        'agency: {name: "HUYỆN X", full_name: "Ủy ban nhân dân huyện X", place: "X"}',
        "period: 2024-Q1",
        "document: {number: 5, symbol: BC-UBND, date: 2024-03-10}",
        "narrative:",
        '  - title: "Kết quả"',
        "    content:",
    ]
    lines += [f"      - 'Đoạn {i}: {{{{ pl[\"I.1.de_ra\"] }}}} nhiệm vụ, **đậm** và *nghiêng*.'" for i in range(60)]
    lines += ['signature: {authority: "CHỦ TỊCH"}', "appendix:", "  form: soctrang-cap-huyen", "  values:"]
    for row in form.rows:
        if row.kind is RowKind.SECTION or row.derive is not None:
            continue
        value = 1 if row.kind is RowKind.CODED else 0
        lines.append(f'    {row.id}: {{value: {value}, note: "Kế hoạch số 01/KH-UBND ngày 04/01/2024"}}')
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = big_report(folder)
        print(f"{'case':<48} {'median ms':>10} {'best ms':>10}")
        _CACHE.clear()
        cold = timed(lambda: analyze(big), 1)
        print(f"{'check, 211-indicator report (cold, form load)':<48} {cold[0]:>10.1f} {cold[1]:>10.1f}")
        median, best = timed(lambda: analyze(big), 20)
        print(f"{'check, 211-indicator report (warm)':<48} {median:>10.1f} {best:>10.1f}")
        for path in EXAMPLES:
            median, best = timed(lambda p=path: analyze(p), 10)
            print(f"{'check, ' + path.parent.name + '/' + path.name:<48} {median:>10.1f} {best:>10.1f}")
        for path in EXAMPLES:
            out = folder / "out"
            median, best = timed(lambda p=path, o=out: build([p], BuildOptions(out_dir=o)), 3)
            print(f"{'build (3 files), ' + path.parent.name:<48} {median:>10.1f} {best:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
