"""Render a batch of checked reports into staged files: in this process, or on every core with a process pool.

Pool workers die with the process that started them, even one killed with SIGKILL: on Linux the
kernel kills them (`prctl(PR_SET_PDEATHSIG)`), and everywhere a thread of each worker waits on a
pipe whose only writing end that process holds; the pipe reaching end of file ends the worker. A
worker left running would go on writing staged files that the next run has already cleaned up.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ..core import file_names
from ..core.errors import CchcError, Diagnostic, OutputError, error_at
from ..report.analysis import CheckedReport, analyze

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

#: Called after each report is rendered: (reports done, reports in the batch, the report).
Progress = Callable[[int, int, CheckedReport], None]
#: Below this many report files per worker, checking them in one process is faster than starting a pool.
CHECKS_PER_WORKER = 8


class Kind(Enum):
    """The documents one report produces (PDF copies are made afterwards, in one LibreOffice session)."""

    BAO_CAO = file_names.BAO_CAO_DOCX
    PHU_LUC_DOCX = file_names.PHU_LUC_DOCX
    PHU_LUC_XLSX = file_names.PHU_LUC_XLSX


class StagedFile(msgspec.Struct, frozen=True):
    """A document to render into `staged`, a temporary file that later replaces `target`."""

    kind: Kind
    target: Path
    staged: Path


class RenderJob(msgspec.Struct, frozen=True):
    """All documents of one report; picklable, so a worker process can render it."""

    checked: CheckedReport
    files: tuple[StagedFile, ...]
    template: Path | None = None


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def render_jobs(
    jobs: Sequence[RenderJob],
    workers: int | None = None,
    progress: Progress | None = None,
    context: BaseContext | None = None,
) -> None:
    """Render every job; with more than one worker and report, in a pool of processes.

    Raise the first job's CchcError (messages name the final targets). When this returns or
    raises, no worker is still writing: the caller may commit or discard the staged files.
    `context` chooses how workers start (default: the platform's own way).
    """
    count = min(workers or default_jobs(), len(jobs))
    if count <= 1:
        for done, job in enumerate(jobs, start=1):
            render_job(job)
            if progress:
                progress(done, len(jobs), job.checked)
        return
    # Imported here: multiprocessing costs a one-report build or `check` of a few files time for nothing.
    from concurrent.futures import FIRST_EXCEPTION, wait

    with _pool(count, context) as pool:
        pending: set[Future[_Failure | None]] = set()
        owner: dict[Future[_Failure | None], RenderJob] = {}
        for job in jobs:
            future = pool.submit(_render_in_worker, job)
            owner[future] = job
            pending.add(future)
        done = 0
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    failure = _result(future, owner[future])
                    if failure is not None:
                        raise failure.error_type(failure.diagnostics)
                    done += 1
                    if progress:
                        progress(done, len(jobs), owner[future].checked)
        except BaseException:
            # Leaving the `with` waits for running jobs; queued ones never start.
            for future in pending:
                future.cancel()
            raise


def _result(future: Future[_Failure | None], job: RenderJob) -> _Failure | None:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        # A worker killed from outside (out of memory, the task manager): no traceback, a way out.
        message = "một tiến trình tạo văn bản bị dừng đột ngột (có thể do thiếu bộ nhớ); hãy chạy lại với --jobs 1"
        return _Failure(OutputError, (error_at(job.files[0].target, None, message),))


def check_reports(
    paths: Sequence[Path], forms_dirs: Sequence[Path] = (), workers: int | None = None
) -> Iterator[list[Diagnostic]]:
    """The diagnostics of each report file, in order; many files are checked on every core."""
    count = min(workers or default_jobs(), len(paths) // CHECKS_PER_WORKER)
    if count <= 1:
        for path in paths:
            yield analyze(path, forms_dirs).diagnostics
        return
    with _pool(count) as pool:
        chunk = max(1, len(paths) // (count * 4))
        yield from pool.map(_diagnostics, paths, [tuple(forms_dirs)] * len(paths), chunksize=chunk)


@contextmanager
def _pool(workers: int, context: BaseContext | None = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool of `workers` that die with this process (`_start_worker`); on leaving, the
    pool is shut down (waiting for running jobs) before the lifeline is cut."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    reading, writing = (context or multiprocessing).Pipe(duplex=False)
    try:
        initargs = (os.getpid(), reading, writing)
        with ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=initargs) as pool:
            yield pool
    finally:
        writing.close()
        reading.close()


def _start_worker(parent: int, lifeline: Connection, held: Connection) -> None:
    """Initializer of a pool worker: it dies with `parent`, the process that started the pool.

    `held` is this worker's copy of the lifeline's writing end (inherited, or passed when spawned):
    closed here, so that once `parent` is gone no process holds one and `lifeline` reaches its end.
    """
    held.close()
    if sys.platform == "linux" and os.getppid() == parent:  # not under a fork server
        _kill_me_with_my_parent()
        if os.getppid() != parent:  # it died before the kernel was asked
            os._exit(1)
    threading.Thread(target=_wait_for_end, args=(lifeline,), name="cchc-lifeline", daemon=True).start()


def _kill_me_with_my_parent() -> None:
    """Ask Linux to send SIGKILL to this process when its parent ends (PR_SET_PDEATHSIG)."""
    import ctypes

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the lifeline thread still ends this worker


def _wait_for_end(lifeline: Connection) -> None:
    """Block until the lifeline's writing end is closed everywhere (nothing is ever sent), then end
    this worker at once: the process it works for is gone."""
    try:
        while True:
            lifeline.recv_bytes()
    except (EOFError, OSError):
        pass
    os._exit(1)


def _diagnostics(path: Path, forms_dirs: tuple[Path, ...]) -> list[Diagnostic]:
    return analyze(path, forms_dirs).diagnostics


def render_job(job: RenderJob) -> None:
    """Render the documents of one report into their staged files; raise CchcError naming the targets."""
    for file in job.files:
        render_staged(file.target, file.staged, functools.partial(_RENDERERS[file.kind], job))


def render_staged(target: Path, staged: Path, render: Callable[[Path], None]) -> None:
    """`render(staged)`; its errors name `target`, the file the user will look for, never the temporary one."""
    try:
        render(staged)
    except OSError as exc:
        raise OutputError(error_at(target, None, f"không ghi được tệp ({exc.strerror})")) from None
    except CchcError as exc:
        named = [msgspec.structs.replace(d, file=str(target)) if d.file == str(staged) else d for d in exc.diagnostics]
        raise type(exc)(named) from None


class _Failure(msgspec.Struct, frozen=True):
    """A CchcError raised in a worker, sent back as data (exceptions lose their fields when pickled)."""

    error_type: type[CchcError]
    diagnostics: tuple[Diagnostic, ...]


def _render_in_worker(job: RenderJob) -> _Failure | None:
    try:
        render_job(job)
    except CchcError as exc:
        return _Failure(type(exc), tuple(exc.diagnostics))
    return None


def _bao_cao(job: RenderJob, staged: Path) -> None:
    from ..render.bao_cao import default_template, render_bao_cao_docx

    render_bao_cao_docx(job.checked, staged, job.template or default_template())


def _phu_luc_docx(job: RenderJob, staged: Path) -> None:
    from ..render.appendix_docx import render_appendix_docx

    render_appendix_docx(job.checked, staged)


def _phu_luc_xlsx(job: RenderJob, staged: Path) -> None:
    from ..render.appendix_xlsx import render_appendix_xlsx

    render_appendix_xlsx(job.checked, staged)


_RENDERERS: dict[Kind, Callable[[RenderJob, Path], None]] = {
    Kind.BAO_CAO: _bao_cao,
    Kind.PHU_LUC_DOCX: _phu_luc_docx,
    Kind.PHU_LUC_XLSX: _phu_luc_xlsx,
}
