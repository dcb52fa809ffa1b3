"""Where Times New Roman is not installed, --pdf says so once, naming the font the PDF uses instead."""

from __future__ import annotations

from pathlib import Path

from cchc_docgen.pipeline.pdf import Conversion, font_warnings, pdf_fonts


def fake_pdf(path: Path, *fonts: str) -> Path:
    objects = b"".join(b"<< /Type /Font /BaseFont /" + font.encode() + b" >>\n" for font in fonts)
    path.write_bytes(b"%PDF-1.6\n" + objects + b"%%EOF\n")
    return path


def test_fonts_are_read_without_their_subset_prefix(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "BAAAAA+LiberationSerif", "CAAAAA+LiberationSerif-Bold")
    assert pdf_fonts(pdf) == {"LiberationSerif", "LiberationSerif-Bold"}


def test_a_substitute_font_is_named_once(tmp_path: Path) -> None:
    first = fake_pdf(tmp_path / "a.pdf", "BAAAAA+LiberationSerif", "CAAAAA+LiberationSerif-Italic")
    second = fake_pdf(tmp_path / "b.pdf", "BAAAAA+LiberationSerif")
    conversions = [Conversion(first, tmp_path / "x-bao-cao.pdf"), Conversion(second, tmp_path / "x-phu-luc.pdf")]
    (warning,) = font_warnings(conversions, [first, second])
    assert str(warning) == (
        f"{tmp_path / 'x-bao-cao.pdf'}: cảnh báo: máy này không có phông Times New Roman nên LibreOffice dùng phông"
        " thay thế LiberationSerif trong PDF (Nghị định 30/2020 yêu cầu Times New Roman; tệp Word vẫn ghi Times New"
        " Roman); hãy cài phông Times New Roman rồi chạy lại (Windows và macOS có sẵn; Debian/Ubuntu: sudo apt"
        " install ttf-mscorefonts-installer, hoặc chép các tệp times*.ttf vào ~/.local/share/fonts)"
    )


def test_times_new_roman_needs_no_warning(tmp_path: Path) -> None:
    pdf = fake_pdf(tmp_path / "a.pdf", "BAAAAA+TimesNewRomanPSMT", "CAAAAA+TimesNewRomanPS-BoldMT")
    assert font_warnings([Conversion(pdf, tmp_path / "x.pdf")], [pdf]) == []
