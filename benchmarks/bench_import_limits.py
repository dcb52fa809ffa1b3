"""Benchmark: how long `import` takes to refuse a workbook past the limits, next to a normal import.

The normal case imports the Phụ lục `appendix` writes for the Sở TTTT example into a copy of that
report (nothing changes). The refused cases are the files of tests/data/damaged-xlsx/ (a cell at row
1 048 576 in a 21 KB file, 400 000 rows after the table, 3 million shared strings in 44 KB), and two
made here: a sheet part that inflates to 12 MB of spaces, a zip whose parts declare 200 MB. Each must
be refused with one message; before the limits the first took 22 s and 1.5 GB, the second printed
400 000 lines, the third took 65 s. Prints the times and their ratio to the normal import; asserts
nothing about time (performance is measured, not tested).
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from cchc_docgen.core.errors import InputError
from cchc_docgen.cycle.xlsx_import import import_appendix

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "so-tttt-soc-trang" / "2022-q3.yaml"
DAMAGED = ROOT / "tests" / "data" / "damaged-xlsx"
REPEAT = 5


def with_part(name: str, data: bytes, size: int | None = None) -> bytes:
    """base.xlsx with one part replaced (or added); `size` streams that many zero bytes instead."""
    source = zipfile.ZipFile(DAMAGED / "base.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != name:
                archive.writestr(info.filename, source.read(info))
        if size is None:
            archive.writestr(name, data)
        else:
            with archive.open(name, "w", force_zip64=True) as stream:
                chunk = bytes(1 << 20)
                for _ in range(size >> 20):
                    stream.write(chunk)
    return out.getvalue()


def timed(action: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    """Median and best wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        report = folder / "2022-q3.yaml"
        shutil.copy(EXAMPLE, report)
        spaces = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        spaces += b" " * (12 << 20) + b"</worksheet>"
        made = {
            "sheet of 12 MB of spaces": with_part("xl/worksheets/sheet1.xml", spaces),
            "a part declaring 200 MB": with_part("xl/media/image1.png", b"", size=200 << 20),
        }
        cases: list[tuple[str, Path]] = [
            ("a cell at row 1 048 576", DAMAGED / "limit-far-row.xlsx"),
            ("400 000 rows after the table", DAMAGED / "limit-extra-rows.xlsx"),
            ("3 000 000 shared strings", DAMAGED / "limit-shared-strings.xlsx"),
        ]
        for name, data in made.items():
            path = folder / f"{len(cases)}.xlsx"
            path.write_bytes(data)
            cases.append((name, path))

        normal = DAMAGED / "base.xlsx"
        if import_appendix(normal, report) != []:  # also warms: imports, the form cache
            print("bench_import_limits: the normal workbook changes the report; nothing to compare")
            return 1
        base_median, base_best = timed(lambda: import_appendix(normal, report))
        print(f"{'case':<32} {'size KB':>8} {'median s':>9} {'best s':>9} {'× normal':>9}  message")
        print(f"{'normal Phụ lục (no change)':<32} {normal.stat().st_size // 1024:>8} {base_median:>9.3f}"
              f" {base_best:>9.3f} {1:>9.1f}")  # fmt: skip
        for name, path in cases:
            messages: list[str] = []

            def refuse(path: Path = path, messages: list[str] = messages) -> None:
                try:
                    import_appendix(path, report)
                except InputError as exc:
                    messages[:] = [d.message for d in exc.diagnostics]
                else:
                    raise SystemExit(f"bench_import_limits: {path.name} was not refused")

            median, best = timed(refuse)
            shown = (
                f"{len(messages)} message: {messages[0][:60]}…" if len(messages) == 1 else f"{len(messages)} messages!"
            )
            print(f"{name:<32} {path.stat().st_size // 1024:>8} {median:>9.3f} {best:>9.3f}"
                  f" {median / base_median:>9.1f}  {shown}")  # fmt: skip
        if report.read_bytes() != EXAMPLE.read_bytes():
            print("bench_import_limits: a refused import changed the report")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
