"""`build` and `appendix`: check every report, render into staged files, then put them in place."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ..core.atomic import Commit
from ..core.errors import CchcError, Diagnostic, InputError, OutputError, error_at, warning_at
from ..core.file_names import BAO_CAO_PDF, PHU_LUC_PDF, report_folder, report_prefix
from ..report.analysis import CheckedReport, Outline, analyze
from .batch import (
    Kind,
    Progress,
    RenderJob,
    StagedFile,
    default_jobs,
    make_reports,
    remove_empty,
    render_jobs,
    render_staged,
)

if TYPE_CHECKING:
    from .pdf import Conversion

Renderer = Callable[[CheckedReport, Path], None]


class BuildOptions(msgspec.Struct, frozen=True):
    """What to write and where."""

    out_dir: Path | None = None
    bao_cao: bool = True
    appendix_docx: bool = True
    appendix_xlsx: bool = True
    pdf: bool = False
    template: Path | None = None
    forms_dirs: tuple[Path, ...] = ()
    pdf_timeout: float | None = None  # seconds without a finished PDF; None: pdf.DEFAULT_TIMEOUT
    jobs: int | None = None  # worker processes; None: one per core


def check_all(paths: Sequence[Path], forms_dirs: Sequence[Path]) -> tuple[list[CheckedReport], list[Diagnostic]]:
    """Check every report first; raise InputError with all errors of all files if any."""
    analyses = [analyze(path, forms_dirs) for path in paths]
    diagnostics = [d for analysis in analyses for d in analysis.diagnostics]
    if any(d.is_error for d in diagnostics):
        raise InputError(diagnostics)
    return [analysis.checked() for analysis in analyses], diagnostics


def _written_twice(target: Path) -> OutputError:
    return OutputError(error_at(target, None, "hai báo cáo cùng ghi vào một tệp; hãy dùng -o khác nhau"))


class _Stage(Commit):
    """Files rendered beside their targets under temporary names, committed all or nothing at the end."""

    def reserve(self, target: Path) -> Path:
        """A new empty temporary file beside `target`, to be renamed over it by commit()."""
        if self.has_target(target):
            raise _written_twice(target)
        return super().reserve(target)

    def adopt(self, target: Path, staged: Path) -> None:
        """Take a file a worker staged for `target` into this commit (deleted if refused)."""
        if self.has_target(target):
            staged.unlink(missing_ok=True)
            raise _written_twice(target)
        super().adopt(target, staged)

    def add(self, target: Path, render: Callable[[Path], None]) -> Path:
        """Reserve a temporary file for `target` and `render` into it now."""
        tmp = self.reserve(target)
        render_staged(target, tmp, render)
        return tmp


def build(
    paths: Sequence[Path], options: BuildOptions, progress: Progress | None = None
) -> tuple[list[Path], list[Diagnostic]]:
    """Check all reports, then write their documents; return written paths and warnings.

    Nothing is replaced unless every document of every report was produced. Reports are
    checked and rendered on `options.jobs` processes; `progress` is called after each one.
    """
    workers = min(options.jobs or default_jobs(), len(paths))
    if workers > 1:
        return _build_on_pool(paths, options, progress, workers)
    checked_reports, warnings = check_all(paths, options.forms_dirs)
    if len(checked_reports) != 1 or options.jobs == 1:  # --jobs 1: everything in this one process
        return build_checked(checked_reports, warnings, options, progress)
    # One report: its Phụ lục DOCX made by a forked child while this process makes the rest.
    from .fork_render import render_forked

    return build_checked(checked_reports, warnings, options, progress, render=render_forked)


#: Converts staged Word files to PDF and returns warnings: one LibreOffice per batch by default,
#: or a session kept open across builds (`build --watch --pdf`).
Converter = Callable[[Sequence["Conversion"]], list[Diagnostic]]


def build_checked(
    checked_reports: Sequence[CheckedReport],
    warnings: Sequence[Diagnostic],
    options: BuildOptions,
    progress: Progress | None = None,
    convert: Converter | None = None,
    render: Callable[[Sequence[RenderJob]], None] | None = None,
) -> tuple[list[Path], list[Diagnostic]]:
    """`build` of reports already checked (their `warnings` passed on), rendered in this process
    (or by `render`, which must return only once nothing writes the staged files any more)."""
    stage = _Stage()
    try:
        jobs: list[RenderJob] = []
        conversions: list[Conversion] = []
        for checked in checked_reports:
            job, pdfs = _plan(checked, options, stage)
            jobs.append(job)
            conversions.extend(pdfs)
        if render is None:
            render_jobs(jobs, 1, progress)
        else:
            render(jobs)
        outlines = [checked.outline for checked in checked_reports]
        return _finish(stage, outlines, conversions, warnings, options, convert)
    finally:
        stage.discard()


def _build_on_pool(
    paths: Sequence[Path], options: BuildOptions, progress: Progress | None, workers: int
) -> tuple[list[Path], list[Diagnostic]]:
    """`build` with each report checked and rendered by a worker. As in one process, check errors
    come first (InputError: every diagnostic of every file, in order), then the first failure."""
    diagnostics: list[Sequence[Diagnostic]] = [() for _ in paths]
    outlines: list[Outline | None] = [None for _ in paths]
    conversions: list[list[Conversion]] = [[] for _ in paths]
    rank: dict[Path, tuple[int, int]] = {}
    failure: CchcError | None = None
    created: list[Path] = []
    stage = _Stage()
    committed = False
    try:
        template = options.template if options.bao_cao else None
        plan = functools.partial(_targets, options=options)
        done = 0
        with make_reports(paths, options.forms_dirs, plan, template, workers) as results:
            for index, made in results:
                diagnostics[index] = made.diagnostics
                created += made.created
                refused: CchcError | None = _adopt(stage, made.files)
                if made.failure is not None:
                    refused = refused or made.failure.error()
                failure = failure or refused
                if made.outline is None or failure is not None:
                    continue
                outlines[index] = made.outline
                conversions[index] = _pdf_copies(made.outline, made.files, options, stage)
                _remove_stale(made.outline, made.files, conversions[index], options, stage)
                for file in made.files:  # each report's files in the order one process writes them
                    pdfs = [c.shown for c in conversions[index] if c.source == file.staged]
                    for target in (file.target, *pdfs):
                        rank[target] = (index, len(rank))
                done += 1
                if progress:
                    progress(done, len(paths), made.outline)
        warnings = [d for found in diagnostics for d in found]
        if any(d.is_error for d in warnings):
            raise InputError(warnings)
        if failure is not None:
            raise failure
        made_outlines = [outline for outline in outlines if outline is not None]
        written, notes = _finish(
            stage, made_outlines, [c for found in conversions for c in found], warnings, options, None
        )
        committed = True
        return sorted(written, key=rank.__getitem__), notes
    finally:
        stage.discard()
        if not committed:
            remove_empty(created)  # as in one process: a failed run leaves no new folder behind


def _adopt(stage: _Stage, files: Sequence[StagedFile]) -> OutputError | None:
    """Take a worker's staged files into `stage`; the refusal of a target already written (the
    files not taken are deleted)."""
    for position, file in enumerate(files):
        try:
            stage.adopt(file.target, file.staged)
        except OutputError as exc:
            for left in files[position + 1 :]:
                left.staged.unlink(missing_ok=True)
            return exc
    return None


def _finish(
    stage: _Stage,
    outlines: Sequence[Outline],
    conversions: Sequence[Conversion],
    warnings: Sequence[Diagnostic],
    options: BuildOptions,
    convert: Converter | None,
) -> tuple[list[Path], list[Diagnostic]]:
    """PDF copies of the staged Word files, then the commit; the written files and every warning."""
    warnings = list(warnings)
    if conversions:
        if convert is None:
            from .pdf import convert_batch, timeout_of  # LibreOffice's driver: only for --pdf

            warnings += convert_batch(conversions, timeout_of(options.pdf_timeout), source_suffix=".docx")
        else:
            warnings += convert(conversions)
    written = stage.commit()
    kept = set(written)
    removed = [target for target in stage.targets() if target not in kept]
    skipped = [
        warning_at(outline.source, None, "báo cáo không có phụ lục (appendix) nên không tạo Phụ lục")
        for outline in outlines
        if not outline.has_appendix and not options.bao_cao and (options.appendix_docx or options.appendix_xlsx)
    ]
    return written, [*warnings, *skipped, *(_removed_notice(path) for path in removed)]


#: The PDF made from each kind of Word document when --pdf is given.
_PDF_OF = {Kind.BAO_CAO: BAO_CAO_PDF, Kind.PHU_LUC_DOCX: PHU_LUC_PDF}
#: Every file a report can produce, after its prefix: one list, so that none is forgotten when
#: the outputs a run did not refresh are removed.
OUTPUT_NAMES = (*(kind.value for kind in Kind), *_PDF_OF.values())


def _stale_outputs(folder: Path, prefix: str, refreshed: Sequence[Path], inputs: Sequence[Path]) -> list[Path]:
    """Earlier outputs of this report that this run does not write and that are older than one of
    its `inputs` (the report file, its form, the template): they may show old values. One made after
    the last change of every input still says what the report says, and is kept (`appendix` run
    after `build` on an unchanged report leaves the BÁO CÁO in place)."""
    changed = max((_mtime(path) for path in inputs), default=float("inf"))
    candidates = [folder / f"{prefix}{name}" for name in OUTPUT_NAMES]
    return [path for path in candidates if path not in refreshed and path.is_file() and _mtime(path) <= changed]


def _mtime(path: Path) -> float:
    """Modification time; an input that cannot be read counts as changed just now."""
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")


def _removed_notice(path: Path) -> Diagnostic:
    hint = " (chạy lại với --pdf để có bản PDF mới)" if path.suffix == ".pdf" else ""
    message = "đã xóa bản cũ: lần chạy này không tạo lại tệp này nên nó có thể không khớp số liệu mới"
    return warning_at(path, None, message + hint)


def _targets(checked: CheckedReport, options: BuildOptions) -> list[tuple[Kind, Path]]:
    """The Word and Excel files one report produces, with their final paths."""
    folder, prefix = _place(checked.outline, options)
    if options.bao_cao and options.template is not None and not options.template.is_file():
        raise CchcError(error_at(options.template, None, "không tìm thấy tệp mẫu Word (--template)"))
    wanted = {Kind.BAO_CAO: options.bao_cao, Kind.PHU_LUC_DOCX: options.appendix_docx}
    wanted[Kind.PHU_LUC_XLSX] = options.appendix_xlsx
    if not checked.has_appendix:  # a report without a Phụ lục: the BÁO CÁO alone (and its PDF)
        wanted[Kind.PHU_LUC_DOCX] = wanted[Kind.PHU_LUC_XLSX] = False
    return [(kind, folder / f"{prefix}{kind.value}") for kind in Kind if wanted[kind]]


def _place(outline: Outline, options: BuildOptions) -> tuple[Path, str]:
    """The folder of a report's documents and the start of their names."""
    agency, period = outline.agency, outline.period_slug
    folder = options.out_dir if options.out_dir is not None else report_folder(agency, period)
    return folder, report_prefix(agency, period)


def _plan(checked: CheckedReport, options: BuildOptions, stage: _Stage) -> tuple[RenderJob, list[Conversion]]:
    """The documents of one report and their PDF copies, each with its staged file reserved."""
    files: list[StagedFile] = []
    conversions: list[Conversion] = []
    for kind, target in _targets(checked, options):
        file = StagedFile(kind, target, stage.reserve(target))
        files.append(file)
        conversions += _pdf_copies(checked.outline, [file], options, stage)
    _remove_stale(checked.outline, files, conversions, options, stage)
    return RenderJob(checked, tuple(files), options.template if options.bao_cao else None), conversions


def _pdf_copies(
    outline: Outline, files: Sequence[StagedFile], options: BuildOptions, stage: _Stage
) -> list[Conversion]:
    """With --pdf, the PDF copies of a report's staged Word files, their staged files reserved."""
    folder, prefix = _place(outline, options)
    conversions = []
    for file in files:
        if options.pdf and file.kind in _PDF_OF:
            from .pdf import Conversion

            pdf = folder / f"{prefix}{_PDF_OF[file.kind]}"
            conversions.append(Conversion(file.staged, stage.reserve(pdf), named=pdf))
    return conversions


def _remove_stale(
    outline: Outline,
    files: Sequence[StagedFile],
    conversions: Sequence[Conversion],
    options: BuildOptions,
    stage: _Stage,
) -> None:
    """Earlier outputs of the report that this run leaves stale are removed in the same commit."""
    folder, prefix = _place(outline, options)
    refreshed = [file.target for file in files] + [conversion.shown for conversion in conversions]
    inputs = [outline.source, *([outline.form_path] if outline.form_path else [])]
    if options.bao_cao and options.template is not None:
        inputs.append(options.template)
    for stale in _stale_outputs(folder, prefix, refreshed, inputs):
        stage.remove(stale)


def write_staged(outputs: Sequence[tuple[Path, Callable[[Path], None]]]) -> list[Path]:
    """Render every (target, render) into staged files, then put them all in place; on any failure
    nothing is replaced. For commands other than `build` that write several files at once."""
    stage = _Stage()
    try:
        for target, render in outputs:
            stage.add(target, render)
        return stage.commit()
    finally:
        stage.discard()
