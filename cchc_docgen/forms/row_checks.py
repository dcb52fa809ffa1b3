"""Checks over a form's rows as a whole: STT numbers run on in each section, and each STT fits its column."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.errors import Diagnostic, error_at
from ..core.located_yaml import Located
from .model import NUMBERED_STT, Columns, Indicator, Layout, RowKind

#: Digits of a code ("Có = 1") or of one number of an STT ("1.2."): more is a typing mistake (and
#: converting thousands of digits is slow, then refused).
CODE_DIGITS = 9
#: STT texts this short fit in any STT column; longer ones are measured.
ALWAYS_FITS = 3


def long_number(stt: str) -> bool:
    """Whether a numbered STT ("1.2.") has a number of more than CODE_DIGITS digits."""
    return NUMBERED_STT.match(stt) is not None and any(len(part) > CODE_DIGITS for part in stt.rstrip(".").split("."))


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def stt_width_errors(
    form: Located, columns: Columns, rows: Sequence[Indicator], layout: Layout, orientation: str
) -> list[Diagnostic]:
    """The STT heading and every row's STT fit on one line of the STT column, which may widen
    into the label column only so far (the label column keeps its least share)."""
    from .stt_width import MIN_LABEL_SHARE, stt_room, stt_share  # text metrics

    room = stt_room(layout.widths)
    errors: list[Diagnostic] = []
    texts = [(columns.stt, True, form.line("columns", "stt"), f"tiêu đề cột STT '{_shown(columns.stt)}'")]
    texts += [
        (row.stt, row.kind in layout.bold, row.line, f"số thứ tự '{_shown(row.stt)}' của '{row.id}'")
        for row in rows
        if not long_number(row.stt)  # refused already
    ]
    for text, bold, line, what in texts:
        if len(text) > ALWAYS_FITS and stt_share(text, bold, orientation) > room:
            # The same words whatever the version's widths: one message per mistake.
            message = (
                f"{what} quá dài, không in vừa một dòng của cột STT (cột chỉ tiêu phải còn ít nhất"
                f" {MIN_LABEL_SHARE:.0%} bề rộng bảng); hãy viết ngắn hơn"
            )
            errors.append(error_at(form.path, line, message))
    return errors


def numbering_errors(path: Path, rows: Sequence[Indicator]) -> list[Diagnostic]:
    """Numbered rows run on in each section: 1, 2 … and 1.1., 1.2., 1.2.1. … — no restarts, gaps or repeats.

    A section row numbered "1." or "2." (as some provinces number their forms) starts the numbering of
    the rows under it: "1.1.", "1.1.1.", "1.2." … (or 1, 2 … afresh, as under a Roman section).
    """
    errors: list[Diagnostic] = []
    previous: list[int] | None = []  # None after a refused number: the next one is taken as it is
    section: list[int] = []  # the numbered section row's own number, while its first row is awaited
    for row in rows:
        if row.kind is RowKind.SECTION:
            numbered = NUMBERED_STT.match(row.stt) is not None and not long_number(row.stt)
            section = [int(p) for p in row.stt.rstrip(".").split(".")] if numbered else []
            previous = []
            continue
        if not NUMBERED_STT.match(row.stt):
            continue
        if long_number(row.stt):
            message = f"số thứ tự '{_shown(row.stt)}' của '{row.id}' có số quá dài (tối đa {CODE_DIGITS} chữ số)"
            errors.append(error_at(path, row.line, message))
            previous = None
            continue
        parts = [int(p) for p in row.stt.rstrip(".").split(".")]
        if previous is None:
            previous = parts
            continue
        allowed = [[*previous[:k], previous[k] + 1] for k in range(len(previous))] + [[*previous, 1]]
        if section and not previous:
            allowed = [[*section, 1], [1]]  # the first row under "1. …": 1.1. (or 1)
        section = []
        if parts not in allowed:
            depth = min(len(parts), len(previous) + 1)
            want = allowed[depth - 1]
            shown = ".".join(map(str, want)) + ("." if row.stt.endswith(".") else "")
            errors.append(
                error_at(path, row.line, f"số thứ tự '{row.stt}' của '{row.id}' không liền mạch; cần {shown}")
            )
            previous = None  # one message per mistake: the rows after it are judged among themselves
            continue
        previous = parts
    return errors
