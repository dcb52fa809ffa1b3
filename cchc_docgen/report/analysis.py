"""Reading and checking report files: the one entry point renderers and the CLI use."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import msgspec

from ..core.errors import CchcError, Diagnostic, InputError, warning_at
from ..core.located_yaml import load_located
from ..core.vnformat import short_date
from ..forms import Form, fill_title, load_form, out_of_force, select_version
from .carried_warnings import check_carried_text
from .checks import (
    AppendixChecker,
    RowValue,
    check_document,
    check_placeholders,
    check_references,
    check_stated_ratios,
    check_symbol,
)
from .heading_checks import check_heading_and_signature
from .model import Report
from .parse import ReportParser
from .refs import resolve_text


class Analysis(msgspec.Struct):
    """A report file read and checked: the model (when readable) and every diagnostic."""

    path: Path
    report: Report | None = None
    form: Form | None = None
    values: dict[str, RowValue] = msgspec.field(default_factory=dict)
    diagnostics: list[Diagnostic] = msgspec.field(default_factory=list)

    @property
    def ok(self) -> bool:
        readable = self.report is not None and (self.form is not None or self.report.appendix is None)
        return readable and not any(d.is_error for d in self.diagnostics)

    def checked(self) -> CheckedReport:
        """The checked report for renderers; raise InputError with every diagnostic on an error."""
        if not self.ok or self.report is None:
            raise InputError(self.diagnostics)
        return CheckedReport(self.report, self.form, self.values, tuple(self.diagnostics))


def analyze(path: Path, forms_dirs: Sequence[Path] = ()) -> Analysis:
    """Read, derive and check one report file; problems go to `diagnostics`, never raised."""
    analysis = Analysis(path)
    try:
        located = load_located(path)
    except CchcError as exc:
        analysis.diagnostics.extend(exc.diagnostics)
        return analysis
    parser = ReportParser(located)
    report = parser.parse()
    analysis.diagnostics.extend(parser.errors)
    if report is None:
        return analysis
    analysis.report = report
    if report.appendix is not None:
        try:
            form = select_version(
                load_form(report.appendix.form_id, forms_dirs), report.window.end, report.appendix.version
            )
        except CchcError as exc:
            line = located.line("appendix", "version" if report.appendix.version else "form")
            analysis.diagnostics.extend(
                d if d.file != "cchc-docgen" else Diagnostic(str(path), line, d.severity, d.message)
                for d in exc.diagnostics
            )
            return analysis
        analysis.form = form
        stale = None if parser.stand_in_period else out_of_force(form, report.window.end)
        if stale is not None:
            analysis.diagnostics.append(warning_at(path, located.line("appendix", "form"), stale))
        checker = AppendixChecker(report, form)
        analysis.values = checker.run()
        analysis.diagnostics.extend(checker.diagnostics)
    analysis.diagnostics.extend(check_heading_and_signature(report, located))
    analysis.diagnostics.extend(check_references(report, analysis.values))
    analysis.diagnostics.extend(check_stated_ratios(report, analysis.values))
    analysis.diagnostics.extend(
        Diagnostic(str(path), located.line("document"), d.severity, d.message) for d in check_document(report)
    )
    analysis.diagnostics.extend(check_carried_text(report))
    analysis.diagnostics.extend(check_placeholders(report, located.texts, located.lines))
    analysis.diagnostics.extend(
        Diagnostic(str(path), located.line("document", "symbol"), d.severity, d.message) for d in check_symbol(report)
    )
    analysis.diagnostics.sort(key=lambda d: d.line or 0)
    return analysis


class Outline(msgspec.Struct, frozen=True):
    """What is still needed of a checked report once its documents are made: where they go, what
    they were made from, how a progress line names it. Small: a batch worker sends this back, not
    the whole report with its form."""

    source: Path
    agency: str  # the issuing body's name (the documents' file names)
    agency_full_name: str
    period_slug: str
    period_name: str
    form_path: Path | None
    has_appendix: bool


class CheckedReport(msgspec.Struct, frozen=True, dict=True):
    """A report without errors, with its form and final appendix values: what renderers take."""

    report: Report
    form: Form | None  # None: the report has no Phụ lục
    values: dict[str, RowValue]
    warnings: tuple[Diagnostic, ...] = ()

    @cached_property
    def outline(self) -> Outline:
        report = self.report
        return Outline(
            report.source,
            report.agency.name,
            report.agency.full_name,
            report.period.slug,
            report.period.name,
            self.form.path if self.form is not None else None,
            self.has_appendix,
        )

    @property
    def appendix_form(self) -> Form:
        """The form of the report's Phụ lục (only asked of a report that has one)."""
        if self.form is None or self.report.appendix is None:
            raise ValueError(f"{self.report.source}: báo cáo không có phụ lục")
        return self.form

    @property
    def has_appendix(self) -> bool:
        return self.form is not None and self.report.appendix is not None

    @cached_property
    def _numbers(self) -> dict[str, float | int | None]:
        return {row_id: rv.value for row_id, rv in self.values.items()}

    @cached_property
    def _period_texts(self) -> dict[str, str]:
        window = self.report.window
        return {
            "ten": self.report.period.name,
            "tu_ngay": short_date(window.start),
            "den_ngay": short_date(window.end),
        }

    def text(self, raw: str) -> str:
        """Narrative text with its references replaced by printed values."""
        return resolve_text(raw, self._numbers, self._period_texts)

    def appendix_heading(self) -> str:
        """The heading line ("PHỤ LỤC 2"); "" when neither the report nor the form prints one."""
        heading = self.report.appendix.heading if self.report.appendix else None
        return self.appendix_form.heading if heading is None else heading

    @property
    def leading_zero(self) -> bool:
        """Whether counts below 10 print as "06": the report's choice, else the form's."""
        chosen = self.report.appendix.leading_zero if self.report.appendix else None
        if self.form is None:
            return False
        return self.form.layout.leading_zero if chosen is None else chosen

    def attachment_words(self) -> str:
        """The words opening the attachment line: "Kèm theo" or "Ban hành kèm theo"."""
        return self.appendix_form.layout.attachment

    def appendix_title(self) -> str:
        """The appendix title with its placeholders filled, upper case."""
        report = self.report
        pattern = (report.appendix.title if report.appendix else None) or self.appendix_form.title
        filled = fill_title(
            pattern,
            {
                "KY": report.period.name.upper(),
                "CO_QUAN": report.agency.full_name.upper(),
                "DIA_BAN": (report.agency.territory or report.agency.full_name).upper(),
            },
        )
        return filled.upper()


def load_checked(path: Path, forms_dirs: Sequence[Path] = ()) -> CheckedReport:
    """Analyze `path`; raise InputError with every diagnostic when there is an error."""
    return analyze(path, forms_dirs).checked()
