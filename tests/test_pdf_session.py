"""`--pdf` runs one LibreOffice session per batch: launches, pairing, timeout, clean-up (with a stand-in soffice)."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_docgen.cli import main
from cchc_docgen.core.errors import OutputError
from cchc_docgen.pipeline.build import BuildOptions, build

from .conftest import EXAMPLES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in soffice is a POSIX script")

#: A stand-in for LibreOffice: logs its command line, then for each source writes a "PDF" holding the
#: SHA-256 of the source it was made from, or misbehaves as MODE says.
FAKE_SOFFICE = """#!{python}
import hashlib, os, pathlib, subprocess, sys, time
args = sys.argv[1:]
with open({log!r}, "a", encoding="utf-8") as log:
    log.write("\\t".join(args) + "\\n")
out = pathlib.Path(args[args.index("--outdir") + 1])
sources = args[args.index("--outdir") + 2 :]
mode = {mode!r}
if mode == "hang":
    child = subprocess.Popen(["sleep", "300"])
    pathlib.Path({pids!r}).write_text(f"{{os.getpid()}} {{child.pid}}")
    time.sleep(300)
out.mkdir(parents=True, exist_ok=True)
for index, source in enumerate(sources):
    if mode == "slow":
        time.sleep(0.5)
    if mode == "skip-second" and index == 1:
        print("Error: source file could not be loaded", file=sys.stderr)
        continue
    digest = hashlib.sha256(pathlib.Path(source).read_bytes()).hexdigest()
    (out / (pathlib.Path(source).stem + ".pdf")).write_text("%PDF-1.4 " + digest)
"""


class FakeSoffice:
    """A soffice on PATH that records each launch."""

    def __init__(self, folder: Path, mode: str) -> None:
        self.log = folder / "launches.log"
        self.pids = folder / "pids"
        folder.mkdir(parents=True, exist_ok=True)
        script = folder / "soffice"
        script.write_text(
            FAKE_SOFFICE.format(python=sys.executable, log=str(self.log), mode=mode, pids=str(self.pids)),
            encoding="utf-8",
        )
        script.chmod(0o755)

    def launches(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [line.split("\t") for line in self.log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> FakeSoffice:
    fake = FakeSoffice(tmp_path / "bin", getattr(request, "param", "ok"))
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # to see that the session's folder is removed
    return fake


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_batch_is_converted_in_one_launch_and_each_pdf_comes_from_its_docx(
    fake_soffice: FakeSoffice, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    reports = [str(EXAMPLES[key]) for key in ("002", "004", "000")]
    result = CliRunner().invoke(main, ["build", "--pdf", "--jobs", "2", *reports, "-o", str(out)])
    assert result.exit_code == 0, result.output
    launches = fake_soffice.launches()
    assert len(launches) == 1
    assert sum(arg.endswith(".docx") for arg in launches[0]) == 6  # 3 BÁO CÁO + 3 Phụ lục
    assert any(arg.startswith("-env:UserInstallation=file:") for arg in launches[0])  # a private profile
    written = [Path(line) for line in result.stdout.splitlines()]
    assert len(written) == 15
    for pdf in (p for p in written if p.suffix == ".pdf"):
        docx = pdf.with_suffix(".docx")
        assert docx in written
        assert pdf.read_text() == f"%PDF-1.4 {sha(docx)}", pdf.name  # made from the matching document
    assert files_in(tmp_path / "temp") == []  # the session's folder (profile, copies) is gone


@pytest.mark.slow  # waits out a stand-in LibreOffice
@pytest.mark.parametrize("fake_soffice", ["slow"], indirect=True)
def test_timeout_is_per_document_not_per_batch(fake_soffice: FakeSoffice, tmp_path: Path) -> None:
    """Four documents at 0.5 s each take 2 s in all: a 1-second timeout must not cut a working session."""
    out = tmp_path / "out"
    options = BuildOptions(out_dir=out, pdf=True, appendix_xlsx=False, pdf_timeout=1, jobs=1)
    written, _ = build([EXAMPLES["002"], EXAMPLES["004"]], options)
    assert len([p for p in written if p.suffix == ".pdf"]) == 4
    assert len(fake_soffice.launches()) == 1


@pytest.mark.slow  # waits out a timeout, kills processes
@pytest.mark.parametrize("fake_soffice", ["hang"], indirect=True)
def test_hung_session_is_killed_with_its_children_and_nothing_is_written(
    fake_soffice: FakeSoffice, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    started = time.monotonic()
    with pytest.raises(OutputError) as caught:
        build([EXAMPLES["002"]], BuildOptions(out_dir=out, pdf=True, pdf_timeout=1, jobs=1))
    assert time.monotonic() - started < 30
    target = out / "huyen-cu-lao-dung-2023-q1-bao-cao.pdf"
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{target}: lỗi: LibreOffice không trả lời sau 1 giây; chưa tạo được PDF"
        " (hãy đóng các cửa sổ LibreOffice bị treo rồi chạy lại, hoặc cho chờ lâu hơn với --pdf-timeout)"
    ]
    assert files_in(out) == []  # no DOCX either: all or nothing
    assert files_in(tmp_path / "temp") == []
    for pid in map(int, fake_soffice.pids.read_text().split()):
        assert not _alive(pid), pid  # the launcher and the process it started are both gone


@pytest.mark.parametrize("fake_soffice", ["skip-second"], indirect=True)
def test_document_libreoffice_cannot_convert_is_named(fake_soffice: FakeSoffice, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--pdf", str(EXAMPLES["002"]), "-o", str(out)])
    assert result.exit_code == 1
    target = out / "huyen-cu-lao-dung-2023-q1-phu-luc.pdf"
    assert f"{target}: lỗi: LibreOffice không tạo được PDF Error: source file could not be loaded" in result.output
    assert files_in(out) == []


def test_earlier_outputs_survive_a_failed_pdf_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    first = FakeSoffice(tmp_path / "ok", "ok")
    monkeypatch.setenv("PATH", f"{tmp_path / 'ok'}{os.pathsep}{os.environ['PATH']}")
    assert CliRunner().invoke(main, ["build", "--pdf", str(EXAMPLES["002"]), "-o", str(out)]).exit_code == 0
    before = {p: p.read_bytes() for p in files_in(out)}
    assert len(before) == 5 and len(first.launches()) == 1

    FakeSoffice(tmp_path / "broken", "skip-second")
    monkeypatch.setenv("PATH", f"{tmp_path / 'broken'}{os.pathsep}{os.environ['PATH']}")
    changed = tmp_path / "changed.yaml"
    changed.write_text(EXAMPLES["002"].read_text(encoding="utf-8").replace("I.1.de_ra: 19", "I.1.de_ra: 20"))
    result = CliRunner().invoke(main, ["build", "--pdf", str(changed), "-o", str(out)])
    assert result.exit_code == 1
    target = out / "huyen-cu-lao-dung-2023-q1-phu-luc.pdf"
    assert result.stderr == f"{target}: lỗi: LibreOffice không tạo được PDF Error: source file could not be loaded\n"
    assert result.stdout == ""
    assert {p: p.read_bytes() for p in files_in(out)} == before


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (killed, not yet reaped by its parent) counts as gone
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state != "Z"
