"""`build` and `appendix`: check every report, render into staged files, then put them in place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ._atomic import replace_into
from .errors import CchcError, Diagnostic, InputError, OutputError, error_at
from .names import slugify
from .pdf import DEFAULT_TIMEOUT, convert_to_pdf
from .report import CheckedReport, analyze

Renderer = Callable[[CheckedReport, Path], None]

BAO_CAO = "bao-cao.docx"
PHU_LUC_DOCX = "phu-luc.docx"
PHU_LUC_XLSX = "phu-luc.xlsx"
BAO_CAO_PDF = "bao-cao.pdf"


@dataclass(frozen=True)
class BuildOptions:
    """What to write and where."""

    out_dir: Path | None = None
    bao_cao: bool = True
    appendix_docx: bool = True
    appendix_xlsx: bool = True
    pdf: bool = False
    template: Path | None = None
    forms_dirs: tuple[Path, ...] = ()
    pdf_timeout: float = DEFAULT_TIMEOUT


def output_dir(checked: CheckedReport, base: Path | None) -> Path:
    """DIR as given, or output/<agency>/<period>/ under the working directory."""
    if base is not None:
        return base
    report = checked.report
    return Path("output") / slugify(report.agency.name) / report.period.slug


def file_prefix(checked: CheckedReport) -> str:
    """ "huyen-cu-lao-dung-2023-q1-": agency and period, safe on every disk."""
    report = checked.report
    return f"{slugify(report.agency.name)}-{report.period.slug}-"


def check_all(paths: Sequence[Path], forms_dirs: Sequence[Path]) -> tuple[list[CheckedReport], list[Diagnostic]]:
    """Check every report first; raise InputError with all errors of all files if any."""
    analyses = [analyze(path, forms_dirs) for path in paths]
    diagnostics = [d for analysis in analyses for d in analysis.diagnostics]
    if any(d.is_error for d in diagnostics):
        raise InputError(diagnostics)
    return [analysis.checked() for analysis in analyses], diagnostics


class _Stage:
    """Files rendered beside their targets under temporary names, renamed only at the end."""

    def __init__(self) -> None:
        self.files: list[tuple[Path, Path]] = []

    def add(self, target: Path, render: Callable[[Path], None]) -> Path:
        if any(t == target for t, _ in self.files):
            raise OutputError(error_at(target, None, "hai báo cáo cùng ghi vào một tệp; hãy dùng -o khác nhau"))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".cchc-", suffix=f"-{target.name}.tmp", dir=target.parent)
            os.close(fd)
        except OSError as exc:
            raise OutputError(
                error_at(target.parent, None, f"không tạo được tệp trong thư mục ({exc.strerror})")
            ) from None
        tmp = Path(name)
        self.files.append((target, tmp))
        try:
            render(tmp)
        except OSError as exc:
            raise OutputError(error_at(target, None, f"không ghi được tệp ({exc.strerror})")) from None
        except CchcError as exc:
            # Messages name the file the user will look for, never the temporary one.
            named = [replace(d, file=str(target)) if d.file == str(tmp) else d for d in exc.diagnostics]
            raise type(exc)(named) from None
        return tmp

    def commit(self) -> list[Path]:
        done = []
        for target, tmp in self.files:
            replace_into(tmp, target)
            done.append(target)
        return done

    def discard(self) -> None:
        for _, tmp in self.files:
            tmp.unlink(missing_ok=True)


def build(paths: Sequence[Path], options: BuildOptions) -> tuple[list[Path], list[Diagnostic]]:
    """Check all reports, then write their documents; return written paths and warnings.

    Nothing is replaced unless every document of every report was produced.
    """
    checked_reports, warnings = check_all(paths, options.forms_dirs)
    stage = _Stage()
    try:
        for checked in checked_reports:
            _render_one(checked, options, stage)
        written = stage.commit()
    except CchcError:
        raise
    finally:
        stage.discard()
    return written, warnings


def _render_one(checked: CheckedReport, options: BuildOptions, stage: _Stage) -> None:
    folder = output_dir(checked, options.out_dir)
    prefix = file_prefix(checked)
    if options.bao_cao:
        from .render.bao_cao import default_template, render_bao_cao_docx

        template = options.template or default_template()
        if not template.is_file():
            raise CchcError(error_at(template, None, "không tìm thấy tệp mẫu Word (--template)"))
        docx = stage.add(folder / f"{prefix}{BAO_CAO}", lambda tmp: render_bao_cao_docx(checked, tmp, template))
        if options.pdf:
            stage.add(folder / f"{prefix}{BAO_CAO_PDF}", lambda tmp: convert_to_pdf(docx, tmp, options.pdf_timeout))
    if options.appendix_docx:
        from .render.appendix_docx import render_appendix_docx

        stage.add(folder / f"{prefix}{PHU_LUC_DOCX}", lambda tmp: render_appendix_docx(checked, tmp))
    if options.appendix_xlsx:
        from .render.appendix_xlsx import render_appendix_xlsx

        stage.add(folder / f"{prefix}{PHU_LUC_XLSX}", lambda tmp: render_appendix_xlsx(checked, tmp))


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
