"""`build --jobs N` of many reports: each worker checks and renders its reports (the main process
checks none alone), and every report's errors are still reported, with file and line, in order."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import cchc_docgen.pipeline.batch as batch
from cchc_docgen.cli import main
from cchc_docgen.pipeline.build import BuildOptions, build
from cchc_docgen.report.analysis import Analysis

from .appendix_xlsx_read import read_appendix_xlsx
from .conftest import EXAMPLES

BASE = EXAMPLES["002"].read_text(encoding="utf-8")  # Cù Lao Dung, quý I năm 2023: I.1.de_ra 19


def copies(folder: Path, values: list[str]) -> list[Path]:
    """One report per value of I.1.de_ra, each agency named apart (its own output files)."""
    paths = []
    for index, value in enumerate(values):
        text = BASE.replace("I.1.de_ra: 19", f"I.1.de_ra: {value}").replace("HUYỆN CÙ LAO DUNG", f"HUYỆN SỐ {index}")
        path = folder / f"r{index}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the spy reaches workers by fork")
def test_reports_are_checked_in_the_workers_not_first_in_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = copies(tmp_path, ["19", "20", "21", "22"])
    checked_by = tmp_path / "checked-by"
    real = batch.analyze

    def spy(path: Path, forms_dirs: tuple[Path, ...]) -> Analysis:
        with open(checked_by, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {path.name}\n")
        return real(path, forms_dirs)

    monkeypatch.setattr(batch, "analyze", spy)
    written, warnings = build(reports, BuildOptions(out_dir=tmp_path / "out", jobs=2))
    assert [d for d in warnings if d.is_error] == []
    seen = [line.split() for line in checked_by.read_text(encoding="utf-8").splitlines()]
    assert sorted(name for _, name in seen) == ["r0.yaml", "r1.yaml", "r2.yaml", "r3.yaml"]  # once each
    assert str(os.getpid()) not in {pid for pid, _ in seen}
    xlsx = [path for path in written if path.suffix == ".xlsx"]
    assert [read_appendix_xlsx(path)["I.1.de_ra"][0] for path in xlsx] == [19, 20, 21, 22]  # input order


def test_every_bad_report_is_named_with_its_line_and_nothing_is_written(tmp_path: Path) -> None:
    reports = copies(tmp_path, ["19", "-1", "20", "-2", "21"])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--jobs", "2", *map(str, reports), "-o", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    planned = "I.1 'Số nhiệm vụ đề ra trong kế hoạch'"
    assert errors == [
        f"{reports[1]}:{_line_of_planned(reports[1])}: lỗi: {planned}: giá trị -1 không được âm",
        f"{reports[3]}:{_line_of_planned(reports[3])}: lỗi: {planned}: giá trị -2 không được âm",
    ]
    assert result.stdout == ""
    assert not out.exists() or [p.name for p in out.rglob("*") if p.is_file()] == []  # no file, no temporary


def _line_of_planned(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if "I.1.de_ra:" in line)


def test_the_longest_reports_start_first_and_results_keep_the_given_order(tmp_path: Path) -> None:
    """Workers take the largest files first (no long report left alone at the end); the written
    files and messages still follow the order the reports were given in."""
    short = tmp_path / "short.yaml"
    short.write_text((EXAMPLES["002"].parents[1] / "ubnd-xa-dung-k-no" / "2025-q1.yaml").read_text("utf-8"), "utf-8")
    long_ = tmp_path / "long.yaml"
    long_.write_text(BASE, encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    assert batch.longest_first([short, missing, long_]) == [2, 0, 1]
    assert batch.longest_first([long_, short]) == [0, 1]

    result = CliRunner().invoke(main, ["build", "--jobs", "2", "-o", str(tmp_path / "out"), str(short), str(long_)])
    assert result.exit_code == 0, result.output
    written = [line for line in result.output.splitlines() if line.endswith(".docx") or line.endswith(".xlsx")]
    assert "dung-kno" in written[0] and "cu-lao-dung" in written[-1], written
