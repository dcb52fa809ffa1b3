"""A one-report build renders its Phụ lục DOCX in a forked child while the BÁO CÁO and the XLSX are
made in the process itself: the same documents as without the child, a user's mistake met in the
child reported as it would be here (located, nothing replaced), anything else raised, never hidden."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cchc_docgen.intake.docx_blocks import read_blocks
from cchc_docgen.intake.docx_package import open_word
from cchc_docgen.pipeline import fork_render
from cchc_docgen.pipeline.build import BuildOptions, build
from cchc_docgen.render import appendix_docx
from tests.conftest import EXAMPLES, run_cli

pytestmark = pytest.mark.skipif(not fork_render._can_fork(), reason="forks only on Linux with two cores")

REPORT = EXAMPLES["004"]


def _texts(docx: Path) -> list[str]:
    return [
        " | ".join(c.text for c in row) if not hasattr(block, "spans") else block.text
        for block in read_blocks(open_word(docx)).blocks
        for row in (block.rows if hasattr(block, "rows") else [[]])
    ]


def test_the_child_makes_the_phu_luc_docx_and_it_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made_by: list[int] = []
    original = appendix_docx.render_appendix_docx

    def spy(checked: object, target: Path) -> None:
        made_by.append(os.getpid())
        (tmp_path / "made-by").write_text(str(os.getpid()))
        original(checked, target)  # type: ignore[arg-type]

    monkeypatch.setattr(appendix_docx, "render_appendix_docx", spy)
    forked = tmp_path / "forked"
    build([REPORT], BuildOptions(out_dir=forked))
    assert int((tmp_path / "made-by").read_text()) != os.getpid()  # rendered in the child
    assert made_by == []  # … so not here
    monkeypatch.setattr(fork_render, "_can_fork", lambda: False)
    here = tmp_path / "here"
    build([REPORT], BuildOptions(out_dir=here, jobs=1))
    assert int((tmp_path / "made-by").read_text()) == os.getpid()
    for kind in ("bao-cao.docx", "phu-luc.docx"):
        (a,) = forked.glob(f"*{kind}")
        (b,) = here.glob(f"*{kind}")
        assert _texts(a) == _texts(b)


def test_a_mistake_met_in_the_child_is_reported_and_nothing_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", REPORT, "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (target,) = out.glob("*phu-luc.docx")
    target.unlink()
    target.mkdir()  # the Phụ lục DOCX cannot be written where a folder stands
    result = run_cli("build", REPORT, "-o", out)
    assert result.exit_code == 1
    assert f"{target}: lỗi:" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == {
        k: v for k, v in before.items() if k != target.name
    }
    assert not [p for p in out.iterdir() if p.name.startswith(".cchc-")]
    shutil.rmtree(target)


def test_anything_else_in_the_child_is_raised_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(checked: object, target: Path) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(appendix_docx, "render_appendix_docx", broken)
    out = tmp_path / "out"
    with pytest.raises(fork_render.ChildFailed, match="ZeroDivisionError: a bug"):
        build([REPORT], BuildOptions(out_dir=out))
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


def test_jobs_1_keeps_everything_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--jobs 1` runs in one process (what the documentation promises), so a one-report build forks nothing."""

    def no_fork() -> int:
        raise AssertionError("forked with --jobs 1")

    monkeypatch.setattr(os, "fork", no_fork)
    out = tmp_path / "out"
    result = run_cli("build", REPORT, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name[-12:] for p in out.iterdir()) == ["bao-cao.docx", "phu-luc.docx", "phu-luc.xlsx"]
