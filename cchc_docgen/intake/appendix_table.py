"""A Phụ lục table typed by hand (Word or Excel) read into a report's `appendix`: its form found by
its labels, each row matched to the form's by STT and label, values and notes kept as printed.

Public: `read_appendix` (rows of cell texts), `read_appendix_file` (a .docx or .xlsx), `table_texts`
(a Word table's cells, merged cells expanded) and `AppendixImport`. Nothing is dropped silently:
a row the form does not have, a value that is no number, a derived value that disagrees are warnings
naming the table, the row and its first words, and what they held is kept in a note where it can be.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import CchcError, InputError, error_at
from ..forms import Form, Indicator, RowKind, available_forms, load_form, load_form_file
from .appendix_table_layout import Layout, find_layout, row_cells
from .appendix_table_match import Alignment, TableRow, align, normalized, normalized_stt
from .appendix_table_values import Cells, Read, leading_zero_choice, read_cells, yaml_values

__all__ = ["AppendixImport", "read_appendix", "read_appendix_file", "table_texts"]

#: A form is taken for a table only when it has at least this share of the table's labelled rows…
MIN_TABLE_COVERAGE = 0.6
#: … and, unless the form is named (--form), this share of its own rows are in the table.
MIN_FORM_COVERAGE = 0.4
#: Rows of the form missing from the table listed by name in the warning.
_LISTED = 5
_FIRST_WORDS = 6
_PERIOD = re.compile(r"(?:QUÝ\s+(?:IV|III|II|I)\s+|[69]\s+THÁNG\s+ĐẦU\s+)?NĂM\s+\d{4}", re.IGNORECASE)
_HEADING = re.compile(r"^(PHỤ\s+LỤC|BẢNG\s+TỔNG\s+HỢP|BIỂU\s+(SỐ|MẪU))\b", re.IGNORECASE)
_CONNECTORS = ("CỦA", "TẠI", "TRÊN ĐỊA BÀN")


@dataclass
class AppendixImport:
    """What a typed Phụ lục gives a report file's `appendix`."""

    form_id: str
    version: str | None  # the form version its labels and headings fit best; None when no better than another
    values: dict[str, object]  # as `appendix.values` holds them
    leading_zero: bool  # counts below 10 printed "06" throughout
    heading: str | None = None  # the heading line when it differs from the form's ("" : none printed)
    title: str | None = None  # the title pattern when it differs from the form's
    warnings: list[str] = field(default_factory=list)
    form: Form | None = field(default=None, repr=False, compare=False)  # the version read against


def table_texts(table: object) -> list[list[str]]:
    """A Word table's rows as cell texts, one per grid column: a cell spanning columns repeated in each,
    a cell continuing a vertical merge blank (`intake.docx_blocks.Table`)."""
    rows = []
    for row in getattr(table, "rows", []):
        texts: list[str] = []
        for cell in row:
            text = "" if cell.merge == "continue" else cell.text
            texts.extend([text] * max(1, cell.span))
        rows.append(texts)
    return rows


def read_appendix(
    rows: Sequence[Sequence[str]],
    forms_dirs: Sequence[Path],
    form_id: str | None,
    place: str,
    *,
    title_lines: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    row_ids: Mapping[int, str] | None = None,
) -> AppendixImport:
    """Read a Phụ lục table given as rows of cell texts (merged cells repeated or given once,
    continuations of vertical merges blank). `place` names the table in messages ("bảng 3");
    `title_lines` are the lines printed above it (heading, title); `names` the placeholder values
    of the report ({"KY": "quý I năm 2023", "CO_QUAN": …}), to give a title back its placeholders;
    `row_ids` the form row id of some rows, when the table says (the tool's own sheet).
    Raise InputError when no value column or no form fits."""
    layout = find_layout(rows, place)
    table_rows = [_table_row(i, rows[i], layout) for i in layout.data]
    labelled = [r for r in table_rows if r.label]
    form, alignment, fits = _choose_form(labelled, layout, forms_dirs, form_id, place, row_ids or {})
    warnings: list[str] = []
    matched = {p.table_row: p for p in alignment.pairs}
    reads: dict[str, Read] = {}
    last: Read | None = None
    for i in layout.data:
        cells = row_cells(rows[i], layout)
        where = _where(place, i, rows[i], layout)
        pair = matched.get(i)
        if pair is None:
            last = _unmatched(cells, where, form, last, warnings)
            continue
        row = pair.form_row
        _compare_printed(row, cells, pair.similarity, where, warnings)
        read = read_cells(Cells(row, cells.get("value", ""), cells.get("note", ""), where), warnings.append)
        reads[row.id] = read
        last = read
    _missing(form, reads, place, warnings)
    leading_zero = leading_zero_choice(reads, form)
    wheres = {p.form_row.id: _where(place, p.table_row, rows[p.table_row], layout) for p in alignment.pairs}
    values = yaml_values(reads, form, leading_zero, lambda row_id, text: warnings.append(f"{wheres[row_id]}: {text}"))
    heading, title = _heading_and_title([*title_lines, *layout.title_lines], form, names or {})
    version = form.version if form.variants and _version_told(form, fits) else None
    return AppendixImport(form.id, version, values, leading_zero, heading, title, warnings, form)


def read_appendix_file(
    path: Path, forms_dirs: Sequence[Path], form_id: str | None, *, names: Mapping[str, str] | None = None
) -> AppendixImport:
    """Read the Phụ lục of a .docx (its best-fitting table, the lines above it as title) or of a .xlsx
    (the first sheet holding a table; the tool's own sheet by its hidden id column and properties).
    Warnings name the table ("bảng 2, dòng 12 …", "trang 'PHỤ LỤC', dòng 40 …"), not the file; a
    refusal names the file. `names` as for `read_appendix`."""
    from .appendix_table_files import read_docx_tables, read_xlsx_table

    if path.suffix.lower() == ".xlsx":
        tables = [read_xlsx_table(path)]
    else:
        tables = read_docx_tables(path)
    refusals: list[InputError] = []
    found: list[AppendixImport] = []
    for table in tables:
        try:
            found.append(
                read_appendix(
                    table.rows,
                    forms_dirs,
                    form_id or table.form_id,
                    table.place,
                    title_lines=table.title_lines,
                    names=names,
                    row_ids=table.row_ids,
                )
            )
        except InputError as exc:
            refusals.append(exc)
    if found:
        return max(found, key=lambda f: len(f.values))
    if refusals:
        raise InputError([error_at(path, None, f"{d.file}: {d.message}") for d in refusals[-1].diagnostics])
    raise InputError(error_at(path, None, "không thấy bảng số liệu Phụ lục nào trong tệp"))


def _table_row(i: int, row: Sequence[str], layout: Layout) -> TableRow:
    cells = row_cells(row, layout)
    return TableRow(i, cells.get("stt", ""), cells.get("label", ""), cells.get("unit", ""))


def _where(place: str, i: int, row: Sequence[str], layout: Layout) -> str:
    """ "bảng 3, dòng 12 («Số văn bản chỉ đạo CCHC…»)": the row counted from 1 as given."""
    cells = row_cells(row, layout)
    text = cells.get("label") or next((t for t in cells.values() if t), "")
    words = text.split()
    first = " ".join(words[:_FIRST_WORDS]) + ("…" if len(words) > _FIRST_WORDS else "")
    return f"{place}, dòng {i + 1} («{first}»)" if first else f"{place}, dòng {i + 1}"


def _candidates(forms_dirs: Sequence[Path], form_id: str | None) -> list[Form]:
    """Every version of the form named, or of every form found (a form that fails to load is skipped)."""
    if form_id is not None:
        form = load_form(form_id, forms_dirs)
        return list(form.variants.values()) or [form]
    found: list[Form] = []
    for path in available_forms(forms_dirs).values():
        try:
            form = load_form_file(path)
        except CchcError:
            continue
        found.extend(form.variants.values() or [form])
    return found


def _choose_form(
    labelled: list[TableRow],
    layout: Layout,
    forms_dirs: Sequence[Path],
    form_id: str | None,
    place: str,
    row_ids: Mapping[int, str],
) -> tuple[Form, Alignment, dict[int, tuple[int, float]]]:
    """The form (version) whose rows the table has most of, its alignment, and how well each version
    tried fits (exact labels, column headings), by the version's object id."""
    tried = []
    for form in _candidates(forms_dirs, form_id):
        alignment = align(labelled, form, dict(row_ids))
        key = (len(alignment.pairs), alignment.score + _heading_fit(layout, form))
        tried.append((key, form, alignment))
    tried.sort(key=lambda t: t[0], reverse=True)
    if not tried:
        raise InputError(error_at(place, None, "không có biểu mẫu nào để đối chiếu bảng Phụ lục"))
    _key, form, alignment = tried[0]
    if labelled and _covers(alignment, len(labelled), form, named=form_id is not None):
        fits = {id(f): (a.exact, _heading_fit(layout, f)) for _k, f, a in tried}
        return form, alignment, fits
    best = ", ".join(
        f"'{f.id}' (khớp {len(a.pairs)}/{len(labelled)} dòng của bảng)" for f, a in _best_per_form(tried)[:3]
    )
    if form_id is not None:
        message = (
            f"bảng không khớp biểu mẫu '{form_id}': chỉ {len(alignment.pairs)}/{len(labelled)} dòng có chỉ tiêu"
            " trùng với biểu mẫu; hãy kiểm tra lại --form"
        )
    else:
        message = (
            f"không nhận ra biểu mẫu của bảng Phụ lục ({len(labelled)} dòng có chỉ tiêu);"
            f" gần nhất: {best or 'không có'}. Hãy chọn biểu mẫu bằng --form MÃ, hoặc thêm biểu mẫu của tỉnh"
            " vào thư mục --forms-dir"
        )
    raise InputError(error_at(place, None, message))


def _best_per_form(tried: list[tuple[tuple[int, float], Form, Alignment]]) -> list[tuple[Form, Alignment]]:
    seen: dict[str, tuple[Form, Alignment]] = {}
    for _key, form, alignment in tried:
        seen.setdefault(form.id, (form, alignment))
    return list(seen.values())


def _covers(alignment: Alignment, labelled: int, form: Form, named: bool) -> bool:
    """Whether the table is of `form`: most of its rows are the form's, and, for a form found rather
    than named (--form), much of the form is in it (a short table of a few rows proves no form)."""
    matched = len(alignment.pairs)
    if matched < MIN_TABLE_COVERAGE * labelled:
        return False
    return named or matched >= MIN_FORM_COVERAGE * len(form.rows)


def _heading_fit(layout: Layout, form: Form) -> float:
    """How many of the form's column headings the table prints as they are (tells versions apart)."""
    printed = {normalized(t) for text in layout.header_texts for t in (text, *text.split("  ")) if t}
    columns = form.columns
    headings = [columns.stt, columns.label, columns.unit, columns.value, columns.note, columns.group or ""]
    joined = " ".join(normalized(t) for t in layout.header_texts)
    return sum(0.5 for h in headings if h and (normalized(h) in printed or f" {normalized(h)} " in f" {joined} "))


def _version_told(form: Form, fits: Mapping[int, tuple[int, float]]) -> bool:
    """Whether `form` fits the table better than each other version of it (by labels and headings)."""
    mine = fits[id(form)]
    return all(mine > fits[id(other)] for other in form.variants.values() if other is not form and id(other) in fits)


def _compare_printed(row: Indicator, cells: Mapping[str, str], similarity: float, where: str, out: list[str]) -> None:
    """Warnings for what the rebuilt table will print otherwise: the label, STT or unit of the form."""
    if similarity < 1.0:
        out.append(f"{where}: nhận là {row.describe()} (chữ khác biểu mẫu một chút); bản dựng lại in theo biểu mẫu")
    stt = cells.get("stt", "")
    if stt and row.stt and normalized_stt(stt) != normalized_stt(row.stt):
        out.append(f"{where}: số thứ tự '{stt}' khác biểu mẫu ('{row.stt}' của {row.describe()}); in theo biểu mẫu")
    unit = cells.get("unit", "")
    printed_unit = row.codes.label if row.kind is RowKind.CODED and row.codes is not None else row.unit
    if unit and _words(unit) != _words(printed_unit) and normalized(unit) != normalized(row.label):
        shown = printed_unit or "không có"
        out.append(
            f"{where}: đơn vị tính '{unit}' khác biểu mẫu ('{shown}'); đơn vị thuộc về biểu mẫu, in theo biểu mẫu"
        )


def _words(unit: str) -> list[str]:
    """A unit's words in order, codes in any order ("Không = 0 Có = 1" is "Có = 1; Không = 0")."""
    words = normalized(unit).split()
    return sorted(words) if "=" in unit else words


def _unmatched(cells: Mapping[str, str], where: str, form: Form, last: Read | None, out: list[str]) -> Read | None:
    """A row the form does not have: warned about; its value and note kept in the note of the row above."""
    label, value, note = cells.get("label", ""), cells.get("value", ""), cells.get("note", "")
    held = " — ".join(t for t in (f"{label}: {value}" if label and value else label or value, note) if t)
    if not (value or note):
        if label or cells.get("stt"):
            out.append(f"{where}: dòng này không có trong biểu mẫu '{form.id}' (không có số liệu, bỏ qua)")
        return last
    if last is None:
        out.append(f"{where}: dòng này không có trong biểu mẫu '{form.id}'; nội dung '{held}' không được ghi vào đâu")
        return last
    last.note = held if not last.note else f"{last.note}\n{held}"
    out.append(
        f"{where}: dòng này không có trong biểu mẫu '{form.id}'; nội dung được giữ trong ghi chú của"
        f" {last.indicator.describe()}"
    )
    return last


def _missing(form: Form, reads: Mapping[str, Read], place: str, out: list[str]) -> None:
    missing = [r for r in form.rows if r.id not in reads]
    if missing:
        listed = "; ".join(r.describe() for r in missing[:_LISTED]) + ("; …" if len(missing) > _LISTED else "")
        out.append(f"{place}: bảng thiếu {len(missing)} dòng của biểu mẫu '{form.id}' (để trống): {listed}")


def _heading_and_title(lines: Sequence[str], form: Form, names: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The heading and title pattern when the printed ones differ from the form's (None when alike
    or when nothing above the table was seen)."""
    # A title typed in a merged row of the table is one cell of several paragraphs: one line each.
    texts = [" ".join(t.split()) for line in lines for t in line.split("\n") if t.strip()]
    texts = [t for t in texts if not (t.startswith("(") and "kèm theo" in t.casefold())]
    at = max((i for i, t in enumerate(texts) if _HEADING.match(t) and len(t) <= 40), default=None)
    if at is not None:
        rest = [t for t in texts[at + 1 :] if _upper(t)]
    else:  # no heading line: the title is the run of upper-case lines just above the table
        rest = []
        for text in reversed(texts):
            if not _upper(text):
                break
            rest.insert(0, text)
        if not rest:
            return None, None  # nothing above the table reads as its title
    heading = None
    if at is None:
        heading = "" if form.heading else None
    elif texts[at].upper() != form.heading.upper():
        heading = texts[at]
    if not rest:
        return heading, None
    printed = " ".join(rest)
    pattern = re.escape(" ".join(form.title.split()))
    pattern = re.sub(r"\\\{[A-Z_]+\\\}", ".+?", pattern)
    if re.fullmatch(pattern, printed, re.IGNORECASE):
        return heading, None
    return heading, _with_placeholders(printed, form, names)


def _upper(text: str) -> bool:
    """A line in capitals, as Phụ lục titles are printed."""
    return any(c.isalpha() for c in text) and text == text.upper()


def _with_placeholders(printed: str, form: Form, names: Mapping[str, str]) -> str:
    """The printed title with the report's period, agency and territory given back as {KY}, {CO_QUAN},
    {DIA_BAN}: from `names`, else the period by its wording and the agency after "CỦA"/"TẠI"."""
    title = printed
    for name, value in names.items():
        if value.strip():
            title = re.sub(re.escape(" ".join(value.split())), "{" + name + "}", title, count=1, flags=re.IGNORECASE)
    if "{KY}" not in title and "{KY}" in form.title:
        title = _PERIOD.sub("{KY}", title, count=1)
    last = re.search(r"\{(CO_QUAN|DIA_BAN)\}\s*$", form.title)
    head, ky, tail = title.partition("{KY}")
    if last and ky and "{" not in tail:
        for connector in _CONNECTORS:
            if tail.upper().startswith(f" {connector} "):
                title = f"{head}{ky}{tail[: len(connector) + 2]}{{{last.group(1)}}}"
                break
    return title
