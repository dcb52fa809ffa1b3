"""Renders a Truth as a clerk would type it in Word, in a chosen combination of habits."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from tests import clerk_docs_ooxml as ox
from tests import clerk_docs_traces as traces
from tests.clerk_docs_blocks import Blocks
from tests.clerk_docs_styles import link_numbering, setup_styles, tidy_template
from tests.clerk_docs_truth import Footnote, Heading, Para, Span, Table, Truth

__all__ = ["Habits", "make_docx"]

from lxml.etree import _Element as Element

AUTHOR = "Nguyễn Thị Thu Hà"
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass(frozen=True)
class Habits:
    """How the clerk typed the document."""

    header: str = "table"  # "table" (borderless 2 columns) | "tabs" (tab stops) | "textboxes"
    # "typed" ("I. Title") | "word" (numbering.xml, numPr on the paragraphs, numbers not in the text) |
    # "word-styles" (the numbering linked to the heading styles: numPr in styles.xml, numId 0 where a
    # heading of that style is typed or unnumbered)
    numbering: str = "typed"
    formatting: str = "direct"  # "direct" (w:b on runs) | "styles" ("Heading 1"…) | "styles-vi" ("Đề mục 1"…)
    dashes: str = "typed"  # "typed" ("- text") | "tab" ("-<tab>text") | "list" (bullet numbering "-", "+")
    # split runs, double spaces, nbsp, tabs, Shift+Enter, empty paragraphs for spacing, spelling marks,
    # _GoBack bookmark, lastRenderedPageBreak
    messy: bool = False
    tracked_changes: bool = False  # unaccepted w:ins / w:del / moved paragraph
    comments: bool = False
    fields: bool = False  # PAGE in headers (complex and simple), CREATEDATE in the date line
    en_dash_items: bool = False  # some "-" list items typed as "–" (the truth keeps "-")
    hyperlinks: bool = False  # e-mail and web addresses auto-linked (w:hyperlink)
    seed: int = 0

    def labels(self) -> tuple[str, ...]:
        out = [
            f"header={self.header}",
            f"numbering={self.numbering}",
            f"formatting={self.formatting}",
            f"dashes={self.dashes}",
        ]
        for flag in ("messy", "tracked_changes", "comments", "fields", "en_dash_items", "hyperlinks"):
            if getattr(self, flag):
                out.append(flag)
        return tuple(out)


class _Writer:
    def __init__(self, truth: Truth, habits: Habits) -> None:
        self.truth, self.h = truth, habits
        self.rng = random.Random(habits.seed)
        self.doc: DocxDocument = docx.Document()
        self.body = self.doc.element.body
        # python-docx's template is US Letter; a Vietnamese clerk's Normal.dotm is A4 with the decree's margins.
        letter = self.body.find(qn("w:sectPr"))
        self.sect = ox.section_properties(landscape=False)
        letter.getparent().replace(letter, self.sect)
        self.footnotes: Element | None = None
        self.next_note = 1
        self.change_id = 100
        self.heading_num = self.bullet_num = 0
        self.counters = [0] * 6
        self.blocks = Blocks(self)
        self.styles = setup_styles(self.doc, habits.formatting)
        if habits.numbering == "word-styles":
            self.heading_num = link_numbering(self.doc, self.styles)
        self.para_count = 0
        self.changed: list[Element] = []

    # --- text ---------------------------------------------------------------------------------

    def rpr(self, bold: bool = False, italic: bool = False, size: float = 14) -> Element | None:
        if self.h.formatting == "direct":
            return ox.rpr(bold, italic, size)
        return ox.rpr(bold, italic, None, font=False) if bold or italic else None

    def messy_text(self, text: str) -> str:
        if not self.h.messy:
            return text
        text = text.replace(". ", ".  ", 1).replace("Số: ", "Số:\u00a0", 1)
        return text.replace(" tháng ", "\u00a0tháng\u00a0", 1) if "ngày" in text else text

    def runs(
        self,
        spans: tuple[Span, ...],
        notes: tuple[Footnote, ...] = (),
        bold: bool = False,
        italic: bool = False,
        size: float = 14,
    ) -> list[Element]:
        """Runs for spans, with footnote marks at their offsets; split mid-word when messy."""
        out: list[Element] = []
        pos = 0
        pending = sorted(notes, key=lambda n: n.offset)
        for span in spans:
            text = span.text
            while pending and pos <= pending[0].offset <= pos + len(text):
                cut = pending[0].offset - pos
                out += self._chunks(text[:cut], span, bold, italic, size)
                out.append(self.footnote(pending.pop(0).text))
                pos, text = pos + cut, text[cut:]
            out += self._chunks(text, span, bold, italic, size)
            pos += len(text)
        for note in pending:
            out.append(self.footnote(note.text))
        return out

    def _chunks(self, text: str, span: Span, bold: bool, italic: bool, size: float) -> list[Element]:
        if not text:
            return []
        text = self.messy_text(text)
        pieces = [text]
        if self.h.messy and len(text) > 12:
            cuts = sorted(self.rng.sample(range(1, len(text)), k=min(3, len(text) // 12)))
            pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        return [
            ox.run(
                piece,
                self.rpr(bold or span.bold, italic or span.italic, size),
                rsid=f"{self.rng.randrange(16**8):08X}" if self.h.messy else None,
            )
            for piece in pieces
        ]

    def footnote(self, text: str) -> Element:
        if self.footnotes is None:
            self.footnotes = ox.footnotes_part(self.doc)
        note_id, self.next_note = self.next_note, self.next_note + 1
        ox.add_footnote(self.footnotes, note_id, text)
        return ox.footnote_reference(note_id)

    def add(self, p: Element) -> Element:
        self.sect.addprevious(p)
        return p

    def spacer(self) -> None:
        self.add(ox.para([], after=0))

    # --- narrative ----------------------------------------------------------------------------

    def text_para(
        self,
        runs: list[Element],
        role: str,
        num: tuple[int, int] | None = None,
        keep_next: bool = False,
        first_line_cm: float | None = 1.27,
        left_cm: float | None = None,
        hanging_cm: float | None = None,
    ) -> Element:
        """A justified paragraph: its look from the role's style, or typed directly on it."""
        style = self.styles.get(role)
        if style:
            return ox.para(runs, style=style, num=num, keep_next=keep_next)
        return ox.para(
            runs,
            align="both",
            before=6,
            num=num,
            keep_next=keep_next,
            first_line_cm=first_line_cm,
            left_cm=left_cm,
            hanging_cm=hanging_cm,
        )

    def body_para(self, p: Para) -> Element:
        self.para_count += 1
        if p.marker:
            return self.add(self.list_item(p))
        el = self.add(self.text_para(self.runs(p.spans, p.footnotes), "body"))
        if self.para_count % 5 == 2:
            self.changed.append(el)
        return el

    def list_item(self, p: Para) -> Element:
        marker = p.marker
        if self.h.en_dash_items and marker == "-" and self.para_count % 3 == 0:
            marker = "–"
        level = 0 if p.marker == "-" else 1
        runs = self.runs(p.spans, p.footnotes)
        if self.h.dashes == "list":
            if not self.bullet_num:
                self.bullet_num = ox.add_numbering(self.doc, ox.bullet_abstract(0))
            return self.text_para(runs, "list", num=(self.bullet_num, level), first_line_cm=None)
        lead = ox.run(marker + ("\t" if self.h.dashes == "tab" else " "), self.rpr())
        if self.h.dashes == "tab":
            hanging = 0.63
            return self.text_para([lead, *runs], "body", None, False, None, 1.27 + hanging * (level + 1), hanging)
        return self.text_para([lead, *runs], "body")

    def heading(self, h: Heading) -> None:
        if self.h.messy and h.level == 1:
            self.spacer()
        styled = f"h{h.level}" in self.styles
        bold = h.level <= 4 and not styled
        italic = h.level == 4 and not styled
        runs = self.runs(h.title, bold=bold, italic=italic)
        linked = self.h.numbering == "word-styles"
        printed = self.word_number(h) if self.h.numbering != "typed" and h.number else None
        if printed is not None:
            num = None if linked else (self.heading_num, h.level - 1)
            el = self.text_para(runs, f"h{h.level}", num=num, keep_next=True)
        else:
            if h.number:
                sep = "\t" if self.h.messy and h.level >= 3 else " "
                runs.insert(0, ox.run(h.number + sep, self.rpr(bold, italic)))
            # Under a numbered style, a typed or unnumbered heading switches the style's numbering off.
            el = self.text_para(runs, f"h{h.level}", num=(0, 0) if linked else None, keep_next=True)
        self.add(el)
        for child in h.children:
            self.node(child)

    def word_number(self, h: Heading) -> str | None:
        """Advances the outline counters; None when Word would not print the truth's number (typed then)."""
        if not self.heading_num:
            self.heading_num = ox.add_numbering(self.doc, ox.heading_abstract(0))
        counters = list(self.counters)
        counters[h.level] += 1
        for deeper in range(h.level + 1, 6):
            counters[deeper] = 0
        c = counters
        printed = {
            1: f"{ROMAN[c[1]] if c[1] < len(ROMAN) else '?'}.",
            2: f"{c[2]}.",
            3: f"{c[2]}.{c[3]}.",
            4: f"{c[2]}.{c[3]}.{c[4]}.",
            5: f"{'abcdefghijklmnopqrstuvwxyz'[c[5] - 1]})",
        }[h.level]
        if printed != h.number:
            return None
        self.counters = counters
        return printed

    def node(self, n: Heading | Para | Table) -> None:
        if isinstance(n, Heading):
            self.heading(n)
        elif isinstance(n, Para):
            self.body_para(n)
        else:
            self.add(self.blocks.table(n))
            self.add(ox.para([], after=0))

    # --- whole document -----------------------------------------------------------------------

    def write(self, path: Path) -> None:
        t = self.truth
        self.blocks.header()
        self.blocks.title()
        for p in t.bases:
            self.body_para(p)
        for p in t.opening:
            self.body_para(p)
        for n in t.body:
            self.node(n)
        for p in t.closing:
            self.body_para(p)
        self.blocks.signature()
        if t.appendix is not None:
            self.blocks.appendix(t.appendix)
        if self.h.hyperlinks:
            traces.add_hyperlinks(self)
        if self.h.messy:
            traces.add_word_noise(self)
        if self.h.tracked_changes:
            from tests.clerk_docs_changes import add_tracked_changes

            add_tracked_changes(self)
        if self.h.comments:
            self.comment_some()
        if self.h.fields:
            ox.page_header(self.doc, 0, simple=False)
            if len(self.doc.sections) > 1:
                ox.page_header(self.doc, 1, simple=True)
        tidy_template(self.doc)
        self.doc.core_properties.author = AUTHOR
        self.doc.core_properties.created = self.blocks.created
        self.doc.core_properties.modified = self.blocks.created
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))

    def comment_some(self) -> None:
        """Reviewer's comments on a few paragraphs (to be ignored by a reader of the text)."""
        texts = ["Kiểm tra lại số liệu với Phụ lục.", "Bổ sung số, ngày văn bản.", "Viết gọn lại đoạn này."]
        targets = [p for p in self.body.iter(qn("w:p")) if p.find(qn("w:r")) is not None][8::15][:3]
        for text, p_el in zip(texts, targets, strict=False):
            paragraph = Paragraph(p_el, self.doc._body)
            runs = [Run(r, paragraph) for r in p_el.findall(qn("w:r")) if r.find(qn("w:t")) is not None]
            if runs:
                self.doc.add_comment(runs[: max(1, len(runs) // 2)], text=text, author="Lãnh đạo Sở", initials="LĐ")


def make_docx(truth: Truth, path: Path, habits: Habits) -> Path:
    """Writes `truth` to `path` as a clerk with `habits` would have typed it."""
    _Writer(truth, habits).write(Path(path))
    return Path(path)


def created_for(truth: Truth) -> datetime:
    """The document's date, from "ngày 15 tháng 9 năm 2022" (a draft's blank day counts as the 1st)."""
    import re

    m = re.search(r"ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d{4})", truth.header.place_date.replace("\u00a0", " "))
    if not m:
        return datetime(2025, 1, 1, 8, 0)
    day, month, year = m.groups()
    return datetime(int(year), int(month or 1), int(day or 1), 8, 0)
