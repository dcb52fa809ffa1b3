"""Commands that write no document do not load the Word and Excel libraries (a fresh interpreter each)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

#: Libraries these commands do not need: the Word and Excel ones, and the process pool (one file).
HEAVY = ("docx", "docxtpl", "openpyxl", "xlsxwriter", "lxml", "multiprocessing", "ruamel")

PROBE = """
import json, sys
from cchc_docgen.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(args: list[str], whole_names: bool = False) -> set[str]:
    """The modules loaded once `cchc-docgen ARGS` has run: top-level packages, or every module."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, encoding="utf-8", check=True
    )
    names = json.loads(result.stderr.strip().splitlines()[-1])
    return set(names) if whole_names else {name.split(".")[0] for name in names}


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
    """The probe can see a heavy import: `appendix` of one report loads the spreadsheet writer,
    xlsxwriter, and not openpyxl (only readers of a workbook need it)."""
    loaded = modules_after(["appendix", "--format", "xlsx", str(EXAMPLES["002"]), "-o", str(tmp_path)])
    assert "xlsxwriter" in loaded
    assert "openpyxl" not in loaded
    assert [p.name for p in tmp_path.iterdir()] == ["huyen-cu-lao-dung-2023-q1-phu-luc.xlsx"]


#: What a build without --pdf has no use for: the LibreOffice driver and other commands' modules.
NOT_FOR_BUILD = (
    "subprocess",
    "openpyxl",  # the Phụ lục XLSX is written with xlsxwriter; openpyxl only reads (import, aggregate)
    "ruamel",  # only for commands that edit a report file
    "jsonschema",
    "cchc_docgen.pipeline.pdf",
    "cchc_docgen.aggregate.compile",
    "cchc_docgen.cycle.diff",
    "cchc_docgen.report.schema",
    "cchc_docgen.cycle.skeleton",
    "cchc_docgen.cycle.carry_over",
)


def test_build_of_one_report_loads_only_what_it_uses(tmp_path: Path) -> None:
    loaded = modules_after(["build", str(EXAMPLES["002"]), "-o", str(tmp_path)], whole_names=True)
    assert {"docxtpl", "xlsxwriter", "cchc_docgen.pipeline.build"} <= loaded  # the probe did build
    assert len(list(tmp_path.iterdir())) == 3
    assert not loaded & set(NOT_FOR_BUILD)
