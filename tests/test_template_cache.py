"""One process building again and again: the template's cached Jinja work follows edits to the file."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from cchc_docgen.core.errors import TemplateError
from cchc_docgen.render.bao_cao import default_template, render_bao_cao_docx
from cchc_docgen.report.analysis import load_checked

from .conftest import EXAMPLES


def body_xml(path: Path) -> bytes:
    return docx.Document(str(path)).element.body.xml.encode()


def test_a_template_edited_between_builds_is_read_again(tmp_path: Path) -> None:
    checked = load_checked(EXAMPLES["002"])
    template = tmp_path / "mau.docx"
    docx.Document(str(default_template())).save(str(template))
    render_bao_cao_docx(checked, tmp_path / "1.docx", template)
    render_bao_cao_docx(checked, tmp_path / "2.docx", template)
    assert body_xml(tmp_path / "2.docx") == body_xml(tmp_path / "1.docx")  # the second build, from the caches

    # Staff remove {{p closing }} in Word and save: the next build in the same process refuses it.
    own = docx.Document(str(template))
    closing = next(p for p in own.paragraphs if p.text == "{{p closing }}")
    closing._p.getparent().remove(closing._p)
    own.save(str(template))
    os.utime(template, ns=(template.stat().st_atime_ns, template.stat().st_mtime_ns + 1_000_000))
    with pytest.raises(TemplateError, match="mẫu Word thiếu chỗ in"):
        render_bao_cao_docx(checked, tmp_path / "3.docx", template)

    # ... and put it back with the body text at 13 pt: printed at 13 pt.
    own = docx.Document(str(default_template()))
    own.styles["BC Đoạn văn"].font.size = Pt(13)
    own.save(str(template))
    os.utime(template, ns=(template.stat().st_atime_ns, template.stat().st_mtime_ns + 2_000_000))
    render_bao_cao_docx(checked, tmp_path / "4.docx", template)
    document = docx.Document(str(tmp_path / "4.docx"))
    assert document.paragraphs[-1].text.startswith("Trên đây là báo cáo")
    assert document.styles["BC Đoạn văn"].font.size == Pt(13)


def test_a_syntax_error_is_reported_on_every_build(tmp_path: Path) -> None:
    """A template that fails to compile is never cached: the second build fails the same way."""
    checked = load_checked(EXAMPLES["002"])
    broken = tmp_path / "sai.docx"
    own = docx.Document(str(default_template()))
    own.add_paragraph("{{ agency ")
    own.save(str(broken))
    messages = []
    for name in ("a.docx", "b.docx"):
        with pytest.raises(TemplateError) as error:
            render_bao_cao_docx(checked, tmp_path / name, broken)
        messages.append(str(error.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith(f"{broken}: lỗi: mẫu Word sai cú pháp")


def test_what_counts_as_printed_is_the_body_headers_and_footers(tmp_path: Path) -> None:
    """The subject moved from the body into the page header still prints: the build goes on and the
    header shows it. Taken out of the header too, it prints nowhere: refused."""
    checked = load_checked(EXAMPLES["002"])
    own = docx.Document(str(default_template()))
    subject = next(p for p in own.paragraphs if p.text == "{{ subject }}")
    subject._p.getparent().remove(subject._p)
    section = own.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "{{ subject }}"
    in_header = tmp_path / "dau-trang.docx"
    own.save(str(in_header))
    render_bao_cao_docx(checked, tmp_path / "1.docx", in_header)
    header = docx.Document(str(tmp_path / "1.docx")).sections[0].header.paragraphs[0].text
    assert header == checked.report.document.subject

    section.header.paragraphs[0].text = ""
    own.save(str(tmp_path / "khong-co.docx"))
    with pytest.raises(TemplateError, match=r"mẫu Word thiếu chỗ in \{\{ subject \}\}"):
        render_bao_cao_docx(checked, tmp_path / "2.docx", tmp_path / "khong-co.docx")


def test_a_misspelt_variable_is_reported_as_the_missing_place(tmp_path: Path) -> None:
    """The check for dropped parts comes before rendering: `{{ subjet }}` is reported as the subject
    having no place in the template (what staff must fix), not as Jinja's unknown name."""
    checked = load_checked(EXAMPLES["002"])
    own = docx.Document(str(default_template()))
    subject = next(p for p in own.paragraphs if p.text == "{{ subject }}")
    subject.runs[0].text = "{{ subjet }}"
    for run in subject.runs[1:]:
        run.text = ""
    own.save(str(tmp_path / "sai-ten.docx"))
    with pytest.raises(TemplateError, match=r"mẫu Word thiếu chỗ in \{\{ subject \}\}: báo cáo có nội dung"):
        render_bao_cao_docx(checked, tmp_path / "1.docx", tmp_path / "sai-ten.docx")
