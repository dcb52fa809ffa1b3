"""Commands that write no document do not load the Word and Excel libraries (a fresh interpreter each)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

#: Libraries these commands do not need: the Word and Excel ones, and the process pool (one file).
HEAVY = ("docx", "docxtpl", "openpyxl", "lxml", "multiprocessing", "ruamel")

PROBE = """
import json, sys
from cchc_docgen.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}})), file=sys.stderr)
"""


def modules_after(args: list[str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, encoding="utf-8", check=True
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [["--help"], ["forms"], ["build", "--help"], ["check", str(EXAMPLES["002"])]],
    ids=["help", "forms", "build-help", "check"],
)
def test_command_does_not_import_document_libraries(args: list[str]) -> None:
    loaded = modules_after(args)
    assert "cchc_docgen" in loaded and "click" in loaded  # the probe did run the command
    assert not loaded & set(HEAVY)


def test_build_does_import_them(tmp_path: Path) -> None:
    """The probe can see a heavy import: `appendix` of one report loads openpyxl."""
    loaded = modules_after(["appendix", "--format", "xlsx", str(EXAMPLES["002"]), "-o", str(tmp_path)])
    assert "openpyxl" in loaded
    assert [p.name for p in tmp_path.iterdir()] == ["huyen-cu-lao-dung-2023-q1-phu-luc.xlsx"]
