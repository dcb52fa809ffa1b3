"""The Word file a clerk would have typed for a `Stranger` (tests/stranger_docs.py): python-docx and
raw WordprocessingML, the header and signature in borderless tables unless the quirks say otherwise."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table as DocxTable
from lxml.etree import _Element as Element

from cchc_docgen.forms.catalog import load_form
from tests import clerk_docs_ooxml as ox
from tests.stranger_docs import H, Node, P, Stranger, Tbl


def _r(text: str, bold: bool = False, italic: bool = False, size: float | None = 14) -> Element:
    return ox.run(text, ox.rpr(bold, italic, size))


_BULLET_LIST = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:hint="default"/></w:rPr></w:lvl>'
    "</w:abstractNum>"
)

_NUMBERED_LIST = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1077" w:hanging="357"/></w:pPr></w:lvl>'
    "</w:abstractNum>"
)


class _Writer:
    def __init__(self, s: Stranger) -> None:
        self.s, self.q = s, s.quirks
        self.doc = docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = ox.FONT
        normal.font.size = Pt(14)
        self.body = self.doc.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        self.sect.getparent().replace(self.sect, ox.section_properties(landscape=False))
        self.sect = self.body.find(qn("w:sectPr"))
        self.notes: Element | None = None
        self.next_note = 1
        self.list_num: int | None = None
        self.bullet_nums: dict[str, int] = {}
        self.level1 = 0

    def add(self, el: Element) -> Element:
        self.sect.addprevious(el)
        return el

    def p(self, runs: list[Element], **kw: object) -> Element:
        return self.add(ox.para(runs, **kw))  # type: ignore[arg-type]

    # --- parts -------------------------------------------------------------------------------------

    def header(self) -> None:
        s = self.s
        parent = [s.parent] if s.parent else []
        if s.parent and "parent-2lines" in self.q:
            words = s.parent.split()
            parent = [" ".join(words[:4]), " ".join(words[4:])]
        issuer = list(s.issuer)
        if "issuer-2lines" in self.q:
            words = s.issuer[0].split()
            issuer = [" ".join(words[:4]), " ".join(words[4:])]
        left = [(line, False, False) for line in parent] + [(line, True, False) for line in issuer]
        left.append((s.number, False, False))
        right = [(s.nation, True, False), (s.motto, True, False), ("", False, False), (s.place_date, False, True)]
        if "header-2rows" in self.q:
            table = self._table(2, 2, borders=False)
            cells = (*table.rows[0].cells, *table.rows[1].cells)
            columns: tuple[list[tuple[str, bool, bool]], ...] = (left[:-1], right[:2], left[-1:], right[3:])
        elif "header-3cols" in self.q:  # a narrow empty column between the two halves
            table = self._table(1, 3, borders=False)
            cells, columns = (table.rows[0].cells[0], table.rows[0].cells[2]), (left, right)
        else:
            table = self._table(1, 2, borders=False)
            cells, columns = tuple(table.rows[0].cells), (left, right)
        for cell, lines in zip(cells, columns, strict=True):
            if "header-breaks" in self.q and len(lines) > 1:
                runs = [_r(t + ("\n" if k < len(lines) - 1 else ""), b, i, 13) for k, (t, b, i) in enumerate(lines)]
                self._fill(cell, [runs], align="center")
            else:
                self._fill(cell, [[_r(t, b, i, 13)] if t else [] for t, b, i in lines], align="center")

    def title(self) -> None:
        if "title-break" in self.q:
            self.p([_r("BÁO CÁO\n" + self.s.subject, bold=True)], align="center", before=12)
        else:
            self.p([_r("BÁO CÁO", bold=True)], align="center", before=12, after=0)
            for line in self.s.subject.split("\n"):
                self.p([_r(line, bold=True)], align="center", after=0)

    def recipients(self) -> None:
        items = self.s.recipients
        if not items:
            return
        if len(items) == 1:
            self.p([_r(f"Kính gửi: {items[0]}.")], align="center")
            return
        ends = [";"] * (len(items) - 1) + ["."]
        if "recipients-table" in self.q:
            table = self._table(1, 2, borders=False)
            self._fill(table.rows[0].cells[0], [[_r("Kính gửi:")]], align="right")
            lines = [[_r(f"- {item}{end}")] for item, end in zip(items, ends, strict=True)]
            self._fill(table.rows[0].cells[1], lines, align="left")
            return
        if "recipients-tab" in self.q:
            self.p([_r(f"Kính gửi:\t- {items[0]}{ends[0]}")], left_cm=2.5, tabs=[("left", 5.0)])
            for item, end in zip(items[1:], ends[1:], strict=True):
                self.p([_r(f"- {item}{end}")], left_cm=5.0)
        else:
            self.p([_r("Kính gửi:")], align="center")
            for item, end in zip(items, ends, strict=True):
                self.p([_r(f"- {item}{end}")], left_cm=4.0)

    def bases(self) -> None:
        for i, text in enumerate(self.s.bases):
            end = "." if i == len(self.s.bases) - 1 else ";"
            self.p([_r(text + end, italic=True)], first_line_cm=1.27, align="both")

    def body_para(self, para: P) -> None:
        runs: list[Element] = []
        pieces = para.text.split("{n}")
        notes = list(para.notes)
        if para.lead:
            assert pieces[0].startswith(para.lead)
            runs.append(_r(para.lead, bold=True))
            pieces[0] = pieces[0][len(para.lead) :]
        if "space-indent" in self.q and para.marker == "":
            runs.append(_r("    \t"))
        for i, piece in enumerate(pieces):
            if para.link and para.link in piece:
                before, after = piece.split(para.link, 1)
                link = self._hyperlink(para.link)
                runs += [_r(before), *(link if isinstance(link, list) else [link]), _r(after)]
            elif piece:
                runs.append(_r(piece))
            if i < len(pieces) - 1:
                runs.append(self._footnote(notes.pop(0)))
        if para.marker in ("-", "+") and "word-bullets" in self.q:
            self.p(runs, num=(self.bullets(para.marker), 0), align="both")
            return
        if para.marker in ("-", "+"):
            runs.insert(0, _r(para.marker + " "))
        if para.marker == "1)":
            if self.list_num is None:
                self.list_num = ox.add_numbering(self.doc, _NUMBERED_LIST)
            self.p(runs, num=(self.list_num, 0), align="both")
        elif "space-indent" in self.q:
            self.p(runs, align="both", after=6)
        else:
            self.p(runs, first_line_cm=1.27, align="both", after=6)

    def bullets(self, char: str = "-") -> int:
        if char not in self.bullet_nums:
            self.bullet_nums[char] = ox.add_numbering(self.doc, _BULLET_LIST.replace('w:val="-"', f'w:val="{char}"'))
        return self.bullet_nums[char]

    def heading(self, h: H, level: int) -> None:
        sep = "\t" if "tab-numbers" in self.q else " "
        title = h.title
        rest = ""
        if level == 1 and len(title.split()) > 6 and self.q & {"heading-break", "heading-enter"}:
            words = title.split()
            title, rest = " ".join(words[:4]), " ".join(words[4:])
            if "heading-break" in self.q:
                title, rest = f"{title}\n{rest}", ""
        text = f"{h.number}{sep}{title}"
        if "builtin-headings" in self.q:
            self.p([ox.run(text)], style=f"Heading{level}")
        elif "italic-letters" in self.q and h.number.endswith(")"):
            self.p([_r(text, italic=True)], first_line_cm=1.27, align="both", keep_next=True)
        else:
            bold = not ("caps-headings" in self.q and level == 1)
            kw: dict[str, object] = {"first_line_cm": 1.27, "align": "both", "keep_next": True}
            self.p([_r(text, bold=bold)], **kw)
            if rest:
                self.p([_r(rest, bold=bold)], **kw)
        if level == 1 and "page-breaks" in self.q:
            self.level1 += 1
            if self.level1 > 1:
                last = self.body.findall(qn("w:p"))[-1]
                last.find(qn("w:pPr")).insert(1, ox.E("w:pageBreakBefore"))
                last.addprevious(ox.para([]))
                last.addprevious(ox.para([]))
            self.p([])

    def node(self, n: Node, level: int) -> None:
        if isinstance(n, H):
            self.heading(n, level)
            for child in n.children:
                self.node(child, level + 1)
        elif isinstance(n, P):
            self.body_para(n)
        else:
            self.narrative_table(n)

    def narrative_table(self, t: Tbl) -> None:
        width = sum(c.colspan for c in t.rows[0])
        table = self._table(len(t.rows), width, borders=True)
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(t.rows):
            col = 0
            for cell in row:
                while (r, col) in taken:
                    col += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, col + dc))
                target = table.cell(r, col)
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(table.cell(r + cell.rowspan - 1, col + cell.colspan - 1))
                bold = r < t.header_rows or r in t.bold_rows
                self._fill(target, [[_r(cell.text, bold=bold, size=12)]], align="center")
                col += cell.colspan
        self.p([], after=0)

    def closing(self) -> None:
        if "page-breaks" in self.q:
            self.p([ox.E("w:r", None, ox.E("w:br", {"w:type": "page"}))])
            self.p([])
        self.p([_r(self.s.closing)], first_line_cm=1.27, align="both")

    def signature(self) -> None:
        s = self.s
        items = [f"- {d};" for d in s.distribution[:-1]] + [f"- {s.distribution[-1]}."]
        if "signature-tabs" in self.q:
            tab = [("center", 12.0)]
            lines = list(s.signature) + [""] * (max(len(items) + 1, len(s.signature)) - len(s.signature))
            typed = ["Nơi nhận:", *items] + [""] * (len(lines) - len(items) - 1)
            for i, (lt, rt) in enumerate(zip(typed, lines, strict=True)):
                runs = [_r(lt, bold=i == 0, italic=i == 0, size=12 if i == 0 else 11)] if lt else []
                runs.append(_r("\t" + rt, bold=True))
                self.p(runs, tabs=tab, after=0)
            for _ in range(3):
                self.p([], after=0)
            if s.signer:
                self.p([_r("\t" + s.signer, bold=True)], tabs=tab)
            return
        table = self._table(1, 2, borders=False)
        left: list[list[Element]] = [[_r("Nơi nhận:", bold=True, italic=True, size=12)]]
        if "dist-breaks" in self.q:
            left.append([_r("\n".join(items), size=11)])
        else:
            left += [[_r(item, size=11)] for item in items]
        if "signature-breaks" in self.q:
            right: list[list[Element]] = [[_r("\n".join(s.signature), bold=True)]]
        else:
            right = [[_r(line, bold=True)] for line in s.signature]
        if "signature-2rows" in self.q:
            table.add_row()  # type: ignore[no-untyped-call]
            name = table.rows[1].cells[1]
            self._fill(name, [[_r(s.signer, bold=True)] if s.signer else []], align="center")
            right += [[], [], []]
        else:
            right += [[], [], [], [_r(s.signer, bold=True)] if s.signer else []]
        if "dist-bullets" in self.q:
            tc = table.rows[0].cells[0]._tc
            for old in tc.findall(qn("w:p")):
                tc.remove(old)
            tc.append(ox.para(left[0], after=0))
            for item in items:
                tc.append(ox.para([_r(item[2:], size=11)], num=(self.bullets(), 0), after=0))
        else:
            self._fill(table.rows[0].cells[0], left, align="left")
        self._fill(table.rows[0].cells[1], right, align="center")

    def appendix(self) -> None:
        values = self.s.appendix
        assert values is not None
        end = ox.para([], after=0)
        end.find(qn("w:pPr")).append(ox.section_properties(landscape=False))
        self.add(end)
        self.sect.getparent().replace(self.sect, ox.section_properties(landscape=True))
        self.sect = self.body.find(qn("w:sectPr"))
        for line in self.s.appendix_title:
            self.p([_r(line, bold=line.isupper(), italic=not line.isupper())], align="center", after=0)
        self.p([], after=0)
        form = load_form(self.s.form)
        rows = list(form.rows)
        plain = "appendix-plain" in self.q
        top = 1 if plain else 2
        table = self._table(top + len(rows), 5, borders=True)
        head = table.rows
        if plain:
            titles = ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số lượng/tỷ lệ", "Ghi chú")
            for col, text in enumerate(titles):
                self._fill(head[0].cells[col], [[_r(text, bold=True, size=12)]], align="center")
        else:
            for col, text in ((0, "STT"), (1, "Chỉ tiêu thống kê"), (2, "Đơn vị tính"), (4, "Ghi chú")):
                merged = head[0].cells[col].merge(head[1].cells[col])
                self._fill(merged, [[_r(text, bold=True, size=12)]], align="center")
            self._fill(head[0].cells[3], [[_r("Kết quả thống kê", bold=True, size=12)]], align="center")
            self._fill(head[1].cells[3], [[_r("Số lượng/tỷ lệ", bold=True, size=12)]], align="center")
        for i, row in enumerate(rows):
            # Retyped by hand: a double space, no final colon, "- " kept on sub-sub-rows.
            label = row.label.rstrip(":").replace(" của ", "  của ", 1)
            unit = row.codes.label if row.codes else row.unit
            bold = row.kind.name in ("SECTION", "GROUP")
            stt = f"{row.stt}." if plain and row.stt else row.stt
            texts = (stt, label, unit, values.get(row.id, ""), self.s.appendix_notes.get(row.id, ""))
            for col, text in enumerate(texts):
                self._fill(table.rows[top + i].cells[col], [[_r(text, bold=bold, size=12)]] if text else [[]], "left")

    # --- helpers -----------------------------------------------------------------------------------

    def _table(self, rows: int, cols: int, borders: bool) -> DocxTable:
        table: DocxTable = self.doc.add_table(rows=rows, cols=cols)
        table._tbl.tblPr.append(ox.table_borders(none=not borders))
        self.sect.addprevious(table._tbl)
        return table

    def _fill(self, cell: object, paras: list[list[Element]], align: str) -> None:
        tc = cell._tc  # type: ignore[attr-defined]
        for old in tc.findall(qn("w:p")):
            tc.remove(old)
        for runs in paras or [[]]:
            tc.append(ox.para(runs, align=align, after=0))

    def _footnote(self, text: str) -> Element:
        if self.notes is None:
            self.notes = ox.footnotes_part(self.doc)
        note_id, self.next_note = self.next_note, self.next_note + 1
        first, *more = text.split("\n")
        ox.add_footnote(self.notes, note_id, first)
        for line in more:  # a long footnote: a list of plans, one a paragraph
            self.notes[-1].append(ox.para([ox.run(line, ox.rpr(size=10))], align="both"))
        return ox.footnote_reference(note_id)

    def _hyperlink(self, url: str) -> Element | list[Element]:
        if "field-link" in self.q:
            return ox.complex_field(f'HYPERLINK "{url}"', url, ox.rpr(size=14, style="Hyperlink"))
        rid = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = ox.E("w:hyperlink", {"r:id": rid, "w:history": "1"})
        link.append(ox.run(url, ox.rpr(size=14, style="Hyperlink")))
        return link

    def write(self, path: Path) -> Path:
        self.header()
        self.title()
        self.recipients()
        self.bases()
        for text in self.s.opening:
            if "space-indent" in self.q:
                self.p([_r("      " + text)], align="both")
            else:
                self.p([_r(text)], first_line_cm=1.27, align="both")
        if "sdt" in self.q:  # what stands above the narrative wrapped in block content controls
            for el in list(self.body)[1 : list(self.body).index(self.sect)]:
                if el.tag == qn("w:p"):
                    sdt = ox.E("w:sdt", None, ox.E("w:sdtPr", None, ox.E("w:id", {"w:val": "1"})))
                    el.addprevious(sdt)
                    sdt.append(ox.E("w:sdtContent", None, el))
        for n in self.s.body:
            self.node(n, 1)
        self.closing()
        self.signature()
        if self.s.appendix is not None:
            self.appendix()
        if "nfd" in self.q:
            parts = [self.body, *([self.notes] if self.notes is not None else [])]
            for t in (t for part in parts for t in part.iter(qn("w:t"))):
                t.text = unicodedata.normalize("NFD", t.text or "")
        self.doc.save(str(path))
        return path


def write_docx(s: Stranger, path: Path) -> Path:
    """The .docx a clerk would have typed for `s`."""
    return _Writer(s).write(path)
