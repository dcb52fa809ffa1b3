"""Write the normalized view of the Phụ lục XLSX the openpyxl writer made, one JSON per case.

The openpyxl writer (render/appendix_xlsx.py up to commit e41a56b) is gone; this script takes that
commit's package out of git (`git archive`, the working tree is not touched), renders every case of
`cases.json` with it in a child process, and stores `tests.xlsx_normalized.normalized_json` of each
file as `<case>.json` beside this script. `tests/test_xlsx_reference.py` compares today's writer
with these files. Run from the repository, with the virtual environment active:

    python tests/data/xlsx-reference/make_reference.py [--commit e41a56b]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from tests.xlsx_normalized import normalized_json  # noqa: E402

RENDER = """
import sys
from pathlib import Path
from cchc_docgen.render.appendix_xlsx import render_appendix_xlsx
from cchc_docgen.report.analysis import load_checked
report, forms, target = sys.argv[1:]
render_appendix_xlsx(load_checked(Path(report), (Path(forms),) if forms else ()), Path(target))
"""


def cases() -> dict[str, dict[str, str | None]]:
    """Case name → {"report": path, "forms": folder or None}, paths relative to the repository."""
    loaded: dict[str, dict[str, str | None]] = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    return loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commit", default="e41a56b", help="the commit whose writer is the reference")
    args = parser.parse_args()
    archive = subprocess.run(
        ["git", "archive", args.commit, "cchc_docgen", "templates"], cwd=ROOT, capture_output=True, check=True
    )
    with tempfile.TemporaryDirectory(prefix="xlsx-reference-") as tmp:
        old = Path(tmp) / "old"
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(old, filter="data")
        env = dict(os.environ, PYTHONPATH=str(old), CCHC_DOCGEN_CACHE="0")
        for name, case in cases().items():
            target = Path(tmp) / f"{name}.xlsx"
            command = [sys.executable, "-c", RENDER, str(ROOT / str(case["report"])), "", str(target)]
            if case["forms"]:
                command[-2] = str(ROOT / case["forms"])
            subprocess.run(command, cwd=tmp, env=env, check=True)
            (HERE / f"{name}.json").write_text(normalized_json(target), encoding="utf-8")
            print(f"{name}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
