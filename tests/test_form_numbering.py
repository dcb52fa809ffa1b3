"""Forms numbered the way provinces number them: section rows "1.", "2." with rows "1.1.", "1.1.1."
under them; a gap names the number that would be right. A form with no rows says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_docgen.core.errors import FormError
from cchc_docgen.forms import load_form_file

HEAD = """\
id: tinh-so
name: "Biểu mẫu đánh số 1., 1.1."
title: "THỐNG KÊ {KY}"
rows:
"""


def form(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "tinh-so.yaml"
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


NUMBERED_SECTIONS = """\
  - {id: "1", stt: "1.", label: "Cải cách thể chế", kind: section}
  - {id: "1.1", stt: "1.1.", label: "Số văn bản", kind: count, unit: "Văn bản"}
  - {id: "1.1.1", stt: "1.1.1.", label: "Trong đó: ban hành mới", kind: count, unit: "Văn bản"}
  - {id: "1.2", stt: "1.2.", label: "Số văn bản rà soát", kind: count, unit: "Văn bản"}
  - {id: "2", stt: "2.", label: "Cải cách thủ tục hành chính", kind: section}
  - {id: "2.1", stt: "2.1.", label: "Số TTHC", kind: count, unit: "Thủ tục"}
"""


def test_numbered_section_rows_start_the_numbering_of_their_rows(tmp_path: Path) -> None:
    loaded = load_form_file(form(tmp_path, NUMBERED_SECTIONS))
    assert [row.stt for row in loaded.rows] == ["1.", "1.1.", "1.1.1.", "1.2.", "2.", "2.1."]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'stt: "1.1.", label: "Số văn bản"',
            'stt: "1.2.", label: "Số văn bản"',
            "số thứ tự '1.2.' của '1.1' không liền mạch; cần 1.1.",
        ),
        ('stt: "2.1."', 'stt: "2.3."', "số thứ tự '2.3.' của '2.1' không liền mạch; cần 2.1."),
        ('stt: "1.2."', 'stt: "1.4."', "số thứ tự '1.4.' của '1.2' không liền mạch; cần 1.2."),
    ],
)
def test_a_gap_names_the_number_that_would_be_right(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in NUMBERED_SECTIONS
    path = form(tmp_path, NUMBERED_SECTIONS.replace(old, new, 1))
    with pytest.raises(FormError) as caught:
        load_form_file(path)
    assert [d.message for d in caught.value.diagnostics] == [message]


def test_a_form_with_no_rows_says_the_list_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "tinh-so.yaml"
    path.write_text(HEAD.replace("rows:\n", "rows: []\n"), encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form_file(path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.message == (
        "rows của biểu mẫu đang rỗng; biểu mẫu cần ít nhất một dòng (báo cáo không có phụ lục thì bỏ phần"
        " appendix của báo cáo, không cần biểu mẫu)"
    )
    assert diagnostic.line == 4
