"""The Phụ lục spreadsheet as LibreOffice prints it: every note whole, even a list of long web
addresses; the header rows on every page; no page but the last left mostly blank."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from cchc_docgen.render.appendix_xlsx import MAX_ROW_HEIGHT, render_appendix_xlsx
from cchc_docgen.report.analysis import load_checked

from .conftest import EXAMPLES, pdf_text, soffice_to_pdf

TTTT_2022 = EXAMPLES["004"]

#: 23 web addresses, one a line; two of them unbroken over 120 characters.
URLS = [
    f"{i}. https://stttt.soctrang.gov.vn/tin-tuc/cai-cach-hanh-chinh/bai-viet-so-{i:03d}-ve-cong-tac-tuyen-truyen.html"
    for i in range(1, 24)
]
URLS[4] = "5. https://stttt.soctrang.gov.vn/" + "x" * 130 + "END05"
URLS[10] = "11. https://dichvucong.soctrang.gov.vn/dvc/tthc/chitiet?ma=" + "1234567890abcdef" * 9 + "END11"


def _with_url_notes(tmp_path: Path) -> Path:
    """The 2022 Q3 report of Sở TTTT with two notes made of long web addresses: one a line, and
    twelve run together on one line."""
    data = yaml.safe_load(TTTT_2022.read_text(encoding="utf-8"))
    values = data["appendix"]["values"]
    values["I.1"] = {"value": 86.96, "note": "\n".join(URLS)}
    values["I.3.phuong_tien"] = {"value": 12, "note": " ".join(URLS[:12])}
    source = tmp_path / "urls.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return source


def _flat(text: str) -> str:
    """Without spacing or hyphens: print breaks long words (URLs) and lines anywhere, and pdftotext
    drops a hyphen that ends a line."""
    return re.sub(r"[\s\u00a0\u00ad-]+", "", text)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("source", ["004", "urls"])
def test_xlsx_prints_every_note_whole_headed_and_on_filled_pages(source: str, tmp_path: Path) -> None:
    checked = load_checked(TTTT_2022 if source == "004" else _with_url_notes(tmp_path))
    target = tmp_path / "p.xlsx"
    render_appendix_xlsx(checked, target)
    sheet = load_workbook(target).worksheets[0]
    assert not sheet.row_breaks.brk  # no forced page breaks
    assert all((d.height or 0) <= MAX_ROW_HEIGHT for d in sheet.row_dimensions.values())
    first = sheet[sheet.freeze_panes].row  # the first row below the header
    assert sheet.print_title_rows == f"$5:${first - 1}"
    headings = [
        _flat(str(value))
        for row in sheet.iter_rows(min_row=5, max_row=first - 1, max_col=5, values_only=True)
        for value in row
        if value
    ]
    (pdf,) = soffice_to_pdf([target], tmp_path / "pdf", tmp_path / "profile")
    pages = [page for page in pdf_text(pdf).split("\f") if page.strip()]
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        for heading in headings:  # the header rows repeat on every page
            assert heading in _flat(page), (number, heading)
    # Each note's end, in the text of the pages read one after the other without the repeated
    # header rows and page numbers (which interrupt a note continued over a page break).
    body = ""
    for page in pages:
        page = re.sub(r"^\s*\d+\s*\n", "", page)
        flat = _flat(page)
        for heading in headings:
            flat = flat.replace(heading, "", 1)
        body += flat
    notes = {row_id: value.note for row_id, value in checked.values.items() if value.note}
    assert len(notes) > 10
    for row_id, note in notes.items():
        tail = _flat(" ".join(note.split())[-20:])
        assert tail in body, (row_id, tail)
    if source == "urls":
        assert "END05" in body and "END11" in body
    boxes = pdf_text(pdf, "-bbox").split("<page ")[1:]
    assert len(boxes) == len(pages)
    for number, page in enumerate(boxes[:-1], start=1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', page))
        assert lowest / height >= 0.6, f"page {number} ends at {lowest / height:.0%} of its height"
