"""Reports of today's offices unlike the shipped examples (tests/data/red-team-pages/): a ward after
1 July 2025, a Sở with a long name and many recipients, a đặc khu with narrative tables and
footnotes, a Sở with a Phụ lục full of notes. Each is checked and built; the DOCX is read back."""

from __future__ import annotations

import itertools
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, Twips

from cchc_docgen.core.text_metrics import text_width_pt
from cchc_docgen.report.wording import BLANK

from .conftest import ROOT, run_cli
from .ooxml import package_errors

PAGES = ROOT / "tests" / "data" / "red-team-pages"
REPORTS = sorted(PAGES.glob("*.yaml"))
#: The shipped template's heading columns (7.2 cm | 9.3 cm) in twips.
TEMPLATE_COLUMNS = (4082, 5272)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each report's BÁO CÁO, built once, by the stem of its report file."""
    out = tmp_path_factory.mktemp("red-team-pages")
    documents = {}
    for report in REPORTS:
        result = run_cli("build", report, "-o", out / report.stem)
        assert result.exit_code == 0, result.output
        (document,) = (out / report.stem).glob("*-bao-cao.docx")
        documents[report.stem] = document
    return documents


def _heading_table(path: Path) -> docx.table.Table:
    return docx.Document(str(path)).tables[0]


def _column_twips(table: docx.table.Table) -> tuple[int, ...]:
    return tuple(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol")))


def _table_with(document: docx.document.Document, header: str) -> docx.table.Table:
    return next(t for t in document.tables if t.rows[0].cells[0].text == header)


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_checks_clean(report: Path) -> None:
    result = run_cli("check", report)
    assert result.exit_code == 0, result.output
    assert "0 lỗi, 0 cảnh báo" in result.output


def test_signed_headers_print_number_and_date_as_typed(built: dict[str, Path]) -> None:
    expected = {
        "phuong-tan-an-2025-q3": ("Số: 07/BC-UBND", "Tân An, ngày 05 tháng 9 năm 2025"),
        "dac-khu-phu-quoc-2025-nam": ("Số: 112/BC-UBND", "Phú Quốc, ngày 01 tháng 12 năm 2025"),
        "so-khcn-can-tho-2025-6t": ("Số: 09/BC-SKHCN", "Cần Thơ, ngày 16 tháng 6 năm 2025"),
        "so-vhttdl-hcm-2025-9t": (
            f"Số: {BLANK}/BC-SVHTTDL",
            f"Thành phố Hồ Chí Minh, ngày {BLANK} tháng 9 năm 2025",
        ),
    }
    for stem, (number, date) in expected.items():
        last_row = _heading_table(built[stem]).rows[-1]
        assert [cell.text for cell in last_row.cells] == [number, date], stem


def test_ward_heading_and_signature(built: dict[str, Path]) -> None:
    document = docx.Document(str(built["phuong-tan-an-2025-q3"]))
    left = document.tables[0].rows[0].cells[0]
    assert left.paragraphs[0].text == "ỦY BAN NHÂN DÂN\nPHƯỜNG TÂN AN"
    assert all(run.bold for run in left.paragraphs[0].runs if run.text.strip())
    signer = document.tables[-1].rows[0].cells[1].text.split("\n")
    assert signer[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signer[-1] == "Nguyễn Thị Thu Hằng"


def test_long_place_date_line_gets_a_wider_right_column(built: dict[str, Path]) -> None:
    """The date line "Thành phố Hồ Chí Minh, ngày … tháng 9 năm 2025" is wider than the template's 9.3 cm: the
    right column takes room from the left one, so that the line prints on one line (NĐ 30: on
    the line of "Số: …", under the Tiêu ngữ); the table keeps the text width."""
    table = _heading_table(built["so-vhttdl-hcm-2025-9t"])
    left, right = _column_twips(table)
    assert left + right == sum(TEMPLATE_COLUMNS)
    date = table.rows[-1].cells[1].paragraphs[0]
    needed = Pt(text_width_pt(date.text, 13) + 2 * 1.5)  # the template's 1.5 pt cell padding a side
    assert Length(Twips(right)) > needed
    assert Length(Twips(left)) >= Cm(5.5)
    for row in table.rows:  # every cell of a column as wide as its grid column
        assert [int(c._tc.tcPr.tcW.get(qn("w:w"))) for c in row.cells] == [left, right]


def test_short_place_date_line_keeps_template_columns(built: dict[str, Path]) -> None:
    for stem in ("phuong-tan-an-2025-q3", "dac-khu-phu-quoc-2025-nam", "so-khcn-can-tho-2025-6t"):
        assert _column_twips(_heading_table(built[stem])) == TEMPLATE_COLUMNS, stem


def test_long_parent_breaks_between_body_and_place(built: dict[str, Path]) -> None:
    """A cơ quan chủ quản too long for its column breaks as a reader would, never "THÀNH / PHỐ"."""
    left = _heading_table(built["so-vhttdl-hcm-2025-9t"]).rows[0].cells[0]
    parent = left.paragraphs[0]
    assert parent.text == "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH"
    assert not any(run.bold for run in parent.runs if run.text.strip())


def test_number_columns_are_centred_whatever_their_length(built: dict[str, Path]) -> None:
    """Cells "1.145", "520", "10.159" of one column line up alike (the rule was: up to 4 characters
    centred, longer ones left), while a column of names stays left."""
    document = docx.Document(str(built["dac-khu-phu-quoc-2025-nam"]))
    dossiers = _table_with(document, "Lĩnh vực")
    body = dossiers.rows[2:]
    assert [row.cells[1].text for row in body] == ["1.145", "520", "85", "47", "1.797"]
    for row in body:
        for cell in row.cells[1:]:
            assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER, cell.text
        assert row.cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.CENTER, row.cells[0].text
    plan = _table_with(document, "STT")
    rates = [row.cells[5] for row in plan.rows[2:]]
    assert [cell.text for cell in rates] == ["100", "100", "100", "86,36", "87,5", "85,71", "93,62"]
    assert {cell.paragraphs[0].alignment for cell in rates} == {WD_ALIGN_PARAGRAPH.CENTER}


def test_phone_numbers_in_groups_are_not_a_number_column(built: dict[str, Path]) -> None:
    document = docx.Document(str(built["dac-khu-phu-quoc-2025-nam"]))
    leaders = next(t for t in document.tables if t.rows[0].cells[1].text == "Họ và tên")
    phones = [row.cells[3] for row in leaders.rows[2:]]
    assert [cell.text for cell in phones] == ["0913 983 072", "0297 3846 115"]
    assert all(cell.paragraphs[0].alignment is None for cell in phones)


def test_lead_in_paragraph_stays_with_its_table(built: dict[str, Path]) -> None:
    """A table too tall for the rest of the page moves whole: its "… như sau:" goes with it."""
    document = docx.Document(str(built["dac-khu-phu-quoc-2025-nam"]))
    body = list(document.element.body.iterchildren())
    lead_ins = [
        docx.text.paragraph.Paragraph(element, document)
        for element, following in itertools.pairwise(body)
        if element.tag == qn("w:p") and following.tag == qn("w:tbl")
    ]
    texts = [p.text for p in lead_ins if p.text]
    assert "Kết quả thực hiện kế hoạch theo từng quý như sau:" in texts
    assert all(p.paragraph_format.keep_with_next for p in lead_ins if p.text), texts


@pytest.mark.parametrize("stem", [report.stem for report in REPORTS])
def test_packages_are_schema_valid(built: dict[str, Path], stem: str) -> None:
    """Every package the build wrote (BÁO CÁO, and the Phụ lục DOCX and XLSX where there is one)."""
    for package in sorted(built[stem].parent.glob("*.*x")):
        errors = package_errors(package)
        assert not errors, f"{package.name}:\n" + "\n".join(errors)


def test_a_name_too_long_for_two_lines_takes_three_even_ones_and_keeps_them(tmp_path: Path) -> None:
    """A Ban whose name's two even halves are still wider than the left column: three lines, broken
    where a reader would (before "CÁC", before "VÀ"), each printing as one line: no word left alone
    on a fourth. The right column takes from the left only what leaves the widest of them whole."""
    source = (PAGES / "so-vhttdl-hcm-2025-9t.yaml").read_text(encoding="utf-8")
    report = tmp_path / "ban.yaml"
    report.write_text(
        source.replace(
            'name: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"', 'name: "BAN QUẢN LÝ CÁC KHU CHẾ XUẤT VÀ CÔNG NGHIỆP THÀNH PHỐ"'
        ),
        encoding="utf-8",
    )
    result = run_cli("build", report, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    (document,) = (tmp_path / "out").glob("*-bao-cao.docx")
    table = _heading_table(document)
    name = table.rows[0].cells[0].paragraphs[1]
    assert name.text == "BAN QUẢN LÝ\nCÁC KHU CHẾ XUẤT\nVÀ CÔNG NGHIỆP THÀNH PHỐ"
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    sides = sum(int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))
    left = Twips(_column_twips(table)[0] - sides).pt
    size = name.runs[0].font.size or Pt(13)
    assert max(text_width_pt(line, size.pt, True) for line in name.text.split("\n")) <= left
    assert _column_twips(table)[0] <= TEMPLATE_COLUMNS[0]
