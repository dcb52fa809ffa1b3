"""The Phụ lục sheet's layout, written by `appendix_xlsx` and read back by `import` and `aggregate`."""

# - rows 1–3: heading (when the form has one), title and "(Kèm theo …)" line, merged over the printed
#   columns, then a blank row;
# - the header: one row, or two when the form groups unit + value under "Kết quả thống kê"; its
#   first row holds `ID_HEADER` in the id column, by which a reader finds the table;
# - one row per form row, in form order: A STT, B label, C unit, D value, E note, and F the
#   indicator id (hidden, outside the print area); a note too tall for one row goes on on the rows
#   below, whose id cell says how it joins (`CONTINUED`);
# - values are numbers with a number format (`number_format`), never text, and each value cell
#   carries a data validation (`Validations`: a coded row's codes, counts ≥ 0, percentages 0–100);
# - who, when and which form: custom document properties ``cchc-docgen.<field>``
#   (`report_properties`), which survive editing and saving in Excel and LibreOffice.

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..forms import CodeSet, Form, Indicator, RowKind
from ..report.derived import Number
from ..report.model import Agency, AppendixInput, DocDate, Document, Entry, Report, Signature
from ..report.period import Period

if TYPE_CHECKING:  # the writer's types; readers load openpyxl only when they read
    from xlsxwriter import Workbook
    from xlsxwriter.worksheet import Worksheet

__all__ = [
    "CONTINUED",
    "COUNT_FORMAT",
    "DECIMAL_FORMAT",
    "ID_HEADER",
    "JOINS",
    "PERCENT_FORMAT",
    "PREFIX",
    "Validations",
    "is_percent_format",
    "number_format",
    "read_report_properties",
    "report_from_properties",
    "report_properties",
    "write_report_properties",
]

# -- columns (numbered as openpyxl numbers them: A is 1) -------------------------------------------
STT, LABEL, UNIT, VALUE, NOTE, ID = 1, 2, 3, 4, 5, 6
#: The columns printed (A–E); the id column after them is hidden.
PRINTED = NOTE
ID_LETTER = chr(ord("A") + ID - 1)
LAST_PRINTED_LETTER = chr(ord("A") + PRINTED - 1)
VALUE_LETTER = chr(ord("A") + VALUE - 1)
#: Header of the hidden id column; readers find the table by it.
ID_HEADER = "Mã chỉ tiêu (không sửa)"
#: Id-column marks of a row continuing the note above, by how it joins: after a line break, or
#: within a line (a paragraph too long for one row).
CONTINUED = {"\n": "(tiếp theo ghi chú, dòng mới)", " ": "(tiếp theo ghi chú)"}
JOINS = {mark: separator for separator, mark in CONTINUED.items()}

# -- number formats --------------------------------------------------------------------------------
COUNT_FORMAT = "#,##0"
#: Percent rows store 86.96 (not 0.8696): the sheet holds the same number as the report file.
#: "General" keeps whole numbers whole (86%) and shows the decimals typed (86,96%).
PERCENT_FORMAT = 'General"%"'
DECIMAL_FORMAT = "#,##0.00"
CODE_FORMAT = "0"
#: Counts below 10 with a leading zero ("06"), when the form or the report asks for it.
LEADING_ZERO_FORMAT = "#,##00"


def number_format(
    indicator: Indicator, value: Number | None, leading_zero: bool = False, qualifier: str | None = None
) -> str:
    """The cell format of a row's value (see `render/appendix_xlsx.py`)."""
    kind = indicator.kind
    if kind is RowKind.PERCENT:
        # The unit column already says "%": the value then shows the number alone.
        base = "General" if indicator.unit.strip() == "%" else PERCENT_FORMAT
    elif kind is RowKind.CODED:
        base = CODE_FORMAT
    elif kind is RowKind.COUNT or (value is not None and float(value).is_integer()):
        base = LEADING_ZERO_FORMAT if leading_zero and kind is RowKind.COUNT else COUNT_FORMAT
    else:
        base = DECIMAL_FORMAT
    if qualifier:  # the qualifier is literal text of the format: the cell stays a number
        base += '"' + f" {qualifier}".replace('"', '"\\""') + '"'
    return base


def is_percent_format(number_format: str) -> bool:
    """A real percent format ("0.00%", which Excel applies to "86,96%" typed: it keeps 0.8696), not
    the literal "%" sign of `PERCENT_FORMAT`."""
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in unquoted


# -- what a value cell accepts --------------------------------------------------------------------


class Validations:
    """What each value cell accepts, shown by Excel as it is typed: a dropdown of a coded row's codes,
    a whole number ≥ 0 for counts, 0–100 for percentages. One data validation per rule, collecting
    the rows it covers, written to the sheet in `finish`."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.rules: dict[str, dict[str, Any]] = {}
        self.rows: dict[str, list[int]] = {}

    def add(self, indicator: Indicator, row: int) -> None:
        """The value cell of sheet row `row` (numbered from 1) accepts what `indicator` allows."""
        key, rule = _rule(indicator)
        if rule is None:
            return
        if key not in self.rules:
            self.rules[key] = rule
            self.rows[key] = []
        self.rows[key].append(row)

    def finish(self) -> None:
        column = VALUE - 1
        for key, rule in self.rules.items():
            rows = self.rows[key]
            cells = " ".join(f"{VALUE_LETTER}{row}" for row in rows)
            self.sheet.data_validation(rows[0] - 1, column, rows[0] - 1, column, {**rule, "multi_range": cells})


def _rule(indicator: Indicator) -> tuple[str, dict[str, Any] | None]:
    kind = indicator.kind
    if kind is RowKind.CODED and indicator.codes is not None:
        return f"codes:{indicator.codes.name}", _code_validation(indicator.codes)
    if kind is RowKind.PERCENT:
        message = "Tỷ lệ phải là số từ 0 đến 100 (ví dụ 86,96)."
        return "percent", _validation("decimal", message, criteria="between", minimum=0, maximum=100)
    if kind is RowKind.COUNT:
        return "count", _validation("integer", "Số lượng phải là số nguyên không âm.", criteria=">=", value=0)
    return "decimal", _validation("decimal", "Giá trị phải là số không âm.", criteria=">=", value=0)


#: Excel's limit on a validation's message and on a list written out (UTF-16 units).
_MESSAGE_MOST = 255


def _validation(kind: str, message: str, **bounds: object) -> dict[str, Any]:
    return {
        "validate": kind,
        **bounds,
        "ignore_blank": True,
        "show_input": False,
        "show_error": True,
        "error_title": "Giá trị không hợp lệ",
        "error_message": message,
    }


def _code_validation(codes: CodeSet) -> dict[str, Any] | None:
    """A dropdown of the codes; none for a list longer than Excel takes written out."""
    listed = [str(code) for code in codes.values]
    if _utf16(",".join(listed)) > _MESSAGE_MOST:
        return None
    return {
        "validate": "list",
        "source": listed,
        "ignore_blank": True,
        "dropdown": True,
        "show_error": True,
        "error_title": "Mã không hợp lệ",
        "error_message": _cut(f"Chỉ nhập một mã: {codes.label}.", _MESSAGE_MOST),
        "show_input": True,
        "input_title": "Chọn mã",
        "input_message": _cut(codes.label, _MESSAGE_MOST),
    }


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, most: int) -> str:
    """`text`, ended by "…" where Excel's limit of `most` UTF-16 units would cut it."""
    if _utf16(text) <= most:
        return text
    while _utf16(text) > most - 1:
        text = text[:-1]
    return text + "…"


# -- document properties ---------------------------------------------------------------------------
PREFIX = "cchc-docgen."
#: The properties without which a workbook cannot be told apart: its form, period and agency.
IDENTITY = ("form", "period", "agency.full_name")


def report_properties(report: Report, form_version: str = "") -> dict[str, str]:
    """Field → text for a report: form, period, agency names, document number, date, signer."""
    doc, agency = report.document, report.agency
    date = ""
    if doc.date is not None:
        date = "-".join(f"{part:02d}" for part in (doc.date.year, doc.date.month, doc.date.day) if part is not None)
    fields = {
        "form": report.appendix.form_id if report.appendix else "",
        "form_version": form_version,
        "period": report.period.code,
        "agency.name": agency.name,
        "agency.full_name": agency.full_name,
        "agency.place": agency.place,
        "agency.parent": agency.parent or "",
        "document.number": "" if doc.number is None else str(doc.number),
        "document.symbol": doc.symbol,
        "document.date": date,
        "document.draft": "true" if report.is_draft else "false",
        "signer": report.signature.name or "",
        # Set on the province's own Phụ lục: it must never be compiled again as one more agency.
        "compilation": report.extra.get("compilation", ""),
    }
    return {name: text for name, text in fields.items() if text}


def write_report_properties(workbook: Workbook, report: Report, form_version: str = "") -> None:
    """Store `report_properties` in `workbook` (before it is saved), each as text."""
    for name, text in report_properties(report, form_version).items():
        workbook.set_custom_property(PREFIX + name, text, "text")


def read_report_properties(source: Path | IO[bytes]) -> dict[str, str]:
    """The ``cchc-docgen.*`` properties of a workbook, prefix removed ({} when it has none); raise
    what openpyxl raises."""
    from openpyxl import load_workbook  # reading only: `build` writes without openpyxl

    workbook = load_workbook(source, read_only=True)
    try:
        return custom_properties(workbook)
    finally:
        workbook.close()


def custom_properties(workbook: Any) -> dict[str, str]:
    """The ``cchc-docgen.*`` properties of a workbook openpyxl has loaded, prefix removed."""
    return {
        prop.name[len(PREFIX) :]: str(prop.value)
        for prop in workbook.custom_doc_props
        if prop.name.startswith(PREFIX) and prop.value is not None
    }


def report_from_properties(
    path: Path, props: dict[str, str], period: Period, form: Form, values: dict[str, Entry]
) -> Report:
    """The report `report_properties` was written from, as far as they tell (no narrative), with
    the `values` read from the sheet."""
    number = props.get("document.number", "")
    return Report(
        source=path,
        agency=Agency(
            name=props.get("agency.name", ""),
            full_name=props["agency.full_name"],
            place=props.get("agency.place", ""),
            parent=props.get("agency.parent"),
        ),
        period=period,
        window=period.default_window(),
        document=Document(
            symbol=props.get("document.symbol", ""),
            subject="",
            number=int(number) if re.fullmatch(r"[0-9]{1,9}", number) else None,
            date=_doc_date(props.get("document.date", "")),
            draft=props.get("document.draft") == "true",
        ),
        narrative=(),
        signature=Signature(authority="", name=props.get("signer")),
        appendix=AppendixInput(form.id, values, version=form.version or None),
    )


def _doc_date(text: str) -> DocDate | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:  # a property edited by hand or damaged: "2022-13-45" is no date
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return DocDate(year, month, day)
