"""The values and notes `import` read, written back into the report file with its comments and layout kept."""

from __future__ import annotations

from typing import Any, cast

import msgspec
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..core.roundtrip_yaml import CommentedMap
from ..core.vnformat import BLANK_VALUE, number_or_blank, zero_padded
from ..forms import Form, Indicator
from ..report.derived import Number, same
from ..report.parse import split_qualified


class Change(msgspec.Struct, frozen=True):
    """One indicator whose typed value or note the sheet changes."""

    indicator: Indicator
    old_value: Number | None
    new_value: Number | None
    old_note: str | None
    new_note: str | None
    #: The clerk typed the new value with a leading zero ("09", or 9 in a cell formatted "00").
    padded: bool = False

    def lines(self) -> list[str]:
        """How the change is shown: STT, label, id, old → new."""
        row = self.indicator
        who = " ".join(p for p in (row.stt, row.label) if p) + f" ({row.id})"
        out = []
        if not same(self.old_value, self.new_value):
            out.append(f"{who}: {number_or_blank(self.old_value)} → {number_or_blank(self.new_value)}")
        if self.old_note != self.new_note:
            out.append(f"{who}: ghi chú {_quoted(self.old_note)} → {_quoted(self.new_note)}")
        return out


def _quoted(note: str | None) -> str:
    return BLANK_VALUE if note is None else '"' + note.replace("\n", " ↵ ") + '"'


def _values_map(data: CommentedMap) -> CommentedMap:
    appendix = data["appendix"]
    values = appendix.get("values")
    if not isinstance(values, CommentedMap):
        values = CommentedMap()
        appendix["values"] = values
    return values


def _note_scalar(note: str, flow: bool) -> str:
    """A quoted note; a multi-line note in a block mapping as a `|-` block (flow mappings cannot hold one)."""
    if "\n" in note and not flow:
        return cast(str, LiteralScalarString(note))
    return cast(str, DoubleQuotedScalarString(note))


def _flow_entry(value: Number | None, note: str) -> CommentedMap:
    entry = CommentedMap([("value", value), ("note", _note_scalar(note, flow=True))])
    entry.fa.set_flow_style()
    return entry


def _like_old(new: Number | None, old: Any, padded: bool = False) -> Any:
    """`new` written the way the old value was typed: a qualifier typed with the number ("12 (lượt tin)")
    and a leading zero ("04") are kept, so an edited cell never silently drops them; a leading zero the
    clerk typed in the sheet (`padded`) is kept too."""
    if padded and isinstance(new, int) and not isinstance(old, str) and 0 <= new < 10:
        return DoubleQuotedScalarString(f"{new:02d}")
    if new is None or not isinstance(old, str):
        return new
    number_text, qualifier = split_qualified(old)
    text = str(new).replace(".", ",") if isinstance(new, float) else str(new)  # "85,71": no thousands dot
    padded = zero_padded(number_text)
    if padded and isinstance(new, int) and 0 <= new < 10:
        text = f"{new:02d}"
    elif qualifier is None:
        return new
    return DoubleQuotedScalarString(f"{text} {qualifier}" if qualifier else text)


def apply_changes(data: CommentedMap, form: Form, changes: list[Change]) -> None:
    """Write the changes into the round-trip data, keeping comments; new ids go in form order."""
    values = _values_map(data)
    order = {row.id: i for i, row in enumerate(form.rows)}
    for change in changes:
        row_id, value, note = change.indicator.id, change.new_value, change.new_note
        key = next((k for k in values if str(k) == row_id), None)
        entry = values.get(key) if key is not None else None
        if isinstance(entry, CommentedMap):
            if "value" in entry or value is not None:
                if "value" in entry:
                    entry["value"] = _like_old(value, entry["value"], change.padded)
                else:
                    entry.insert(0, "value", value)
            if note is None:
                entry.pop("note", None)
            else:
                entry["note"] = _note_scalar(note, flow=entry.fa.flow_style())
        elif key is not None:
            value = _like_old(value, values[key], change.padded)
            values[key] = value if note is None else _flow_entry(value, note)
        else:
            value = _like_old(value, None, change.padded)
            new = value if note is None else _flow_entry(value, note)
            after = [i for i, k in enumerate(values) if order.get(str(k), -1) < order[row_id]]
            values.insert(after[-1] + 1 if after else 0, row_id, new)
