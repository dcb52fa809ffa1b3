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
from collections.abc import Callable
from pathlib import Path
from typing import IO

from openpyxl import Workbook, load_workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..forms import CodeSet, Form, Indicator, RowKind
from ..report.derived import Number
from ..report.model import Agency, AppendixInput, DocDate, Document, Entry, Report, Signature
from ..report.period import Period

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
ID_LETTER = get_column_letter(ID)
LAST_PRINTED_LETTER = get_column_letter(PRINTED)
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
    the cells it covers.

    The cells are given to each rule at once in `finish`: adding them one by one makes openpyxl
    compare each with every cell already added."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.rules: dict[str, DataValidation] = {}
        self.cells: dict[str, list[str]] = {}

    def add(self, indicator: Indicator, coordinate: str) -> None:
        key, make = self._rule(indicator)
        if key not in self.rules:
            self.rules[key] = make()
            self.cells[key] = []
            self.sheet.add_data_validation(self.rules[key])
        self.cells[key].append(coordinate)

    def finish(self) -> None:
        for key, rule in self.rules.items():
            rule.sqref = MultiCellRange(" ".join(self.cells[key]))

    def _rule(self, indicator: Indicator) -> tuple[str, Callable[[], DataValidation]]:
        kind = indicator.kind
        if kind is RowKind.CODED and indicator.codes is not None:
            codes = indicator.codes
            return f"codes:{codes.name}", lambda: _code_validation(codes)
        if kind is RowKind.PERCENT:
            return "percent", lambda: _validation(
                "decimal", "Tỷ lệ phải là số từ 0 đến 100 (ví dụ 86,96).", "between", "0", "100"
            )
        if kind is RowKind.COUNT:
            message = "Số lượng phải là số nguyên không âm."
            return "count", lambda: _validation("whole", message, "greaterThanOrEqual", "0")
        return "decimal", lambda: _validation("decimal", "Giá trị phải là số không âm.", "greaterThanOrEqual", "0")


def _validation(kind: str, message: str, operator: str, low: str, high: str | None = None) -> DataValidation:
    return DataValidation(
        type=kind,
        operator=operator,
        formula1=low,
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=message,
    )


def _code_validation(codes: CodeSet) -> DataValidation:
    """A dropdown of the codes (showDropDown=False is what *shows* the arrow)."""
    listed = ",".join(str(code) for code in codes.values)
    return DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showDropDown=False,
        showErrorMessage=True,
        errorTitle="Mã không hợp lệ",
        error=f"Chỉ nhập một mã: {codes.label}.",
        showInputMessage=True,
        promptTitle="Chọn mã",
        prompt=codes.label,
    )


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
    """Store `report_properties` in `workbook` (before it is saved)."""
    for name, text in report_properties(report, form_version).items():
        workbook.custom_doc_props.append(StringProperty(name=PREFIX + name, value=text))


def read_report_properties(source: Path | IO[bytes]) -> dict[str, str]:
    """The ``cchc-docgen.*`` properties of a workbook, prefix removed ({} when it has none); raise
    what openpyxl raises."""
    workbook = load_workbook(source, read_only=True)
    try:
        return {
            prop.name[len(PREFIX) :]: str(prop.value)
            for prop in workbook.custom_doc_props
            if prop.name.startswith(PREFIX) and prop.value is not None
        }
    finally:
        workbook.close()


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
