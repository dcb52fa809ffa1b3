"""The inputs of `aggregate`: report files, Phụ lục XLSX files and the list of agencies that must report."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec

from ..core.errors import CchcError, Diagnostic, InputError, did_you_mean, error_at, warning_at
from ..core.located_yaml import load_located
from ..forms import Form, load_form, select_version
from ..report.analysis import Analysis, analyze
from ..report.checks import AppendixChecker
from ..report.model import Entry, Report
from ..report.period import Period
from ..report.wording import document_code
from .compile import State, Submission, agency_key

__all__ = [
    "XLSX_SUFFIXES",
    "AgencyList",
    "Listed",
    "analyze_input",
    "check_same_form_and_period",
    "expand_wildcards",
    "infer_province",
    "load_agency_list",
    "short_name",
    "submission",
]

XLSX_SUFFIXES = (".xlsx", ".xlsm")
_WILDCARD = re.compile(r"[*?[]")
LIST_KEYS = ("province", "issuer", "symbol", "agencies")
ENTRY_KEYS = ("name", "short_name")


class Listed(msgspec.Struct, frozen=True):
    """One agency of the list: its name as the report files write it, and its column heading."""

    name: str
    short_name: str | None
    line: int | None


class AgencyList(msgspec.Struct, frozen=True):
    """The --expect file: the province, who compiles, and the agencies that must report."""

    path: Path
    agencies: tuple[Listed, ...]
    province: str | None = None
    issuer: str | None = None
    symbol: str | None = None


def load_agency_list(path: Path) -> AgencyList:
    """Read and validate a DANH-SACH.yaml file; raise InputError with every problem."""
    located = load_located(path)
    data = located.data
    errors: list[Diagnostic] = []

    def err(key: tuple[str | int, ...], message: str) -> None:
        errors.append(error_at(path, located.line(*key), message))

    def text(value: Any, key: tuple[str | int, ...], what: str) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            err(key, f"'{what}' phải là một đoạn văn bản")
            return None
        return " ".join(value.split())

    if not isinstance(data, dict):
        raise InputError(error_at(path, 1, "danh sách phải có trường 'agencies:' (các cơ quan phải báo cáo)"))
    for name in data:
        if name not in LIST_KEYS:
            err((name,), f"trường không hợp lệ '{name}'{did_you_mean(str(name), LIST_KEYS)}")
    raw = data.get("agencies")
    if not isinstance(raw, list) or not raw:
        err(("agencies",), "'agencies' phải là danh sách các cơ quan, mỗi cơ quan một dòng '- …'")
        raw = []
    listed: list[Listed] = []
    seen: dict[str, int | None] = {}
    for i, item in enumerate(raw):
        key: tuple[str | int, ...] = ("agencies", i)
        if isinstance(item, dict):
            for name in item:
                if name not in ENTRY_KEYS:
                    err((*key, name), f"trường không hợp lệ '{name}'{did_you_mean(str(name), ENTRY_KEYS)}")
            name_text = text(item.get("name"), (*key, "name"), "name")
            short = text(item.get("short_name"), (*key, "short_name"), "short_name")
        else:
            name_text, short = text(item, key, "tên cơ quan"), None
        if name_text is None:
            err(key, "thiếu tên cơ quan ('name')")
            continue
        line = located.line(*key)
        if agency_key(name_text) in seen:
            err(key, f"cơ quan '{name_text}' bị lặp (đã có ở dòng {seen[agency_key(name_text)]})")
        seen[agency_key(name_text)] = line
        listed.append(Listed(name_text, short, line))
    result = AgencyList(
        path,
        tuple(listed),
        province=text(data.get("province"), ("province",), "province"),
        issuer=text(data.get("issuer"), ("issuer",), "issuer"),
        symbol=text(data.get("symbol"), ("symbol",), "symbol"),
    )
    if errors:
        raise InputError(errors)
    return result


def expand_wildcards(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The inputs, each wildcard pattern that reached the tool replaced by the files it matches; and
    the patterns that match nothing.

    A shell expands `*.xlsx` and leaves it as typed when nothing matches; click does the same for
    the Windows command prompt, which expands nothing itself. So a pattern that arrives matched
    nothing (or came from a caller without a shell, for whom it is expanded here): it is named, never
    read as the file of an agency called "*.xlsx". A file whose name holds * or ? is taken as it is.
    """
    expanded: list[Path] = []
    unmatched: list[str] = []
    for path in paths:
        text = str(path)
        if not _WILDCARD.search(text) or path.exists():
            expanded.append(path)
            continue
        import glob  # only for a pattern

        matches = sorted(glob.glob(text))
        expanded.extend(Path(match) for match in matches)
        if not matches:
            unmatched.append(text)
    return expanded, unmatched


def analyze_input(path: Path, forms_dirs: Sequence[Path] = ()) -> Analysis:
    """A report file checked as `check` does, or a Phụ lục XLSX read and checked against its form."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _analyze_xlsx(path, forms_dirs)
    return analyze(path, forms_dirs)


_NOT_OURS = (
    "tệp Excel không có thông tin biểu mẫu, kỳ và cơ quan (thuộc tính cchc-docgen.*); chỉ tổng hợp được"
    " Phụ lục XLSX do cchc-docgen tạo (lệnh build hoặc appendix) hoặc tệp báo cáo YAML"
)


def _analyze_xlsx(path: Path, forms_dirs: Sequence[Path]) -> Analysis:
    """Who, which form and period from the workbook's properties; values read and checked as `import`
    reads them (each bad cell named), then the form's rules as `check` applies them."""
    from ..cycle.xlsx_inspect import inspect_xlsx, read_properties, unreadable
    from ..cycle.xlsx_sheet import read_sheet_values
    from ..render.phu_luc_sheet import IDENTITY, report_from_properties

    analysis = Analysis(path)
    try:
        # Sizes, XML and cells checked before openpyxl reads anything; a damaged sheet is kept as
        # `damage`, so that the properties can still name the agency that is then "có lỗi".
        package = inspect_xlsx(path)
    except CchcError as exc:
        analysis.diagnostics.extend(exc.diagnostics)
        return analysis
    try:
        props = read_properties(path)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        analysis.diagnostics.extend(package.damage or [unreadable(path, exc)])
        return analysis
    if package.damage and not all(props.get(name) for name in IDENTITY):
        analysis.diagnostics.extend(package.damage)
        return analysis
    if not all(props.get(name) for name in IDENTITY):
        analysis.diagnostics.append(error_at(path, None, _NOT_OURS))
        return analysis
    if props.get("compilation"):
        message = (
            f"đây là Phụ lục tổng hợp của tỉnh (từ {props['compilation']} cơ quan), không phải báo cáo của"
            " một cơ quan; không đưa vào tổng hợp lần nữa"
        )
        analysis.diagnostics.append(error_at(path, None, message))
        return analysis
    try:
        period = Period.parse(props["period"])
        # The version the agency's file was written with, as the sheet's id column follows it.
        form = select_version(
            load_form(props["form"], forms_dirs), period.default_window().end, props.get("form_version") or None
        )
    except ValueError as exc:
        analysis.diagnostics.append(error_at(path, None, str(exc)))
        return analysis
    except CchcError as exc:
        analysis.diagnostics.extend(replace_file(d, path) for d in exc.diagnostics)
        return analysis
    read, problems = read_sheet_values(path, form, forms_dirs, package)
    analysis.diagnostics.extend(problems)
    values = {row_id: Entry(value, note, row) for row_id, (value, note, row) in read.items()}
    report = report_from_properties(path, props, period, form, values)
    analysis.report, analysis.form = report, form
    if package.damage:  # the agency is known, its numbers are not: "có lỗi"
        return analysis
    checker = AppendixChecker(report, form)
    analysis.values = checker.run()
    analysis.diagnostics.extend(checker.diagnostics)
    return analysis


def replace_file(diagnostic: Diagnostic, path: Path) -> Diagnostic:
    """A diagnostic of the tool itself (no file) re-addressed to `path`."""
    if diagnostic.file != "cchc-docgen":
        return diagnostic
    return Diagnostic(str(path), None, diagnostic.severity, diagnostic.message)


def short_name(full_name: str) -> str:
    """A column heading from a full name: "Ủy ban nhân dân" → "UBND", the trailing " tỉnh …" dropped.

    "Sở Thông tin và Truyền thông tỉnh Sóc Trăng" → "Sở Thông tin và Truyền thông";
    "Ủy ban nhân dân huyện Cù Lao Dung" → "UBND huyện Cù Lao Dung".
    """
    name = re.sub(r"(?i)^(ủy|uỷ) ban nhân dân\b", "UBND", " ".join(full_name.split()))
    shorter = re.sub(r"\s+tỉnh\s+\S.*$", "", name)
    return shorter or name


def submission(analysis: Analysis, listed: Listed | None = None) -> Submission:
    """The agency of one analysed input, its state and its final values."""
    report, path = analysis.report, analysis.path
    diagnostics = tuple(analysis.diagnostics)
    if report is None:
        return Submission(path.name, path.stem, State.ERROR, path, diagnostics=diagnostics)
    name = report.agency.full_name or report.agency.name or path.stem
    state = State.ERROR if not analysis.ok else State.DRAFT if report.is_draft else State.SUBMITTED
    if analysis.ok and report.appendix is None:
        state = State.NO_APPENDIX
    doc = report.document
    return Submission(
        name=name,
        short_name=(listed.short_name if listed else None) or short_name(name),
        state=state,
        path=path,
        period=report.period,
        form=analysis.form,
        document_code=document_code(doc) if doc.number is not None else "",
        date=doc.date,
        signer=report.signature.name or "",
        values={row_id: rv.value for row_id, rv in analysis.values.items()} if analysis.ok else {},
        lines={row_id: entry.line for row_id, entry in (report.appendix.values if report.appendix else {}).items()},
        diagnostics=diagnostics,
    )


def _form_key(report: Report) -> str:
    """The key of the appendix that names its form: its version when pinned."""
    return "version" if report.appendix and report.appendix.version else "form"


def form_identity(form: Form) -> str:
    """What must agree between inputs, as messages name it: "'soctrang-so-nganh' phiên bản 2023"."""
    return f"'{form.id}' phiên bản {form.version}" if form.version else f"'{form.id}'"


def check_same_form_and_period(analyses: Sequence[Analysis]) -> tuple[Form, Period]:
    """The form and period most inputs share; raise InputError naming every file that differs."""
    known = [(a, a.report, a.form) for a in analyses if a.report is not None and a.form is not None]
    if not known:
        raise InputError([d for a in analyses for d in a.diagnostics if d.is_error])
    shared = Counter((form_identity(form), report.period) for _, report, form in known)
    (identity, period), _ = shared.most_common(1)[0]
    form = next(f for _, r, f in known if form_identity(f) == identity and r.period == period)
    witness = next(a.path for a, r, f in known if form_identity(f) == identity and r.period == period)
    errors = []
    for analysis, report, other in known:
        if form_identity(other) != identity:
            errors.append(
                error_at(
                    analysis.path,
                    _line_of(analysis.path, "appendix", _form_key(report)),
                    f"biểu mẫu {form_identity(other)} khác biểu mẫu {identity} của {witness};"
                    " chỉ tổng hợp được các báo cáo cùng biểu mẫu",
                )
            )
        elif report.period != period:
            errors.append(
                error_at(
                    analysis.path,
                    _line_of(analysis.path, "period"),
                    f"kỳ báo cáo {report.period.code} ({report.period.name}) khác kỳ {period.code}"
                    f" ({period.name}) của {witness}; chỉ tổng hợp được các báo cáo cùng kỳ",
                )
            )
    if errors:
        raise InputError(errors)
    return form, period


def _line_of(path: Path, *key: str) -> int | None:
    """The line of a key in a YAML report (only read again on the rare refusal path)."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return None
    try:
        return load_located(path).line(*key)
    except CchcError:
        return None


def infer_province(analyses: Sequence[Analysis]) -> str | None:
    """ "tỉnh Sóc Trăng" when every agency's parent is the same "UBND TỈNH SÓC TRĂNG"."""
    found = set()
    for analysis in analyses:
        parent = analysis.report.agency.parent if analysis.report else None
        match = re.fullmatch(r"(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(TỈNH|THÀNH PHỐ)\s+(.+)", parent or "")
        if match:
            found.add(f"{match.group(1).lower()} {match.group(2).strip().title()}")
    return found.pop() if len(found) == 1 else None


def unlisted_warning(sub: Submission, agency_list: AgencyList) -> Diagnostic:
    """An agency that sent a report but is not on the list: counted, and said so."""
    return warning_at(
        sub.path or sub.name,
        None,
        f"cơ quan '{sub.name}' không có trong danh sách {agency_list.path}; vẫn được tổng hợp",
    )
