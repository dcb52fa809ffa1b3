"""cchc-docgen: Vietnamese administrative-reform reports (BÁO CÁO and Phụ lục) from YAML."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import CchcError, Diagnostic, FormError, InputError, OutputError, Severity, TemplateError
from .forms import Form, Indicator, RowKind, available_forms, load_form
from .period import Period
from .report import Analysis, CheckedReport, analyze, load_checked

__all__ = [
    "Analysis",
    "CchcError",
    "CheckedReport",
    "Diagnostic",
    "Form",
    "FormError",
    "Indicator",
    "InputError",
    "OutputError",
    "Period",
    "RowKind",
    "Severity",
    "TemplateError",
    "analyze",
    "available_forms",
    "load_checked",
    "load_form",
]
