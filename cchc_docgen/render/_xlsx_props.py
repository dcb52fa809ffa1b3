"""Who, when and which form a Phụ lục workbook belongs to, kept as custom document properties.

A filled Phụ lục XLSX that comes back to the Sở Nội vụ must say, without a YAML file beside it,
which form (and version) its id column follows, the period and the agency. The properties are
named ``cchc-docgen.<field>`` (visible in Excel under File → Info → Properties → Advanced →
Custom) and survive editing and saving in Excel and LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.packaging.custom import StringProperty

from ..report.model import Report

__all__ = ["PREFIX", "read_report_properties", "report_properties", "write_report_properties"]

PREFIX = "cchc-docgen."


def report_properties(report: Report, form_version: str = "") -> dict[str, str]:
    """Field → text for a report: form, period, agency names, document number, date, signer."""
    doc, agency = report.document, report.agency
    date = ""
    if doc.date is not None:
        date = "-".join(f"{part:02d}" for part in (doc.date.year, doc.date.month, doc.date.day) if part is not None)
    fields = {
        "form": report.appendix.form_id,
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


def read_report_properties(source: Path) -> dict[str, str]:
    """The ``cchc-docgen.*`` properties of a workbook, prefix removed ({} when it has none)."""
    workbook = load_workbook(source, read_only=True)
    try:
        return {
            prop.name[len(PREFIX) :]: str(prop.value)
            for prop in workbook.custom_doc_props
            if prop.name.startswith(PREFIX) and prop.value is not None
        }
    finally:
        workbook.close()
