"""Property tests: arbitrary text and numbers end in a clean error or in documents that open."""

from __future__ import annotations

import json
import math
import tempfile
import unicodedata
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_docgen.cli import main
from cchc_docgen.pipeline.pdf import Conversion, convert_batch

from .test_check import BASE

# Text people paste: Vietnamese (composed and decomposed), emoji, RTL and zero-width marks,
# control characters, markup-looking characters, template-looking braces, very long strings.
PIECES = st.sampled_from(
    [
        "Sở Nội vụ",
        unicodedata.normalize("NFD", "Ủy ban nhân dân"),
        "😀",
        "‮",
        "​",
        "\u200d",
        "עברית",
        "& < > \" '",
        "{{ 7*7 }}",
        "{% if %}",
        "{#",
        "}}",
        "\t",
        "\x00",
        "\x07",
        "\x1f",
        "\u2028",
        "**",
        "*",
        "\\",
        "- ",
        ": ",
        "# ",
        "%",
        "a" * 500,
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=6).map("".join)
NUMBER = st.one_of(
    st.integers(min_value=40, max_value=10**6),  # valid: not below the 40 tasks already done
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
)


def report(name: str, note: str, value: object, paragraph: str) -> str:
    """BASE with arbitrary values in the fields, written as JSON scalars (valid YAML)."""
    text = BASE.replace('"Sở Thông tin và Truyền thông tỉnh Sóc Trăng"', json.dumps(name, ensure_ascii=False))
    if isinstance(value, float) and not math.isfinite(value):
        scalar = ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    else:
        scalar = json.dumps(value, ensure_ascii=False)
    text = text.replace(
        "I.1.de_ra: 46", f"I.1.de_ra: {{value: {scalar}, note: {json.dumps(note, ensure_ascii=False)}}}"
    )
    return text.replace(
        '\'Hoàn thành {{ pl["I.1.hoan_thanh"] }}/{{ pl["I.1.de_ra"] }} nhiệm vụ.\'',
        json.dumps(paragraph, ensure_ascii=False),
    )


def run_build(folder: Path, name: str, note: str, value: object, paragraph: str) -> list[Path] | None:
    """Build the report; on failure assert it failed cleanly and wrote nothing, and return None."""
    path = folder / "r.yaml"
    path.write_text(report(name, note, value, paragraph), encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    if result.exit_code != 0:
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert ": lỗi: " in result.output
        assert not out.exists() or not any(out.iterdir())
        return None
    return [Path(line) for line in result.stdout.splitlines()]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return "\n".join(p.text for p in document.paragraphs) + "\n" + cells


def visible(text: str) -> str:
    """What a reader should find of `text`: NFC, marks removed, first line, trimmed."""
    lines = [line.strip() for line in unicodedata.normalize("NFC", text).splitlines() if line.strip()]
    return lines[0].replace("*", "") if lines else ""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT.map(lambda t: "Sở " + t), note=TEXT, value=NUMBER, paragraph=TEXT)
def test_pipeline_from_arbitrary_input(tmp_path: Path, name: str, note: str, value: object, paragraph: str) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # tmp_path is shared by all examples
    written = run_build(folder, name, note, value, paragraph)
    if written is None:
        return
    bao_cao, phu_luc, sheet_file = written
    narrative = docx_text(bao_cao)
    if visible(paragraph):
        # An unpaired "**" is printed as typed; `visible` drops every "*", so compare without them.
        assert visible(paragraph).split()[0] in narrative.replace("\n", " ").replace("*", "")
    table = docx_text(phu_luc)
    if visible(note):
        assert visible(note).split()[0] in table.replace("*", "")
    sheet = openpyxl.load_workbook(sheet_file).active
    assert sheet is not None
    cells = [c.value for row in sheet.iter_rows() for c in row]
    if isinstance(value, int) and not isinstance(value, bool):
        assert value in cells  # a typed count arrives in the sheet as a number
    if visible(name):
        titles = " ".join(str(c) for c in cells[:40] if c)
        assert visible(name).upper().split()[0] in titles.upper()


@pytest.mark.libreoffice
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT.map(lambda t: "Sở " + t), paragraph=TEXT)
def test_libreoffice_converts_documents_from_arbitrary_text(tmp_path: Path, name: str, paragraph: str) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    written = run_build(folder, name, "ghi chú", 46, paragraph)
    if written is None:
        return
    targets = [folder / f"{document.stem}-{document.suffix[1:]}.pdf" for document in written]
    convert_batch([Conversion(document, target) for document, target in zip(written, targets, strict=True)])
    for target in targets:
        assert target.read_bytes().startswith(b"%PDF")
