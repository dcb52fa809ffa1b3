"""`init --from`: next period's report from last period's; `check` on what still reads like last period."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from cchc_docgen.cli import main
from cchc_docgen.core.vnformat import short_date
from cchc_docgen.report.analysis import analyze, load_checked
from cchc_docgen.report.carried_warnings import typed_numbers
from cchc_docgen.report.period import Period

from .conftest import AGENCY_X, EXAMPLES, SIGNED_GIAM_DOC
from .test_import import built_xlsx, comments, edit

NEXT = {"000": "2024-NAM", "004": "2022-Q4", "002": "2023-Q2"}


def init_from(previous: Path, period: str, target: Path) -> Any:
    result = CliRunner().invoke(main, ["init", "--from", str(previous), "--period", period, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(params=sorted(EXAMPLES), ids=lambda key: f"report-{key}")
def carried(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    """(last period's example, the report `init --from` made of it for the next period)."""
    key = request.param
    target = tmp_path / "next" / f"{NEXT[key]}.yaml"
    init_from(EXAMPLES[key], NEXT[key], target)
    return EXAMPLES[key], target


def test_everything_but_the_numbers_is_kept(carried: tuple[Path, Path]) -> None:
    previous, target = carried
    old_text, new_text = previous.read_text(encoding="utf-8"), target.read_text(encoding="utf-8")
    old, new = yaml.safe_load(old_text), yaml.safe_load(new_text)
    for key in ("agency", "narrative", "closing", "signature"):
        assert new.get(key) == old.get(key), key
    for key in ("symbol", "recipients", "bases", "opening"):
        assert new["document"].get(key) == old["document"].get(key), key
    assert new["document"].get("number") is None and new["document"].get("date") is None
    assert new["document"]["draft"] is True
    assert new["period"] == Period.parse(new["period"]).code != old["period"]
    assert (target.parent / new["previous"]).resolve() == previous.resolve()
    # The appendix's settings are kept; a report that printed "04" keeps its leading zeros.
    padded = any(isinstance(v, str) and v.startswith("0") for v in old["appendix"]["values"].values())
    assert {k: v for k, v in new["appendix"].items() if k != "values"} == {
        k: v for k, v in old["appendix"].items() if k != "values"
    } | ({"leading_zero": True} if padded and "leading_zero" not in old["appendix"] else {})
    # Same indicators in the same order; values blank (~, not 0); notes kept.
    assert list(new["appendix"]["values"]) == list(old["appendix"]["values"])
    for row_id, entry in old["appendix"]["values"].items():
        if isinstance(entry, dict):
            expected = {**entry, **({"value": None} if "value" in entry else {})}
            assert new["appendix"]["values"][row_id] == expected, row_id
        else:
            assert new["appendix"]["values"][row_id] is None, row_id
    assert re.search(r"^    [\w.]+: 0\s*(#.*)?$", new_text, re.MULTILINE) is None
    # Every comment of last period's file is still there, in order (two header lines and the
    # `previous:` explanation are new).
    kept = comments(new_text)
    assert [c for c in kept if c in comments(old_text)] == comments(old_text)
    # Layout: apart from the changed values, the lines are the same lines.
    old_lines = [line for line in old_text.splitlines() if not re.match(r"^\s+[\w.]+: .*\d", line)]
    # (+1: the `# yaml-language-server: $schema=…` line init puts at the top; +1 for leading_zero)
    added = len(new_text.splitlines()) - len(old_text.splitlines()) - ("  leading_zero: true   #" in new_text)
    assert added in (5, 6, 7)
    assert sum(1 for line in old_lines if line in new_text.splitlines()) >= len(old_lines) - 6


def _narrative(path: Path) -> tuple[list[str], list[list[str]]]:
    """Paragraph texts of a BÁO CÁO from its first narrative paragraph, and its narrative tables."""
    checked = load_checked(path)
    document = docx.Document(str(next((path.parent / "out").glob("*-bao-cao.docx"))))
    texts = [p.text for p in document.paragraphs]
    first = checked.report.narrative[0].title.raw
    start = next(i for i, t in enumerate(texts) if t.endswith(first) or first in t)
    tables = [[c.text for c in t._cells] for t in document.tables[1:-1]]
    return texts[start:], tables


def _matches(carried_text: str, previous_text: str) -> bool:
    """`carried_text` is `previous_text` with some printed values replaced by the draft blank '…'."""
    pieces = [re.escape(piece) for piece in carried_text.split("…")]
    return re.fullmatch("[^ ]*?".join(pieces), previous_text) is not None


def test_build_after_init_from_gives_the_same_narrative_and_a_blank_appendix(
    carried: tuple[Path, Path], tmp_path: Path
) -> None:
    previous, target = carried
    old_copy = tmp_path / "old" / previous.name
    old_copy.parent.mkdir()
    old_copy.write_bytes(previous.read_bytes())
    for path in (old_copy, target):
        result = CliRunner().invoke(main, ["build", str(path), "-o", str(path.parent / "out")])
        assert result.exit_code == 0, result.output
    old_paragraphs, old_tables = _narrative(old_copy)
    new_paragraphs, new_tables = _narrative(target)
    assert len(new_paragraphs) == len(old_paragraphs)
    old_report = load_checked(old_copy)
    references = sum(raw.count("{{ pl[") for raw in _raw_texts(old_report))
    # {{ ky.… }} references print the new period's own dates.
    old_window, new_window = old_report.report.window, load_checked(target).report.window
    moved = {
        short_date(old_window.start): short_date(new_window.start),
        short_date(old_window.end): short_date(new_window.end),
    }
    blanks = 0
    for new, old in zip(new_paragraphs, old_paragraphs, strict=True):
        old = (
            re.sub("|".join(map(re.escape, moved)), lambda m: moved[m.group(0)], old)
            if "{{ ky." in "".join(_raw_texts(old_report))
            else old
        )
        if new != old:
            assert _matches(new, old), (new, old)
            blanks += new.count("…") - old.count("…")
    assert blanks == references
    assert new_tables == old_tables
    # The appendix keeps its rows and notes; every value cell is blank.
    sheet = load_workbook(next((target.parent / "out").glob("*-phu-luc.xlsx"))).worksheets[0]
    old_sheet = load_workbook(next((old_copy.parent / "out").glob("*-phu-luc.xlsx"))).worksheets[0]
    ids = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 6).value not in (None, "Mã chỉ tiêu (không sửa)")]
    assert ids and all(sheet.cell(r, 4).value is None for r in ids)
    assert [sheet.cell(r, 5).value for r in ids] == [old_sheet.cell(r, 5).value for r in ids]
    assert any(old_sheet.cell(r, 4).value is not None for r in ids)


def _raw_texts(checked: Any) -> list[str]:
    from cchc_docgen.report.checks import narrative_texts

    return [t.raw for t in narrative_texts(checked.report)]


def test_blank_references_in_a_draft_are_one_warning_and_an_error_when_signed(tmp_path: Path) -> None:
    target = tmp_path / "q4.yaml"
    init_from(EXAMPLES["004"], "2022-Q4", target)
    analysis = analyze(target)
    blank = [d for d in analysis.diagnostics if "tham chiếu tới chỉ tiêu chưa có giá trị" in d.message]
    assert len(blank) == 1 and not any(d.is_error for d in analysis.diagnostics)
    lines = [
        (number, line.count("{{ pl["))
        for number, line in enumerate(target.read_text(encoding="utf-8").splitlines(), 1)
        if "{{ pl[" in line and not line.strip().startswith("#")
    ]
    assert (len(lines), sum(n for _, n in lines)) == (7, 14)  # the example's references to the appendix
    assert str(blank[0]) == (
        f"{target}:{lines[0][0]}: cảnh báo: {sum(n for _, n in lines)} tham chiếu tới chỉ tiêu chưa có giá trị"
        f" (dòng {', '.join(str(n) for n, _ in lines)}); bản dự thảo in '…' ở các chỗ đó, bản chính thức (không"
        " phải dự thảo) sẽ báo lỗi"
    )
    signed = tmp_path / "signed.yaml"
    signed.write_text(target.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(signed)])
    assert result.exit_code == 1
    assert (
        f"{signed}:{lines[0][0]}: lỗi: tham chiếu pl[\"I.1.hoan_thanh\"]: I.1 'Số nhiệm vụ đã hoàn thành'"
        " chưa có giá trị trong phụ lục" in result.output.splitlines()
    )


def test_subject_and_data_window_follow_the_new_period(tmp_path: Path) -> None:
    source = EXAMPLES["002"].read_text(encoding="utf-8")
    default = Period.parse("2023-Q1").default_subject()
    previous = tmp_path / "q1.yaml"
    previous.write_text(
        source.replace('  symbol: "BC-UBND"\n', f'  symbol: "BC-UBND"\n  subject: "{default}"   # mặc định\n').replace(
            "period: 2023-Q1\n", "period: 2023-Q1\ndata_window: {from: 2022-12-16, to: 2023-03-10}\n"
        ),
        encoding="utf-8",
    )
    target = tmp_path / "q2.yaml"
    result = init_from(previous, "2023-Q2", target)
    assert result.output == (
        f"{target}: cảnh báo: data_window kỳ trước (16/12/2022 – 10/3/2023) khác mặc định; đã đặt thời gian chốt"
        f" số liệu mặc định của quý II năm 2023, hãy sửa nếu cần\n{target}\n"
    )
    text = target.read_text(encoding="utf-8")
    assert re.search(f'\n  subject: "{Period.parse("2023-Q2").default_subject()}" +# mặc định\n', text)
    assert "data_window: {from: 2023-03-15, to: 2023-06-14}\n" in text


def test_custom_subject_naming_the_old_period_is_renamed_and_said(tmp_path: Path) -> None:
    target = tmp_path / "q4.yaml"
    result = init_from(EXAMPLES["004"], "2022-Q4", target)
    assert result.output == (
        f"{target}: cảnh báo: trích yếu đã đổi kỳ: 'Tình hình, kết quả thực hiện cải cách hành chính quý III năm"
        " 2022' → 'Tình hình, kết quả thực hiện cải cách hành chính quý IV năm 2022'; hãy đọc lại\n"
        f"{target}\n"
    )
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["document"]["subject"] == (
        "Tình hình, kết quả thực hiện cải cách hành chính quý IV năm 2022"
    )


def test_form_given_with_from_must_match(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["init", "--from", str(EXAMPLES["004"]), "--form", "soctrang-cap-huyen", "--period", "2022-Q4", "-o",
         str(tmp_path / "x.yaml")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output == (
        f"{EXAMPLES['004']}: lỗi: báo cáo kỳ trước dùng biểu mẫu 'soctrang-so-nganh', khác --form"
        " soctrang-cap-huyen; bỏ --form để dùng biểu mẫu của kỳ trước\n"
    )
    assert not (tmp_path / "x.yaml").exists()


# --- check: other periods named, numbers typed ----------------------------------------------------


def test_examples_gain_no_period_or_typed_number_warning(example: Path) -> None:
    messages = [d.message for d in analyze(example).diagnostics]
    assert not [m for m in messages if "lời văn nhắc tới" in m or "số gõ tay" in m]


REPORT = f"""\
{AGENCY_X}
period: PERIOD
document: {{symbol: BC-SX, number: 5, date: 2022-12-15}}
narrative:
  - title: "Kết quả"
    content:
      - "TEXT"
{SIGNED_GIAM_DOC}
appendix:
  form: soctrang-so-nganh
  values:
    I.1.de_ra: 46
"""


def _period_warnings(tmp_path: Path, period: str, text: str) -> list[str]:
    path = tmp_path / "r.yaml"
    path.write_text(REPORT.replace("PERIOD", period).replace("TEXT", text), encoding="utf-8")
    return [str(d) for d in analyze(path).diagnostics if "lời văn nhắc tới" in d.message]


@pytest.mark.parametrize(
    ("period", "text", "named"),
    [
        ("2022-Q4", "Trong quý III năm 2022, Sở đã ban hành 3 văn bản.", "'quý III năm 2022'"),
        ("2022-Q4", "Trong quý III, Sở đã ban hành 3 văn bản.", "'quý III'"),
        ("2022-Q4", "Trong 9 tháng đầu năm 2022, Sở không có đơn thư.", "'9 tháng đầu năm 2022'"),
        ("2023-Q1", "So với 6 tháng cuối năm 2022 và quý IV năm 2022.", "'6 tháng cuối năm 2022', 'quý IV năm 2022'"),
        ("2023-NAM", "Trong quý 2 năm 2022 đã làm.", "'quý 2 năm 2022'"),
    ],
)
def test_other_period_named_in_the_narrative_is_a_warning_with_its_line(
    tmp_path: Path, period: str, text: str, named: str
) -> None:
    shown = Period.parse(period).name
    assert _period_warnings(tmp_path, period, text) == [
        f"{tmp_path / 'r.yaml'}:7: cảnh báo: lời văn nhắc tới {named} trong báo cáo {shown}: chữ còn lại từ kỳ"
        " trước? (bỏ qua nếu đúng là nói về kỳ đó)"
    ]


@pytest.mark.parametrize(
    ("period", "text"),
    [
        ("2022-Q3", "Trong 9 tháng đầu năm 2022 và trong quý III, Sở đã làm; quý IV năm 2022 sẽ làm tiếp."),
        ("2022-Q4", "Phương hướng nhiệm vụ quý I năm 2023; trong quý I sẽ triển khai."),
        ("2023-6T", "Trong quý I và quý II năm 2023; 6 tháng cuối năm sẽ làm; quý III sẽ kiểm tra."),
        ("2023-NAM", "Trong 9 tháng đầu năm 2023 và quý IV; năm 2024 sẽ làm."),
        ("2023-Q1", "Thực hiện Báo cáo số 174/BC-STTTT ngày 15/9/2022 về kết quả CCHC quý III năm 2022 của Sở."),
        ("2023-Q1", "Theo kỳ thi công chức năm 2021 và Kế hoạch ngày 02 tháng 12 năm 2022; giai đoạn 2021 - 2025."),
        ("2022-Q3", "Kết quả CCHC năm 2021 (Quyết định số 16/2022/QĐ-UBND ngày 03/8/2022)."),
    ],
)
def test_legitimate_period_references_give_no_warning(tmp_path: Path, period: str, text: str) -> None:
    assert _period_warnings(tmp_path, period, text) == []


def test_typed_numbers_leave_out_references_dates_symbols_periods_and_numbering() -> None:
    text = (
        "a) Theo Kế hoạch số 02/KH-STTTT ngày 27/01/2022 (Nghị định số 68/2000/NĐ-CP), trong quý III năm 2022 và"
        ' 9 tháng đầu năm, tháng 9/2022, Tháng 01: đã đăng 09 tin, bài; {{ pl["I.1"] }} phần việc; 5/5 phòng;'
        " 1.145 hồ sơ, đạt 86,96%; dịch vụ mức độ 3, 4; Điều 5; giai đoạn 2021-2025; gọi 0943128999."
    )
    assert typed_numbers(text) == ["09", "5", "5", "1.145", "86,96"]


def _check_lines(path: Path) -> list[str]:
    return [str(d) for d in analyze(path).diagnostics]


def test_carried_report_warns_about_numbers_left_from_last_period(tmp_path: Path) -> None:
    target = tmp_path / "q4.yaml"
    init_from(EXAMPLES["004"], "2022-Q4", target)
    text = target.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "Sở đã đăng 09 tin, bài" in t)
    expected = (
        f"{target}:{line}: cảnh báo: đoạn văn giữ nguyên từ kỳ trước có số gõ tay: 09, 01, 02, 03; hãy cập nhật"
        ' số của quý IV năm 2022 hoặc viết bằng tham chiếu {{ pl["…"] }}'
    )
    assert expected in _check_lines(target)
    # Numbers equal to one of last period's appendix values are named with the reference to use.
    numbers = [m for m in _check_lines(target) if "(= kỳ trước pl[" in m]
    assert numbers and all("số gõ tay" in m for m in numbers)
    # Edited with this quarter's numbers: that warning goes.
    edited = text.replace("Sở đã đăng 09 tin, bài", "Sở đã đăng 07 tin, bài").replace(
        "Tháng 01: 01 bài; Tháng 02: 02 bài; Tháng 03: 02 bài; Tháng 04: 03 bài; Tháng 05: 01 bài; Tháng 06: 01 bài;"
        " Tháng 07: 01 bài; Tháng 08: 01 bài; Tháng 09: 01 bài.",
        "Tháng 10: 04 bài; Tháng 11: 01 bài; Tháng 12: 02 bài.",
    )
    target.write_text(edited, encoding="utf-8")
    assert not [m for m in _check_lines(target) if f":{line}: " in m and "số gõ tay" in m]
    # Reviewed: without the `previous:` line, no number warning at all (other periods still are).
    target.write_text(re.sub(r"\nprevious: .*\n", "\n", edited), encoding="utf-8")
    lines = _check_lines(target)
    assert not [m for m in lines if "số gõ tay" in m]
    assert [m for m in lines if "lời văn nhắc tới 'quý III năm 2022'" in m]


def test_carried_report_names_last_year_and_last_period(tmp_path: Path) -> None:
    target = tmp_path / "2023-q1.yaml"
    init_from(EXAMPLES["004"], "2023-Q1", target)
    lines = _check_lines(target)
    line = next(i for i, t in enumerate(target.read_text(encoding="utf-8").splitlines(), 1) if "Về kế hoạch CCHC" in t)
    assert (
        f"{target}:{line + 2}: cảnh báo: lời văn nhắc tới 'năm 2022' trong báo cáo quý I năm 2023: chữ còn lại từ"
        " kỳ trước? (bỏ qua nếu đúng là nói về kỳ đó)" in lines
    )


def test_missing_previous_report_is_one_warning(tmp_path: Path) -> None:
    target = tmp_path / "q4.yaml"
    init_from(EXAMPLES["004"], "2022-Q4", target)
    target.write_text(
        re.sub(r"\nprevious: .*?(   #|\s#)", "\nprevious: khong-co.yaml  #", target.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    line = next(i for i, t in enumerate(target.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("previous"))
    lines = _check_lines(target)
    assert (
        f"{target}:{line}: cảnh báo: không đọc được báo cáo kỳ trước 'khong-co.yaml' (không tìm thấy tệp); bỏ qua"
        " kiểm tra số gõ tay trong lời văn" in lines
    )
    assert not [m for m in lines if "số gõ tay:" in m]


def test_chained_quarters_keep_one_header_and_the_comments_in_place(tmp_path: Path) -> None:
    q4, q1 = tmp_path / "2022-q4.yaml", tmp_path / "2023-q1.yaml"
    init_from(EXAMPLES["004"], "2022-Q4", q4)
    init_from(q4, "2023-Q1", q1)
    text = q1.read_text(encoding="utf-8")
    assert text.count("# Lập từ báo cáo ") == 1 and text.startswith(
        "# yaml-language-server: $schema=soctrang-so-nganh.schema.json\n# Lập từ báo cáo quý IV năm 2022 (2022-q4.yaml)"
    )
    assert text.count("yaml-language-server") == 1
    assert text.count("xóa dòng previous") == 1
    assert (
        "period: 2023-Q1\n\n# Khi đã rà soát xong lời văn, xóa dòng previous để thôi cảnh báo về số gõ tay giống kỳ"
        " trước.\nprevious: 2022-q4.yaml   # Báo cáo kỳ trước (quý IV năm 2022)\n\n"
        "# Số, ký hiệu, ngày ban hành và trích yếu\ndocument:\n"
    ) in text
    assert comments(EXAMPLES["004"].read_text(encoding="utf-8"))[0] in comments(text)


def test_init_from_refuses_to_overwrite_last_period(tmp_path: Path) -> None:
    last = tmp_path / "q3.yaml"
    last.write_bytes(EXAMPLES["004"].read_bytes())
    result = CliRunner().invoke(main, ["init", "--from", str(last), "--period", "2022-Q4", "-o", str(last), "--force"])
    assert (result.exit_code, result.output) == (1, f"{last}: lỗi: tệp mới (-o) phải khác tệp kỳ trước (--from)\n")
    assert last.read_bytes() == EXAMPLES["004"].read_bytes()


def test_quarter_with_slash_year_is_recognised(tmp_path: Path) -> None:
    assert _period_warnings(tmp_path, "2023-Q1", "So với quý IV/2022, tăng.") == [
        f"{tmp_path / 'r.yaml'}:7: cảnh báo: lời văn nhắc tới 'quý IV/2022' trong báo cáo quý I năm 2023: chữ còn"
        " lại từ kỳ trước? (bỏ qua nếu đúng là nói về kỳ đó)"
    ]
    assert _period_warnings(tmp_path, "2023-Q1", "Trong quý I/2023 đã làm; quý II/2023 sẽ làm.") == []


def test_the_quarterly_cycle_with_excel(tmp_path: Path) -> None:
    """init --from, the blank sheet filled in Excel, import; last quarter's sheet is refused."""
    q4 = tmp_path / "2022-q4.yaml"
    init_from(EXAMPLES["004"], "2022-Q4", q4)
    blank = built_xlsx(q4, tmp_path / "q4")
    old_sheet = built_xlsx(EXAMPLES["004"], tmp_path / "q3")
    before = q4.read_bytes()
    result = CliRunner().invoke(main, ["import", str(old_sheet), str(q4)])
    title = load_workbook(old_sheet).worksheets[0]
    assert result.exit_code == 1
    assert result.output == (
        f"{old_sheet}:{title.title}!A2: lỗi: bảng Phụ lục này không phải của quý IV năm 2022 ('{title['A2'].value}');"
        f" {q4} là báo cáo quý IV năm 2022\n"
    )
    assert q4.read_bytes() == before

    def fill(sheet: Any, rows: dict[str, int]) -> None:
        sheet.cell(rows["I.1.de_ra"], 4).value = 46
        sheet.cell(rows["I.1.hoan_thanh"], 4).value = 44

    filled = edit(blank, tmp_path / "filled.xlsx", fill)
    result = CliRunner().invoke(main, ["import", str(filled), str(q4)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Số nhiệm vụ đề ra trong kế hoạch (I.1.de_ra): trống → 46",
        "Số nhiệm vụ đã hoàn thành (I.1.hoan_thanh): trống → 44",
    ]
    values = load_checked(q4).values
    assert (values["I.1.de_ra"].value, values["I.1.hoan_thanh"].value, values["I.1"].value) == (46, 44, 95.65)


def test_a_previous_report_that_is_this_file_is_one_warning(tmp_path: Path) -> None:
    """`previous:` naming the report itself (copied from the file's own name) would find every
    sentence "carried over": one warning at its line instead, and nothing compared."""
    target = tmp_path / "q4.yaml"
    init_from(EXAMPLES["004"], "2022-Q4", target)
    target.write_text(
        re.sub(r"\nprevious: .*?(   #|\s#)", "\nprevious: ./q4.yaml  #", target.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    line = next(i for i, t in enumerate(target.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("previous"))
    lines = _check_lines(target)
    assert (
        f"{target}:{line}: cảnh báo: previous: './q4.yaml' là chính tệp này, không phải báo cáo kỳ trước; bỏ qua"
        " kiểm tra số gõ tay trong lời văn" in lines
    )
    assert not [m for m in lines if "số gõ tay:" in m]  # nothing compared with itself
