"""The BÁO CÁO as a văn thư checks it: tables apart, file properties, heading levels, case as written."""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree

from cchc_docgen import load_checked
from cchc_docgen.render.bao_cao import default_template, render_bao_cao_docx

from .conftest import ONE_VALUE_APPENDIX, SO_NOI_VU, SO_NOI_VU_DOCUMENT
from .test_bao_cao import run_format, runs_of

HEAD = f"""\
{SO_NOI_VU}
period: 2023-Q2
{SO_NOI_VU_DOCUMENT}
  recipients: ["Ủy ban nhân dân tỉnh Sóc Trăng"]
  subject: "Kết quả cải cách hành chính quý II năm 2023"
"""
TAIL = f"""\
signature:
  authority: "GIÁM ĐỐC"
  name: "Nguyễn Văn A"
  distribution: ["Như trên", "Lưu: VT, VP"]
{ONE_VALUE_APPENDIX}
"""
LEADERS = """\
      - table:
          header:
            - ["STT", "Họ tên", "Chức vụ", "Điện thoại", "Email"]
          rows:
            - ["1", "Nguyễn Văn A", "Giám đốc Sở", "0913 983 072", "nva@soctrang.gov.vn"]
"""
#: Two tables in a row and a table that ends the narrative, with no closing sentence.
TOUCHING = f"""\
narrative:
  - title: "Danh sách"
    content:
{LEADERS}{LEADERS}  - title: "Phụ trách"
    content:
{LEADERS}"""
HEADINGS = """\
narrative:
  - title: "Thực hiện Chỉ thị số 26/CT-TTg của Thủ tướng Chính phủ"
    content:
      - title: "Cấp hai"
        content:
          - title: "Cấp ba"
            content:
              - title: "Cấp bốn"
                content:
                  - title: "Cấp năm"
                    content: ["Nội dung."]
  - title: "KẾT QUẢ THỰC HIỆN QUÝ II"
    content: ["Nội dung."]
closing: "Trên đây là báo cáo./."
"""


def build(tmp_path: Path, narrative: str, head: str = HEAD, name: str = "r") -> Any:
    source = tmp_path / f"{name}.yaml"
    source.write_text(head + narrative + TAIL, encoding="utf-8")
    target = tmp_path / f"{name}.docx"
    render_bao_cao_docx(load_checked(source), target, default_template())
    return docx.Document(str(target))


def adjacent_tables(root: Any) -> list[Any]:
    """Every w:tbl directly followed by another w:tbl, anywhere under `root` (cells included)."""
    return [t for t in root.iter(qn("w:tbl")) if t.getnext() is not None and t.getnext().tag == qn("w:tbl")]


# --- 1. no two tables touch ---------------------------------------------------------------------


def test_no_two_tables_touch_anywhere(tmp_path: Path) -> None:
    document = build(tmp_path, TOUCHING)
    body = document.element.body
    tables = [child for child in body if child.tag == qn("w:tbl")]
    assert len(tables) == 5  # header, three narrative tables, signature
    assert adjacent_tables(body) == []
    # what keeps them apart is one small empty paragraph, not a line of text
    for table in (tables[1], tables[3]):  # before another narrative table, before the signature
        spacer = table.getnext()
        assert spacer.tag == qn("w:p") and not list(spacer.iter(qn("w:t")))
        assert spacer.getnext().tag == qn("w:tbl")
        spacing = spacer.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        assert spacing.get(qn("w:lineRule")) == "exact" and int(spacing.get(qn("w:line"))) <= 40
    # the last narrative table keeps its own borders: it is not joined with the borderless signature
    borders = document.tables[3]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}


def test_examples_have_no_touching_tables(tmp_path: Path) -> None:
    from .conftest import EXAMPLES

    for key, source in EXAMPLES.items():
        target = tmp_path / f"{key}.docx"
        render_bao_cao_docx(load_checked(source), target, default_template())
        assert adjacent_tables(docx.Document(str(target)).element.body) == [], key


# --- 4. properties ---------------------------------------------------------------------------


def test_file_properties_come_from_the_report(tmp_path: Path) -> None:
    document = build(tmp_path, HEADINGS)
    props = document.core_properties
    assert props.title == "Kết quả cải cách hành chính quý II năm 2023"
    assert props.subject == props.title
    assert props.author == "Sở Nội vụ tỉnh Sóc Trăng"
    day = dt.datetime(2023, 6, 20, tzinfo=dt.timezone.utc)
    assert props.created == day and props.modified == day
    with zipfile.ZipFile(tmp_path / "r.docx") as package:
        core = package.read("docProps/core.xml").decode()
        cp = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
        core_xml = etree.fromstring(package.read("docProps/core.xml"))
        app = etree.fromstring(package.read("docProps/app.xml"))
        names = package.namelist()
    assert "2013" not in core and "custom-properties" not in core
    # read directly: python-docx looks these two up in another namespace
    assert core_xml.findtext(f"{cp}lastModifiedBy") == "Sở Nội vụ tỉnh Sóc Trăng"
    assert core_xml.findtext(f"{cp}revision") == "1"
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.findtext(f"{ns}Application") == "cchc-docgen"
    assert app.findtext(f"{ns}Company") == "Sở Nội vụ tỉnh Sóc Trăng"
    assert app.find(f"{ns}Pages") is None and app.find(f"{ns}AppVersion") is None
    assert not any("thumbnail" in name for name in names)


_CORE = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_TERMS = "{http://purl.org/dc/terms/}"
_EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def _package_properties(path: Path) -> dict[str, Any]:
    """Who and when a Word or Excel file says it was written by (File → Properties), read from its
    parts, and what else in docProps might tell where it came from."""
    with zipfile.ZipFile(path) as package:
        core = etree.fromstring(package.read("docProps/core.xml"))
        app = etree.fromstring(package.read("docProps/app.xml"))
        names = package.namelist()
        props_text = b"".join(package.read(name) for name in names if name.startswith("docProps/")).decode()
    return {
        "author": core.findtext(f"{_DC}creator"),
        "last": core.findtext(f"{_CORE}lastModifiedBy"),
        "created": core.findtext(f"{_TERMS}created"),
        "modified": core.findtext(f"{_TERMS}modified"),
        "title": core.findtext(f"{_DC}title"),
        "company": app.findtext(f"{_EXTENDED}Company"),
        "thumbnail": any("thumbnail" in name for name in names),
        "python-docx": "python-docx" in props_text or "2013-12-23" in props_text,
    }


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_the_phu_luc_files_say_who_wrote_them_and_when_as_the_bao_cao_does(tmp_path: Path, key: str) -> None:
    """The BÁO CÁO, the Phụ lục DOCX and the Phụ lục XLSX of a report name the same author (the
    issuing body) and the report's date; none carries python-docx's own name, date or thumbnail."""
    from cchc_docgen.report.analysis import load_checked as checked_of

    from .conftest import EXAMPLES, run_cli

    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    assert run_cli("build", EXAMPLES[key], "-o", tmp_path).exit_code == 0
    report = checked_of(EXAMPLES[key]).report
    date = report.document.date.as_date() if report.document.date is not None else None
    (bao_cao,) = tmp_path.glob("*bao-cao.docx")
    (phu_luc,) = tmp_path.glob("*phu-luc.docx")
    (sheet,) = tmp_path.glob("*phu-luc.xlsx")
    found = {path.name[-12:]: _package_properties(path) for path in (bao_cao, phu_luc, sheet)}
    for name, props in found.items():
        assert props["author"] == props["last"] == props["company"] == report.agency.full_name, name
        assert props["created"] == props["modified"], name
        if date is not None:
            assert props["created"] == f"{date.isoformat()}T00:00:00Z", name
        else:  # a draft without its day (the Sở TNMT example): dated when it is made
            made = dt.datetime.fromisoformat(props["created"].replace("Z", "+00:00"))
            assert before - dt.timedelta(seconds=1) <= made <= before + dt.timedelta(minutes=5), name
        assert not props["thumbnail"] and not props["python-docx"], name
    assert found["bao-cao.docx"]["title"] == report.document.subject
    title = checked_of(EXAMPLES[key]).appendix_title()
    assert found["phu-luc.docx"]["title"] == found["phu-luc.xlsx"]["title"] == title


def test_a_draft_is_dated_when_it_is_made(tmp_path: Path) -> None:
    head = HEAD.replace("  number: 7\n", "").replace("date: 2023-06-20", "date: 2023-06")
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    document = build(tmp_path, HEADINGS, head)
    created = document.core_properties.created
    assert before - dt.timedelta(seconds=1) <= created <= before + dt.timedelta(minutes=5)


# --- 3. and 5. headings: a style per level, the case as written ---------------------------------


def _heading(document: Any, start: str) -> Any:
    return next(p for p in document.paragraphs if p.text.startswith(start))


def test_each_heading_level_has_its_own_style(tmp_path: Path) -> None:
    document = build(tmp_path, HEADINGS)
    expected = {
        "I. ": ("BC Đề mục I", True, False),
        "1. ": ("BC Đề mục 1", True, False),
        "1.1. ": ("BC Đề mục 1.1", True, False),
        "1.1.1. ": ("BC Đề mục 1.1.1", True, True),
        "1.1.1.1. ": ("BC Đề mục 1.1.1", True, True),
    }
    for number, (style, bold, italic) in expected.items():
        paragraph = _heading(document, number)
        assert paragraph.style.name == style, number
        for run in runs_of(paragraph):
            assert bool(run_format(document, paragraph, run, "bold")) is bold, number
            assert bool(run_format(document, paragraph, run, "italic")) is italic, number
    assert len({expected["1.1. "][1:], expected["1.1.1. "][1:]}) == 2  # 1.1. and 1.1.1. differ


def test_heading_case_is_as_written_and_symbols_are_kept(tmp_path: Path) -> None:
    document = build(tmp_path, HEADINGS)
    texts = [p.text for p in document.paragraphs]
    assert "I. Thực hiện Chỉ thị số 26/CT-TTg của Thủ tướng Chính phủ" in texts
    assert "II. KẾT QUẢ THỰC HIỆN QUÝ II" in texts
    assert not any("26/CT-TTG" in t for t in texts)


# --- 9. Kính gửi with or without the final "." ---------------------------------------------------


@pytest.mark.parametrize(
    ("recipients", "option", "expected"),
    [
        ('["Sở Nội vụ tỉnh Sóc Trăng"]', "", "Kính gửi: Sở Nội vụ tỉnh Sóc Trăng."),
        ('["Sở Nội vụ tỉnh Sóc Trăng."]', "", "Kính gửi: Sở Nội vụ tỉnh Sóc Trăng."),
        ('["Sở Nội vụ tỉnh Sóc Trăng"]', "  recipients_final_dot: false\n", "Kính gửi: Sở Nội vụ tỉnh Sóc Trăng"),
        ('["Sở Nội vụ tỉnh Sóc Trăng."]', "  recipients_final_dot: false\n", "Kính gửi: Sở Nội vụ tỉnh Sóc Trăng"),
        ('["UBND tỉnh", "Sở Nội vụ"]', "  recipients_final_dot: false\n", "Kính gửi:\n- UBND tỉnh;\n- Sở Nội vụ"),
        ('["UBND tỉnh", "Sở Nội vụ"]', "", "Kính gửi:\n- UBND tỉnh;\n- Sở Nội vụ."),
    ],
)
def test_kinh_gui_with_or_without_the_final_dot(tmp_path: Path, recipients: str, option: str, expected: str) -> None:
    head = HEAD.replace('["Ủy ban nhân dân tỉnh Sóc Trăng"]', recipients) + option
    document = build(tmp_path, HEADINGS, head)
    texts = [p.text for p in document.paragraphs]
    start = next(i for i, text in enumerate(texts) if text.startswith("Kính gửi"))
    block = [texts[start], *itertools.takewhile(lambda text: text.startswith("- "), texts[start + 1 :])]
    assert "\n".join(block) == expected  # several recipients: a paragraph each


def test_recipients_final_dot_must_be_true_or_false(tmp_path: Path) -> None:
    from cchc_docgen import InputError

    source = tmp_path / "bad.yaml"
    source.write_text(HEAD + "  recipients_final_dot: có\n" + HEADINGS + TAIL, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_checked(source)
    assert f"{source}:12: lỗi: recipients_final_dot phải là true hoặc false" in str(caught.value)


# --- narrative tables: rows written once, merges as typed ---------------------------------------

MERGED = """\
narrative:
  - title: "Bảng"
    content:
      - table:
          header:
            - [{text: "STT", rowspan: 2}, {text: "Đơn vị", rowspan: 2}, {text: "Hồ sơ", colspan: 2}]
            - ["Tiếp nhận", "Giải quyết"]
          rows:
            - ["1", {text: "Phòng A", rowspan: 3}, "10", "9"]
            - ["2", "", "5", "5"]
            - ["3", "4", "4"]
          total: [{text: "Tổng cộng", colspan: 2}, "19", "18"]
closing: "Hết./."
"""


def _grid_of(table: Any) -> list[list[tuple[int, str | None, str]]]:
    """Per row, its w:tc as (gridSpan, vMerge, text)."""
    return [
        [(tc.grid_span, tc.vMerge, "".join(t.text for t in tc.iter(qn("w:t")))) for tc in tr.tc_lst]
        for tr in table._tbl.tr_lst
    ]


def test_merged_cells_full_and_short_rows(tmp_path: Path) -> None:
    """A full row lists "" under a cell merged from above; a short row leaves it out: same table."""
    document = build(tmp_path, MERGED)
    grid = _grid_of(document.tables[1])
    assert grid == [
        [(1, "restart", "STT"), (1, "restart", "Đơn vị"), (2, None, "Hồ sơ")],
        [(1, "continue", ""), (1, "continue", ""), (1, None, "Tiếp nhận"), (1, None, "Giải quyết")],
        [(1, None, "1"), (1, "restart", "Phòng A"), (1, None, "10"), (1, None, "9")],
        [(1, None, "2"), (1, "continue", ""), (1, None, "5"), (1, None, "5")],
        [(1, None, "3"), (1, "continue", ""), (1, None, "4"), (1, None, "4")],
        [(2, None, "Tổng cộng"), (1, None, "19"), (1, None, "18")],
    ]
    table = document.tables[1]
    assert [[c.text for c in row.cells] for row in table.rows][3] == ["2", "Phòng A", "5", "5"]
    widths = [tc.width for tc in table._tbl.tr_lst[5].tc_lst]
    assert widths[0] == sum(col.w for col in table._tbl.tblGrid.gridCol_lst[:2])  # a span is as wide as its columns


def test_spans_that_overlap_or_leave_the_table_are_cut_short() -> None:
    from cchc_docgen.render._narrative_table import Slot, layout_rows
    from cchc_docgen.report.model import Cell

    rows = [
        (Cell("a"), Cell("b"), Cell("c", rowspan=5), Cell("d")),
        (Cell("e", colspan=3),),
    ]
    assert layout_rows(rows, 4) == [
        [
            Slot(0, 1, Cell("a")),
            Slot(1, 1, Cell("b")),
            Slot(2, 1, Cell("c", rowspan=5), "restart"),
            Slot(3, 1, Cell("d")),
        ],
        [Slot(0, 2, Cell("e", colspan=3)), Slot(2, 1, None, "continue"), Slot(3, 1, None)],
    ]


# --- 2. column widths from the content, or as written ---------------------------------------------

CONTACTS = """\
narrative:
  - title: "Danh sách lãnh đạo, công chức phụ trách CCHC"
    content:
      - table:
          header:
            - ["STT", "Nội dung", "Họ tên", "Chức vụ", "Email/điện thoại", "Ghi chú"]
          rows:
            - ["1", "Lãnh đạo phụ trách CCHC", "Nguyễn Thị Thanh Hương", "Phó Giám đốc Sở",
               "huongntt@soctrang.gov.vn 0913 983 072", "Phụ trách chung công tác cải cách hành chính"]
            - ["2", "Công chức tham mưu", "Đặng Ngọc Duy Trinh", "Chuyên viên",
               "dndtrinh@soctrang.gov.vn 0299 3822 123", "Kiêm nhiệm"]
"""


def cell_padding_pt(table: Any) -> float:
    """The left + right padding of the table's cells (w:tblCellMar), Word's default 2 × 5.4 pt if unset."""
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    sides = {} if margins is None else {child.tag.split("}")[1]: int(child.get(qn("w:w"))) / 20 for child in margins}
    return sides.get("left", 5.4) + sides.get("right", 5.4)


def _words_fit(document: Any, table: Any) -> None:
    """No word, e-mail or phone number is wider than its column (it would be broken)."""
    from cchc_docgen.core.text_metrics import text_width_pt

    grid = [col.w.pt for col in table._tbl.tblGrid.gridCol_lst]
    padding = cell_padding_pt(table)
    for tr in table._tbl.tr_lst:
        for column, tc in enumerate(tr.tc_lst):
            text = "".join(t.text for t in tc.iter(qn("w:t")))
            bold = tr is table._tbl.tr_lst[0]
            pieces = text.split() + [m for m in __import__("re").findall(r"\d{4} \d{3,4} \d{3}", text)]
            for piece in pieces:
                assert text_width_pt(piece, 13, bold) <= grid[column] - padding, (piece, grid[column])


def test_widths_come_from_the_content(tmp_path: Path) -> None:
    document = build(tmp_path, CONTACTS)
    table = document.tables[1]
    widths = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    section = document.sections[0]
    room = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(widths) - room) < 20 * 12700 / 20  # within a twip or so per column
    _words_fit(document, table)
    stt, note = widths[0], widths[5]
    assert stt < widths[2] < widths[4]  # STT narrow, names wider, e-mails widest
    assert note > stt
    # every cell is as wide as its grid column
    for tr in table._tbl.tr_lst:
        assert [tc.width for tc in tr.tc_lst] == widths


def test_a_phone_number_is_never_split_in_the_examples(tmp_path: Path) -> None:
    """The lists of leaders in the examples: e-mails and phone numbers fit their column."""
    from .conftest import EXAMPLES

    for key in ("000", "004"):
        target = tmp_path / f"{key}.docx"
        render_bao_cao_docx(load_checked(EXAMPLES[key]), target, default_template())
        document = docx.Document(str(target))
        _words_fit(document, document.tables[-2])


def _narrative_tables(document: Any) -> list[Any]:
    """The narrative's own tables: those with borders (the header and signature tables have none)."""
    return [
        table
        for table in document.tables
        if {edge.get(qn("w:val")) for edge in table._tbl.tblPr.find(qn("w:tblBorders"))} == {"single"}
    ]


def _names_fit(table: Any) -> list[str]:
    """The names of the table's cells (2 to 5 capitalised words, no digits), each checked to fit on one
    line of its cell: its width at 13 pt within the cell's width less the cell padding."""
    from cchc_docgen.core.text_metrics import text_width_pt
    from cchc_docgen.render._table_widths import looks_like_name

    padding = cell_padding_pt(table)
    names = []
    for tr in table._tbl.tr_lst[1:]:
        for tc in tr.tc_lst:
            text = "".join(t.text for t in tc.iter(qn("w:t")))
            if looks_like_name(text):
                names.append(text)
                assert text_width_pt(text, 13) <= tc.width.pt - padding, (text, tc.width.pt)
    return names


def test_no_name_in_the_examples_can_wrap(tmp_path: Path) -> None:
    """The lists of leaders: "Nguyễn Hữu Hạnh" on one line, not "Nguyễn / Hữu / Hạnh"."""
    from .conftest import EXAMPLES

    names = []
    for key in ("000", "004"):
        target = tmp_path / f"{key}.docx"
        render_bao_cao_docx(load_checked(EXAMPLES[key]), target, default_template())
        (table,) = _narrative_tables(docx.Document(str(target)))
        names += _names_fit(table)
        _words_fit(None, table)
    assert names == ["Ngô Thái Chân", "Đặng Ngọc Duy Trinh", "Nguyễn Hữu Hạnh", "Nguyễn Bé Tuyên"]


def test_names_fit_beside_long_texts(tmp_path: Path) -> None:
    """A four-word name whole even where the other columns hold long texts."""
    document = build(tmp_path, CONTACTS)
    (table,) = _narrative_tables(document)
    assert _names_fit(table) == ["Nguyễn Thị Thanh Hương", "Đặng Ngọc Duy Trinh"]


def test_names_are_told_from_other_texts() -> None:
    from cchc_docgen.render._table_widths import looks_like_name, numbers_only

    for name in ("Nguyễn Hữu Hạnh", "Đặng Ngọc Duy Trinh", "Nguyễn Văn A", "Lê Thị Ánh"):
        assert looks_like_name(name), name
    for text in ("Giám đốc Sở", "Nguyễn", "CCHC", "Nguyễn Văn 2", "UBND Tỉnh", "A B C D E F", "nhhanh@soctrang.gov.vn"):
        assert not looks_like_name(text), text
    for number in ("01", "5.380", "86,96%", "0913 983 072", "1.145"):
        assert numbers_only(number), number
    for text in ("5 hồ sơ", "Tổng cộng", "", "-"):
        assert not numbers_only(text), text


NUMBERS = """\
narrative:
  - title: "Kết quả giải quyết hồ sơ"
    content:
      - table:
          header:
            - ["STT", "Lĩnh vực", "Số hồ sơ tiếp nhận trong kỳ", "Ghi chú"]
          rows:
            - ["1", "Đất đai, tài nguyên nước và khoáng sản", "1.145",
               "Giải quyết đúng hạn và trước hạn, không có hồ sơ quá hạn"]
            - ["2", "Môi trường, biển và hải đảo", "86",
               "Hồ sơ tiếp nhận qua dịch vụ bưu chính công ích và trực tuyến"]
"""


def test_a_column_of_numbers_is_as_wide_as_its_numbers(tmp_path: Path) -> None:
    """The counts column is as wide as "1.145" or its longest header word, not its header on one line:
    the room goes to the text columns."""
    from cchc_docgen.core.text_metrics import text_width_pt

    document = build(tmp_path, NUMBERS)
    (table,) = _narrative_tables(document)
    widths = [col.w.pt for col in table._tbl.tblGrid.gridCol_lst]
    padding = cell_padding_pt(table)
    widest = max(
        text_width_pt("1.145", 13), *(text_width_pt(word, 13, True) for word in "Số hồ sơ tiếp nhận trong kỳ".split())
    )
    assert widths[2] <= widest * 1.04 + padding + 0.1  # the measuring slack, a twip of rounding
    assert widths[0] <= text_width_pt("STT", 13, True) * 1.04 + padding + 0.1
    _words_fit(document, table)
    # and in the examples: the STT and phone columns hold their numbers and no more
    target = tmp_path / "004.docx"
    from .conftest import EXAMPLES

    render_bao_cao_docx(load_checked(EXAMPLES["004"]), target, default_template())
    (table,) = _narrative_tables(docx.Document(str(target)))
    widths = [col.w.pt for col in table._tbl.tblGrid.gridCol_lst]
    assert widths[3] <= text_width_pt("0943128999", 13) * 1.04 + padding + 0.1


def _space_before(paragraph: Any) -> int:
    spacing = paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    return 0 if spacing is None else int(spacing.get(qn("w:before"), "0"))


def test_what_follows_a_table_is_apart_from_it_as_paragraphs_are(tmp_path: Path) -> None:
    """A paragraph, a heading or another table under a narrative table keeps the space the body
    style keeps after a paragraph (6 pt in the shipped template); the signature table has its own."""
    narrative = TOUCHING.replace(
        '  - title: "Phụ trách"', '  - title: "Phụ trách"\n    content: ["Đoạn văn."]\n  - title: "Cuối"'
    )
    document = build(tmp_path, narrative)
    tables = _narrative_tables(document)
    assert len(tables) == 3
    for table in tables[:2]:  # under the first: a gap before the next table; under the second: a heading
        following = table._tbl.getnext()
        assert following.tag == qn("w:p")
        assert _space_before(following) == 120, following.xml
    # a restyled body ("BC Đoạn văn" 9 pt after): the same gap under a table
    template = docx.Document(str(default_template()))
    template.styles["BC Đoạn văn"].paragraph_format.space_after = Twips(180)
    restyled = tmp_path / "restyled.docx"
    template.save(str(restyled))
    source = tmp_path / "x.yaml"
    source.write_text(HEAD + CONTACTS + 'closing: "Trên đây là báo cáo./."\n' + TAIL, encoding="utf-8")
    target = tmp_path / "x.docx"
    render_bao_cao_docx(load_checked(source), target, restyled)
    (table,) = _narrative_tables(docx.Document(str(target)))
    closing = table._tbl.getnext()
    assert "".join(t.text for t in closing.iter(qn("w:t"))).startswith("Trên đây")
    assert _space_before(closing) == 180


def test_the_examples_keep_a_gap_under_their_tables(tmp_path: Path) -> None:
    from .conftest import EXAMPLES

    render_bao_cao_docx(load_checked(EXAMPLES["004"]), tmp_path / "004.docx", default_template())
    (table,) = _narrative_tables(docx.Document(str(tmp_path / "004.docx")))
    closing = table._tbl.getnext()
    assert "".join(t.text for t in closing.iter(qn("w:t"))).startswith("Trên đây là báo cáo")
    assert _space_before(closing) == 120


@pytest.mark.libreoffice
@pytest.mark.slow
def test_names_print_on_one_line(tmp_path: Path) -> None:
    """In the PDF LibreOffice prints, every "Nguyễn Hữu Hạnh" (the list of leaders, the signature)
    and "Đặng Ngọc Duy Trinh" stands on one line."""
    import re

    from .conftest import EXAMPLES, pdf_text, soffice_to_pdf

    targets = []
    for key in ("000", "004"):
        targets.append(tmp_path / f"{key}.docx")
        render_bao_cao_docx(load_checked(EXAMPLES[key]), targets[-1], default_template())
    pdfs = soffice_to_pdf(targets, tmp_path / "pdf", tmp_path / "profile")
    for pdf, names in zip(
        pdfs, (["Ngô Thái Chân", "Đặng Ngọc Duy Trinh"], ["Nguyễn Hữu Hạnh", "Nguyễn Bé Tuyên"]), strict=True
    ):
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', pdf_text(pdf, "-bbox"))
        texts = [text for _, text in words]
        for name in names:
            parts = name.split()
            starts = [i for i in range(len(texts)) if texts[i : i + len(parts)] == parts]
            assert starts, (name, pdf)
            for start in starts:
                lines = {round(float(y)) for y, _ in words[start : start + len(parts)]}
                assert len(lines) == 1, (name, lines)
        layout = pdf_text(pdf, "-layout")
        for name in names:
            assert any(name in line for line in layout.splitlines()), name
    assert "Nguyễn Hữu Hạnh" in "\n".join(
        line for line in pdf_text(pdfs[1], "-layout").splitlines() if "0943128999" in line
    )


def test_widths_written_in_the_report(tmp_path: Path) -> None:
    narrative = CONTACTS.replace("      - table:\n", "      - table:\n          widths: [1, 3, 3, 3, 4, 2]\n")
    document = build(tmp_path, narrative)
    widths = [col.w for col in document.tables[1]._tbl.tblGrid.gridCol_lst]
    unit = sum(widths) / 16
    for width, share in zip(widths, (1, 3, 3, 3, 4, 2), strict=True):
        assert abs(width - share * unit) <= 12700  # a point


@pytest.mark.parametrize(
    ("widths", "message"),
    [
        ("[1, 2]", "widths có 2 số nhưng bảng có 6 cột"),
        ("[1, 2, 3, 4, 5, 0]", "widths phải là danh sách số dương"),
        ("rộng", "widths phải là danh sách số dương"),
    ],
)
def test_bad_widths_are_refused(tmp_path: Path, widths: str, message: str) -> None:
    from cchc_docgen import InputError

    source = tmp_path / "bad.yaml"
    narrative = CONTACTS.replace("      - table:\n", f"      - table:\n          widths: {widths}\n")
    source.write_text(HEAD + narrative + TAIL, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_checked(source)
    assert f"{source}:16: lỗi: {message}" in str(caught.value)


# --- 8. stars, marks in cells, bold rows anywhere ------------------------------------------------

MARKED = r"""narrative:
  - title: "Kết quả"
    content:
      - 'Điểm \*: tiêu chí thành phần; 5 \* 3 = 15; **đậm** và *nghiêng*.'
      - table:
          header:
            - ["STT", "Nội dung", "Số lượng"]
          rows:
            - {bold: true, cells: ["I", "QUÝ I", "25"]}
            - ["1", "Văn bản **quy phạm** và *hành chính*", "20"]
            - ["2", 'Ghi chú \*', "5"]
          total: ["", "Tổng cộng", "25"]
closing: "Hết./."
"""


def _runs(paragraph: Any) -> list[tuple[str, bool, bool]]:
    return [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs if r.text]


def test_stars_marks_in_cells_and_a_bold_row_anywhere(tmp_path: Path) -> None:
    document = build(tmp_path, MARKED)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Điểm"))
    assert paragraph.text == "Điểm *: tiêu chí thành phần; 5 * 3 = 15; đậm và nghiêng."
    assert ("đậm", True, False) in _runs(paragraph) and ("nghiêng", False, True) in _runs(paragraph)
    table = document.tables[1]
    rows = [[c for c in row.cells] for row in table.rows]
    for cell in rows[1]:  # the group row at the top of the body: bold
        assert all(bold for _, bold, _ in _runs(cell.paragraphs[0]))
    assert _runs(rows[2][1].paragraphs[0]) == [
        ("Văn bản ", False, False),
        ("quy phạm", True, False),
        (" và ", False, False),
        ("hành chính", False, True),
    ]
    assert rows[3][1].text == "Ghi chú *"
    for cell in rows[3]:
        assert not any(bold for _, bold, _ in _runs(cell.paragraphs[0]))
    for cell in rows[4][1:]:  # the totals row: bold
        assert all(bold for _, bold, _ in _runs(cell.paragraphs[0]))


# --- 7. footnote marks anywhere in a paragraph, several per paragraph ------------------------------

NOTES = r"""narrative:
  - title: "Kết quả^[Số liệu đến ngày 14/6/2023.]"
    content:
      - 'Sở đã ban hành Kế hoạch số 03/KH-SNV^[Kế hoạch số 03/KH-SNV ngày 19/01/2023 về CCHC năm 2023.]
        và **tổ chức 5 cuộc kiểm tra**^[Tại các phòng *A*, B [cơ sở 2].] trong quý. Ký hiệu \^[giữ nguyên].'
      - text: "Đoạn theo cách viết cũ."
        footnote: "Chú thích ở cuối đoạn."
      - list: ["Ý có chú thích^[Chú thích của ý.] ở giữa."]
closing: "Hết./."
"""


def _sequence(paragraph: Any) -> list[str]:
    """The paragraph's runs in order: their text, or "[n]" for a footnote mark with id n."""
    out = []
    for r in paragraph._p.iter(qn("w:r")):
        reference = r.find(qn("w:footnoteReference"))
        if reference is not None:
            out.append(f"[{reference.get(qn('w:id'))}]")
        elif r.text:
            out.append(r.text)
    return out


def _notes(document: Any) -> dict[str, Any]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    (rel,) = [r for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES]
    root = parse_xml(rel.target_part.blob)
    return {n.get(qn("w:id")): n for n in root.iter(qn("w:footnote")) if n.get(qn("w:type")) is None}


def test_footnote_marks_stand_where_written(tmp_path: Path) -> None:
    document = build(tmp_path, NOTES)
    paragraphs = {p.text: p for p in document.paragraphs}
    body = paragraphs[
        "Sở đã ban hành Kế hoạch số 03/KH-SNV và tổ chức 5 cuộc kiểm tra trong quý. Ký hiệu ^[giữ nguyên]."
    ]
    assert _sequence(body) == [
        "Sở đã ban hành Kế hoạch số 03/KH-SNV",
        "[2]",
        " và ",
        "tổ chức 5 cuộc kiểm tra",
        "[3]",
        " trong quý. Ký hiệu ^[giữ nguyên].",
    ]
    assert _sequence(paragraphs["I. Kết quả"]) == ["I. ", "Kết quả", "[1]"]
    assert _sequence(paragraphs["Đoạn theo cách viết cũ."]) == ["Đoạn theo cách viết cũ.", "[4]"]
    assert _sequence(paragraphs["- Ý có chú thích ở giữa."]) == ["- ", "Ý có chú thích", "[5]", " ở giữa."]
    notes = _notes(document)
    texts = {i: "".join(t.text for t in n.iter(qn("w:t"))).strip() for i, n in notes.items()}
    assert texts == {
        "1": "Số liệu đến ngày 14/6/2023.",
        "2": "Kế hoạch số 03/KH-SNV ngày 19/01/2023 về CCHC năm 2023.",
        "3": "Tại các phòng A, B [cơ sở 2].",
        "4": "Chú thích ở cuối đoạn.",
        "5": "Chú thích của ý.",
    }
    italic = [r for r in notes["3"].iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:i')}") is not None]
    assert ["".join(t.text for t in r.iter(qn("w:t"))) for r in italic] == ["A"]


def test_an_unclosed_footnote_is_an_error(tmp_path: Path) -> None:
    from cchc_docgen import InputError

    source = tmp_path / "bad.yaml"
    source.write_text(HEAD + NOTES.replace("trong quý.", "^[trong quý."), encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8") + TAIL, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_checked(source)
    assert f"{source}:15: lỗi: chú thích '^[trong quý. Ký hiệu \\^[giữ nguyên].' thiếu dấu ']' đóng" in str(
        caught.value
    )


# --- 6. numbering as written --------------------------------------------------------------------

NUMBERED = """\
narrative:
  - title: "Kết quả thực hiện"
    content:
      - title: "Cải cách thể chế"
        content:
          - title: "Văn bản quy phạm pháp luật"
            number: "1.1"
            content:
              - title: "Ban hành"
                content: ["Nội dung."]
          - title: "Kiểm tra"
            content: ["Nội dung."]
      - title: "Cải cách công vụ"
        letters: "a."
        content:
          - title: "Tuyển dụng công chức:"
            italic: true
            content: ["Nội dung."]
          - title: "Đào tạo, bồi dưỡng:"
            italic: true
            content: ["Nội dung."]
  - title: "Nhận xét, đánh giá"
    number: "IV."
    content: ["Nội dung."]
  - title: "Phương hướng"
    content:
      - "1. Tiếp tục quán triệt các văn bản chỉ đạo về cải cách hành chính."
      - list: ["Ý thứ ba.", "Ý thứ tư."]
        marker: "1)"
        start: 3
      - list: ["Ý a.", "Ý b."]
        marker: "a."
closing: "Hết./."
"""


def test_numbering_as_written(tmp_path: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from .test_bao_cao import para_format

    document = build(tmp_path, NUMBERED)
    texts = [p.text for p in document.paragraphs]
    start = texts.index("I. Kết quả thực hiện")
    assert texts[start : texts.index("Hết./.")] == [
        "I. Kết quả thực hiện",
        "1. Cải cách thể chế",
        "1.1 Văn bản quy phạm pháp luật",  # as written, no final dot
        "1.1.1 Ban hành",  # its children follow its style
        "Nội dung.",
        "1.2 Kiểm tra",  # and so do its siblings
        "Nội dung.",
        "2. Cải cách công vụ",
        "a. Tuyển dụng công chức:",
        "Nội dung.",
        "b. Đào tạo, bồi dưỡng:",
        "Nội dung.",
        "IV. Nhận xét, đánh giá",  # a jump
        "Nội dung.",
        "V. Phương hướng",  # continues after the jump
        "1. Tiếp tục quán triệt các văn bản chỉ đạo về cải cách hành chính.",
        "3) Ý thứ ba.",
        "4) Ý thứ tư.",
        "a. Ý a.",
        "b. Ý b.",
    ]
    paragraphs = {p.text: p for p in document.paragraphs}
    for heading in ("a. Tuyển dụng công chức:", "b. Đào tạo, bồi dưỡng:"):
        paragraph = paragraphs[heading]
        assert paragraph.style.name == "BC Đề mục a"
        assert [bool(run_format(document, paragraph, r, "italic")) for r in runs_of(paragraph)] == [True, True]
    assert paragraphs["1.1 Văn bản quy phạm pháp luật"].style.name == "BC Đề mục 1.1"
    assert paragraphs["1.1.1 Ban hành"].style.name == "BC Đề mục 1.1.1"
    assert not any(run_format(document, p, r, "italic") for p in (paragraphs["2. Cải cách công vụ"],) for r in p.runs)
    body = paragraphs["1. Tiếp tục quán triệt các văn bản chỉ đạo về cải cách hành chính."]
    assert body.style.name == "BC Đoạn văn"  # a numbered paragraph that is body text, not a heading
    assert para_format(body, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert not any(run_format(document, body, r, "bold") for r in runs_of(body))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('letters: "a."', 'letters: "(a)"'), 'letters phải là true, "a)" hoặc "a."'),
        (("italic: true", "italic: có"), "italic phải là true hoặc false"),
        (("start: 3", "start: 0"), "start phải là số nguyên dương"),
    ],
)
def test_bad_numbering_options_are_refused(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    from cchc_docgen import InputError

    source = tmp_path / "bad.yaml"
    source.write_text(HEAD + NUMBERED.replace(*edit, 1) + TAIL, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_checked(source)
    assert f": lỗi: {message}" in str(caught.value)


def test_section_numbers_past_thirty_nine(tmp_path: Path) -> None:
    """Numbering continued after a section written "XXXIX." goes on XL., XLI. (not XXXX.)."""
    from cchc_docgen.core.vnformat import roman
    from cchc_docgen.report.numbering import _from_roman

    assert [roman(n) for n in (39, 40, 44, 49, 90, 99, 400, 1999)] == [
        "XXXIX", "XL", "XLIV", "XLIX", "XC", "XCIX", "CD", "MCMXCIX",
    ]  # fmt: skip
    assert all(_from_roman(roman(n)) == n for n in range(1, 400))
    text = NUMBERED.replace('    number: "IV."\n', '    number: "XXXIX."\n')
    document = build(tmp_path, text)
    texts = [p.text for p in document.paragraphs]
    assert "XXXIX. Nhận xét, đánh giá" in texts and "XL. Phương hướng" in texts


def test_a_cell_prints_footnote_brackets_as_typed(tmp_path: Path) -> None:
    """Cells have no footnotes: "^[" in a cell, closed or not, prints as typed (it once stopped the
    build with an internal error while `check` passed the file)."""
    narrative = r"""narrative:
  - title: "Bảng"
    content:
      - table:
          header: [["Mục", "Ghi chú"]]
          rows:
            - [{text: "^[chưa đóng", colspan: 2}]
            - ["^[x]", "a ^[b] c"]
"""
    document = build(tmp_path, narrative)
    (table,) = [t for t in document.tables if t.cell(0, 0).text == "Mục"]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Mục", "Ghi chú"],
        ["^[chưa đóng", "^[chưa đóng"],
        ["^[x]", "a ^[b] c"],
    ]
    assert not list(document.element.body.iter(qn("w:footnoteReference")))
