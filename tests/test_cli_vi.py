"""The command line speaks Vietnamese: click's own help and error words, -h, --debug, legacy consoles."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from cchc_docgen.cli import main
from cchc_docgen.cli.click_vi import MESSAGES
from cchc_docgen.cli.console import best_fit

from .conftest import EXAMPLES, run_cli

ENGLISH = ("Usage", "Options", "Commands", "Show this message", "required]", "default:", "Error", "Try ", "Missing")
#: click's default metavars: every option names its value in Vietnamese instead.
ENGLISH_METAVARS = (" TEXT", " PATH", " FILE", " DIRECTORY", " INTEGER", " FLOAT", " RANGE", " COMMAND", " ARGS")


def run(*args: str) -> Result:
    return run_cli(*args, terminal_width=100)


def test_every_message_of_installed_click_is_translated() -> None:
    """Each string click passes to gettext/ngettext has a Vietnamese entry (catches a click upgrade)."""
    missing = []
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                for arg in node.args[: 2 if node.func.id == "ngettext" else 1]:
                    if isinstance(arg, ast.Constant) and arg.value not in MESSAGES:
                        missing.append(f"{source.name}:{node.lineno}: {arg.value!r}")
    assert missing == []


def test_group_help_in_vietnamese() -> None:
    result = run("-h")
    assert result.exit_code == 0
    assert result.output.startswith(
        "Cách dùng: cchc-docgen [TÙY_CHỌN] LỆNH [THAM_SỐ]...\n\n"
        "  Tạo báo cáo cải cách hành chính (BÁO CÁO và Phụ lục) từ tệp YAML.\n\n"
        "Tùy chọn:\n"
        "  --version   Hiện phiên bản rồi thoát.\n"
        "  --debug     In chi tiết lỗi (traceback) để báo lỗi cho nhà phát triển.\n"
        "  -h, --help  Hiện hướng dẫn này rồi thoát.\n\n"
        "Lệnh:\n"
    )
    listed = {line.split()[0] for line in result.output.split("Lệnh:\n")[1].splitlines() if line.startswith("  ")}
    assert listed == set(main.commands)  # type: ignore[attr-defined]
    assert re.search(r"^  check +Kiểm tra tệp báo cáo: cú pháp, chỉ tiêu, số liệu, tham chiếu\.$", result.output, re.M)


def test_command_help_exact() -> None:
    result = run("appendix", "-h")
    assert result.exit_code == 0
    assert result.output == (
        "Cách dùng: cchc-docgen appendix [TÙY_CHỌN] TỆP...\n\n"
        "  Chỉ tạo Phụ lục số liệu (.docx và/hoặc .xlsx), không tạo BÁO CÁO.\n\n"
        "Tùy chọn:\n"
        "  -o, --output THƯ_MỤC      Thư mục ghi kết quả (mặc định: output/<cơ-quan>/<kỳ>/).\n"
        "  --format [docx|xlsx|all]  Định dạng Phụ lục cần tạo.  [mặc định: all]\n"
        "  -j, --jobs SỐ             Số báo cáo được xử lý song song (mặc định: số lõi CPU của máy; 1: lần\n"
        "                            lượt trong một tiến trình).\n"
        "  --watch                   Chạy liên tục: mỗi lần lưu tệp báo cáo (hay biểu mẫu, mẫu Word của nó)\n"
        "                            thì tạo lại văn bản của báo cáo đó; có lỗi thì giữ bản đã tạo lần trước.\n"
        "                            Ctrl+C để dừng.\n"
        "  --forms-dir THƯ_MỤC       Thư mục chứa thêm biểu mẫu phụ lục (*.yaml); có thể dùng nhiều lần.\n"
        "  --debug                   In chi tiết lỗi (traceback) để báo lỗi cho nhà phát triển.\n"
        "  -h, --help                Hiện hướng dẫn này rồi thoát.\n"
    )


@pytest.mark.parametrize("command", sorted(main.commands))  # type: ignore[attr-defined]
def test_dash_h_on_every_command_without_english(command: str) -> None:
    for flag in ("-h", "--help"):
        result = run(command, flag)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Cách dùng: cchc-docgen {command} [TÙY_CHỌN]")
        assert "\nTùy chọn:\n" in result.output
        assert "  -h, --help " in result.output
        assert "--debug " in result.output
        assert [word for word in ENGLISH + ENGLISH_METAVARS if word in result.output] == []


def test_required_marker_in_vietnamese() -> None:
    result = run("init", "--help")
    lines = [" ".join(line.split()) for line in result.output.splitlines()]  # columns as wide as the options
    assert "-o, --output TỆP Tệp YAML cần tạo. [bắt buộc]" in lines


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (["nope"], "cchc-docgen [TÙY_CHỌN] LỆNH [THAM_SỐ]...", "Lỗi: Không có lệnh 'nope'."),
        (["check"], "cchc-docgen check [TÙY_CHỌN] TỆP...", "Lỗi: Thiếu tham số 'TỆP...'."),
        (["init", "--period", "2024-Q1"], "cchc-docgen init [TÙY_CHỌN]", "Lỗi: Thiếu tùy chọn '-o' / '--output'."),
        (
            ["appendix", "--format", "pdf", "r.yaml"],
            "cchc-docgen appendix [TÙY_CHỌN] TỆP...",
            "Lỗi: Giá trị không hợp lệ cho '--format': 'pdf' không phải một trong các giá trị 'docx', 'xlsx', 'all'.",
        ),
        (
            ["build", "--pfd", "r.yaml"],
            "cchc-docgen build [TÙY_CHỌN] TỆP...",
            "Lỗi: Không có tùy chọn '--pfd'. Có phải ý bạn là '--pdf'?",
        ),
        (["forms", "thừa"], "cchc-docgen forms [TÙY_CHỌN] [LỆNH] [THAM_SỐ]...", "Lỗi: Không có lệnh 'thừa'."),
        (
            ["check", "-j", "0", "r.yaml"],
            "cchc-docgen check [TÙY_CHỌN] TỆP...",
            "Lỗi: Giá trị không hợp lệ cho '-j' / '--jobs': 0 không được; hãy ghi một số từ 1 trở lên"
            " (1: làm lần lượt từng báo cáo)",
        ),
    ],
)
def test_usage_errors_in_vietnamese(args: list[str], usage: str, message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    command = "cchc-docgen" if args == ["nope"] else f"cchc-docgen {args[0]}"
    assert result.stderr == f"Cách dùng: {usage}\nXem '{command} --help' để biết cách dùng.\n\n{message}\n"


def test_option_without_value() -> None:
    result = run("init", "--period")
    assert result.exit_code == 2
    assert result.stderr == "Lỗi: Tùy chọn '--period' cần một giá trị.\n"


def test_path_errors_in_vietnamese(tmp_path: Path) -> None:
    a_file = tmp_path / "bieu-mau.yaml"
    a_file.write_text("x: 1\n", encoding="utf-8")
    result = run("forms", "--forms-dir", str(a_file))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Lỗi: Giá trị không hợp lệ cho '--forms-dir': '{a_file}' là một tệp, không phải thư mục.\n"
    )


@pytest.mark.parametrize("position", ["before", "after"])
def test_debug_before_or_after_the_command(tmp_path: Path, position: str) -> None:
    missing = str(tmp_path / "khong-co.yaml")
    args = ["--debug", "build", missing] if position == "before" else ["build", missing, "--debug"]
    result = run(*args)
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.endswith(f"{missing}: lỗi: không tìm thấy tệp\n")


def test_no_traceback_without_debug(tmp_path: Path) -> None:
    missing = str(tmp_path / "khong-co.yaml")
    result = run("build", missing)
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: lỗi: không tìm thấy tệp\n"


VIETNAMESE_LETTERS = (
    "".join(
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    )
    + "đĐ"
)


def test_best_fit_writes_every_vietnamese_letter_in_cp1258() -> None:
    """Windows-1258 holds Vietnamese as letters plus tone marks: nothing is lost."""
    written = "".join(best_fit(letter, "cp1258") for letter in VIETNAMESE_LETTERS)
    assert unicodedata.normalize("NFC", written.encode("cp1258").decode("cp1258")) == VIETNAMESE_LETTERS


def test_best_fit_falls_back_to_bare_letters() -> None:
    assert "".join(best_fit(c, "cp437") for c in "Đã kiểm tra tệp") == "Da kiêm tra têp"
    assert best_fit("ệ", "ascii") == "e"
    assert best_fit("→", "cp1258") == "?"


def _run_console(encoding: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    command = [sys.executable, "-m", "cchc_docgen", *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)


def _shown(raw: bytes, encoding: str) -> str:
    return unicodedata.normalize("NFC", raw.decode(encoding))


def test_cp1258_console_prints_vietnamese_without_crash(tmp_path: Path) -> None:
    """Output redirected on a Vietnamese Windows console (cp1258): no UnicodeEncodeError, text intact."""
    bad = tmp_path / "r.yaml"
    bad.write_text("agency: [\n", encoding="utf-8")
    result = _run_console("cp1258", "check", "r.yaml", "khong-co.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    shown = _shown(result.stdout, "cp1258")
    assert shown.endswith("khong-co.yaml: lỗi: không tìm thấy tệp\nĐã kiểm tra 2 tệp: 2 lỗi, 0 cảnh báo.\n")
    assert shown.startswith("r.yaml:2: lỗi: lỗi cú pháp YAML")

    usage = _run_console("cp1258", "nope", cwd=tmp_path)
    assert usage.returncode == 2
    assert _shown(usage.stderr, "cp1258") == (
        "Cách dùng: python -m cchc_docgen [TÙY_CHỌN] LỆNH [THAM_SỐ]...\n"
        "Xem 'python -m cchc_docgen --help' để biết cách dùng.\n\nLỗi: Không có lệnh 'nope'.\n"
    )
    helped = _run_console("cp1258", "build", "-h", cwd=tmp_path)
    assert helped.returncode == 0
    assert "Kiểm tra rồi tạo BÁO CÁO (.docx)" in _shown(helped.stdout, "cp1258")


def test_cp437_console_degrades_to_bare_letters(tmp_path: Path) -> None:
    result = _run_console("cp437", "check", str(EXAMPLES["004"]), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("cp437").endswith("Da kiêm tra 1 têp: 0 lôi, 0 canh báo.\n")


def test_a_fault_of_the_program_is_one_vietnamese_line_without_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An unexpected exception (a bug, not a user mistake) gives one line and exit 3; --debug adds the traceback."""
    import cchc_docgen.cli.checking as cli_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(cli_module, "available_forms", broken)
    result = CliRunner().invoke(main, ["forms"])
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        "lỗi: lỗi bên trong chương trình (KeyError: 'boom'); đây không phải lỗi của tệp báo cáo."
        " Hãy chạy lại lệnh với --debug và gửi toàn bộ nội dung in ra cho người phát triển."
    ]
    assert "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["forms", "--debug"])
    assert debug.exit_code == 3 and "Traceback" in debug.output
