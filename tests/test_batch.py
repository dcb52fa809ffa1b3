"""`build --jobs N`: reports rendered by worker processes, committed all or nothing, with progress."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from cchc_docgen.cli import main
from cchc_docgen.pipeline.batch import RenderJob, render_jobs
from cchc_docgen.pipeline.build import BuildOptions, _plan, _Stage, build
from cchc_docgen.report.analysis import CheckedReport, load_checked

from .conftest import EXAMPLES

REPORTS = [EXAMPLES["002"], EXAMPLES["004"], EXAMPLES["000"]]
NAMES = {
    EXAMPLES["002"]: "Ủy ban nhân dân huyện Cù Lao Dung – quý I năm 2023",
    EXAMPLES["004"]: "Sở Thông tin và Truyền thông tỉnh Sóc Trăng – quý III năm 2022",
    EXAMPLES["000"]: "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng – năm 2023",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def docx_content(path: Path) -> list[str]:
    """Every paragraph and table cell of a Word file, in order."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return texts


def xlsx_content(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def content(path: Path) -> object:
    return xlsx_content(path) if path.suffix == ".xlsx" else docx_content(path)


def test_jobs_build_the_same_documents_as_one_process_with_a_line_per_report(tmp_path: Path) -> None:
    args = [str(p) for p in REPORTS]
    serial = CliRunner().invoke(main, ["build", "--jobs", "1", *args, "-o", str(tmp_path / "serial")])
    pooled = CliRunner().invoke(main, ["build", "--jobs", "2", *args, "-o", str(tmp_path / "pooled")])
    assert serial.exit_code == 0, serial.output
    assert pooled.exit_code == 0, pooled.output
    serial_files = [Path(line) for line in serial.stdout.splitlines()]
    pooled_files = [Path(line) for line in pooled.stdout.splitlines()]
    assert [p.name for p in pooled_files] == [p.name for p in serial_files]  # in the order of the inputs
    assert len(pooled_files) == 9
    for one, other in zip(serial_files, pooled_files, strict=True):
        assert content(other) == content(one), other.name

    # Progress: one Vietnamese line per report on stderr, counted in the order reports finish.
    for result in (serial, pooled):
        lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
        assert [line.split("]")[0] + "]" for line in lines] == ["[1/3]", "[2/3]", "[3/3]"]
        assert sorted(line.split("] đã tạo: ")[1] for line in lines) == sorted(NAMES.values())
    assert "[1/3] đã tạo: " + NAMES[REPORTS[0]] in serial.stderr  # in one process: in order


def test_one_report_prints_no_progress(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["appendix", "--format", "xlsx", str(EXAMPLES["002"]), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'huyen-cu-lao-dung-2023-q1-phu-luc.xlsx'}\n"
    assert "đã tạo" not in result.stderr


@pytest.mark.parametrize(
    ("jobs", "problem"),
    [
        ("0", "0 không được; hãy ghi một số từ 1 trở lên (1: làm lần lượt từng báo cáo)"),
        ("-1", "-1 không được; hãy ghi một số từ 1 trở lên"),
        ("hai", "'hai' không phải số nguyên; hãy ghi một số từ 1 trở lên, ví dụ --jobs 2"),
        ("2.5", "'2.5' không phải số nguyên"),
        ("²", "'²' không phải số nguyên"),
    ],
)
def test_bad_jobs_value_is_refused(tmp_path: Path, jobs: str, problem: str) -> None:
    result = CliRunner().invoke(main, ["build", "--jobs", jobs, str(EXAMPLES["002"]), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"Lỗi: Giá trị không hợp lệ cho '-j' / '--jobs': {problem}")
    assert "integer" not in result.stderr and "x>=" not in result.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the injected failure reaches workers by fork")
def test_failure_in_a_worker_replaces_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    args = [str(p) for p in REPORTS]
    assert CliRunner().invoke(main, ["build", "--jobs", "2", *args, "-o", str(out)]).exit_code == 0
    before = snapshot(out)
    assert len(before) == 9

    import cchc_docgen.render.appendix_xlsx as renderer

    real = renderer.render_appendix_xlsx

    def failing(checked: CheckedReport, target: Path) -> None:
        if checked.report.period.code.endswith("Q3"):  # one report of three, whichever worker takes it
            target.write_bytes(b"half a file")
            raise OSError(28, "No space left on device")
        real(checked, target)

    monkeypatch.setattr(renderer, "render_appendix_xlsx", failing)
    result = CliRunner().invoke(main, ["build", "--jobs", "2", *args, "-o", str(out)])
    assert result.exit_code == 1
    target = out / "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.xlsx"
    assert f"{target}: lỗi: không ghi được tệp (No space left on device)" in result.output
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".cchc-")]  # no temporary files left


@pytest.mark.slow  # spawned workers import everything again
def test_workers_started_without_fork_render_too(tmp_path: Path) -> None:
    """Windows and macOS start workers afresh ("spawn"): a job must carry everything it needs."""
    stage = _Stage()
    options = BuildOptions(out_dir=tmp_path)
    jobs: list[RenderJob] = [_plan(load_checked(path), options, stage)[0] for path in REPORTS[:2]]
    seen: list[tuple[int, int]] = []
    try:
        render_jobs(jobs, 2, lambda done, total, _: seen.append((done, total)), multiprocessing.get_context("spawn"))
        written = stage.commit()
    finally:
        stage.discard()
    assert seen == [(1, 2), (2, 2)]
    assert [p.name for p in written] == [
        "huyen-cu-lao-dung-2023-q1-bao-cao.docx",
        "huyen-cu-lao-dung-2023-q1-phu-luc.docx",
        "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx",
        "so-thong-tin-va-truyen-thong-2022-q3-bao-cao.docx",
        "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.docx",
        "so-thong-tin-va-truyen-thong-2022-q3-phu-luc.xlsx",
    ]
    assert "Số: 85/BC-UBND" in docx_content(written[0])
    assert xlsx_content(written[2])


def test_library_build_reports_progress_in_order_with_one_job(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    build(
        REPORTS,
        BuildOptions(out_dir=tmp_path, bao_cao=False, appendix_docx=False, jobs=1),
        lambda done, total, outline: seen.append((done, total, outline.period_slug)),
    )
    assert seen == [(1, 3, "2023-q1"), (2, 3, "2022-q3"), (3, 3, "2023-nam")]


def test_many_files_are_checked_on_every_core_with_the_same_messages_in_order(tmp_path: Path) -> None:
    bad = EXAMPLES["002"].read_text(encoding="utf-8").replace("I.1.de_ra: 19", "I.1.de_ra: 5")
    files = []
    for index in range(20):  # enough files for a pool of two
        path = tmp_path / f"r{index:02d}.yaml"
        path.write_text(bad if index in (3, 17) else EXAMPLES["002"].read_text(encoding="utf-8"), encoding="utf-8")
        files.append(str(path))
    serial = CliRunner().invoke(main, ["check", "--jobs", "1", *files])
    pooled = CliRunner().invoke(main, ["check", "--jobs", "2", *files])
    assert serial.exit_code == pooled.exit_code == 1
    assert pooled.stdout == serial.stdout
    lines = pooled.stdout.splitlines()
    errors = [line for line in lines if ": lỗi: " in line]
    assert [line.split(":")[0] for line in errors] == [files[3], files[17]]
    assert lines[-1].startswith("Đã kiểm tra 20 tệp: 2 lỗi, ")
