"""Write-back of what is typed into the BÁO CÁO at signing: the number, the date (a draft becoming
the signed document) and the signer's name, read from the heading and the signature block as the
Word import reads them and compared with what the report file prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import msgspec
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..report.fields import GROUPS
from .docx_model import Block
from .heading_zone import Heading, read_heading
from .lines import block_lines
from .signature_zone import read_signature
from .word_report import is_title, signature_start


class FieldChange(msgspec.Struct, frozen=True):
    """A field of the report file the document prints otherwise: its keys, and the values."""

    keys: tuple[str, ...]
    old: Any
    new: Any
    shown: str  # how `diff` names it: "số văn bản", "ngày", "người ký"


def _zones(blocks: Sequence[Block]) -> tuple[Heading, dict[str, Any]] | None:
    """The heading fields and the signature fields of a BÁO CÁO's blocks; None without a BÁO CÁO line."""
    title = next((i for i, b in enumerate(blocks) if is_title(b)), None)
    if title is None:
        return None
    heading = read_heading([line for block in blocks[:title] for line in block_lines(block)])
    start = signature_start(blocks, title + 1)
    signature = read_signature([line for block in blocks[start:] for line in block_lines(block)]).signature
    return heading, signature


def _date(text: Any) -> Any:
    """A full "YYYY-MM-DD" as a date (the report file writes it unquoted), a month as its text."""
    if isinstance(text, str) and len(text) == 10:
        return dt.date.fromisoformat(text)
    return text


def signing_changes(expected: Sequence[Block], actual: Sequence[Block]) -> list[FieldChange]:
    """The number, date, draft flag and signer's name the document (`actual`) prints differently
    from the report file's own rendering (`expected`)."""
    before, after = _zones(expected), _zones(actual)
    if before is None or after is None:
        return []
    (old_heading, old_signature), (new_heading, new_signature) = before, after
    changes: list[FieldChange] = []
    old_doc, new_doc = old_heading.document, new_heading.document
    for key, shown in (("number", "số văn bản"), ("date", "ngày")):
        if new_doc.get(key) is not None and old_doc.get(key) != new_doc.get(key):
            changes.append(FieldChange(("document", key), old_doc.get(key), _date(new_doc.get(key)), shown))
    if old_doc.get("draft") and not new_doc.get("draft") and "number" in new_doc and "date" in new_doc:
        changes.append(FieldChange(("document", "draft"), True, False, "dự thảo"))
    if new_signature.get("name") and old_signature.get("name") != new_signature.get("name"):
        changes.append(FieldChange(("signature", "name"), old_signature.get("name"), new_signature["name"], "người ký"))
    return changes


def apply(data: CommentedMap, changes: Sequence[FieldChange]) -> None:
    """Set each field in the report file; a field it did not have goes where the field table puts it
    (the number before the symbol, the name before Nơi nhận), text in double quotes as the file writes it."""
    for change in changes:
        mapping = data
        for key in change.keys[:-1]:
            mapping = mapping[key]
        key = change.keys[-1]
        value = DoubleQuotedScalarString(change.new) if isinstance(change.new, str) else change.new
        if key in mapping:
            mapping[key] = value
            continue
        order = GROUPS[change.keys[0]].names
        later = [k for k in mapping if k in order and order.index(k) > order.index(key)]
        mapping.insert(list(mapping).index(later[0]) if later else len(mapping), key, value)
