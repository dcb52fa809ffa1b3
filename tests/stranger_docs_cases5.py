"""Third red-team round: four strangers of after the July 2025 reform (two-level local government, 34
provinces, merged sở) and the habits they were typed with: a đặc khu's yearly report dated in January, a
merged Sở Xây dựng whose level-1 headings come from Word's numbering and whose "Phụ lục" is a table of its
own after the signature, a Sở Nông nghiệp và Môi trường of a merged city with level-2 headings partly
Word-numbered and partly typed, and a commune formed from a former district with Word's default bullets.

Habits the writer (tests/stranger_docs_word.py) does not know are added here as quirks of its _Writer:
- "motto-border": the Tiêu ngữ's rule a bottom border of its paragraph (no drawn line);
- "motto-underline": the Tiêu ngữ underlined (a run property), as some clerks make the rule;
- "en-dash-bullets": the "-" items typed with an en dash, "– ";
- "dot-bullets": the "-" items typed "•" and a tab;
- "symbol-bullets": the "-" items from Word's default bullet list (the Symbol font's U+F0B7, not typed);
- "auto-roman": level-1 headings numbered by Word's numbering ("I." not typed), level 2 typed;
- "auto-decimal": level-2 headings numbered by Word's numbering, restarting under each level-1 heading,
  except a last one the clerk typed by hand after the numbered ones ("3." after 1., 2.);
- "nbsp": non-breaking spaces after numbers, in "Số:" and in the date line;
- "soft-hyphen": optional hyphens inside Latin product names (U+00AD typed, and a w:softHyphen);
- "italic-parens": a body paragraph wholly in parentheses typed in italics ("(Số liệu tính từ …)");
- "other-phu-luc": after the signature, a "PHỤ LỤC" of the agency's own (not a statistics form): its
  title, the "(Kèm theo …)" line and a table with merged header cells.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docx.oxml.ns import qn
from lxml.etree import _Element as Element

import tests.stranger_docs_word as _word
from tests import clerk_docs_ooxml as ox
from tests.stranger_docs import H, P, Stranger

# --- the new quirks -----------------------------------------------------------------------------------

_Writer = _word._Writer
_header, _heading, _body_para, _signature, _write = (
    _Writer.header,
    _Writer.heading,
    _Writer.body_para,
    _Writer.signature,
    _Writer.write,
)

_NBSP, _SHY, _NB_HYPHEN = "\u00a0", "\u00ad", "\u2011"

_SYMBOL_BULLETS = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1080" w:hanging="360"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1800" w:hanging="360"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New" w:hint="default"/></w:rPr>'
    "</w:lvl></w:abstractNum>"
)


def _numbered(fmt: str, text: str) -> str:
    return (
        '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr>'
        "<w:rPr><w:b/></w:rPr></w:lvl></w:abstractNum>"
    )


def _restarted(doc: object, num_id: int) -> int:
    """A w:num of the same abstract list as `num_id`, its level 0 starting again at 1."""
    numbering = doc.part.numbering_part.element  # type: ignore[attr-defined]
    nums = numbering.findall(qn("w:num"))
    abstract = next(n for n in nums if n.get(qn("w:numId")) == str(num_id)).find(qn("w:abstractNumId"))
    new_id = 1 + max(int(n.get(qn("w:numId"))) for n in nums)
    override = ox.E("w:lvlOverride", {"w:ilvl": "0"}, ox.E("w:startOverride", {"w:val": "1"}))
    num = ox.E("w:num", {"w:numId": str(new_id)}, ox.E("w:abstractNumId", {"w:val": abstract.get(qn("w:val"))}))
    num.append(override)
    numbering.append(num)
    return new_id


def _nbsp(text: str) -> str:
    """Non-breaking spaces where Word's Ctrl+Shift+Space habit puts them: after a number, after "Số:"."""
    out = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else ""
        out.append(_NBSP if ch == " " and (before.isdigit() or before == ":") else ch)
    return "".join(out)


def _header_rows(self: _word._Writer) -> None:
    """The header a table of one row per line: left and right lines side by side, "Số:" beside the date."""
    s = self.s
    left = [(line, False) for line in ([s.parent] if s.parent else [])] + [(line, True) for line in s.issuer]
    right = [(s.nation, True), (s.motto, True)]
    while len(left) < len(right):
        left.append(("", False))
    while len(right) < len(left):
        right.append(("", False))
    pairs = [*zip(left, right, strict=True), ((s.number, False), (s.place_date, False))]
    table = self._table(len(pairs), 2, borders=False)
    for row, ((lt, lb), (rt, rb)) in zip(table.rows, pairs, strict=True):
        italic = rt == s.place_date
        self._fill(row.cells[0], [[_word._r(lt, lb, False, 13)] if lt else []], align="center")
        self._fill(row.cells[1], [[_word._r(rt, rb, italic, 13)] if rt else []], align="center")


def _header_quirks(self: _word._Writer) -> None:
    if "header-rows" in self.q:
        _header_rows(self)
    else:
        _header(self)
    if not self.q & {"motto-border", "motto-underline", "nbsp"}:
        return
    table = self.body.findall(qn("w:tbl"))[-1]
    for t in table.iter(qn("w:t")):
        if "nb-hyphen" in self.q and (t.text or "").startswith("Số:"):  # U+2011 pasted from a Word file
            t.text = (t.text or "").replace("-", _NB_HYPHEN)
        if "nbsp" in self.q and (t.text or "").startswith(("Số:", self.s.place)):
            t.text = _nbsp(t.text or "")
            for word in ("ngày", "tháng", "năm"):
                t.text = t.text.replace(f"{word} ", f"{word}{_NBSP}")
        if (t.text or "") != self.s.motto:
            continue
        run = t.getparent()
        if "motto-underline" in self.q:
            run.find(qn("w:rPr")).append(ox.E("w:u", {"w:val": "single"}))
        if "motto-border" in self.q:  # a bottom border, indented so it is only as long as the text
            ppr = run.getparent().find(qn("w:pPr"))
            bottom = ox.E("w:bottom", {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "auto"})
            ppr.insert(0, ox.E("w:pBdr", None, bottom))
            ppr.append(ox.E("w:ind", {"w:left": "680", "w:right": "680"}))


def _heading_quirks(self: _word._Writer, h: H, level: int) -> None:
    if level == 1 and "auto-decimal-continued" not in self.q:  # a list restarted under each level-1 heading
        if "auto-decimal-override" in self.q and getattr(self, "_decimal", None) is not None:
            self._restart = True  # type: ignore[attr-defined]
        else:
            self._decimal = None  # type: ignore[attr-defined]
        self._auto_count = 0  # type: ignore[attr-defined]
    elif level == 1:
        self._auto_count = 0  # type: ignore[attr-defined]
    auto = (level == 1 and "auto-roman" in self.q) or (
        level == 2
        and self.q & {"auto-decimal", "auto-decimal-continued", "auto-decimal-override"}
        and (self._auto_count < 2 or "auto-decimal-continued" in self.q)  # type: ignore[attr-defined]
    )
    if "part-own-line" in self.q and h.number.upper().startswith("PHẦN"):  # "PHẦN THỨ NHẤT" centred, title under it
        self.p([_word._r(h.number.rstrip(".:"), bold=True)], align="center", keep_next=True, after=0)
        self.p([_word._r(h.title, bold=True)], align="center", keep_next=True)
        return
    if not auto:
        if "heading-nospace" in self.q:  # "1.Công tác chỉ đạo": no space after the typed number
            self.p([_word._r(f"{h.number}{h.title}", bold=True)], first_line_cm=1.27, align="both", keep_next=True)
            return
        if "nbsp" in self.q:  # Word's AutoFormat: a non-breaking space after the typed number
            h = H(h.number + _NBSP, h.title.lstrip(), h.children)
            self.p([_word._r(f"{h.number}{h.title}", bold=True)], first_line_cm=1.27, align="both", keep_next=True)
            return
        _heading(self, h, level)
        return
    if level == 1:
        if not hasattr(self, "_roman"):
            self._roman = ox.add_numbering(self.doc, _numbered("upperRoman", "%1."))  # type: ignore[attr-defined]
        num = self._roman  # type: ignore[attr-defined]
    else:
        if getattr(self, "_decimal", None) is None:
            self._decimal = ox.add_numbering(self.doc, _numbered("decimal", "%1."))  # type: ignore[attr-defined]
        elif getattr(self, "_restart", False):  # Word's "Restart at 1": a new w:num, same list, startOverride
            self._decimal = _restarted(self.doc, self._decimal)  # type: ignore[attr-defined]
            self._restart = False  # type: ignore[attr-defined]
        num = self._decimal  # type: ignore[attr-defined]
        self._auto_count += 1  # type: ignore[attr-defined]
    self.p([_word._r(h.title, bold=True)], num=(num, 0), align="both", keep_next=True)


def _typed_text(self: _word._Writer, text: str) -> str:
    if "nbsp" in self.q:
        text = _nbsp(text)
    if "nb-hyphen" in self.q:  # "Kế hoạch số 18/KH‑UBND" kept on one line
        text = re.sub(r"(?<=/[A-ZĐ]{2})-", _NB_HYPHEN, text)
    if "soft-hyphen" in self.q:
        text = text.replace("VNeID", f"VNe{_SHY}ID").replace("iGate", f"i{_SHY}Gate")
    return text


def _body_para_quirks(self: _word._Writer, para: P) -> None:
    marker = para.marker
    text = _typed_text(self, para.text)
    typed_dash = marker == "-" and bool(self.q & {"en-dash-bullets", "dot-bullets", "symbol-bullets"})
    if typed_dash or (marker == "+" and "symbol-bullets" in self.q):
        runs = [_word._r(piece) for piece in text.split("{n}")]
        if "symbol-bullets" in self.q:  # Word's default: "" (Symbol) on level 1, "o" (Courier New) on level 2
            if not hasattr(self, "_symbol"):
                self._symbol = ox.add_numbering(self.doc, _SYMBOL_BULLETS)  # type: ignore[attr-defined]
            level = 1 if marker == "+" else 0
            self.p(runs, num=(self._symbol, level), align="both", after=6)  # type: ignore[attr-defined]
            return
        mark = ("–\t" if "dash-tab" in self.q else "– ") if "en-dash-bullets" in self.q else "•\t"
        if "dash-nospace" in self.q:  # "–Tổ chức …": no space after the dash
            mark = mark[0]
        self.p([_word._r(mark), *runs], first_line_cm=1.27, align="both", after=6)
        return
    if "caption" in self.q and text.startswith(("(Đơn vị tính", "Bảng ")):  # a table's caption and unit line
        align = "right" if text.startswith("(") else "center"
        self.p([_word._r(text, bold=align == "center", italic=True)], align=align, after=0)
        return
    if "italic-parens" in self.q and text.startswith("(") and text.rstrip(".").endswith(")"):
        self.p([_word._r(text, italic=True)], first_line_cm=1.27, align="both", after=6)
        return
    if "nbsp-indent" in self.q and not marker:  # indented with non-breaking spaces, no first-line indent
        self.p([_word._r(_NBSP * 6 + text.replace("{n}", ""))], align="both", after=6)
        return
    if "soft-hyphen" in self.q and "Zalo" in text:  # Ctrl+- in Word: a w:softHyphen element
        before, after = text.split("Zalo", 1)
        runs = [_word._r(before + "Za"), ox.E("w:r", None, ox.E("w:softHyphen")), _word._r("lo" + after)]
        self.p(runs, first_line_cm=1.27, align="both", after=6)
        return
    _body_para(self, P(text, marker, para.notes, para.link, para.lead))


def _signature_quirks(self: _word._Writer) -> None:
    _signature(self)
    if "dist-below" in self.q:  # the left cell left empty, Nơi nhận typed under the signature table
        table = self.body.findall(qn("w:tbl"))[-1]
        cell = table.findall(qn("w:tr"))[0].findall(qn("w:tc"))[0]
        for p in cell.findall(qn("w:p"))[1:]:
            cell.remove(p)
        moved = cell.findall(qn("w:p"))
        s = self.s
        items = [f"- {d};" for d in s.distribution[:-1]] + [f"- {s.distribution[-1]}."]
        cell.remove(moved[0])
        cell.append(ox.para([], after=0))
        self.p([_word._r("Nơi nhận:", bold=True, italic=True, size=12)], after=0)
        for item in items:
            self.p([_word._r(item, size=11)], after=0)
    if "prefix-nospace" in self.q:  # "KT.GIÁM ĐỐC", "TM.ỦY BAN NHÂN DÂN": no space after the prefix's dot
        table = self.body.findall(qn("w:tbl"))[-1]
        for t in table.iter(qn("w:t")):
            t.text = re.sub(r"^(KT|TM|TL|TUQ|Q)\. ", r"\1.", t.text or "")
    if "prefix-nodot" in self.q:  # "KT GIÁM ĐỐC", "TM ỦY BAN NHÂN DÂN": the prefix's dot not typed
        table = self.body.findall(qn("w:tbl"))[-1]
        for t in table.iter(qn("w:t")):
            t.text = re.sub(r"^(KT|TM|TL|TUQ)\. ", r"\1 ", t.text or "")
    if "signed-mark" in self.q:  # a published copy: "(Đã ký)" in italics where the signature was
        table = self.body.findall(qn("w:tbl"))[-1]
        cell = table.findall(qn("w:tr"))[0].findall(qn("w:tc"))[1]
        last_title = cell.findall(qn("w:p"))[len(self.s.signature) - 1]
        last_title.addnext(ox.para([_word._r("(Đã ký)", italic=True)], align="center", after=0))
    if "dist-symbol-bullets" in self.q:  # the Nơi nhận items from Word's default bullets
        table = self.body.findall(qn("w:tbl"))[-1]
        cell = table.findall(qn("w:tr"))[0].findall(qn("w:tc"))[0]
        _symbol_items(self, cell.findall(qn("w:p")))
    if "dist-en-dash" in self.q:  # the Nơi nhận items typed "– …;"
        table = self.body.findall(qn("w:tbl"))[-1]
        for t in table.iter(qn("w:t")):
            if (t.text or "").startswith("- "):
                t.text = "– " + (t.text or "")[2:]
    if "other-phu-luc" not in self.q:
        return
    end = ox.para([], after=0)
    end.find(qn("w:pPr")).append(ox.section_properties(landscape=False))
    self.add(end)
    number, date = self.s.number.split(":")[1].strip(), self.s.place_date.split("ngày", 1)[1].strip()
    issuer = self.s.closing.rsplit(" của ", 1)[1].removesuffix("./.")
    for line in (
        "PHỤ LỤC",
        "DANH MỤC THỦ TỤC HÀNH CHÍNH CÓ HỒ SƠ TRỄ HẠN",
        f"(Kèm theo Báo cáo số {number} ngày {date} của {issuer})",
    ):
        self.p([_word._r(line, bold=line.isupper(), italic=not line.isupper())], align="center", after=0)
    table = self._table(6, 5, borders=True)
    rows = table.rows
    for col, text in ((0, "STT"), (1, "Tên thủ tục hành chính"), (4, "Nguyên nhân")):
        self._fill(rows[0].cells[col].merge(rows[1].cells[col]), [[_word._r(text, bold=True, size=12)]], "center")
    self._fill(rows[0].cells[2].merge(rows[0].cells[3]), [[_word._r("Số hồ sơ", bold=True, size=12)]], "center")
    self._fill(rows[1].cells[2], [[_word._r("Tiếp nhận", bold=True, size=12)]], "center")
    self._fill(rows[1].cells[3], [[_word._r("Trễ hạn", bold=True, size=12)]], "center")
    body = (
        ("1", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "214", "03", "Chờ ý kiến thẩm định của cơ quan chuyên môn"),
        ("2", "Cấp chứng chỉ hành nghề hoạt động xây dựng", "87", "01", "Hồ sơ bổ sung nhiều lần"),
        ("3", "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng", "26", "02", "Dự án điều chỉnh quy hoạch"),
        ("", "Tổng cộng", "327", "06", ""),
    )
    for r, values in enumerate(body, start=2):
        for col, text in enumerate(values):
            self._fill(rows[r].cells[col], [[_word._r(text, bold=r == 5, size=12)]] if text else [[]], "left")


_recipients = _Writer.recipients


def _recipients_quirks(self: _word._Writer) -> None:
    before = len(self.body)
    _recipients(self)
    if "recipients-en-dash" in self.q:  # the Kính gửi items typed "– …;"
        for el in list(self.body)[before - 1 :]:
            for t in el.iter(qn("w:t")):
                t.text = (t.text or "").replace("- ", "– ", 1)
    if "kinh-goi" in self.q:  # the Southern spelling, "Kính gởi:"
        for el in list(self.body)[before - 1 :]:
            for t in el.iter(qn("w:t")):
                t.text = (t.text or "").replace("Kính gửi", "Kính gởi")
    if "recipients-bullets" in self.q:  # the Kính gửi items from Word's default bullets, "- " not typed
        _symbol_items(self, list(self.body)[before - 1 : -1])


def _symbol_items(self: _word._Writer, paragraphs: list[Element]) -> None:
    """The paragraphs typed "- …" given Word's default bullets instead of the typed dash."""
    if not hasattr(self, "_symbol"):
        self._symbol = ox.add_numbering(self.doc, _SYMBOL_BULLETS)  # type: ignore[attr-defined]
    for p in paragraphs:
        first = next(p.iter(qn("w:t")), None)
        if first is None or not (first.text or "").startswith(("- ", "– ")):
            continue
        first.text = (first.text or "")[2:]
        ppr = p.find(qn("w:pPr"))
        ilvl, num = ox.E("w:ilvl", {"w:val": "0"}), ox.E("w:numId", {"w:val": str(self._symbol)})  # type: ignore[attr-defined]
        ppr.insert(0, ox.E("w:numPr", None, ilvl, num))


def _write_quirks(self: _word._Writer, path: object) -> object:
    self._auto_count = 0  # type: ignore[attr-defined]
    self.s = replace(self.s, opening=tuple(_typed_text(self, t) for t in self.s.opening))
    return _write(self, path)  # type: ignore[arg-type]


_title = _Writer.title


def _title_quirks(self: _word._Writer) -> None:
    if "nbsp-subject" not in self.q and "window-note" not in self.q:
        _title(self)
        return
    subject = self.s.subject
    if "nbsp-subject" in self.q:  # "quý I", "năm 2026" kept on one line by Ctrl+Shift+Space
        for word in ("quý", "năm", "tháng"):
            subject = subject.replace(f"{word} ", f"{word}{_NBSP}")
    s = self.s
    self.s = replace(s, subject=subject, quirks=s.quirks - {"nbsp-subject", "window-note"})
    self.q = self.s.quirks
    _title(self)
    self.s, self.q = s, s.quirks
    if "window-note" in self.q:  # the opening's first line, the data window, in italics under the trích yếu
        self.p([_word._r(s.opening[0], italic=True)], align="center", after=6)
        self.s = replace(s, opening=s.opening[1:])


_appendix = _Writer.appendix


def _appendix_quirks(self: _word._Writer) -> None:
    if "appendix-title-row" in self.q:  # the Phụ lục's title lines in a first row of its table, merged across
        s = self.s
        self.s = replace(s, appendix_title=())
        _appendix(self)
        self.s = s
        table = self.body.findall(qn("w:tbl"))[-1]
        paras = [
            ox.para([_word._r(line, bold=line.isupper(), italic=not line.isupper(), size=13)], align="center", after=0)
            for line in s.appendix_title
        ]
        cell = ox.E("w:tc", None, ox.E("w:tcPr", None, ox.E("w:gridSpan", {"w:val": "5"})), *paras)
        table.find(qn("w:tr")).addprevious(ox.E("w:tr", None, cell))
    else:
        _appendix(self)
    if "appendix-split" in self.q:  # the long table in two: a page typed apart, the header typed again
        import copy

        table = self.body.findall(qn("w:tbl"))[-1]
        rows = table.findall(qn("w:tr"))
        at = (len(rows) * 3) // 5
        second = copy.deepcopy(table)
        for tr in second.findall(qn("w:tr"))[2:at]:
            second.remove(tr)
        for tr in rows[at:]:
            table.remove(tr)
        gap = ox.para([ox.E("w:r", None, ox.E("w:br", {"w:type": "page"}))], after=0)
        table.addnext(gap)
        gap.addnext(second)
    if "appendix-auto-stt" not in self.q:
        return
    # The STT column from Word's numbering: "I", "II" … one list; "1", "2" … a list restarted per section.
    roman = ox.add_numbering(self.doc, _numbered("upperRoman", "%1"))
    decimal: int | None = None
    table = self.body.findall(qn("w:tbl"))[-1]
    for tr in table.findall(qn("w:tr")):
        p = tr.findall(qn("w:tc"))[0].find(qn("w:p"))
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if not text or text == "STT":
            continue
        if text.isdigit():
            if decimal is None:
                decimal = ox.add_numbering(self.doc, _numbered("decimal", "%1"))
            num = decimal
        else:
            num, decimal = roman, None
        for r in p.findall(qn("w:r")):
            p.remove(r)
        ppr = p.find(qn("w:pPr"))
        ppr.insert(0, ox.E("w:numPr", None, ox.E("w:ilvl", {"w:val": "0"}), ox.E("w:numId", {"w:val": str(num)})))


_closing = _Writer.closing


def _closing_quirks(self: _word._Writer) -> None:
    if "closing-note" not in self.q:
        _closing(self)
        return
    # A remark after "Trên đây …./.", in italics and parentheses: the closing's second line.
    sentence, note = self.s.closing.split("\n")
    self.p([_word._r(sentence)], first_line_cm=1.27, align="both")
    self.p([_word._r(note, italic=True)], first_line_cm=1.27, align="both")


_footnote = _Writer._footnote


def _footnote_quirks(self: _word._Writer, text: str) -> Element:
    reference = _footnote(self, text)
    if "note-nb-hyphen" in self.q and self.notes is not None:  # Ctrl+Shift+- in "18/KH-UBND": w:noBreakHyphen
        for t in list(self.notes[-1].iter(qn("w:t"))):
            run = t.getparent()
            pieces = re.split(r"(?<=/[A-ZĐ]{2})-", t.text or "")
            if len(pieces) < 2:
                continue
            t.text = pieces[0]
            at = run
            for piece in pieces[1:]:
                hyphen = ox.E("w:r", None, ox.E("w:noBreakHyphen"))
                more = ox.run(piece, ox.rpr(size=10))
                at.addnext(hyphen)
                hyphen.addnext(more)
                at = more
    return reference


_Writer._footnote = _footnote_quirks  # type: ignore[method-assign]
_Writer.closing = _closing_quirks  # type: ignore[method-assign]
_narrative_table = _Writer.narrative_table


def _narrative_table_quirks(self: _word._Writer, t: object) -> None:
    if "landscape-table" not in self.q:
        _narrative_table(self, t)  # type: ignore[arg-type]
        return
    # A wide table on a landscape page of its own inside the narrative: section breaks around it.
    end = ox.para([], after=0)
    end.find(qn("w:pPr")).append(ox.section_properties(landscape=False))
    self.add(end)
    _narrative_table(self, t)  # type: ignore[arg-type]
    last = self.body.findall(qn("w:p"))[-1]  # the empty paragraph the writer puts after a table
    last.find(qn("w:pPr")).append(ox.section_properties(landscape=True))


_Writer.narrative_table = _narrative_table_quirks  # type: ignore[method-assign]
_Writer.appendix = _appendix_quirks  # type: ignore[method-assign]
_Writer.title = _title_quirks  # type: ignore[method-assign]
_Writer.header = _header_quirks  # type: ignore[method-assign]
_Writer.heading = _heading_quirks  # type: ignore[method-assign]
_Writer.body_para = _body_para_quirks  # type: ignore[method-assign]
_Writer.signature = _signature_quirks  # type: ignore[method-assign]
_Writer.recipients = _recipients_quirks  # type: ignore[method-assign]
_Writer.write = _write_quirks  # type: ignore[method-assign,assignment]


# --- the documents ------------------------------------------------------------------------------------

DAC_KHU_CON_DAO = Stranger(
    period="2025-NAM",
    parent=None,
    issuer=("ỦY BAN NHÂN DÂN", "ĐẶC KHU CÔN ĐẢO"),
    number="Số: 02/BC-UBND",
    place_date="Côn Đảo, ngày 05 tháng 01 năm 2026",
    subject="Kết quả thực hiện công tác cải cách hành chính năm 2025 và phương hướng, nhiệm vụ năm 2026",
    recipients=("Sở Nội vụ Thành phố Hồ Chí Minh",),
    bases=(),
    opening=(
        "Thực hiện Công văn số 4512/SNV-CCHC ngày 02/12/2025 của Sở Nội vụ Thành phố Hồ Chí Minh về việc báo cáo "
        "công tác cải cách hành chính năm 2025, Ủy ban nhân dân đặc khu Côn Đảo báo cáo như sau:",
    ),
    body=(
        H(
            "I.",
            "KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
            (
                P("(Số liệu tính từ ngày 15/12/2024 đến ngày 14/12/2025)"),
                H(
                    "1.",
                    "Công tác chỉ đạo, điều hành",
                    (
                        P(
                            "Sau khi đặc khu Côn Đảo chính thức hoạt động từ ngày 01/7/2025, Ủy ban nhân dân đặc "
                            "khu ban hành Kế hoạch số 18/KH-UBND ngày 15/7/2025 về cải cách hành chính 6 tháng cuối "
                            "năm 2025, xác định 12 nhiệm vụ, đến nay hoàn thành 12/12 nhiệm vụ, đạt 100%."
                        ),
                        P("Tổ chức 02 cuộc kiểm tra công tác cải cách hành chính tại 04 cơ quan, đơn vị;", marker="-"),
                        P("Tuyên truyền trên Trang thông tin điện tử đặc khu 36 tin, bài.", marker="-"),
                    ),
                ),
                H(
                    "2.",
                    "Cải cách thủ tục hành chính",
                    (
                        P(
                            "Trung tâm Phục vụ hành chính công đặc khu tiếp nhận 4.318 hồ sơ, giải quyết đúng hạn "
                            "4.301 hồ sơ, đạt 99,6%; 17 hồ sơ trễ hạn đã có văn bản xin lỗi người dân."
                        ),
                        P("Tỷ lệ hồ sơ trực tuyến toàn trình đạt 62,4%;", marker="-"),
                        P("Thanh toán trực tuyến phí, lệ phí: 1.205 giao dịch.", marker="-"),
                    ),
                ),
            ),
        ),
        H(
            "II.",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
            (
                P(
                    "Tiếp tục rà soát, đơn giản hóa thủ tục hành chính gắn với đặc thù đảo xa; phấn đấu 100% hồ sơ "
                    "được số hóa khi tiếp nhận."
                ),
            ),
        ),
    ),
    closing="Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính năm 2025 của Ủy ban nhân dân đặc "
    "khu Côn Đảo./.",
    signature=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    signer="Lê Văn Phong",
    distribution=("Như trên", "TT. Đảng ủy đặc khu", "Lưu: VT, VP"),
    quirks=frozenset({"motto-border", "en-dash-bullets", "nbsp", "italic-parens"}),
)

SO_XAY_DUNG_LAO_CAI = Stranger(
    period="2026-Q1",
    parent="UBND TỈNH LÀO CAI",
    issuer=("SỞ XÂY DỰNG",),
    number="Số: 215/BC-SXD",
    place_date="Lào Cai, ngày 12 tháng 3 năm 2026",
    subject="Kết quả thực hiện công tác cải cách hành chính quý I năm 2026",
    recipients=("Sở Nội vụ tỉnh Lào Cai",),
    bases=(),
    opening=(
        "Sở Xây dựng (hợp nhất từ Sở Xây dựng và Sở Giao thông vận tải của hai tỉnh Lào Cai, Yên Bái) báo cáo kết "
        "quả thực hiện công tác cải cách hành chính quý I năm 2026 như sau:",
    ),
    body=(
        H(
            "I.",
            "KẾT QUẢ THỰC HIỆN",
            (
                H(
                    "1.",
                    "Cải cách tổ chức bộ máy",
                    (
                        P(
                            "Sau hợp nhất, Sở có 07 phòng chuyên môn, 01 Thanh tra và 03 đơn vị sự nghiệp công lập; "
                            "đã sắp xếp, bố trí 186 công chức, viên chức theo vị trí việc làm."
                        ),
                    ),
                ),
                H(
                    "2.",
                    "Chuyển đổi số",
                    (
                        P(
                            "100% hồ sơ thủ tục hành chính được tiếp nhận, xử lý trên Hệ thống thông tin giải quyết "
                            "thủ tục hành chính của tỉnh (iGate); 94% hồ sơ công dân nộp bằng tài khoản VNeID."
                        ),
                        P("Nhóm Zalo hỗ trợ doanh nghiệp vận tải đã trả lời 312 câu hỏi trong quý."),
                    ),
                ),
            ),
        ),
        H(
            "II.",
            "TỒN TẠI, HẠN CHẾ",
            (P("Còn 06 hồ sơ trễ hạn (chi tiết tại Phụ lục kèm theo)."),),
        ),
    ),
    closing="Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026 của Sở Xây dựng tỉnh "
    "Lào Cai./.",
    signature=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    signer="Hoàng Văn Thắng",
    distribution=("Như trên", "Giám đốc Sở (để b/c)", "Lưu: VT, VP"),
    quirks=frozenset({"auto-roman", "motto-underline", "soft-hyphen", "other-phu-luc"}),
)

SO_NN_MT_CAN_THO = Stranger(
    period="2025-9T",
    parent="UBND THÀNH PHỐ CẦN THƠ",
    issuer=("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",),
    number="Số: 1874/BC-SNNMT",
    place_date="Cần Thơ, ngày 15 tháng 9 năm 2025",
    subject="Kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2025",
    recipients=("Sở Nội vụ thành phố Cần Thơ",),
    bases=(),
    opening=(
        "Thực hiện Công văn số 1560/SNV-CCHC ngày 20/8/2025 của Sở Nội vụ thành phố Cần Thơ, Sở Nông nghiệp và Môi "
        "trường báo cáo kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2025 như sau:",
    ),
    body=(
        H(
            "I.",
            "KẾT QUẢ THỰC HIỆN",
            (
                H(
                    "1.",
                    "Công tác chỉ đạo, điều hành",
                    (
                        P(
                            "Sở ban hành Kế hoạch số 12/KH-SNNMT ngày 04/7/2025 về cải cách hành chính 6 tháng cuối "
                            "năm 2025 sau khi hợp nhất Sở Nông nghiệp và Phát triển nông thôn với Sở Tài nguyên và "
                            "Môi trường của ba địa phương Cần Thơ, Sóc Trăng, Hậu Giang."
                        ),
                    ),
                ),
                H(
                    "2.",
                    "Cải cách thủ tục hành chính",
                    (
                        P("Kết quả giải quyết hồ sơ:"),
                        P("Tiếp nhận 21 hồ sơ, trả kết quả 21 hồ sơ;", marker="-"),
                        P("Tỷ lệ đúng hạn 95,24%.", marker="-"),
                    ),
                ),
                H(
                    "3.",
                    "Cải cách chế độ công vụ",
                    (P("Không có trường hợp cán bộ, công chức vi phạm kỷ luật, kỷ cương hành chính."),),
                ),
            ),
        ),
        H(
            "II.",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2025",
            (
                H("1.", "Hoàn thiện quy trình nội bộ", (P("Công bố quy trình nội bộ thủ tục lĩnh vực đất đai."),)),
                H("2.", "Số hóa hồ sơ", (P("Số hóa 100% kết quả giải quyết thủ tục hành chính còn hiệu lực."),)),
            ),
        ),
    ),
    closing="Trên đây là báo cáo kết quả công tác cải cách hành chính 9 tháng đầu năm 2025 của Sở Nông nghiệp và "
    "Môi trường thành phố Cần Thơ./.",
    signature=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    signer="Trần Văn Nguyên",
    distribution=("Như trên", "UBND thành phố (để b/c)", "Lưu: VT, VP"),
    appendix={
        "I.1.de_ra": "12",
        "I.1.hoan_thanh": "09",
        "I.3.hoi_nghi": "1",
        "III.7.tiep_nhan": "21",
        "III.7.tra_ket_qua": "21",
        "III.7.dung_han": "95,24",
    },
    appendix_notes={"I.1.de_ra": "Kế hoạch số 12/KH-SNNMT ngày 04/7/2025"},
    appendix_title=(
        "PHỤ LỤC",
        "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH 9 THÁNG ĐẦU NĂM 2025",
        "(Kèm theo Báo cáo số 1874/BC-SNNMT ngày 15 tháng 9 năm 2025 của Sở Nông nghiệp và Môi trường)",
    ),
    quirks=frozenset({"auto-decimal", "dot-bullets", "motto-border"}),
)

UBND_XA_CU_LAO_DUNG = Stranger(
    period="2026-Q1",
    parent=None,
    issuer=("ỦY BAN NHÂN DÂN", "XÃ CÙ LAO DUNG"),
    number="Số: 41/BC-UBND",
    place_date="Cù Lao Dung, ngày 05 tháng 3 năm 2026",
    subject="Kết quả thực hiện công tác cải cách hành chính quý I và phương hướng nhiệm vụ quý II năm 2026",
    recipients=("Sở Nội vụ thành phố Cần Thơ",),
    bases=(),
    opening=(
        "Ủy ban nhân dân xã Cù Lao Dung báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026 như sau:",
    ),
    body=(
        H(
            "I.",
            "KẾT QUẢ ĐẠT ĐƯỢC",
            (
                P(
                    "Xã Cù Lao Dung được thành lập trên cơ sở sắp xếp thị trấn Cù Lao Dung và các xã An Thạnh 1, "
                    "An Thạnh Tây, An Thạnh Đông của huyện Cù Lao Dung (cũ)."
                ),
                P("Trong quý, Ủy ban nhân dân xã đã:"),
                P("Ban hành 03 văn bản chỉ đạo, điều hành công tác cải cách hành chính;", marker="-"),
                P("Tiếp nhận 1.146 hồ sơ, giải quyết đúng hạn 1.139 hồ sơ, đạt 99,39%;", marker="-"),
                P("Niêm yết công khai 100% thủ tục hành chính tại Bộ phận Một cửa.", marker="-"),
            ),
        ),
        H(
            "II.",
            "PHƯƠNG HƯỚNG NHIỆM VỤ QUÝ II NĂM 2026",
            (P("Tăng cường hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán không dùng tiền mặt."),),
        ),
    ),
    closing="Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026 của Ủy ban nhân dân xã "
    "Cù Lao Dung./.",
    signature=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    signer="Nguyễn Thị Bé Ba",
    distribution=("Như trên", "TT. Đảng ủy xã", "Lưu: VT"),
    quirks=frozenset({"symbol-bullets", "nbsp", "soft-hyphen", "motto-underline"}),
)
