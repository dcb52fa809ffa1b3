"""Unaccepted tracked changes a leader's review leaves in a clerk's file; the final text stays the truth."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from lxml import etree

from tests import clerk_docs_ooxml as ox
from tests.clerk_docs_ooxml import E

if TYPE_CHECKING:
    from tests.clerk_docs_render import _Writer

from lxml.etree import _Element as Element

REVIEWER = "Trần Minh Tâm"
WHEN = "2025-03-05T09:12:00Z"
DELETED_PARAGRAPH = "Nội dung này được đề nghị lược bỏ theo ý kiến của Lãnh đạo."


def _attrs(w: _Writer) -> dict[str, str]:
    w.change_id += 1
    return {"w:id": str(w.change_id), "w:author": REVIEWER, "w:date": WHEN}


def _text_runs(p: Element) -> list[Element]:
    return [r for r in p.findall(qn("w:r")) if r.find(qn("w:t")) is not None]


def _split_run(r: Element, at: int) -> Element:
    """Splits a one-w:t run after `at` characters; returns the new second run."""
    t = r.find(qn("w:t"))
    second = etree.fromstring(etree.tostring(r))
    second.find(qn("w:t")).text = t.text[at:]
    t.text = t.text[:at]
    r.addnext(second)
    return second


def _mark_paragraph(p: Element, kind: str, w: _Writer) -> None:
    """The paragraph mark itself inserted/deleted/moved (pPr/rPr/<kind>)."""
    ppr = p.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = E("w:rPr")
        sect = ppr.find(qn("w:sectPr"))
        (sect.addprevious(rpr) if sect is not None else ppr.append(rpr))
    rpr.append(E(f"w:{kind}", _attrs(w)))


def insert_and_delete(w: _Writer, p: Element) -> None:
    """The end of the paragraph's last run becomes an insertion; an old wording before it a deletion."""
    runs = _text_runs(p)
    if not runs:
        return
    last = runs[-1]
    text = last.find(qn("w:t")).text or ""
    cut = text.rfind(" ", 0, max(1, len(text) - 3))
    if cut <= 0:
        return
    inserted = _split_run(last, cut)
    ins = E("w:ins", _attrs(w))
    inserted.addprevious(ins)
    ins.append(inserted)
    old = ox.run(
        " (số liệu cũ: 08)",
        etree.fromstring(etree.tostring(last.find(qn("w:rPr")))) if last.find(qn("w:rPr")) is not None else None,
        deleted=True,
    )
    d = E("w:del", _attrs(w), old)
    ins.addprevious(d)


def delete_paragraph(w: _Writer, before: Element) -> None:
    """A whole paragraph deleted (its mark too) — it must not appear in the final text."""
    p = ox.para(
        [E("w:del", _attrs(w), ox.run(DELETED_PARAGRAPH, w.rpr(), deleted=True))], align="both", first_line_cm=1.27
    )
    _mark_paragraph(p, "del", w)
    before.addprevious(p)


def move_paragraph(w: _Writer, p: Element, old_place: Element) -> None:
    """`p` was moved here from before `old_place`: moveFrom there (not final text), moveTo here."""
    copy = etree.fromstring(etree.tostring(p))
    name = f"move{w.change_id}"
    for para_el, kind in ((copy, "moveFrom"), (p, "moveTo")):
        runs = [c for c in para_el if c.tag == qn("w:r")]
        if not runs:
            return
        wrapper = E(f"w:{kind}", _attrs(w))
        runs[0].addprevious(wrapper)
        for r in runs:
            wrapper.append(r)
        ident = str(w.change_id + 500)
        start = E(f"w:{kind}RangeStart", {**_attrs(w), "w:name": name})
        start.set(qn("w:id"), ident)
        wrapper.addprevious(start)
        wrapper.addnext(E(f"w:{kind}RangeEnd", {"w:id": ident}))
        _mark_paragraph(para_el, kind, w)
    old_place.addprevious(copy)


def add_tracked_changes(w: _Writer) -> None:
    targets = [p for p in w.changed if p.find(".//" + qn("w:footnoteReference")) is None]
    for p in targets[::2]:
        insert_and_delete(w, p)
    if len(targets) > 3:
        delete_paragraph(w, targets[1])
        move_paragraph(w, targets[3], targets[2])
