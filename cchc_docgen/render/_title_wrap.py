"""Where a centred title breaks: as a reader would, not wherever Word's line happens to fill up.

A title longer than a line ("Kết quả thực hiện công tác cải cách hành chính quý I năm 2021") is
wrapped by Word word by word, which can leave "2021" alone on the second line or part "quý" from
"I". Here the breaks are chosen by measuring the text (Times New Roman metrics, core/text_metrics.py):
no break inside "năm 2021", "quý I", "tháng 3", "ngày 16", "số 85/BC-UBND" or between a number
and its unit ("6 tháng", "86,96 %"); few lines, as even as possible; a break before "và", "của",
"tại" … or after a comma preferred; a line ending in such a word, a word of two syllables parted
("HÀNH / CHÍNH"), a name parted from "tỉnh" or a last line of a word or two avoided, at the cost of
one more line if need be.

The title keeps its text: the chosen lines are obtained by narrowing the centred paragraph
(equal left and right indents) to a width at which Word's own wrapping breaks exactly there, with
room to spare on both sides for small differences in measurement.
"""

from __future__ import annotations

import functools
import itertools
import math
import re

from docx.shared import Pt
from docx.text.paragraph import Paragraph

from ..core.text_metrics import tenths_to_pt, text_width_pt, word_tenths

__all__ = ["TitleWrap", "break_cost", "even_lines", "printed_line_widths_pt", "title_wrap", "wrap_title"]

#: Words a number after them belongs to: "năm 2021", "tháng 3", "ngày 16", "số 85/BC-UBND".
_BEFORE_NUMBER = frozenset({"năm", "tháng", "ngày", "số", "số:", "quý", "khóa", "giai"})
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3}|IX|X{1,3})[.,;:)]?$", re.IGNORECASE)
_NUMBER = re.compile(r"^[(]?\d")
#: Words a name follows: "tỉnh Sóc Trăng", "huyện Cù Lao Dung" are not parted.
_BEFORE_NAME = frozenset({"tỉnh", "huyện", "xã", "phường", "quận", "phố", "trấn", "khu"})
#: Words a line should not end with and that make a good start of the next one.
_JOINING = frozenset(
    {"và", "của", "tại", "trên", "về", "với", "theo", "đến", "cho", "trong", "thuộc", "đối", "nhằm", "để", "hoặc"}
)
#: Words of two or three syllables common in these titles and in agency names: a Vietnamese line
#: may break between any syllables, but a reader breaks between words ("CÔNG TÁC", "TÀI NGUYÊN").
#: Place names are known by the word before them ("tỉnh Sóc Trăng", "XÃ ĐƯNG K'NỚ": `_in_names`),
#: and in a sentence-case title by their capitals; no list of places is kept.
_WORD_LIST = (
    "công tác|kết quả|thực hiện|tình hình|phương hướng|nhiệm vụ|số liệu|thống kê|báo cáo|định kỳ|địa bàn|"
    "ủy ban|nhân dân|hội đồng|tài nguyên|môi trường|thông tin|truyền thông|nội vụ|tư pháp|tài chính|kế hoạch|"
    "đầu tư|giáo dục|đào tạo|y tế|văn hóa|thể thao|du lịch|lao động|thương binh|xã hội|nông nghiệp|phát triển|"
    "nông thôn|giao thông|vận tải|xây dựng|công thương|khoa học|công nghệ|dân tộc|thanh tra|quản lý|"
    "công nghiệp|kinh tế|hạ tầng|chính phủ|chính quyền|điện tử|chuyển đổi|chỉ thị|thủ tướng|chủ tịch|"
    "văn phòng|tỉnh ủy|thành phố|thị xã|thị trấn|đặc khu|sở ngành|đơn vị|cơ quan|kèm theo|ban hành|đầu năm|"
    "cuối năm|tháng đầu|tháng cuối|thủ tục|công vụ|công chức|viên chức|bộ máy|thể chế|cải cách|hành chính|"
    "triển khai|chỉ đạo|điều hành|kiểm tra|kiểm soát|tổ chức|cán bộ|đánh giá|giải quyết|trực tuyến|dịch vụ|"
    "hiện đại|tuyên truyền|phổ biến|pháp luật|văn bản|quy phạm|chương trình|hướng dẫn|tiếp nhận|hồ sơ|"
    "người dân|doanh nghiệp|chất lượng|hiệu quả|hoạt động|nâng cao|sáng kiến|khen thưởng|thi đua"
)
#: Terms of several words a reader keeps on one line when possible ("cải cách | hành chính").
_TERM_LIST = "cải cách hành chính|thủ tục hành chính|ủy ban nhân dân|hội đồng nhân dân|ban quản lý|khu công nghiệp"


def _pairs(phrases: str) -> frozenset[str]:
    """Each two successive syllables of the "|"-separated `phrases`, as "a b"."""
    return frozenset(" ".join(pair) for phrase in phrases.split("|") for pair in itertools.pairwise(phrase.split(" ")))


_WORDS = _pairs(_WORD_LIST)
_TERMS = _pairs(_TERM_LIST) - _WORDS

# What a wrap costs, in shares of the room: its widest line, plus LINE_COST a line, less
# GOOD_BREAK for each break at a good place, plus the cost of each bad one. A good break is worth
# a widest line 15 % of the room wider than the most even; parting a word is worse than one more
# line and a line ending in "và" together; a line ending in "và" or "tỉnh" is less bad, parting a
# term ("cải cách | hành chính") least.
_LINE_COST = 1.0
_GOOD_BREAK = 0.15
_WORD_BREAK = 2.0
_LOOSE_END = 0.5
_TERM_BREAK = 0.3
#: A last line shorter than this share of the widest ("SÓC TRĂNG" alone) costs WIDOW more.
_WIDOW_SHARE = 0.3
_WIDOW = 0.3
#: Margin kept on each side of the chosen width, as a share of the room: the title still breaks
#: where chosen if Word measures a line that much wider or narrower.
_TOLERANCE_SHARE = 0.008
#: Titles of more words than this are left to Word (no title comes close).
_MOST_WORDS = 80


class TitleWrap:
    """The lines chosen for a title and the width that makes Word break there."""

    __slots__ = ("lines", "width_pt")

    def __init__(self, lines: tuple[str, ...], width_pt: float) -> None:
        self.lines = lines
        self.width_pt = width_pt

    def __repr__(self) -> str:
        return f"TitleWrap({self.lines!r}, {self.width_pt:.1f})"


def _plain(word: str) -> str:
    return word.strip("()[]“”\"'").lower()


def _glued(before: str, after: str, number_before: bool) -> bool:
    """Whether the space between `before` and `after` must not break a line."""
    head, tail = _plain(before), _plain(after)
    if head in _BEFORE_NUMBER and (_NUMBER.match(after) or (head == "quý" and _ROMAN.match(after))):
        return True
    # A quantity and its unit ("6 tháng", "02 Chi cục", "86,96 %"), unless the number is a year or
    # a day that already belongs to the word before it ("năm 2021 và …").
    return bool(_NUMBER.match(before)) and not number_before and tail not in _JOINING and not after.startswith("(")


def _good_break(before: str, after: str) -> bool:
    return before.endswith((",", ";", ":")) or _plain(after) in _JOINING


def _break_cost(before: str, after: str, mixed_case: bool) -> float:
    """What breaking between `before` and `after` costs: nothing, or parting a word or a name
    ("HÀNH | CHÍNH", "quý I | năm 2023", "Sóc | Trăng"), a line ending in "và" or "tỉnh", or
    parting a term ("cải cách | hành chính")."""
    head, tail = _plain(before), _plain(after)
    pair = f"{head} {tail}"
    if pair in _WORDS or (tail == "năm" and _ROMAN.match(before)):
        return _WORD_BREAK
    if mixed_case and before[:1].isupper() and after[:1].isupper() and not before.endswith((",", ";", ":")):
        return _WORD_BREAK
    if head in _JOINING or (head in _BEFORE_NAME and tail not in _JOINING):  # not "UBND tỉnh | của Sở"
        return _LOOSE_END
    return _TERM_BREAK if pair in _TERMS else 0.0


def _in_names(words: list[str]) -> frozenset[int]:
    """Indices i where a break before words[i] would part a place name: the words after "tỉnh",
    "huyện", "xã", "phường" … up to a joining word or punctuation ("XÃ ĐƯNG | K'NỚ" is a parted name)."""
    inside = set()
    naming = False
    for index, word in enumerate(words):
        plain = _plain(word)
        ends_name = plain in _JOINING or plain in _BEFORE_NAME or plain in _BEFORE_NUMBER or bool(_NUMBER.match(word))
        if naming and index > 0 and not ends_name:
            if _plain(words[index - 1]) not in _BEFORE_NAME:
                inside.add(index)
        else:
            naming = False
        if plain in _BEFORE_NAME:
            naming = True
        elif word.endswith((",", ";", ":", ")")):
            naming = False
    return frozenset(inside)


def break_cost(before: str, after: str, mixed_case: bool) -> float:
    """What a line break between the words `before` and `after` costs, in shares of the room:
    less than nothing before "và" or after a comma, more inside a word, a name or a term."""
    return _break_cost(before, after, mixed_case) - _GOOD_BREAK * _good_break(before, after)


def _lines(words: list[str], breaks: tuple[int, ...]) -> tuple[str, ...]:
    starts = (0, *breaks)
    ends = (*breaks, len(words))
    return tuple(" ".join(words[a:b]) for a, b in zip(starts, ends, strict=True))


def _greedy(widths: list[int], space: int, limit: int) -> tuple[int, ...] | None:
    """Word's wrapping at `limit` (tenths): where each line after the first starts; None when a
    single word is wider than the line."""
    breaks = []
    line = -1
    for index, width in enumerate(widths):
        if width > limit:
            return None
        if line < 0:
            line = width
        elif line + space + width <= limit:
            line += space + width
        else:
            breaks.append(index)
            line = width
    return tuple(breaks)


def printed_line_widths_pt(text: str, width_pt: float, size_pt: float, bold: bool) -> list[float]:
    """The width of each line `text` prints as in a paragraph `width_pt` wide (Word's wrapping, a
    word wider than the line on a line of its own; "\n" a line break)."""
    space = word_tenths(" ", bold)
    limit = math.floor(width_pt / tenths_to_pt(1, size_pt))
    widths: list[float] = []
    for piece in text.split("\n"):
        line = -1
        for word in piece.split(" "):
            width = word_tenths(word, bold)
            if line >= 0 and line + space + width <= limit:
                line += space + width
                continue
            if line >= 0:
                widths.append(tenths_to_pt(line, size_pt))
            line = width
        widths.append(tenths_to_pt(max(line, 0), size_pt))
    return widths


@functools.lru_cache(maxsize=1024)
def title_wrap(text: str, room_pt: float, size_pt: float, bold: bool) -> TitleWrap | None:
    """The lines `text` (one paragraph, centred) should print as in `room_pt`, and the width to
    narrow the paragraph to; None when it fits on one line or no better wrap can be found."""
    if "\n" in text or "\t" in text:
        return None  # broken by hand: as typed
    words = text.split(" ")
    if len(words) < 2 or len(words) > _MOST_WORDS or not all(words):
        return None
    widths = [word_tenths(word, bold) for word in words]
    space = word_tenths(" ", bold)
    scale = tenths_to_pt(1, size_pt)  # points per tenth
    room = room_pt / scale
    if sum(widths) + space * (len(words) - 1) <= room:
        return None  # one line
    tolerance = _TOLERANCE_SHARE * room
    mixed_case = text != text.upper()
    numbers = [bool(_NUMBER.match(w)) and i > 0 and _plain(words[i - 1]) in _BEFORE_NUMBER for i, w in enumerate(words)]
    glued = {i + 1 for i in range(len(words) - 1) if _glued(words[i], words[i + 1], numbers[i])}
    names = _in_names(words)
    # Every width at which Word's wrapping can change: the width of each run of words.
    starts = [0]
    for width in widths:
        starts.append(starts[-1] + width + space)
    spans = sorted(
        {starts[j] - starts[i] - space for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {0},
    )
    best: tuple[float, tuple[int, ...], float] | None = None  # cost, breaks, width
    for limit in spans:
        if limit > room:
            break
        breaks = _greedy(widths, space, limit)
        if breaks is None or glued.intersection(breaks):
            continue
        ends = (*breaks, len(words))
        line_widths = [starts[b] - starts[a] - space for a, b in zip((0, *breaks), ends, strict=True)]
        low = max(line_widths)  # the narrowest width that holds every line …
        high = min(  # … and the widest at which no line takes the next word
            (line_widths[n] + space + widths[b] for n, b in enumerate(breaks)), default=room + 2 * tolerance
        )
        if high - low < 2 * tolerance or low + tolerance > room:
            continue  # Word, measuring a little differently, could break elsewhere
        breaking = sum(break_cost(words[b - 1], words[b], mixed_case) + _WORD_BREAK * (b in names) for b in breaks)
        widow = line_widths[-1] < _WIDOW_SHARE * low
        cost = low / room + _LINE_COST * len(ends) + breaking + _WIDOW * widow
        if best is None or cost < best[0]:
            best = (cost, breaks, min((low + high) / 2, room))
    if best is None:
        return None
    _, breaks, chosen = best
    return TitleWrap(_lines(words, breaks), chosen * scale)


def even_lines(text: str, room_pt: float, size_pt: float, bold: bool, most: int = 3) -> list[str] | None:
    """`text` as the fewest lines, from two up to `most`, of which none is wider than `room_pt`: as
    even as possible and broken where a reader would (`break_cost`), so that Word never wraps one
    of them again and leaves a word alone ("BAN QUẢN LÝ CÁC KHU CHẾ XUẤT VÀ CÔNG NGHIỆP / THÀNH PHỐ"
    on three even lines, not two of which the first wraps). When no count fits (a word wider than
    the room), the `most` lines; None for a single word."""
    words = text.split(" ")
    if len(words) < 2:
        return None
    mixed_case = text != text.upper()
    names = _in_names(words)

    def line_pt(start: int, end: int) -> float:
        return text_width_pt(" ".join(words[start:end]), size_pt, bold)

    def measured(breaks: tuple[int, ...]) -> tuple[float, float]:
        """(cost, widest line) of breaking before each word of `breaks`."""
        bounds = (0, *breaks, len(words))
        widest = max(line_pt(start, end) for start, end in itertools.pairwise(bounds))
        breaking = sum(break_cost(words[b - 1], words[b], mixed_case) + _WORD_BREAK * (b in names) for b in breaks)
        return widest / room_pt + breaking, widest

    chosen: tuple[int, ...] = ()
    for count in range(2, min(most, len(words)) + 1):
        splits = [(*measured(breaks), breaks) for breaks in itertools.combinations(range(1, len(words)), count - 1)]
        fitting = [split for split in splits if split[1] <= room_pt]
        chosen = min(fitting or splits)[2]
        if fitting:
            break
    bounds = (0, *chosen, len(words))
    return [" ".join(words[start:end]) for start, end in itertools.pairwise(bounds)]


def wrap_title(paragraph: Paragraph, text: str, room_pt: float, size_pt: float, bold: bool) -> TitleWrap | None:
    """Narrow the centred `paragraph` (equal indents added left and right) so `text` breaks as
    `title_wrap` chooses; return the chosen wrap (None: the paragraph is left as it was)."""
    wrap = title_wrap(text, room_pt, size_pt, bold)
    if wrap is None:
        return None
    inset = Pt((room_pt - wrap.width_pt) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Pt(inset.pt + (fmt.left_indent.pt if fmt.left_indent is not None else 0))
    fmt.right_indent = Pt(inset.pt + (fmt.right_indent.pt if fmt.right_indent is not None else 0))
    return wrap
