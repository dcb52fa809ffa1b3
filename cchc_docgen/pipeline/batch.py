"""Render a batch of checked reports into staged files: in this process, or on every core with a process pool.

Pool workers die with the process that started them, even one killed with SIGKILL: on Linux the
kernel kills them (`prctl(PR_SET_PDEATHSIG)`), and everywhere a thread of each worker waits on a
pipe whose only writing end that process holds; the pipe reaching end of file ends the worker. A
worker left running would go on writing staged files that the next run has already cleaned up.

A batch of report files (`make_reports`) is checked and rendered in the workers, each report by
one worker from its file to its staged documents; the renderers are imported before the pool
starts, so that forked workers have them already (where the platform forks: Linux).
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
from ..core.atomic import reserve_for
from ..core.errors import CchcError, Diagnostic, OutputError, error_at, os_reason
from ..report.analysis import CheckedReport, Outline, analyze

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

#: Called after each report is rendered: (reports done, reports in the batch, the report's outline).
Progress = Callable[[int, int, Outline], None]
#: Below this many report files per worker, checking them in one process is faster than starting a pool.
CHECKS_PER_WORKER = 8
#: The documents of one checked report to stage: (kind, final target) pairs; picklable (spawned workers).
Plan = Callable[[CheckedReport], "list[tuple[Kind, Path]]"]


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


def split_off(job: RenderJob, kind: Kind) -> tuple[RenderJob, RenderJob] | None:
    """`job` as two jobs, its documents of `kind` (to render in another process) and the rest;
    None when either would be empty (nothing to gain from rendering apart)."""
    sent = tuple(file for file in job.files if file.kind is kind)
    kept = tuple(file for file in job.files if file.kind is not kind)
    if not sent or not kept:
        return None
    return RenderJob(job.checked, sent, job.template), RenderJob(job.checked, kept, job.template)


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
                progress(done, len(jobs), job.checked.outline)
        return
    # Imported here: multiprocessing costs a one-report build or `check` of a few files time for nothing.
    from concurrent.futures import FIRST_EXCEPTION, wait

    with _pool(count, context) as pool:
        pending: set[Future[_Failure | None]] = set()
        owner: dict[Future[_Failure | None], RenderJob] = {}
        for job in jobs:
            future = pool.submit(render_in_worker, job)
            owner[future] = job
            pending.add(future)
        done = 0
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    failure = _result(future, owner[future])
                    if failure is not None:
                        raise failure.error()
                    done += 1
                    if progress:
                        progress(done, len(jobs), owner[future].checked.outline)
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
        return _Failure(OutputError, (_worker_died(job.files[0].target),))


def _worker_died(named: Path) -> Diagnostic:
    """A worker killed from outside (out of memory, the task manager): no traceback, a way out."""
    message = "một tiến trình tạo văn bản bị dừng đột ngột (có thể do thiếu bộ nhớ); hãy chạy lại với --jobs 1"
    return error_at(named, None, message)


class Made(msgspec.Struct, frozen=True):
    """What a worker made of one report file: its check's diagnostics and, without errors, the
    outline of the checked report and its staged documents (or the failure that stopped its
    rendering)."""

    diagnostics: tuple[Diagnostic, ...]
    outline: Outline | None = None
    files: tuple[StagedFile, ...] = ()
    failure: _Failure | None = None
    created: tuple[Path, ...] = ()  # folders made for the staged files: removed again if nothing is written


@contextmanager
def make_reports(
    paths: Sequence[Path],
    forms_dirs: Sequence[Path],
    plan: Plan,
    template: Path | None,
    workers: int,
    context: BaseContext | None = None,
) -> Iterator[Iterator[tuple[int, Made]]]:
    """Check and render every report file on a pool of `workers`; yields (index in `paths`, Made)
    as each report is done. Staged files of results never taken (the caller stopped early) are
    deleted on leaving, once no worker is still writing."""
    from concurrent.futures import FIRST_COMPLETED, wait

    _import_renderers()
    owner = os.getpid()
    futures: dict[Future[Made], int] = {}
    taken: set[Future[Made]] = set()

    def results() -> Iterator[tuple[int, Made]]:
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=futures.__getitem__):
                taken.add(future)
                yield futures[future], _made(future, paths[futures[future]])

    try:
        with _pool(workers, context) as pool:
            for index in longest_first(paths):
                futures[pool.submit(_make, paths[index], tuple(forms_dirs), plan, template, owner)] = index
            try:
                yield results()
            finally:
                for future in futures:
                    future.cancel()  # queued ones never start; leaving the pool waits for running ones
    finally:
        for future in futures:
            if future not in taken and future.done() and not future.cancelled() and future.exception() is None:
                _unlink(future.result().files)
                remove_empty(future.result().created)


def longest_first(paths: Sequence[Path]) -> list[int]:
    """Indexes of `paths`, the largest file first: the longest reports start first, so that no
    worker is left with a long one while the others have finished (a file that cannot be read counts
    as empty; its worker reports it)."""

    def size(index: int) -> int:
        try:
            return paths[index].stat().st_size
        except OSError:
            return 0

    return sorted(range(len(paths)), key=lambda index: (-size(index), index))


def _made(future: Future[Made], path: Path) -> Made:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return Made((), failure=_Failure(OutputError, (_worker_died(path),)))


def _make(path: Path, forms_dirs: tuple[Path, ...], plan: Plan, template: Path | None, owner: int) -> Made:
    """In a worker: check one report file, then render its documents into files staged for `owner`."""
    analysis = analyze(path, forms_dirs)
    diagnostics = tuple(analysis.diagnostics)
    if not analysis.ok:
        return Made(diagnostics)
    checked = analysis.checked()
    files: list[StagedFile] = []
    created: list[Path] = []
    try:
        for kind, target in plan(checked):
            created += [top for top in [_first_missing(target.parent)] if top is not None]
            files.append(StagedFile(kind, target, reserve_for(target, owner)))
        render_job(RenderJob(checked, tuple(files), template))
    except CchcError as exc:
        _unlink(files)
        return Made(diagnostics, failure=_Failure(type(exc), tuple(exc.diagnostics)), created=tuple(created))
    except BaseException:
        _unlink(files)
        raise
    return Made(diagnostics, checked.outline, tuple(files), created=tuple(created))


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of `folder`'s path that does not exist yet (None: it exists)."""
    top = None
    while not folder.exists() and folder.parent != folder:
        top, folder = folder, folder.parent
    return top


def remove_empty(folders: Sequence[Path]) -> None:
    """Remove folders a batch made, and the folders under them, as long as they are empty."""
    for top in folders:
        if not top.is_dir():
            continue
        for inner in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            _rmdir(inner)
        _rmdir(top)


def _rmdir(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty: something is written there


def _unlink(files: Sequence[StagedFile]) -> None:
    for file in files:
        file.staged.unlink(missing_ok=True)


def _import_renderers() -> None:
    """Load the renderers here, once, before workers are forked from this process."""
    from ..render import appendix_docx, appendix_xlsx, bao_cao  # noqa: F401


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

    if context is None and "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux":
        context = multiprocessing.get_context("fork")  # workers start with what this process imported
    reading, writing = (context or multiprocessing).Pipe(duplex=False)
    try:
        initargs = (os.getpid(), reading, writing)
        with ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=initargs) as pool:
            yield pool
    finally:
        writing.close()
        reading.close()


#: The pool of `_pool`, for callers that keep workers of their own (`watch.py`'s helper).
worker_pool = _pool


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
        raise OutputError(error_at(target, None, f"không ghi được tệp ({os_reason(exc)})")) from None
    except CchcError as exc:
        named = [msgspec.structs.replace(d, file=str(target)) if d.file == str(staged) else d for d in exc.diagnostics]
        raise type(exc)(named) from None


class _Failure(msgspec.Struct, frozen=True):
    """A CchcError raised in a worker, sent back as data (exceptions lose their fields when pickled)."""

    error_type: type[CchcError]
    diagnostics: tuple[Diagnostic, ...]

    def error(self) -> CchcError:
        """The CchcError raised in the worker, made again here."""
        return self.error_type(list(self.diagnostics))


def render_in_worker(job: RenderJob) -> _Failure | None:
    """`render_job` in a pool worker: a CchcError comes back as data (`error_type`, `diagnostics`)."""
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
