"""`cchc-docgen … | head`: when the reader of the output goes away, the command stops quietly (exit 1),
never with "lỗi bên trong chương trình" (exit 3)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import EXAMPLES


@pytest.mark.skipif(sys.platform == "win32", reason="a closed pipe on POSIX")
@pytest.mark.parametrize(
    "args",
    [["forms"], ["check", *map(str, EXAMPLES.values())], ["schema", "--form", "soctrang-so-nganh"]],
    ids=["forms", "check", "schema"],
)
def test_a_closed_output_pipe_stops_quietly(args: list[str]) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "cchc_docgen", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # as `head` does once it has read its lines
    stderr = child.stderr.read().decode("utf-8")
    child.stderr.close()
    assert child.wait(timeout=60) == 1
    assert "lỗi bên trong chương trình" not in stderr and "Traceback" not in stderr
