"""`build --pdf-timeout SECONDS` and CCHC_DOCGEN_PDF_TIMEOUT: how long LibreOffice may go without
finishing a document; a value that is not a positive number is refused, naming where it was given."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_docgen.cli import main
from cchc_docgen.cli.documents import PDF_TIMEOUT_ENV
from cchc_docgen.pipeline import build as build_module
from cchc_docgen.pipeline import pdf

from .conftest import EXAMPLES
from .test_pdf_session import FakeSoffice, fake_soffice, files_in

__all__ = ["fake_soffice"]  # the fixture, used by name

REPORT = str(EXAMPLES["002"])


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def timeouts(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The timeout each PDF batch is converted with (LibreOffice itself is not run)."""
    seen: list[float] = []

    def convert_batch(conversions: object, timeout: float, source_suffix: str = "") -> list[object]:
        seen.append(timeout)
        for conversion in conversions:  # type: ignore[attr-defined]
            conversion.target.write_bytes(b"%PDF-1.4")
        return []  # no warning (about the font)

    monkeypatch.setattr(pdf, "convert_batch", convert_batch)
    return seen


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, float(pdf.DEFAULT_TIMEOUT)),
        (["--pdf-timeout", "600"], {}, 600.0),
        (["--pdf-timeout", " 2.5 "], {}, 2.5),
        ([], {PDF_TIMEOUT_ENV: "900"}, 900.0),
        (["--pdf-timeout", "30"], {PDF_TIMEOUT_ENV: "900"}, 30.0),  # the command line wins
        ([], {PDF_TIMEOUT_ENV: ""}, float(pdf.DEFAULT_TIMEOUT)),  # set but empty: not given
    ],
)
def test_the_timeout_given_is_the_one_used(
    timeouts: list[float], tmp_path: Path, args: list[str], env: dict[str, str], expected: float
) -> None:
    code, stdout, stderr = run("--pdf", *args, REPORT, "-o", str(tmp_path), env={PDF_TIMEOUT_ENV: "", **env})
    assert code == 0, stderr
    assert timeouts == [expected]
    assert len([line for line in stdout.splitlines() if line.endswith(".pdf")]) == 2


BAD = ["0", "-5", "0.0", "abc", "10s", "1,5", "nan", "inf", "1e999", ""]


# An empty variable is a variable not set (above): only the option can be given empty.
@pytest.mark.parametrize(("value", "given"), [(v, "option") for v in BAD] + [(v, "environment") for v in BAD if v])
def test_a_timeout_that_is_not_a_positive_number_is_refused(
    timeouts: list[float], tmp_path: Path, value: str, given: str
) -> None:
    out = tmp_path / "out"
    if given == "option":
        code, stdout, stderr = run("--pdf", "--pdf-timeout", value, REPORT, "-o", str(out))
        where = "--pdf-timeout"
    else:
        code, stdout, stderr = run("--pdf", REPORT, "-o", str(out), env={PDF_TIMEOUT_ENV: value})
        where = PDF_TIMEOUT_ENV
    assert code == 1
    assert stderr == (
        f"{where}: lỗi: thời gian chờ LibreOffice '{value}' không hợp lệ; hãy ghi số giây lớn hơn 0, ví dụ 600\n"
    )
    assert stdout == ""
    assert timeouts == []
    assert not out.exists()


def test_help_names_the_option_its_default_and_variable() -> None:
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert (
        "--pdf-timeout GIÂY Với --pdf: LibreOffice quá số giây này mà chưa xong thêm văn bản nào thì bị coi là"
        f" treo và bị dừng (mặc định: {pdf.DEFAULT_TIMEOUT}; tăng lên cho văn bản rất dài hoặc máy chậm)."
        f" [biến môi trường: {PDF_TIMEOUT_ENV}]"
    ) in text


@pytest.mark.slow  # waits out a timeout, kills processes
@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in soffice is a POSIX script")
@pytest.mark.parametrize("fake_soffice", ["hang"], indirect=True)
@pytest.mark.parametrize(
    ("args", "env", "shown"),
    [(["--pdf-timeout", "0.5"], {}, "0.5"), ([], {PDF_TIMEOUT_ENV: "1"}, "1")],
)
def test_a_hung_libreoffice_is_stopped_after_the_timeout_given(
    fake_soffice: FakeSoffice, tmp_path: Path, args: list[str], env: dict[str, str], shown: str
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("--pdf", *args, REPORT, "-o", str(out), env=env)
    assert code == 1
    target = out / "huyen-cu-lao-dung-2023-q1-bao-cao.pdf"
    assert stderr == (
        f"{target}: lỗi: LibreOffice không trả lời sau {shown} giây; chưa tạo được PDF (hãy đóng các cửa sổ"
        " LibreOffice bị treo rồi chạy lại, hoặc cho chờ lâu hơn với --pdf-timeout)\n"
    )
    assert stdout == ""
    assert files_in(out) == []  # nothing written: all or nothing
    assert len(fake_soffice.launches()) == 1


def test_the_build_module_passes_the_default_on(timeouts: list[float], tmp_path: Path) -> None:
    build_module.build([EXAMPLES["002"]], build_module.BuildOptions(out_dir=tmp_path, pdf=True, jobs=1))
    assert timeouts == [pdf.DEFAULT_TIMEOUT]
