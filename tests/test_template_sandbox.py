"""A Word template is untrusted: it sees plain strings only, and its mistakes end in a located message."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from cchc_docgen import TemplateError, load_checked
from cchc_docgen.cli import main
from cchc_docgen.render import _template_sandbox
from cchc_docgen.render.bao_cao import default_template, render_bao_cao_docx, template_context

from .conftest import EXAMPLES
from .test_bao_cao import SMALL_REPORT


def template_with(tmp_path: Path, *lines: str, name: str = "mau.docx") -> Path:
    """The shipped template with `lines` added as paragraphs at the end of the body."""
    own = docx.Document(str(default_template()))
    for line in lines:
        own.add_paragraph(line)
    path = tmp_path / name
    own.save(str(path))
    return path


def render_error(tmp_path: Path, *lines: str) -> str:
    template = template_with(tmp_path, *lines)
    target = tmp_path / "out.docx"
    with pytest.raises(TemplateError) as error:
        render_bao_cao_docx(load_checked(EXAMPLES["002"]), target, template)
    assert not target.exists()
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.file == str(template)
    return diagnostic.message


# --- the context holds nothing but strings ----------------------------------------------------------


def test_context_holds_exact_strings_and_lists_of_strings(tmp_path: Path) -> None:
    checked = load_checked(EXAMPLES["002"])
    markers = {"opening": "m1", "narrative": "m2", "closing": ""}
    context = template_context(checked.report, markers)
    for name, value in context.items():
        if type(value) is list:
            assert all(type(item) is str for item in value), name
        else:
            assert type(value) is str, name
    assert {name: context[name] for name in markers} == markers


@pytest.mark.parametrize(
    "attack",
    [
        "{{ narrative.tpl.replace_zipname('docProps/app.xml', '/etc/passwd') }}",
        "{{ narrative.subdocx.save('WRITTEN') }}",
        "{{ opening.write_xml('WRITTEN', 'x') }}",
        "{{ closing.docx }}",
        "{{ narrative.tpl }}",
    ],
)
def test_subdocument_attributes_do_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str) -> None:
    monkeypatch.chdir(tmp_path)
    message = render_error(tmp_path, attack)
    assert message.startswith("mẫu Word dùng biến không có (")
    assert "has no attribute" in message
    assert not (tmp_path / "WRITTEN").exists()


@pytest.mark.parametrize(
    ("attack", "refused"),
    [
        ("{{ narrative.__class__.__mro__ }}", "'__class__' of 'str'"),
        ("{{ agency.__class__ }}", "'__class__' of 'str'"),
        ("{{ bases.append('x') }}", "'append' of 'list'"),
        ("{{ cycler.__init__.__globals__ }}", "'__init__' of 'type'"),
        ("{{ self._TemplateReference__context }}", "'_TemplateReference__context' of 'TemplateReference'"),
    ],
)
def test_python_internals_are_unreachable(tmp_path: Path, attack: str, refused: str) -> None:
    message = render_error(tmp_path, attack)
    assert message.startswith(f"mẫu Word dùng lệnh không được phép (access to attribute {refused} object is unsafe.)")
    assert attack in message  # located: the template text around it is quoted


def test_a_marker_used_as_text_is_refused(tmp_path: Path) -> None:
    message = render_error(tmp_path, "Tóm tắt: {{ narrative|upper }}")
    assert message == (
        "mẫu Word: opening, narrative, closing chỉ in được nguyên vẹn, bằng"
        " {{p opening }}, {{p narrative }}, {{p closing }}"
    )


def test_a_subdocument_inside_a_line_is_refused(tmp_path: Path) -> None:
    message = render_error(tmp_path, "Nội dung: {{ narrative }}")
    assert message == "mẫu Word: {{ narrative }} nằm giữa dòng chữ; hãy viết {{p narrative }} trên một dòng riêng"


# --- template mistakes: a located message, quickly ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{{ 1/0 }}", "mẫu Word chia cho 0 (gần: “"),
        ("{% include 'khac.docx' %}", "mẫu Word không được dùng {% include %}, {% import %}, {% extends %}"),
        ("{% import 'khac' as k %}", "mẫu Word không được dùng {% include %}, {% import %}, {% extends %}"),
        ("{{ '%d'|format('chữ') }}", "mẫu Word không dựng được (TypeError: %d format: a real number is required"),
        ("{{ '{:>99999999}'.format(1) }}", "mẫu Word dùng lệnh không được phép (định dạng"),
        ("{{ '%99999999s'|format(1) }}", "mẫu Word dùng lệnh không được phép (định dạng"),
        ("{{ '%99999999s' % 1 }}", "mẫu Word dùng lệnh không được phép (định dạng"),
        ("{% for i in range(10**9) %}x{% endfor %}", "mẫu Word dùng lệnh không được phép (range(…1000000000…)"),
        ("{{ 'x'*10**10 }}", "mẫu Word dùng lệnh không được phép (phép nhân chuỗi/danh sách vượt giới hạn 100000"),
        ("{{ [1]*10**10 }}", "mẫu Word dùng lệnh không được phép (phép nhân chuỗi/danh sách"),
        ("{{ 2**99999 }}", "mẫu Word dùng lệnh không được phép (phép lũy thừa"),
        ("{{ 'x'|center(10**9) }}", "mẫu Word dùng lệnh không được phép (center(…1000000000…)"),
        ("{{ agency.center(10**9) }}", "mẫu Word dùng lệnh không được phép (center(…1000000000…)"),
        ("{{ agency|indent(10**9) }}", "mẫu Word dùng lệnh không được phép (indent(…1000000000…)"),
        ("{{ ('x'*99999)|replace('x', 'x'*9999) }}", "mẫu Word dùng lệnh không được phép (replace"),
        (
            "{% for i in range(100000) %}{{ 'x'*100000 }}{% endfor %}",
            "mẫu Word dùng lệnh không được phép (văn bản mẫu tạo ra vượt giới hạn 20000000 phần tử/ký tự)",
        ),
        ("{{ lipsum(10**6) }}", "mẫu Word dùng biến không có ('lipsum' is undefined)"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "mẫu Word tính ra giá trị quá lớn hoặc đệ quy quá sâu"),
        ("{{ agency", "mẫu Word sai cú pháp {{ }} / {% %}"),
    ],
)
def test_template_mistakes_end_in_a_located_message(tmp_path: Path, line: str, expected: str) -> None:
    started = time.monotonic()
    message = render_error(tmp_path, line)
    assert message.startswith(expected), message
    if "(gần: “" in message:  # located: the template text around the mistake is quoted
        assert line in message
    assert time.monotonic() - started < 10


def test_a_template_that_loops_too_long_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_template_sandbox, "MAX_SECONDS", 0.5)
    started = time.monotonic()
    message = render_error(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    assert message.startswith("mẫu Word chạy quá 0.5 giây (vòng lặp quá lớn?)"), message
    assert time.monotonic() - started < 10


def test_template_mistake_on_the_command_line(tmp_path: Path) -> None:
    template = template_with(tmp_path, "{{ narrative.subdocx.save('WRITTEN') }}")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES["002"]), "-o", str(out), "--template", str(template)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{template}: lỗi: mẫu Word dùng biến không có (")
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


# --- docxtpl's escapes -----------------------------------------------------------------------------


def _all_text(document: Any) -> list[str]:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return lines


def test_escapes_typed_by_the_user_print_as_typed(tmp_path: Path) -> None:
    typed = "{_{ x }_} và {_% y %_}"
    source = tmp_path / "r.yaml"
    source.write_text(
        SMALL_REPORT.replace('subject: "Kết quả cải cách hành chính quý II năm 2023"', f"subject: '{typed}'").replace(
            'closing: "Trên đây là báo cáo./."', f"closing: '{typed}'"
        ),
        encoding="utf-8",
    )
    template = template_with(tmp_path, "Mẫu in: {_{ agency }_}")
    target = tmp_path / "out.docx"
    render_bao_cao_docx(load_checked(source), target, template)
    lines = _all_text(docx.Document(str(target)))
    assert lines.count(typed) == 2  # the subject and the closing sentence, as typed
    assert "{{ x }} và {% y %}" not in "\n".join(lines)
    assert "Mẫu in: {{ agency }}" in lines  # the template's own escape still works
