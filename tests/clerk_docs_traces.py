"""What Word adds by itself while a clerk types: auto-linked addresses, spelling marks, bookmarks."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from lxml.etree import _Element as Element

from tests.clerk_docs_ooxml import E

if TYPE_CHECKING:
    from tests.clerk_docs_render import _Writer

__all__ = ["add_hyperlinks", "add_word_noise"]

ADDRESS = re.compile(r"https?://[^\s)]+|[\w.]+@[\w-]+(?:\.[\w-]+)+")


def _copy(el: Element) -> Element:
    return etree.fromstring(etree.tostring(el))


def _link_run(w: _Writer, r: Element, start: int, end: int, target: str) -> None:
    """Splits the one-text run `r` around [start, end) and wraps the middle in w:hyperlink."""
    t = r.find(qn("w:t"))
    text = t.text or ""
    parts = [(text[:start], False), (text[start:end], True), (text[end:], False)]
    anchor = r
    for piece, linked in parts:
        if not piece:
            continue
        new = _copy(r)
        new.find(qn("w:t")).text = piece
        if linked:
            rpr = new.find(qn("w:rPr"))
            if rpr is None:
                rpr = E("w:rPr")
                new.insert(0, rpr)
            rpr.insert(0, E("w:rStyle", {"w:val": "Hyperlink"}))
            rpr.append(E("w:color", {"w:val": "0563C1"}))
            rpr.append(E("w:u", {"w:val": "single"}))
            r_id = w.doc.part.relate_to(target, RT.HYPERLINK, is_external=True)
            link = E("w:hyperlink", {"r:id": r_id, "w:history": "1"}, new)
            new = link
        anchor.addnext(new)
        anchor = new
    r.getparent().remove(r)


def add_hyperlinks(w: _Writer) -> None:
    """Word's AutoFormat as you type: e-mail addresses and web addresses become hyperlinks."""
    for r in list(w.body.iter(qn("w:r"))):
        ts = r.findall(qn("w:t"))
        if len(ts) != 1 or r.getparent().tag != qn("w:p") or not ts[0].text:
            continue
        m = ADDRESS.search(ts[0].text)
        if m is None:
            continue
        address = m.group(0).rstrip(".,;")
        target = address if address.startswith("http") else f"mailto:{address}"
        _link_run(w, r, m.start(), m.start() + len(address), target)


def add_word_noise(w: _Writer) -> None:
    """Spelling marks (an English checker flags Vietnamese words), the _GoBack bookmark and the page
    breaks Word last rendered: elements between and inside runs that carry no text."""
    paragraphs = [p for p in w.body.iter(qn("w:p")) if p.find(qn("w:r")) is not None]
    for i, p in enumerate(paragraphs):
        runs = p.findall(qn("w:r"))
        if i % 3 == 0 and runs:
            runs[0].addprevious(E("w:proofErr", {"w:type": "spellStart"}))
            runs[0].addnext(E("w:proofErr", {"w:type": "spellEnd"}))
        if i % 23 == 11 and runs:
            rpr = runs[-1].find(qn("w:rPr"))
            mark = E("w:lastRenderedPageBreak")
            (rpr.addnext(mark) if rpr is not None else runs[-1].insert(0, mark))
    if len(paragraphs) > 5:
        p = paragraphs[len(paragraphs) // 2]
        p.append(E("w:bookmarkStart", {"w:id": "0", "w:name": "_GoBack"}))
        p.append(E("w:bookmarkEnd", {"w:id": "0"}))
