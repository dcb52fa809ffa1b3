"""`aggregate`: read every agency's file, compile the province, write the workbook and Phụ lục staged."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from ..core.errors import Diagnostic, InputError, error_at, warning_at
from ..core.file_names import COMPILATION_XLSX, PHU_LUC_DOCX, PHU_LUC_XLSX, compilation_folder, compilation_prefix
from ..forms import RowKind, fill_title
from ..pipeline.build import write_staged
from ..report.analysis import Analysis, CheckedReport
from ..report.checks import RowValue
from ..report.model import Agency, AppendixInput, Document, Report, Signature
from .compile import Compilation, State, Submission, agency_key, compile_province
from .inputs import (
    XLSX_SUFFIXES,
    AgencyList,
    Listed,
    analyze_input,
    check_same_form_and_period,
    expand_wildcards,
    infer_province,
    load_agency_list,
    submission,
    unlisted_warning,
)

__all__ = ["AggregateOptions", "AggregateResult", "aggregate", "output_names", "province_report"]

DEFAULT_SYMBOL = "BC-SNV"
_NO_MATCH = "không có tệp nào khớp với mẫu này"


class AggregateOptions(msgspec.Struct, frozen=True):
    """What to compile and where to write it."""

    out_dir: Path | None = None
    expect: Path | None = None
    previous: tuple[Path, ...] = ()
    strict: bool = False
    province: str | None = None
    forms_dirs: tuple[Path, ...] = ()


class AggregateResult(msgspec.Struct, frozen=True):
    """The files written, every diagnostic (the inputs' and the cross-agency warnings), the compilation."""

    written: list[Path]
    diagnostics: list[Diagnostic]
    compilation: Compilation

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def aggregate(paths: Sequence[Path], options: AggregateOptions) -> AggregateResult:
    """Compile the reports in `paths` into the province's workbook and Phụ lục; write all or nothing.

    Refused (InputError, nothing written): different forms or periods, one agency twice, a bad
    list, no agency without errors, or any error with `strict`.
    """
    agency_list = load_agency_list(options.expect) if options.expect else None
    paths, unmatched = expand_wildcards(paths)
    if not paths:
        raise InputError([error_at(p, None, f"{_NO_MATCH}; không có tệp nào để tổng hợp") for p in unmatched])
    analyses = [analyze_input(path, options.forms_dirs) for path in paths]
    form, period = check_same_form_and_period(analyses)
    diagnostics = [warning_at(p, None, _NO_MATCH) for p in unmatched]
    diagnostics += [d for a in analyses for d in _printed(a)]
    if options.strict and any(d.is_error for d in diagnostics):
        raise InputError(diagnostics)
    agencies, list_warnings = _agencies(analyses, agency_list)
    diagnostics += list_warnings
    if not any(a.state.counted for a in agencies):
        raise InputError([*diagnostics, error_at(paths[0], None, "không có báo cáo nào không có lỗi để tổng hợp")])
    province = options.province or (agency_list.province if agency_list else None) or infer_province(analyses)
    if not province:
        raise InputError(
            error_at(
                paths[0],
                None,
                'không xác định được tên tỉnh cho tiêu đề Phụ lục tổng hợp; hãy dùng --province "tỉnh …"'
                " hoặc ghi 'province:' trong tệp danh sách --expect",
            )
        )
    previous = _previous(options.previous, options.forms_dirs)
    folder, prefix = output_names(options.out_dir, province, period.slug, form.id)
    compilation = compile_province(
        agencies, form, period, province, previous, where=str(folder / f"{prefix}{COMPILATION_XLSX}")
    )
    diagnostics += compilation.warnings
    checked = province_report(compilation, agency_list)

    from ..render.appendix_docx import render_appendix_docx
    from ..render.appendix_xlsx import render_appendix_xlsx
    from .workbook import render_compilation_xlsx

    written = write_staged(
        [
            (folder / f"{prefix}{COMPILATION_XLSX}", lambda tmp: render_compilation_xlsx(compilation, tmp)),
            (folder / f"{prefix}{PHU_LUC_DOCX}", lambda tmp: render_appendix_docx(checked, tmp)),
            (folder / f"{prefix}{PHU_LUC_XLSX}", lambda tmp: render_appendix_xlsx(checked, tmp)),
        ]
    )
    return AggregateResult(written, diagnostics, compilation)


def _printed(analysis: Analysis) -> list[Diagnostic]:
    """What is printed of an input's problems: a sheet's thousand bad rows capped as `import` caps them
    (the status sheet still counts them all)."""
    if analysis.path.suffix.lower() not in XLSX_SUFFIXES:
        return analysis.diagnostics
    from ..core.errors import cap_similar

    return cap_similar(analysis.diagnostics, analysis.path)


def output_names(out_dir: Path | None, province: str, period_slug: str, form_id: str) -> tuple[Path, str]:
    """DIR (default output/tong-hop/<kỳ>/) and the file prefix "tinh-soc-trang-2022-q3-<biểu mẫu>-"."""
    folder = out_dir if out_dir is not None else compilation_folder(period_slug)
    return folder, compilation_prefix(province, period_slug, form_id)


def _agencies(
    analyses: Sequence[Analysis], agency_list: AgencyList | None
) -> tuple[list[Submission], list[Diagnostic]]:
    """Submissions in list order (then unlisted ones in input order), missing agencies as "chưa nộp"."""
    listed = {agency_key(entry.name): entry for entry in agency_list.agencies} if agency_list else {}
    owners: dict[str, Path] = {}
    matched: dict[str, Submission] = {}
    unlisted: list[Submission] = []
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for analysis in analyses:
        entry = _listed_entry(analysis, listed)
        sub = submission(analysis, entry)
        if analysis.report is not None:
            if sub.key in owners:
                errors.append(
                    error_at(
                        analysis.path,
                        None,
                        f"cơ quan '{sub.name}' đã có báo cáo trong tệp {owners[sub.key]};"
                        " mỗi cơ quan chỉ được một tệp mỗi kỳ",
                    )
                )
                continue
            owners[sub.key] = analysis.path
        if entry is not None:
            matched[agency_key(entry.name)] = sub
        else:
            unlisted.append(sub)
            if agency_list is not None and analysis.report is not None:
                warnings.append(unlisted_warning(sub, agency_list))
    if errors:
        raise InputError(errors)
    ordered = [
        matched.get(key) or Submission(entry.name, entry.short_name or entry.name, State.MISSING)
        for key, entry in listed.items()
    ]
    return [*ordered, *unlisted], warnings


def _listed_entry(analysis: Analysis, listed: dict[str, Listed]) -> Listed | None:
    """The list entry naming this agency by its full name or its header name (case does not matter)."""
    if analysis.report is None:
        return None
    agency = analysis.report.agency
    for name in (agency.full_name, agency.name):
        if name and agency_key(name) in listed:
            return listed[agency_key(name)]
    return None


def _previous(paths: Sequence[Path], forms_dirs: Sequence[Path]) -> dict[str, Submission]:
    """Last period's files by agency; a file with errors cannot be compared and is refused."""
    result: dict[str, Submission] = {}
    errors: list[Diagnostic] = []
    for path in paths:
        analysis = analyze_input(path, forms_dirs)
        if not analysis.ok:
            errors.extend(d for d in analysis.diagnostics if d.is_error)
            continue
        sub = submission(analysis)
        result[sub.key] = sub
    if errors:
        raise InputError(errors)
    return result


def province_report(compilation: Compilation, agency_list: AgencyList | None = None) -> CheckedReport:
    """The province-level Phụ lục as a checked report: the "Tổng" as the value, what it cannot say
    as a number (codes answered, agencies that left a row blank) as the note; the Sở Nội vụ's own
    number and date left blank, to be written in when its report is signed."""
    province = compilation.province
    issuer = (agency_list.issuer if agency_list else None) or f"Sở Nội vụ {province}"
    symbol = (agency_list.symbol if agency_list else None) or DEFAULT_SYMBOL
    form = compilation.form
    values: dict[str, RowValue] = {}
    for row in form.rows:
        total = compilation.totals[row.id]
        notes = total.code_lines() if row.kind is RowKind.CODED else []
        if total.note():
            notes.append(total.note())
        values[row.id] = RowValue(row, total.total, "\n".join(notes) or None, None, total.total)
    title = fill_title(form.title, {"CO_QUAN": f"CÁC CƠ QUAN, ĐƠN VỊ {province}".upper()})
    report = Report(
        source=agency_list.path if agency_list else Path(province),
        agency=Agency(name=issuer.upper(), full_name=issuer, place="", territory=province),
        period=compilation.period,
        window=compilation.period.default_window(),
        document=Document(symbol=symbol, subject="", draft=True),
        narrative=(),
        signature=Signature(authority=""),
        appendix=AppendixInput(form.id, {}, title=title),
        extra={"compilation": str(len(compilation.columns))},
    )
    return CheckedReport(report, form, values)
