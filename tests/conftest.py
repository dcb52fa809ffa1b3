"""Shared fixtures and helpers: the three real reports shipped as examples, the command line run in
process, LibreOffice and poppler for the tests that print, a landscape form, report YAML pieces.

Markers (registered in pyproject.toml, see tests/README.md):
- `slow`: left out of the fast loop `python -m pytest -m "not slow"`;
- `libreoffice`: runs LibreOffice (soffice) and poppler (pdftotext); every such test is also `slow`.
  Without them a `libreoffice` test is skipped on a developer's machine and fails under CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from cchc_docgen.cli import main
from cchc_docgen.core.disk_cache import ENV

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "000": ROOT / "data" / "so-tnmt-soc-trang" / "2023-nam.yaml",
    "004": ROOT / "data" / "so-tttt-soc-trang" / "2022-q3.yaml",
    "002": ROOT / "data" / "ubnd-cu-lao-dung" / "2023-q1.yaml",
}
#: The built-in forms (YAML), as shipped.
FORMS = ROOT / "cchc_docgen" / "forms"


@pytest.fixture(params=sorted(EXAMPLES), ids=lambda key: f"report-{key}")
def example(request: pytest.FixtureRequest) -> Path:
    """Each example report file in turn."""
    return EXAMPLES[request.param]


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Runs of the tool (in-process and child processes) keep their disk cache in a folder of this
    test session, never in the user's own cache folder."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv(ENV, str(folder))
    yield folder
    patch.undo()


# --- the command line -----------------------------------------------------------------------------


def run_cli(*args: str | Path, **kwargs: Any) -> Result:
    """`cchc-docgen ARGS…` in this process; `kwargs` go to CliRunner.invoke (env, terminal_width…)."""
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


# --- markers --------------------------------------------------------------------------------------

#: What a `libreoffice` test runs besides LibreOffice: poppler's PDF tools.
POPPLER_TOOLS = ("pdftotext", "pdfinfo", "pdffonts")


def find_soffice() -> str | None:
    """LibreOffice's executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that runs LibreOffice takes seconds: it is `slow` too."""
    for item in items:
        if item.get_closest_marker("libreoffice") is not None:
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A `libreoffice` test without LibreOffice or poppler is skipped on a developer's machine, and
    fails in CI (CI=true), where .ci/run installs them: it must never pass there unseen."""
    if item.get_closest_marker("libreoffice") is None:
        return
    missing = [tool for tool in POPPLER_TOOLS if shutil.which(tool) is None]
    if find_soffice() is None:
        missing.insert(0, "soffice")
    if missing:
        message = f"not installed: {', '.join(missing)} (LibreOffice, poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must have them", pytrace=False)
        pytest.skip(message)


# --- LibreOffice and poppler ----------------------------------------------------------------------


def soffice_to_pdf(files: list[Path], out: Path, profile: Path) -> list[Path]:
    """Convert `files` to PDF in `out` with one headless LibreOffice of its own profile folder
    `profile` (so that parallel runs work); the PDFs, in the order of `files`."""
    soffice = find_soffice()
    assert soffice is not None, "LibreOffice (soffice) is not installed"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    result = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    pdfs = [out / f"{file.stem}.pdf" for file in files]
    assert all(pdf.is_file() for pdf in pdfs), (pdfs, result.stderr.decode("utf-8", "replace"))
    return pdfs


def pdf_text(pdf: Path, *options: str) -> str:
    """The text poppler's `pdftotext OPTIONS…` reads in `pdf` (UTF-8; pages end in a form feed)."""
    return subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


# --- forms ----------------------------------------------------------------------------------------


def landscape_form_without_group(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    """The district form printed landscape and without its group heading over the value column,
    written to its own forms folder: (the form as read, the folder to pass as --forms-dir)."""
    form = yaml.safe_load((FORMS / "soctrang-cap-huyen.yaml").read_text(encoding="utf-8"))
    form["orientation"] = "landscape"
    del form["columns"]["group"]
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "soctrang-cap-huyen.yaml").write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
    return form, forms


# --- pieces of report YAML ------------------------------------------------------------------------
# Whole lines without their last line break, to stand on lines of their own in an f-string.

#: A made-up agency, on one line.
AGENCY_X = 'agency: {name: "SỞ X", full_name: "Sở X tỉnh Y", place: "Y"}'
#: The shortest signature.
SIGNED_GIAM_DOC = 'signature: {authority: "GIÁM ĐỐC"}'
#: Sở Nội vụ (without a parent body).
SO_NOI_VU = """\
agency:
  name: "SỞ NỘI VỤ"
  full_name: "Sở Nội vụ tỉnh Sóc Trăng"
  place: "Sóc Trăng\""""
#: The first lines of a Sở Nội vụ report's `document:` (recipients and the rest follow).
SO_NOI_VU_DOCUMENT = """\
document:
  number: 7
  symbol: "BC-SNV"
  date: 2023-06-20"""
#: A deputy director signing for the director, with the distribution list.
SIGNED_FOR_GIAM_DOC = """\
signature:
  prefix: "KT."
  authority: "GIÁM ĐỐC"
  title: "PHÓ GIÁM ĐỐC"
  name: "Nguyễn Văn A"
  distribution: ["Như trên", "Lưu: VT, VP"]"""
#: A Phụ lục on the sở/ban/ngành form with one typed value.
ONE_VALUE_APPENDIX = """\
appendix:
  form: soctrang-so-nganh
  values: {I.1.de_ra: 10}"""
