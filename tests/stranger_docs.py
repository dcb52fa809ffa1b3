"""BÁO CÁO documents of agencies the importer has never seen (tests/stranger_docs_cases*.py), each with
its expected reading, and the Word file a clerk would have typed for it (python-docx + raw OOXML).

A `Stranger` is the expected reading; its `quirks` say how the clerk typed it:
- "title-break": "BÁO CÁO" and the trích yếu in one paragraph, split by Shift+Enter;
- "caps-headings": level-1 headings in capitals, not bold;
- "builtin-headings": headings in Word's Heading 1/2/3 styles (numbers typed), no direct formatting;
- "signature-tabs": Nơi nhận and the signer typed with tabs, no table;
- "dist-breaks": the Nơi nhận items in one paragraph, split by Shift+Enter;
- "page-breaks": level-1 headings after the first begin a page (pageBreakBefore), empty paragraphs
  around them, a typed page break before the closing;
- "recipients-tab": "Kính gửi:" then a tab and "- …;" on the same line, further "- …;" lines indented;
- "word-bullets": the narrative's "-" and "+" items from Word's bullet numbering (the mark not typed);
- "dist-bullets": the Nơi nhận items from Word's bullet numbering;
- "signature-breaks": the signer's lines in one paragraph, split by Shift+Enter;
- "tab-numbers": a tab between a heading's number and its title;
- "space-indent": paragraphs indented with typed spaces and a tab instead of a first-line indent;
- "header-breaks": each header column one paragraph, its lines split by Shift+Enter;
- "header-2rows": the header a 2 × 2 table, "Số: …" and the date on its second row;
- "italic-letters": "a)" headings typed in italics, not bold;
- "field-link": the hyperlink a HYPERLINK field (pasted from a browser), not a w:hyperlink;
- "heading-break": a Shift+Enter in the middle of each level-1 heading title of over six words;
- "parent-2lines": the parent agency on two lines, broken after "ỦY BAN NHÂN DÂN";
- "issuer-2lines": the issuing body's name (not a UBND) wrapped on two bold lines after its fourth word;
- "heading-enter": each level-1 heading title of over six words wrapped by Enter: two paragraphs;
- "signature-2rows": the signature table has two rows, the signer's name alone on the second;
- "recipients-table": "Kính gửi:" and its "- …;" lines in a borderless two-column table;
- "appendix-plain": the Phụ lục with one header row (no "Kết quả thống kê") and "1." / "I." in its STT;
- "header-3cols": the header table with a narrow empty middle column;
- "sdt": every paragraph between the header and the narrative inside a block content control (w:sdt),
  as templates from document-management systems leave them;
- "nfd": every text in decomposed Unicode (NFD), as some converters and Mac tools leave it.
A "\n" in the subject is where the clerk broke it over two paragraphs; in a footnote, a new paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class C:
    """A table cell as HTML writes it: only the cell a merge starts from is listed."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Tbl:
    rows: tuple[tuple[C, ...], ...]
    header_rows: int = 1
    bold_rows: tuple[int, ...] = ()  # indexes into `rows` (header rows included) typed bold ("Tổng cộng")


@dataclass(frozen=True)
class P:
    """A paragraph; `marker` "-", "+" (typed) or "1)" (Word numbering, not typed); "{n}" marks a
    footnote, whose texts are `notes` in order; `link` a part of the text that is a hyperlink."""

    text: str
    marker: str = ""
    notes: tuple[str, ...] = ()
    link: str = ""
    lead: str = ""  # the first words, typed bold ("Ưu điểm:")

    @property
    def plain(self) -> str:
        return self.text.replace("{n}", "")


@dataclass(frozen=True)
class H:
    number: str
    title: str
    children: tuple[H | P | Tbl, ...] = ()


Node = H | P | Tbl


@dataclass(frozen=True)
class Stranger:
    """The expected reading of one BÁO CÁO (and how it was typed)."""

    period: str  # the report file's code: "2025-Q3", "2026-6T", "2025-9T", "2025-NAM"
    parent: str | None  # "UBND TỈNH LÂM ĐỒNG"; None for a UBND
    issuer: tuple[str, ...]  # the bold lines: ("SỞ NỘI VỤ",) or ("ỦY BAN NHÂN DÂN", "PHƯỜNG …")
    number: str  # "Số: 45/BC-SNV", or "Số:      /BC-SNV" in a draft
    place_date: str  # "Đà Lạt, ngày 12 tháng 6 năm 2026"
    subject: str
    recipients: tuple[str, ...]  # Kính gửi items, without "- " and the final ";" / "."
    bases: tuple[str, ...]
    opening: tuple[str, ...]
    body: tuple[Node, ...]
    closing: str
    signature: tuple[str, ...]
    signer: str  # "" in a draft
    distribution: tuple[str, ...]  # Nơi nhận items without "- " and the final ";" / "."
    appendix: dict[str, str] | None = None  # form row id → value as typed in the Phụ lục
    appendix_title: tuple[str, ...] = ()
    appendix_notes: dict[str, str] = field(default_factory=dict)  # form row id → its Ghi chú
    quirks: frozenset[str] = field(default_factory=frozenset)
    form: str = "soctrang-so-nganh"
    nation: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"

    @property
    def place(self) -> str:
        return self.place_date.split(",")[0].split(" ngày ")[0].strip()  # "Côn Đảo ngày …": no comma typed


def build_stranger(s: Stranger, path: Path) -> Path:
    """The .docx a clerk would have typed for `s` (tests/stranger_docs_word.py)."""
    from tests.stranger_docs_word import write_docx

    return write_docx(s, path)
