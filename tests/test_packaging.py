"""Packaging and the documented commands: PEP 621 metadata, PowerShell-safe commands, CI runs what the README
and docs/developers.md say, every relative Markdown link resolves."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


#: Markdown a reader follows: the README, the user and developer documents, the benchmarks' method.
DOCS = [
    ROOT / "README.md",
    ROOT / "CHANGELOG.md",
    ROOT / "benchmarks" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
]


def _code_blocks(markdown: str, languages: str = "sh|powershell") -> list[str]:
    """Fenced blocks of the given languages. `sh` and `powershell` blocks are typed on Windows too;
    `bash` blocks are for Linux and macOS only."""
    return re.findall(rf"```(?:{languages})\n(.*?)```", markdown, flags=re.S)


def test_metadata_is_pep621_with_package_data() -> None:
    assert not (ROOT / "setup.cfg").exists()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"cchc-docgen": "cchc_docgen.cli:main"}
    setuptools = project["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"cchc_docgen.templates": "templates"}
    assert setuptools["package-data"] == {
        "cchc_docgen": ["py.typed"],
        "cchc_docgen.forms": ["*.yaml"],
        "cchc_docgen.templates": ["*.docx"],
    }


def test_readme_commands_run_in_powershell() -> None:
    for doc in DOCS:
        for block in _code_blocks(doc.read_text(encoding="utf-8")):
            assert "&&" not in block, doc
            assert "\\\n" not in block, doc  # no shell line continuations
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = [block for block in _code_blocks(readme, "powershell") if "py -m venv .venv" in block]
    assert len(install) == 1
    assert len(install[0].splitlines()) == 1  # one line, its commands joined by ';'
    assert "pip install ." in install[0]


def test_readme_linux_line_is_one_line_that_ci_runs() -> None:
    """On Debian 12+/Ubuntu 23.04+ a plain `pip install .` stops at PEP 668: the line makes its venv."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = [block for block in _code_blocks(readme, "bash") if "python3 -m venv .venv &&" in block]
    assert len(install) == 1
    (line,) = install[0].splitlines()
    assert line.startswith("python3 -m venv .venv && .venv/bin/pip install . && ")
    assert line in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_documented_test_commands() -> None:
    developers = (ROOT / "docs" / "developers.md").read_text(encoding="utf-8")
    test_block = next(block for block in _code_blocks(developers, "bash") if "python -m pytest" in block)
    assert test_block.startswith("python3 -m venv .venv\n")  # a fresh machine's Python refuses pip
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -e" in ci
    assert test_block in ci


def test_readme_is_read_in_one_sitting() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 300


def _anchor(heading: str) -> str:
    """GitHub's id of a heading: lower case, punctuation but '-' dropped, spaces turned into '-'."""
    text = re.sub(r"[`*]", "", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(markdown: str) -> set[str]:
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)
    return {_anchor(m) for m in re.findall(r"^#{1,6} (.+)$", prose, flags=re.M)}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc: Path) -> None:
    markdown = doc.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    links = re.findall(r"\]\(([^)\s]+)\)", prose)
    broken = []
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue  # https:, mailto:
        path, _, fragment = link.partition("#")
        target = (doc.parent / path).resolve() if path else doc
        if not target.exists():
            broken.append(link)
        elif fragment and target.suffix == ".md" and fragment not in _anchors(target.read_text(encoding="utf-8")):
            broken.append(link)
    assert not broken, f"{doc.relative_to(ROOT)}: links to nothing: {broken}"
