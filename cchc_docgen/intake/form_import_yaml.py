"""A form file written from an imported blank form: the fields the parser reads, every text quoted, a
comment wherever the table could not say something (a guessed relation, a lost merged heading)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.yaml_quote import quoted
from ..forms import COLUMN_NAMES, RowKind
from .form_import_rows import CodeSetDraft, FormRow
from .form_import_table import Header

_DEFAULT_BOLD = {RowKind.SECTION, RowKind.GROUP}


def _comment(text: str) -> str:
    return "# " + " ".join(text.split())


@dataclass
class FormText:
    """What goes into the file, and which of its lines stands for which source row (for messages)."""

    form_id: str
    name: str
    heading: str
    title: str
    landscape: bool
    header: Header
    rows: list[FormRow]
    codes: list[CodeSetDraft]
    bold: set[RowKind]
    attachment: str = ""
    preamble: list[str] = field(default_factory=list)
    title_comments: list[str] = field(default_factory=list)


def form_yaml(form: FormText) -> tuple[str, dict[int, int]]:
    """The form file's text, and the source row index of each row's line (1-based line numbers)."""
    lines = [_comment(text) for text in form.preamble]
    lines += [f"id: {quoted(form.form_id)}", f"name: {quoted(form.name)}", f"heading: {quoted(form.heading)}"]
    lines += [_comment(text) for text in form.title_comments]
    lines += [f"title: {quoted(form.title)}", f"orientation: {'landscape' if form.landscape else 'portrait'}"]
    header = form.header
    lines += [_comment(text) for text in header.notes]
    lines.append("columns:")
    lines += [f"  {role}: {quoted(header.headings[role])}" for role in COLUMN_NAMES]
    if header.group is not None:
        lines.append(f"  group: {quoted(header.group)}")
        lines.append(f"  group_over: [{', '.join(header.group_over)}]")
    layout = []
    present = {row.kind for row in form.rows}
    if any((kind in form.bold) != (kind in _DEFAULT_BOLD) for kind in present):
        kinds = [kind.value for kind in RowKind if kind in form.bold]
        layout.append(f"  bold: [{', '.join(kinds)}]   # loại dòng in đậm, như bản gốc")
    if form.attachment:
        layout.append(f"  attachment: {quoted(form.attachment)}")
    if layout:
        lines += ["layout:", *layout]
    if form.codes:
        lines.append("codes:")
        for code in form.codes:
            values = ", ".join(f"{number}: {quoted(word)}" for number, word in code.values)
            lines += [f"  {code.name}:", f"    label: {quoted(code.label)}", f"    values: {{{values}}}"]
    lines.append("rows:")
    places: dict[int, int] = {}
    for row in form.rows:
        if row.kind is RowKind.SECTION:
            lines.append("")
        lines += [f"  {_comment(text)}" for text in row.comments]
        fields = [f"id: {quoted(row.id)}"]
        if row.stt:
            fields.append(f"stt: {quoted(row.stt)}")
        fields.append(f"label: {quoted(row.label)}")
        if row.unit and not (row.kind is RowKind.PERCENT and row.unit == "%"):
            fields.append(f"unit: {quoted(row.unit)}")
        fields.append(f"kind: {row.kind.value}")
        if row.codes:
            fields.append(f"codes: {row.codes}")
        lines.append(f"  - {{{', '.join(fields)}}}")
        places[len(lines)] = row.index
    return "\n".join(lines) + "\n", places
