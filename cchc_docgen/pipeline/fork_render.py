"""One report's documents rendered on two cores: its Phụ lục DOCX (the longest to make) by a child
forked from this warm process, the BÁO CÁO and the Phụ lục XLSX here, at the same time.

Only where a process forks as it is (Linux, no other thread running), for a single report whose
Phụ lục DOCX is made along with another document; otherwise everything is rendered here, as before.
The child renders into the file staged for it and reports back through a pipe (a `CchcError` as
data, or the text of anything else that went wrong), then ends at once; it dies with this process.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
from collections.abc import Sequence
from typing import Any

from .batch import Kind, RenderJob, _kill_me_with_my_parent, render_in_worker, render_jobs, split_off


class ChildFailed(RuntimeError):
    """The forked child hit something other than a user's mistake (a bug): raised here as it would
    have been, had the document been rendered in this process."""


def _can_fork() -> bool:
    """Linux, with a second core to render on and no thread a fork could catch mid-work."""
    if sys.platform != "linux" or threading.active_count() != 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


def render_forked(jobs: Sequence[RenderJob]) -> None:
    """Render `jobs`, the Phụ lục DOCX of a single report in a forked child where that helps."""
    if len(jobs) != 1 or not _can_fork():
        render_jobs(jobs, 1)
        return
    parts = split_off(jobs[0], Kind.PHU_LUC_DOCX)
    if parts is None:
        render_jobs(jobs, 1)
        return
    sent, kept = parts
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which ends with os._exit
        os.close(reading)
        _child(sent, writing)
    os.close(writing)
    try:
        render_jobs([kept], 1)
    finally:  # the child's staged file is written (or given up) before anyone discards it
        report = _read_all(reading)
        os.waitpid(child, 0)
    outcome: tuple[str, Any] = pickle.loads(report) if report else ("died", "")
    if outcome[0] == "failure":
        raise outcome[1].error()
    if outcome[0] in ("error", "died"):
        raise ChildFailed(f"Phụ lục DOCX: {outcome[1] or 'tiến trình con dừng giữa chừng'}")


def _child(job: RenderJob, writing: int) -> None:
    """In the child: render, send the outcome, end without running this process's exit handlers."""
    gc.disable()  # a short life: collecting would only copy pages shared with the parent
    code = 0
    try:
        _kill_me_with_my_parent()
        failure = render_in_worker(job)
        outcome: tuple[str, object] = ("failure", failure) if failure is not None else ("ok", None)
    except BaseException as exc:  # reported to the parent, which raises it
        outcome, code = ("error", f"{type(exc).__name__}: {exc}"), 1
    try:
        data = pickle.dumps(outcome)
        view = memoryview(data)
        while view:
            view = view[os.write(writing, view) :]
    finally:
        os._exit(code)


def _read_all(reading: int) -> bytes:
    chunks = []
    try:
        while chunk := os.read(reading, 65536):
            chunks.append(chunk)
    finally:
        os.close(reading)
    return b"".join(chunks)
