"""Titles break where a reader would: the trích yếu of the BÁO CÁO, the Phụ lục title and its
"(Kèm theo …)" line never leave "2023" alone, never part "quý" from "I", "tỉnh" from "Sóc Trăng" or
a word's syllables ("HÀNH / CHÍNH"), and a two-line title has even lines.

The documents keep each title's text; the paragraph is narrowed so Word wraps it at the chosen
places. The lines are worked out here by a plain word-by-word wrap at the paragraph's width, for
titles of every period kind and agency names short and long, and read back from the PDF pages
LibreOffice prints.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length
from docx.text.paragraph import Paragraph

from cchc_docgen.cli import main
from cchc_docgen.core.text_metrics import text_width_pt
from cchc_docgen.render._title_wrap import title_wrap

from .conftest import ONE_VALUE_APPENDIX, pdf_text, soffice_to_pdf

#: A4 portrait less the 30 + 15 mm margins, in points.
ROOM_PT = (210 - 45) / 25.4 * 72
PERIODS = ("2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2023-6T", "2023-9T", "2023-NAM")
#: (name printed in the header, full name) from short to long.
AGENCIES = (
    ("SỞ Y TẾ", "Sở Y tế tỉnh Sóc Trăng"),
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng"),
    ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "Ban Quản lý các khu công nghiệp tỉnh Sóc Trăng"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng"),
)
#: Subjects typed by hand: the issue's own ("… quý I năm 2023" whose year Word put alone on line
#: two) and one naming the agency.
TYPED_SUBJECTS = (
    "Tình hình, kết quả thực hiện công tác cải cách hành chính của Sở Y tế quý I năm 2023",
    "Báo cáo kết quả thực hiện công tác cải cách hành chính tại Sở Y tế quý I năm 2023",
    "Tình hình, kết quả thực hiện cải cách hành chính năm 2023 và kết quả thực hiện các Chỉ thị của "
    "Thủ tướng Chính phủ, Chủ tịch UBND tỉnh của Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng",
)

#: A word a line must not end with when the next line starts with its number ("năm | 2023").
BEFORE_NUMBER = {"năm", "quý", "tháng", "ngày", "số"}
ROMAN = re.compile(r"^(I|II|III|IV)$")
#: Words of two syllables a line must not part.
WORDS = {
    "công tác",
    "cải cách",
    "hành chính",
    "kết quả",
    "thực hiện",
    "tài nguyên",
    "môi trường",
    "sóc trăng",
    "định kỳ",
}


def report_yaml(period: str, agency: tuple[str, str], subject: str | None = None, number: int | None = 5) -> str:
    name, full_name = agency
    year = int(period[:4])
    lines = [
        "agency:",
        '  parent: "UBND TỈNH SÓC TRĂNG"',
        f'  name: "{name}"',
        f'  full_name: "{full_name}"',
        '  place: "Sóc Trăng"',
        f"period: {period}",
        "document:",
        f"  number: {number}" if number is not None else "  draft: true",
        '  symbol: "BC-SYT"',
        f"  date: {dt.date(year + 1, 1, 5).isoformat()}",
        '  recipients: ["Sở Nội vụ tỉnh Sóc Trăng"]',
    ]
    if subject is not None:
        lines.append(f'  subject: "{subject}"')
    lines += [
        "narrative:",
        '  - title: "Kết quả"',
        '    content: ["Đã thực hiện."]',
        "signature:",
        '  authority: "GIÁM ĐỐC"',
        '  name: "Nguyễn Văn A"',
        '  distribution: ["Như trên", "Lưu: VT, VP"]',
        ONE_VALUE_APPENDIX,
    ]
    return "\n".join(lines) + "\n"


def plain_wrap(text: str, width_pt: float, size_pt: float, bold: bool) -> list[str]:
    """Word wrap one word at a time, measuring each candidate line afresh."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and text_width_pt(candidate, size_pt, bold) > width_pt:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def reader_problems(lines: list[str]) -> list[str]:
    """Where `lines` break as a reader would not."""
    problems = []
    for first, second in itertools.pairwise(lines):
        last, head = first.split(" ")[-1], second.split(" ")[0]
        pair = f"{last} {head}".lower()
        if last.lower() in BEFORE_NUMBER and (head[:1].isdigit() or ROMAN.match(head)):
            problems.append(f"'{last} | {head}'")
        if pair in WORDS:
            problems.append(f"word parted: '{last} | {head}'")
    if len(lines) > 1 and re.fullmatch(r"[\d\s.,)]+|\S+", lines[-1]):
        problems.append(f"last line alone: '{lines[-1]}'")
    return problems


@dataclass
class Printed:
    """A title paragraph as the document holds it."""

    text: str
    width_pt: float  # the room less the paragraph's indents
    size_pt: float
    bold: bool

    @property
    def lines(self) -> list[str]:
        return plain_wrap(self.text, self.width_pt, self.size_pt, self.bold)


def printed(paragraph: Paragraph, size_pt: float, bold: bool) -> Printed:
    fmt = paragraph.paragraph_format
    indents = sum(Length(i).pt for i in (fmt.left_indent, fmt.right_indent) if i is not None)
    assert fmt.left_indent == fmt.right_indent  # narrowed on both sides: still centred
    return Printed(paragraph.text, ROOM_PT - indents, size_pt, bold)


def subject_of(document: Document) -> Paragraph:
    body = [p.text for p in document.paragraphs]
    return document.paragraphs[body.index("BÁO CÁO") + 1]


def appendix_titles(document: Document) -> list[Paragraph]:
    """The Phụ lục title and its "(Kèm theo …)" line."""
    return document.paragraphs[1:3]


def rule_pt(paragraph: Paragraph) -> float:
    """The length of the drawn rule in the paragraph after `paragraph`."""
    rule = paragraph._p.getnext()
    extent = rule.find(".//" + qn("wp:extent"))
    return float(Length(int(extent.get("cx"))).pt)


# --- the choice of lines -----------------------------------------------------------------------


def test_the_issue_title_no_longer_leaves_the_year_alone() -> None:
    title = TYPED_SUBJECTS[0]
    assert plain_wrap(title, ROOM_PT, 14, True)[-1] == "năm 2023"  # Word's own wrap: "năm 2023" alone
    wrap = title_wrap(title, ROOM_PT, 14, True)
    assert wrap is not None
    assert wrap.lines == ("Tình hình, kết quả thực hiện công tác cải cách hành chính", "của Sở Y tế quý I năm 2023")
    assert plain_wrap(title, wrap.width_pt, 14, True) == list(wrap.lines)


def test_a_title_that_fits_one_line_is_left_alone() -> None:
    assert title_wrap("Tình hình, kết quả thực hiện cải cách hành chính quý III năm 2022", ROOM_PT, 14, True) is None


@pytest.mark.parametrize("title", TYPED_SUBJECTS)
@pytest.mark.parametrize("shift", [-0.006, 0.0, 0.006])
def test_word_breaks_there_even_measuring_a_little_differently(title: str, shift: float) -> None:
    """Word's widths may differ slightly from these metrics: the lines hold within ±0,6 %."""
    wrap = title_wrap(title, ROOM_PT, 14, True)
    assert wrap is not None
    assert plain_wrap(title, wrap.width_pt * (1 + shift), 14, True) == list(wrap.lines)


# --- the documents -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Every period kind with each agency, and the typed subjects: (BÁO CÁO, Phụ lục) per case."""
    folder = tmp_path_factory.mktemp("titles")
    cases: dict[str, str] = {}
    for i, period in enumerate(PERIODS):
        for j, agency in enumerate(AGENCIES):
            cases[f"{period}-{j}"] = report_yaml(period, agency, number=None if (i + j) % 3 == 0 else 5 + i)
    for k, subject in enumerate(TYPED_SUBJECTS):
        cases[f"typed-{k}"] = report_yaml("2023-Q1", AGENCIES[k % len(AGENCIES)], subject)
    built: dict[str, tuple[Path, Path]] = {}
    for key, text in cases.items():
        source = folder / key / "bao-cao.yaml"
        source.parent.mkdir()
        source.write_text(text, encoding="utf-8")
        out = folder / key / "out"
        result = CliRunner().invoke(main, ["build", str(source), "-o", str(out), "-j", "1"])
        assert result.exit_code == 0, result.output
        (report,) = out.glob("*-bao-cao.docx")
        (appendix,) = out.glob("*-phu-luc.docx")
        built[key] = (report, appendix)
    return built


CASES = [f"{p}-{j}" for p in PERIODS for j in range(len(AGENCIES))]


@pytest.mark.slow  # the fixture built builds 31 reports
@pytest.mark.parametrize("case", CASES)
def test_subject_of_every_period_kind_breaks_where_a_reader_would(
    built: dict[str, tuple[Path, Path]], case: str
) -> None:
    report, _ = built[case]
    document = docx.Document(str(report))
    title = printed(subject_of(document), 14, True)
    period = case.rsplit("-", 1)[0]
    assert f" {period[:4]} " in f" {title.text} " or title.text.endswith(period[:4])
    lines = title.lines
    assert not reader_problems(lines), lines
    assert len(lines) <= len(plain_wrap(title.text, ROOM_PT, 14, True))  # never more lines than Word's own
    if len(lines) == 2:  # balanced: the second line is no stub
        widths = [text_width_pt(line, 14, True) for line in lines]
        assert min(widths) >= 0.5 * max(widths), lines
    widest = max(text_width_pt(line, 14, True) for line in lines)
    assert widest / 3 - 0.5 <= rule_pt(subject_of(document)) <= widest / 2 + 0.5  # NĐ 30: 1/3–1/2 of the line


@pytest.mark.slow  # the fixture built builds 31 reports
@pytest.mark.parametrize("case", [f"typed-{k}" for k in range(len(TYPED_SUBJECTS))])
def test_typed_subjects_break_where_a_reader_would(built: dict[str, tuple[Path, Path]], case: str) -> None:
    report, _ = built[case]
    title = printed(subject_of(docx.Document(str(report))), 14, True)
    assert title.text == TYPED_SUBJECTS[int(case[-1])]  # the text itself is unchanged
    assert not reader_problems(title.lines), title.lines


@pytest.mark.slow  # the fixture built builds 31 reports
@pytest.mark.parametrize("case", CASES)
def test_appendix_title_and_attachment_line_break_where_a_reader_would(
    built: dict[str, tuple[Path, Path]], case: str
) -> None:
    _, appendix = built[case]
    document = docx.Document(str(appendix))
    title, attachment = appendix_titles(document)
    assert title.text.startswith("THỐNG KÊ") and attachment.text.startswith("(Kèm theo Báo cáo số")
    for paragraph, bold in ((title, True), (attachment, False)):
        lines = printed(paragraph, 14, bold).lines
        assert not reader_problems(lines), lines
    lines = printed(attachment, 14, False).lines
    widest = max(text_width_pt(line, 14) for line in lines)
    assert widest / 3 - 0.5 <= max(rule_pt(attachment), 2.5 / 2.54 * 72) <= max(widest / 2, 2.5 / 2.54 * 72) + 3


# --- as printed --------------------------------------------------------------------------------


def pdf_lines(pdf_file: Path) -> list[str]:
    text = pdf_text(pdf_file, "-raw", "-f", "1", "-l", "1")
    return [" ".join(line.split()) for line in text.splitlines()]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


@pytest.mark.libreoffice
def test_libreoffice_prints_the_chosen_lines(built: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    """Each period kind once (agencies in turn) and the typed subjects, through LibreOffice."""
    keys = [f"{p}-{i % len(AGENCIES)}" for i, p in enumerate(PERIODS)] + [
        f"typed-{k}" for k in range(len(TYPED_SUBJECTS))
    ]
    files = []
    for key in keys:
        for path in built[key]:
            target = tmp_path / f"{key}-{path.name}"
            shutil.copy(path, target)
            files.append(target)
    pdfs = soffice_to_pdf(files, tmp_path, tmp_path / "profile")
    checked = 0
    for path, pdf in zip(files, pdfs, strict=True):
        document = docx.Document(str(path))
        if path.name.endswith("bao-cao.docx"):
            expected = [(printed(subject_of(document), 14, True))]
        else:
            title, attachment = appendix_titles(document)
            expected = [printed(title, 14, True), printed(attachment, 14, False)]
        lines = pdf_lines(pdf)
        for title_lines in (p.lines for p in expected):
            wanted = [" ".join(line.replace("\u00a0", " ").split()) for line in title_lines]
            assert _contains(lines, wanted), (path.name, wanted, lines[:12])
            assert not reader_problems(wanted)
            checked += 1
    assert checked == 3 * len(keys)


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", ["SỞ THÔNG TIN", "VÀ TRUYỀN THÔNG"]),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]),
        ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", ["BAN QUẢN LÝ CÁC", "KHU CÔNG NGHIỆP"]),
    ],
)
def test_issuing_agency_in_the_header_breaks_between_words(tmp_path: Path, name: str, lines: list[str]) -> None:
    """The issuing body's name that fills its column is broken in two, never inside a word
    ("THƯƠNG / BINH") and before "VÀ" rather than after it."""
    source = tmp_path / "bao-cao.yaml"
    full_name = name.capitalize() + " tỉnh Sóc Trăng"
    source.write_text(report_yaml("2023-Q2", (name, full_name)), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (report,) = (tmp_path / "out").glob("*-bao-cao.docx")
    header = docx.Document(str(report)).tables[0].cell(0, 0)
    texts = [p.text for p in header.paragraphs]
    assert "\n".join(lines) in texts, texts


def test_even_lines_two_when_they_fit_three_when_they_do_not() -> None:
    """A name is broken into the fewest even lines that each fit, where a reader would break it."""
    from cchc_docgen.render._title_wrap import even_lines

    assert even_lines("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 200, 13, True) == ["SỞ THÔNG TIN", "VÀ TRUYỀN THÔNG"]
    ban = "BAN QUẢN LÝ CÁC KHU CHẾ XUẤT VÀ CÔNG NGHIỆP THÀNH PHỐ"
    assert even_lines(ban, 200, 13, True) == ["BAN QUẢN LÝ", "CÁC KHU CHẾ XUẤT", "VÀ CÔNG NGHIỆP THÀNH PHỐ"]
    two = even_lines(ban, 200, 13, True, most=2)
    assert two is not None and max(text_width_pt(line, 13, True) for line in two) > 200  # why three
    for room in (170.0, 185.0):  # narrower: still three lines that each fit, none a lone word
        lines = even_lines(ban, room, 13, True)
        assert lines is not None and len(lines) == 3
        assert all(text_width_pt(line, 13, True) <= room and " " in line for line in lines), (room, lines)
    assert even_lines("UBND", 10, 13, True) is None
