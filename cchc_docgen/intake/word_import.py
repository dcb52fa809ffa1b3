"""`import BAO-CAO.docx REPORT.yaml` for a new report file: the Word report read (see `word_report`),
its Phụ lục matched to a form and filled, the report file written, and the narrative's numbers that
equal a Phụ lục value listed as candidates for `{{ pl[…] }}` references."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Diagnostic, InputError
from ..core.vnformat import format_number
from .docx_blocks import read_blocks
from .docx_package import open_word
from .word_report import WordReport, read_report
from .yaml_emit import dump

_NUMBER = re.compile(r"(?<![\w./-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w/])")


@dataclass
class Imported:
    text: str
    period: str
    warnings: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)


def import_word(
    source: Path,
    forms_dirs: Sequence[Path] = (),
    form_id: str | None = None,
    period: str | None = None,
    appendix_file: Path | None = None,
) -> Imported:
    """The report file text for the Word report at `source` (and its Phụ lục, in it or in `appendix_file`)."""
    document = read_blocks(open_word(source))
    report = read_report(document, source, period)
    warnings = [f"{source}: cảnh báo: {w}" for w in report.warnings]
    values: dict[str, Any] = {}
    appendix = _appendix(report, source, forms_dirs, form_id, appendix_file, warnings)
    if appendix is not None:
        report.data["appendix"] = appendix
        values = appendix.get("values", {})
    candidates = _candidates(report.data.get("narrative", []), values)
    return Imported(_text(report, source, candidates), str(report.data["period"]), warnings, candidates)


def _appendix(
    report: WordReport,
    source: Path,
    forms_dirs: Sequence[Path],
    form_id: str | None,
    appendix_file: Path | None,
    warnings: list[str],
) -> dict[str, Any] | None:
    if appendix_file is None and not report.appendix_tables:
        return None
    from .appendix_table import read_appendix, read_appendix_file, table_texts

    names = _placeholder_names(report.data)
    try:
        if appendix_file is not None:
            found = read_appendix_file(appendix_file, forms_dirs, form_id)
            shown = appendix_file
        else:
            group = max(_continued(report), key=lambda g: sum(len(t.rows) for t in g))
            table = group[0]
            shown = source
            others = [t for t in report.appendix_tables if t not in group]
            # The lines above another table (its own "PHỤ LỤC" and title) are not this table's title.
            theirs = {id(line) for t in others for line in report.titles_above.get(t.index, [])}
            place = f"bảng {table.index}" if len(group) == 1 else f"bảng {table.index}–{group[-1].index}"
            found = read_appendix(
                _joined(group),
                forms_dirs,
                form_id,
                place,
                title_lines=[line for line in report.appendix_titles if id(line) not in theirs],
                names=names,
            )
            for other in others:
                warnings.append(
                    f"{source}: cảnh báo: bảng {other.index} sau phần chữ ký: không phải bảng số liệu Phụ lục;"
                    " đã giữ làm ghi chú (cùng các dòng phía trên bảng)"
                )
                report.kept.extend(report.titles_above.get(other.index, []))
                report.kept.extend(" | ".join(row) for row in table_texts(other))
    except InputError as exc:
        if form_id is not None or appendix_file is not None:
            raise
        # A province's own form the tool does not know yet: the report comes in without its Phụ lục,
        # the table is kept as comments, and the way to a form file is said.
        warnings.extend(_in_source(source, d) for d in exc.diagnostics)
        warnings.append(
            f"{source}: cảnh báo: đã nhập báo cáo KHÔNG kèm Phụ lục; tạo biểu mẫu từ bảng này bằng"
            f" cchc-docgen forms import {source.name} -o BIEU-MAU.yaml rồi nhập lại với --forms-dir"
        )
        # The lines above the table ("PHỤ LỤC", its title, "(Kèm theo …)") are kept with it.
        report.kept.extend(report.appendix_titles)
        report.kept.extend(" | ".join(row) for t in report.appendix_tables for row in table_texts(t))
        return None
    warnings.extend(f"{shown}: cảnh báo: {w}" for w in found.warnings)
    appendix: dict[str, Any] = {"form": found.form_id}
    if getattr(found, "version", None):
        appendix["version"] = found.version
    for key in ("heading", "title"):
        if getattr(found, key) is not None:  # "" : the table has a title but no heading line
            appendix[key] = getattr(found, key)
    if found.form is None or found.leading_zero != found.form.layout.leading_zero:
        appendix["leading_zero"] = found.leading_zero
    appendix["values"] = found.values
    return appendix


def _continued(report: WordReport) -> list[list[Any]]:
    """The tables after the signature in runs of one table and its continuations: a table of as many
    columns right after it, with no line of text between them (a long Phụ lục typed in pieces, a page
    broken by hand, the header typed again)."""
    from .appendix_table import table_texts

    groups: list[list[Any]] = []
    width = -1
    for table in report.appendix_tables:
        columns = max((len(row) for row in table_texts(table)), default=0)
        if groups and columns == width and not report.titles_above.get(table.index):
            groups[-1].append(table)
        else:
            groups.append([table])
            width = columns
    return groups


def _joined(group: Sequence[Any]) -> list[list[str]]:
    """The rows of a table and its continuations as one table; a continuation's first rows that repeat
    the first table's header are left out."""
    from .appendix_table import table_texts

    rows = table_texts(group[0])
    header = rows[:3]
    for table in group[1:]:
        more = table_texts(table)
        while more and more[0] in header:
            more = more[1:]
        rows = rows + more
    return rows


def _in_source(source: Path, diagnostic: Diagnostic) -> str:
    """A problem of the Phụ lục table as a warning of the Word file: "BC.docx: cảnh báo: bảng 3: …"."""
    message = " ".join(diagnostic.message.split())
    where = f"{diagnostic.file}:{diagnostic.line}" if diagnostic.line else diagnostic.file
    if diagnostic.file in ("", str(source)):
        return f"{where or source}: cảnh báo: {message}"
    return f"{source}: cảnh báo: {where}: {message}"


def _placeholder_names(data: dict[str, Any]) -> dict[str, str]:
    """What {KY}, {CO_QUAN}, {DIA_BAN} of a form's title stand for in this report."""
    from ..report.period import Period

    agency = data.get("agency", {})
    names = {"KY": Period.parse(str(data["period"])).name, "CO_QUAN": str(agency.get("full_name", ""))}
    if agency.get("territory"):
        names["DIA_BAN"] = str(agency["territory"])
    return names


def _printed(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return format_number(value).replace(".", "")  # as the narrative's figures are compared: no thousands dot
    return str(value)


def _candidates(narrative: list[Any], values: dict[str, Any]) -> list[str]:
    """ "«…» : 43 = pl["III.4.hieu_luc"]" for each number of the narrative that equals a Phụ lục value."""
    by_number: dict[str, list[str]] = {}
    for key, value in values.items():
        printed = _printed(value)
        if printed is not None and printed.lstrip("0") not in ("", "1"):
            by_number.setdefault(printed.lstrip("0") or "0", []).append(key)
    found: list[str] = []
    for text in _texts(narrative):
        for match in _NUMBER.finditer(text):
            number = match.group(0).replace(".", "").lstrip("0")
            keys = by_number.get(number)
            if keys:
                start = max(0, match.start() - 30)
                context = text[start : match.end() + 10].replace("\n", " ")
                refs = " hoặc ".join(f'{{{{ pl["{k}"] }}}}' for k in keys[:3])
                found.append(f"«…{context}…»: số {match.group(0)} có thể viết {refs}")
    return found


def _texts(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    if isinstance(node, dict):
        return [t for key, item in node.items() if key not in ("number", "marker") for t in _texts(item)]
    return []


def _text(report: WordReport, source: Path, candidates: list[str]) -> str:
    lines = [
        f"# Báo cáo nhập từ tệp Word {source.name} (cchc-docgen import).",
        '# Hãy rà soát: cchc-docgen check <tệp này>; số liệu trùng Phụ lục có thể thay bằng {{ pl["…"] }}.',
        "",
    ]
    for key, value in report.data.items():
        lines.extend(dump({key: value}))
        lines.append("")
    if report.kept:
        lines.append("# Phần của văn bản không đưa được vào trường nào (giữ lại để rà soát):")
        lines.extend(f"#   {text}" for text in report.kept)
    if candidates:
        lines.append("# Số trong lời văn trùng số liệu Phụ lục (có thể thay bằng tham chiếu):")
        lines.extend(f"#   {c}" for c in candidates)
    return "\n".join(lines).rstrip("\n") + "\n"
