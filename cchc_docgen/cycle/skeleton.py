"""`init`: a report skeleton with every indicator of a form and a comment on every field."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..forms import Form, RowKind, load_form, stt_with_dot
from ..report.period import Period


def _q(text: Any) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(text), ensure_ascii=False)


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _optional(data: dict[str, Any], key: str, example: str, comment: str) -> str:
    """A field line, commented out with an example value when last period had none."""
    value = data.get(key)
    return f"  {'' if value else '# '}{key}: {_q(value or example)}   # {comment}"


def skeleton(form: Form, period: Period, previous: dict[str, Any] | None = None) -> str:
    """The YAML text of a new report for `period` on `form` (names taken from `previous` data when given)."""
    prev = previous or {}
    agency = _get(prev, "agency") or {}
    document = _get(prev, "document") or {}
    signature = _get(prev, "signature") or {}
    notes = {
        str(k): v.get("note")
        for k, v in (_get(prev, "appendix", "values") or {}).items()
        if isinstance(v, dict) and v.get("note")
    }
    nxt = period.next()
    lines = [
        f'# Báo cáo cải cách hành chính {period.name} — điền các chỗ có dấu ~ hoặc "…".',
        "# Kiểm tra: cchc-docgen check <tệp này>    Tạo văn bản: cchc-docgen build <tệp này>",
        "",
        "agency:                        # Cơ quan ban hành",
        f"  parent: {_q(agency.get('parent') or 'UBND TỈNH …')}   # Cơ quan chủ quản (in hoa; xóa nếu không có)",
        f"  name: {_q(agency.get('name') or 'SỞ …')}   # Tên cơ quan ban hành (in hoa, in đậm)",
        f"  full_name: {_q(agency.get('full_name') or 'Sở … tỉnh …')}   # Tên cơ quan trong câu văn",
        f"  place: {_q(agency.get('place') or '…')}   # Địa danh ở dòng ngày tháng",
    ]
    if agency.get("territory"):
        lines.append(f"  territory: {_q(agency['territory'])}   # Địa bàn (dùng trong tên phụ lục)")
    lines += [
        "",
        f"period: {period.code}   # Kỳ báo cáo: YYYY-Q1…Q4 (quý), YYYY-6T, YYYY-9T, YYYY-NAM (năm)",
        "# data_window: {from: YYYY-MM-DD, to: YYYY-MM-DD}   # Thời gian chốt số liệu, nếu khác mặc định",
        "",
        "document:                      # Văn bản: số, ký hiệu, ngày, nơi nhận",
        "  # number: …                  # Số văn bản (chỉ phần số); để trống khi còn là dự thảo",
        f"  symbol: {_q(document.get('symbol') or 'BC-…')}   # Ký hiệu, ví dụ BC-UBND",
        "  # date: YYYY-MM-DD           # Ngày ký; dự thảo có thể ghi YYYY-MM (chưa có ngày)",
        "  draft: true                  # Dự thảo: in chỗ trống cho số và ngày",
    ]
    recipients = document.get("recipients") or ["Sở Nội vụ tỉnh …"]
    lines.append("  recipients:                  # Kính gửi (một hoặc nhiều nơi; xóa nếu không có)")
    lines += [f"    - {_q(r)}" for r in (recipients if isinstance(recipients, list) else [recipients])]
    lines += [
        f'  # subject: …                 # Trích yếu; mặc định: "{period.default_subject()}"',
        "  opening: "
        + _q(
            f"Thực hiện …, {agency.get('full_name') or '…'} báo cáo kết quả thực hiện công tác"
            f" cải cách hành chính {period.name} như sau:"
        )
        + "   # Đoạn mở đầu (căn cứ báo cáo)",
        "",
        "# Nội dung báo cáo: mỗi mục có title (tiêu đề, không ghi số) và content (các đoạn văn).",
        "# Số thứ tự I., 1., 1.1. được đánh tự động. Chữ đậm: **…**, chữ nghiêng: *…*.",
        '# Số liệu lấy từ phụ lục: {{ pl["I.1.hoan_thanh"] }} — không gõ lại số bằng tay.',
        "narrative:                     # Nội dung báo cáo",
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
        'closing: "Trên đây là báo cáo …./."   # Câu kết',
        "",
        "signature:                     # Chữ ký",
        _optional(signature, "prefix", "KT.", "KT., TM., TL., TUQ., Q. (xóa nếu người đứng đầu ký)"),
        f"  authority: {_q(signature.get('authority') or 'GIÁM ĐỐC')}   # Thẩm quyền ký",
        _optional(signature, "title", "PHÓ GIÁM ĐỐC", "Chức vụ người ký (khi có KT., TM., …)"),
        _optional(signature, "name", "…", "Họ tên người ký"),
        "  distribution:                # Nơi nhận (không ghi '- ' và dấu ';' ở cuối)",
    ]
    distribution = signature.get("distribution") or ["Như trên", "Lưu: VT, VP"]
    lines += [f"    - {_q(d)}" for d in (distribution if isinstance(distribution, list) else [distribution])]
    lines += [
        "",
        "appendix:                      # Phụ lục số liệu",
        f"  form: {form.id}   # {form.name}",
        "  # Mỗi chỉ tiêu: một số; ~ là để trống (không báo cáo, khác với 0);",
        '  # hoặc {value: số, note: "ghi chú"}. Số viết liền: 1145, 86.96.',
        "  values:                      # Số liệu từng chỉ tiêu",
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
        line = f"    {_q(row.id)}: ~"
        if row.id in notes:
            line = f"    {_q(row.id)}: {{value: ~, note: {_q(notes[row.id])}}}"
        lines.append(f"{line}   # {comment}" + (f" [{detail}]" if detail else ""))
    return "\n".join(lines) + "\n"


def make_skeleton(period: Period, form_id: str | None, forms_dirs: Sequence[Path] = ()) -> str:
    """Skeleton text for `init --form`."""
    if form_id is None:
        raise InputError("cần chọn biểu mẫu: --form <mã> (xem: cchc-docgen forms), hoặc --from <tệp kỳ trước>")
    return skeleton(load_form(form_id, forms_dirs), period)
