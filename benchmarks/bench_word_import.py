"""How `import BAO-CAO.docx` grows with the document: a BÁO CÁO made 1, 2, 4, 8 and 16 times as long
(its narrative repeated), each imported in process, rounds interleaved; prints seconds per page and
the ratio of the largest to the smallest per page (1.0 is linear).

    python benchmarks/bench_word_import.py [--rounds N]

Pages are the pages LibreOffice prints, estimated as 1 per 2 100 characters of text (the Sở TTTT
example's BÁO CÁO: 9 pages, 19 100 characters); the largest document is about 150 pages.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_docgen.intake.word_import import import_word  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLE = ROOT / "data" / "so-tttt-soc-trang" / "2022-q3.yaml"
CHARS_PER_PAGE = 2_100


def longer(source: Path, target: Path, times: int) -> int:
    """`source` with its narrative (the paragraphs between the opening and the closing) repeated
    `times` times; returns the characters of text."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{W}body")
    assert body is not None
    children = list(body)
    texts = ["".join(p.itertext()) for p in children]
    start = next(i for i, t in enumerate(texts) if t.startswith("I. "))
    end = next(i for i, t in enumerate(texts) if t.startswith("Trên đây"))
    narrative = children[start:end]
    anchor = children[end]
    for _ in range(times - 1):
        for element in narrative:
            anchor.addprevious(copy.deepcopy(element))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return len("".join(root.itertext()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-word-"))
    try:
        subprocess.run(
            [sys.executable, "-m", "cchc_docgen", "build", str(EXAMPLE), "-o", str(work / "built")],
            check=True,
            capture_output=True,
        )
        (source,) = (work / "built").glob("*bao-cao.docx")
        sizes = (1, 2, 4, 8, 16)
        documents = {}
        for times in sizes:
            target = work / f"x{times}.docx"
            documents[times] = (target, longer(source, target, times))
        import_word(documents[1][0])  # warm imports and caches
        best = {times: float("inf") for times in sizes}
        for _ in range(args.rounds):
            for times in sizes:
                started = time.perf_counter()
                import_word(documents[times][0])
                best[times] = min(best[times], time.perf_counter() - started)
        print(f"{'document':<12} {'pages':>6} {'import s':>9} {'ms/page':>8}")
        per_page = {}
        for times in sizes:
            pages = documents[times][1] / CHARS_PER_PAGE
            per_page[times] = best[times] / pages
            print(f"{'x' + str(times):<12} {pages:6.0f} {best[times]:9.3f} {per_page[times] * 1000:8.2f}")
        ratio = per_page[sizes[-1]] / per_page[sizes[0]]
        print(f"per-page time, largest / smallest: {ratio:.2f} (1.00 = linear; best of {args.rounds} rounds)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
