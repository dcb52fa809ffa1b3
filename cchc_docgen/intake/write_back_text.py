"""A paragraph read from Word as report-file text, and an edit of it mapped onto the text typed in the file.

Both sides become words with their formatting (`Token`): what the file's text prints (its references
`{{ … }}` resolved, each word of a printed value remembering its reference) and what the document
shows. The words are compared as `diff` compares them; the file's text is then written again from
the words kept and the words the document adds, so a reference stays a reference wherever the words
around it changed, and an edit that touches a printed value is refused (`Touched`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import msgspec

from ..cycle.word_diff import opcodes
from ..report.refs import NOTE_MARK, Reference, find_references, footnotes_of, inline_runs
from .docx_model import Span
from .markup import escape, escape_note, without_zero_width

__all__ = ["Edit", "FileText", "Token", "Touched", "document_tokens", "file_tokens", "map_edit", "nfc", "written"]

#: A word, a number with its separators or one punctuation mark (as `cycle/word_diff.py` splits text),
#: and the spaces after it.
_WORD = re.compile(r"(\d+(?:[.,]\d+)*|\w+|[^\w\s])(\s*)")
#: Private-use characters standing for the references of a text while its marks are read.
_SENTINEL = 0xF0000


class Token(msgspec.Struct):
    """One printed word (or a footnote mark), its formatting and the spaces after it."""

    word: str
    tail: str = ""
    bold: bool = False
    italic: bool = False
    ref: int | None = None  # which reference of the file's text printed it
    note: str | None = None  # a footnote mark: the footnote's text as typed (`word`: as printed)
    note_refs: tuple[int, ...] = ()  # the references a footnote's text holds

    @property
    def key(self) -> tuple[str, bool, bool]:
        if self.note is not None:
            return "^[" + " ".join(self.word.split()) + "]", False, False
        return self.word, self.bold, self.italic


class Touched(msgspec.Struct, frozen=True):
    """An edit that changes words a reference prints: the reference and the printed words."""

    reference: str  # as typed: {{ pl["I.1"] }}
    printed: str
    typed: str = ""  # what the document has instead ("" when the words were deleted)
    row_id: str | None = None  # the indicator it prints; None: a value of the period ({{ ky.… }})


class Edit(msgspec.Struct, frozen=True):
    """The file's text rewritten for the document's words, or the references the edit touches."""

    text: str
    touched: tuple[Touched, ...] = ()


def _words(text: str, bold: bool, italic: bool, out: list[Token], ref: int | None = None) -> None:
    lead = len(text) - len(text.lstrip())
    if lead and out:
        out[-1].tail += text[:lead]
    for match in _WORD.finditer(text, lead):
        out.append(Token(match.group(1), match.group(2), bold, italic, ref))


def nfc(text: str) -> str:
    """Text as the report file has it: Vietnamese letters composed (NFC). Some editors save a letter
    and its tone marks as separate characters (NFD), which would otherwise differ in every word."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _unmarked(note: str) -> str:
    return "".join(run.text for run in inline_runs(note))


class FileText(msgspec.Struct, frozen=True):
    """A text of the report file as it prints: its words, its references and what each prints."""

    raw: str
    tokens: list[Token]
    references: list[Reference]
    printed: list[str]
    cell: bool = False

    def edit(self, new: Sequence[Token]) -> Edit | None:
        """This text rewritten to print `new` (see `map_edit`)."""
        return map_edit(self.tokens, new, self.raw, self.references, self.printed, self.cell)


def file_tokens(raw: str, resolve: Callable[[str], str], footnote: str | None = None, cell: bool = False) -> FileText:
    """The words `raw` (a text of the report file) prints; `resolve` prints one reference. A table
    cell (`cell`) has neither references nor footnotes: it prints "{{" and "^[" as typed."""
    references = [] if cell else find_references(raw)
    printed = [resolve(raw[ref.start : ref.end]) for ref in references]
    parts, pos = [], 0
    for index, ref in enumerate(references):
        parts += [raw[pos : ref.start], chr(_SENTINEL + index)]
        pos = ref.end
    text = "".join([*parts, raw[pos:]])
    notes: tuple[str, ...] = ()
    if not cell and "^[" in text:
        text, notes = footnotes_of(text)
    if footnote is not None:
        text, notes = text + NOTE_MARK, (*notes, footnote)
    pending = iter(notes)
    tokens: list[Token] = []
    for run in inline_runs(text):
        for piece in re.split(f"([{NOTE_MARK}\U000f0000-\U000f0fff])", run.text):
            if piece == NOTE_MARK:
                note = next(pending, "")
                held = tuple(i for i in range(len(references)) if chr(_SENTINEL + i) in note)
                restored = _restored(note, raw, references, lambda typed: typed)
                shown = _unmarked(_restored(note, raw, references, resolve))
                tokens.append(Token(shown, note=restored, note_refs=held))
            elif len(piece) == 1 and ord(piece) >= _SENTINEL:
                index = ord(piece) - _SENTINEL
                _words(printed[index], run.bold, run.italic, tokens, index)
            elif piece:
                _words(piece, run.bold, run.italic, tokens)
    return FileText(raw, tokens, references, printed, cell)


def _restored(note: str, raw: str, references: Sequence[Reference], shown: Callable[[str], str]) -> str:
    """A footnote's text with each of its references as `shown` gives it (as typed, or printed)."""
    for index, ref in enumerate(references):
        note = note.replace(chr(_SENTINEL + index), shown(raw[ref.start : ref.end]))
    return note


def document_tokens(spans: Sequence[Span], bold: bool = False, italic: bool = False, skip: int = 0) -> list[Token]:
    """The words of a paragraph read from Word; `bold`/`italic` is what its style gives every word (a
    heading, a table's header), not written as marks; the first `skip` characters are left out (a
    heading's number, a list item's label)."""
    tokens: list[Token] = []
    for span in spans:
        if span.note is not None:
            note = nfc(span.note)
            tokens.append(Token(note, note=escape_note(note)))
            continue
        text = nfc(span.text)
        if skip:
            cut = min(skip, len(text))
            text, skip = text[cut:], skip - cut
        # A soft hyphen (Ctrl+-) prints nothing mid-line: no edit of the word it sits in, as on import.
        text = without_zero_width(text)
        _words(text.replace("\t", " "), span.bold and not bold, span.italic and not italic, tokens)
    return tokens


def map_edit(
    old: Sequence[Token],
    new: Sequence[Token],
    raw: str,
    references: Sequence[Reference],
    printed: Sequence[str] = (),
    cell: bool = False,
) -> Edit | None:
    """`raw` rewritten so that it prints `new` instead of `old`; None when both print the same words.

    Words kept keep their reference; words changed, added or removed inside what a reference
    prints are refused (`Edit.touched`); `printed` holds what each reference prints."""
    if [t.key for t in old] == [t.key for t in new]:
        return None
    touched: set[int] = set()
    out: list[Token] = []
    spans: list[tuple[int, int]] = []  # for each old word: the new words in its place
    for op, i1, i2, j1, j2 in opcodes([t.key for t in old], [t.key for t in new]):
        if op == "equal":  # the words kept, with the spaces the document has after them
            out += [msgspec.structs.replace(t, tail=n.tail) for t, n in zip(old[i1:i2], new[j1:j2], strict=True)]
            spans += [(j1 + k, j1 + k + 1) for k in range(i2 - i1)]
            continue
        spans += [(j1, j2)] * (i2 - i1)
        touched.update(t.ref for t in old[i1:i2] if t.ref is not None)
        touched.update(ref for t in old[i1:i2] for ref in t.note_refs)
        before = old[i1 - 1].ref if 0 < i1 < len(old) else None
        if before is not None and before == old[i1].ref:
            touched.add(before)  # words put in the middle of a printed value
        out += new[j1:j2]
    if touched:
        found = []
        for ref in sorted(touched):
            at = [i for i, t in enumerate(old) if t.ref == ref or ref in t.note_refs]
            instead = new[spans[at[0]][0] : spans[at[-1]][1]]
            typed = "".join(t.word + t.tail for t in instead if t.note is None).strip()
            reference = references[ref]
            found.append(Touched(raw[reference.start : reference.end], printed[ref], typed, reference.row_id))
        return Edit(raw, tuple(found))
    return Edit(written(out, raw, references, cell))


def written(tokens: Sequence[Token], raw: str = "", references: Sequence[Reference] = (), cell: bool = False) -> str:
    """The report file's text of `tokens`: runs of one formatting marked `**…**`, `*…*` or `***…***`,
    footnotes `^[…]`, each reference as typed in `raw`, literal stars and Jinja delimiters escaped."""
    pieces: list[tuple[str, bool, bool]] = []  # text, bold, italic
    literal: list[str] = []

    def flush(bold: bool, italic: bool) -> None:
        if literal:
            pieces.append((escape("".join(literal), cell), bold, italic))
            literal.clear()

    for index, token in enumerate(tokens):
        if token.note is None and token.ref is None:
            if index and tokens[index - 1].key[1:] != token.key[1:]:
                flush(*tokens[index - 1].key[1:])
            literal.append(token.word + token.tail)
            continue
        if index:
            flush(*tokens[index - 1].key[1:])
        if token.note is not None:
            pieces.append(("^[" + token.note + "]" + token.tail, False, False))
            continue
        assert token.ref is not None
        text = ""
        if not index or tokens[index - 1].ref != token.ref:
            ref = references[token.ref]
            text = raw[ref.start : ref.end]
        last = index + 1 == len(tokens) or tokens[index + 1].ref != token.ref
        pieces.append((text + (token.tail if last else ""), token.bold, token.italic))
    if tokens:
        flush(*tokens[-1].key[1:])
    out: list[str] = []
    at = 0
    while at < len(pieces):
        end = at
        while end < len(pieces) and pieces[end][1:] == pieces[at][1:]:
            end += 1
        text = "".join(p[0] for p in pieces[at:end])
        bold, italic = pieces[at][1:]
        mark = "***" if bold and italic else "**" if bold else "*" if italic else ""
        body = text.rstrip()
        out.append(f"{mark}{body}{mark}{text[len(body) :]}" if mark and body else text)
        at = end
    return "".join(out).strip()
