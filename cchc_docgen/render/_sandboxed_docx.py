"""docxtpl in the sandbox: subdocuments as markers spliced in after Jinja, escapes kept from user text."""

from __future__ import annotations

import marshal
import re
import secrets
from typing import Any

import docxtpl
import jinja2
from docxtpl import DocxTemplate

from ..core.disk_cache import remembered
from ._template_sandbox import VARIABLES
from ._template_sizes import MAX_OUTPUT, too_big

__all__ = ["SandboxedDocxTemplate", "TemplateMisuse", "holds_sentinels"]

#: docxtpl's cleaned-up XML of template parts seen lately, by their XML (its regular expressions
#: over a whole body cost more than rendering it): at most this many.
_PATCHED_KEPT = 16
_PATCHED: dict[str, str] = {}


class TemplateMisuse(Exception):
    """A template uses a subdocument in a way that cannot print it; the message says how to fix it."""


#: docxtpl's escapes: typed in a template, printed as the Jinja delimiter.
_ESCAPES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
#: Stand-ins for the escapes while Jinja runs: random per process, so no user text contains them,
#: yet the same build after build, so a template's parts are compiled once (_template_cache.py).
_SENTINELS = {f"cchcesc{secrets.token_hex(8)}x": printed for _, printed in _ESCAPES}


class SandboxedDocxTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl whose context never holds a docxtpl object, and whose escapes never touch user text.

    Subdocuments enter the context as opaque marker strings (`subdocument_marker`); their XML is
    spliced in where the marker was printed, after Jinja has run. docxtpl prints "{_{" typed in a
    template as "{{" by replacing it in the rendered XML, user text included: here the template's
    own escapes are swapped for random sentinels before rendering and back after, so a user field
    typed "{_{ x }_}" prints as typed.
    """

    def __init__(self, template_file: Any) -> None:
        super().__init__(template_file)
        self._token = secrets.token_hex(8)
        self._subdocuments: dict[str, str] = {}

    def subdocument_marker(self, name: str, subdocument: Any) -> str:
        """A plain string standing for `subdocument` in the context; "" for an empty one."""
        xml = str(subdocument)
        if not xml.strip():
            return ""
        marker = f"cchcsubdoc{self._token}{name}"
        self._subdocuments[marker] = xml
        return marker

    def patch_xml(self, src_xml: str) -> str:
        """docxtpl's patch_xml (a pure function of the XML), remembered for the XML seen lately, and
        between runs (_disk_cache.py)."""
        patched = _PATCHED.get(src_xml)
        if patched is None:
            patch = super().patch_xml
            patched = remembered("docxtpl-xml", src_xml, lambda: patch(src_xml), (docxtpl,), marshal)
            if len(_PATCHED) >= _PATCHED_KEPT:
                _PATCHED.clear()
            _PATCHED[src_xml] = patched
        return patched

    def printed_variables(self, jinja_env: Any) -> set[str]:
        """The names the body, headers and footers read from the context (what the page prints),
        from the parts compiled as rendering will compile them: with a compiling-once environment
        (_template_cache.py) rendering then reuses them."""
        parts = [self.get_xml()]
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            parts += [self.get_part_xml(part) for _, part in self.get_headers_footers(uri)]
        names: set[str] = set()
        for xml in parts:
            template = jinja_env.from_string(_jinja_source(self.patch_xml(xml)))
            names |= getattr(template, VARIABLES, frozenset())
        return names

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None) -> str:
        """docxtpl's render_xml_part, with the escapes and subdocuments handled as described above."""
        src_xml = _jinja_source(src_xml)
        self.current_rendering_part = part
        try:
            template = jinja_env.from_string(src_xml)
            dst_xml = _render_bounded(template, context)
        except Exception as exc:
            line = _template_line(exc)
            if line is not None:
                start = max(line - 4, 0)
                exc.docx_context = [re.sub(r"<[^>]+>", "", x) for x in src_xml.splitlines()[start : start + 7]]  # type: ignore[attr-defined]
            raise
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        for sentinel, printed in _SENTINELS.items():
            dst_xml = dst_xml.replace(sentinel, printed)
        dst_xml = self._splice_subdocuments(dst_xml)
        return str(self.resolve_listing(dst_xml))

    def _splice_subdocuments(self, xml: str) -> str:
        for marker, sub_xml in self._subdocuments.items():
            name = marker.removeprefix(f"cchcsubdoc{self._token}")
            if re.search(rf"<w:t(?:\s[^>]*)?>[^<]*{marker}", xml):
                fix = f"hãy viết {{{{p {name} }}}} trên một dòng riêng"
                raise TemplateMisuse(f"{{{{ {name} }}}} nằm giữa dòng chữ; {fix}")
            xml = xml.replace(marker, sub_xml)
        if self._token in xml.lower():
            tags = "{{p opening }}, {{p narrative }}, {{p closing }}"
            raise TemplateMisuse(f"opening, narrative, closing chỉ in được nguyên vẹn, bằng {tags}")
        return xml


def holds_sentinels(source: str) -> bool:
    """Whether `source` holds this process's stand-ins for escapes (a template typed with "{_{"):
    compiled, it serves this process only."""
    return any(sentinel in source for sentinel in _SENTINELS)


def _jinja_source(patched_xml: str) -> str:
    """What Jinja compiles of a part: the template's own escapes swapped for the sentinels, and each
    paragraph on its own line (docxtpl's way, so an error names a line of the template)."""
    for sentinel, (typed, _) in zip(_SENTINELS, _ESCAPES, strict=True):
        patched_xml = patched_xml.replace(typed, sentinel)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched_xml)


def _render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """`template.render(context)`, refused once its output passes MAX_OUTPUT characters."""
    chunks, size = [], 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise too_big("văn bản mẫu tạo ra", MAX_OUTPUT)
        chunks.append(chunk)
    return "".join(chunks)


def _template_line(exc: BaseException) -> int | None:
    """The line of the template source where `exc` was raised, from its traceback."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
