"""cchc-docgen: Vietnamese administrative-reform reports (BÁO CÁO and Phụ lục) from YAML."""

from __future__ import annotations

from .core.errors import CchcError, Diagnostic, FormError, InputError, OutputError, Severity, TemplateError
from .core.version import __version__
from .forms import Form, Indicator, RowKind, available_forms, load_form
from .report.analysis import Analysis, CheckedReport, analyze, load_checked
from .report.period import Period

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
    "__version__",
    "analyze",
    "available_forms",
    "load_checked",
    "load_form",
]
