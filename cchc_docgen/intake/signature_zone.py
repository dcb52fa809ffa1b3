"""The end of a BÁO CÁO: Nơi nhận (left) and the signature block (right) as report-file fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..report.fields import PREFIXES
from .lines import Line, is_rule

_NOI_NHAN = re.compile(r"^n[ơo]i\s+nh[ậa]n\s*:?\s*", re.IGNORECASE)
_SIGNED = re.compile(r"^\(.*(k[ýy]|d[ấa]u|ch[ữu]\s*k[ýy]).*\)$|^\[.*\]$", re.IGNORECASE)
#: "(Đã ký)" typed on the name's line, after it.
_SIGNED_AFTER = re.compile(r"\s*\((?:đã\s+)?k[ýy](?:\s+và\s+đóng\s+dấu)?\)\s*$", re.IGNORECASE)
_ITEM = re.compile(r"^[-–—•+*]\s*")
#: "KT.GIÁM ĐỐC", "TM.ỦY BAN NHÂN DÂN": a prefix typed with no space after its dot.
_PREFIX_GLUED = re.compile(r"^(" + "|".join(re.escape(p) for p in PREFIXES) + r")(?=[^\W\d_])")
#: "KT GIÁM ĐỐC": a prefix typed without its dot ("Q" alone is left alone: too short to be sure).
_PREFIX_DOTLESS = re.compile(r"^(" + "|".join(re.escape(p[:-1]) for p in PREFIXES if len(p) > 2) + r")\s+(?=\S)")


def _spaced(text: str) -> str:
    """A signer's line with its prefix as the report file writes it, a dot and one space: "KT. GIÁM ĐỐC"."""
    if text != text.upper():
        return text
    return _PREFIX_DOTLESS.sub(r"\1. ", _PREFIX_GLUED.sub(r"\1 ", text))


@dataclass
class SignatureZone:
    signature: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # lines of the zone that are no part of it


def starts_signature(line: Line) -> bool:
    """Whether a line opens the signature zone: "Nơi nhận:" or a signer's prefix/authority."""
    if _NOI_NHAN.match(line.text):
        return True
    first = _spaced(line.text).split(" ", 1)[0]
    return first in PREFIXES and line.text == line.text.upper()


def read_signature(lines: list[Line]) -> SignatureZone:
    zone = SignatureZone()
    distribution: list[str] = []
    signer: list[Line] = []
    in_distribution = False
    for line in lines:
        text = line.text
        if not text or is_rule(text):
            continue
        noi_nhan = _NOI_NHAN.match(text)
        if noi_nhan:
            in_distribution = True
            rest = text[noi_nhan.end() :].strip()
            if rest:
                distribution.append(rest)
            continue
        if line.column == 0 or (in_distribution and line.column is None and _ITEM.match(text)):
            if in_distribution:
                distribution.append(text)
            else:
                zone.warnings.append(
                    f"{line.where} («{text[:40]}»): dòng ở phần chữ ký, không rõ là gì; đã giữ làm ghi chú"
                )
                zone.kept.append(text)
            continue
        if _SIGNED.match(text):
            continue
        signer.append(replace(line, text=_spaced(text)))
    items = [_ITEM.sub("", item).strip().rstrip(";.,").strip() for item in distribution]
    # A name typed in capitals under the title is the name (kept as printed), not more of the title.
    name = signer.pop() if signer and _name_in_capitals(signer) else None
    _read_signer(zone, signer)
    if name is not None:
        zone.signature["name"] = name.text
    zone.signature["distribution"] = [item for item in items if item]
    return zone


#: Words of a signer's authority or title that are never part of a person's name ("VĂN", "THANH",
#: "TRUNG", "CHI", "NHÂN" are both).
_TITLE_WORDS = frozenset(
    ("GIÁM", "ĐỐC", "CHỦ", "TỊCH", "TRƯỞNG", "PHÓ", "BAN", "ỦY", "UỶ", "CHÁNH", "PHÒNG", "THƯ", "KÝ", "TỔNG", "QUYỀN")
)


def _name_in_capitals(signer: list[Line]) -> bool:
    """The last of the signer's lines, in capitals, is a person's name: no line is in small letters,
    a title stands above it, and none of its two to five words belongs to a title."""
    words = signer[-1].text.split()
    return (
        len(signer) >= 2
        and all(line.text == line.text.upper() for line in signer)
        and bool(_TITLE_WORDS & set(signer[-2].text.split()))
        and 2 <= len(words) <= 5
        and all(word.isalpha() for word in words)
        and not _TITLE_WORDS & set(words)
    )


def _read_signer(zone: SignatureZone, lines: list[Line]) -> None:
    """TM./KT./… lines, the authority, the signer's title, and the name (the last line not in capitals)."""
    upper = [line.text for line in lines if line.text == line.text.upper()]
    names = [line for line in lines if line.text != line.text.upper()]
    signature = zone.signature
    if names:
        # The name stands under the capitals; a line of small letters after it is no part of the block.
        signature["name"] = _SIGNED_AFTER.sub("", names[0].text)
        for extra in names[1:]:
            zone.warnings.append(f"{extra.where} («{extra.text[:40]}»): sau tên người ký; đã giữ làm ghi chú")
            zone.kept.append(extra.text)
    lines_left = list(upper)
    first_word = lines_left[0].split(" ", 1)[0] if lines_left else ""
    # A line over the signer's own prefix: "TM. ỦY BAN NHÂN DÂN" (a collective) or "TL. GIÁM ĐỐC" (by order).
    top = {"TM.": "collective", "TL.": "by_order_of"}.get(first_word)
    if top is not None and len(lines_left) >= 2 and lines_left[1].split(" ", 1)[0] == "KT." and " " in lines_left[0]:
        signature[top] = lines_left.pop(0).split(" ", 1)[1].strip()
        first_word = lines_left[0].split(" ", 1)[0]
    if first_word in PREFIXES and lines_left:
        prefix_line = lines_left.pop(0)
        signature["prefix"] = first_word
        signature["authority"] = prefix_line.split(" ", 1)[1].strip() if " " in prefix_line else ""
    elif lines_left:
        signature["authority"] = lines_left.pop(0)
    if lines_left:
        signature["title"] = " ".join(lines_left)
    if not signature.get("authority"):
        zone.warnings.append("không thấy thẩm quyền ký (ví dụ GIÁM ĐỐC, CHỦ TỊCH); hãy ghi signature.authority")
        signature.pop("authority", None)
    # Keep the report file's order: collective (or by_order_of), prefix, authority, title, name.
    order = ("collective", "by_order_of", "prefix", "authority", "title", "name")
    ordered = {key: signature[key] for key in order if key in signature}
    signature.clear()
    signature.update(ordered)
