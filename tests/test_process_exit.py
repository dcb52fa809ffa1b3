"""A command run as its own process skips Python's last garbage collection; a caller's run does not."""

from __future__ import annotations

import atexit
import subprocess
import sys

from .conftest import run_cli

PROBE = """
import atexit, gc, sys
# Registered first, so it runs last: after the command's own exit handlers.
atexit.register(lambda: print("frozen", gc.get_freeze_count(), file=sys.stderr))
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
    frozen = int(result.stderr.strip().splitlines()[-1].removeprefix("frozen "))
    assert frozen > 10_000  # the modules and what the command made, left out of the last collection


def test_a_callers_run_leaves_the_collector_alone() -> None:
    before = atexit._ncallbacks()  # type: ignore[attr-defined]
    result = run_cli("forms")
    assert result.exit_code == 0 and "soctrang-so-nganh" in result.output
    assert atexit._ncallbacks() == before  # type: ignore[attr-defined]
