"""Warnings about the blocks a văn thư reads first: the issuing body's heading, the signature, a draft's blanks."""

from __future__ import annotations

import re

from ..core.errors import Diagnostic, warning_at
from ..core.located_yaml import Located
from .model import Report

#: The start of a local government's own name: "ỦY BAN NHÂN DÂN" / "UBND" followed by its level.
LOCAL_BODY = re.compile(r"^\s*(ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s*$|^\s*UBND\s*$", re.IGNORECASE)
_LEVEL = re.compile(r"^\s*(XÃ|PHƯỜNG|ĐẶC\s+KHU|THỊ\s+TRẤN|HUYỆN|QUẬN|THỊ\s+XÃ|THÀNH\s+PHỐ|TỈNH)\b", re.IGNORECASE)
#: Titles of a person: after "TM." the collective is named, not a position.
_POSITION = re.compile(
    r"^\s*(PHÓ\s+)?(GIÁM\s+ĐỐC|CHỦ\s+TỊCH|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|CHÁNH\s+VĂN\s+PHÒNG|BÍ\s+THƯ)\b",
    re.IGNORECASE,
)


def check_heading_and_signature(report: Report, located: Located) -> list[Diagnostic]:
    """A parent that is really the first line of the issuing body's name, "TM." before a position
    instead of a collective, and a draft whose number and date are filled in."""
    found: list[Diagnostic] = []
    agency, signature, doc = report.agency, report.signature, report.document
    if agency.parent and LOCAL_BODY.match(agency.parent) and _LEVEL.match(agency.name):
        found.append(
            warning_at(
                report.source,
                located.line("agency", "parent"),
                f"'{agency.parent}' là dòng đầu của tên cơ quan ban hành, không phải cơ quan chủ quản: dòng parent"
                f" in chữ thường (không đậm); hãy viết name: \"{agency.parent.strip()}\\n{agency.name.strip()}\""
                " (cả hai dòng in đậm) và xóa parent",
            )
        )
    if signature.prefix == "TM." and _POSITION.match(signature.authority):
        found.append(
            warning_at(
                report.source,
                located.line("signature", "authority"),
                f"sau 'TM.' (thay mặt) là tên tập thể, không phải chức vụ '{signature.authority}':"
                " ví dụ prefix: TM., authority: ỦY BAN NHÂN DÂN, title: CHỦ TỊCH",
            )
        )
    if signature.prefix == "KT." and signature.title and signature.title.strip().upper() == signature.authority.upper():
        found.append(
            warning_at(
                report.source,
                located.line("signature", "title"),
                f"'KT. {signature.authority}' cần dòng chức vụ của cấp phó ký thay (ví dụ PHÓ {signature.authority}),"
                " không lặp lại chức vụ người đứng đầu",
            )
        )
    if doc.draft and doc.number is not None and doc.date is not None and doc.date.complete:
        found.append(
            warning_at(
                report.source,
                located.line("document", "draft"),
                f"văn bản đã có số {doc.number} và ngày nhưng vẫn ghi 'draft: true': bản in sẽ trông như đã ký;"
                " bỏ 'draft: true' khi văn bản đã được ký, hoặc xóa số và ngày khi còn là dự thảo",
            )
        )
    return found
