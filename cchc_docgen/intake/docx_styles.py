"""The styles of a Word document as far as the import cares: name, bold, italic, alignment, outline level
and list numbering of each paragraph style, followed through `basedOn` (a bounded chain)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from lxml import etree

from .docx_package import W_NS

W = f"{{{W_NS}}}"
_OFF = ("0", "false", "off", "none")


def flag(props: etree._Element | None, name: str, default: bool) -> bool:
    """A toggle property (w:b, w:i, w:vanish) of run properties: on when present unless its value says off."""
    found = None if props is None else props.find(f"{W}{name}")
    if found is None:
        return default
    return (found.get(f"{W}val") or "1").lower() not in _OFF


@dataclass
class Style:
    name: str = ""
    bold: bool | None = None
    italic: bool | None = None
    align: str | None = None
    outline: int | None = None
    indent: int = 0
    num_id: str | None = None
    num_level: int = 0


def _maybe_flag(props: etree._Element | None, name: str) -> bool | None:
    if props is None or props.find(f"{W}{name}") is None:
        return None
    return flag(props, name, False)


class Styles:
    def __init__(self, part: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self._resolved: dict[str, Style] = {}
        self._default_bold: bool = False
        self._default_italic: bool = False
        self._default_paragraph = ""
        if part is None:
            return
        defaults = part.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self._default_bold = flag(defaults, "b", False)
        self._default_italic = flag(defaults, "i", False)
        for style in part.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if style_id is not None:
                self._raw.setdefault(style_id, style)
                if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                    self._default_paragraph = style_id

    def paragraph(self, style_id: str | None) -> Style:
        resolved = self._resolve(style_id or self._default_paragraph, 0)
        return Style(
            resolved.name,
            self._default_bold if resolved.bold is None else resolved.bold,
            self._default_italic if resolved.italic is None else resolved.italic,
            resolved.align,
            resolved.outline,
            resolved.indent,
            resolved.num_id,
            resolved.num_level,
        )

    def character(self, style_id: str | None) -> Style:
        return self._resolve(style_id, 0) if style_id else Style()

    def _resolve(self, style_id: str, depth: int) -> Style:
        if style_id in self._resolved:
            return self._resolved[style_id]
        element = self._raw.get(style_id)
        if element is None or depth > 20:
            return Style()
        based = element.find(f"{W}basedOn")
        parent = self._resolve(based.get(f"{W}val") or "", depth + 1) if based is not None else Style()
        name_element = element.find(f"{W}name")
        ppr = element.find(f"{W}pPr")
        rpr = element.find(f"{W}rPr")
        style = Style(
            name=(name_element.get(f"{W}val") if name_element is not None else None) or style_id,
            bold=_first(_maybe_flag(rpr, "b"), parent.bold),
            italic=_first(_maybe_flag(rpr, "i"), parent.italic),
            align=_first(_child_val(ppr, "jc"), parent.align),
            outline=_first(_outline(ppr), parent.outline, _heading_level(style_id, name_element)),
            indent=_indent(ppr, parent.indent),
            num_id=_first(_child_val(ppr, "numPr/w:numId"), parent.num_id),
            num_level=_level(ppr, parent.num_level),
        )
        self._resolved[style_id] = style
        return style


T = TypeVar("T")


def _first(*values: T | None) -> T | None:
    for value in values:
        if value is not None:
            return value
    return None


def _child_val(props: etree._Element | None, path: str) -> str | None:
    if props is None:
        return None
    found = props.find(f"{W}{path}".replace("w:", W))
    return None if found is None else found.get(f"{W}val")


def _outline(props: etree._Element | None) -> int | None:
    value = _child_val(props, "outlineLvl")
    return int(value) if value is not None and value.isdigit() and int(value) < 9 else None


def _heading_level(style_id: str, name: etree._Element | None) -> int | None:
    """ "heading 2" (Word's built-in names, whatever the display language) → level 1."""
    text = (name.get(f"{W}val") if name is not None else "") or style_id
    words = text.lower().replace("-", " ").split()
    if len(words) == 2 and words[0] in ("heading", "tiêu", "berschrift") and words[1].isdigit():
        level = int(words[1]) - 1
        return level if 0 <= level < 9 else None
    return None


def _indent(props: etree._Element | None, default: int) -> int:
    found = None if props is None else props.find(f"{W}ind")
    if found is None:
        return default
    value = found.get(f"{W}left") or found.get(f"{W}start") or ""
    return int(value) if value.lstrip("-").isdigit() and len(value) < 8 else default


def _level(props: etree._Element | None, default: int) -> int:
    value = _child_val(props, "numPr/w:ilvl")
    return int(value) if value is not None and value.isdigit() and int(value) < 9 else default
