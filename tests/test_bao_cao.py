"""The BÁO CÁO in Word: every Nghị định 30/2020 rule checked on the generated DOCX, part by part."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt

from cchc_docgen import TemplateError, load_checked
from cchc_docgen.core.text_metrics import text_width_pt
from cchc_docgen.render._footnotes import Footnote, add_footnote_reference, add_footnotes
from cchc_docgen.render._report_styles import (
    BODY,
    FIRST_LINE_INDENT_CM,
    FOOTNOTE_REFERENCE,
    FOOTNOTE_TEXT,
    HEADING_1,
    HEADING_2,
    TABLE_HEADER,
    TABLE_TEXT,
)
from cchc_docgen.render.bao_cao import default_template, render_bao_cao_docx
from cchc_docgen.report.analysis import CheckedReport
from cchc_docgen.report.model import BulletList, Paragraph, Section, Table
from cchc_docgen.report.refs import inline_runs, plain_text
from cchc_docgen.report.wording import BLANK, distribution_lines, number_line, place_date_line

from .conftest import EXAMPLES, ONE_VALUE_APPENDIX, SIGNED_FOR_GIAM_DOC, SO_NOI_VU, SO_NOI_VU_DOCUMENT

TNR = "Times New Roman"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

SMALL_REPORT = f"""\
{SO_NOI_VU}
period: 2023-Q2
{SO_NOI_VU_DOCUMENT}
  recipients: ["Ủy ban nhân dân tỉnh Sóc Trăng", "Bộ Nội vụ"]
  subject: "Kết quả cải cách hành chính quý II năm 2023"
  bases:
    - "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    - "Căn cứ Kế hoạch số 192/KH-UBND ngày 20/12/2022;"
  opening: "Sở Nội vụ báo cáo **kết quả** như sau:"
narrative:
  - title: "Kết quả"
    content:
      - text: "Đã ban hành kế hoạch năm."
        footnote: "Kế hoạch số 03/KH-SNV ngày 19/01/2023."
      - "Dòng một\\ndòng hai"
      - table:
          header:
            - [{{text: "STT", rowspan: 2}}, {{text: "Đơn vị", rowspan: 2}}, {{text: "Hồ sơ", colspan: 2}}]
            - ["", "", "Tiếp nhận", "Giải quyết"]
          rows:
            - ["1", "Phòng Hành chính", "10", "9"]
            - ["2", "Phòng Tổ chức", "5", "5"]
          total: [{{text: "Tổng cộng", colspan: 2}}, "15", "14"]
      - text: "Đoạn thứ hai."
        footnote: "Chú thích thứ hai."
closing: "Trên đây là báo cáo./."
{SIGNED_FOR_GIAM_DOC}
{ONE_VALUE_APPENDIX}
"""


# --- building ---------------------------------------------------------------------------------

_BUILT: dict[str, tuple[CheckedReport, Any]] = {}


def build(source: Path, target: Path, template: Path | None = None) -> tuple[CheckedReport, Any]:
    checked = load_checked(source)
    render_bao_cao_docx(checked, target, template or default_template())
    return checked, docx.Document(str(target))


@pytest.fixture(params=sorted(EXAMPLES), ids=lambda key: f"report-{key}")
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[CheckedReport, Any]:
    """Each example built once: (checked report, the DOCX opened with python-docx)."""
    key = request.param
    if key not in _BUILT:
        _BUILT[key] = build(EXAMPLES[key], tmp_path_factory.mktemp(key) / "bao-cao.docx")
    return _BUILT[key]


@pytest.fixture
def small(tmp_path: Path) -> tuple[CheckedReport, Any, Path]:
    source = tmp_path / "small.yaml"
    source.write_text(SMALL_REPORT, encoding="utf-8")
    target = tmp_path / "small.docx"
    checked, document = build(source, target)
    return checked, document, target


# --- effective formatting (direct, else paragraph style chain, else document defaults) ----------


def _styles(paragraph: Any) -> Iterator[Any]:
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def para_format(paragraph: Any, name: str) -> Any:
    value = getattr(paragraph.paragraph_format, name)
    for style in _styles(paragraph):
        if value is not None:
            break
        value = getattr(style.paragraph_format, name)
    return value


def _defaults(document: Any) -> Any:
    return document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")


def run_format(document: Any, paragraph: Any, run: Any, name: str) -> Any:
    """size / bold / italic / name of `run` as Word shows it."""
    value = getattr(run.font, name)
    for style in (run.style, *_styles(paragraph)):
        if value is not None:
            break
        if style is not None:
            value = getattr(style.font, name)
    if value is None and name == "size":
        sz = _defaults(document).find(qn("w:sz"))
        value = Pt(int(sz.get(qn("w:val"))) / 2)
    if value is None and name == "name":
        value = _defaults(document).find(qn("w:rFonts")).get(qn("w:ascii"))
    return bool(value) if name in ("bold", "italic") else value


def runs_of(paragraph: Any) -> list[Any]:
    return [r for r in paragraph.runs if r.text.strip()]


def assert_font(document: Any, paragraph: Any, size: float | tuple[float, float], bold: bool, italic: bool) -> None:
    low, high = size if isinstance(size, tuple) else (size, size)
    assert runs_of(paragraph), f"no text in {paragraph.text!r}"
    for run in runs_of(paragraph):
        shown = f"{paragraph.text!r}/{run.text!r}"
        assert Pt(low) <= run_format(document, paragraph, run, "size") <= Pt(high), shown
        assert run_format(document, paragraph, run, "bold") is bold, shown
        assert run_format(document, paragraph, run, "italic") is italic, shown
        assert run_format(document, paragraph, run, "name") == TNR, shown


def texts(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def paragraph_with(container: Any, text: str) -> Any:
    return next(p for p in container.paragraphs if p.text == text)


def rule_lengths(container: Any, name: str) -> list[Length]:
    """Lengths of the drawn lines called `name` in a cell or document body."""
    element = container._tc if hasattr(container, "_tc") else container.element.body
    return [
        Length(int(pr.getparent().find(qn("wp:extent")).get("cx")))
        for pr in element.iter(qn("wp:docPr"))
        if pr.get("name") == name
    ]


def width(text: str, size: float, bold: bool) -> Length:
    return Length(Pt(text_width_pt(text, size, bold)))


def between_tables(paragraph: Any) -> bool:
    """The empty paragraph that keeps two tables apart (Word would join them)."""
    before, after = paragraph._p.getprevious(), paragraph._p.getnext()
    tbl = qn("w:tbl")
    return not paragraph.text and before is not None and after is not None and before.tag == after.tag == tbl


def body_paragraphs(document: Any) -> list[Any]:
    """The body's paragraphs, without those that only keep two tables apart."""
    return [p for p in document.paragraphs if not between_tables(p)]


def all_paragraphs(document: Any) -> Iterator[Any]:
    yield from document.paragraphs
    for table in document.tables:
        for cell in table._cells:
            yield from cell.paragraphs
    for section in document.sections:
        yield from section.header.paragraphs


# --- the expected narrative, from the report model ----------------------------------------------


def expected_narrative(checked: CheckedReport) -> list[str]:
    """Every narrative paragraph as a reader sees it, in order (tables apart)."""
    report = checked.report
    shown = lambda raw: plain_text(checked.text(raw))  # noqa: E731
    out = [shown(report.document.opening.raw)] if report.document.opening else []

    def section(s: Section) -> None:
        title = shown(s.title.raw)
        out.append(f"{s.number} {title}" if s.number else title)
        for block in s.content:
            if isinstance(block, Section):
                section(block)
            elif isinstance(block, Paragraph):
                out.append(shown(block.text.raw))
            elif isinstance(block, BulletList):
                out.extend(f"{block.label(i)} {shown(item.raw)}" for i, item in enumerate(block.items))

    for s in report.narrative:
        section(s)
    if report.closing:
        out.append(shown(report.closing.raw))
    return out


def narrative_tables(checked: CheckedReport) -> list[Table]:
    found: list[Table] = []

    def walk(s: Section) -> None:
        for block in s.content:
            if isinstance(block, Section):
                walk(block)
            elif isinstance(block, Table):
                found.append(block)

    for s in checked.report.narrative:
        walk(s)
    return found


# --- page ------------------------------------------------------------------------------------


def test_page_is_a4_with_decree_margins(built: tuple[CheckedReport, Any]) -> None:
    _, document = built
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
        assert Mm(20) <= section.top_margin <= Mm(25)
        assert Mm(20) <= section.bottom_margin <= Mm(25)
        assert Mm(30) <= section.left_margin <= Mm(35)
        assert Mm(15) <= section.right_margin <= Mm(20)


def test_page_number_is_a_page_field_in_the_top_margin_hidden_on_page_1(built: tuple[CheckedReport, Any]) -> None:
    _, document = built
    section = document.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    instructions = [t.text for t in section.header._element.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    number = next(p for p in section.header.paragraphs if p.runs)
    assert para_format(number, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    for run in number.runs:
        assert Pt(13) <= run_format(document, number, run, "size") <= Pt(14)
        assert run_format(document, number, run, "name") == TNR
    assert section.header_distance < section.top_margin


def test_times_new_roman_everywhere(built: tuple[CheckedReport, Any]) -> None:
    _, document = built
    for paragraph in all_paragraphs(document):
        for run in runs_of(paragraph):
            assert run_format(document, paragraph, run, "name") == TNR, run.text
    fonts = _defaults(document).find(qn("w:rFonts"))
    assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:hAnsi")) == TNR


# --- header ----------------------------------------------------------------------------------


def test_header_is_a_borderless_two_column_table(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    report = checked.report
    header = document.tables[0]
    assert len(header.columns) == 2 and len(header.rows) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}

    agency = header.cell(0, 0)
    expected = [report.agency.parent.upper()] if report.agency.parent else []
    # a name too long for one line is broken into two even lines, never mid-word; a name written on
    # two lines (a UBND's "ỦY BAN NHÂN DÂN" / "HUYỆN …") prints them both, bold
    heading = " ".join(report.agency.heading_lines).upper()
    assert [t.replace("\n", " ") for t in texts(agency)] == [*expected, heading]
    if report.agency.parent:
        assert_font(document, paragraph_with(agency, report.agency.parent.upper()), (12, 13), bold=False, italic=False)
    name = agency.paragraphs[[t.replace("\n", " ") for t in (p.text for p in agency.paragraphs)].index(heading)]
    if len(report.agency.heading_lines) > 1:
        assert name.text.split("\n") == [line.upper() for line in report.agency.heading_lines]
        assert all(run.bold is not False for run in name.runs)
    assert_font(document, name, (12, 13), bold=True, italic=False)
    assert para_format(name, "alignment") == WD_ALIGN_PARAGRAPH.CENTER

    motto = header.cell(0, 1)
    assert texts(motto) == [QUOC_HIEU, TIEU_NGU]
    assert_font(document, paragraph_with(motto, QUOC_HIEU), (12, 13), bold=True, italic=False)
    assert_font(document, paragraph_with(motto, TIEU_NGU), (13, 14), bold=True, italic=False)

    number, date = header.cell(1, 0), header.cell(1, 1)
    assert texts(number) == [number_line(report.document)]
    assert_font(document, number.paragraphs[0], 13, bold=False, italic=False)
    assert texts(date) == [place_date_line(report.agency, report.document)]
    assert_font(document, date.paragraphs[0], (13, 14), bold=False, italic=True)


def test_header_rules_are_drawn_lines_of_the_decree_lengths(built: tuple[CheckedReport, Any]) -> None:
    _, document = built
    header = document.tables[0]
    name = texts(header.cell(0, 0))[-1]
    (agency_rule,) = rule_lengths(header.cell(0, 0), "cchc-rule-agency")
    name_width = max(width(line, 12, True) for line in name.split("\n"))
    assert name_width < header.cell(0, 0).width
    assert name_width / 3 <= agency_rule <= name_width / 2
    (motto_rule,) = rule_lengths(header.cell(0, 1), "cchc-rule-motto")
    assert abs(motto_rule - width(TIEU_NGU, 13, True)) < Mm(1)
    all_text = "\n".join(p.text for p in all_paragraphs(document))
    assert "___" not in all_text and "---" not in all_text  # rules are never typed


def test_title_subject_and_rule(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    subject = checked.report.document.subject
    body = [p.text for p in document.paragraphs]
    title = document.paragraphs[body.index("BÁO CÁO")]
    assert_font(document, title, 14, bold=True, italic=False)
    assert para_format(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    line = document.paragraphs[body.index("BÁO CÁO") + 1]
    assert line.text == subject
    assert_font(document, line, (13, 14), bold=True, italic=False)
    assert para_format(line, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    (rule,) = rule_lengths(document, "cchc-rule-subject")
    section = document.sections[0]
    longest = min(width(subject, 14, True), section.page_width - section.left_margin - section.right_margin)
    assert longest / 3 <= rule <= longest / 2


def test_draft_number_and_date_keep_blanks_to_fill_in(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    header = document.tables[0]
    if not checked.report.is_draft:
        assert BLANK not in header.cell(1, 0).text
        return
    assert header.cell(1, 0).text == f"Số: {BLANK}/STNMT-VP"
    assert header.cell(1, 1).text == f"Sóc Trăng, ngày {BLANK} tháng 12 năm 2023"


def test_kinh_gui_one_recipient_on_one_line(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    lines = [p.text for p in document.paragraphs if p.text.startswith("Kính gửi")]
    if checked.report.document.recipients:
        assert lines == ["Kính gửi: Sở Nội vụ tỉnh Sóc Trăng."]
    else:
        assert lines == []


def test_no_placeholder_or_missing_value_is_printed(built: tuple[CheckedReport, Any]) -> None:
    _, document = built
    for paragraph in all_paragraphs(document):
        for bad in ("None", "nan", "{{", "}}", "{%", "()"):
            assert bad not in paragraph.text, paragraph.text


# --- narrative -------------------------------------------------------------------------------


def test_every_narrative_paragraph_in_order(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    expected = expected_narrative(checked)
    printed = [p.text for p in body_paragraphs(document)]
    assert printed[-len(expected) :] == expected


def test_narrative_tables_print_every_cell(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    tables = narrative_tables(checked)
    printed = document.tables[1:-1]  # between the header and the signature
    assert len(printed) == len(tables)
    for table, grid in zip(tables, printed, strict=True):
        rows = [*table.header, *table.rows]
        assert [[c.text for c in row.cells] for row in grid.rows] == [[c.text for c in row] for row in rows]
        borders = grid._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"single"}
        for cell in grid._cells:
            for paragraph in cell.paragraphs:
                for run in runs_of(paragraph):
                    assert Pt(12) <= run_format(document, paragraph, run, "size") <= Pt(13)


def test_body_text_and_headings_follow_the_decree(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    expected = expected_narrative(checked)
    paragraphs = body_paragraphs(document)[-len(expected) :]
    levels = _heading_levels(checked)
    for paragraph in paragraphs:
        fmt = {name: para_format(paragraph, name) for name in ("alignment", "first_line_indent", "space_after")}
        assert fmt["alignment"] == WD_ALIGN_PARAGRAPH.JUSTIFY, paragraph.text
        assert fmt["first_line_indent"] in (Cm(1), Cm(1.27)), paragraph.text
        assert fmt["space_after"] >= Pt(6), paragraph.text
        spacing = para_format(paragraph, "line_spacing")
        rule = para_format(paragraph, "line_spacing_rule")
        assert (isinstance(spacing, float) and 1.0 <= spacing <= 1.5) or rule == WD_LINE_SPACING.AT_LEAST
        level = levels.get(paragraph.text)
        for run in runs_of(paragraph):
            size = run_format(document, paragraph, run, "size")
            bold = run_format(document, paragraph, run, "bold")
            if level is None:
                assert size == Pt(14), paragraph.text
            elif level == "a)":
                assert not bold, paragraph.text
            else:
                assert bold, paragraph.text


def _heading_levels(checked: CheckedReport) -> dict[str, int | str]:
    levels: dict[str, int | str] = {}

    def walk(s: Section) -> None:
        title = plain_text(checked.text(s.title.raw))
        text = f"{s.number} {title}" if s.number else title
        levels[text] = "a)" if s.number.endswith(")") else s.level
        for block in s.content:
            if isinstance(block, Section):
                walk(block)

    for s in checked.report.narrative:
        walk(s)
    return levels


def test_inline_marks_become_bold_and_italic_runs(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    printed = {p.text: p for p in document.paragraphs}
    marked = 0
    for raw in _paragraph_texts(checked):
        pieces = inline_runs(checked.text(raw))
        if not any(piece.bold or piece.italic for piece in pieces):
            continue
        paragraph = printed[plain_text(checked.text(raw))]
        shown = [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs if r.text]
        assert shown == [(piece.text, piece.bold, piece.italic) for piece in pieces]
        marked += 1
    assert marked or "**" not in checked.report.source.read_text(encoding="utf-8")


def _paragraph_texts(checked: CheckedReport) -> Iterator[str]:
    def walk(s: Section) -> Iterator[str]:
        for block in s.content:
            if isinstance(block, Section):
                yield from walk(block)
            elif isinstance(block, Paragraph):
                yield block.text.raw

    for s in checked.report.narrative:
        yield from walk(s)


# --- bottom ----------------------------------------------------------------------------------


def test_noi_nhan_and_signature(built: tuple[CheckedReport, Any]) -> None:
    checked, document = built
    signature = checked.report.signature
    bottom = document.tables[-1]
    assert len(bottom.columns) == 2
    assert {edge.get(qn("w:val")) for edge in bottom._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}
    left, right = bottom.cell(0, 0), bottom.cell(0, 1)

    items = distribution_lines(signature)
    assert texts(left) == ["Nơi nhận:", *items]
    assert_font(document, left.paragraphs[0], 12, bold=True, italic=True)
    assert para_format(left.paragraphs[0], "alignment") == WD_ALIGN_PARAGRAPH.LEFT
    for item in items[:-1]:
        assert item.startswith("- ") and item.endswith(";")
    assert items[-1].startswith("- ") and items[-1].endswith(".")
    for paragraph in left.paragraphs[1:]:
        if paragraph.text:
            assert_font(document, paragraph, 11, bold=False, italic=False)

    lines = list(signature.lines)
    signer = [p for p in right.paragraphs]
    shown = [p.text for p in signer]
    assert shown[: len(lines)] == lines
    for paragraph in signer[: len(lines)]:
        assert_font(document, paragraph, (13, 14), bold=True, italic=False)
        assert paragraph.text == paragraph.text.upper()
    room = shown[len(lines) :]
    if signature.name:
        assert room[-1] == signature.name
        assert_font(document, signer[-1], (13, 14), bold=True, italic=False)
        room = room[:-1]
    assert len(room) >= 4 and not any(room)  # space to sign and seal


# --- footnotes, tables, escaping ---------------------------------------------------------------


def test_footnotes_are_real_word_footnotes(small: tuple[CheckedReport, Any, Path]) -> None:
    _, document, _ = small
    (rel,) = [r for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES]
    part = rel.target_part
    assert part.content_type == CT.WML_FOOTNOTES
    notes = parse_xml(part.blob)
    ids = [(n.get(qn("w:type")), n.get(qn("w:id"))) for n in notes.iter(qn("w:footnote"))]
    assert ids[:2] == [("separator", "-1"), ("continuationSeparator", "0")]
    note_ids = [i for kind, i in ids if kind is None]
    texts_by_id = {n.get(qn("w:id")): "".join(t.text for t in n.iter(qn("w:t"))) for n in notes.iter(qn("w:footnote"))}
    assert [texts_by_id[i].strip() for i in note_ids] == [
        "Kế hoạch số 03/KH-SNV ngày 19/01/2023.",
        "Chú thích thứ hai.",
    ]
    for note in notes.iter(qn("w:footnote")):
        if note.get(qn("w:type")) is None:
            assert len(list(note.iter(qn("w:footnoteRef")))) == 1  # the automatic number
    references = [r.get(qn("w:id")) for r in document.element.body.iter(qn("w:footnoteReference"))]
    assert references == note_ids
    marked = [p for p in document.paragraphs if p._p.findall(f".//{qn('w:footnoteReference')}")]
    assert [p.text for p in marked] == ["Đã ban hành kế hoạch năm.", "Đoạn thứ hai."]
    text_style = document.styles["footnote text"]
    assert text_style.font.name == TNR and text_style.font.size is not None
    assert document.styles["footnote reference"].font.superscript


def test_table_with_merged_cells_and_totals(small: tuple[CheckedReport, Any, Path]) -> None:
    _, document, _ = small
    grid = document.tables[1]
    assert len(grid.columns) == 4 and len(grid.rows) == 5
    cells = [[c.text for c in row.cells] for row in grid.rows]
    assert cells[0] == ["STT", "Đơn vị", "Hồ sơ", "Hồ sơ"]  # colspan: one cell seen twice
    assert cells[1] == ["STT", "Đơn vị", "Tiếp nhận", "Giải quyết"]  # rowspan
    assert cells[4] == ["Tổng cộng", "Tổng cộng", "15", "14"]
    assert grid.cell(0, 2)._tc.grid_span == 2
    assert grid.cell(0, 0)._tc.vMerge == "restart"
    for index, row in enumerate(grid.rows):
        header = row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        assert header is (index < 2)
    total = grid.rows[4].cells
    for cell in (total[0], total[2], total[3]):
        paragraph = cell.paragraphs[0]
        assert all(run_format(document, paragraph, run, "bold") for run in runs_of(paragraph))
    for cell in grid.rows[2].cells:
        paragraph = cell.paragraphs[0]
        assert not any(run_format(document, paragraph, run, "bold") for run in runs_of(paragraph))


def test_several_recipients_and_legal_bases(small: tuple[CheckedReport, Any, Path]) -> None:
    _, document, _ = small
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Kính gửi"))
    kinh_gui, items = paragraphs[start], paragraphs[start + 1 : start + 3]
    assert [p.text for p in (kinh_gui, *items)] == ["Kính gửi:", "- Ủy ban nhân dân tỉnh Sóc Trăng;", "- Bộ Nội vụ."]
    colon = kinh_gui.paragraph_format.left_indent + width("Kính gửi", 14, False)
    for item in items:  # "- " under the colon, a wrapped line under the text after it (a hanging indent)
        fmt = item.paragraph_format
        assert abs(fmt.left_indent + fmt.first_line_indent - colon) < Mm(1)
        assert abs(-fmt.first_line_indent - width("- ", 14, False)) < Mm(0.5)
    assert kinh_gui.paragraph_format.keep_with_next and items[0].paragraph_format.keep_with_next
    bases = [p for p in document.paragraphs if p.text.startswith("Căn cứ")]
    assert [p.text for p in bases] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Kế hoạch số 192/KH-UBND ngày 20/12/2022.",
    ]
    for paragraph in bases:
        assert_font(document, paragraph, (13, 14), bold=False, italic=True)
    signer = [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]
    assert document.tables[0].cell(1, 0).text == "Số: 07/BC-SNV"


def test_line_break_in_a_paragraph_is_a_line_break(small: tuple[CheckedReport, Any, Path]) -> None:
    _, document, _ = small
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Dòng một"))
    assert paragraph.text == "Dòng một\ndòng hai"
    assert paragraph._p.findall(f".//{qn('w:br')}")
    compat = document.settings.element.find(qn("w:compat"))
    assert compat.find(qn("w:doNotExpandShiftReturn")) is not None  # the broken line is not stretched


def test_user_text_is_printed_as_typed(tmp_path: Path) -> None:
    odd = 'A & B <C> "D" {{ x }} {% y %}'
    source = tmp_path / "odd.yaml"
    report = (
        SMALL_REPORT.replace('name: "SỞ NỘI VỤ"', f"name: '{odd}'")
        .replace('subject: "Kết quả cải cách hành chính quý II năm 2023"', f"subject: '{odd}'")
        .replace('"Bộ Nội vụ"', f"'{odd}'")
        .replace('"Lưu: VT, VP"', f"'Lưu: {odd}'")
        .replace('name: "Nguyễn Văn A"', f"name: '{odd}'")
        .replace('"Căn cứ Kế hoạch số 192/KH-UBND ngày 20/12/2022;"', f"'{odd}'")
        .replace('["1", "Phòng Hành chính", "10", "9"]', f"""["1", '{odd}', "10", "9"]""")
        .replace('footnote: "Chú thích thứ hai."', f"footnote: '{odd}'")
    )
    source.write_text(report, encoding="utf-8")
    _, document = build(source, tmp_path / "odd.docx")
    upper = odd.upper()
    assert document.tables[0].cell(0, 0).paragraphs[0].text == upper
    assert any(p.text == odd for p in document.paragraphs)  # the subject
    assert f"- {odd}." in [p.text for p in document.paragraphs]  # the last recipient
    assert f"{odd}." in [p.text for p in document.paragraphs]  # the last legal basis
    bottom = document.tables[-1]
    assert texts(bottom.cell(0, 0))[-1] == f"- Lưu: {odd}."
    assert texts(bottom.cell(0, 1))[-1] == odd
    assert document.tables[1].cell(2, 1).text == odd
    (rel,) = [r for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES]
    notes = parse_xml(rel.target_part.blob)
    assert any("".join(t.text for t in n.iter(qn("w:t"))).strip() == odd for n in notes.iter(qn("w:footnote")))


# --- templates -------------------------------------------------------------------------------


def test_default_template_is_shipped() -> None:
    template = default_template()
    assert template.name == "bao-cao.docx" and template.is_file()


def test_staff_restyling_in_the_template_is_kept(tmp_path: Path) -> None:
    """A template whose body style staff changed to 13 pt prints the narrative at 13 pt."""
    template = tmp_path / "mau.docx"
    own = docx.Document(str(default_template()))
    own.styles["BC Đoạn văn"].font.size = Pt(13)
    own.save(str(template))
    _, document = build(EXAMPLES["002"], tmp_path / "out.docx", template)
    closing = document.paragraphs[-1]
    assert closing.text.startswith("Trên đây là báo cáo")
    assert run_format(document, closing, closing.runs[0], "size") == Pt(13)


def test_a_template_without_the_narrative_styles_gets_them(tmp_path: Path) -> None:
    """A template made in Word from scratch has none of the BC styles nor Word's footnote styles:
    they are added with the Nghị định 30 values, and the narrative and footnotes use them."""
    template = tmp_path / "trong.docx"
    own = docx.Document(str(default_template()))
    removed = {BODY, HEADING_1, HEADING_2, TABLE_TEXT, TABLE_HEADER, FOOTNOTE_TEXT, FOOTNOTE_REFERENCE}
    for style in list(own.styles.element.style_lst):
        if style.name_val in removed:
            own.styles.element.remove(style)
    own.save(str(template))
    assert not removed & {style.name for style in docx.Document(str(template)).styles}
    source = tmp_path / "small.yaml"
    source.write_text(SMALL_REPORT, encoding="utf-8")
    _, document = build(source, tmp_path / "out.docx", template)
    body = next(p for p in document.paragraphs if p.text == "Đã ban hành kế hoạch năm.")
    assert body.style.name == BODY and body.style.paragraph_format.first_line_indent == Cm(FIRST_LINE_INDENT_CM)
    (rel,) = [r for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES]
    notes = parse_xml(rel.target_part.blob)
    styles = {p.get(qn("w:val")) for p in notes.iter(qn("w:pStyle"))} | {
        r.get(qn("w:val")) for r in notes.iter(qn("w:rStyle"))
    }
    assert styles == {document.styles[FOOTNOTE_TEXT].style_id, document.styles[FOOTNOTE_REFERENCE].style_id}
    assert document.styles[FOOTNOTE_REFERENCE].font.superscript


def test_template_errors_name_the_template(tmp_path: Path) -> None:
    checked = load_checked(EXAMPLES["002"])
    missing = tmp_path / "khong-co.docx"
    with pytest.raises(TemplateError) as error:
        render_bao_cao_docx(checked, tmp_path / "a.docx", missing)
    assert str(missing) in str(error.value) and "không tìm thấy mẫu Word" in str(error.value)

    broken = tmp_path / "sai.docx"
    own = docx.Document(str(default_template()))
    own.add_paragraph("{{ khong_co_bien }}")
    own.save(str(broken))
    with pytest.raises(TemplateError) as error:
        render_bao_cao_docx(checked, tmp_path / "b.docx", broken)
    message = str(error.value)
    assert message.startswith(f"{broken}: lỗi: mẫu Word dùng biến không có") and "khong_co_bien" in message
    assert not (tmp_path / "b.docx").exists()

    not_docx = tmp_path / "hong.docx"
    not_docx.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(TemplateError, match="không mở được mẫu Word"):
        render_bao_cao_docx(checked, tmp_path / "c.docx", not_docx)


def test_a_template_with_its_own_footnote_keeps_it(tmp_path: Path) -> None:
    """A footnote staff put in the template stays; the report's footnotes are numbered after it."""
    template = tmp_path / "co-chu-thich.docx"
    own = docx.Document(str(default_template()))
    add_footnote_reference(own.add_paragraph("Ghi chú của mẫu."), 1, "FootnoteReference")
    add_footnotes(own, [Footnote(1, "Chú thích của mẫu.")], "FootnoteText", "FootnoteReference")
    own.save(str(template))
    source = tmp_path / "small.yaml"
    source.write_text(SMALL_REPORT, encoding="utf-8")
    _, document = build(source, tmp_path / "out.docx", template)
    (rel,) = [r for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES]
    notes = {
        n.get(qn("w:id")): "".join(t.text for t in n.iter(qn("w:t"))).strip()
        for n in parse_xml(rel.target_part.blob).iter(qn("w:footnote"))
    }
    assert notes == {
        "-1": "",
        "0": "",
        "1": "Chú thích của mẫu.",
        "2": "Kế hoạch số 03/KH-SNV ngày 19/01/2023.",
        "3": "Chú thích thứ hai.",
    }
    references = [r.get(qn("w:id")) for r in document.element.body.iter(qn("w:footnoteReference"))]
    assert references == ["2", "3", "1"]


def test_a_template_without_a_place_for_a_part_is_refused(tmp_path: Path) -> None:
    """Removing {{p closing }} from the template must not silently drop the closing sentence."""
    template = tmp_path / "thieu.docx"
    own = docx.Document(str(default_template()))
    closing = next(p for p in own.paragraphs if p.text == "{{p closing }}")
    closing._p.getparent().remove(closing._p)
    own.save(str(template))
    with pytest.raises(TemplateError) as error:
        render_bao_cao_docx(load_checked(EXAMPLES["002"]), tmp_path / "out.docx", template)
    assert str(error.value) == (
        f"{template}: lỗi: mẫu Word thiếu chỗ in {{{{p closing }}}}: báo cáo có nội dung này nhưng mẫu không in ra"
    )
    # a report without a closing sentence is fine with that template
    render_bao_cao_docx(load_checked(EXAMPLES["000"]), tmp_path / "out.docx", template)


def test_an_agency_name_longer_than_a_word_property_is_clipped_there_only(tmp_path: Path) -> None:
    long_name = "Ban Quản lý " + "dự án đầu tư xây dựng " * 15
    source = tmp_path / "long.yaml"
    report = SMALL_REPORT.replace('full_name: "Sở Nội vụ tỉnh Sóc Trăng"', f'full_name: "{long_name}"')
    source.write_text(report, encoding="utf-8")
    assert long_name in source.read_text(encoding="utf-8") and len(long_name) > 255
    _, document = build(source, tmp_path / "long.docx")
    author = document.core_properties.author
    assert len(author) == 255 and author == long_name[:254] + "…"
