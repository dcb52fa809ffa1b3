"""The body of a BÁO CÁO — numbered headings, paragraphs, "-"/"+" items, numbered and lettered lists,
tables with merged cells, footnotes — as the report file's `narrative`.

A heading is a paragraph that starts with a number ("I.", "1.", "1.1.", "a)", typed or from Word's
list numbering) and is printed in bold or italic as a whole (or has a heading style). Its level comes
from the kind of its number, in the order the document introduces them (I. above 1. above 1.1. above
a), whatever the document starts with). Numbers are written into the report file only where the
tool's own numbering would print another one (a skipped number, a report that starts at "1."), so
the document prints as it was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..report.numbering import LETTER_STYLES, Numbering
from .docx_model import Paragraph, Span, Table
from .markup import marked, split_lines
from .word_tables import narrative_table

#: A heading's number as typed: "I.", "1.", "1.2", "1.2.3.", "a)", "a." (a bare "100" or "3.500" is a
#: figure, not a number of a heading).
#: Parts above the sections: "Phần I.", "PHẦN II", "PHẦN THỨ NHẤT", "A.", "B.".
#: "I/", "1/", "II-", "1-": a slash or a dash after the number, as some offices type it.
_LABEL = re.compile(
    r"^\s*(?P<label>(?:Phần|PHẦN)\s+(?:[IVXLC]+|\d{1,2})\.?|(?:Phần|PHẦN)\s+(?:thứ|THỨ)\s+"
    r"(?:nhất|hai|ba|tư|năm|sáu|NHẤT|HAI|BA|TƯ|NĂM|SÁU)[.:]?|[A-H]\.|[IVXLC]+[./-]|\d{1,2}[/-]"
    r"|\d{1,2}\.(?:\d{1,2}\.){0,5}(?:\d{1,2})?|[a-zđ][).])(?=\s|$|[A-ZĐÀ-Ỹ])"
)
_BULLETS = {"-": "-", "–": "-", "—": "-", "+": "+", "•": "-", "·": "-", "": "-", "*": "-"}
_MOST_HEADING = 400  # characters: a longer bold "1. …" is a paragraph that happens to be bold


@dataclass
class _Heading:
    kind: tuple[str, ...]
    label: str
    spans: list[Span]
    italic: bool


@dataclass
class _Open:
    """A section being filled: its report-file mapping and its heading kind."""

    kind: tuple[str, ...]
    node: dict[str, Any]


@dataclass
class NarrativeReader:
    narrative: list[dict[str, Any]] = field(default_factory=list)
    lead: list[Any] = field(default_factory=list)  # blocks before the first heading
    warnings: list[str] = field(default_factory=list)
    #: Word lists that number headings: their other numbered paragraphs are headings too ("a)" in
    #: plain text under bold "I." and "1." of the same multi-level list).
    heading_lists: set[str] = field(default_factory=set)
    #: Paragraphs (by index) read as headings from what follows them: see `promoted_headings`.
    promoted: set[int] = field(default_factory=set)
    _stack: list[_Open] = field(default_factory=list)

    def add(self, block: Paragraph | Table) -> None:
        if isinstance(block, Table):
            table = narrative_table(block)
            if table is not None:
                self._content().append(table)
            return
        heading = _heading(block, self.heading_lists, block.index in self.promoted)
        if heading is not None:
            self._open(heading)
            return
        if self._continues_heading(block):
            return
        for spans in split_lines(block.spans):
            self._paragraph(spans, block)

    def _continues_heading(self, block: Paragraph) -> bool:
        """A heading in capitals wrapped with Enter: its second line, bold capitals without a number,
        right under it, is the rest of its title."""
        if not self._stack or self._stack[-1].node["content"]:
            return False
        node = self._stack[-1].node
        text = " ".join(block.text.split())
        title = node["title"]
        if not (text and text == text.upper() and title == title.upper() and _whole(block.spans)):
            return False
        if _LABEL.match(text) or block.label:
            return False
        node["title"] = f"{title} {marked(block.spans, plain=True)}".strip()
        return True

    def _content(self) -> list[Any]:
        if not self._stack:
            return self.lead
        content: list[Any] = self._stack[-1].node["content"]
        return content

    def _open(self, heading: _Heading) -> None:
        kinds = [opened.kind for opened in self._stack]
        if heading.kind in kinds:
            del self._stack[kinds.index(heading.kind) :]
        node: dict[str, Any] = {"title": marked(heading.spans, plain=_whole(heading.spans)), "content": []}
        node["_label"] = heading.label
        node["_italic"] = heading.italic
        (self._stack[-1].node["content"] if self._stack else self.narrative).append(node)
        self._stack.append(_Open(heading.kind, node))

    def _paragraph(self, spans: list[Span], block: Paragraph) -> None:
        text = marked(spans)
        if not text:
            return
        content = self._content()
        marker, rest = _item(block, spans)
        if marker is None:
            content.append(text)
            return
        item = marked(rest)
        last = content[-1] if content else None
        if marker in ("-", "+"):
            if isinstance(last, dict) and "list" in last and last.get("marker", "-") == marker:
                last["list"].append(item)
            else:
                content.append({"list": [item]} if marker == "-" else {"list": [item], "marker": "+"})
            return
        style, number = marker
        if isinstance(last, dict) and last.get("marker") == style and last["start"] + len(last["list"]) == number:
            last["list"].append(item)
        else:
            content.append({"list": [item], "marker": style, "start": number})

    def finish(self) -> list[dict[str, Any]]:
        """The narrative with numbers written where the tool's numbering would differ."""
        _number(self.narrative, Numbering(level=1))
        return self.narrative


def _whole(spans: list[Span]) -> bool:
    letters = [s for s in spans if s.note is None and s.text.strip()]
    return bool(letters) and (all(s.bold for s in letters) or all(s.italic for s in letters))


def heading_lists(paragraphs: Iterable[Paragraph]) -> set[str]:
    """The Word lists whose numbered paragraphs include a heading printed in bold as a whole."""
    return {
        p.list_id
        for p in paragraphs
        if p.list_id and p.label and not _is_bullet(p.label) and _whole(p.spans) and len(p.text) <= _MOST_HEADING
    }


def promoted_headings(blocks: Sequence[Paragraph | Table]) -> set[int]:
    """Paragraphs that are headings by what follows them though not printed in bold: a run of short
    typed "a) …", "b) …" each followed by a plain paragraph (if one of them leads a list, another
    lettered line or the closing, the run is a list of paragraphs), and a short bold line without a
    number and without a final stop, followed by a plain paragraph."""
    found: set[int] = set()
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip() and not b.in_textbox]
    run: list[tuple[Paragraph, bool]] = []  # the lettered paragraphs of one a), b), … run
    followers: list[Paragraph | None] = [*paragraphs[1:], None]
    for here, after in zip(paragraphs, followers, strict=True):
        text = " ".join(here.text.split())
        lettered = _LABEL.match(text)
        letter = lettered.group("label") if lettered else ""
        if re.fullmatch(r"[a-zđ][).]", letter) and not here.label:
            if letter[0] == "a":
                _promote(run, found)
                run = []
            run.append((here, len(text) <= _MOST_PROMOTED and after is not None and _plain_follower(after)))
        elif (
            not lettered
            and not here.label
            and after is not None
            and len(text) <= _MOST_PROMOTED
            and _whole(here.spans)
            and text[-1:] not in ".;:,"
            and not _LABEL.match(after.text)
            and not after.label
            and not _whole(after.spans)
        ):
            found.add(here.index)
    _promote(run, found)
    return found


def _plain_follower(after: Paragraph) -> bool:
    """A paragraph that can be a lettered heading's content: plain text, not a list item, not another
    numbered line, not the closing."""
    text = after.text.lstrip()
    return not (
        _LABEL.match(text) or after.label or _whole(after.spans) or _starts_item(text) or text.startswith("Trên đây")
    )


def _promote(run: list[tuple[Paragraph, bool]], found: set[int]) -> None:
    if run and all(ok for _, ok in run):
        found.update(paragraph.index for paragraph, _ in run)


_MOST_PROMOTED = 160


def _starts_item(text: str) -> bool:
    stripped = text.lstrip()
    return stripped[:1] in ("-", "–", "—", "+", "•") and _after_mark(stripped[1:2])


def _after_mark(char: str) -> bool:
    """What may follow an item's typed mark: a space, or a letter when the clerk typed none ("–Tổ chức …")."""
    return char in (" ", "\t", "\u00a0") or char.isalpha()


def _heading(block: Paragraph, lists: set[str], promoted: bool = False) -> _Heading | None:
    if block.in_textbox or not block.text.strip():
        return None
    if block.label and not _is_bullet(block.label):
        label, spans = block.label, block.spans
    else:
        match = _LABEL.match(block.text)
        if match is None:
            if promoted:  # a heading without a number
                return _Heading(("plain",), "", _strip_spans(block.spans), block.italic)
            return None
        label = match.group("label")
        spans = _without_prefix(block.spans, match.end())
    kind = _kind(label)
    # "PHẦN THỨ NHẤT" in bold on a line of its own: a part whose title is the next line (_continues_heading).
    alone = kind == ("part",) and _whole(block.spans) and len(block.text) <= _MOST_HEADING
    if kind is None or not ("".join(s.text for s in spans).strip() or alone):
        return None
    styled = block.level is not None and block.level < 9 and block.style.lower().startswith(("heading", "tiêu đề"))
    emphasised = _whole(block.spans) and len(block.text) <= _MOST_HEADING
    outlined = bool(block.label) and block.list_id in lists and len(block.text) <= _MOST_HEADING
    title = "".join(s.text for s in spans if s.note is None)
    capitals = title == title.upper() and any(c.isalpha() for c in title) and len(title) <= _MOST_HEADING
    if not (styled or emphasised or outlined or promoted or (capitals and kind[0] != "letter")):
        return None
    italic = all(s.italic for s in block.spans if s.note is None and s.text.strip())
    return _Heading(kind, label, _strip_spans(spans), italic)


def _kind(label: str) -> tuple[str, ...] | None:
    if label[:4].lower() == "phần":
        return ("part",)
    if re.fullmatch(r"[A-H]\.", label):  # parts A., B., … (no report numbers a section C. = 100)
        return ("upper",)
    if re.fullmatch(r"[IVXLC]+[./-]", label):
        return ("roman",)
    if re.fullmatch(r"\d+[/-]", label):
        return ("decimal", "1")
    if re.fullmatch(r"\d+(?:\.\d+)*\.?", label):
        return ("decimal", str(label.rstrip(".").count(".") + 1))
    if re.fullmatch(r"[a-zđ][).]", label):
        return ("letter", label[-1])
    return None


def _is_bullet(label: str) -> bool:
    return label in _BULLETS or not any(char.isalnum() for char in label)


def _item(block: Paragraph, spans: list[Span]) -> tuple[Any, list[Span]]:
    """A list item's marker ("-", "+", or (style, number) for "1."/"a)" lists from Word's numbering)
    and its text; (None, spans) for a paragraph. Numbers typed by hand stay in the text."""
    if (block.label and spans is block.spans) or (block.label and spans == split_lines(block.spans)[0]):
        label = block.label
        if _is_bullet(label):
            if label in ("-", "+"):
                return label, spans
            # A symbol that is neither ("•", Word's default "o" under it): "+" below the list's first level.
            return ("+" if (block.level or 0) >= 1 else "-"), spans
        numbered = re.fullmatch(r"(\d{1,3})([.)])", label)
        if numbered:
            return (f"1{numbered.group(2)}", int(numbered.group(1))), spans
        lettered = re.fullmatch(r"([a-z])([.)])", label)
        if lettered:
            return (f"a{lettered.group(2)}", ord(lettered.group(1)) - ord("a") + 1), spans
    text = "".join(s.text for s in spans if s.note is None).lstrip()
    first = text[:1]
    if first in ("-", "–", "—", "+", "•", "·", "") and (len(text) == 1 or _after_mark(text[1]) or first == "•"):
        rest = _without_prefix(spans, len("".join(s.text for s in spans if s.note is None)) - len(text) + 1)
        return _BULLETS[first], _strip_spans(rest)
    return None, spans


def _without_prefix(spans: list[Span], count: int) -> list[Span]:
    """The spans without their first `count` characters of text."""
    out: list[Span] = []
    for span in spans:
        if span.note is None and count > 0:
            if len(span.text) <= count:
                count -= len(span.text)
                continue
            out.append(Span(span.text[count:], span.bold, span.italic))
            count = 0
        else:
            out.append(span)
    return _strip_spans(out)


def _strip_spans(spans: list[Span]) -> list[Span]:
    spans = [Span(s.text, s.bold, s.italic, s.note) for s in spans]
    while spans and spans[0].note is None and not spans[0].text.strip():
        spans.pop(0)
    if spans and spans[0].note is None:
        spans[0].text = spans[0].text.lstrip(" \t\u00a0")
    return spans


def _number(sections: list[dict[str, Any]], numbering: Numbering) -> None:
    """Write `number` where the tool would number otherwise, and `letters` where children are lettered;
    the parser's own Numbering decides what "otherwise" is."""
    for node in sections:
        label = node.pop("_label")
        italic = node.pop("_italic")
        if not node["title"]:  # a part's label alone, no title line under it: the label is its title
            node["title"], label = label, ""
        if not label:  # a heading printed without a number
            node["numbered"] = False
            content = node.pop("content")
            node["content"] = content
            _number([c for c in content if isinstance(c, dict) and "title" in c], numbering.child("", ""))
            continue
        auto = numbering.next()
        if auto != label:
            node["number"] = label
            numbering.follow(label)
        children = [c for c in node["content"] if isinstance(c, dict) and "title" in c]
        letters = ""
        if children and all(re.fullmatch(r"[a-zđ][).]", c["_label"]) for c in children):
            letters = "a" + children[0]["_label"][-1]
            node["letters"] = letters if letters != LETTER_STYLES[0] else True
        if italic and numbering.level < 4:
            node["italic"] = True
        content = node.pop("content")
        node["content"] = content
        _number(children, numbering.child(node.get("number", auto), letters))
