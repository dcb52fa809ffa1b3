"""A BÁO CÁO in Word read into a report file's fields, zone by zone: heading, title and trích yếu,
Kính gửi and căn cứ, opening, narrative, closing, signature and Nơi nhận, and the Phụ lục after it.

Nothing is dropped silently: what fits no field is a warning naming its place in the document
(paragraph or table/row and its first words) and is kept in the report file as a comment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import InputError, error_at
from .docx_model import Block, Paragraph, Table, WordDocument
from .heading_zone import first_words, read_heading
from .lines import Line, block_lines, is_rule
from .markup import marked, one_line
from .narrative_reader import NarrativeReader, heading_lists, promoted_headings
from .period_guess import full_name_from_text, guess_period, guess_window, territory_of
from .signature_zone import read_signature, starts_signature

#: "Kính gửi:", and "Kính gởi:" as the South spells it (the write-back finds it with this too).
KINH_GUI = re.compile(r"^k[íi]nh\s+g[ửởu]i\s*:?\s*", re.IGNORECASE)
#: What a recipient line under Kính gửi starts with when typed.
RECIPIENT_MARKS = "-–•"
_BASIS = re.compile(r"^c[ăa]n\s+c[ứu]\b", re.IGNORECASE)
_CLOSING = re.compile(r"^trên\s+đây\s+là\b", re.IGNORECASE)
_NOI_NHAN_LINE = re.compile(r"^n[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)
_APPENDIX = re.compile(r"^(ph[ụu]\s+l[ụu]c|bi[ểe]u\s+(m[ẫa]u|s[ốo]\s+li[ệe]u|t[ổo]ng\s+h[ợo]p))\b", re.IGNORECASE)


@dataclass
class WordReport:
    """What the import read: the report file's mapping, the warnings (located), the text kept as
    comments, and the Phụ lục tables found after the signature (for the appendix reader)."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    appendix_tables: list[Table] = field(default_factory=list)
    appendix_titles: list[str] = field(default_factory=list)
    #: The lines of `appendix_titles` standing above each table (by its index), since the table before it.
    titles_above: dict[int, list[str]] = field(default_factory=dict)


def is_title(block: Block) -> bool:
    """The "BÁO CÁO" line: centred or bold, its first line "BÁO CÁO" (or "B Á O  C Á O", spaced out),
    maybe followed by the trích yếu."""
    if not isinstance(block, Paragraph) or block.in_textbox or not (block.align == "center" or block.bold):
        return False
    first = one_line(block.text.split("\n", 1)[0]).upper()
    return first.replace(" ", "").startswith("BÁOCÁO") and len(block.text) <= 400


def _title_index(blocks: Sequence[Block]) -> int | None:
    return next((index for index, block in enumerate(blocks) if is_title(block)), None)


def _title_out_of_table(blocks: list[Block]) -> list[Block]:
    """The blocks, with a BÁO CÁO line typed in a row of the heading table taken out of it: the rows
    above stay the heading table, that row's and the following rows' paragraphs follow it."""
    if _title_index(blocks) is not None:
        return blocks
    for index, block in enumerate(blocks[:5]):
        if not isinstance(block, Table):
            continue
        for row_index, row in enumerate(block.rows):
            if any(is_title(p) for cell in row for p in cell.paragraphs):
                rest = [p for later in block.rows[row_index:] for cell in later for p in cell.paragraphs]
                above = Table(block.rows[:row_index], index=block.index, landscape=block.landscape)
                return [*blocks[:index], above, *rest, *blocks[index + 1 :]]
    return blocks


def _title_rest(paragraph: Paragraph) -> list[str]:
    """The trích yếu typed in the BÁO CÁO paragraph itself: after a line break, or after the words."""
    lines = [one_line(part) for part in paragraph.text.split("\n")]
    first = lines[0]
    rest = first[len("BÁO CÁO") :].strip(" :-–") if first.upper().startswith("BÁO CÁO") else ""
    return [part for part in [rest, *lines[1:]] if part]


def read_report(document: WordDocument, path: Path, period_code: str | None = None) -> WordReport:
    """The report file's mapping for the Word report `document` (read from `path`, named in messages);
    `period_code` when the trích yếu does not say the period."""
    blocks = _title_out_of_table(document.blocks)
    title = _title_index(blocks)
    if title is None:
        raise InputError(
            error_at(path, None, "không thấy dòng tiêu đề «BÁO CÁO» (in đậm, căn giữa): tệp này không phải một báo cáo")
        )
    result = WordReport({})
    heading = read_heading([line for block in blocks[:title] for line in block_lines(block)])
    result.warnings += heading.warnings
    subject, position, notes = _subject(blocks, title)
    end = signature_start(blocks, position)
    body = _Body(
        NarrativeReader(
            heading_lists=heading_lists(document.paragraphs()), promoted=promoted_headings(blocks[position:])
        )
    )
    body.read(blocks[position:end], result)
    zone_end = _appendix_start(blocks, end)
    signature = read_signature([line for block in blocks[end:zone_end] for line in block_lines(block)])
    result.warnings += signature.warnings
    result.kept += signature.kept
    _after_signature(blocks[zone_end:], result)
    period = period_code or guess_period(subject)
    if period is None:
        raise InputError(
            error_at(
                path, None, f"không đoán được kỳ báo cáo từ trích yếu «{subject}»; hãy ghi --period (ví dụ 2025-Q1)"
            )
        )
    body_text = " ".join(one_line(b.text) for b in blocks[position:end] if isinstance(b, Paragraph))
    result.data = {"agency": _agency(heading.agency, body_text, result), "period": period}
    window = _stated_window(notes, period)
    if window is not None:
        result.data["data_window"] = window
    fields = body.document_fields(subject)
    if notes:  # the report file has no line under the trích yếu: the notes open the opening
        fields["opening"] = "\n".join([*(f"*{note}*" for note in notes), *filter(None, [fields.get("opening")])])
    result.data["document"] = _ordered(
        {**heading.document, **fields},
        ("number", "symbol", "date", "draft", "recipients", "recipients_final_dot", "subject", "bases", "opening"),
    )
    sections = body.narrative.finish()
    if sections:
        result.data["narrative"] = sections
    if body.closing:
        result.data["closing"] = body.closing
    result.data["signature"] = signature.signature
    _review_marks(document, result)
    return result


def _stated_window(notes: Sequence[str], period: str) -> dict[str, dt.date] | None:
    """`data_window` when a note under the trích yếu states one other than the period's default."""
    from ..report.period import Period

    stated = next((w for w in map(guess_window, notes) if w is not None), None)
    if stated is None:
        return None
    try:
        default = Period.parse(period).default_window()
    except ValueError:  # --period wrong: said elsewhere
        return None
    if stated == (default.start, default.end) or stated[0] > stated[1]:
        return None
    return {"from": stated[0], "to": stated[1]}


def _subject(blocks: Sequence[Block], title: int) -> tuple[str, int, list[str]]:
    """The trích yếu (the centred or bold lines right under BÁO CÁO, or the rest of its paragraph, up
    to a rule or a blank line), the position of the first block after it, and the remarks in italics
    and parentheses right under it ("(Số liệu tính từ ngày …)")."""
    title_paragraph = blocks[title]
    assert isinstance(title_paragraph, Paragraph)
    parts = _title_rest(title_paragraph)
    position = title + 1
    while position < len(blocks):
        block = blocks[position]
        if not isinstance(block, Paragraph) or block.in_textbox:
            break
        text = one_line(block.text)
        if not text:
            if parts:
                break
            position += 1
            continue
        if is_rule(text):
            position += 1
            break
        if KINH_GUI.match(text) or _BASIS.match(text) or not (block.align == "center" or block.bold):
            break
        if parts and _is_note(block, text):  # "(Số liệu tính từ ngày …)" in italics under the trích yếu
            break
        parts.append(text)
        position += 1
    notes: list[str] = []
    ahead = position
    while parts and ahead < len(blocks):
        block = blocks[ahead]
        if not isinstance(block, Paragraph) or block.in_textbox:
            break
        text = one_line(block.text)
        if text and not _is_note(block, text):
            break
        ahead += 1
        if text:  # a note (blank lines before it go with it)
            notes.append(text)
            position = ahead
    return " ".join(parts), position, notes


def _is_note(block: Paragraph, text: str) -> bool:
    """A remark in parentheses typed in italics, not bold: not a line of the (bold) trích yếu."""
    return block.italic and not block.bold and text.startswith("(") and text.rstrip(".").endswith(")")


@dataclass
class _Body:
    """Between the trích yếu and the signature: Kính gửi, căn cứ, the opening (whatever stands before
    the first heading), the narrative, and the closing."""

    narrative: NarrativeReader
    recipients: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    closing: str | None = None
    _in_recipients: bool = False

    def read(self, blocks: Sequence[Block], result: WordReport) -> None:
        last_words = _closing_without_lead(blocks)
        for block in blocks:
            if block is last_words:
                self.closing = marked(block.spans)
            elif not self.narrative.narrative and self._front(block):
                continue
            elif isinstance(block, Paragraph) and _CLOSING.match(one_line(block.text)):
                self.closing = marked(block.spans)
            elif isinstance(block, Paragraph) and self.closing is not None:
                if block.text.strip():  # "… kính báo cáo./.": the closing goes on, on a line of its own
                    self.closing += "\n" + marked(block.spans)
            elif isinstance(block, Table) and self.closing is not None:
                result.warnings.append(f"bảng {block.index}: sau câu kết, trước phần chữ ký; đã giữ làm ghi chú")
                result.kept.extend(" | ".join(c.text for c in row) for row in block.rows)
            else:
                self.narrative.add(block)
        result.warnings += self.narrative.warnings
        self._opening_warnings(result)

    def _front(self, block: Block) -> bool:
        """Take a block of the front matter (Kính gửi, căn cứ, blank lines, rules); False for others."""
        if isinstance(block, Table):
            return _recipients_table(block, self.recipients)
        text = one_line(block.text)
        kinh_gui = KINH_GUI.match(text)
        if kinh_gui:
            rest = text[kinh_gui.end() :].strip()
            self.recipients += [rest] if rest else []
            self._in_recipients = True
            return True
        # An item typed "- …", centred, or given a bullet by Word's numbering (its mark not typed).
        bullet = bool(block.label) and not any(char.isalnum() for char in block.label)
        if self._in_recipients and text and (text[:1] in RECIPIENT_MARKS or block.align == "center" or bullet):
            self.recipients.append(text)
            return True
        self._in_recipients = False
        if not text or is_rule(text):
            return True
        if _BASIS.match(text) and not self.narrative.lead and _is_basis(block, text):
            self.bases.append(marked(block.spans, plain=True))
            return True
        return False

    def _opening_warnings(self, result: WordReport) -> None:
        lead = self.narrative.lead
        if not self.narrative.narrative and sum(isinstance(item, str) for item in lead) > 1:
            result.warnings.append(
                "không thấy mục nào có số (I., 1., …): cả lời văn được ghi vào đoạn mở đầu (document.opening);"
                " hãy chia thành các mục narrative"
            )
        if any(not isinstance(item, str) for item in lead):
            result.warnings.append("có danh sách hoặc bảng trước mục I.; đã ghi vào đoạn mở đầu dưới dạng chữ")

    def document_fields(self, subject: str) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if self.recipients:
            fields["recipients"] = [r.lstrip("-–• ").strip() for r in self.recipients]
            if not self.recipients[-1].rstrip().endswith("."):
                fields["recipients_final_dot"] = False
        if subject:
            fields["subject"] = subject
        if self.bases:
            fields["bases"] = self.bases
        opening = [text for item in self.narrative.lead for text in _flatten(item)]
        if opening:
            fields["opening"] = "\n".join(opening)
        return fields


def _after_signature(blocks: Sequence[Block], result: WordReport) -> None:
    """The Phụ lục's tables and the lines above them; without a table, text there is said and kept."""
    above: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            result.appendix_tables.append(block)
            result.titles_above[block.index] = above
            above = []
        elif block.text.strip():
            result.appendix_titles.append(one_line(block.text))
            above.append(one_line(block.text))
    if result.appendix_tables:
        return
    for block in blocks:
        if isinstance(block, Paragraph) and block.text.strip():
            result.warnings.append(
                f"đoạn {block.index} («{first_words(block.text)}»): sau phần chữ ký, không có bảng Phụ lục;"
                " đã giữ làm ghi chú"
            )
            result.kept.append(one_line(block.text))


def _agency(read: dict[str, Any], body_text: str, result: WordReport) -> dict[str, Any]:
    """The issuing body's fields: as the heading printed them, its full name as the text writes it."""
    agency = dict(read)
    name = str(agency.get("name", ""))
    agency["full_name"] = full_name_from_text(name, agency.get("parent"), body_text)
    territory = territory_of(name)
    if territory:
        agency["territory"] = territory
    if not agency.get("place"):
        agency["place"] = ""
        result.warnings.append("không đọc được địa danh ở dòng ngày tháng; hãy ghi agency.place")
    return _ordered(agency, ("parent", "name", "full_name", "place", "territory"))


def _review_marks(document: WordDocument, result: WordReport) -> None:
    if document.tracked_changes:
        result.warnings.append(
            f"tài liệu còn {document.tracked_changes} thay đổi chưa chấp nhận (Track Changes): đã lấy bản cuối cùng"
            " (như khi chấp nhận tất cả); hãy rà soát"
        )
    if document.comments:
        result.warnings.append(f"tài liệu có {document.comments} nhận xét (Comment): không đưa vào báo cáo")


def _closing_without_lead(blocks: Sequence[Block]) -> Paragraph | None:
    """The closing when it does not start "Trên đây là …": the last paragraph before the signature,
    ending "./." as a closing does ("… xem xét, tổng hợp./.")."""
    for block in reversed(blocks):
        if isinstance(block, Table):
            return None
        text = one_line(block.text)
        if not text:
            continue
        if _CLOSING.match(text):
            return None
        return block if text.endswith(("./.", "/.")) and not block.label else None
    return None


def _recipients_table(table: Table, recipients: list[str]) -> bool:
    """Kính gửi typed in a borderless table ("Kính gửi:" in one cell, the recipients beside it): its
    recipients added to `recipients`; False for another table."""
    lines = [line.text for line in block_lines(table) if line.text]
    if not lines or not KINH_GUI.match(lines[0]):
        return False
    rest = KINH_GUI.sub("", lines[0]).strip()
    recipients.extend(([rest] if rest else []) + lines[1:])
    return True


def signature_start(blocks: Sequence[Block], start: int) -> int:
    """The first block of the signature zone (Nơi nhận, or the signer's TM./KT./… line)."""
    for index in range(start, len(blocks)):
        block = blocks[index]
        lines: list[Line] = block_lines(block)
        if isinstance(block, Paragraph) and _CLOSING.match(one_line(block.text)):
            continue
        if lines and starts_signature(lines[0]):
            return index
        if isinstance(block, Table) and any(starts_signature(line) for line in lines[:3]):
            return index
    return len(blocks)


def _appendix_start(blocks: Sequence[Block], start: int) -> int:
    """The first block after the signature zone: a Phụ lục's title or table, or whatever follows a
    signature table that holds both Nơi nhận and the signer."""
    if start < len(blocks) and isinstance(blocks[start], Table):
        lines = block_lines(blocks[start])
        if any(_NOI_NHAN_LINE.match(line.text) for line in lines) and any(line.column == 1 for line in lines):
            return start + 1
    seen_table = isinstance(blocks[start], Table) if start < len(blocks) else False
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph):
            text = one_line(block.text)
            if _APPENDIX.match(text) and (text[:7] == text[:7].upper() or block.bold):
                return index
            if block.landscape_after is not None and index + 1 < len(blocks):
                return index + 1
        elif seen_table:
            return index
        else:
            seen_table = True
            if not any(starts_signature(line) for line in block_lines(block)):
                return index
    return len(blocks)


def _flatten(item: Any) -> list[str]:
    """A block before the first heading as lines of the opening's text."""
    if isinstance(item, str):
        return [item]
    if isinstance(item, dict) and "list" in item:
        return [f"{item.get('marker', '-')} {text}" for text in item["list"]]
    if isinstance(item, dict) and "table" in item:
        return ["; ".join(str(c) for c in row) for row in item["table"].get("rows", []) if isinstance(row, list)]
    return [str(item)]


def _ordered(mapping: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
    return {key: mapping[key] for key in order if key in mapping and mapping[key] not in (None, "")}


def _is_basis(block: Paragraph, text: str) -> bool:
    """A "Căn cứ …" line of the căn cứ list (italic, or a short line ending in ";" or ".") rather than an
    opening that starts with the word ("Căn cứ Kế hoạch …, Ủy ban … báo cáo như sau:")."""
    if block.italic:
        return True
    return not text.endswith(":") and len(text) < 300
