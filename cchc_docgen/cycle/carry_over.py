"""`init --from`: next period's report from last period's, keeping everything but the numbers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import msgspec

from ..core.errors import InputError, error_at
from ..core.roundtrip_yaml import (
    CommentedMap,
    CommentMark,
    CommentToken,
    dump_roundtrip,
    load_roundtrip_keeping,
    newline_of,
)
from ..core.vnformat import short_date, zero_padded
from ..report.parse import split_qualified
from ..report.period import Period
from ..report.period_mentions import rename_period
from ..report.schema import SCHEMA_COMMENT


class CarriedOver(msgspec.Struct):
    """The new report's text and what the user should know about it."""

    text: str
    notices: list[str] = msgspec.field(default_factory=list)


def carry_over(previous: Path, period: Period, target: Path, form_id: str | None = None) -> CarriedOver:
    """Last period's report with the values, number and date cleared and the period moved on.

    Narrative, tables, footnotes, signature, recipients, Nơi nhận, notes, comments and layout stay
    as they were; the new file becomes a draft and names `previous` so `check` can point at what
    still reads like last period.
    """
    if target.resolve() == previous.resolve():
        raise InputError(error_at(target, None, "tệp mới (-o) phải khác tệp kỳ trước (--from)"))
    # The narrative is copied as typed, not parsed and written again: most of a long report, and
    # ruamel.yaml's pure-Python reading and writing is what `init --from` spends its time on.
    data, kept = load_roundtrip_keeping(previous, ("narrative",))
    old = _old_period(data, previous)
    appendix = data.get("appendix")
    if form_id is not None and isinstance(appendix, dict) and appendix.get("form") not in (None, form_id):
        raise InputError(
            error_at(
                previous,
                None,
                f"báo cáo kỳ trước dùng biểu mẫu '{appendix.get('form')}', khác --form {form_id};"
                " bỏ --form để dùng biểu mẫu của kỳ trước",
            )
        )
    result = CarriedOver("")
    data["period"] = period.code
    _mark_previous(data, previous, target, old)
    _move_window(data, old, period, result)
    _clear_document(data, old, period, result)
    _clear_values(appendix)
    header = (
        f"{_HEADER_START}{old.name} ({previous.name}) bằng cchc-docgen init --from: lời văn giữ nguyên"
        " kỳ trước, số liệu để trống.\n"
        f"{_HEADER_CHECK}để biết chỗ lời văn còn nhắc kỳ trước hoặc còn số gõ tay của kỳ trước.\n"
    )
    newline = newline_of(previous)
    result.text = header.replace("\n", newline) + _without_old_header(dump_roundtrip(data, newline, kept), newline)
    return result


_HEADER_START = "# Lập từ báo cáo "
_HEADER_CHECK = "# Chạy cchc-docgen check "


def _without_old_header(text: str, newline: str) -> str:
    """Drop the two lines a previous `init --from` put on top, so they do not pile up quarter after quarter."""
    lines = text.split(newline)
    # `init` puts the editor's schema line above them; it is written afresh for the new file.
    while lines and lines[0].startswith((_HEADER_START, _HEADER_CHECK, SCHEMA_COMMENT)):
        lines.pop(0)
    return newline.join(lines)


def _old_period(data: CommentedMap, path: Path) -> Period:
    try:
        return Period.parse(str(data.get("period")))
    except ValueError as exc:
        line = data.lc.key("period")[0] + 1 if "period" in data else None
        raise InputError(error_at(path, line, f"báo cáo kỳ trước: {exc}")) from None


def _relative(previous: Path, target: Path) -> str:
    """`previous` as seen from the folder of `target` (absolute when on another drive)."""
    try:
        return Path(os.path.relpath(previous.resolve(), target.resolve().parent)).as_posix()
    except ValueError:
        return previous.resolve().as_posix()


def _mark_previous(data: CommentedMap, previous: Path, target: Path, old: Period) -> None:
    """Write `previous: FILE` right after `period`, keeping the comments that follow `period` in place.

    ruamel.yaml keeps the comment lines between two keys with the first key, so the lines that led
    into the next key ("# Số, ký hiệu …" before `document:`) move down to follow `previous`.
    """
    written = _relative(previous, target)
    eol = f"  # Báo cáo kỳ trước ({old.name})\n"
    if "previous" in data:  # made by `init --from` too: update in place
        data["previous"] = written
        _set_comment(data, "previous", eol + _comment_lines(data, "previous")[1])
        return
    position = list(data).index("period") + 1 if "period" in data else 0
    data.insert(position, "previous", written)
    if "period" in data:
        first, rest = _comment_lines(data, "period")
        _set_comment(data, "period", first + "\n# " + _PREVIOUS_HINT + "\n")
        _set_comment(data, "previous", eol + rest)
    else:
        _set_comment(data, "previous", eol)


_PREVIOUS_HINT = "Khi đã rà soát xong lời văn, xóa dòng previous để thôi cảnh báo về số gõ tay giống kỳ trước."


def _comment_lines(data: CommentedMap, key: str) -> tuple[str, str]:
    """The comment text after `key`: its end-of-line part (up to the newline) and the lines below."""
    items = data.ca.items.get(key)
    token = items[2] if items and len(items) > 2 else None
    value = str(token.value) if token is not None else "\n"
    first, _, rest = value.partition("\n")
    return first + "\n", rest


def _set_comment(data: CommentedMap, key: str, text: str) -> None:
    data.ca.items[key] = [None, None, CommentToken(text, CommentMark(0), None), None]


def _move_window(data: CommentedMap, old: Period, new: Period, result: CarriedOver) -> None:
    window = data.get("data_window")
    if not isinstance(window, dict):
        return
    default = old.default_window()
    if (window.get("from"), window.get("to")) != (default.start, default.end):
        shown = f"{_shown(window.get('from'))} – {_shown(window.get('to'))}"
        result.notices.append(
            f"data_window kỳ trước ({shown}) khác mặc định; đã đặt thời gian chốt số liệu mặc định của"
            f" {new.name}, hãy sửa nếu cần"
        )
    start, end = new.default_window().start, new.default_window().end
    window["from"], window["to"] = start, end


def _shown(value: Any) -> str:
    return short_date(value) if isinstance(value, dt.date) else str(value)


def _clear_document(data: CommentedMap, old: Period, new: Period, result: CarriedOver) -> None:
    document = data.get("document")
    if not isinstance(document, CommentedMap):
        return
    for key in ("number", "date"):
        if key in document:
            document[key] = None
    if "draft" in document:
        document["draft"] = True
    else:
        position = list(document).index("date") + 1 if "date" in document else len(document)
        document.insert(position, "draft", True, comment="Dự thảo cho đến khi có số và ngày ký")
    subject = document.get("subject")
    if isinstance(subject, str) and subject.strip():
        if subject.strip() == old.default_subject():
            renamed = new.default_subject()
        else:
            renamed = rename_period(subject, old, new)
            if renamed != subject:
                result.notices.append(f"trích yếu đã đổi kỳ: '{subject}' → '{renamed}'; hãy đọc lại")
        document["subject"] = type(subject)(renamed) if type(subject) is not str else renamed


def _clear_values(appendix: Any) -> None:
    """Every value cleared to ~ (notes kept). Counts last period printed with a leading zero ("04",
    typed so) keep that style through `leading_zero: true`, unless the report already chose."""
    if not isinstance(appendix, CommentedMap) or not isinstance(appendix.get("values"), dict):
        return
    values = appendix["values"]
    if "leading_zero" not in appendix and any(_padded(entry) for entry in values.values()):
        appendix.insert(list(appendix).index("values"), "leading_zero", True)
        appendix.yaml_add_eol_comment(
            "# kỳ trước in số đếm dưới 10 có số 0 ở đầu (04, 09): giữ như vậy", "leading_zero", column=23
        )
    for row_id, entry in values.items():
        if isinstance(entry, dict):
            if "value" in entry:
                entry["value"] = None
        else:
            values[row_id] = None


def _padded(entry: Any) -> bool:
    """A value typed with its leading zero: "04", or {value: "04"}."""
    value = entry.get("value") if isinstance(entry, dict) else entry
    return isinstance(value, str) and zero_padded(split_qualified(value)[0])
