"""Benchmark: `diff` of a one-paragraph report of 10 000 and of 20 000 words, and `init --from` of
a 1.9 MB report next to `check` of the same file.

Prints numbers; asserts nothing. The paragraphs use 14 words, difflib's worst case (its time grew
with the square of the length: 1.8 s and 13.3 s); one word in 200 is replaced. 20 000 words should
cost about twice 10 000. `init --from` parsed the file three times, once with PyYAML's pure-Python
safe_load just to read the form's name (3.5 s, six times `diff` per byte); it now costs about what
`check` does, the narrative copied as typed.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cchc_docgen.cycle.carry_over import carry_over
from cchc_docgen.cycle.diff import diff_files
from cchc_docgen.report.analysis import analyze
from cchc_docgen.report.period import Period

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_check import BASE  # noqa: E402  (a small valid report)

WORDS = "cải cách hành chính thủ tục hồ sơ tiếp nhận giải quyết đúng hạn trực tuyến".split()
PLACE = "      - 'Hoàn"


def paragraph_reports(folder: Path, words: int) -> tuple[Path, Path]:
    """The same report with one paragraph of `words` words, before and after a correction."""
    rng = random.Random(words)
    old = [rng.choice(WORDS) for _ in range(words)]
    new = list(old)
    for place in rng.sample(range(words), words // 200):
        new[place] = str(place)
    paths = []
    for name, text in (("cu", old), ("moi", new)):
        path = folder / f"{name}-{words}.yaml"
        path.write_text(BASE.replace(PLACE, f'      - "{" ".join(text)}"\n{PLACE}'), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def large_report(folder: Path, size: int = 1_900_000) -> Path:
    """A report of about `size` bytes: paragraphs of 20 to 200 words."""
    rng = random.Random(size)
    paragraphs, total = [], 0
    while total < size:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 200)))
        paragraphs.append(f'      - "{text}"\n')
        total += len(paragraphs[-1].encode("utf-8"))
    path = folder / "lon.yaml"
    path.write_text(BASE.replace(PLACE, "".join(paragraphs) + PLACE), encoding="utf-8")
    return path


def timed(action: Callable[[], object], repeat: int = 3) -> float:
    """The median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds = {}
        for words in (10_000, 20_000):
            old, new = paragraph_reports(folder, words)
            seconds[words] = timed(lambda old=old, new=new: diff_files(old, new))
            print(f"diff, một đoạn {words} từ: {seconds[words] * 1000:.0f} ms")
        print(f"diff 20 000 / 10 000 từ: {seconds[20_000] / seconds[10_000]:.2f} lần (tuyến tính: khoảng 2)")

        large = large_report(folder)
        size = large.stat().st_size / 1_000_000
        check = timed(lambda: analyze(large))
        init = timed(lambda: carry_over(large, Period.parse("2022-Q4"), folder / "moi.yaml"))
        print(f"check, tệp {size:.1f} MB: {check * 1000:.0f} ms")
        print(f"init --from, cùng tệp: {init * 1000:.0f} ms")
        print(f"init --from / check: {init / check:.2f} lần")
    return 0


if __name__ == "__main__":
    sys.exit(main())
