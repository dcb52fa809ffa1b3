"""`write_back`: corrections made in Word to a built BÁO CÁO come back into its report file.

Each test builds a real example (a copy in tmp_path), edits the built document with python-docx the
way Word stores an edit (the new words in runs of their own, split mid-word), writes it back, and
checks the report file: the new words where they belong, every other byte as it was, and a rebuild
that prints them.
"""

from __future__ import annotations

import copy
import difflib
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from cchc_docgen.core.errors import InputError
from cchc_docgen.intake.docx_blocks import read_blocks
from cchc_docgen.intake.docx_model import Paragraph
from cchc_docgen.intake.docx_package import open_word
from cchc_docgen.intake.write_back import write_back

from .conftest import EXAMPLES, ROOT, find_soffice, run_cli

TTTT = EXAMPLES["004"]
TNMT = EXAMPLES["000"]
XA = ROOT / "data" / "ubnd-xa-dung-k-no" / "2025-q1.yaml"


def _build(source: Path, folder: Path) -> tuple[Path, Path]:
    """A copy of `source` in `folder` and its built BÁO CÁO."""
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / source.name
    shutil.copyfile(source, report)
    result = run_cli("build", report, "-o", folder / "out")
    assert result.exit_code == 0, result.output
    (bao_cao,) = (folder / "out").glob("*-bao-cao.docx")
    return report, bao_cao


def _printed(bao_cao: Path) -> list[str]:
    """Every paragraph's text of a BÁO CÁO, table cells included, as the import reads it."""
    texts: list[str] = []
    for block in read_blocks(open_word(bao_cao)).blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            texts += [p.text for row in block.rows for cell in row for p in cell.paragraphs]
    return texts


def _paragraphs(document: docx.document.Document) -> list[docx.text.paragraph.Paragraph]:
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p for p in cell.paragraphs if p not in found]
    return found


def _replace(bao_cao: Path, old: str, new: str, occurrence: int = 0) -> None:
    """Replace `old` by `new` in the first paragraph containing it, as Word stores a correction: the
    run is split where the edit starts, the new words go into runs of their own (cut mid-word),
    the rest of the old run follows."""
    document = docx.Document(str(bao_cao))
    seen = 0
    for paragraph in _paragraphs(document):
        for run in paragraph.runs:
            if old not in run.text:
                continue
            if seen < occurrence:
                seen += 1
                continue
            before, after = run.text.split(old, 1)
            run.text = before
            anchor = run._r
            half = max(1, len(new) // 2)
            for piece in (new[:half], new[half:], after):
                element = copy.deepcopy(run._r)
                anchor.addnext(element)
                anchor = element
                docx.text.run.Run(element, paragraph).text = piece
            document.save(str(bao_cao))
            return
    raise AssertionError(f"'{old}' is in no run of {bao_cao}")


def _only_change(before: str, after: str) -> list[tuple[str, str]]:
    """The lines of the report file that changed, old and new: every other line byte for byte."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            pairs.append(("".join(a[i1:i2]), "".join(b[j1:j2])))
    return pairs


@pytest.mark.parametrize(
    ("source", "old", "new"),
    [
        (TTTT, "nghiêm túc tổ chức quán triệt", "nghiêm túc tổ chức học tập, quán triệt"),
        (TNMT, "chủ động ban hành các Kế hoạch", "kịp thời ban hành các Kế hoạch"),
        (EXAMPLES["002"], "Ủy ban nhân dân huyện", "UBND huyện"),
        (XA, "Ủy ban nhân dân xã", "UBND xã"),
    ],
    ids=["004", "000", "002", "xa"],
)
def test_a_word_changed_in_word_comes_back(tmp_path: Path, source: Path, old: str, new: str) -> None:
    report, bao_cao = _build(source, tmp_path)
    before = report.read_text(encoding="utf-8")
    _replace(bao_cao, old, new)
    changes = write_back(bao_cao, report)
    after = report.read_text(encoding="utf-8")
    assert len(changes) == 1, [c.lines() for c in changes]
    (line,) = changes[0].lines()
    assert line.startswith("sửa (") and "{+" in line, line
    (changed,) = _only_change(before, after)
    assert old in changed[0] and new not in changed[0]
    assert changed[1] == changed[0].replace(old, new, 1)  # the same line, quotes and indentation kept
    rebuilt = _build(report, tmp_path / "again")[1]
    assert any(new in text for text in _printed(rebuilt))
    assert write_back(rebuilt, report) == []  # nothing more to bring back


def test_an_unchanged_document_changes_nothing(tmp_path: Path, example: Path) -> None:
    report, bao_cao = _build(example, tmp_path)
    before = report.read_bytes()
    assert write_back(bao_cao, report) == []
    assert report.read_bytes() == before


def test_a_number_from_the_appendix_is_refused_where_it_is(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    before = report.read_bytes()
    _replace(bao_cao, "40/46 phần việc", "41/46 phần việc")
    with pytest.raises(InputError) as caught:
        write_back(bao_cao, report)
    assert report.read_bytes() == before
    (message,) = [str(d) for d in caught.value.diagnostics]
    line = next(i for i, text in enumerate(before.decode().splitlines(), 1) if "I.1.hoan_thanh" in text)
    assert f"2022-q3.yaml:{line}:" in message
    assert "đoạn 17 (“Tính đến thời điểm báo cáo, Sở đã" in message
    assert 'sửa số “40” do {{ pl["I.1.hoan_thanh"] }} in ra thành “41”' in message
    assert "I.1.hoan_thanh trong appendix.values" in message and "import PHỤ_LỤC.xlsx" in message


def test_a_period_date_is_refused(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    _replace(bao_cao, "15/6/2022", "16/6/2022")
    with pytest.raises(InputError, match=r"\{\{ ky\.tu_ngay \}\} in ra thành “16/6/2022”; giá trị này tính từ kỳ"):
        write_back(bao_cao, report)


def test_words_around_references_change_and_references_stay(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    _replace(bao_cao, "phần việc theo Kế hoạch", "nhiệm vụ theo Kế hoạch")
    (change,) = write_back(bao_cao, report)
    assert '{{ pl["I.1.hoan_thanh"] }}/{{ pl["I.1.de_ra"] }} nhiệm vụ theo Kế hoạch' in change.new
    assert '{{ pl["I.1"] | thap_phan(2) }}%' in change.new
    assert '{{ pl["I.1.hoan_thanh"] }}/{{ pl["I.1.de_ra"] }} nhiệm vụ theo' in report.read_text(encoding="utf-8")


def test_a_heading_title_comes_back_and_its_number_does_not(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    before = report.read_text(encoding="utf-8")
    _replace(bao_cao, "1.1.3.", "1.1.9.")  # the number is a run of its own
    _replace(bao_cao, "Về kiểm tra CCHC", "Về công tác kiểm tra CCHC")
    (change,) = write_back(bao_cao, report)
    assert change.kind == "tiêu đề" and change.new == "Về công tác kiểm tra CCHC"
    (changed,) = _only_change(before, report.read_text(encoding="utf-8"))
    assert changed[1] == '              - title: "Về công tác kiểm tra CCHC"\n'


def _paragraph_with(document: docx.document.Document, words: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in document.paragraphs if words in p.text)


def test_a_list_item_added_and_one_removed(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    before = report.read_text(encoding="utf-8")
    document = docx.Document(str(bao_cao))
    first = _paragraph_with(document, "Sở đã thực hiện kiểm tra công tác CCHC 5/5")
    added = copy.deepcopy(first._p)
    for mark in [*added.iter(qn("w:bookmarkStart")), *added.iter(qn("w:bookmarkEnd"))]:
        added.remove(mark)  # Word never copies a bookmark
    first._p.addnext(added)
    new = docx.text.paragraph.Paragraph(added, first._parent)
    for run in new.runs[1:]:
        run._r.getparent().remove(run._r)
    new.runs[0].text = "- Sở đã kiểm tra đột xuất 02 phòng chuyên môn."
    gone = _paragraph_with(document, "Sở không có đơn thư khiếu nại")
    gone._p.getparent().remove(gone._p)
    document.save(str(bao_cao))
    changes = write_back(bao_cao, report)
    assert sorted(c.lines()[0].split(" (")[0] for c in changes) == ["bỏ", "thêm"]
    lines = report.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "kiểm tra công tác CCHC 5/5" in line)
    assert lines[at + 1] == '                      - "Sở đã kiểm tra đột xuất 02 phòng chuyên môn."'
    assert not any("Sở không có đơn thư khiếu nại" in line for line in lines)
    kept = [line for line in before.splitlines() if "Sở không có đơn thư khiếu nại" not in line]
    assert [line for line in lines if "kiểm tra đột xuất" not in line] == kept


def test_a_removed_paragraph_goes(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    before = report.read_text(encoding="utf-8")
    document = docx.Document(str(bao_cao))
    gone = _paragraph_with(document, "Chi tiết theo Phụ lục đính kèm.")
    gone._p.getparent().remove(gone._p)
    document.save(str(bao_cao))
    (change,) = write_back(bao_cao, report)
    assert change.lines() == [f"bỏ (mục I.1.8, đoạn, dòng {change.line}): Chi tiết theo Phụ lục đính kèm."]
    # The section's only paragraph goes with its `content:`; the comment under it stays.
    assert _only_change(before, report.read_text(encoding="utf-8")) == [
        ('            content:\n              - "Chi tiết theo Phụ lục đính kèm."\n', "")
    ]
    assert run_cli("check", report).exit_code == 0


def test_a_changed_distribution_item(tmp_path: Path) -> None:
    report, bao_cao = _build(TNMT, tmp_path)
    before = report.read_text(encoding="utf-8")
    _replace(bao_cao, "- Lãnh đạo Sở;", "- Ban Giám đốc Sở;")
    (change,) = write_back(bao_cao, report)
    assert change.kind == "Nơi nhận"
    assert change.lines() == [f"sửa (Nơi nhận, dòng {change.line}): [-Lãnh đạo-]{{+Ban Giám đốc+}} Sở"]
    assert _only_change(before, report.read_text(encoding="utf-8")) == [
        ('    - "Lãnh đạo Sở"\n', '    - "Ban Giám đốc Sở"\n')
    ]


def test_a_changed_table_cell(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    before = report.read_text(encoding="utf-8")
    _replace(bao_cao, "Chuyên viên", "Chuyên viên chính")
    (change,) = write_back(bao_cao, report)
    assert change.kind == "ô bảng"
    ((old, new),) = _only_change(before, report.read_text(encoding="utf-8"))
    assert new == old.replace('"Chuyên viên"', '"Chuyên viên chính"')


def test_subject_and_closing_come_back(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    _replace(bao_cao, "Tình hình, kết quả thực hiện", "Tình hình và kết quả thực hiện")
    _replace(bao_cao, "gửi Sở Nội vụ tổng hợp", "gửi Sở Nội vụ để tổng hợp")
    changes = {c.kind: c for c in write_back(bao_cao, report)}
    assert set(changes) == {"trích yếu", "câu kết"}
    text = report.read_text(encoding="utf-8")
    assert 'subject: "Tình hình và kết quả thực hiện cải cách hành chính quý III năm 2022"' in text
    assert 'gửi Sở Nội vụ để tổng hợp./."' in text


def test_stars_and_braces_typed_in_word_print_as_typed(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    _replace(bao_cao, "Chi tiết theo Phụ lục đính kèm.", "Chi tiết theo Phụ lục* đính kèm {{ x }} ^[y].")
    (change,) = write_back(bao_cao, report)
    assert change.new is not None and "Phụ lục\\* đính kèm" in change.new and "\\^[y]" in change.new
    assert run_cli("check", report).exit_code == 0
    rebuilt = _build(report, tmp_path / "again")[1]
    assert "Chi tiết theo Phụ lục* đính kèm {\u2060{ x }\u2060} ^[y]." in _printed(rebuilt)


def _without_bookmarks(bao_cao: Path) -> None:
    document = docx.Document(str(bao_cao))
    body = document.element.body
    marks = [*body.iter(qn("w:bookmarkStart")), *body.iter(qn("w:bookmarkEnd"))]
    assert marks
    for mark in marks:
        mark.getparent().remove(mark)
    document.save(str(bao_cao))


def test_a_document_without_anchors_maps_by_text(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    before = report.read_text(encoding="utf-8")
    _without_bookmarks(bao_cao)
    assert not any(p.anchors for p in read_blocks(open_word(bao_cao)).paragraphs())
    _replace(bao_cao, "nghiêm túc tổ chức quán triệt", "nghiêm túc tổ chức học tập, quán triệt")
    _replace(bao_cao, "Chuyên viên", "Chuyên viên chính")
    changes = write_back(bao_cao, report)
    assert sorted(c.kind for c in changes) == ["ô bảng", "đoạn"]
    assert len(_only_change(before, report.read_text(encoding="utf-8"))) == 2


@pytest.mark.libreoffice
def test_libreoffice_resave_keeps_anchors_and_maps(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    _replace(bao_cao, "nghiêm túc tổ chức quán triệt", "nghiêm túc tổ chức học tập, quán triệt")
    soffice = find_soffice()
    assert soffice is not None
    out = tmp_path / "lo"
    command = [
        soffice,
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(bao_cao),
    ]
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    saved = out / bao_cao.name
    anchors = [a for p in read_blocks(open_word(saved)).paragraphs() for a in p.anchors if a.startswith("_cchc_")]
    assert "_cchc_opening" in anchors and "_cchc_n_0_0_0_1_0" in anchors and "_cchc_closing" in anchors
    (change,) = write_back(saved, report)
    assert change.new is not None and "học tập, quán triệt" in change.new


def test_tracked_changes_are_read_as_accepted_and_warned(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    document = docx.Document(str(bao_cao))
    paragraph = _paragraph_with(document, "Chi tiết theo Phụ lục đính kèm.")
    inserted = docx.oxml.parse_xml(
        f'<w:ins {docx.oxml.ns.nsdecls("w")} w:id="900" w:author="Lãnh đạo" w:date="2026-12-07T00:00:00Z">'
        '<w:r><w:t xml:space="preserve"> (bản giấy)</w:t></w:r></w:ins>'
    )
    paragraph.runs[-1]._r.addnext(inserted)
    document.save(str(bao_cao))
    warnings: list[str] = []
    (change,) = write_back(bao_cao, report, warn=lambda d: warnings.append(str(d)))
    assert change.new == "Chi tiết theo Phụ lục đính kèm. (bản giấy)"
    assert len(warnings) == 1 and "1 thay đổi chưa chấp nhận (Track Changes)" in warnings[0]


def _add_after(paragraph: docx.text.paragraph.Paragraph, text: str) -> docx.text.paragraph.Paragraph:
    """A body paragraph typed after `paragraph` (Enter at its end): one run, no bookmark."""
    document = paragraph.part.document
    body = next(p for p in document.paragraphs if p.style.name == "BC Đoạn văn")
    added = copy.deepcopy(body._p)
    for child in list(added):
        if child.tag != qn("w:pPr"):
            added.remove(child)
    paragraph._p.addnext(added)
    new = docx.text.paragraph.Paragraph(added, paragraph._parent)
    new.add_run(text)
    return new


@pytest.mark.parametrize("anchors", [True, False], ids=["anchored", "by-text"])
def test_added_paragraphs_go_after_their_neighbour(tmp_path: Path, anchors: bool) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    if not anchors:
        _without_bookmarks(bao_cao)
    document = docx.Document(str(bao_cao))
    first = _add_after(_paragraph_with(document, "Về kiểm tra CCHC"), "Đoạn mới thứ nhất dưới tiêu đề.")
    _add_after(first, "Đoạn mới thứ hai, *không* nghiêng.")
    _add_after(_paragraph_with(document, "Chi tiết theo Phụ lục đính kèm."), "Đoạn thêm sau cùng của mục.")
    document.save(str(bao_cao))
    changes = write_back(bao_cao, report)
    assert [c.lines()[0].split(":")[0] for c in changes] == [
        f"thêm (mục I.1.1.3, đoạn, dòng {changes[0].line})",
        f"thêm (mục I.1.1.3, đoạn, dòng {changes[1].line})",
        f"thêm (mục I.1.8, đoạn, dòng {changes[2].line})",
    ]
    lines = report.read_text(encoding="utf-8").splitlines()
    at = lines.index('              - title: "Về kiểm tra CCHC"')
    assert lines[at + 1 : at + 5] == [
        "                content:",
        '                  - "Đoạn mới thứ nhất dưới tiêu đề."',
        '                  - "Đoạn mới thứ hai, \\\\*không\\\\* nghiêng."',
        "                  - list:",
    ]
    at = lines.index('              - "Chi tiết theo Phụ lục đính kèm."')
    assert lines[at + 1 : at + 3] == [
        '              - "Đoạn thêm sau cùng của mục."',
        "      # --- 2. Khó khăn, hạn chế ---",
    ]
    rebuilt = _printed(_build(report, tmp_path / "again")[1])
    assert "Đoạn mới thứ hai, *không* nghiêng." in rebuilt


def test_a_removed_section_goes_with_its_comments_around_it(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    document = docx.Document(str(bao_cao))
    start = next(i for i, p in enumerate(document.paragraphs) if p.text.endswith("Về kiểm tra CCHC"))
    for paragraph in document.paragraphs[start : start + 3]:  # the heading and its two list items
        paragraph._p.getparent().remove(paragraph._p)
    document.save(str(bao_cao))
    changes = write_back(bao_cao, report)
    assert sorted(c.kind for c in changes) == ["tiêu đề", "ý", "ý"]
    text = report.read_text(encoding="utf-8")
    assert "Về kiểm tra CCHC" not in text and "# 1.1.4. Tuyên truyền CCHC (Phụ lục mục I.3)" in text
    assert run_cli("check", report).exit_code == 0
    assert "1.1.3. Tuyên truyền CCHC" in _printed(_build(report, tmp_path / "again")[1])


def test_a_removed_closing_sentence(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    document = docx.Document(str(bao_cao))
    gone = _paragraph_with(document, "Trên đây là báo cáo")
    gone._p.getparent().remove(gone._p)
    document.save(str(bao_cao))
    (change,) = write_back(bao_cao, report)
    assert change.kind == "câu kết" and change.new is None
    assert "\nclosing:" not in report.read_text(encoding="utf-8")


def test_a_table_row_added(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    document = docx.Document(str(bao_cao))
    table = next(t for t in document.tables if "Họ tên" in t.rows[0].cells[1].text)
    last = table.rows[-1]._tr
    added = copy.deepcopy(last)
    last.addnext(added)
    for tc, text in zip(
        added.iter(qn("w:tc")), ["03", "Trần Văn A", "Chuyên viên", "0900000000", "a@x.vn", ""], strict=False
    ):
        for t in tc.iter(qn("w:t")):
            t.text = ""
        ts = list(tc.iter(qn("w:t")))
        if ts:
            ts[0].text = text
    for mark in [*added.iter(qn("w:bookmarkStart")), *added.iter(qn("w:bookmarkEnd"))]:
        mark.getparent().remove(mark)
    document.save(str(bao_cao))
    (change,) = write_back(bao_cao, report)
    assert change.kind == "dòng bảng" and change.old is None
    lines = report.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "Nguyễn Bé Tuyên" in line)
    assert lines[at + 1] == '            - ["03", "Trần Văn A", "Chuyên viên", "0900000000", "a@x.vn", ""]'


def test_inline_footnotes_and_marks_are_kept_around_an_edit(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    source = folder / TTTT.name
    text = TTTT.read_text(encoding="utf-8")
    old = '"Chi tiết theo Phụ lục đính kèm."'
    new = "'Chi tiết^[Kế hoạch số *02*/KH-STTTT.] theo **Phụ lục** đính kèm \\* {{ ky.ten }}.'"
    source.write_text(text.replace(old, new), encoding="utf-8")
    report, bao_cao = _build(source, tmp_path / "b")
    _replace(bao_cao, "đính kèm *", "kèm theo *")
    (change,) = write_back(bao_cao, report)
    assert change.new == "Chi tiết^[Kế hoạch số *02*/KH-STTTT.] theo **Phụ lục** kèm theo \\* {{ ky.ten }}."
    assert run_cli("check", report).exit_code == 0


def test_another_reports_document_is_refused(tmp_path: Path) -> None:
    report = _build(TTTT, tmp_path / "tttt")[0]
    other = _build(EXAMPLES["002"], tmp_path / "cld")[1]
    before = report.read_bytes()
    with pytest.raises(InputError, match="đây không phải bản BÁO CÁO của tệp báo cáo này"):
        write_back(other, report)
    assert report.read_bytes() == before


def test_a_document_saved_in_decomposed_unicode_changes_only_what_was_edited(tmp_path: Path) -> None:
    report, bao_cao = _build(TTTT, tmp_path)
    _replace(bao_cao, "nghiêm túc tổ chức quán triệt", "nghiêm túc tổ chức học tập, quán triệt")
    document = docx.Document(str(bao_cao))
    for t in document.element.body.iter(qn("w:t")):
        t.text = unicodedata.normalize("NFD", t.text or "")
    document.save(str(bao_cao))
    (change,) = write_back(bao_cao, report)
    assert change.new is not None and "học tập, quán triệt" in change.new
    assert unicodedata.is_normalized("NFC", change.new)


def test_number_date_and_signer_typed_at_signing_come_back(tmp_path: Path) -> None:
    """The draft is signed in Word: its blank number and day filled in, the signer's name typed; all three
    come back, and the file is a draft no longer."""
    report, bao_cao = _build(TNMT, tmp_path)
    before = report.read_text(encoding="utf-8")
    _replace(bao_cao, "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/", "Số: 512/")
    _replace(bao_cao, "ngày \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng 12", "ngày 18 tháng 12")
    document = docx.Document(str(bao_cao))
    signer = next(p for p in _paragraphs(document) if p.text.strip() == "GIÁM ĐỐC")
    _add_after(signer, "Lê Văn Bình")
    document.save(str(bao_cao))
    changes = {c.kind: c for c in write_back(bao_cao, report)}
    assert set(changes) == {"số văn bản", "ngày", "dự thảo", "người ký"}
    assert changes["số văn bản"].new == "512" and changes["người ký"].new == "Lê Văn Bình"
    text = report.read_text(encoding="utf-8")
    assert "  number: 512\n  symbol:" in text and "date: 2023-12-18" in text and "draft: false" in text
    assert '  name: "Lê Văn Bình"\n  distribution:' in text
    checked = run_cli("check", report)
    assert checked.exit_code == 0, checked.output
    # Nothing else moved: the lines removed and added are those four fields' only.
    touched = [
        line
        for line in difflib.ndiff(before.splitlines(), text.splitlines())
        if line.startswith(("- ", "+ "))
    ]
    assert all(any(f" {key}: " in line for key in ("number", "date", "draft", "name")) for line in touched), touched


def test_a_recipient_changed_among_several_comes_back(tmp_path: Path) -> None:
    """Several recipients print a paragraph each ("Kính gửi:" then "- …;" lines): one corrected in
    Word comes back to its line of recipients; an unchanged document changes none of them."""
    source = ROOT / "tests" / "data" / "red-team-pages" / "so-vhttdl-hcm-2025-9t.yaml"
    report, bao_cao = _build(source, tmp_path)
    before = report.read_text(encoding="utf-8")
    assert write_back(bao_cao, report) == [] and report.read_text(encoding="utf-8") == before
    _replace(bao_cao, "Sở Nội vụ Thành phố Hồ Chí Minh;", "Sở Nội vụ Thành phố;")
    (change,) = write_back(bao_cao, report)
    assert change.kind == "Kính gửi"
    assert _only_change(before, report.read_text(encoding="utf-8")) == [
        ('    - "Sở Nội vụ Thành phố Hồ Chí Minh"\n', '    - "Sở Nội vụ Thành phố"\n')
    ]
