"""`cchc-docgen diff`: a leader's view of a correction, with exact output."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from cchc_docgen.cli import main
from cchc_docgen.cycle.word_diff import _words, mark_words

from .conftest import EXAMPLES


def edited(source: Path, target: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of `source` with each replacement made exactly once."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


def diff(old: Path, new: Path) -> Result:
    return CliRunner().invoke(main, ["diff", str(old), str(new)])


def test_mark_words() -> None:
    assert mark_words("đạt 40% kế hoạch", "đạt 47,37% kế hoạch") == "đạt [-40-]{+47,37+}% kế hoạch"
    assert mark_words("hoàn thành 8/20 chỉ tiêu", "hoàn thành 9/20 chỉ tiêu") == "hoàn thành [-8-]{+9+}/20 chỉ tiêu"
    assert mark_words("về việc thực hiện", "về thực hiện") == "về [-việc-] thực hiện"
    assert mark_words("a b", "a b c") == "a b {+c+}"
    assert mark_words("a b c", "a b") == "a b [-c-]"
    assert mark_words("Số 1.145 hồ sơ", "Số 1.146 hồ sơ") == "Số [-1.145-]{+1.146+} hồ sơ"
    assert mark_words("giống nhau", "giống nhau") == "giống nhau"


_NO_MARKS = st.text(st.characters(blacklist_characters="[]{}+-"))


@given(_NO_MARKS, _NO_MARKS)
def test_marked_text_keeps_every_word(old: str, new: str) -> None:
    """Words cover the whole text; without the removed parts and the marks, the new text is left."""
    assert "".join(_words(old)) == old
    marked = mark_words(old, new)
    kept = re.sub(r"\[-.*?-\]", " ", marked, flags=re.S).replace("{+", " ").replace("+}", " ")
    assert "".join(kept.split()) == "".join(new.split())


def test_correction_of_a_signed_report(tmp_path: Path) -> None:
    """Number and date, one appendix value, a reworded paragraph, a removed paragraph."""
    old = edited(EXAMPLES["002"], tmp_path / "ban-1.yaml")
    new = edited(
        EXAMPLES["002"],
        tmp_path / "ban-2.yaml",
        ("  number: 85 ", "  number: 86 "),
        ("  date: 2023-03-16", "  date: 2023-03-20"),
        (
            "thực hiện hoàn thành 8/20 chỉ tiêu, đạt 40% kế hoạch",
            "thực hiện hoàn thành 9/19 chỉ tiêu, đạt 47,37% kế hoạch",
        ),
        ('          - "Quý I huyện không phát sinh phản ánh của tổ chức, cá nhân về TTHC."\n', ""),
        ("    I.1.de_ra: 19\n", "    I.1.de_ra: 20\n"),
    )
    result = diff(old, new)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.output == (
        f"So sánh {old} → {new}\n"
        "\n"
        "Văn bản (2 thay đổi):\n"
        "  Số văn bản: 85 → 86\n"
        "  Ngày ký: 16/3/2023 → 20/3/2023\n"
        "\n"
        "Phụ lục (1 thay đổi):\n"
        "  I.1 'Số nhiệm vụ đề ra trong kế hoạch': 19 → 20\n"
        "\n"
        "Nội dung (2 thay đổi):\n"
        "  sửa (mục I.1, đoạn, dòng 40): Trên cơ sở các kế hoạch của Ủy ban nhân dân tỉnh, Ủy ban nhân dân"
        " huyện đã ban hành Kế hoạch số 03/KH-UBND ngày 04/01/2023 về thực hiện công tác CCHC năm 2023. Kết quả"
        " đến nay đã triển khai thực hiện hoàn thành [-8-]{+9+}/[-20-]{+19+} chỉ tiêu, đạt [-40-]{+47,37+}% kế"
        " hoạch.\n"
        "  bỏ (mục I.3, đoạn, dòng 59 của bản cũ): Quý I huyện không phát sinh phản ánh của tổ chức, cá nhân về"
        " TTHC.\n"
        "\n"
        "Tổng cộng 5 thay đổi.\n"
    )


def test_values_flow_into_derived_rows_and_printed_text(tmp_path: Path) -> None:
    """A source value changed: the computed ratio and the sentence citing it change as printed."""
    old = edited(EXAMPLES["004"], tmp_path / "cu.yaml")
    new = edited(
        EXAMPLES["004"],
        tmp_path / "moi.yaml",
        (
            '    I.1: {value: 86.96, note: "Kế hoạch số 02/KH-STTTT ngày 27/01/2022 về việc thực hiện cải cách'
            ' hành chính năm 2022"}',
            '    I.1: {note: "Kế hoạch số 02/KH-STTTT ngày 27/01/2022 về thực hiện cải cách hành chính năm 2022"}',
        ),
        ("    I.1.hoan_thanh: 40", "    I.1.hoan_thanh: 41"),
        ('  symbol: "BC-STTTT"\n', '  symbol: "BC-STTTT"\n  recipients: ["Sở Nội vụ tỉnh Sóc Trăng"]\n'),
        ("kiểm tra công tác CCHC 5/5 phòng", "kiểm tra công tác CCHC 4/5 phòng"),
        (
            '                      - "Sở phối hợp Sở Nội vụ tiếp tục duy trì',
            '                      - "Một ý mới về tuyên truyền."\n'
            '                      - "Sở phối hợp Sở Nội vụ tiếp tục duy trì',
        ),
    )
    result = diff(old, new)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"So sánh {old} → {new}\n"
        "\n"
        "Văn bản (1 thay đổi):\n"
        '  Kính gửi: thêm "Sở Nội vụ tỉnh Sóc Trăng"\n'
        "\n"
        "Phụ lục (2 thay đổi):\n"
        "  I.1 'Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)': 86,96% → 89,13% (tự tính);"
        " ghi chú: Kế hoạch số 02/KH-STTTT ngày 27/01/2022 về [-việc-] thực hiện cải cách hành chính năm 2022\n"
        "  I.1 'Số nhiệm vụ đã hoàn thành': 40 → 41\n"
        "\n"
        "Nội dung (3 thay đổi):\n"
        "  sửa (mục I.1.1.1, đoạn, dòng 42): Tính đến thời điểm báo cáo, Sở đã và đang triển khai thực hiện"
        " [-40-]{+41+}/46 phần việc theo Kế hoạch CCHC năm 2022 của Sở (Kế hoạch số 02/KH-STTTT ngày 27/01/2022),"
        " đạt tỷ lệ [-86,96-]{+89,13+}%.\n"
        "  sửa (mục I.1.1.3, ý, dòng 53): - Sở đã thực hiện kiểm tra công tác CCHC [-5-]{+4+}/5 phòng, đơn vị"
        " thuộc Sở theo kế hoạch đã đề ra (Kế hoạch số 16/KH-STTTT ngày 08/3/2022 về kiểm tra CCHC và kiểm tra"
        " công vụ năm 2022 của Sở).\n"
        "  thêm (mục I.1.1.5, ý, dòng 69): - Một ý mới về tuyên truyền.\n"
        "\n"
        "Tổng cộng 6 thay đổi.\n"
    )


def test_signature_subject_and_blank_value(tmp_path: Path) -> None:
    old = edited(EXAMPLES["004"], tmp_path / "cu.yaml")
    new = edited(
        EXAMPLES["004"],
        tmp_path / "moi.yaml",
        (
            '  subject: "Tình hình, kết quả thực hiện cải cách hành chính quý III năm 2022"',
            '  subject: "Kết quả thực hiện cải cách hành chính quý III năm 2022"',
        ),
        ('    I.2.don_vi: "01"\n', "    I.2.don_vi: ~\n"),
        ('    I.2.phong_ban: "04"\n', '    I.2.phong_ban: "4 (phòng)"\n'),
        (
            '  authority: "GIÁM ĐỐC"\n  name: "Nguyễn Hữu Hạnh"\n',
            '  prefix: "KT."\n  authority: "GIÁM ĐỐC"\n  title: "PHÓ GIÁM ĐỐC"\n  name: "Nguyễn Văn A"\n',
        ),
        ('    - "Lưu: VT"\n', '    - "Lưu: VT, VP"\n'),
    )
    result = diff(old, new)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2:] == [
        "Văn bản (4 thay đổi):",
        "  Trích yếu: [-Tình hình, kết-]{+Kết+} quả thực hiện cải cách hành chính quý III năm 2022",
        "  Thẩm quyền ký: GIÁM ĐỐC → KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
        "  Người ký: Nguyễn Hữu Hạnh → Nguyễn Văn A",
        "  Nơi nhận: Lưu: VT{+, VP+}",
        "",
        "Phụ lục (2 thay đổi):",
        "  I.2 'Số phòng ban đã kiểm tra': 4 → 4 (phòng)",
        "  I.2 'Số đơn vị trực thuộc đã kiểm tra': 1 → (trống)",
        "",
        "Tổng cộng 6 thay đổi.",
    ]


def test_same_report_has_no_changes(tmp_path: Path) -> None:
    copy = edited(EXAMPLES["000"], tmp_path / "ban-sao.yaml")
    result = diff(EXAMPLES["000"], copy)
    assert result.exit_code == 0
    assert result.output == f"So sánh {EXAMPLES['000']} → {copy}\n\nKhông có thay đổi.\n"


def test_errors_in_either_file_are_reported_as_by_check(tmp_path: Path) -> None:
    bad = edited(EXAMPLES["004"], tmp_path / "sai.yaml", ("    I.1.hoan_thanh: 40", "    I.1.hoan_thanh: bốn"))
    missing = tmp_path / "khong-co.yaml"
    result = diff(missing, bad)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{missing}: lỗi: không tìm thấy tệp\n"
        f"{bad}:218: lỗi: giá trị 'bốn' không phải là số; để trống (~) nếu không báo cáo\n"
    )
