"""Property tests: arbitrary text and numbers end in a clean error or in documents that open."""

from __future__ import annotations

import json
import math
import tempfile
import unicodedata
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_docgen.cli import main

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
    st.integers(min_value=-(10**12), max_value=10**12),
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


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, note=TEXT, value=NUMBER, paragraph=TEXT)
def test_appendix_from_arbitrary_input(tmp_path: Path, name: str, note: str, value: object, paragraph: str) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # tmp_path is shared by all examples
    path = folder / "r.yaml"
    path.write_text(report(name, note, value, paragraph), encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["appendix", str(path), "-o", str(out)])
    if result.exit_code != 0:
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert ": lỗi: " in result.output
        assert not out.exists() or not any(out.iterdir())
        return
    written = [Path(line) for line in result.stdout.splitlines()]
    docx_file = next(p for p in written if p.suffix == ".docx")
    xlsx_file = next(p for p in written if p.suffix == ".xlsx")
    document = docx.Document(str(docx_file))
    all_text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    all_text += "\n".join(p.text for p in document.paragraphs)
    expected_note = unicodedata.normalize("NFC", note).strip()
    if expected_note:
        first_line = expected_note.splitlines()[0].strip() if expected_note.splitlines() else ""
        assert first_line in all_text
    sheet = openpyxl.load_workbook(xlsx_file).active
    assert sheet is not None
    name_nfc = unicodedata.normalize("NFC", name)
    if name_nfc.strip():
        titles = " ".join(str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value)
        assert name_nfc.upper().split()[0] in titles.upper() if name_nfc.split() else True
