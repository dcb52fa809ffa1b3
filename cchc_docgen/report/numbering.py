"""How the narrative's headings are numbered: I. / 1. / 1.1. / a), or as the report writes them.

Headings are numbered in order; a number written in the report (`number: "IV."`, `"1.1"`, `"c."`)
is printed as written and the headings after it continue from it ("V.", "1.2", "d."), in its style:
with or without the final dot, "a)" or "a.".
"""

from __future__ import annotations

import re

import msgspec

from ..core.vnformat import roman

__all__ = ["LETTER_STYLES", "Numbering"]

#: How lettered headings end: "a)" (the usual form) or "a.".
LETTER_STYLES = ("a)", "a.")
_ROMAN_LETTERS = "IVXLC"
#: Digits of a written number the headings after it continue from; a longer one is printed as
#: written and the count goes on as before (converting thousands of digits is slow, then refused).
_MOST_DIGITS = 9
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _split_written(text: str) -> tuple[str, str, str] | None:
    """A written number as (head, value, tail): "1.2." → ("1.", "2", "."), "IV" → ("", "IV", ""),
    "c)" → ("", "c", ")"); None when it does not end in one. The value is the last run of Roman
    letters or of digits, or a last lower-case letter. One backward scan: linear in the text (the
    regular expression it replaces backtracked quadratically on a long run of Roman letters)."""
    if "\n" in text:
        return None
    tail = text[-1] if text[-1:] in (".", ")") else ""
    body = text[: len(text) - len(tail)]
    last = body[-1:]
    if not last:
        return None
    if "a" <= last <= "z":
        return body[:-1], last, tail
    same = (lambda c: c in _ROMAN_LETTERS) if last in _ROMAN_LETTERS else str.isdecimal
    if not same(last):
        return None
    start = len(body) - 1
    while start and same(body[start - 1]):
        start -= 1
    return body[:start], body[start:], tail


def _from_roman(text: str) -> int:
    values = [_ROMAN_VALUES[char] for char in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


class Numbering(msgspec.Struct):
    """The numbering of one run of sibling headings, as it goes."""

    level: int  # 1 for I., 2 for 1., 3 for 1.1., …
    prefix: str = ""  # the parent's number as the start of its children's ("1.1.")
    letters: str = ""  # "" or one of LETTER_STYLES
    dot: bool = True  # "1.1." or, as some reports write it, "1.1"
    counter: int = 0

    def next(self) -> str:
        """The number of the next numbered heading."""
        self.counter += 1
        if self.level == 1:
            return f"{roman(self.counter)}."
        if self.letters:
            return f"{chr(ord('a') + self.counter - 1)}{self.letters[1]}"
        return f"{self.prefix}{self.counter}{'.' if self.dot else ''}"

    def follow(self, written: str) -> None:
        """Continue after a number written in the report: "IV." → "V.", "1.1" → "1.2", "c." → "d."."""
        split = _split_written(written.strip())
        if split is None:
            return
        head, value, tail = split
        if self.level == 1 and value.isupper():
            self.counter = _from_roman(value)
        elif value.isdecimal() and len(value) <= _MOST_DIGITS:
            self.counter, self.dot = int(value), tail == "."
            self.prefix, self.letters = head, ""
        elif len(value) == 1 and value.islower() and not head:
            self.counter, self.letters = ord(value) - ord("a") + 1, f"a{tail or ')'}"

    def child(self, number: str, letters: str) -> Numbering:
        """The numbering of the headings under the heading numbered `number`."""
        if self.level == 1:
            prefix = ""
        elif re.fullmatch(r"[\d.]*\d", number):
            prefix = f"{number}."  # "1.1" written without its dot: children are "1.1.1"
        else:
            prefix = number
        return Numbering(self.level + 1, prefix, letters, dot=self.dot if self.level >= 2 else True)
