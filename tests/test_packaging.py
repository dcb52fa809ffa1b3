"""Packaging and the README's commands: PEP 621 metadata, PowerShell-safe commands, CI runs the README."""

from __future__ import annotations

import re
import sys

import pytest

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def _code_blocks(markdown: str) -> list[str]:
    return re.findall(r"```(?:sh|powershell)\n(.*?)```", markdown, flags=re.S)


def test_metadata_is_pep621_with_package_data() -> None:
    assert not (ROOT / "setup.cfg").exists()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"cchc-docgen": "cchc_docgen.cli:main"}
    setuptools = project["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"cchc_docgen.templates": "templates"}
    assert setuptools["package-data"] == {
        "cchc_docgen": ["py.typed"],
        "cchc_docgen.forms": ["data/*.yaml"],
        "cchc_docgen.templates": ["*.docx"],
    }


def test_readme_commands_run_in_powershell() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = _code_blocks(readme)
    assert blocks
    for block in blocks:
        assert "&&" not in block
        assert "\\\n" not in block  # no shell line continuations
    assert "py -m pip install ." in readme


def test_ci_runs_exactly_the_readme_test_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_block = next(block for block in _code_blocks(readme) if "python -m pytest" in block)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -e" in ci
    assert test_block in ci
