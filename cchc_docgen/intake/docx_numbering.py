"""Word list numbering (numbering.xml) turned into the labels Word prints: "I.", "1.2.", "a)", "-".

Counters run per list (numId's abstract numbering) as Word runs them: a level restarts when a higher
level advances, `start` and `lvlOverride/startOverride` are honoured, and a bullet prints as its symbol
("-", "+", "•"). Only what a report uses is covered; an unknown format prints as decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..core.vnformat import roman
from .docx_package import W_NS
from .docx_styles import Style, Styles

W = f"{{{W_NS}}}"
#: Bullet characters of symbol fonts (Wingdings, Symbol) as their look-alikes.
_BULLETS = {"\uf02d": "-", "\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf0fc": "✓", "o": "•", "–": "-"}


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _List:
    levels: dict[int, _Level] = field(default_factory=dict)
    counters: dict[int, int] = field(default_factory=dict)


def _letters(number: int) -> str:
    # a … z, aa … zz as Word counts
    letter = chr(ord("a") + (number - 1) % 26)
    return letter * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(number)
    if fmt == "lowerRoman":
        return roman(number).lower()
    if fmt == "lowerLetter":
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


class Numbering:
    def __init__(self, part: etree._Element | None, styles: Styles) -> None:
        self._styles = styles
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._num_abstract: dict[str, str] = {}
        self._overrides: dict[str, dict[int, int]] = {}
        self._lists: dict[str, _List] = {}
        self._restarted: set[tuple[str, int]] = set()
        self.last_list = ""
        if part is None:
            return
        for abstract in part.iter(f"{W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(f"{W}lvl"):
                index = _int(lvl.get(f"{W}ilvl"))
                if index is None or index > 8:
                    continue
                levels[index] = _Level(
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                    start=_int(_val(lvl, "start")) or 1,
                )
            self._abstract[lvl_id(abstract)] = levels
        for num in part.iter(f"{W}num"):
            num_id = num.get(f"{W}numId") or ""
            abstract = num.find(f"{W}abstractNumId")
            if abstract is not None:
                self._num_abstract[num_id] = abstract.get(f"{W}val") or ""
            overrides: dict[int, int] = {}
            for override in num.iter(f"{W}lvlOverride"):
                index = _int(override.get(f"{W}ilvl"))
                start = _int(_val(override, "startOverride"))
                if index is not None and start is not None:
                    overrides[index] = start
            self._overrides[num_id] = overrides

    def label(self, props: etree._Element | None, style: Style) -> tuple[str | None, int]:
        """The printed label of a paragraph with list numbering and its list level; (None, 0) without.
        `last_list` is then the list (abstract numbering) it belongs to."""
        self.last_list = ""
        num_pr = None if props is None else props.find(f"{W}numPr")
        num_id = style.num_id
        level = style.num_level
        if num_pr is not None:
            num_id = _val(num_pr, "numId") or num_id
            given = _int(_val(num_pr, "ilvl"))
            level = given if given is not None else (0 if _val(num_pr, "numId") else level)
        if not num_id or num_id == "0":
            return None, 0
        abstract_id = self._num_abstract.get(num_id)
        levels = self._abstract.get(abstract_id or "")
        if levels is None:
            return None, 0
        level = min(max(level, 0), 8)
        definition = levels.get(level, _Level())
        # Lists sharing an abstract numbering continue each other, as in Word.
        self.last_list = abstract_id or ""
        state = self._lists.setdefault(abstract_id or "", _List())
        override = self._overrides.get(num_id, {}).get(level)
        if override is not None and (num_id, level) not in self._restarted:
            # Word's "Restart at 1": a list (w:num) overriding the start begins again on its first use,
            # even when another list of the same abstract numbering has counted before it.
            self._restarted.add((num_id, level))
            state.counters[level] = override
        else:
            start = definition.start if override is None else override
            state.counters[level] = state.counters.get(level, start - 1) + 1
        for deeper in [k for k in state.counters if k > level]:
            del state.counters[deeper]
        if definition.fmt == "bullet":
            text = definition.text.strip()
            return _BULLETS.get(text, text or "•"), level
        if definition.fmt == "none":
            return definition.text.strip() or None, level
        label = definition.text
        for index in range(level + 1):
            lvl = levels.get(index, _Level())
            value = state.counters.get(index, lvl.start)
            label = label.replace(f"%{index + 1}", format_number(value, lvl.fmt))
        return label.strip(), level


def lvl_id(abstract: etree._Element) -> str:
    return abstract.get(f"{W}abstractNumId") or ""


def _val(element: etree._Element, name: str) -> str | None:
    found = element.find(f"{W}{name}")
    return None if found is None else found.get(f"{W}val")


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() and len(text) < 6 else None
