"""A command run as its own process tunes the garbage collector (fewer collections, none over all it
made as it exits); a caller's run leaves the collector alone."""

from __future__ import annotations

import atexit
import gc
import subprocess
import sys

from cchc_docgen.cli.main import YOUNG_COLLECTION_THRESHOLD

from .conftest import run_cli

PROBE = """
import atexit, gc, sys
# Registered first, so it runs last: after the command's own exit handlers.
atexit.register(lambda: print("frozen", gc.get_freeze_count(), gc.get_threshold()[0], file=sys.stderr))
sys.argv = ["cchc-docgen", "forms"]
from cchc_docgen.cli import main
main()
"""


def test_own_process_freezes_its_objects_at_exit() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert result.returncode == 0
    assert "soctrang-so-nganh" in result.stdout  # the command did run
    frozen, threshold = map(int, result.stderr.strip().splitlines()[-1].removeprefix("frozen ").split())
    assert frozen > 10_000  # the modules and what the command made, left out of the last collection
    assert threshold == YOUNG_COLLECTION_THRESHOLD


def test_a_callers_run_leaves_the_collector_alone() -> None:
    before, threshold = atexit._ncallbacks(), gc.get_threshold()  # type: ignore[attr-defined]
    result = run_cli("forms")
    assert result.exit_code == 0 and "soctrang-so-nganh" in result.output
    assert atexit._ncallbacks() == before  # type: ignore[attr-defined]
    assert gc.get_threshold() == threshold
