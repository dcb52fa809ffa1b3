"""`build --watch` and `appendix --watch`: stay resident and rebuild a report at every save of its inputs.

A report's inputs are its YAML file, its form file (shipped or from `--forms-dir`) and, for the
BÁO CÁO, the Word template. Everything stays loaded between saves (modules, the parsed forms, the
template's compiled parts, LibreOffice with `--pdf`), and a save rebuilds only the reports that
read the saved file, each one committed all or nothing as `build` commits (`build.build_checked`):
a save with an error prints the located messages and leaves the last good documents as they are.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import CchcError, Diagnostic
from ..cycle.diff import document_changes, indicator_changes, narrative_changes
from ..forms.catalog import form_dirs
from ..report.analysis import CheckedReport, analyze
from .batch import Kind, RenderJob, render_in_worker, render_jobs, split_off, worker_pool
from .build import BuildOptions, Converter, build_checked

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

#: Milliseconds without a new change before the changes seen are acted on: an editor's save
#: (write a temporary file, rename it over the report) comes as one group of events.
QUIET_MS = 5
#: The longest a group of changes is gathered before acting on it, however busy the folder.
GATHER_MS = 400
#: Change lines printed per rebuild; the rest are counted.
SHOWN_CHANGES = 8

#: Where the session's lines go: (text, to standard error).
Echo = Callable[[str, bool], None]


class WatchSession:
    """The reports of one `--watch` run, their last good version and the files each one reads."""

    def __init__(self, paths: Sequence[Path], options: BuildOptions, echo: Echo, convert: Converter | None = None):
        self.paths = list(dict.fromkeys(paths))
        self.options = options
        self.echo = echo
        self.convert = convert
        self.last_good: dict[Path, CheckedReport] = {}
        self.builds = 0  # rebuilds that committed their documents
        self.render: Callable[[Sequence[RenderJob]], None] | None = None  # None: all in this process
        self._inputs: dict[Path, set[Path]] = {path: {_key(path)} for path in self.paths}

    def folders(self) -> list[Path]:
        """The folders to watch: each report's, the form folders and the template's."""
        folders = [path.parent for path in self.paths]
        folders += [folder for folder in form_dirs(self.options.forms_dirs) if folder.is_dir()]
        template = self._template()
        if template is not None:
            folders.append(template.parent)
        return list(dict.fromkeys(folder.resolve() for folder in folders if folder.is_dir()))

    def affected(self, changed: Iterable[Path]) -> list[Path]:
        """The reports that read one of the `changed` files; a report never built yet (its form is
        not known) is rebuilt at any change of a form file too."""
        keys = {_key(path) for path in changed}
        forms = {key for key in keys if key.suffix in (".yaml", ".yml") and key.parent in self._form_folders()}
        return [path for path in self.paths if self._inputs[path] & keys or (path not in self.last_good and forms)]

    def rebuild(self, paths: Sequence[Path]) -> None:
        """Check and rebuild each report; print what changed since its last good version, or why not."""
        for path in paths:
            self._rebuild_one(path)

    def _rebuild_one(self, path: Path) -> None:
        started = time.perf_counter()
        stamp = time.strftime("%H:%M:%S")
        analysis = analyze(path, self.options.forms_dirs)
        if not analysis.ok:
            self._refused(stamp, path, analysis.diagnostics)
            return
        checked = analysis.checked()
        try:
            written, notes = build_checked(
                [checked], analysis.diagnostics, self.options, convert=self.convert, render=self.render
            )
        except CchcError as exc:
            self._refused(stamp, path, exc.diagnostics)
            return
        previous = self.last_good.get(path)
        self.last_good[path] = checked
        self._inputs[path] = self._inputs_of(checked)
        self.builds += 1
        seconds = time.perf_counter() - started
        done = f"đã tạo lại ({seconds:.2f} giây)" if previous else "đã tạo"
        self.echo(f"[{stamp}] {path}: {done}", False)
        if previous is not None:
            for line in brief_changes(previous, checked):
                self.echo(f"  {line}", False)
        for note in notes:
            self.echo(str(note), True)
        for written_path in written:
            self.echo(f"  {written_path}", False)

    def _refused(self, stamp: str, path: Path, diagnostics: Sequence[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.echo(str(diagnostic), True)
        kept = "giữ nguyên văn bản đã tạo lần trước" if path in self.last_good else "chưa tạo văn bản nào"
        self.echo(f"[{stamp}] {path}: có lỗi, {kept}; sửa rồi lưu lại tệp để tạo lại", True)

    def _inputs_of(self, checked: CheckedReport) -> set[Path]:
        inputs = {_key(checked.report.source)}
        if checked.form is not None and checked.form.path is not None:
            inputs.add(_key(checked.form.path))
        template = self._template()
        if template is not None:
            inputs.add(_key(template))
        if checked.report.previous is not None:
            inputs.add(_key(checked.report.previous.path))
        return inputs

    def _template(self) -> Path | None:
        if not self.options.bao_cao:
            return None
        if self.options.template is not None:
            return self.options.template
        from ..render.bao_cao import default_template

        return default_template()

    def _form_folders(self) -> set[Path]:
        return {folder.resolve() for folder in form_dirs(self.options.forms_dirs)}


def brief_changes(old: CheckedReport, new: CheckedReport) -> list[str]:
    """What changed between two versions of a report (`diff`'s lines), at most SHOWN_CHANGES of them."""
    changes = [*document_changes(old, new), *indicator_changes(old, new), *narrative_changes(old, new)]
    if not changes:
        return ["không có thay đổi về nội dung (biểu mẫu hoặc mẫu Word đã sửa, hoặc chỉ sửa chú thích)"]
    shown = changes[:SHOWN_CHANGES]
    if len(changes) > SHOWN_CHANGES:
        shown.append(f"… và {len(changes) - SHOWN_CHANGES} thay đổi khác (xem bằng lệnh diff)")
    return shown


class SplitRender:
    """Each report's Phụ lục DOCX rendered by a helper process forked from this warm one, while
    this process renders the other documents: a correction is on disk in about the time of the
    longer half. Without a helper (or once it has died) everything is rendered here."""

    def __init__(self, helper: ProcessPoolExecutor | None) -> None:
        self.helper = helper

    def __call__(self, jobs: Sequence[RenderJob]) -> None:
        from concurrent.futures.process import BrokenProcessPool

        here: list[RenderJob] = []
        away: list[tuple[Future[object], RenderJob]] = []
        for job in jobs:
            parts = split_off(job, Kind.PHU_LUC_DOCX) if self.helper is not None else None
            if parts is None or self.helper is None:
                here.append(job)
                continue
            part, kept = parts
            away.append((self.helper.submit(render_in_worker, part), part))
            here.append(kept)
        failure: CchcError | None = None
        try:
            render_jobs(here, 1)
        finally:  # the helper's staged files are written (or given up) before anyone discards them
            for future, part in away:
                try:
                    failed = future.result()
                except BrokenProcessPool:
                    self.helper = None  # not forked again from a process that now runs the watcher
                    render_jobs([part], 1)
                    continue
                if failed is not None and failure is None:
                    failure = failed.error()  # type: ignore[attr-defined]
        if failure is not None:
            raise failure


def _helper(options: BuildOptions) -> AbstractContextManager[ProcessPoolExecutor | None]:
    """One worker forked now (this process warm, no other thread yet) for `SplitRender`, where
    workers are forked (Linux) and a Phụ lục DOCX is made along with another document."""
    import multiprocessing
    import sys

    one_thread = threading.active_count() == 1
    forks = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    if not (one_thread and forks and options.appendix_docx and (options.bao_cao or options.appendix_xlsx)):
        return nullcontext(None)
    return worker_pool(1)


def _ignore_interrupts() -> None:
    """In the helper: Ctrl+C is for the session, which stops the helper itself."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def watch(
    paths: Sequence[Path],
    options: BuildOptions,
    echo: Echo,
    stop: threading.Event,
    on_ready: Callable[[WatchSession], None] | None = None,
) -> WatchSession:
    """Build every report, then rebuild at each save until `stop` is set; return the session.

    With `options.pdf`, one LibreOffice stays open for the whole session (started again if it
    dies) and converts only the documents of the reports rebuilt; it is closed on return.
    """
    from watchfiles import watch as watch_folders

    pdf_session = None
    convert: Converter | None = None
    if options.pdf:
        from .pdf import timeout_of
        from .pdf_session import PdfSession

        pdf_session = PdfSession(timeout_of(options.pdf_timeout))
        convert = functools.partial(pdf_session.convert, source_suffix=".docx")
    try:
        session = WatchSession(paths, options, echo, convert)
        session.rebuild(session.paths)
        with _helper(options) as helper:
            if helper is not None:
                helper.submit(_ignore_interrupts).result()  # forks it now, warm
                session.render = SplitRender(helper)
            folders = session.folders()
            echo(f"Đang theo dõi {len(session.paths)} báo cáo; lưu tệp là tạo lại, Ctrl+C để dừng.", True)
            if on_ready is not None:
                on_ready(session)
            for changes in watch_folders(
                *folders,
                debounce=GATHER_MS,
                step=QUIET_MS,
                stop_event=stop,
                recursive=False,
                raise_interrupt=False,
                watch_filter=None,
            ):
                affected = session.affected(Path(name) for _change, name in changes)
                if affected and not stop.is_set():
                    session.rebuild(affected)
        return session
    finally:
        if pdf_session is not None:
            pdf_session.close()


def _key(path: Path) -> Path:
    """A file as events name it: absolute, links resolved."""
    return path.resolve()
