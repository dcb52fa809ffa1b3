"""`build --watch`: a resident session rebuilds at each save, keeps the last good documents on an
error, follows the form file, and stops cleanly on Ctrl+C (SIGINT)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest

from cchc_docgen.pipeline.build import BuildOptions
from cchc_docgen.pipeline.watch import WatchSession, watch

from .appendix_xlsx_read import read_appendix_xlsx
from .conftest import EXAMPLES, FORMS, ROOT

REPORT = EXAMPLES["004"]  # Sở TTTT, quý III năm 2022: I.1.de_ra 46, I.1.hoan_thanh 40
PREFIX = "so-thong-tin-va-truyen-thong-2022-q3"
#: How long a rebuild may take to show on a busy machine before the test gives up.
WAIT_SECONDS = 60.0


def save(path: Path, text: str) -> None:
    """Save as editors do: write a temporary file beside it, then rename it over the file."""
    temporary = path.with_name(f".{path.name}.swp-save")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def bao_cao_text(out: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(out / f"{PREFIX}-bao-cao.docx")).paragraphs)


def phu_luc_docx_row(out: Path, label: str) -> list[str]:
    """The cells of the Phụ lục DOCX row of an indicator (rendered by the session's helper process)."""
    document = docx.Document(str(out / f"{PREFIX}-phu-luc.docx"))
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if label in cells:
                return cells
    raise AssertionError(f"no row {label!r}")


def planned_tasks(out: Path) -> int | float | None:
    return read_appendix_xlsx(out / f"{PREFIX}-phu-luc.xlsx")["I.1.de_ra"][0]


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".cchc-"))


class Session:
    """`cchc-docgen build --watch` in a child process, its standard error read line by line."""

    def __init__(self, report: Path, out: Path) -> None:
        command = [sys.executable, "-m", "cchc_docgen", "build", "--watch", str(report), "-o", str(out)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, args=(stream,), daemon=True)
            for stream in (self.process.stdout, self.process.stderr)
        ]
        for reader in self.readers:
            reader.start()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for reader in self.readers:
            reader.join(WAIT_SECONDS)
        for stream in (self.process.stdout, self.process.stderr):
            assert stream is not None
            stream.close()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, wanted: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if wanted(line):
                return line
        raise AssertionError("not seen in time:\n" + "\n".join(self.seen))


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    report = tmp_path / "r.yaml"
    report.write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    running = Session(report, tmp_path / "out")
    try:
        yield running
    finally:
        running.close()


@pytest.mark.slow  # a child process watching files for several saves
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_a_save_rebuilds_an_error_keeps_the_last_good_documents_and_ctrl_c_stops(
    session: Session, tmp_path: Path
) -> None:
    report, out = tmp_path / "r.yaml", tmp_path / "out"
    text = report.read_text(encoding="utf-8")
    session.wait_for(lambda line: line.startswith("Đang theo dõi 1 báo cáo"))
    assert planned_tasks(out) == 46
    assert "thực hiện 40/46 phần việc" in bao_cao_text(out)
    assert "46" in phu_luc_docx_row(out, "Số nhiệm vụ đề ra trong kế hoạch")

    save(report, text.replace("I.1.de_ra: 46", "I.1.de_ra: 47"))
    session.wait_for(lambda line: line.endswith("r.yaml: đã tạo lại") or ": đã tạo lại (" in line)
    change = session.wait_for(lambda line: "I.1 'Số nhiệm vụ đề ra trong kế hoạch'" in line)
    assert change == "  I.1 'Số nhiệm vụ đề ra trong kế hoạch': 46 → 47"
    assert planned_tasks(out) == 47
    assert "thực hiện 40/47 phần việc" in bao_cao_text(out)
    assert "47" in phu_luc_docx_row(out, "Số nhiệm vụ đề ra trong kế hoạch")
    good = {p.name: p.read_bytes() for p in out.iterdir()}

    save(report, text.replace("I.1.de_ra: 46", "I.1.de_ra: -1"))
    error = session.wait_for(lambda line: ": lỗi: " in line)
    assert error == f"{report}:217: lỗi: I.1 'Số nhiệm vụ đề ra trong kế hoạch': giá trị -1 không được âm"
    kept = session.wait_for(lambda line: "có lỗi" in line)
    assert kept.endswith(f"{report}: có lỗi, giữ nguyên văn bản đã tạo lần trước; sửa rồi lưu lại tệp để tạo lại")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == good  # the last good documents, untouched

    save(report, text.replace("I.1.de_ra: 46", "I.1.de_ra: 48"))
    change = session.wait_for(lambda line: "I.1 'Số nhiệm vụ đề ra trong kế hoạch'" in line)
    assert change == "  I.1 'Số nhiệm vụ đề ra trong kế hoạch': 47 → 48"  # against the last good version
    session.wait_for(lambda line: line.endswith("-phu-luc.xlsx"))
    assert planned_tasks(out) == 48
    assert "thực hiện 40/48 phần việc" in bao_cao_text(out)
    assert "48" in phu_luc_docx_row(out, "Số nhiệm vụ đề ra trong kế hoạch")

    session.process.send_signal(signal.SIGINT)
    assert session.process.wait(timeout=WAIT_SECONDS) == 0
    session.wait_for(lambda line: line == "Đã dừng theo dõi.")
    assert temporaries(out) == []
    assert sorted(p.name for p in out.iterdir()) == [
        f"{PREFIX}-bao-cao.docx",
        f"{PREFIX}-phu-luc.docx",
        f"{PREFIX}-phu-luc.xlsx",
    ]


def test_a_change_of_the_form_rebuilds_the_report_that_uses_it(tmp_path: Path) -> None:
    """The form from --forms-dir is read again when saved, and the Phụ lục shows its new wording."""
    forms = tmp_path / "forms"
    forms.mkdir()
    form = forms / "soctrang-so-nganh.yaml"
    form_text = (FORMS / "soctrang-so-nganh.yaml").read_text(encoding="utf-8")
    form.write_text(form_text, encoding="utf-8")
    report = tmp_path / "r.yaml"
    report.write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    options = BuildOptions(out_dir=out, bao_cao=False, appendix_docx=False, forms_dirs=(forms,))
    lines: list[str] = []
    stop, ready = threading.Event(), threading.Event()
    sessions: list[WatchSession] = []

    def on_ready(session: WatchSession) -> None:
        sessions.append(session)
        ready.set()

    def echo(text: str, _err: bool) -> None:
        lines.append(text)

    thread = threading.Thread(target=watch, args=([report], options, echo, stop, on_ready), daemon=True)
    thread.start()
    try:
        assert ready.wait(WAIT_SECONDS), lines
        assert sessions[0].builds == 1
        label = "Số nhiệm vụ đề ra trong kế hoạch"
        assert label in cells(out / f"{PREFIX}-phu-luc.xlsx")
        save(form, form_text.replace(f'label: "{label}"', f'label: "{label} năm 2022"', 1))
        deadline = time.monotonic() + WAIT_SECONDS
        while sessions[0].builds < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sessions[0].builds == 2, lines
        assert f"{label} năm 2022" in cells(out / f"{PREFIX}-phu-luc.xlsx")
        assert "  không có thay đổi về nội dung (biểu mẫu hoặc mẫu Word đã sửa, hoặc chỉ sửa chú thích)" in lines
        assert lines[-1] == f"  {out / f'{PREFIX}-phu-luc.xlsx'}"
    finally:
        stop.set()
        thread.join(WAIT_SECONDS)
    assert not thread.is_alive()
    assert temporaries(out) == []


def cells(path: Path) -> set[str]:
    from openpyxl import load_workbook

    sheet = load_workbook(path).worksheets[0]
    return {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None}
