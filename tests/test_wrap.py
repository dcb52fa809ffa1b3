"""Word wrap and note splitting of the Phụ lục agree with the plain, slow way of doing them.

The plain way measures every candidate line afresh and adds words one at a time; the tool carries
line widths along and finds where a note splits by halving. Both must give the same answers.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_docgen.core.text_metrics import most_tenths, tenths_to_pt, text_width_pt
from cchc_docgen.render._appendix_layout import split_note, wrapped_lines

WORDS = ["", "a", "Ơ", "ườ", "thủ tục", "hành", "chính", "https://dichvucong.soctrang.gov.vn/" + "x" * 60, "ĐBSCL", "–"]
texts = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join) | st.lists(
    st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), max_size=6
).map("\n".join)


def plain_wrapped_lines(text: str, width_pt: float, size_pt: float, bold: bool = False) -> int:
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width_pt(candidate, size_pt, bold) > width_pt:
                count += 1
                line = word
            else:
                line = candidate
            wide = text_width_pt(line, size_pt, bold)
            if wide > width_pt:
                count += int(wide // width_pt)
                line = ""
    return count


def plain_split_note(note: str, fits: Callable[[str], bool]) -> list[tuple[str, str]]:
    if fits(note):
        return [("", note)]
    pieces: list[tuple[str, str]] = []
    for index, paragraph in enumerate(note.split("\n")):
        separator = "\n" if index else ""
        current: list[str] = []
        for word in paragraph.split(" "):
            if current and not fits(" ".join([*current, word])):
                pieces.append((separator, " ".join(current)))
                separator, current = " ", [word]
            else:
                current.append(word)
        pieces.append((separator, " ".join(current)))
    chunks: list[tuple[str, str]] = []
    for separator, text in pieces:
        if chunks and fits(chunks[-1][1] + separator + text):
            chunks[-1] = (chunks[-1][0], chunks[-1][1] + separator + text)
        else:
            chunks.append((separator if chunks else "", text))
    return chunks


@settings(max_examples=300, deadline=None)
@given(text=texts, width=st.floats(20, 400), size=st.sampled_from([12, 13, 14]), bold=st.booleans())
def test_wrapped_lines_is_the_plain_greedy_wrap(text: str, width: float, size: int, bold: bool) -> None:
    lines = plain_wrapped_lines(text, width, size, bold)
    assert wrapped_lines(text, width, size, bold) == lines
    for most in (1, 3, 10):  # counting may stop past `most`: the same answer to "does it fit?"
        stopped = wrapped_lines(text, width, size, bold, most)
        assert stopped == lines if lines <= most else stopped > most


@settings(max_examples=200, deadline=None)
@given(note=texts, width=st.floats(40, 200), most=st.integers(1, 8))
def test_split_note_is_the_plain_word_by_word_split(note: str, width: float, most: int) -> None:
    def fits(text: str) -> bool:
        return wrapped_lines(text, width, 12) <= most

    chunks = split_note(note, fits)
    assert chunks == plain_split_note(note, fits)
    assert "".join(separator + text for separator, text in chunks) == note


def test_text_width_is_the_sum_of_its_letters() -> None:
    assert text_width_pt("", 12) == 0
    assert text_width_pt("ab", 12) == text_width_pt("a", 12) + text_width_pt("b", 12)
    assert text_width_pt("ơ", 12) > text_width_pt("o", 12)  # the horn
    assert text_width_pt("Đ", 14, bold=True) == text_width_pt("D", 14, bold=True)


@settings(max_examples=300, deadline=None)
@given(tenths=st.integers(0, 10**7), size=st.sampled_from([11, 12, 13, 14, 10.5]), nudge=st.sampled_from([-1, 0, 1]))
def test_most_tenths_decides_as_points_do(tenths: int, size: float, nudge: int) -> None:
    # Widths exactly at a line's width (the ties) and one float step either side.
    width = math.nextafter(tenths_to_pt(tenths, size), math.inf * nudge) if nudge else tenths_to_pt(tenths, size)
    limit = most_tenths(width, size)
    for near in (limit - 1, limit, limit + 1, tenths - 1, tenths, tenths + 1):
        assert (near > limit) == (tenths_to_pt(near, size) > width)
