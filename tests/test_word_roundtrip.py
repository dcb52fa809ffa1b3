"""The tool's own output comes back: build → import the BÁO CÁO (and its Phụ lục XLSX) into a new report
file → build gives the same BÁO CÁO text and the same Phụ lục, for every example; and an untrusted
.docx (zip bomb, entity expansion, an enormous or broken part, not a .docx at all) gets one located
message, exit 1, and no report file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cchc_docgen.intake.docx_blocks import read_blocks
from cchc_docgen.intake.docx_model import Paragraph
from cchc_docgen.intake.docx_package import open_word
from tests.conftest import ROOT, run_cli

EVERY_EXAMPLE = sorted(ROOT.glob("data/*/*.yaml"))


def _texts(docx: Path) -> list[str]:
    """Every paragraph and table row of a document, as a reader sees it."""
    out: list[str] = []
    for block in read_blocks(open_word(docx)).blocks:
        if isinstance(block, Paragraph):
            out.append(" ".join(block.text.split()))
        else:
            out.extend(" | ".join(" ".join(c.text.split()) for c in row) for row in block.rows)
    return [text for text in out if text]


def _cells(xlsx: Path) -> list[tuple[object, ...]]:
    workbook = load_workbook(xlsx, read_only=True)
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _built(folder: Path, kind: str) -> Path:
    (found,) = folder.glob(f"*{kind}")
    return found


@pytest.mark.parametrize("example", EVERY_EXAMPLE, ids=lambda p: p.parent.name)
def test_build_import_build_gives_the_same_report(example: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert run_cli("build", example, "-o", first).exit_code == 0
    bao_cao = _built(first, "bao-cao.docx")
    imported = tmp_path / "imported" / "bao-cao.yaml"
    imported.parent.mkdir()
    args: list[str | Path] = ["import", bao_cao, imported]
    phu_luc = list(first.glob("*phu-luc.xlsx"))
    if phu_luc:
        args += ["--phu-luc", phu_luc[0]]
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    second = tmp_path / "second"
    result = run_cli("build", imported, "-o", second)
    assert result.exit_code == 0, result.output
    assert _texts(_built(second, "bao-cao.docx")) == _texts(bao_cao)
    if phu_luc:
        assert _texts(_built(second, "phu-luc.docx")) == _texts(_built(first, "phu-luc.docx"))
        assert _cells(_built(second, "phu-luc.xlsx")) == _cells(phu_luc[0])
    else:
        assert not list(second.glob("*phu-luc*"))


# --- untrusted input ---------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_BODY = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>'


def _docx(path: Path, document: bytes, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    + _BODY.format("<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p>").encode()
)
_EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + _BODY.format("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>").encode()
)


def _bomb() -> bytes:
    """A 60 MB part of spaces (a few dozen KB compressed) inside a paragraph."""
    return _BODY.format("<w:p><w:r><w:t>" + " " * (60 * 1024 * 1024) + "</w:t></w:r></w:p>").encode()


CASES = {
    "entity-expansion": (lambda p: _docx(p, _LAUGHS), "DOCTYPE"),
    "external-entity": (lambda p: _docx(p, _EXTERNAL), "DOCTYPE"),
    "zip-bomb": (lambda p: _docx(p, _bomb()), "giải nén ra hơn"),
    "broken-xml": (lambda p: _docx(p, _BODY.format("<w:p><w:r><w:t>Số").encode()), "không phải XML hợp lệ"),
    "not-a-zip": (lambda p: _write(p, b"PK\x03\x04 this is not a zip at all"), "không phải tệp Word"),
    "no-document-part": (
        lambda p: _zip_without_document(p),
        "thiếu phần văn bản chính",
    ),
    "no-title": (
        lambda p: _docx(p, _BODY.format("<w:p><w:r><w:t>Một đoạn văn.</w:t></w:r></w:p>").encode()),
        "không thấy dòng tiêu đề «BÁO CÁO»",
    ),
    "binary-part": (lambda p: _docx(p, b"\x00\x01\x02\xff" * 100), "không phải XML hợp lệ"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip_without_document(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_untrusted_docx_gets_one_located_message(case: str, tmp_path: Path) -> None:
    make, expected = CASES[case]
    source = make(tmp_path / "bao-cao.docx")
    report = tmp_path / "bao-cao.yaml"
    result = run_cli("import", source, report)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if ": lỗi: " in line]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"{source}: lỗi: ")
    assert expected in lines[0]
    assert "Traceback" not in result.output
    assert not report.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_init_from_last_quarters_word_file(tmp_path: Path) -> None:
    """init --from LAST.docx: last quarter's Word report read into its own report file, the new one carried
    over from it (text kept, figures cleared, a draft for the new period)."""
    first = tmp_path / "q1"
    assert run_cli("build", ROOT / "data" / "ubnd-cu-lao-dung" / "2023-q1.yaml", "-o", first).exit_code == 0
    target = tmp_path / "bao-cao" / "2023-q2.yaml"
    target.parent.mkdir()
    result = run_cli("init", "--from", _built(first, "bao-cao.docx"), "--period", "2023-Q2", "-o", target)
    assert result.exit_code == 0, result.output
    last = target.parent / "2023-q1.yaml"
    assert last.exists() and "Đã đọc" in result.output
    text = target.read_text(encoding="utf-8")
    assert "period: 2023-Q2" in text or 'period: "2023-Q2"' in text
    assert "previous: 2023-q1.yaml" in text
    assert "Tiếp nhận, giải quyết hồ sơ" in text or "narrative:" in text
    assert run_cli("check", target).exit_code == 0
    # A second init --from the same Word file does not overwrite the first import.
    again = run_cli("init", "--from", _built(first, "bao-cao.docx"), "--period", "2023-Q2", "-o", target, "--force")
    assert again.exit_code == 1
    assert "đã có" in again.output
