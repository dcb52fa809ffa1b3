"""Bad files: each gets a clear Vietnamese message with exit code 1 (the README table)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cchc_docgen.core.file_names import slugify
from cchc_docgen.core.text_file import MAX_FILE_BYTES

from .conftest import run_cli
from .test_check import BASE


def check(path: Path) -> tuple[int, str]:
    result = run_cli("check", path)
    return result.exit_code, result.output


def test_directory(tmp_path: Path) -> None:
    code, out = check(tmp_path)
    assert code == 1
    assert f"{tmp_path}: lỗi: đây là một thư mục, không phải tệp YAML" in out


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("  \n", encoding="utf-8")
    code, out = check(path)
    assert (code, out.splitlines()[0]) == (1, f"{path}: lỗi: tệp rỗng")


def test_windows_1258_file_names_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(BASE.encode("cp1258", errors="replace"))
    code, out = check(path)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}:2: lỗi: tệp không phải mã UTF-8 (có vẻ là Windows-1258); hãy mở bằng Notepad và lưu lại"
        " với Mã hóa: UTF-8"
    )


def test_utf16_file_names_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(BASE, encoding="utf-16")
    code, out = check(path)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}: lỗi: tệp được lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8)"
    )


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    assert check(path)[0] == 0


def test_tabs_in_indentation(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(BASE.replace("  place:", "\tplace:"), encoding="utf-8")
    code, out = check(path)
    assert code == 1
    assert out.splitlines()[0] == f"{path}:5: lỗi: lỗi cú pháp YAML: có ký tự tab; YAML chỉ thụt lề bằng dấu cách"


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    code, out = check(path)
    assert time.perf_counter() - start < 2
    assert code == 1
    assert f"{path}:1: lỗi: không hỗ trợ neo/bí danh YAML (&, *); hãy viết đầy đủ nội dung" in out


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(BASE + "#" * (MAX_FILE_BYTES + 1), encoding="utf-8")
    code, out = check(path)
    assert code == 1
    assert f"{path}: lỗi: tệp quá lớn (2048 KB); giới hạn là 2048 KB" in out


def test_control_character_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(BASE.replace('"Sóc Trăng"', '"Sóc\\x07 Trăng"'), encoding="utf-8")
    code, out = check(path)
    assert code == 1
    assert f"{path}:5: lỗi: có ký tự điều khiển không hợp lệ (thường do dán từ nơi khác); hãy xóa ký tự đó" in out


def test_decomposed_vietnamese_is_normalised(tmp_path: Path) -> None:
    import unicodedata

    from cchc_docgen import load_checked

    path = tmp_path / "r.yaml"
    path.write_text(unicodedata.normalize("NFD", BASE), encoding="utf-8")
    checked = load_checked(path)
    assert checked.report.agency.place == "Sóc Trăng" == unicodedata.normalize("NFC", "Sóc Trăng")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "so-thong-tin-va-truyen-thong"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("CON", "con-"),
        ("nul", "nul-"),
        ("😀 ‮", "bao-cao"),
        ("..", "bao-cao"),
        ("Đắk Lắk " * 20, "dak-lak-" * 6 + "dak-bdb86736"),
    ],
)
def test_names_become_safe_file_names(text: str, slug: str) -> None:
    assert slugify(text) == slug
