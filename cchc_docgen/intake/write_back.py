"""`import BAO-CAO.docx REPORT.yaml`: corrections made in Word to a BÁO CÁO, written back into its report file.

The document (usually the tool's own output, corrected by a leader in Word or LibreOffice) is compared
with what the report file prints now, rendered in this process by the same renderer and read back by
the same reader, so both sides are the same kind of blocks. Paragraphs are paired by their hidden
anchors, else by text (`write_back_align`); each changed paragraph is mapped onto the text typed in
the file, its references kept (`write_back_text`); an edit of a number a reference prints is refused,
since the Phụ lục is that number's source. Headings, paragraphs, list items, table cells, the opening,
the closing, the subject, Kính gửi and Nơi nhận come back, and what is typed at signing: the document's
number and date (a draft becoming the signed document) and the signer's name (`write_back_heading`);
a heading's number does not (numbers are automatic). Nothing is written when anything is refused;
the file is written atomically, with its comments and layout kept (ruamel.yaml round trip).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgspec
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.atomic import write_text_atomic
from ..core.errors import Diagnostic, InputError, error_at, warning_at
from ..core.roundtrip_yaml import dump_roundtrip, load_roundtrip, newline_of
from ..cycle.word_diff import mark_words, opcodes
from ..render.bao_cao import default_template, render_bao_cao_docx
from ..report.analysis import CheckedReport, analyze
from ..report.wording import basis_lines
from .docx_blocks import read_blocks
from .docx_model import Paragraph, Table
from .docx_package import open_word
from .heading_zone import first_words
from .write_back_align import Frame, Unit, align, frame_of
from .write_back_heading import apply as apply_signing
from .write_back_heading import signing_changes
from .write_back_slots import Slot, slots_of
from .write_back_table import table_edits
from .write_back_text import Edit, document_tokens, file_tokens, nfc, written
from .write_back_yaml import Edits, Place, narrative_place

__all__ = ["Change", "write_back"]

#: A heading's number as printed: "I.", "1.", "1.1.", "1.1", "a)", "a."; a space after it, or a letter
#: right after its final "." or ")" when the clerk typed no space ("1.Công tác …"), as the import reads it.
_NUMBER = re.compile(
    r"\s*(?:(?:[IVXLCDM]+\.|\d+(?:\.\d+)*\.?|[a-zđ][.)])\s+|(?:[IVXLCDM]+\.|\d+(?:\.\d+)*\.|[a-zđ][.)])(?=[^\W\d_]))"
)
#: A document whose narrative keeps less than this share of the file's paragraphs (when it has a few)
#: is not this report's BÁO CÁO: writing it back would replace the whole narrative.
_KEPT_SHARE = 0.3
_FEW = 5
#: A list item's label typed by hand: "- ", "+ ", "• ", "1. ", "a) "; a dash right before the item's
#: first letter too ("–Tổ chức …"), as the import reads it.
_LABEL = re.compile(r"\s*(?:(?:[-+•–—]|\d+[.)]|[a-zđ][.)])\s+|[-+•–—](?=[^\W\d_]))")


class Change(msgspec.Struct, frozen=True):
    """One text of the report file the document changes, adds or removes."""

    kind: str  # "đoạn", "tiêu đề", "ý", "ô bảng", "Nơi nhận", …
    old: str | None  # as typed in the file; None: added
    new: str | None  # as written into the file; None: removed
    line: int | None = None
    place: str = ""  # "1.2": the section, as `diff` names it

    def lines(self) -> list[str]:
        """How `diff` shows it: sửa/thêm/bỏ (where): the words, [-removed-]{+added+}."""
        where = (f"mục {self.place}, " if self.place else "") + self.kind + (f", dòng {self.line}" if self.line else "")
        if self.old is not None and self.new is not None:
            return [f"sửa ({where}): {mark_words(self.old, self.new)}"]
        if self.new is not None:
            return [f"thêm ({where}): {self.new}"]
        return [f"bỏ ({where}): {self.old}"]


def write_back(
    docx: Path,
    report: Path,
    forms_dirs: Sequence[Path] = (),
    template: Path | None = None,
    warn: Callable[[Diagnostic], None] | None = None,
) -> list[Change]:
    """Write the corrections made to the BÁO CÁO `docx` back into `report` (its report file); return them.

    `template` is the Word template the document was built with (default: the shipped one); `warn`
    receives the warnings (tracked changes read as accepted, comments left out). Raise InputError,
    with every problem located, before anything is written.
    """
    analysis = analyze(report, forms_dirs)
    if not analysis.ok:
        raise InputError([d for d in analysis.diagnostics if d.is_error])
    checked = analysis.checked()
    document = read_blocks(open_word(docx))
    if warn is not None:
        if document.tracked_changes:
            warn(
                warning_at(
                    docx,
                    None,
                    f"tài liệu còn {document.tracked_changes} thay đổi chưa chấp nhận (Track "
                    "Changes); đã đọc như khi chấp nhận tất cả",
                )
            )
        if document.comments:
            warn(
                warning_at(
                    docx,
                    None,
                    f"tài liệu có {document.comments} nhận xét (Comment); nhận xét không được ghi vào tệp báo cáo",
                )
            )
    with tempfile.TemporaryDirectory(prefix="cchc-docgen-") as folder:
        printed = Path(folder) / "bao-cao.docx"
        render_bao_cao_docx(checked, printed, template or default_template())
        expected = read_blocks(open_word(printed))
    data = load_roundtrip(report)
    writer = _WriteBack(checked, data, report, docx)
    writer.compare(frame_of(expected.blocks), frame_of(document.blocks))
    if writer.refused:
        raise InputError(writer.refused)
    signing = signing_changes(expected.blocks, document.blocks)
    for field in signing:
        writer.changes.append(Change(field.shown, _text(field.old), _text(field.new), _key_line(data, field.keys)))
    if writer.edits or signing:
        if writer.edits:
            writer.edits.apply()
        apply_signing(data, signing)
        write_text_atomic(report, dump_roundtrip(data, newline_of(report)))
    return writer.changes


def _key_line(data: CommentedMap, keys: tuple[str, ...]) -> int | None:
    """The line of the report file a field's key stands on (None: the file does not have it yet)."""
    mapping = data
    for key in keys[:-1]:
        mapping = mapping[key]
    return int(mapping.lc.key(keys[-1])[0]) + 1 if keys[-1] in mapping else None


def _text(value: object) -> str | None:
    """A field's value as `diff` shows it (None: not in the file)."""
    return None if value is None else str(value)


def _strip_item(text: str) -> str:
    return nfc(text).strip().lstrip("-–•").strip().rstrip(";.").strip()


class _WriteBack:
    def __init__(self, checked: CheckedReport, data: CommentedMap, report: Path, docx: Path) -> None:
        self.checked, self.data, self.report, self.docx = checked, data, report, docx
        self.slots = slots_of(checked)
        self.edits = Edits()
        self.changes: list[Change] = []
        self.refused: list[Diagnostic] = []

    # -- messages ----------------------------------------------------------------------------
    def refuse(self, line: int | None, paragraph: Paragraph | None, message: str) -> None:
        where = f"{self.docx.name}"
        if paragraph is not None:
            where += f", đoạn {paragraph.index} (“{first_words(paragraph.text)}”)"
        self.refused.append(error_at(self.report, line, f"{where}: {message}; không có gì được ghi"))

    def refuse_touched(self, slot: Slot, paragraph: Paragraph, edit: Edit) -> None:
        for touched in edit.touched:
            shown = f"“{touched.printed}” do {touched.reference} in ra"
            shown += f" thành “{touched.typed}”" if touched.typed else " (xóa đi)"
            if touched.row_id is None:
                hint = "giá trị này tính từ kỳ báo cáo: hãy sửa period (hoặc data_window) trong tệp báo cáo"
            else:
                hint = (
                    f"số liệu lấy từ bảng Phụ lục: hãy sửa giá trị {touched.row_id} trong appendix.values của tệp"
                    " báo cáo (hoặc bằng lệnh import PHỤ_LỤC.xlsx), không sửa trong Word"
                )
            self.refuse(slot.line, paragraph, f"sửa số {shown}; {hint}")

    def note(self, slot: Slot | None, kind: str, old: str | None, new: str | None, line: int | None = None) -> None:
        self.changes.append(
            Change(kind, old, new, line if slot is None else slot.line, "" if slot is None else slot.place)
        )

    # -- the whole document ------------------------------------------------------------------
    def compare(self, expected: Frame, actual: Frame) -> None:
        if not actual.found_title:
            self.refuse(
                None,
                None,
                "không tìm thấy dòng “BÁO CÁO” của văn bản: đây không phải BÁO CÁO do chương "
                "trình tạo ra, hoặc dòng đó đã bị sửa",
            )
            return
        self.subject(actual.subject)
        document = self.data.get("document")
        if isinstance(document, CommentedMap):
            self.items("Kính gửi", document, "recipients", actual.recipients or [])
        signature = self.data.get("signature")
        if isinstance(signature, CommentedMap) and (actual.distribution or expected.distribution):
            self.items("Nơi nhận", signature, "distribution", [p.text for p in actual.distribution])
        self.narrative(expected.units, actual.units)

    def subject(self, paragraph: Paragraph | None) -> None:
        document = self.data.get("document")
        if paragraph is None or not isinstance(document, CommentedMap):
            return
        old, new = self.checked.report.document.subject, nfc(" ".join(paragraph.text.split()))
        if " ".join(old.split()) == new:
            return
        line = document.lc.value("subject")[0] + 1 if "subject" in document else None
        self.edits.set_text(Place(document, "subject"), new)
        self.note(None, "trích yếu", old, new, line)

    def items(self, kind: str, mapping: CommentedMap, key: str, printed: list[str]) -> None:
        """A list of plain lines (Kính gửi, Nơi nhận): changed, added and removed lines."""
        new = [_strip_item(line) for line in printed if _strip_item(line)]
        typed = mapping.get(key)
        seq = typed if isinstance(typed, CommentedSeq) else None
        old = [str(item) for item in seq] if seq is not None else ([] if typed is None else [str(typed)])
        if [_strip_item(o) for o in old] == new:
            return
        if seq is None or not seq:  # none yet, or one line typed as a text: written as a list
            self.edits.set_text(Place(mapping, key), CommentedSeq(new))
            self.note(None, kind, "; ".join(old) or None, "; ".join(new))
            return

        def line(i: int) -> int | None:
            return int(seq.lc.item(min(i, len(seq) - 1))[0]) + 1

        for op, i1, i2, j1, j2 in opcodes([_strip_item(o) for o in old], new):
            if op == "equal":
                continue
            for k in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + k, j1 + k
                if i < i2 and j < j2:
                    self.edits.set_text(Place(seq, i), new[j])
                    self.note(None, kind, old[i], new[j], line(i))
                elif i < i2:
                    self.edits.delete(Place(seq, i))
                    self.note(None, kind, old[i], None, line(i))
                else:
                    self.edits.insert_after(Place(seq, i2 - 1), new[j])
                    self.note(None, kind, None, new[j], line(i2))

    # -- the narrative -----------------------------------------------------------------------
    def slot_of(self, unit: Unit, bases: list[str]) -> Slot | None:
        if unit.anchor is not None:
            return self.slots.get(unit.anchor)
        if unit.text in bases:
            return Slot("basis", (bases.index(unit.text),), raw=unit.text)
        return None

    def narrative(self, expected: list[Unit], actual: list[Unit]) -> None:
        bases = basis_lines(self.checked.report.document)
        slots = [self.slot_of(unit, bases) for unit in expected]
        point: Slot | None = None  # the last thing kept: added paragraphs go after it
        removed: set[tuple[int, ...]] = set()
        removals: list[tuple[Slot, Unit]] = []
        pairs = align(expected, actual)
        kept = sum(1 for i, j in pairs if i is not None and j is not None)
        if len(expected) >= _FEW and kept < _KEPT_SHARE * max(len(expected), len(actual)):
            self.refuse(
                None,
                None,
                f"chỉ {kept} trong {len(expected)} đoạn của tệp báo cáo còn thấy trong tệp Word: đây không phải bản"
                " BÁO CÁO của tệp báo cáo này (kỳ khác, cơ quan khác?); nếu muốn tạo tệp báo cáo mới từ tệp Word, hãy"
                " ghi ra một tệp YAML chưa có",
            )
            return
        for i, j in pairs:
            slot = slots[i] if i is not None else None
            if i is not None and j is not None:
                if slot is not None:
                    self.changed(slot, expected[i], actual[j])
                    point = slot
            elif i is not None:
                if slot is not None:
                    removals.append((slot, expected[i]))
                    removed.add(slot.path)
            elif j is not None:
                point = self.added(point, actual[j])
        gone = {s.path for s, _ in removals if s.kind == "title" and all(c in removed for c in s.children)}
        for slot, unit in removals:
            if any(slot.path[:n] in gone for n in range(1, len(slot.path))):  # goes with its section
                self.note(slot, slot.what, slot.raw or "(bảng)", None)
            else:
                self.removed(slot, unit, removed)

    def changed(self, slot: Slot, old: Unit, new: Unit) -> None:
        if slot.kind == "table":
            if isinstance(old.block, Table) and isinstance(new.block, Table) and slot.table is not None:
                place = narrative_place(self.data, slot.path)
                for kind, line, before, after, paragraph, message in table_edits(
                    self.edits, place, slot, old.block, new.block
                ):
                    if message:
                        self.refuse(line, paragraph, message)
                    else:
                        self.note(slot, kind, before, after, line)
            return
        if not isinstance(old.block, Paragraph) or not isinstance(new.block, Paragraph):
            return
        if slot.kind == "basis":
            text = _strip_item(new.block.text)
            if _strip_item(slot.raw) != text:
                self.set_basis(slot.path[0], text)
            return
        edit = self.edit_of(slot, old.block, new.block)
        if edit is None:
            return
        if edit.touched:
            self.refuse_touched(slot, new.block, edit)
            return
        self.set_slot(slot, edit.text)
        self.note(slot, slot.what, slot.raw, edit.text)

    def edit_of(self, slot: Slot, old: Paragraph, new: Paragraph) -> Edit | None:
        plain = "*" not in slot.raw
        skip = 0
        if slot.kind == "title" and slot.number:
            match = _NUMBER.match(new.text)
            skip = match.end() if match else 0
        elif slot.kind == "item":
            match = _LABEL.match(new.text)
            skip = len(slot.label) + 1 if new.text.startswith(slot.label + " ") else match.end() if match else 0
        tokens = document_tokens(new.spans, old.bold and plain, old.italic and plain, skip)
        return file_tokens(slot.raw, self.checked.text, slot.footnote).edit(tokens)

    def set_slot(self, slot: Slot, text: str) -> None:
        if slot.kind in ("opening", "closing"):
            owner = self.data["document"] if slot.kind == "opening" else self.data
            self.edits.set_text(Place(owner, slot.kind), text)
            return
        place = narrative_place(self.data, slot.path)
        if place is None:
            return
        item = place.container[place.key]
        if slot.kind == "title":
            self.edits.set_text(place, text, key="title")
        elif isinstance(item, CommentedMap) and "text" in item:
            if slot.footnote is not None:
                self.edits.remove_key(item, "footnote")  # the footnote now stands in the text, as ^[…]
            self.edits.set_text(place, text, key="text")
        else:
            self.edits.set_text(place, text)

    def set_basis(self, index: int, text: str) -> None:
        document = self.data.get("document")
        bases = document.get("bases") if isinstance(document, CommentedMap) else None
        if isinstance(bases, CommentedSeq) and index < len(bases):
            self.note(None, "căn cứ", str(bases[index]), text, bases.lc.item(index)[0] + 1)
            self.edits.set_text(Place(bases, index), text)

    def added(self, point: Slot | None, unit: Unit) -> Slot | None:
        block = unit.block
        paragraph = block if isinstance(block, Paragraph) else None
        if isinstance(block, Table) or point is None or point.kind not in ("title", "para", "item", "table"):
            what = "bảng" if isinstance(block, Table) else "đoạn"
            self.refuse(
                None if point is None else point.line,
                paragraph,
                f"{what} thêm ở chỗ này không có chỗ tương ứng trong tệp báo cáo; hãy thêm nó trong tệp YAML",
            )
            return point
        assert paragraph is not None
        if paragraph.style.startswith("BC Đề mục"):
            self.refuse(
                point.line, paragraph, "tiêu đề mới thêm trong Word: hãy thêm mục (title, content) trong tệp YAML"
            )
            return point
        label = _LABEL.match(paragraph.text)
        if point.kind == "item" and label:  # one more item of the list, after the item kept
            text = written(document_tokens(paragraph.spans, skip=label.end()))
            self.edits.insert_after(Place(*self.place_of(point.path)), text)
            self.note(point, "ý", None, text)
            return point
        text = written(document_tokens(paragraph.spans))
        if point.kind == "title":  # the first paragraph under a heading
            section = self.place_of(point.path)
            self.edits.insert_after(Place(section[0][section[1]], "content", first=True), text)
            self.note(point, "đoạn", None, text)
            return point
        path = point.path[:-1] if point.kind == "item" else point.path  # after the list, the table, …
        self.edits.insert_after(Place(*self.place_of(path)), text)
        self.note(point, "đoạn", None, text)
        return msgspec.structs.replace(point, kind="para", path=path)

    def place_of(self, path: tuple[int, ...]) -> tuple[Any, Any, Any]:
        """The container, key and owner of a narrative path that exists (it was printed)."""
        place = narrative_place(self.data, path)
        assert place is not None, path
        return place.container, place.key, place.owner

    def removed(self, slot: Slot, unit: Unit, removed: set[tuple[int, ...]]) -> None:
        paragraph = unit.block if isinstance(unit.block, Paragraph) else None
        if slot.kind in ("opening", "closing", "basis"):
            owner = self.data["document"] if slot.kind != "closing" else self.data
            if slot.kind == "basis":
                bases = owner.get("bases")
                if isinstance(bases, CommentedSeq) and slot.path[0] < len(bases):
                    self.edits.delete(Place(bases, slot.path[0]))
            else:
                self.edits.remove_key(owner, slot.kind)
            self.note(slot, slot.what, slot.raw, None)
            return
        if slot.kind == "title" and not all(child in removed for child in slot.children):
            self.refuse(slot.line, paragraph, "tiêu đề bị xóa nhưng nội dung của mục vẫn còn; hãy sửa trong tệp YAML")
            return
        if slot.kind == "item":
            siblings = [p for p in removed if p[:-1] == slot.path[:-1]]
            list_place = narrative_place(self.data, slot.path[:-1])
            items = list_place.container[list_place.key].get("list") if list_place is not None else None
            if list_place is not None and isinstance(items, list) and len(siblings) == len(items):
                if slot.path[-1] == 0:
                    self.edits.delete(list_place)  # every item removed: the list goes
                self.note(slot, slot.what, slot.raw, None)
                return
        place = narrative_place(self.data, slot.path)
        if place is not None:
            self.edits.delete(place)
            self.note(slot, slot.what, slot.raw or "(bảng)", None)
