"""A narrative table corrected in Word, written back into the report file: cells changed, body rows
added and removed (`header`, `rows`, `total` as typed; a cell under a vertical merge is skipped)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..cycle.word_diff import opcodes
from .docx_model import Cell, Paragraph, Span, Table
from .write_back_slots import Slot
from .write_back_text import document_tokens, file_tokens, written
from .write_back_yaml import Edits, Place, like

__all__ = ["TableEdit", "table_edits"]

#: kind, line, old text, new text, the document's paragraph (for a refusal), refusal message ("": none)
TableEdit = tuple[str, "int | None", "str | None", "str | None", "Paragraph | None", str]


def _spans(paragraphs: Sequence[Paragraph]) -> list[Span]:
    spans: list[Span] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            spans.append(Span("\n"))
        spans += paragraph.spans
    return spans


def _row_text(row: Sequence[Cell]) -> str:
    return " | ".join(" ".join(cell.text.split()) for cell in row)


def _cells(row: Any) -> Any:
    return row.get("cells") if isinstance(row, CommentedMap) else row


def _line(seq: Any, index: int) -> int | None:
    return seq.lc.item(index)[0] + 1 if isinstance(seq, CommentedSeq) and 0 <= index < len(seq) else None


def _style_of(cell: Cell) -> tuple[bool, bool]:
    """Whether every letter of a printed cell is bold, italic."""
    filled = [p for p in cell.paragraphs if p.text.strip()]
    return bool(filled) and all(p.bold for p in filled), bool(filled) and all(p.italic for p in filled)


def _first(cell: Cell) -> Paragraph | None:
    return cell.paragraphs[0] if cell.paragraphs else None


def table_edits(edits: Edits, place: Place | None, slot: Slot, old: Table, new: Table) -> Iterator[TableEdit]:
    """The edits turning the table at `place` (printed as `old`) into `new`, each reported."""
    before, after = [_row_text(r) for r in old.rows], [_row_text(r) for r in new.rows]
    if before == after:
        return
    block = place.container[place.key] if place is not None else None
    spec = block.get("table") if isinstance(block, CommentedMap) else None
    parts: list[tuple[Any, int]] = []  # where each printed row is typed: (its list, its index)
    for key in ("header", "rows"):
        seq = spec.get(key) if isinstance(spec, CommentedMap) else None
        parts += [(seq, i) for i in range(len(seq))] if isinstance(seq, CommentedSeq) else []
    if isinstance(spec, CommentedMap) and spec.get("total") is not None:
        parts.append((spec, -1))
    if len(parts) != len(old.rows):
        message = "không tìm được các dòng của bảng này trong tệp báo cáo; hãy sửa bảng trong tệp YAML"
        yield ("bảng", slot.line, None, None, _first(new.rows[0][0]) if new.rows and new.rows[0] else None, message)
        return
    assert isinstance(spec, CommentedMap)
    rows = spec.get("rows")
    for op, i1, i2, j1, j2 in opcodes(before, after):
        if op == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            if i < i2 and j < j2:
                yield from _row(edits, parts[i], old.rows[i], new.rows[j])
            elif i < i2:
                seq, index = parts[i]
                if seq is not rows:
                    yield (
                        "dòng bảng",
                        slot.line,
                        None,
                        None,
                        _first(old.rows[i][0]),
                        "không xóa được dòng tiêu đề hay dòng tổng của bảng trong Word; hãy sửa trong tệp YAML",
                    )
                    continue
                edits.delete(Place(seq, index))
                yield ("dòng bảng", _line(seq, index), _row_text(old.rows[i]), None, None, "")
            else:
                seq, index = parts[i2 - 1] if i2 else (rows, -1)
                if seq is not rows or not isinstance(rows, CommentedSeq):
                    yield (
                        "dòng bảng",
                        slot.line,
                        None,
                        None,
                        _first(new.rows[j][0]),
                        "dòng thêm vào bảng ở chỗ này không có chỗ trong tệp báo cáo; hãy thêm trong tệp YAML",
                    )
                    continue
                texts = [
                    written(document_tokens(_spans(c.paragraphs)), cell=True)
                    for c in new.rows[j]
                    if c.merge != "continue"
                ]
                model = _cells(seq[index]) if 0 <= index < len(seq) else None
                model = model if isinstance(model, list) and model else [None]
                cells = CommentedSeq(like(model[min(k, len(model) - 1)], text) for k, text in enumerate(texts))
                cells.fa.set_flow_style()
                edits.insert_after(Place(seq, index), cells)
                yield ("dòng bảng", _line(seq, index), None, _row_text(new.rows[j]), None, "")


def _row(edits: Edits, part: tuple[Any, int], old: Sequence[Cell], new: Sequence[Cell]) -> Iterator[TableEdit]:
    seq, index = part
    row = seq["total"] if index < 0 else seq[index]
    cells = _cells(row)
    if len(old) != len(new) or not isinstance(cells, list):
        yield (
            "dòng bảng",
            _line(seq, index),
            None,
            None,
            _first(new[0]) if new else None,
            "dòng bảng đã đổi số ô (gộp hay tách ô trong Word); hãy sửa bảng trong tệp YAML",
        )
        return
    # A row typed in full has a cell ("" under a vertical merge) for each printed one; a shorter row
    # leaves out those under a merge.
    direct = len(cells) == len(old)
    typed = 0
    for position, (before, after) in enumerate(zip(old, new, strict=True)):
        if before.merge == "continue":
            continue
        column = position if direct else typed
        typed += 1
        if column >= len(cells):
            continue
        value = cells[column]
        raw = str(value.get("text", "")) if isinstance(value, CommentedMap) else "" if value is None else str(value)
        plain = "*" not in raw  # bold or italic as a whole comes from the row (a header, a total), not marks
        bold, italic = _style_of(before)
        tokens = document_tokens(_spans(after.paragraphs), bold and plain, italic and plain)
        edit = file_tokens(raw, str, cell=True).edit(tokens)
        if edit is None:
            continue
        if isinstance(value, CommentedMap):
            edits.set_text(Place(cells, column), edit.text, key="text")
        else:
            edits.set_text(Place(cells, column), edit.text)
        yield ("ô bảng", _line(cells, column) or _line(seq, index), raw, edit.text, None, "")
