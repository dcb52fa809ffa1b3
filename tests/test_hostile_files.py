"""Hostile files handed to the commands that read what people send: `import PHỤ-LỤC.xlsx`, `aggregate`,
`diff`, `check` and `forms import`.

Workbooks as other programs save them (shared and array formulas, error values, dates and numbers typed
as text, merged or hidden cells, renamed, hidden, copied or chart sheets, 0 or 200 sheets), damaged or
crafted packages (a part twice in the zip, a part compressed 1000:1, a DOCTYPE with entities), report
files with YAML traps, and paths that are no regular readable file or an output that may not be
replaced. Each run ends with exit code 0 and the right result, or exit code 1 and located Vietnamese
lines naming the file; never a traceback or a hang, and the files it would have written stay as they
were. The workbooks are made from tests/data/damaged-xlsx/base.xlsx (the Phụ lục of the Sở TTTT
example), each by one edit of its XML or by openpyxl.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
import yaml
from click.testing import Result
from openpyxl import load_workbook

from cchc_docgen.core.disk_cache import ENV

from .conftest import EXAMPLES, run_cli
from .province import Agency, write_agency
from .xlsx_mutations import BASE, BASE_RESAVED, SHEET, read_parts, write_parts

SO_NGANH = EXAMPLES["004"]  # the report base.xlsx was built from (quý III năm 2022)
NO_CHANGE = "Không có số liệu hay ghi chú nào thay đổi; {} giữ nguyên.\n"
RESAVE = "hãy mở tệp bằng Excel, lưu lại rồi thử lại"
I1 = "I.1 'Số nhiệm vụ đề ra trong kế hoạch'"
FIX_FORMULA = "hãy sửa công thức (hoặc gõ số, ghi chú) trong Excel, lưu lại rồi nhập lại"
TOO_BIG = "một bảng Phụ lục không thể lớn như vậy (tệp bị hỏng, hoặc không phải bảng Phụ lục do cchc-docgen tạo ra)"
NOT_REGULAR = "đây không phải một tệp thông thường (thiết bị, FIFO…)"
HANG_LIMIT_S = 30


class Hung(BaseException):
    """Raised by the timer: a BaseException, so that CliRunner does not take it for the command's."""


def _hung(signum: int, frame: FrameType | None) -> None:
    raise Hung(f"no answer within {HANG_LIMIT_S} s")


@contextmanager
def time_limit() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.setitimer(signal.ITIMER_REAL, HANG_LIMIT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(*args: str | Path) -> Result:
    """The command in this process, within the hang limit, and never ending in a traceback."""
    with time_limit():
        result = run_cli(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    return result


@pytest.fixture
def report(tmp_path: Path) -> Path:
    copy = tmp_path / "2022-q3.yaml"
    shutil.copy(SO_NGANH, copy)
    return copy


# -- workbooks: one edit of base.xlsx ------------------------------------------------------------

Make = Callable[[Path], Path]


def _edited(parts: dict[str, Callable[[bytes], bytes]]) -> bytes:
    result = []
    for info, data in read_parts(BASE.read_bytes()):
        change = parts.get(info.filename)
        result.append((info, change(data) if change else data))
    return write_parts(result)


def cell(ref: str, xml: str) -> Callable[[Path], Path]:
    """The sheet's cell `ref` replaced by `xml` (its whole <c> element; its first "@" is `ref`)."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'.encode())

    def change(data: bytes) -> bytes:
        new, count = pattern.subn(xml.replace("@", ref, 1).encode("utf-8"), data, count=1)
        assert count == 1, ref
        return new

    def make(path: Path) -> Path:
        path.write_bytes(_edited({SHEET: change}))
        return path

    return make


def part_replaced(name: str, old: str | bytes, new: str | bytes) -> Make:
    old_b = old.encode("utf-8") if isinstance(old, str) else old
    new_b = new.encode("utf-8") if isinstance(new, str) else new

    def make(path: Path) -> Path:
        def change(data: bytes) -> bytes:
            assert old_b in data, (name, old_b)
            return data.replace(old_b, new_b, 1)

        path.write_bytes(_edited({name: change}))
        return path

    return make


def with_openpyxl(change: Callable[..., None]) -> Make:
    """base.xlsx loaded by openpyxl, changed, and saved as a spreadsheet program saves it."""

    def make(path: Path) -> Path:
        workbook = load_workbook(BASE)
        change(workbook)
        workbook.save(path)
        return path

    return make


def _two_hundred_sheets(workbook: object) -> None:
    for n in range(199):
        sheet = workbook.create_sheet(f"Ghi chép {n}")  # type: ignore[attr-defined]
        sheet["A1"] = f"trang {n}"
        sheet["F5"] = "không phải bảng"


def _chart_sheet_first(workbook: object) -> None:
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.add_data(Reference(workbook.worksheets[0], min_col=4, min_row=9, max_row=12))  # type: ignore[attr-defined]
    workbook.create_chartsheet("Biểu đồ", 0).add_chart(chart)  # type: ignore[attr-defined]


def _copy_edited(workbook: object) -> None:
    """Excel's "Move or Copy… → Create a copy": the clerk typed the new number into the copy."""
    copy = workbook.copy_worksheet(workbook.worksheets[0])  # type: ignore[attr-defined]
    copy.title = "PHỤ LỤC (2)"
    copy["D9"] = 47


def _no_sheets(path: Path) -> Path:
    def workbook(data: bytes) -> bytes:
        data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
        return re.sub(rb"<definedNames>.*</definedNames>", b"", data)

    def rels(data: bytes) -> bytes:
        return re.sub(rb'<Relationship [^>]*worksheets/sheet1.xml"/>', b"", data)

    def types(data: bytes) -> bytes:
        return re.sub(rb'<Override PartName="/xl/worksheets/sheet1.xml"[^>]*/>', b"", data)

    parts = [
        (info, data)
        for info, data in read_parts(
            _edited({"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types})
        )
        if info.filename != SHEET
    ]
    path.write_bytes(write_parts(parts))
    return path


def _sheet_twice(path: Path) -> Path:
    """The sheet part twice in the zip, the second with another number: openpyxl reads the last
    copy, other programs the first."""
    parts = read_parts(BASE.read_bytes())
    sheet = next(data for info, data in parts if info.filename == SHEET)
    out = io.BytesIO()
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info.filename, data)
        archive.writestr(SHEET, sheet.replace(b"<v>46</v>", b"<v>47</v>", 1))
    path.write_bytes(out.getvalue())
    return path


def _zeros_part(path: Path) -> Path:
    """30 MB of zeros in a media part: about 30 KB in the zip, 1000:1."""
    parts = read_parts(BASE.read_bytes())
    parts.append((zipfile.ZipInfo("xl/media/image1.bin"), bytes(30 * 1024 * 1024)))
    path.write_bytes(write_parts(parts))
    assert path.stat().st_size < 200 * 1024
    return path


def _strict(path: Path) -> Path:
    """The workbook as Excel's "Strict Open XML Spreadsheet" names its parts (ISO 29500 Strict)."""
    transitional = b"http://schemas.openxmlformats.org/"
    names = {
        transitional + b"spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        transitional + b"officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
    parts = []
    for info, data in read_parts(BASE.read_bytes()):
        for old, new in names.items():
            data = data.replace(old, new)
        parts.append((info, data))
    path.write_bytes(write_parts(parts))
    return path


BILLION_LAUGHS = (
    '<!DOCTYPE workbook [<!ENTITY a "xxxxxxxxxx">'
    + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi", strict=True))
    + "]>"
)

#: name → (make the workbook, exit code, stderr after the file's name or stdout with {} for the report).
IMPORT_CASES: dict[str, tuple[Make, int, str]] = {
    "shared-formula": (
        cell("D9", '<c r="@" s="10"><f t="shared" ref="D9:D9" si="0">40+6</f><v>46</v></c>'),
        0,
        NO_CHANGE,
    ),
    "array-formula": (cell("D9", '<c r="@" s="10"><f t="array" ref="D9">SUM({40,6})</f><v>46</v></c>'), 0, NO_CHANGE),
    "error-ref-in-value": (
        cell("D9", '<c r="@" s="10" t="e"><f>#REF!+1</f><v>#REF!</v></c>'),
        1,
        f":PHỤ LỤC!D9: lỗi: {I1}: công thức của ô báo lỗi '#REF!' chứ không có giá trị; {FIX_FORMULA}\n",
    ),
    "error-div0-in-note": (
        cell("E9", '<c r="@" s="9" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
        1,
        f":PHỤ LỤC!E9: lỗi: {I1}: công thức của ô báo lỗi '#DIV/0!' chứ không có giá trị; {FIX_FORMULA}\n",
    ),
    "error-na-in-note-without-formula": (
        cell("E9", '<c r="@" s="9" t="e"><v>#N/A</v></c>'),
        1,
        f":PHỤ LỤC!E9: lỗi: {I1}: ô báo lỗi '#N/A' chứ không có giá trị; {FIX_FORMULA}\n",
    ),
    "date-in-value": (
        cell("D9", '<c r="@" s="10" t="d"><v>2022-09-15T00:00:00</v></c>'),
        1,
        f":PHỤ LỤC!D9: lỗi: {I1}: ô chứa '2022-09-15 00:00:00' chứ không phải số (Excel đã hiểu thành ngày giờ?)\n",
    ),
    "boolean-in-value": (
        cell("D9", '<c r="@" s="10" t="b"><v>1</v></c>'),
        1,
        f":PHỤ LỤC!D9: lỗi: {I1}: ô chứa giá trị đúng/sai (TRUE) chứ không phải số\n",
    ),
    "nan-in-value": (
        cell("D9", '<c r="@" s="10" t="n"><v>NaN</v></c>'),
        1,
        f":PHỤ LỤC!D9: lỗi: ô bị hỏng: giá trị 'NaN' không phải số; {RESAVE}\n",
    ),
    "count-typed-1,5": (
        cell("D9", '<c r="@" s="10" t="str"><v>1,5</v></c>'),
        1,
        f":PHỤ LỤC!D9: lỗi: {I1}: giá trị 1,5 phải là số nguyên\n",
    ),
    "bidi-override-in-value": (
        cell("D9", '<c r="@" s="10" t="inlineStr"><is><t>\u202e64\u009b</t></is></c>'),
        1,
        f":PHỤ LỤC!D9: lỗi: {I1}: ô chứa chữ '<U+202E>64<U+009B>' chứ không phải số; để trống nếu không báo cáo\n",
    ),
    "32767-characters-in-value": (
        cell("D9", '<c r="@" s="10" t="inlineStr"><is><t>' + "Bốn mươi sáu " * 2520 + "Bốn mươi</t></is></c>"),
        1,
        f":PHỤ LỤC!D9: lỗi: {I1}: ô chứa chữ '{('Bốn mươi sáu ' * 4)[:40]}…' chứ không phải số; để trống nếu"
        " không báo cáo\n",
    ),
    "formula-noise-in-count": (
        cell("D9", '<c r="@" s="10"><f>SUM(D10:D11)-4</f><v>46.000000000000007</v></c>'),
        0,
        NO_CHANGE,
    ),
    "strict-open-xml": (
        _strict,
        1,
        ": lỗi: tệp Excel được lưu dạng 'Strict Open XML', dạng chương trình không đọc được; hãy mở tệp bằng Excel,"
        " chọn Lưu thành… → 'Excel Workbook (*.xlsx)' rồi thử lại\n",
    ),
    "merged-across-value-and-note": (
        part_replaced(
            SHEET, "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="D9:E10"/></mergeCells>'
        ),
        0,
        NO_CHANGE,
    ),
    "hidden-rows-and-columns": (
        part_replaced(SHEET, '<row r="9" ', '<row r="9" hidden="1" outlineLevel="1" '),
        0,
        NO_CHANGE,
    ),
    "hidden-sheet": (part_replaced("xl/workbook.xml", 'state="visible"', 'state="veryHidden"'), 0, NO_CHANGE),
    "declared-A1:XFD1048576": (
        part_replaced(SHEET, '<dimension ref="A1:F199"/>', '<dimension ref="A1:XFD1048576"/>'),
        0,
        NO_CHANGE,
    ),
    "no-sheet": (
        _no_sheets,
        1,
        ": lỗi: không thấy cột mã chỉ tiêu ('Mã chỉ tiêu (không sửa)'); chỉ nhập được bảng Phụ lục do cchc-docgen"
        " tạo ra (lệnh build hoặc appendix), không xóa cột ẩn F\n",
    ),
    "200-sheets": (with_openpyxl(_two_hundred_sheets), 0, NO_CHANGE),
    "chart-sheet-first": (with_openpyxl(_chart_sheet_first), 0, NO_CHANGE),
    "sheet-copied-and-edited": (
        with_openpyxl(_copy_edited),
        1,
        ":PHỤ LỤC (2)!F5: lỗi: tệp có hai trang bảng Phụ lục ('PHỤ LỤC' và 'PHỤ LỤC (2)'); chỉ nhập được tệp có một"
        " trang Phụ lục: hãy xóa trang thừa (hoặc chép số liệu vào một trang) rồi lưu lại\n",
    ),
    "sheet-part-twice-in-zip": (
        _sheet_twice,
        1,
        f": lỗi: tệp Excel bị hỏng: phần {SHEET} có hai lần trong tệp nén; {RESAVE}\n",
    ),
    "part-compressed-1000-to-1": (
        _zeros_part,
        1,
        f": lỗi: phần xl/media/image1.bin của tệp Excel giải nén ra 30 MB (giới hạn 8 MB); {TOO_BIG}\n",
    ),
    "billion-laughs-in-workbook-part": (
        part_replaced("xl/workbook.xml", "<workbook ", BILLION_LAUGHS + "<workbook "),
        1,
        f": lỗi: tệp Excel bị hỏng: phần xl/workbook.xml có khai báo DOCTYPE; {RESAVE}\n",
    ),
    "external-dtd-in-content-types": (
        part_replaced("[Content_Types].xml", "<Types", '<!DOCTYPE Types SYSTEM "http://example.invalid/t.dtd"><Types'),
        1,
        f": lỗi: tệp Excel bị hỏng: phần [Content_Types].xml có khai báo DOCTYPE; {RESAVE}\n",
    ),
}


@pytest.mark.parametrize("name", sorted(IMPORT_CASES))
def test_import_of_a_hostile_workbook(report: Path, tmp_path: Path, name: str) -> None:
    make, code, expected = IMPORT_CASES[name]
    xlsx = make(tmp_path / f"{name}.xlsx")
    before = report.read_bytes()
    result = run("import", xlsx, report)
    assert result.exit_code == code
    if code == 0:
        assert (result.stdout, result.stderr) == (expected.format(report), "")
    else:
        assert (result.stdout, result.stderr) == ("", f"{xlsx}{expected}")
    assert report.read_bytes() == before


@pytest.mark.parametrize(
    ("row", "typed", "shown"),
    [
        ("D9", "1.234", "46 → 1.234"),  # the thousands dot
        ("D9", "\u00a0 12 ", "46 → 12"),  # spaces Excel keeps around a number typed as text
        ("D9", "１２", "46 → 12"),  # full-width digits of an East Asian keyboard layout
        ("D18", "1,5", "85,71 → 1,5"),  # the decimal comma, in a percent row
        ("D18", "86,96%", "85,71 → 86,96"),
    ],
)
def test_numbers_stored_as_text_the_vietnamese_way(
    report: Path, tmp_path: Path, row: str, typed: str, shown: str
) -> None:
    xlsx = cell(row, f'<c r="@" s="10" t="inlineStr"><is><t xml:space="preserve">{typed}</t></is></c>')(
        tmp_path / "so-dang-chu.xlsx"
    )
    result = run("import", xlsx, report)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith(f"): {shown}")
    row_id = "I.1.de_ra" if row == "D9" else "I.3.ty_le"
    values = yaml.safe_load(report.read_text(encoding="utf-8"))["appendix"]["values"]
    value = values[row_id]["value"] if isinstance(values[row_id], dict) else values[row_id]
    assert value == float(shown.rpartition("→ ")[2].replace(".", "").replace(",", "."))


def test_formula_noise_stays_out_of_the_report_file(report: Path, tmp_path: Path) -> None:
    """A formula leaves 86.960000000000008 where Excel shows 86,96: the report file gets 86.96."""
    xlsx = cell("D18", '<c r="@" s="8"><f>D19/D20*100</f><v>86.960000000000008</v></c>')(tmp_path / "nhieu.xlsx")
    result = run("import", xlsx, report)
    assert result.stdout.splitlines()[0].endswith("(I.3.ty_le): 85,71 → 86,96")
    text = report.read_text(encoding="utf-8")
    assert "I.3.ty_le: {value: 86.96, " in text
    assert "86.9600" not in text


def test_renamed_sheet_is_named_in_messages(report: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "doi-ten.xlsx"
    renamed = b'name="Sheet1 (2)"'
    typed = b'<c r="D9" s="10" t="str"><v>abc</v></c>'
    xlsx.write_bytes(
        _edited(
            {
                "xl/workbook.xml": lambda data: data.replace('name="PHỤ LỤC"'.encode(), renamed),
                SHEET: lambda data: data.replace(b'<c r="D9" s="10" t="n"><v>46</v></c>', typed),
            }
        )
    )
    before = report.read_bytes()
    result = run("import", xlsx, report)
    assert result.stderr == (
        f"{xlsx}:Sheet1 (2)!D9: lỗi: {I1}: ô chứa chữ 'abc' chứ không phải số; để trống nếu không báo cáo\n"
    )
    assert report.read_bytes() == before


# -- aggregate: the hostile agency is "có lỗi", the others compiled, nothing half written ----------


@pytest.mark.parametrize("name", ["error-div0-in-note", "sheet-copied-and-edited", "sheet-part-twice-in-zip"])
def test_aggregate_marks_a_hostile_workbook(tmp_path: Path, name: str) -> None:
    make, _, expected = IMPORT_CASES[name]
    xlsx = make(tmp_path / f"{name}.xlsx")
    other = write_agency(tmp_path, Agency("alpha", "Sở Alpha tỉnh Sóc Trăng", 1), 0)
    result = run("aggregate", other, xlsx, "-o", tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    assert errors == [f"{xlsx}{expected.rstrip()}"]
    assert result.stderr.splitlines()[-1] == "Đã tổng hợp 1/2 cơ quan (đã nộp 1, có lỗi 1)."


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_aggregate_of_only_hostile_files_keeps_the_last_compilation(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("aggregate", BASE, "-o", out).exit_code == 0
    before = _outputs(out)
    assert len(before) == 3
    xlsx = _sheet_twice(tmp_path / "hai-lan.xlsx")
    result = run("aggregate", xlsx, "-o", out)
    assert result.exit_code == 1
    assert _outputs(out) == before


def test_aggregate_over_a_read_only_output_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("aggregate", BASE, "-o", out).exit_code == 0
    before = _outputs(out)
    locked = next(p for p in out.iterdir() if p.name.endswith("tong-hop.xlsx"))
    locked.chmod(0o444)
    result = run("aggregate", SO_NGANH, "-o", out)  # another run, the same files to write
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{locked}: lỗi: tệp chỉ đọc (read-only), không ghi đè; hãy bỏ thuộc tính chỉ đọc của tệp rồi chạy lại"
    )
    assert _outputs(out) == before
    assert sorted(os.listdir(out)) == sorted(before)  # no temporary left


# -- report files: check, diff, and import into them ----------------------------------------------

_TEXT = SO_NGANH.read_text(encoding="utf-8")
_LINE_OF_APPENDIX = _TEXT[: _TEXT.index("\nappendix:")].count("\n") + 2

#: name → (the file's bytes, the message after "<file>" or None when the file is as good as the example).
YAML_CASES: dict[str, tuple[bytes, str | None]] = {
    "duplicate-key": (
        _TEXT.replace("\nappendix:", '\nperiod: "2022-Q3"\nappendix:', 1).encode(),
        f":{_LINE_OF_APPENDIX}: lỗi: khóa 'period' bị lặp (đã có ở dòng 14); giá trị sau sẽ đè giá trị trước — hãy xóa"
        " một trong hai",
    ),
    "tab-indent": (
        _TEXT.replace("\n  ", "\n\t", 1).encode(),
        ":8: lỗi: lỗi cú pháp YAML: có ký tự tab; YAML chỉ thụt lề bằng dấu cách",
    ),
    "bom-and-crlf": (b"\xef\xbb\xbf" + _TEXT.replace("\n", "\r\n").encode(), None),
    "old-mac-cr": (_TEXT.replace("\n", "\r").encode(), None),
    "nul-byte": (
        _TEXT.encode().replace(b"\n", b"\n\0", 1),
        ":2: lỗi: có ký tự điều khiển không hợp lệ U+0000 (thường do dán từ nơi khác); hãy xóa ký tự đó",
    ),
    "billion-laughs": (
        b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
        ":1: lỗi: không hỗ trợ neo/bí danh YAML (&, *); hãy viết đầy đủ nội dung",
    ),
    "merge-key": (
        b"x: &x {a: 1}\ny:\n  <<: *x\n",
        ":1: lỗi: không hỗ trợ neo/bí danh YAML (&, *); hãy viết đầy đủ nội dung",
    ),
    "deep-flow": (b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", ":1: lỗi: các mục lồng nhau quá sâu (quá 64 cấp)"),
    "python-tag": (
        b'!!python/object/apply:os.system ["echo hi"]\n',
        ":1: lỗi: không hỗ trợ thẻ YAML 'tag:yaml.org,2002:python/object/apply:os.system'; hãy bỏ thẻ đó",
    ),
    "bad-unicode-escape": (
        _TEXT.replace('"Sóc Trăng"', '"S\\ud800c Trăng"', 1).encode(),
        ":11: lỗi: lỗi cú pháp YAML: mã ký tự (\\u…, \\U…) không hợp lệ trong chuỗi ngoặc kép (dùng ngoặc đơn hoặc"
        " viết '\\\\')",
    ),
    "bad-hex-escape": (
        _TEXT.replace('"Sóc Trăng"', '"S\\xZZc Trăng"', 1).encode(),
        ":11: lỗi: lỗi cú pháp YAML: mã ký tự (\\x…, \\u…) không hợp lệ trong chuỗi ngoặc kép (dùng ngoặc đơn hoặc"
        " viết '\\\\')",
    ),
    "utf-16": (
        _TEXT.encode("utf-16"),
        ": lỗi: tệp được lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8)",
    ),
}


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_check_and_diff_of_a_hostile_report_file(tmp_path: Path, name: str) -> None:
    data, message = YAML_CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    check = run("check", path)
    if message is None:
        assert (check.exit_code, check.stdout) == (0, "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo.\n")
    else:
        assert check.exit_code == 1
        assert check.stdout.splitlines()[0] == f"{path}{message}"
    for args in ((SO_NGANH, path), (path, SO_NGANH)):
        diff = run("diff", *args)
        if message is None:
            assert diff.exit_code == 0
            assert diff.stdout.endswith("Không có thay đổi.\n")
        else:
            assert (diff.exit_code, diff.stderr) == (1, f"{path}{message}\n")
    assert path.read_bytes() == data


@pytest.mark.parametrize("name", ["duplicate-key", "nul-byte", "billion-laughs", "utf-16"])
def test_import_into_a_hostile_report_file_writes_nothing(tmp_path: Path, name: str) -> None:
    data, message = YAML_CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    xlsx = cell("D9", '<c r="@" s="10" t="n"><v>47</v></c>')(tmp_path / "47.xlsx")
    result = run("import", xlsx, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{path}{message}"
    assert path.read_bytes() == data


def test_import_into_a_crlf_file_with_bom_keeps_its_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(YAML_CASES["bom-and-crlf"][0])
    xlsx = cell("D9", '<c r="@" s="10" t="n"><v>47</v></c>')(tmp_path / "47.xlsx")
    result = run("import", xlsx, path)
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == _TEXT.count("\n")
    assert yaml.safe_load(data.decode("utf-8-sig"))["appendix"]["values"]["I.1.de_ra"] == 47
    assert run("check", path).exit_code == 0


@pytest.mark.slow  # a 50 MB file written
def test_a_50_mb_report_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "lon.yaml"
    with path.open("wb") as handle:
        handle.write(SO_NGANH.read_bytes())
        handle.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    size = path.stat().st_size // 1024
    for args in (("check", path), ("diff", SO_NGANH, path)):
        result = run(*args)
        assert result.exit_code == 1
        shown = result.stdout if args[0] == "check" else result.stderr
        assert shown.splitlines()[0] == f"{path}: lỗi: tệp quá lớn ({size} KB); giới hạn là 2048 KB"


# -- paths that are no regular readable file; outputs that may not be replaced --------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFO on this system")
    path = tmp_path / "ong.xlsx"
    os.mkfifo(path)
    return path


def test_a_fifo_never_blocks_import_or_aggregate(report: Path, fifo: Path, tmp_path: Path) -> None:
    message = f"{fifo}: lỗi: {NOT_REGULAR}"
    result = run("import", fifo, report)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    result = run("aggregate", fifo, BASE, "-o", tmp_path / "out")
    assert result.exit_code == 1 and result.stderr.splitlines()[0] == message
    fifo_yaml = fifo.with_suffix(".yaml")
    os.mkfifo(fifo_yaml)
    result = run("import", BASE, fifo_yaml)
    assert (result.exit_code, result.stderr) == (1, f"{fifo_yaml}: lỗi: {NOT_REGULAR}\n")
    result = run("diff", SO_NGANH, fifo_yaml)
    assert (result.exit_code, result.stderr) == (1, f"{fifo_yaml}: lỗi: {NOT_REGULAR}\n")


def test_forms_import_of_a_fifo_names_it(fifo: Path, tmp_path: Path) -> None:
    result = run("forms", "import", fifo, "-o", tmp_path / "bieu-mau.yaml")
    assert result.stderr == f"{fifo}: lỗi: {NOT_REGULAR}\n"


LOOP = "không đọc được tệp (liên kết tượng trưng lặp vòng)"
TOO_LONG = "không đọc được tệp (tên tệp hoặc đường dẫn quá dài)"


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    """A symbolic link to a link back to it (what a careless copy of a shared folder can leave)."""
    first, second = tmp_path / "vong.xlsx", tmp_path / "vong-2.xlsx"
    try:
        first.symlink_to(second)
        second.symlink_to(first)
    except OSError:
        pytest.skip("no symbolic links here")
    return first


def test_a_symlink_loop_or_a_name_too_long_is_one_message(report: Path, loop: Path, tmp_path: Path) -> None:
    loop_yaml = tmp_path / "vong.yaml"
    loop_yaml.symlink_to(loop)
    long_xlsx, long_yaml = tmp_path / f"{'x' * 300}.xlsx", tmp_path / f"{'x' * 300}.yaml"
    cases = [
        (("import", loop, report), loop, LOOP),
        (("import", BASE, loop_yaml), loop_yaml, LOOP),
        (("diff", SO_NGANH, loop_yaml), loop_yaml, LOOP),
        (("aggregate", loop, "-o", tmp_path / "out"), loop, LOOP),
        (("import", long_xlsx, report), long_xlsx, TOO_LONG),
        (("aggregate", long_xlsx, "-o", tmp_path / "out"), long_xlsx, TOO_LONG),
        (("diff", SO_NGANH, long_yaml), long_yaml, TOO_LONG),
    ]
    for args, named, message in cases:
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.stderr.splitlines()[0] == f"{named}: lỗi: {message}", args
    for named, message in ((loop_yaml, LOOP), (long_yaml, TOO_LONG)):
        result = run("check", named)
        assert (result.exit_code, result.stdout.splitlines()[0]) == (1, f"{named}: lỗi: {message}")
    assert not (tmp_path / "out").exists()


def test_forms_import_of_a_symlink_loop_names_it(loop: Path, tmp_path: Path) -> None:
    result = run("forms", "import", loop, "-o", tmp_path / "bieu-mau.yaml")
    assert result.stderr == f"{loop}: lỗi: {LOOP}\n"


def test_a_folder_given_as_workbook_to_aggregate(tmp_path: Path) -> None:
    folder = tmp_path / "thu-muc.xlsx"
    folder.mkdir()
    result = run("aggregate", folder, BASE, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{folder}: lỗi: đây là một thư mục, không phải tệp Excel .xlsx"


def test_import_into_a_read_only_report_file_writes_nothing(report: Path, tmp_path: Path) -> None:
    xlsx = cell("D9", '<c r="@" s="10" t="n"><v>47</v></c>')(tmp_path / "47.xlsx")
    before = report.read_bytes()
    report.chmod(0o444)
    result = run("import", xlsx, report)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{report}: lỗi: tệp chỉ đọc (read-only), không ghi đè; hãy bỏ thuộc tính chỉ đọc của tệp rồi chạy lại\n"
    )
    assert report.read_bytes() == before
    assert stat.S_IMODE(report.stat().st_mode) == 0o444
    assert sorted(os.listdir(tmp_path)) == ["2022-q3.yaml", "47.xlsx"]


def test_forms_import_over_a_read_only_form_file_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "bieu-mau.yaml"
    target.write_text("# giữ nguyên\n", encoding="utf-8")
    target.chmod(0o444)
    result = run("forms", "import", BASE, "-o", target, "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{target}: lỗi: tệp chỉ đọc (read-only), không ghi đè; hãy bỏ thuộc tính chỉ đọc của tệp rồi chạy lại\n"
    )
    assert target.read_text(encoding="utf-8") == "# giữ nguyên\n"


# Unreadable files and folders one may not write: root reads and writes anything, so as root these
# run the command as user nobody (setpriv), in a folder of its own.
NOBODY = 65534


@pytest.fixture
def unprivileged() -> Iterator[tuple[Path, Callable[..., subprocess.CompletedProcess[str]]]]:
    if sys.platform == "win32":
        pytest.skip("Unix permissions")
    as_root = os.geteuid() == 0
    if as_root and shutil.which("setpriv") is None:
        pytest.skip("root without setpriv")
    folder = Path(tempfile.mkdtemp(prefix="cchc-hostile-"))
    os.chmod(folder, 0o755)
    env = {**os.environ, ENV: "0", "HOME": str(folder)}

    def command(*args: str | Path) -> subprocess.CompletedProcess[str]:
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if as_root else []
        cli = [sys.executable, "-m", "cchc_docgen", *map(str, args)]
        return subprocess.run(
            prefix + cli, cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False
        )

    def own(path: Path) -> None:
        if as_root:
            os.chown(path, NOBODY, NOBODY)

    command.own = own  # type: ignore[attr-defined]
    try:
        if as_root:
            probe = command("--help")
            if probe.returncode != 0:
                pytest.skip(f"user nobody cannot run this Python: {probe.stderr[-200:]}")
        yield folder, command
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _setup_unprivileged(folder: Path, own: Callable[[Path], None]) -> dict[str, Path]:
    files = {
        "report": folder / "bao-cao.yaml",
        "unreadable_yaml": folder / "khong-doc.yaml",
        "unreadable_xlsx": folder / "khong-doc.xlsx",
        "xlsx": folder / "47.xlsx",
        "locked": folder / "khoa",
    }
    for key in ("report", "unreadable_yaml"):
        shutil.copy(SO_NGANH, files[key])
    shutil.copy(BASE, files["unreadable_xlsx"])
    cell("D9", '<c r="@" s="10" t="n"><v>47</v></c>')(files["xlsx"])
    files["locked"].mkdir()
    shutil.copy(SO_NGANH, files["locked"] / "bao-cao.yaml")
    for path in (*files.values(), files["locked"] / "bao-cao.yaml"):
        own(path)
    (files["locked"] / "bao-cao.yaml").chmod(0o666)  # the file may be written, its folder not
    files["locked"].chmod(0o555)
    files["unreadable_yaml"].chmod(0)
    files["unreadable_xlsx"].chmod(0)
    return files


@pytest.mark.slow  # child processes
def test_a_folder_one_may_not_write_keeps_the_report(
    unprivileged: tuple[Path, Callable[..., subprocess.CompletedProcess[str]]],
) -> None:
    folder, command = unprivileged
    files = _setup_unprivileged(folder, command.own)  # type: ignore[attr-defined]
    target = files["locked"] / "bao-cao.yaml"
    for args in (("import", files["xlsx"], target), ("aggregate", files["xlsx"], "-o", files["locked"])):
        result = command(*args)
        assert (result.returncode, "Traceback" in result.stderr) == (1, False), result.stderr
        assert result.stderr == f"{files['locked']}: lỗi: không tạo được tệp trong thư mục (không có quyền)\n"
    assert target.read_bytes() == SO_NGANH.read_bytes()
    assert sorted(os.listdir(files["locked"])) == ["bao-cao.yaml"]


@pytest.mark.slow  # child processes
def test_an_unreadable_file_is_one_located_error(
    unprivileged: tuple[Path, Callable[..., subprocess.CompletedProcess[str]]],
) -> None:
    folder, command = unprivileged
    files = _setup_unprivileged(folder, command.own)  # type: ignore[attr-defined]
    cases = [
        (("import", files["unreadable_xlsx"], files["report"]), files["unreadable_xlsx"]),
        (("import", files["xlsx"], files["unreadable_yaml"]), files["unreadable_yaml"]),
        (("check", files["unreadable_yaml"]), files["unreadable_yaml"]),
        (("diff", files["unreadable_yaml"], files["report"]), files["unreadable_yaml"]),
        (("aggregate", files["unreadable_xlsx"], "-o", folder / "out"), files["unreadable_xlsx"]),
        (("forms", "import", files["unreadable_xlsx"], "-o", folder / "f.yaml"), files["unreadable_xlsx"]),
    ]
    for args, named in cases:
        result = command(*args)
        assert "Traceback" not in result.stderr
        assert result.returncode == 1, (args, result.stderr)
        # `check` prints its findings as its output; the other commands, their one error on stderr.
        shown = result.stdout if args[0] == "check" else result.stderr
        assert shown.startswith(f"{named}: lỗi: "), (args, result.stdout, result.stderr)
    assert files["report"].read_bytes() == SO_NGANH.read_bytes()


# -- forms import: the same package checks as import ----------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "sheet-part-twice-in-zip",
        "part-compressed-1000-to-1",
        "billion-laughs-in-workbook-part",
        "external-dtd-in-content-types",
    ],
)
def test_forms_import_of_a_hostile_workbook(tmp_path: Path, name: str) -> None:
    make, _, expected = IMPORT_CASES[name]
    xlsx = make(tmp_path / f"{name}.xlsx")
    target = tmp_path / "bieu-mau.yaml"
    result = run("forms", "import", xlsx, "-o", target)
    assert (result.exit_code, result.stderr) == (1, f"{xlsx}{expected}")
    assert not target.exists()


def test_forms_import_of_a_docx_with_a_part_twice(tmp_path: Path) -> None:
    built = run("appendix", SO_NGANH, "--format", "docx", "-o", tmp_path / "out")
    assert built.exit_code == 0
    (source,) = (tmp_path / "out").glob("*.docx")
    parts = read_parts(source.read_bytes())
    document = next(data for info, data in parts if info.filename == "word/document.xml")
    docx = tmp_path / "hai-lan.docx"
    out = io.BytesIO()
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info.filename, data)
        archive.writestr("word/document.xml", document.replace("PHỤ LỤC".encode(), "KHÁC".encode()))
    docx.write_bytes(out.getvalue())
    target = tmp_path / "bieu-mau.yaml"
    result = run("forms", "import", docx, "-o", target)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{docx}: lỗi: tệp Word bị hỏng")
    assert not target.exists()


# -- what people send in place of a workbook --------------------------------------------------------

_RESAVE_XLSX = "hãy mở bằng Excel rồi lưu lại dạng 'Excel Workbook (*.xlsx)'"
NOT_WORKBOOKS: dict[str, tuple[bytes, str]] = {
    # A compound file: Excel 97–2003, and every workbook saved with a password (encrypted package).
    "password-or-xls": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16,
        "tệp Excel có đặt mật khẩu, hoặc là tệp Excel 97-2003 (.xls): chương trình không đọc được; hãy mở bằng"
        " Excel, bỏ mật khẩu nếu có (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại dạng 'Excel Workbook (*.xlsx)'",
    ),
    "csv-with-bom": (
        "\ufeffMã chỉ tiêu,Giá trị\r\nI.1.de_ra,46\r\n".encode(),
        f"đây là tệp chữ (CSV, HTML, …) chứ không phải tệp Excel .xlsx; {_RESAVE_XLSX}",
    ),
    "html-saved-as-excel": (
        b"<html><body><table><tr><td>I.1.de_ra</td><td>46</td></tr></table></body></html>",
        f"đây là tệp chữ (CSV, HTML, …) chứ không phải tệp Excel .xlsx; {_RESAVE_XLSX}",
    ),
    "pdf": (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "đây là tệp PDF, không phải tệp Excel .xlsx; hãy gửi tệp Phụ lục Excel .xlsx",
    ),
    "empty": (b"", "tệp rỗng (0 byte), không phải tệp Excel .xlsx"),
}


@pytest.mark.parametrize("name", sorted(NOT_WORKBOOKS))
def test_a_file_that_is_no_workbook_is_named_for_what_it_is(report: Path, tmp_path: Path, name: str) -> None:
    data, message = NOT_WORKBOOKS[name]
    xlsx = tmp_path / f"{name}.xlsx"
    xlsx.write_bytes(data)
    before = report.read_bytes()
    result = run("import", xlsx, report)
    assert (result.exit_code, result.stderr) == (1, f"{xlsx}: lỗi: {message}\n")
    assert report.read_bytes() == before
    result = run("forms", "import", xlsx, "-o", tmp_path / "bieu-mau.yaml")
    assert (result.exit_code, result.stderr) == (1, f"{xlsx}: lỗi: {message}\n")
    result = run("aggregate", xlsx, BASE, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{xlsx}: lỗi: {message}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [1, 2]\nb: *a\n", ":1: lỗi: không hỗ trợ neo/bí danh YAML (&, *); hãy viết đầy đủ nội dung"),
        (
            'province: "tỉnh Sóc Trăng"\nagencies:\n  - {name: "Sở A", name: "Sở B"}\n',
            ":3: lỗi: khóa 'name' bị lặp (đã có ở dòng 3); giá trị sau sẽ đè giá trị trước — hãy xóa một trong hai",
        ),
        ("\x00" * 64, ":1: lỗi: có ký tự điều khiển không hợp lệ U+0000 (thường do dán từ nơi khác); hãy xóa ký tự đó"),
    ],
    ids=["alias", "duplicate-key", "nul-bytes"],
)
def test_a_hostile_expect_list_writes_nothing(tmp_path: Path, text: str, message: str) -> None:
    listing = tmp_path / "danh-sach.yaml"
    listing.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("aggregate", BASE, "--expect", listing, "-o", out)
    assert (result.exit_code, result.stderr) == (1, f"{listing}{message}\n")
    assert not out.exists()


@pytest.mark.slow  # two builds
def test_build_over_a_read_only_output_keeps_every_old_file(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", report, "-o", out).exit_code == 0
    files = sorted(p for p in out.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    locked = next(p for p in files if p.name.endswith("phu-luc.xlsx"))
    locked.chmod(0o444)
    report.write_text(report.read_text(encoding="utf-8").replace("I.1.de_ra: 46", "I.1.de_ra: 47"), encoding="utf-8")
    result = run("build", report, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{locked}: lỗi: tệp chỉ đọc (read-only), không ghi đè; hãy bỏ thuộc tính chỉ đọc của tệp rồi chạy lại"
    ]
    assert sorted(p for p in out.rglob("*") if p.is_file()) == files  # no temporary left
    assert {p: p.read_bytes() for p in files} == before


# -- control characters as Excel writes them in a cell's text (_xHHHH_) ---------------------------


def _shared_note(path: Path, note: str) -> Path:
    """base-libreoffice.xlsx (shared strings, as Excel and LibreOffice save) with `note` as I.1.de_ra's
    note (E9), written as the XML text of a shared string."""
    parts = []
    for info, data in read_parts(BASE_RESAVED.read_bytes()):
        if info.filename == "xl/sharedStrings.xml":
            data = data.replace(b'uniqueCount="457">', b'uniqueCount="458">')
            data = data.replace(b"</sst>", f"<si><t>{note}</t></si></sst>".encode())
        elif info.filename == SHEET:
            data = data.replace(b'<c r="E9" s="7"/>', b'<c r="E9" s="7" t="s"><v>457</v></c>', 1)
        parts.append((info, data))
    path.write_bytes(write_parts(parts))
    return path


def test_a_line_break_pasted_from_word_is_a_line_of_the_note(report: Path, tmp_path: Path) -> None:
    """Text copied from Word into a cell keeps Word's line break, U+000B, which Excel writes _x000B_."""
    xlsx = _shared_note(tmp_path / "ghi-chu.xlsx", "Gồm:_x000B_- 3 kế hoạch_x000D_\n- 9 công văn")
    result = run("import", xlsx, report)
    assert result.exit_code == 0, result.output
    values = yaml.safe_load(report.read_text(encoding="utf-8"))["appendix"]["values"]
    assert values["I.1.de_ra"]["note"] == "Gồm:\n- 3 kế hoạch\n- 9 công văn"
    assert run("check", report).exit_code == 0


def test_a_control_character_excel_escaped_is_refused(report: Path, tmp_path: Path) -> None:
    xlsx = _shared_note(tmp_path / "ghi-chu.xlsx", "Gồm 3 kế hoạch_x0007_")
    before = report.read_bytes()
    result = run("import", xlsx, report)
    assert (result.exit_code, result.stderr) == (
        1,
        f"{xlsx}:PHỤ LỤC!E9: lỗi: {I1}: ghi chú có ký tự điều khiển không hợp lệ U+0007 (thường do dán từ nơi"
        " khác); hãy xóa ký tự đó\n",
    )
    assert report.read_bytes() == before


def test_forms_import_refuses_an_error_value_as_a_label(tmp_path: Path) -> None:
    label = re.compile(rb'<c r="B9" [^>]*>.*?</c>')
    xlsx = tmp_path / "bieu-mau-loi.xlsx"
    xlsx.write_bytes(
        _edited({SHEET: lambda data: label.sub(b'<c r="B9" s="9" t="e"><f>#REF!</f><v>#REF!</v></c>', data)})
    )
    target = tmp_path / "bieu-mau.yaml"
    result = run("forms", "import", xlsx, "-o", target)
    assert "#REF!" not in (target.read_text(encoding="utf-8") if target.exists() else "")
    assert result.exit_code == 1 and result.stderr.startswith(f"{xlsx}:")
    assert "!B9: lỗi: ô báo lỗi '#REF!' chứ không có chữ" in result.stderr


def test_aggregate_compiles_around_hostile_report_files(tmp_path: Path) -> None:
    files = []
    for name in ("billion-laughs", "deep-flow", "nul-byte", "utf-16", "python-tag"):
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(YAML_CASES[name][0])
        files.append(path)
    result = run("aggregate", BASE, *files, "-o", tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    assert errors == [f"{path}{YAML_CASES[path.stem][1]}" for path in files]
    assert result.stderr.splitlines()[-1] == "Đã tổng hợp 1/6 cơ quan (đã nộp 1, có lỗi 5)."
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == 2
