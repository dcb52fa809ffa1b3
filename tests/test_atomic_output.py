"""A failed run never corrupts or replaces earlier outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_docgen.cli import main

from .conftest import EXAMPLES
from .test_check import BASE


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bad_third_report_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = tmp_path / "good.yaml"
    good.write_text(BASE, encoding="utf-8")
    result = CliRunner().invoke(main, ["appendix", "--format", "docx", str(good), "-o", str(out / "a")])
    assert result.exit_code == 0, result.output
    before = snapshot(out)
    assert before

    changed = tmp_path / "changed.yaml"
    changed.write_text(BASE.replace("I.1.de_ra: 46", "I.1.de_ra: 47"), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("I.1.de_ra: 46", "I.1.de_ra: -1"), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["appendix", "--format", "docx", str(changed), str(good), str(bad), "-o", str(out / "a")]
    )
    assert result.exit_code == 1
    assert f"{bad}:21: lỗi: I.1 'Số nhiệm vụ đề ra trong kế hoạch': giá trị -1 không được âm" in result.output
    assert snapshot(out) == before


def test_failure_injected_mid_batch_leaves_earlier_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    reports = [str(EXAMPLES["002"]), str(EXAMPLES["004"]), str(EXAMPLES["000"])]
    result = CliRunner().invoke(main, ["appendix", "--format", "docx", *reports, "-o", str(out)])
    assert result.exit_code == 0, result.output
    before = snapshot(out)
    assert len(before) == 3

    import cchc_docgen.render.appendix_docx as renderer

    real = renderer.render_appendix_docx
    calls: list[str] = []

    def failing(checked, target):  # type: ignore[no-untyped-def]
        calls.append(checked.report.agency.name)
        if len(calls) == 2:
            # A disk that fills up halfway through the second report.
            target.write_bytes(b"half a file")
            raise OSError(28, "No space left on device")
        real(checked, target)

    monkeypatch.setattr(renderer, "render_appendix_docx", failing)
    # One process, so the injected failure sees the calls in order (tests/test_batch.py covers workers).
    result = CliRunner().invoke(main, ["appendix", "--format", "docx", "--jobs", "1", *reports, "-o", str(out)])
    assert result.exit_code == 1
    assert "lỗi: không ghi được tệp (No space left on device)" in result.output
    assert snapshot(out) == before  # the first report's file too: nothing was replaced
    assert not [p for p in out.iterdir() if p.name.startswith(".cchc-")]  # no temporary files left


def test_locked_target_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    report = str(EXAMPLES["002"])
    assert CliRunner().invoke(main, ["appendix", "--format", "docx", report, "-o", str(out)]).exit_code == 0
    before = snapshot(out)
    target = next(out.glob("*.docx"))
    real_replace = os.replace

    def locked(src, dst):  # type: ignore[no-untyped-def]
        if target in (Path(src), Path(dst)):
            raise PermissionError(13, "Permission denied")  # Word keeps the file open: no rename from or to it
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    result = CliRunner().invoke(main, ["appendix", "--format", "docx", report, "-o", str(out)])
    assert result.exit_code == 1
    assert (
        f"{target}: lỗi: không ghi đè được tệp (tệp đang mở trong chương trình khác hoặc chỉ đọc);"
        " hãy đóng tệp rồi chạy lại" in result.output
    )
    assert snapshot(out) == before
