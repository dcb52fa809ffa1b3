"""The BÁO CÁO as a Word document per Nghị định 30/2020: a docxtpl template plus the narrative.

The template (templates/bao-cao.docx, editable in Word) lays out the header, title, Kính gửi,
căn cứ, signature and Nơi nhận from plain strings; the narrative is built with python-docx and
placed as subdocuments; real footnotes and the fitted drawn rules are added after rendering.
User text never passes through Jinja as a template: it only fills variables, autoescaped. The
template itself is untrusted: it runs sandboxed (render/_template_sandbox.py) and sees plain
strings only, the subdocuments as opaque markers.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from jinja2.exceptions import SecurityError
from lxml import etree

from ..core.errors import TemplateError, error_at
from ..report.analysis import CheckedReport
from ..report.model import Report
from ..report.wording import basis_lines, distribution_lines, number_line, place_date_line, recipient_lines
from ._docx_page import set_default_zoom
from ._docx_report import keep_broken_lines_unstretched, separate_adjacent_tables, set_document_properties
from ._drawn_rules import balance_long_line, balance_title, fit_rules
from ._footnotes import add_footnotes, next_footnote_id
from ._header_columns import balance_parent_line, fit_header_columns
from ._report_styles import FOOTNOTE_REFERENCE, FOOTNOTE_TEXT
from ._sandboxed_docx import SandboxedDocxTemplate, TemplateMisuse
from ._shipped import shipped_template
from ._template_cache import SANDBOX
from ._template_sandbox import TemplateTimeout, time_limit
from .file_properties import author, written_at
from .narrative import build_narrative

__all__ = ["RULE_FRACTIONS", "TEMPLATE_NAME", "default_template", "render_bao_cao_docx", "template_context"]

TEMPLATE_NAME = "bao-cao.docx"

#: Names of the drawn rules in the template, and their length as a share of the text above them:
#: under the issuing body and the subject 1/3–1/2 of the text, under the Tiêu ngữ all of it.
RULE_AGENCY = "cchc-rule-agency"
RULE_MOTTO = "cchc-rule-motto"
RULE_SUBJECT = "cchc-rule-subject"
RULE_FRACTIONS = {RULE_AGENCY: 0.4, RULE_MOTTO: 1.0, RULE_SUBJECT: 0.4}

#: The variables a template may use (plain strings or lists of plain strings; the three
#: subdocuments are marker strings), named in the error message of a template that uses another one.
CONTEXT_NAMES = (
    "parent",
    "agency",
    "number_line",
    "place_date",
    "subject",
    "recipient_inline",
    "recipient_lines",
    "bases",
    "opening",
    "narrative",
    "closing",
    "signer_lines",
    "signer_name",
    "distribution",
)
SUBDOCUMENTS = ("opening", "narrative", "closing")


def default_template() -> Path:
    """templates/bao-cao.docx, as installed."""
    return shipped_template(TEMPLATE_NAME)


def template_context(report: Report, subdocuments: dict[str, str]) -> dict[str, Any]:
    """Everything the template may print: plain strings from texts.py and the model, and the
    marker strings of the subdocuments (`opening`, `narrative`, `closing`)."""
    doc, signature = report.document, report.signature
    recipients = recipient_lines(doc)
    context: dict[str, Any] = {
        "parent": (report.agency.parent or "").upper(),
        "agency": "\n".join(report.agency.heading_lines).upper(),  # two bold lines for a UBND
        "number_line": number_line(doc),
        "place_date": place_date_line(report.agency, doc),
        "subject": doc.subject,
        "recipient_inline": recipients[0] if len(recipients) == 1 else "",
        "recipient_lines": recipients if len(recipients) > 1 else [],
        "bases": basis_lines(doc),
        **subdocuments,
        "signer_lines": list(signature.lines),
        "signer_name": (signature.name or "").strip(),
        "distribution": distribution_lines(signature),
    }
    # Exact str and list only: a str subclass could carry attributes a template might reach.
    return {
        name: [str(item) for item in value] if isinstance(value, (list, tuple)) else str(value)
        for name, value in context.items()
    }


def _template_error(template: Path, message: str) -> TemplateError:
    return TemplateError(error_at(template, None, message))


def _open_template(template: Path) -> Any:
    if not template.is_file():
        raise _template_error(template, "không tìm thấy mẫu Word (tệp .docx); kiểm tra lại đường dẫn --template")
    tpl = SandboxedDocxTemplate(template)
    try:
        tpl.init_docx()
    except (PackageNotFoundError, KeyError, ValueError, OSError, etree.XMLSyntaxError) as exc:
        raise _template_error(template, f"không mở được mẫu Word: không phải tệp .docx hợp lệ ({exc})") from None
    except zipfile.BadZipFile as exc:
        raise _template_error(template, f"không mở được mẫu Word: tệp .docx bị hỏng ({exc})") from None
    return tpl


def _render_error(template: Path, exc: Exception) -> TemplateError:
    where = ""
    context = getattr(exc, "docx_context", None)  # docxtpl: the template text around the error
    if context is not None:
        near = " ".join(" ".join(context).split())[:120]
        where = f" (gần: “{near}”)" if near else ""
    if isinstance(exc, jinja2.UndefinedError):
        names = ", ".join(CONTEXT_NAMES)
        return _template_error(template, f"mẫu Word dùng biến không có ({exc.message}){where}; các biến có: {names}")
    if isinstance(exc, SecurityError):
        return _template_error(template, f"mẫu Word dùng lệnh không được phép ({exc.message}){where}")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _template_error(template, f"mẫu Word sai cú pháp {{{{ }}}} / {{% %}}: {exc.message}{where}")
    if isinstance(exc, jinja2.TemplateNotFound):
        tags = "{% include %}, {% import %}, {% extends %}"
        return _template_error(template, f"mẫu Word không được dùng {tags}{where}")
    if isinstance(exc, TemplateTimeout):
        return _template_error(template, f"mẫu Word chạy quá {exc} giây (vòng lặp quá lớn?){where}")
    if isinstance(exc, TemplateMisuse):
        return _template_error(template, f"mẫu Word: {exc}")
    if isinstance(exc, ZeroDivisionError):
        return _template_error(template, f"mẫu Word chia cho 0{where}")
    if isinstance(exc, (MemoryError, OverflowError, RecursionError)):
        return _template_error(template, f"mẫu Word tính ra giá trị quá lớn hoặc đệ quy quá sâu{where}")
    return _template_error(template, f"mẫu Word không dựng được ({type(exc).__name__}: {exc}){where}")


def _check_nothing_is_dropped(template: Path, used: set[str], context: dict[str, Any]) -> None:
    """A template without a place for a part the report has would drop it silently: refuse it."""
    missing = [name for name, value in context.items() if name not in used and str(value) not in ("", "[]")]
    if missing:
        tags = ", ".join(f"{{{{p {name} }}}}" if name in SUBDOCUMENTS else f"{{{{ {name} }}}}" for name in missing)
        raise _template_error(template, f"mẫu Word thiếu chỗ in {tags}: báo cáo có nội dung này nhưng mẫu không in ra")


def render_bao_cao_docx(checked: CheckedReport, target: Path, template: Path) -> None:
    """Write the BÁO CÁO of `checked` to `target` (.docx) from the Word `template`."""
    tpl = _open_template(template)
    document = tpl.get_docx()
    keep_broken_lines_unstretched(document)
    set_default_zoom(document)  # a template made without Word may lack the zoom Word requires
    narrative = build_narrative(tpl, checked, next_footnote_id(document))
    environment = SANDBOX  # compiles the template's parts once, not on every build
    subdocuments = {
        "opening": tpl.subdocument_marker("opening", narrative.opening),
        "narrative": tpl.subdocument_marker("narrative", narrative.body),
        "closing": tpl.subdocument_marker("closing", narrative.closing),
    }
    context = template_context(checked.report, subdocuments)
    try:
        _check_nothing_is_dropped(template, tpl.printed_variables(environment), context)
        with time_limit():
            tpl.render(context, jinja_env=environment, autoescape=True)
    except TemplateError:
        raise
    except etree.XMLSyntaxError as exc:
        raise _template_error(template, f"mẫu Word tạo ra XML hỏng ({exc})") from None
    except Exception as exc:  # a template is untrusted code: whatever it raises is the template's mistake
        raise _render_error(template, exc) from None
    document = tpl.docx  # not get_docx(): after rendering that reloads the template
    styles = narrative.style_ids  # the styles part is the template's: rendering replaced only the body
    add_footnotes(document, narrative.footnotes, styles.of(FOOTNOTE_TEXT), styles.of(FOOTNOTE_REFERENCE))
    fit_header_columns(document, context["place_date"])  # before anything measures the header cells
    balance_parent_line(document, context["parent"])
    balance_long_line(document, RULE_AGENCY)
    balance_title(document, RULE_SUBJECT)
    fit_rules(document, RULE_FRACTIONS)
    separate_adjacent_tables(document)
    report = checked.report
    set_document_properties(document, report.document.subject, author(report), written_at(report))
    tpl.save(target)
