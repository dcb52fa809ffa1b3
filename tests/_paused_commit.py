"""Run the command line, pausing a commit after its N-th rename of one step so that a test can kill it.

Usage: python _paused_commit.py STEP N FLAG ARG...  (STEP: backup, install or cleanup). When the
pause is reached the file FLAG is created and the process sleeps; the test then sends SIGKILL.
The production code has no hook for this: the renames and deletions are watched from outside.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    step, wanted, flag, *args = sys.argv[1:]
    counts = {"backup": 0, "install": 0, "cleanup": 0}

    def reached(kind: str) -> None:
        counts[kind] += 1
        if kind == step and counts[kind] == int(wanted):
            Path(flag).touch()
            time.sleep(600)

    real_replace = os.replace
    real_unlink = Path.unlink

    def replace(source: str | os.PathLike[str], destination: str | os.PathLike[str]) -> None:
        real_replace(source, destination)
        src, dst = os.path.basename(source), os.path.basename(destination)
        if dst.startswith(".cchc-") and dst.endswith(".bak"):
            reached("backup")
        elif src.startswith(".cchc-") and src.endswith(".tmp") and not dst.startswith(".cchc-"):
            reached("install")

    def unlink(self: Path, missing_ok: bool = False) -> None:
        real_unlink(self, missing_ok=missing_ok)
        if self.name.startswith(".cchc-") and self.name.endswith(".bak"):
            reached("cleanup")

    os.replace = replace  # type: ignore[assignment]
    Path.unlink = unlink  # type: ignore[method-assign]
    from cchc_docgen.cli import main as cli

    cli(args)


if __name__ == "__main__":
    main()
