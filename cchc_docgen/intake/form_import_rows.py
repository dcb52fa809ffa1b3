"""The rows of a blank form made into form rows: kind from the STT, the unit and bold type; code sets
from "Có = 1; Không = 0"; readable ids in the shipped forms' way ("I.1", "I.1.hoan_thanh"); and what a
table cannot say (sums, ratios, bounds) guessed as suggestions for the person who checks the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..forms import NUMBERED_STT, RowKind
from .form_import_table import BodyRow, clean, plain

_ROMAN = re.compile(r"^[IVXLC]+\.?$")
_LETTER = re.compile(r"^([a-zđ])[).]?$")
_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")
#: One code of a coded unit: "Có = 1", "Trực tuyến = 0".
_CODE = re.compile(r"([^=;,\n]+?)\s*=\s*(\d{1,9})\s*[;,]?\s*")
#: Words left out of an id: they say nothing about the row ("Số lượng … của các …").
_STOP_WORDS = frozenset(
    "so luong cac cua va da duoc trong do tai theo voi cho la co nhung ve den tu the hoac nay khi neu".split()
)
#: A unit longer than this is no list of codes (and is not searched for one).
_LONGEST_CODES = 300
_ID_WORDS = 4
_ID_CHARS = 32
#: Words of a ratio's denominator and numerator rows ("Số nhiệm vụ đề ra" / "… đã hoàn thành").
_WHOLE_WORDS = ("de ra", "ke hoach", "duoc giao", "tong", "phai", "tiep nhan", "du dieu kien", "duoc duyet")
_PART_WORDS = ("hoan thanh", "dung han", "giai quyet", "tra ket qua", "da ", "dang ")


@dataclass
class CodeSetDraft:
    name: str
    label: str
    values: list[tuple[int, str]]


@dataclass
class FormRow:
    """One row of the form file to write."""

    id: str
    stt: str
    label: str
    kind: RowKind
    unit: str  # "" for a coded row (its code set's label prints)
    codes: str = ""
    index: int = 0  # the row in the source table
    comments: list[str] = field(default_factory=list)
    parent: str = ""  # the numbered row (or section) it hangs under


def code_pairs(unit: str) -> list[tuple[int, str]] | None:
    """ "Có = 1; Không = 0" → [(1, "Có"), (0, "Không")]; None for a unit that is no code list."""
    text = clean(unit)
    if "=" not in text or len(text) > _LONGEST_CODES:
        return None
    pairs: list[tuple[int, str]] = []
    position = 0
    for match in _CODE.finditer(text):
        if match.start() != position:
            return None
        pairs.append((int(match.group(2)), match.group(1).strip()))
        position = match.end()
    if position != len(text) or len(pairs) < 2 or len({code for code, _ in pairs}) != len(pairs):
        return None
    return pairs


def code_label(unit: str) -> str:
    """The code list as printed, on one line: the renderers' ";" line breaks back to "; "."""
    return clean(unit.replace(";\n", "; "))


def slug(text: str, most_words: int = _ID_WORDS) -> str:
    """ "Số nhiệm vụ đã hoàn thành" → "nhiem_vu_hoan_thanh": the label's telling words, ASCII."""
    words = [w for w in plain(text).replace("%", " ").split() if w.isascii() and w.isalnum()]
    kept = [w for w in words if w not in _STOP_WORDS] or words
    out: list[str] = []
    for word in kept[:most_words]:
        if out and len("_".join([*out, word])) > _ID_CHARS:
            break
        out.append(word[:_ID_CHARS])
    return "_".join(out) or "dong"


class _Codes:
    """Code sets by their printed label, named from their words ("co_khong")."""

    def __init__(self) -> None:
        self.by_label: dict[str, CodeSetDraft] = {}

    def name_for(self, label: str, pairs: list[tuple[int, str]]) -> str:
        found = self.by_label.get(label)
        if found is not None:
            return found.name
        base = "_".join(slug(word, 2) for _, word in pairs)[:_ID_CHARS].strip("_") or "ma"
        names = {c.name for c in self.by_label.values()}
        name, n = base, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        self.by_label[label] = CodeSetDraft(name, label, pairs)
        return name


def _distinct(taken: str, label: str, used: set[str]) -> str:
    """An id for a row whose first words made an id already taken: its first two words and the words the
    taken id lacks ("Số vấn đề phát hiện đã xử lý xong" → "…van_de_xu_ly_xong"), else its last words
    ("… mức độ 4" → "…truc_tuyen_muc_do_4"); the first of these that is free."""
    parent, _, tail = taken.rpartition(".")
    words = slug(label, 99).split("_")
    others = [w for w in words[2:] if w not in tail.split("_")]
    candidates = [words[:2] + others[: _ID_WORDS - 1], words[-_ID_WORDS - 1 :], words[:2] + words[-3:]]
    for candidate in candidates:
        name = "_".join(candidate)[: _ID_CHARS + 8].strip("_")
        found = f"{parent}.{name}" if parent else name
        if name and found not in used:
            return found
    return taken


def _kind(row: BodyRow, numbered_sections: bool) -> RowKind:
    if _ROMAN.match(row.stt):
        return RowKind.SECTION
    if numbered_sections and row.bold and not row.unit and re.fullmatch(r"\d+\.?", row.stt):
        return RowKind.SECTION
    if code_pairs(row.unit) is not None:
        return RowKind.CODED
    if clean(row.unit) == "%":
        return RowKind.PERCENT
    return RowKind.GROUP if row.bold else RowKind.COUNT


def form_rows(body: list[BodyRow]) -> tuple[list[FormRow], list[CodeSetDraft], set[RowKind]]:
    """The form's rows, its code sets and the row kinds printed bold."""
    numbered_sections = not any(_ROMAN.match(row.stt) for row in body)
    codes = _Codes()
    rows: list[FormRow] = []
    used: set[str] = set()
    section = ""  # the section's id
    section_roman = False
    number = ""  # the id of the nearest numbered row
    for source in body:
        kind = _kind(source, numbered_sections)
        letter = None
        unit, code_name = clean(source.unit), ""
        if kind is RowKind.CODED:
            label = code_label(source.unit)
            code_name = codes.name_for(label, code_pairs(source.unit) or [])
            unit = ""
        stt = source.stt
        if kind is RowKind.SECTION:
            wanted = stt.rstrip(".")
            section, section_roman, number, parent = wanted, bool(_ROMAN.match(stt)), "", ""
        elif NUMBERED_STT.match(stt):
            digits = stt.rstrip(".")
            wanted = f"{section}.{digits}" if section and section_roman else digits
            number = wanted
            parent = section
        else:
            parent = number or section
            letter = _LETTER.match(stt)
            tail = letter.group(1).replace("đ", "d") if letter else slug(source.label)
            wanted = f"{parent}.{tail}" if parent else tail
        if source.source_id and _ID.match(source.source_id) and source.source_id not in used:
            wanted = source.source_id  # a sheet cchc-docgen made keeps its ids
        if wanted in used and kind is not RowKind.SECTION and not NUMBERED_STT.match(stt) and not letter:
            wanted = _distinct(wanted, source.label, used)
        row_id, n = wanted, 2
        while row_id in used:
            row_id, n = f"{wanted}_{n}", n + 1
        used.add(row_id)
        row = FormRow(row_id, stt, source.label, kind, unit, code_name, source.index, parent=parent)
        if source.note:
            row.comments.append(f"ghi chú in trong bảng: {clean(source.note)}")
        rows.append(row)
    bold = _bold_kinds(body, rows)
    _suggest(rows)
    return rows, list(codes.by_label.values()), bold


def _bold_kinds(body: list[BodyRow], rows: list[FormRow]) -> set[RowKind]:
    """The kinds printed bold: every kind whose rows are (mostly) bold; a row that differs is noted."""
    bold: set[RowKind] = set()
    for kind in RowKind:
        marks = [source.bold for source, row in zip(body, rows, strict=True) if row.kind is kind]
        if marks and sum(marks) * 2 > len(marks):
            bold.add(kind)
    for source, row in zip(body, rows, strict=True):
        if source.bold != (row.kind in bold):
            state = "in đậm" if source.bold else "không in đậm"
            row.comments.append(f"bản gốc {state} dòng này; biểu mẫu in đậm theo loại dòng (layout.bold)")
    return bold


def _children(rows: list[FormRow], at: int) -> list[FormRow]:
    """The unnumbered rows right under row `at` (up to the next numbered row or section)."""
    found = []
    for row in rows[at + 1 :]:
        if row.kind is RowKind.SECTION or NUMBERED_STT.match(row.stt) or _ROMAN.match(row.stt):
            break
        found.append(row)
    return found


def _heads(row: FormRow) -> bool:
    """Whether the rows under `row` may add up to it: a numbered or group row, or a "Tổng số …" row."""
    return bool(NUMBERED_STT.match(row.stt)) or row.kind is RowKind.GROUP or plain(row.label).startswith("tong")


def _has(row: FormRow, words: tuple[str, ...]) -> bool:
    text = plain(row.label) + " "
    return any(word in text for word in words)


def _short(label: str) -> str:
    return label if len(label) <= 60 else label[:57] + "…"


def _suggest(rows: list[FormRow]) -> None:
    """Comments for what only a person can decide: ratios, sums, parts of a whole."""
    for at, row in enumerate(rows):
        counts = [r for r in _children(rows, at) if r.kind is RowKind.COUNT]
        if row.kind is RowKind.PERCENT and plain(row.label).startswith("ty le"):
            siblings = (
                counts
                if NUMBERED_STT.match(row.stt)
                else [r for r in rows if r.parent == row.parent and r.kind is RowKind.COUNT and r is not row]
            )
            whole = next((r for r in siblings if _has(r, _WHOLE_WORDS)), None)
            part = next((r for r in siblings if r is not whole and _has(r, _PART_WORDS)), None)
            if whole is not None and part is not None:
                row.comments.append(
                    f"gợi ý: dòng '{_short(row.label)}' có thể là tỷ lệ của '{_short(part.label)}' /"
                    f" '{_short(whole.label)}': derive: {{ratio: [{part.id}, {whole.id}]}}"
                )
            elif len(siblings) >= 2:
                named = ", ".join(r.id for r in siblings)
                row.comments.append(
                    f"gợi ý: dòng '{_short(row.label)}' có thể là tỷ lệ của hai dòng trong: {named}"
                    " (derive: {ratio: [tử số, mẫu số]})"
                )
        elif row.kind in (RowKind.COUNT, RowKind.GROUP) and row.unit and _heads(row):
            same = [r for r in counts if r.unit == row.unit]
            if len(same) >= 2 and len(same) == len(counts):
                ids = ", ".join(r.id for r in same)
                row.comments.append(
                    f"gợi ý: dòng '{_short(row.label)}' có thể là tổng các dòng dưới: derive: {{sum: [{ids}]}}"
                    f" (hoặc parts: [{ids}] nếu tổng chỉ không được vượt quá dòng này)"
                )
        if (
            row.kind is RowKind.COUNT
            and at
            and (row.label.startswith("- ") or plain(row.stt + " " + row.label).startswith("trong do"))
        ):
            whole = next(
                (
                    r
                    for r in reversed(rows[:at])
                    if not r.label.startswith("- ") and "trong do" not in plain(r.stt + " " + r.label)[:9]
                ),
                None,
            )
            if whole is not None and whole.unit == row.unit and whole.kind in (RowKind.COUNT, RowKind.GROUP):
                row.comments.append(f"gợi ý: dòng này là một phần của '{_short(whole.label)}': max: {whole.id}")
