"""`forms import`: a province's blank form (a Word or Excel table) made into a form file that `check`
accepts and whose Phụ lục prints the same table: numbering, labels, units, codes, header.

The file is read as untrusted input (`docx_package`, `cycle/xlsx_inspect`); the table is read by
`form_import_table`, its rows made into form rows by `form_import_rows` and written by
`form_import_yaml`. The text is parsed as a form before anything is written; a problem is one located
message (the file, the table and its row), and nothing is written.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.atomic import write_text_atomic
from ..core.errors import Diagnostic, FormError, InputError, error_at
from ..core.input_file import input_stat
from ..core.text_file import MAX_FILE_BYTES
from ..forms import FORM_SUFFIX
from ..forms.parser import parse_form_file
from .form_import_docx import read_docx_tables
from .form_import_rows import form_rows
from .form_import_table import Header, SourceTable, TitleLine, body_rows, clean, read_header
from .form_import_xlsx import read_xlsx_tables
from .form_import_yaml import FormText, form_yaml

__all__ = ["ImportedForm", "import_form"]

_HEADING = re.compile(
    r"^(PHỤ LỤC|BẢNG TỔNG HỢP|BIỂU TỔNG HỢP|BIỂU MẪU|BIỂU|MẪU|BẢNG)(\s+(SỐ\s*)?[\dIVXLC]+[A-Z]?)?\s*[.:]?$"
)
_ATTACHMENT = re.compile(r"^\(\s*(ban hành kèm theo|kèm theo)\b", re.IGNORECASE)
_PERIOD = re.compile(
    r"(?:QUÝ\s+(?:[IV]+|\d|[.…]+)\s+|(?:6|9|SÁU|CHÍN)\s+THÁNG\s+(?:ĐẦU\s+|CUỐI\s+)?)?NĂM\s+(?:\d{4}|20[.…]+|[.…]+)"
)
_AGENCY_TAIL = re.compile(r"\s(CỦA|TRÊN ĐỊA BÀN)\s+(\S.*)$")
_SPREADSHEET = (".xlsx", ".xlsm")
_DEFAULT_TITLE = "THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH {KY} CỦA {CO_QUAN}"


@dataclass
class ImportedForm:
    """What `import_form` wrote: the file, its rows and the suggestions left for a person to decide."""

    target: Path
    rows: int
    suggestions: int
    notes: list[str] = field(default_factory=list)


def import_form(source: Path, target: Path, force: bool = False) -> ImportedForm:
    """Read the blank form `source` (.docx, .doc, .xlsx) and write the form file `target` (.yaml).

    Raise InputError with one located message, before anything is written, for a file that cannot be
    read, holds no form table, or whose table does not make a valid form."""
    if target.suffix.lower() != FORM_SUFFIX:
        raise InputError(error_at(target, None, f"tệp biểu mẫu phải có đuôi {FORM_SUFFIX} (ví dụ bieu-mau-tinh.yaml)"))
    if target.exists() and not force:
        raise InputError(error_at(target, None, "tệp đã có; thêm --force để ghi đè"))
    input_stat(source, "tệp biểu mẫu")
    tables, tracked = _tables(source)
    table, header = _form_table(source, tables)
    body = body_rows(table, header)
    rows, codes, bold = form_rows(body)
    lines = table.above + [_row_line(table, index) for index in range(header.start)]
    heading, title, attachment, title_notes = _title(lines)
    text, places = form_yaml(
        FormText(
            form_id=target.stem,
            name=_name(title, heading, source),
            heading=heading,
            title=title,
            landscape=table.landscape,
            header=header,
            rows=rows,
            codes=codes,
            bold=bold,
            attachment=attachment,
            preamble=_preamble(source, table),
            title_comments=title_notes,
        )
    )
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:  # the catalog would refuse to read it
        raise table.error(
            None, f"bảng quá lớn: tệp biểu mẫu sẽ dài {size // 1024} KB, quá giới hạn {MAX_FILE_BYTES // 1024} KB"
        )
    try:
        parse_form_file(target, text)
    except FormError as exc:
        located = [_located(table, places, d.line, d.message) for d in exc.diagnostics]
        raise InputError(list(dict.fromkeys(located))) from None
    write_text_atomic(target, text)
    notes = list(header.notes)
    if tracked:
        notes.append(f"tệp có {tracked} thay đổi được theo dõi hoặc nhận xét: đã đọc nội dung sau cùng")
    suggestions = sum(1 for row in rows for c in row.comments if c.startswith("gợi ý"))
    return ImportedForm(target, len(rows), suggestions, notes)


def _tables(source: Path) -> tuple[list[SourceTable], int]:
    if source.suffix.lower() in _SPREADSHEET or _is_workbook(source):
        return read_xlsx_tables(source), 0
    return read_docx_tables(source)


def _is_workbook(source: Path) -> bool:
    """A zip whose parts are a workbook's (an .xlsx saved under another name)."""
    try:
        with zipfile.ZipFile(source) as archive:
            return "xl/workbook.xml" in archive.namelist()[:2000]
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False


def _form_table(source: Path, tables: list[SourceTable]) -> tuple[SourceTable, Header]:
    """The longest table whose header reads as a form's."""
    if not tables:
        raise InputError(
            error_at(
                source,
                None,
                "tệp không có bảng nào nên không phải biểu mẫu phụ lục; biểu mẫu là một bảng có các cột STT,"
                " Chỉ tiêu (Nội dung), Đơn vị tính, Số liệu, Ghi chú",
            )
        )
    first: InputError | None = None
    found: list[tuple[SourceTable, Header]] = []
    for table in tables:
        try:
            found.append((table, read_header(table)))
        except InputError as exc:
            first = first or exc
    if not found:
        assert first is not None
        raise first
    # A BÁO CÁO with the Phụ lục at its end has small tables too: the form is the longest.
    return max(found, key=lambda pair: len(pair[0].rows) - pair[1].body)


def _row_line(table: SourceTable, index: int) -> TitleLine:
    """A sheet row above the table as a title line: its cells' text, bold and italic if its first cell is."""
    cells = [cell for cell in table.rows[index] if not cell.covered and cell.text.strip()]
    text = " ".join(clean(cell.text) for cell in cells)
    italic = bool(cells) and cells[0].marked.startswith("*") and cells[0].marked.endswith("*")
    return TitleLine(text, bold=bool(cells) and all(c.bold for c in cells), italic=italic)


def _title(lines: list[TitleLine]) -> tuple[str, str, str, list[str]]:
    """Heading, title pattern, attachment words ("" for the default) and comments, from the lines above."""
    attachment = ""
    kept: list[TitleLine] = []
    for line in lines:
        match = _ATTACHMENT.match(line.text)
        if match:
            words = match.group(1)
            attachment = words[0].upper() + words[1:].lower() if words.lower().startswith("ban") else ""
            break
        kept.append(line)
    heading_at = max((i for i, line in enumerate(kept) if _HEADING.match(line.text.upper())), default=None)
    if heading_at is not None:
        heading = kept[heading_at].text
        parts = [line.text for line in kept[heading_at + 1 :] if not line.italic]
    else:
        heading = ""
        bold = [line.text for line in kept if line.bold and not line.italic]
        parts = bold[-1:] if bold else []
    literal = clean(" ".join(parts))
    if not literal:
        return heading, _DEFAULT_TITLE, attachment, ["gợi ý: không thấy tiêu đề phía trên bảng; hãy sửa title"]
    title, notes = _title_pattern(literal)
    return heading, title, attachment, notes


def _title_pattern(literal: str) -> tuple[str, list[str]]:
    """The period and the agency in a printed title replaced by {KY} and {CO_QUAN}/{DIA_BAN}."""
    text = literal.replace("{", "(").replace("}", ")")
    period = _PERIOD.search(text.upper())
    if period is None:
        return text, [f"gợi ý: tiêu đề không có kỳ báo cáo; có thể thay chỗ ghi kỳ bằng {{KY}}: '{literal}'"]
    title = text[: period.start()] + "{KY}" + text[period.end() :]
    tail = _AGENCY_TAIL.search(title, title.index("{KY}"))
    if tail is not None:
        placeholder = "{CO_QUAN}" if tail.group(1).upper() == "CỦA" else "{DIA_BAN}"
        title = title[: tail.start(2)] + placeholder
    return title, [f"tiêu đề trong tệp: '{literal}' (kỳ báo cáo và tên cơ quan được thay bằng chỗ trống)"]


def _name(title: str, heading: str, source: Path) -> str:
    shown = " ".join(title.replace("{KY}", "…").replace("{CO_QUAN}", "…").replace("{DIA_BAN}", "…").split())
    name = f"{heading} {shown}".strip() if heading else shown
    return (name[:117] + "…" if len(name) > 120 else name) or f"Biểu mẫu nhập từ {source.name}"


def _preamble(source: Path, table: SourceTable) -> list[str]:
    return [
        f"Biểu mẫu nhập từ tệp {source.name} ({table.place}) bằng lệnh cchc-docgen forms import.",
        "Hãy đọc lại trước khi dùng: loại dòng (kind) được đoán từ đơn vị tính và chữ in đậm; tổng, tỷ lệ và",
        "giới hạn giữa các dòng không đọc được từ bảng trống, xem các dòng '# gợi ý:'.",
    ]


def _located(table: SourceTable, places: dict[int, int], line: int | None, message: str) -> Diagnostic:
    """A problem of the form written, told at the table's row it came from."""
    row = places.get(line) if line is not None else None
    return table.error(row, f"{message}; hãy sửa bảng trong tệp rồi nhập lại").diagnostics[0]
