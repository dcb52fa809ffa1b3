"""`cchc-docgen build` end to end, with --pdf through LibreOffice."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import cchc_docgen.pipeline.pdf as pdf
from cchc_docgen.cli import main

from .conftest import EXAMPLES, pdf_text


def page_text(pdf_file: Path, page: int) -> str:
    return pdf_text(pdf_file, "-layout", "-f", str(page), "-l", str(page))


@pytest.mark.libreoffice
def test_build_with_pdf_writes_five_files_and_correct_pdfs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--pdf", str(EXAMPLES["004"]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.splitlines()]
    assert [p.name for p in written] == [
        "so-thong-tin-va-truyen-thong-2022-q3-bao-cao.docx",
        "so-thong-tin-va-truyen-thong-2022-q3-bao-cao.pdf",
        "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.docx",
        "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.pdf",
        "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.xlsx",
    ]
    pdf_file = written[1]
    pages = page_count(pdf_file)
    assert pages >= 5  # the Sở TTTT report runs over several pages

    first, second = page_text(pdf_file, 1), page_text(pdf_file, 2)
    first_line = next(line.strip() for line in first.splitlines() if line.strip())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_line  # page 1 starts with the header, no number
    assert "Số: 174/BC-STTTT" in first
    assert next(line.strip() for line in second.splitlines() if line.strip()) == "2"
    last = page_text(pdf_file, pages)
    assert "Nguyễn Hữu Hạnh" in last
    assert_fonts_embedded(pdf_file)

    # The Phụ lục PDF carries the table the Phụ lục DOCX has, row by row.
    appendix_pdf = written[3]
    assert_fonts_embedded(appendix_pdf)
    text = " ".join(page_text(appendix_pdf, page) for page in range(1, page_count(appendix_pdf) + 1))
    words = text.split()
    printed = " ".join(words)
    table = docx.Document(str(written[2])).tables[0]
    values = 0
    for row in table.rows[2:]:
        _, label, _, value, _ = (cell.text for cell in row.cells)
        assert " ".join(label.split()[:2]) in printed, label
        if value:
            assert value in words, (label, value)
            values += 1
    assert values > 50  # the Sở TTTT report fills most indicators

    # A corrected value built again without --pdf: the PDFs (old numbers) go, and the run says so.
    corrected = tmp_path / "corrected.yaml"
    corrected.write_text(EXAMPLES["004"].read_text(encoding="utf-8").replace("number: 174", "number: 175"), "utf-8")
    result = CliRunner().invoke(main, ["build", str(corrected), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [line.split(": cảnh báo: ")[0] for line in result.stderr.splitlines() if "đã xóa bản cũ" in line] == [
        str(written[1]),
        str(written[3]),
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written if p.suffix != ".pdf")


def page_count(pdf_file: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def assert_fonts_embedded(pdf_file: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column


def test_missing_libreoffice_is_a_clear_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--pdf", str(EXAMPLES["002"]), "-o", str(out)])
    assert result.exit_code == 1
    target = out / "huyen-cu-lao-dung-2023-q1-bao-cao.pdf"
    assert (
        f"{target}: lỗi: không tìm thấy LibreOffice (soffice) để tạo PDF; hãy cài LibreOffice hoặc bỏ tùy chọn --pdf"
        in result.output
    )
    assert not any(p.is_file() for p in out.rglob("*"))


def test_build_with_errors_builds_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLES["002"].read_text(encoding="utf-8").replace("I.1.de_ra: 19", "I.1.de_ra: 5"), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES["004"]), str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert ": lỗi: I.1 'Số nhiệm vụ đã hoàn thành' (9) lớn hơn 'Số nhiệm vụ đề ra trong kế hoạch' (5)" in result.output
    assert not out.exists()


def test_appendix_writes_no_bao_cao(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["appendix", str(EXAMPLES["000"]), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "so-tai-nguyen-va-moi-truong-2023-nam-phu-luc.docx",
        "so-tai-nguyen-va-moi-truong-2023-nam-phu-luc.xlsx",
    ]


def test_default_output_folder_is_per_agency_and_period(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["appendix", "--format", "xlsx", str(EXAMPLES["002"])])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(Path("output") / "huyen-cu-lao-dung" / "2023-q1" / "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx")
    ]
