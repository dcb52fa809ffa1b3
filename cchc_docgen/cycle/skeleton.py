"""`init`: a new report file for the agency at hand, every field commented from the field table.

What a body writes differs: a sở has a parent (UBND TỈNH …) and its director signs; a UBND xã,
phường or đặc khu names itself on two bold lines and its chairman signs "TM. ỦY BAN NHÂN DÂN /
CHỦ TỊCH"; a UBND tỉnh reports to the Bộ Nội vụ. The skeleton prefills those, and has a Phụ lục
only when a form is chosen (most communes report without one).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import msgspec

from ..core.yaml_quote import quoted
from ..forms import Form, RowKind, load_form, stt_with_dot
from ..report.fields import AGENCY, APPENDIX, DOCUMENT, REPORT, SIGNATURE, Group
from ..report.period import Period


class Body(Enum):
    """The kind of body writing the report; the value is the option `init --co-quan` takes."""

    SO = "so"  # sở, ban, ngành of a province
    XA = "xa"  # UBND xã, phường, đặc khu
    TINH = "tinh"  # UBND tỉnh, thành phố


class Preset(msgspec.Struct, frozen=True):
    """What a kind of body writes in its header, signature and lists, with "…" left to fill in."""

    name: str | tuple[str, ...]
    full_name: str
    place: str
    symbol: str
    recipients: tuple[str, ...]
    distribution: tuple[str, ...]
    authority: str
    parent: str | None = None
    prefix: str | None = None
    title: str | None = None
    bases: tuple[str, ...] = ()


PRESETS = {
    Body.SO: Preset(
        parent="UBND TỈNH …",
        name="SỞ …",
        full_name="Sở … tỉnh …",
        place="…",
        symbol="BC-S…",
        recipients=("Sở Nội vụ tỉnh …",),
        distribution=("Như trên", "Giám đốc, các Phó Giám đốc Sở", "Lưu: VT, VP"),
        authority="GIÁM ĐỐC",
        bases=("Căn cứ Kế hoạch số …/KH-UBND ngày … của Ủy ban nhân dân tỉnh về cải cách hành chính năm …",),
    ),
    Body.XA: Preset(
        name=("ỦY BAN NHÂN DÂN", "XÃ …"),
        full_name="Ủy ban nhân dân xã …",
        place="…",
        symbol="BC-UBND",
        recipients=("Ủy ban nhân dân tỉnh …", "Sở Nội vụ tỉnh …"),
        distribution=("Như trên", "Thường trực Đảng ủy xã", "Thường trực HĐND xã", "Lưu: VT"),
        prefix="TM.",
        authority="ỦY BAN NHÂN DÂN",
        title="CHỦ TỊCH",
        bases=("Căn cứ Kế hoạch số …/KH-UBND ngày … của Ủy ban nhân dân tỉnh về cải cách hành chính năm …",),
    ),
    Body.TINH: Preset(
        name=("ỦY BAN NHÂN DÂN", "TỈNH …"),
        full_name="Ủy ban nhân dân tỉnh …",
        place="…",
        symbol="BC-UBND",
        recipients=("Bộ Nội vụ",),
        distribution=("Như trên", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh", "Lưu: VT"),
        prefix="TM.",
        authority="ỦY BAN NHÂN DÂN",
        title="CHỦ TỊCH",
    ),
}


def _q(text: Any) -> str:
    """A YAML double-quoted scalar."""
    return quoted(str(text))


def _field(group: Group, name: str, value: str, indent: str = "  ", commented: bool = False) -> str:
    """`name: value   # help`, the help from the field table."""
    return f"{indent}{'# ' if commented else ''}{name}: {value}   # {group.field(name).help}"


def _list(group: Group, name: str, items: Sequence[str]) -> list[str]:
    return [f"  {name}:   # {group.field(name).help}", *(f"    - {_q(item)}" for item in items)]


def skeleton(period: Period, form: Form | None = None, body: Body = Body.SO) -> str:
    """The YAML text of a new report for `period` by a `body`, with a Phụ lục on `form` if given."""
    preset = PRESETS[body]
    name = _q(preset.name if isinstance(preset.name, str) else "\n".join(preset.name))  # "ỦY BAN NHÂN DÂN\nXÃ …"
    nxt = period.next()
    lines = [
        f'# Báo cáo cải cách hành chính {period.name} — điền các chỗ có dấu ~ hoặc "…".',
        "# Kiểm tra: cchc-docgen check <tệp này>    Tạo văn bản: cchc-docgen build <tệp này>",
        "",
        f"agency:   # {REPORT.field('agency').help}",
    ]
    if preset.parent:
        lines.append(_field(AGENCY, "parent", _q(preset.parent)))
    lines += [
        _field(AGENCY, "name", name),
        _field(AGENCY, "full_name", _q(preset.full_name)),
        _field(AGENCY, "place", _q(preset.place)),
        _field(AGENCY, "territory", _q("…"), commented=True),
        "",
        f"period: {period.code}   # {REPORT.field('period').help}",
        f"# data_window: {{from: YYYY-MM-DD, to: YYYY-MM-DD}}   # {REPORT.field('data_window').help}",
        "",
        f"document:   # {REPORT.field('document').help}",
        _field(DOCUMENT, "number", "…", commented=True),
        _field(DOCUMENT, "symbol", _q(preset.symbol)),
        _field(DOCUMENT, "date", "YYYY-MM-DD", commented=True),
        _field(DOCUMENT, "draft", "true"),
        *_list(DOCUMENT, "recipients", preset.recipients),
        _field(DOCUMENT, "subject", _q(period.default_subject()), commented=True),
    ]
    if preset.bases:
        lines += _list(DOCUMENT, "bases", preset.bases)
    else:
        lines.append(f"  # bases: []   # {DOCUMENT.field('bases').help}")
    opening = (
        f"Thực hiện …, {preset.full_name} báo cáo kết quả thực hiện công tác cải cách hành chính {period.name} như sau:"
    )
    lines += [
        _field(DOCUMENT, "opening", _q(opening)),
        "",
        "# Nội dung báo cáo: mỗi mục có title (tiêu đề, không ghi số) và content (các đoạn văn).",
        "# Số thứ tự I., 1., 1.1. được đánh tự động. Chữ đậm: **…**, chữ nghiêng: *…*.",
    ]
    if form is not None:
        lines.append('# Số liệu lấy từ phụ lục: {{ pl["I.1.hoan_thanh"] }} — không gõ lại số bằng tay.')
    lines += [
        f"narrative:   # {REPORT.field('narrative').help}",
        f"  - title: {_q('Kết quả thực hiện ' + period.short_name)}",
        "    content:",
        '      - title: "Công tác chỉ đạo, điều hành"',
        "        content:",
        '          - "…"',
        '  - title: "Nhận xét, đánh giá"',
        "    content:",
        '      - "…"',
        f"  - title: {_q('Phương hướng nhiệm vụ ' + nxt.short_name)}",
        "    content:",
        '      - "…"',
        f'closing: "Trên đây là báo cáo …./."   # {REPORT.field("closing").help}',
        "",
        f"signature:   # {REPORT.field('signature').help}",
    ]
    if preset.prefix:
        lines.append(_field(SIGNATURE, "prefix", _q(preset.prefix)))
    else:
        lines.append(_field(SIGNATURE, "prefix", _q("KT."), commented=True))
    lines.append(_field(SIGNATURE, "authority", _q(preset.authority)))
    if preset.title:
        lines.append(_field(SIGNATURE, "title", _q(preset.title)))
    else:
        lines.append(_field(SIGNATURE, "title", _q("PHÓ " + preset.authority), commented=True))
    lines += [
        _field(SIGNATURE, "name", _q("…"), commented=True),
        *_list(SIGNATURE, "distribution", preset.distribution),
    ]
    return "\n".join(lines + _appendix_lines(form)) + "\n"


def _appendix_lines(form: Form | None) -> list[str]:
    if form is None:
        return [
            "",
            f"# appendix:   # {REPORT.field('appendix').help}",
            "#   form: …   # mã biểu mẫu của tỉnh (xem: cchc-docgen forms); tạo lại bằng init --form … nếu cần",
        ]
    lines = [
        "",
        f"appendix:   # {REPORT.field('appendix').help}",
        f"  form: {form.id}   # {form.name}",
        "  # Mỗi chỉ tiêu: một số; ~ là để trống (không báo cáo, khác với 0);",
        '  # hoặc {value: số, note: "ghi chú"}. Số viết liền: 1145, 86.96.',
        f"  values:   # {APPENDIX.field('values').help}",
    ]
    for row in form.rows:
        if row.kind is RowKind.SECTION:
            lines.append(f"    # {' '.join(p for p in (stt_with_dot(row.stt), row.label) if p)}")
            continue
        comment = " ".join(p for p in (stt_with_dot(row.stt), row.label) if p)
        detail = row.unit.replace("\n", " ")
        if row.derive is not None:
            detail += "; tự tính nếu để trống"
        # Ids are always quoted: unquoted, "1.10" would be read as the number 1.1.
        lines.append(f"    {_q(row.id)}: ~   # {comment}" + (f" [{detail}]" if detail else ""))
    return lines


def make_skeleton(period: Period, form_id: str | None, forms_dirs: Sequence[Path] = (), body: Body = Body.SO) -> str:
    """Skeleton text for `init`: with a Phụ lục on `form_id`, or none when no form is chosen."""
    form = load_form(form_id, forms_dirs) if form_id is not None else None
    return skeleton(period, form, body)
