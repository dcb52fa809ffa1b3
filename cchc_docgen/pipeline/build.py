"""`build` and `appendix`: check every report, render into staged files, then put them in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ..core.atomic import Commit
from ..core.errors import CchcError, Diagnostic, InputError, OutputError, error_at, warning_at
from ..core.file_names import BAO_CAO_PDF, PHU_LUC_PDF, report_folder, report_prefix
from ..report.analysis import CheckedReport, analyze
from .batch import Kind, Progress, RenderJob, StagedFile, render_jobs, render_staged

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


class _Stage(Commit):
    """Files rendered beside their targets under temporary names, committed all or nothing at the end."""

    def reserve(self, target: Path) -> Path:
        """A new empty temporary file beside `target`, to be renamed over it by commit()."""
        if self.has_target(target):
            raise OutputError(error_at(target, None, "hai báo cáo cùng ghi vào một tệp; hãy dùng -o khác nhau"))
        return super().reserve(target)

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
    rendered on `options.jobs` processes; `progress` is called after each one.
    """
    checked_reports, warnings = check_all(paths, options.forms_dirs)
    stage = _Stage()
    try:
        jobs: list[RenderJob] = []
        conversions: list[Conversion] = []
        for checked in checked_reports:
            job, pdfs = _plan(checked, options, stage)
            jobs.append(job)
            conversions.extend(pdfs)
        render_jobs(jobs, options.jobs, progress)
        if conversions:
            from .pdf import DEFAULT_TIMEOUT, convert_batch  # LibreOffice's driver: only for --pdf

            timeout = DEFAULT_TIMEOUT if options.pdf_timeout is None else options.pdf_timeout
            warnings = [*warnings, *convert_batch(conversions, timeout, source_suffix=".docx")]
        written = stage.commit()
    finally:
        stage.discard()
    kept = set(written)
    removed = [target for target in stage.targets() if target not in kept]
    skipped = [
        warning_at(checked.report.source, None, "báo cáo không có phụ lục (appendix) nên không tạo Phụ lục")
        for checked in checked_reports
        if not checked.has_appendix and not options.bao_cao and (options.appendix_docx or options.appendix_xlsx)
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


def _plan(checked: CheckedReport, options: BuildOptions, stage: _Stage) -> tuple[RenderJob, list[Conversion]]:
    """The documents of one report and their PDF copies, each with its staged file reserved."""
    agency, period = checked.report.agency.name, checked.report.period.slug
    folder = options.out_dir if options.out_dir is not None else report_folder(agency, period)
    prefix = report_prefix(agency, period)
    if options.bao_cao and options.template is not None and not options.template.is_file():
        raise CchcError(error_at(options.template, None, "không tìm thấy tệp mẫu Word (--template)"))
    wanted = {Kind.BAO_CAO: options.bao_cao, Kind.PHU_LUC_DOCX: options.appendix_docx}
    wanted[Kind.PHU_LUC_XLSX] = options.appendix_xlsx
    if not checked.has_appendix:  # a report without a Phụ lục: the BÁO CÁO alone (and its PDF)
        wanted[Kind.PHU_LUC_DOCX] = wanted[Kind.PHU_LUC_XLSX] = False
    files, conversions = [], []
    for kind in Kind:
        if not wanted[kind]:
            continue
        target = folder / f"{prefix}{kind.value}"
        file = StagedFile(kind, target, stage.reserve(target))
        files.append(file)
        if options.pdf and kind in _PDF_OF:
            from .pdf import Conversion

            pdf = folder / f"{prefix}{_PDF_OF[kind]}"
            conversions.append(Conversion(file.staged, stage.reserve(pdf), named=pdf))
    refreshed = [file.target for file in files] + [conversion.shown for conversion in conversions]
    inputs = [checked.report.source, *([checked.form.path] if checked.form else [])]
    if options.bao_cao and options.template is not None:
        inputs.append(options.template)
    for stale in _stale_outputs(folder, prefix, refreshed, inputs):
        stage.remove(stale)
    return RenderJob(checked, tuple(files), options.template if options.bao_cao else None), conversions


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
