"""Outputs are committed all or nothing: a locked target, a failed rename or a SIGKILL between
renames never leaves a mixed old/new set; stale outputs and temporary files are removed; files
get normal permissions; long agency names never share a file name."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT, run_cli
from .test_check import BASE


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def own_temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".cchc-"))


def report(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def changed_report(tmp_path: Path) -> Path:
    """The Cù Lao Dung example with one value changed, so that every output differs."""
    text = EXAMPLES["002"].read_text(encoding="utf-8")
    changed = text.replace("I.1.de_ra: 19", "I.1.de_ra: 20")
    assert changed != text
    return report(tmp_path, "changed.yaml", changed)


def run(*args: str) -> tuple[int, str]:
    result = run_cli(*args)
    return result.exit_code, result.output


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


# --- a locked or failing rename ---------------------------------------------------------------


def lock(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """`target` behaves like a file open in Excel on Windows: no rename from or onto it."""
    real_replace = os.replace

    def locked(src, dst):  # type: ignore[no-untyped-def]
        if target in (Path(src), Path(dst)):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)


def test_locked_last_target_leaves_every_output_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    code, output = run("build", str(EXAMPLES["002"]), "-o", str(out))
    assert code == 0, output
    stale_pdf = out / "huyen-cu-lao-dung-2023-q1-bao-cao.pdf"  # as if an earlier run had --pdf
    stale_pdf.write_bytes(b"%PDF old")
    before = snapshot(out)
    assert sorted(before) == [
        "huyen-cu-lao-dung-2023-q1-bao-cao.docx",
        "huyen-cu-lao-dung-2023-q1-bao-cao.pdf",
        "huyen-cu-lao-dung-2023-q1-phu-luc.docx",
        "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx",
    ]
    xlsx = out / "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx"  # renamed last
    lock(monkeypatch, xlsx)
    code, output = run("build", str(changed_report(tmp_path)), "-o", str(out))
    assert code == 1
    assert output == (
        f"{xlsx}: lỗi: không ghi đè được tệp (tệp đang mở trong chương trình khác hoặc chỉ đọc);"
        " hãy đóng tệp rồi chạy lại\n"
    )
    assert snapshot(out) == before  # the DOCX files and the stale PDF too
    assert own_temporaries(out) == []


def test_failing_last_install_rolls_every_rename_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert run("appendix", str(EXAMPLES["002"]), "-o", str(out))[0] == 0
    before = snapshot(out)
    xlsx = out / "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx"
    real_replace = os.replace

    def failing(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == xlsx and Path(src).name.endswith(".tmp"):  # the old file is already backed up
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    code, output = run("appendix", str(changed_report(tmp_path)), "-o", str(out))
    assert code == 1
    assert output == f"{xlsx}: lỗi: không ghi được tệp (Input/output error)\n"
    assert snapshot(out) == before
    assert own_temporaries(out) == []


def test_a_folder_in_place_of_a_target_is_refused_before_any_rename(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("appendix", str(EXAMPLES["002"]), "-o", str(out), "--format", "docx")[0] == 0
    before = snapshot(out)
    (out / "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx").mkdir()
    code, output = run("appendix", str(changed_report(tmp_path)), "-o", str(out))
    assert code == 1
    assert output == f"{out / 'huyen-cu-lao-dung-2023-q1-phu-luc.xlsx'}: lỗi: đã có một thư mục trùng tên tệp cần ghi\n"
    assert snapshot(out) == before
    assert own_temporaries(out) == []


# --- a run killed with SIGKILL between renames ------------------------------------------------------


def killed_run(tmp_path: Path, out: Path, source: Path, pause: str) -> None:
    """Run `appendix` in a real child process and SIGKILL it at `pause` (STEP:N) of its commit."""
    flag = tmp_path / f"paused-{pause.replace(':', '-')}"
    step, count = pause.split(":")
    script = Path(__file__).with_name("_paused_commit.py")
    command = [sys.executable, str(script), step, count, str(flag), "appendix", str(source), "-o", str(out), "-j", "1"]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the child never reached the pause"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.slow  # a child process killed with SIGKILL
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize(
    ("pause", "expected"),
    [("backup:1", "old"), ("backup:2", "old"), ("install:1", "old"), ("cleanup:1", "new")],
)
def test_a_run_killed_mid_commit_is_repaired_by_the_next_run(tmp_path: Path, pause: str, expected: str) -> None:
    out = tmp_path / "out"
    assert run("appendix", str(EXAMPLES["002"]), "-o", str(out))[0] == 0
    old = snapshot(out)
    killed_run(tmp_path, out, changed_report(tmp_path), pause)
    at_kill = snapshot(out)
    left = own_temporaries(out)
    assert any(name.endswith(".journal") for name in left)  # the killed run left its journal
    targets = sorted(old)
    if pause == "install:1":  # the real danger: the DOCX already new, the XLSX not yet
        assert at_kill[targets[0]] != old[targets[0]] and targets[1] not in at_kill
    new = {name: at_kill[name] for name in targets} if expected == "new" else None

    # The next run writes another agency's Phụ lục into the same folder.
    code, output = run("appendix", str(EXAMPLES["004"]), "-o", str(out))
    assert code == 0, output
    after = snapshot(out)
    ours = {name: after[name] for name in targets}
    assert ours == (old if expected == "old" else new)
    assert own_temporaries(out) == []
    assert sorted(set(after) - set(targets)) == [
        "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.docx",
        "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.xlsx",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_temporary_files_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".cchc-{dead.pid}-0badc0de-huyen-cu-lao-dung-2023-q1-phu-luc.docx.tmp"
    stale.write_bytes(b"half a file")
    living = out / f".cchc-{os.getppid()}-0badc0de-x.docx.tmp"  # a run still going on (our parent)
    living.write_bytes(b"being written")
    earlier = out / ".cchc-k3j_9x2a-huyen-cu-lao-dung-2023-q1-phu-luc.xlsx.tmp"  # an earlier version's name
    earlier.write_bytes(b"half a file")
    foreign = out / ".cchc-notes.txt"  # not of our naming, however old
    foreign.write_bytes(b"keep")
    two_hours_ago = time.time() - 7200
    for path in (earlier, foreign):
        os.utime(path, (two_hours_ago, two_hours_ago))
    assert run("appendix", str(EXAMPLES["002"]), "-o", str(out))[0] == 0
    assert not stale.exists() and not earlier.exists()
    assert living.exists() and foreign.exists()


# --- stale outputs -----------------------------------------------------------------------------------


def test_build_without_pdf_removes_the_old_pdfs_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    prefix = "huyen-cu-lao-dung-2023-q1-"
    for name in ("bao-cao.pdf", "phu-luc.pdf"):  # what an earlier `build --pdf` left
        (out / f"{prefix}{name}").parent.mkdir(parents=True, exist_ok=True)
        (out / f"{prefix}{name}").write_bytes(b"%PDF old numbers")
        made = EXAMPLES["002"].stat().st_mtime - 3600  # made an hour before the report was last corrected
        os.utime(out / f"{prefix}{name}", (made, made))
    other = out / "so-thong-tin-va-truyen-thong-2022-q3-bao-cao.pdf"  # another report's: not touched
    other.write_bytes(b"%PDF other")
    code, output = run("build", str(EXAMPLES["002"]), "-o", str(out))
    assert code == 0, output
    notice = "cảnh báo: đã xóa bản cũ: lần chạy này không tạo lại tệp này nên nó có thể không khớp số liệu mới"
    assert output.splitlines()[-5:] == [  # after the example's own warning
        f"{out / (prefix + 'bao-cao.pdf')}: {notice} (chạy lại với --pdf để có bản PDF mới)",
        f"{out / (prefix + 'phu-luc.pdf')}: {notice} (chạy lại với --pdf để có bản PDF mới)",
        str(out / f"{prefix}bao-cao.docx"),
        str(out / f"{prefix}phu-luc.docx"),
        str(out / f"{prefix}phu-luc.xlsx"),
    ]
    assert sorted(snapshot(out)) == [
        f"{prefix}bao-cao.docx",
        f"{prefix}phu-luc.docx",
        f"{prefix}phu-luc.xlsx",
        other.name,
    ]


def test_appendix_alone_removes_the_old_bao_cao_it_does_not_refresh(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(EXAMPLES["002"]), "-o", str(out))[0] == 0
    code, output = run("appendix", str(changed_report(tmp_path)), "-o", str(out), "--format", "xlsx")
    assert code == 0, output
    assert "huyen-cu-lao-dung-2023-q1-bao-cao.docx: cảnh báo: đã xóa bản cũ" in output
    assert "huyen-cu-lao-dung-2023-q1-phu-luc.docx: cảnh báo: đã xóa bản cũ" in output
    assert sorted(snapshot(out)) == ["huyen-cu-lao-dung-2023-q1-phu-luc.xlsx"]


def test_outputs_made_after_the_last_change_of_the_report_are_kept(tmp_path: Path) -> None:
    """`appendix` after `build` of an unchanged report: the BÁO CÁO still says what the report says."""
    out = tmp_path / "out"
    report = tmp_path / "2023-q1.yaml"
    shutil.copy(EXAMPLES["002"], report)
    made = report.stat().st_mtime - 3600
    os.utime(report, (made, made))  # last corrected an hour ago, before the build below
    assert run("build", str(report), "-o", str(out))[0] == 0
    bao_cao = (out / "huyen-cu-lao-dung-2023-q1-bao-cao.docx").read_bytes()
    code, output = run("appendix", str(report), "-o", str(out), "--format", "xlsx")
    assert code == 0, output
    assert "đã xóa bản cũ" not in output
    assert (out / "huyen-cu-lao-dung-2023-q1-bao-cao.docx").read_bytes() == bao_cao
    assert sorted(snapshot(out)) == [
        "huyen-cu-lao-dung-2023-q1-bao-cao.docx",
        "huyen-cu-lao-dung-2023-q1-phu-luc.docx",
        "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx",
    ]


# --- file modes ----------------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="Unix permissions")
@pytest.mark.usefixtures("umask_022")
def test_outputs_and_init_files_get_normal_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("appendix", str(EXAMPLES["002"]), "-o", str(out))[0] == 0
    skeleton = tmp_path / "moi.yaml"
    assert run("init", "--period", "2024-Q1", "--form", "soctrang-so-nganh", "-o", str(skeleton))[0] == 0
    made = [*out.iterdir(), *(p for p in tmp_path.iterdir() if p.is_file())]
    modes = {p.name: p.stat().st_mode & 0o777 for p in made}
    assert modes == {
        "huyen-cu-lao-dung-2023-q1-phu-luc.docx": 0o644,
        "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx": 0o644,
        "moi.yaml": 0o644,
        "soctrang-so-nganh.schema.json": 0o644,  # init writes the schema beside the report
    }
    os.umask(0o002)  # a shared folder's group-writable umask
    assert run("appendix", str(EXAMPLES["002"]), "-o", str(out), "--format", "docx")[0] == 0
    assert (out / "huyen-cu-lao-dung-2023-q1-phu-luc.docx").stat().st_mode & 0o777 == 0o664


# --- colliding names -----------------------------------------------------------------------------------


def test_long_agency_names_sharing_their_start_get_distinct_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG CÁC CÔNG TRÌNH DÂN DỤNG VÀ CÔNG NGHIỆP"
    assert len(start) > 60
    first = report(tmp_path, "a.yaml", BASE.replace("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", f"{start} TỈNH"))
    second = report(tmp_path, "b.yaml", BASE.replace("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", f"{start} HUYỆN"))
    monkeypatch.chdir(tmp_path)
    code, output = run("appendix", str(first), str(second), "--format", "xlsx")
    assert code == 0, output
    written = [Path(line) for line in output.splitlines() if not line.startswith("[")]  # not the progress
    assert len(written) == 2 and written[0].parent != written[1].parent and written[0].name != written[1].name
    for path in written:
        assert path.parts[0] == "output" and len(path.parts[1]) == 60
        assert path.parts[1].startswith("ban-quan-ly-du-an-dau-tu-xay-dung-cac-cong-trinh-da")
    # and both in one folder (-o): two file names, neither replaced
    code, output = run("appendix", str(first), str(second), "--format", "xlsx", "-o", "chung")
    assert code == 0, output
    assert len(list(Path("chung").iterdir())) == 2


def test_the_same_report_twice_in_one_run_is_refused(tmp_path: Path) -> None:
    copy = report(tmp_path, "ban-sao.yaml", BASE)
    original = report(tmp_path, "goc.yaml", BASE)
    code, output = run("appendix", str(original), str(copy), "--format", "xlsx", "-o", str(tmp_path / "out"))
    assert code == 1
    target = tmp_path / "out" / "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.xlsx"
    # Found once both reports are made (in workers, each checks and renders its own); progress aside:
    messages = [line for line in output.splitlines() if not line.startswith("[")]
    assert messages == [f"{target}: lỗi: hai báo cáo cùng ghi vào một tệp; hãy dùng -o khác nhau"]
    assert not target.exists()
    assert not (tmp_path / "out").exists()  # no temporary file, and not the folder either
