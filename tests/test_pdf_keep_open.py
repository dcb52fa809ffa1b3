"""`build --watch --pdf`: one LibreOffice kept open across conversions (`PdfSession`), started again
when it dies, closed with nothing left behind."""

from __future__ import annotations

import os
import signal
import tempfile
import time
from pathlib import Path

import pytest

from cchc_docgen.pipeline.build import BuildOptions, build
from cchc_docgen.pipeline.pdf import Conversion
from cchc_docgen.pipeline.pdf_session import PdfSession

from .conftest import EXAMPLES, pdf_text

pytestmark = pytest.mark.libreoffice


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc; process groups")
def test_one_office_converts_build_after_build_and_a_dead_one_is_started_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # to see that the session's folder is removed
    docs = tmp_path / "docs"
    build([EXAMPLES["002"]], BuildOptions(out_dir=docs, appendix_xlsx=False, jobs=1))
    bao_cao = docs / "huyen-cu-lao-dung-2023-q1-bao-cao.docx"
    phu_luc = docs / "huyen-cu-lao-dung-2023-q1-phu-luc.docx"
    pdfs = tmp_path / "pdf"
    pdfs.mkdir()
    with PdfSession(timeout=120) as session:
        session.convert([Conversion(bao_cao, pdfs / "1.pdf")])
        office = session.office_pid
        assert office is not None and session.starts == 1
        session.convert([Conversion(phu_luc, pdfs / "2.pdf"), Conversion(bao_cao, pdfs / "3.pdf")])
        assert session.office_pid == office and session.starts == 1  # the same office, kept open

        os.killpg(office, signal.SIGKILL)  # the office dies: its launcher and the soffice.bin it runs
        deadline = time.monotonic() + 10
        while session.office_pid is not None and time.monotonic() < deadline:
            time.sleep(0.05)  # a killed process is reaped once all its threads are gone
        session.convert([Conversion(phu_luc, pdfs / "4.pdf")])
        assert session.starts == 2 and session.office_pid not in (None, office)
        last = session.office_pid
        pipe = session.pipe
        assert pipe is not None and pipe.exists()  # the check below sees the right file
    assert last is not None and not running(last)
    assert not pipe.exists()  # the killed office's single-instance pipe is gone too
    assert sorted(os.listdir(temp)) == []  # profile, copies and LibreOffice's own temporaries gone
    assert "Số: 85/BC-UBND" in pdf_text(pdfs / "1.pdf") and "Số: 85/BC-UBND" in pdf_text(pdfs / "3.pdf")
    for name in ("2.pdf", "4.pdf"):
        assert "CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023" in pdf_text(pdfs / name)
