"""Third red-team round of `import BAO-CAO.docx` (tests/stranger_docs_cases5.py): what the
whole-document comparison of tests/test_word_import_strangers.py does not see — messages and the lines
kept as comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cchc_docgen.intake.period_guess import guess_period, guess_window
from tests.conftest import run_cli
from tests.stranger_docs import build_stranger
from tests.stranger_docs_catalog import STRANGERS


def test_an_agencys_own_phu_luc_is_kept_whole_and_its_warnings_name_the_file(tmp_path: Path) -> None:
    # A Sở's own "PHỤ LỤC" (a list of late procedures, not a statistics form) after the signature.
    source = build_stranger(STRANGERS["so-xay-dung-lao-cai-2026-q1"], tmp_path / "bc.docx")
    result = run_cli("import", source, tmp_path / "bc.yaml")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "cảnh báo" in line]
    assert warnings and all(line.startswith(f"{source}: cảnh báo: ") for line in warnings), warnings
    assert any(": cảnh báo: bảng 3: không nhận ra biểu mẫu của bảng Phụ lục" in line for line in warnings)
    kept = [line for line in (tmp_path / "bc.yaml").read_text(encoding="utf-8").splitlines() if line.startswith("#   ")]
    assert kept[:4] == [
        "#   PHỤ LỤC",
        "#   DANH MỤC THỦ TỤC HÀNH CHÍNH CÓ HỒ SƠ TRỄ HẠN",
        "#   (Kèm theo Báo cáo số 215/BC-SXD ngày 12 tháng 3 năm 2026 của Sở Xây dựng tỉnh Lào Cai)",
        "#   STT | Tên thủ tục hành chính | Số hồ sơ | Số hồ sơ | Nguyên nhân",
    ]


def test_a_second_table_after_the_signature_is_kept_beside_the_statistics_phu_luc(tmp_path: Path) -> None:
    # A first "PHỤ LỤC" of the Sở's own (late procedures), then the statistics Phụ lục of the form.
    source = build_stranger(STRANGERS["so-nn-mt-can-tho-2025-9t+other-phu-luc"], tmp_path / "bc.docx")
    result = run_cli("import", source, tmp_path / "bc.yaml")
    assert result.exit_code == 0, result.output
    assert (
        f"{source}: cảnh báo: bảng 3 sau phần chữ ký: không phải bảng số liệu Phụ lục; đã giữ làm ghi chú"
        " (cùng các dòng phía trên bảng)"
    ) in result.output
    text = (tmp_path / "bc.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if line.startswith("#   ")]
    assert kept[:3] == [
        "#   PHỤ LỤC",
        "#   DANH MỤC THỦ TỤC HÀNH CHÍNH CÓ HỒ SƠ TRỄ HẠN",
        "#   (Kèm theo Báo cáo số 1874/BC-SNNMT ngày 15 tháng 9 năm 2025 của Sở Nông nghiệp và Môi trường thành phố"
        " Cần Thơ)",
    ]
    assert "#   1 | Cấp giấy phép xây dựng nhà ở riêng lẻ | 214 | 03 | Chờ ý kiến thẩm định của cơ quan chuyên môn" in (
        kept
    )
    assert 'title: "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH {KY}"' in text


def test_a_window_noted_under_the_trich_yeu_becomes_the_data_window(tmp_path: Path) -> None:
    # "(Số liệu tính từ ngày 16/12/2025 đến ngày 10/3/2026)" in italics under a quý I trích yếu.
    source = build_stranger(STRANGERS["ubnd-xa-cu-lao-dung-2026-q1+window-note"], tmp_path / "bc.docx")
    result = run_cli("import", source, tmp_path / "bc.yaml")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "bc.yaml").read_text(encoding="utf-8")
    assert "data_window: {from: 2025-12-16, to: 2026-03-10}" in text
    assert 'opening: "*(Số liệu tính từ ngày 16/12/2025 đến ngày 10/3/2026)*\\nỦy ban nhân dân xã' in text
    checked = run_cli("check", tmp_path / "bc.yaml")
    assert checked.exit_code == 0, checked.output


def test_the_default_window_noted_is_not_written_again(tmp_path: Path) -> None:
    source = build_stranger(STRANGERS["dac-khu-con-dao-2025+nbsp-subject+window-note"], tmp_path / "bc.docx")
    result = run_cli("import", source, tmp_path / "bc.yaml")
    assert result.exit_code == 0, result.output
    assert "data_window" not in (tmp_path / "bc.yaml").read_text(encoding="utf-8")


def _appendix_fields(name: str, tmp_path: Path) -> list[str]:
    source = build_stranger(STRANGERS[name], tmp_path / f"{name}.docx")
    result = run_cli("import", source, tmp_path / f"{name}.yaml")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("appendix:")
    return lines[start : lines.index("  values:", start)]


def test_a_phu_luc_title_typed_in_the_tables_first_row_reads_as_above_it(tmp_path: Path) -> None:
    above = _appendix_fields("so-nn-mt-can-tho-2025-9t", tmp_path)
    assert '  title: "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH {KY}"' in above
    assert _appendix_fields("so-nn-mt-can-tho-2025-9t+appendix-title-row", tmp_path) == above


@pytest.mark.parametrize(
    ("subject", "period"),
    [
        ("Kết quả thực hiện công tác cải cách hành chính 9 tháng/2025", "2025-9T"),
        ("Kết quả thực hiện công tác cải cách hành chính 6 tháng/2026", "2026-6T"),
        ("Kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm/2025", "2025-9T"),
        ("Kết quả thực hiện công tác cải cách hành chính quý I/2026", "2026-Q1"),
        # a date in the trích yếu is no period of six or nine months
        ("Kết quả kiểm tra ngày 6 tháng 12 năm 2025 về cải cách hành chính năm 2025", "2025-NAM"),
    ],
)
def test_a_period_shortened_with_a_slash_is_guessed(subject: str, period: str) -> None:
    assert guess_period(subject) == period


@pytest.mark.parametrize(
    ("note", "window"),
    [
        ("(Số liệu tính từ ngày 15/12/2024 đến ngày 14/12/2025)", (dt.date(2024, 12, 15), dt.date(2025, 12, 14))),
        ("(Số liệu từ 16/12/2025 - 10/3/2026)", (dt.date(2025, 12, 16), dt.date(2026, 3, 10))),
        ("(Số liệu tính từ ngày 31/02/2025 đến ngày 14/6/2025)", None),
        ("(Có Phụ lục kèm theo)", None),
    ],
)
def test_a_window_stated_in_a_note(note: str, window: tuple[dt.date, dt.date] | None) -> None:
    assert guess_window(note) == window


def test_a_footnotes_hyphens_and_line_breaks_are_read() -> None:
    from lxml import etree

    from cchc_docgen.intake._docx_runs import notes

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part = etree.fromstring(
        f'<w:footnotes xmlns:w="{w}"><w:footnote w:id="1"><w:p>'
        "<w:r><w:t>Kế hoạch số 18/KH</w:t></w:r><w:r><w:noBreakHyphen/></w:r><w:r><w:t>UBND;</w:t></w:r>"
        "<w:r><w:br/><w:t>Quyết định số 25/QĐ-UBND.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    assert notes(part) == {"1": "Kế hoạch số 18/KH-UBND; Quyết định số 25/QĐ-UBND."}


@pytest.mark.parametrize(
    ("typed", "fields"),
    [
        # a name typed in capitals (middle name "VĂN", given name "TRUNG": words of names, not of titles)
        (
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "NGUYỄN VĂN TRUNG"],
            {"prefix": "KT.", "authority": "GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "NGUYỄN VĂN TRUNG"},
        ),
        (["CHỦ TỊCH", "LÊ THỊ THANH TÂM"], {"authority": "CHỦ TỊCH", "name": "LÊ THỊ THANH TÂM"}),
        # a draft: no name, the title stays the title
        (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], {"prefix": "KT.", "authority": "GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC"}),
        (
            ["TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
            {"prefix": "TUQ.", "authority": "CHỦ TỊCH", "title": "CHÁNH VĂN PHÒNG"},
        ),
        # the prefix typed without its dot
        (["KT GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], {"prefix": "KT.", "authority": "GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC"}),
        # the prefix typed with no space after its dot
        (
            ["TM.ỦY BAN NHÂN DÂN", "KT.CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Nguyên"],
            {
                "collective": "ỦY BAN NHÂN DÂN",
                "prefix": "KT.",
                "authority": "CHỦ TỊCH",
                "title": "PHÓ CHỦ TỊCH",
                "name": "Trần Văn Nguyên",
            },
        ),
    ],
)
def test_the_signers_lines(typed: list[str], fields: dict[str, str]) -> None:
    from cchc_docgen.intake.lines import Line
    from cchc_docgen.intake.signature_zone import read_signature

    zone = read_signature([Line(text, True, False, 1, f"bảng 2, dòng {i}") for i, text in enumerate(typed, 1)])
    assert {k: v for k, v in zone.signature.items() if k != "distribution"} == fields


def test_a_soft_hyphen_is_no_edit_when_the_word_file_is_read_back(tmp_path: Path) -> None:
    # Imported, then the same Word file read back into its report file: nothing to write.
    source = build_stranger(STRANGERS["so-xay-dung-lao-cai-2026-q1"], tmp_path / "bc.docx")
    report = tmp_path / "bc.yaml"
    assert run_cli("import", source, report).exit_code == 0
    before = report.read_text(encoding="utf-8")
    again = run_cli("import", source, report)
    assert again.exit_code == 0, again.output
    assert "không có chỗ nào khác tệp báo cáo" in again.output
    assert report.read_text(encoding="utf-8") == before


@pytest.mark.xfail(
    strict=True,
    reason="intake/write_back_align.py: a remark in parentheses typed under the trích yếu, above Kính gửi, is held "
    "as the opening's first line on import, but reading the same Word file back into that report file takes "
    "Kính gửi for a narrative paragraph (only the first unit may be Kính gửi) and the remark for an added "
    "paragraph: 'đoạn thêm ở chỗ này không có chỗ tương ứng', nothing written",
)
def test_a_window_note_above_kinh_gui_is_no_edit_when_the_word_file_is_read_back(tmp_path: Path) -> None:
    source = build_stranger(STRANGERS["dac-khu-con-dao-2025+nbsp-subject+window-note"], tmp_path / "bc.docx")
    report = tmp_path / "bc.yaml"
    assert run_cli("import", source, report).exit_code == 0
    before = report.read_text(encoding="utf-8")
    again = run_cli("import", source, report)
    assert again.exit_code == 0, again.output
    assert "không có chỗ nào khác tệp báo cáo" in again.output
    assert report.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "name",
    [
        "dac-khu-con-dao-2025+dash-nospace",
        "so-nn-mt-can-tho-2025-9t+dash-nospace",
        "dac-khu-con-dao-2025+heading-nospace",
        "so-xay-dung-lao-cai-2026-q1+heading-nospace",
    ],
)
def test_a_mark_or_number_typed_without_its_space_is_no_edit_when_read_back(name: str, tmp_path: Path) -> None:
    # The write-back once wrote "–Tổ chức …" and "I.KẾT QUẢ …" into the report file: a second mark and number.
    source = build_stranger(STRANGERS[name], tmp_path / "bc.docx")
    report = tmp_path / "bc.yaml"
    assert run_cli("import", source, report).exit_code == 0
    before = report.read_text(encoding="utf-8")
    again = run_cli("import", source, report)
    assert again.exit_code == 0, again.output
    assert "không có chỗ nào khác tệp báo cáo" in again.output
    assert report.read_text(encoding="utf-8") == before
