"""`import BAO-CAO.docx REPORT.yaml` for a new report file: Word reports typed the way clerks type them
(tests/clerk_docs.py: header tables, tabs or text boxes, typed or Word numbering, direct formatting or
styles, messy spacing, footnotes, tracked changes, comments, fields, a landscape Phụ lục, LibreOffice
re-saves and an old .doc) read into a report file that `check` accepts and that says what the
document says: heading, trích yếu, headings with their printed numbers, every paragraph and list item,
tables with merged cells, footnotes, signature, Nơi nhận and the Phụ lục values."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc_docgen.report.analysis import analyze
from cchc_docgen.report.model import BulletList, Paragraph, Section, Table
from cchc_docgen.report.refs import footnotes_of, plain_text
from tests.clerk_docs import CLERK_DOCS, LIBREOFFICE_DIR, build_doc, normalize_space
from tests.clerk_docs_truth import Heading, Para, Truth
from tests.clerk_docs_truth import Table as TruthTable
from tests.conftest import EXAMPLES, run_cli

ROOT_EXAMPLE = EXAMPLES["004"]


def _norm(text: str) -> str:
    return normalize_space(text.replace("\n", " "))


def _truth_tokens(truth: Truth) -> list[tuple[str, ...]]:
    """The narrative as a reader meets it: ("H", number, title), ("P", marker, text), ("T", cell …)."""
    tokens: list[tuple[str, ...]] = []

    def walk(nodes: tuple[object, ...]) -> None:
        for node in nodes:
            if isinstance(node, Heading):
                tokens.append(("H", node.number, _norm(node.text)))
                walk(node.children)
            elif isinstance(node, Para):
                tokens.append(("P", node.marker, _norm(node.text)))
            elif isinstance(node, TruthTable):
                tokens.append(("T", *(_norm(c.text) for row in node.rows for c in row if c.text)))

    walk(truth.body)
    return tokens


def _imported_tokens(sections: tuple[Section, ...]) -> list[tuple[str, ...]]:
    tokens: list[tuple[str, ...]] = []

    def text(raw: str) -> str:
        return _norm(plain_text(raw))

    def walk(blocks: tuple[object, ...]) -> None:
        for block in blocks:
            if isinstance(block, Section):
                tokens.append(("H", block.number, text(block.title.raw)))
                walk(block.content)
            elif isinstance(block, Paragraph):
                tokens.append(("P", "", text(block.text.raw)))
            elif isinstance(block, BulletList):
                for index, item in enumerate(block.items):
                    label = block.label(index)
                    if label in ("-", "+"):
                        tokens.append(("P", label, text(item.raw)))
                    else:  # a numbered list from Word's numbering: the clerk's truth has the number typed
                        tokens.append(("P", "", f"{label} {text(item.raw)}"))
            elif isinstance(block, Table):
                cells = [c.text for row in (*block.header, *block.rows) for c in row if c.text]
                tokens.append(("T", *(text(c) for c in cells)))

    walk(sections)
    return tokens


def _footnotes(sections: tuple[Section, ...]) -> Iterator[str]:
    for section in sections:
        for block in section.content:
            if isinstance(block, Section):
                yield from _footnotes((block,))
            elif isinstance(block, Paragraph):
                yield from footnotes_of(block.text.raw)[1]
            elif isinstance(block, BulletList):
                for item in block.items:
                    yield from footnotes_of(item.raw)[1]


def _import(source: Path, tmp_path: Path) -> tuple[Path, str]:
    report = tmp_path / "bao-cao.yaml"
    result = run_cli("import", source, report)
    assert result.exit_code == 0, result.output
    return report, result.output


def _check_against_truth(report: Path, truth: Truth) -> None:
    checked = analyze(report, ())
    errors = [str(d) for d in checked.diagnostics if d.is_error]
    assert errors == []
    model = checked.report
    header = truth.header
    assert model.agency.parent == (header.parent or None) or (model.agency.parent or "") == header.parent
    # A name wrapped on two lines is one name; "ỦY BAN NHÂN DÂN" above "XÃ …" stays two lines.
    assert _norm(" ".join(model.agency.heading_lines)) == _norm(" ".join(header.issuer))
    assert (len(model.agency.heading_lines) == 2) == (header.issuer[0] == "ỦY BAN NHÂN DÂN")
    number = header.number.split(":", 1)[1].strip()
    symbol = number.split("/")[-1]
    assert model.document.symbol == symbol
    if number.split("/")[0].strip():
        assert model.document.number == int(number.split("/")[0])
        day_month_year = header.place_date.split("ngày", 1)[1]
        day, month, year = (int(w) for w in day_month_year.replace("tháng", " ").replace("năm", " ").split())
        assert (model.document.date.year, model.document.date.month, model.document.date.day) == (year, month, day)
    else:
        assert model.document.draft
    assert model.agency.place == header.place_date.split(",")[0].strip()
    assert _norm(model.document.subject or "") == _norm(" ".join(truth.subject))
    assert [_norm(r).rstrip(";.") for r in model.document.recipients] == [
        _norm(r).lstrip("- ").rstrip(";.") for r in truth.recipients
    ]
    assert [_norm(b).rstrip(";.") for b in model.document.bases] == [_norm(p.text).rstrip(";.") for p in truth.bases]
    opening = model.document.opening.raw if model.document.opening else ""
    assert _norm(opening) == _norm(" ".join(p.text for p in truth.opening))
    assert _imported_tokens(model.narrative) == _truth_tokens(truth)
    assert list(_footnotes(model.narrative)) == [_norm(f.text) for f in truth.footnotes()]
    closing = model.closing.raw if model.closing else ""
    assert _norm(plain_text(closing)) == _norm(" ".join(p.text for p in truth.closing))
    signature = model.signature
    assert [line for line in signature.lines] == list(truth.signature.lines)
    assert (signature.name or "") == truth.signature.name
    assert list(signature.distribution) == [r.rstrip(";.").strip() for r in truth.signature.recipients]


@pytest.mark.parametrize("name", sorted(CLERK_DOCS))
def test_clerk_documents_become_the_report_they_say(name: str, tmp_path: Path) -> None:
    truth, _habits = CLERK_DOCS[name]
    source = build_doc(name, tmp_path)
    report, output = _import(source, tmp_path)
    _check_against_truth(report, truth)
    assert "Đã tạo" in output


@pytest.mark.parametrize("name", ["so-tttt-2022-q3", "so-tnmt-2023", "ubnd-xa-2025-q1-draft"])
def test_documents_resaved_by_libreoffice(name: str, tmp_path: Path) -> None:
    truth, _habits = CLERK_DOCS[name]
    report, _output = _import(LIBREOFFICE_DIR / f"{name}.docx", tmp_path)
    _check_against_truth(report, truth)


@pytest.mark.slow  # LibreOffice converts the .doc
@pytest.mark.libreoffice
def test_an_old_doc_is_converted_through_libreoffice(tmp_path: Path) -> None:
    truth, _habits = CLERK_DOCS["ubnd-xa-2025-q1-draft"]
    source = tmp_path / "bao-cao-cu.doc"
    shutil.copyfile(LIBREOFFICE_DIR / "ubnd-xa-2025-q1-draft.doc", source)
    report, _output = _import(source, tmp_path)
    _check_against_truth(report, truth)


def test_tracked_changes_and_comments_are_said(tmp_path: Path) -> None:
    source = build_doc("so-tttt-2022-q3-word", tmp_path)
    _report, output = _import(source, tmp_path)
    assert "thay đổi chưa chấp nhận (Track Changes): đã lấy bản cuối cùng" in output
    assert "nhận xét (Comment): không đưa vào báo cáo" in output


def test_a_doc_without_libreoffice_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    source = tmp_path / "bao-cao-cu.doc"
    shutil.copyfile(LIBREOFFICE_DIR / "ubnd-xa-2025-q1-draft.doc", source)
    result = run_cli("import", source, tmp_path / "bao-cao.yaml")
    assert result.exit_code == 1
    assert f"{source}: lỗi: đây là tệp Word cũ (.doc); cần LibreOffice để đọc (chưa cài)" in result.output
    assert "Save As" in result.output
    assert not (tmp_path / "bao-cao.yaml").exists()


def test_numbers_equal_to_phu_luc_values_are_listed_not_replaced(tmp_path: Path) -> None:
    source = build_doc("so-tttt-2022-q3", tmp_path)
    report, output = _import(source, tmp_path)
    text = report.read_text(encoding="utf-8")
    # "tổng số TTHC của Sở 43 thủ tục": 43 is the Phụ lục's III.4.hieu_luc.
    assert 'số 43 có thể viết {{ pl["III.4.hieu_luc"] }}' in output
    assert "Sở 43 thủ tục" in text
    assert "#   «" in text and 'pl["III.4.hieu_luc"]' in text.split("# Số trong lời văn trùng")[1]


def test_what_fits_no_field_is_said_and_kept(tmp_path: Path) -> None:
    """A line of the heading that is no heading field, and a table between the closing and the
    signature: each a warning with its place and first words, the table kept as comments."""
    from docx import Document

    source = build_doc("so-tttt-2022-q3", tmp_path)
    document = Document(str(source))
    closing = next(p for p in document.paragraphs if p.text.startswith("Trên đây"))
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Bảng lạc chỗ"
    table.rows[0].cells[1].text = "42"
    closing._p.addnext(table._tbl)
    first = document.paragraphs[0]
    first.insert_paragraph_before("Dòng gõ nhầm ở đầu trang")
    document.save(str(source))
    report, output = _import(source, tmp_path)
    assert re.search(r"đoạn \d+ \(«Dòng gõ nhầm ở đầu trang»\): dòng ở phần đầu văn bản, không rõ là gì", output)
    assert "sau câu kết, trước phần chữ ký; đã giữ làm ghi chú" in output
    assert "#   Bảng lạc chỗ | 42" in report.read_text(encoding="utf-8")


def test_strict_open_xml_reads_as_transitional(tmp_path: Path) -> None:
    """Word's "Strict Open XML Document" names the same elements in other namespaces."""
    import zipfile

    source = build_doc("so-tttt-2022-q3", tmp_path)
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.endswith(".xml"):
                data = data.replace(
                    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
                )
            new.writestr(item, data)
    report, _output = _import(strict, tmp_path)
    _check_against_truth(report, CLERK_DOCS["so-tttt-2022-q3"][0])


def test_stars_braces_and_carets_typed_in_word_print_as_typed(tmp_path: Path) -> None:
    """Characters the report file gives a meaning to ("*", "^[", Jinja's "{{ … }}", "{% … %}") come in
    escaped: `check` accepts the file and the rebuilt BÁO CÁO prints them as typed."""
    from docx import Document

    source = build_doc("so-tttt-2022-q3", tmp_path)
    document = Document(str(source))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Trong kỳ, các hồ sơ"))
    typed = " Công thức {{ x }} và {% if %} và *sao* và ^[không phải chú thích]."
    paragraph.add_run(typed)
    document.save(str(source))
    report, _output = _import(source, tmp_path)
    assert run_cli("check", report).exit_code == 0
    built = tmp_path / "built"
    assert run_cli("build", report, "-o", built).exit_code == 0
    (bao_cao,) = built.glob("*bao-cao.docx")
    printed = next(p.text for p in Document(str(bao_cao)).paragraphs if "Công thức" in p.text)
    assert printed.replace("\u2060", "").endswith(typed)


def test_text_after_the_signature_without_a_table_is_said_and_kept(tmp_path: Path) -> None:
    from docx import Document

    source = build_doc("ubnd-xa-2025-q1", tmp_path)
    document = Document(str(source))
    document.add_paragraph("Ghi chú của văn thư: bản này gửi kèm email.")
    document.save(str(source))
    report, output = _import(source, tmp_path)
    assert re.search(r"đoạn \d+ \(«Ghi chú của văn thư: bản này gửi …»\): sau phần chữ ký", output)
    assert "#   Ghi chú của văn thư: bản này gửi kèm email." in report.read_text(encoding="utf-8")
    _check_against_truth(report, CLERK_DOCS["ubnd-xa-2025-q1"][0])


def test_a_page_break_in_a_paragraph_and_zero_width_marks(tmp_path: Path) -> None:
    """Text after a page break inside a paragraph starts a paragraph of its own (not glued to the word
    before it); a zero-width space takes no room."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    source = build_doc("so-tttt-2022-q3", tmp_path)
    document = Document(str(source))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Trong kỳ, các hồ sơ"))
    paragraph.add_run(" Trước ngắt trang")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("sau ngắt\u200btrang.")
    document.save(str(source))
    report, _output = _import(source, tmp_path)
    text = report.read_text(encoding="utf-8")
    assert 'đối với Sở. Trước ngắt trang"' in text
    assert '- "sau ngắttrang."' in text


def test_signed_typed_after_the_name_is_no_part_of_it(tmp_path: Path) -> None:
    from docx import Document

    source = build_doc("so-tttt-2022-q3", tmp_path)
    document = Document(str(source))
    name = CLERK_DOCS["so-tttt-2022-q3"][0].signature.name
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    if paragraph.text.strip() == name:
                        paragraph.add_run(" (Đã ký)")
    document.save(str(source))
    report, _output = _import(source, tmp_path)
    assert analyze(report, ()).report.signature.name == name


def test_a_workbook_named_docx_is_said_to_be_one(tmp_path: Path) -> None:
    built = tmp_path / "built"
    assert run_cli("build", ROOT_EXAMPLE, "-o", built).exit_code == 0
    (xlsx,) = built.glob("*phu-luc.xlsx")
    source = tmp_path / "bao-cao.docx"
    shutil.copyfile(xlsx, source)
    result = run_cli("import", source, tmp_path / "r.yaml")
    assert result.exit_code == 1
    assert f"{source}: lỗi: tệp này là bảng Excel (.xlsx), không phải văn bản Word" in result.output


def test_what_the_document_does_not_say_is_left_to_fill_not_invented(tmp_path: Path) -> None:
    """A report with no heading (no issuing body, no Số, no date line): the file is written for the
    fields to be filled in, no placeholder stands in for them, `check`'s errors are printed, exit 1."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    for text in ("BÁO CÁO", "Kết quả thực hiện cải cách hành chính quý I năm 2025"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    document.add_paragraph("Trên đây là báo cáo./.")
    source = tmp_path / "bao-cao.docx"
    document.save(str(source))
    report = tmp_path / "bao-cao.yaml"
    result = run_cli("import", source, report)
    assert result.exit_code == 1
    assert "không thấy tên cơ quan ban hành" in result.output
    assert "thiếu trường bắt buộc 'name'" in result.output
    assert f"{report}: tệp đã ghi nhưng còn lỗi như trên" in result.output
    text = report.read_text(encoding="utf-8")
    assert "CƠ QUAN" not in text and 'symbol: "BC"' not in text
    assert 'period: "2025-Q1"' in text
