"""How wide a Phụ lục table's STT column may grow: the shares both the form checks and the renderers use.

The form parser refuses an STT that cannot fit on one line of its column (the column may widen into
the label column, which keeps MIN_LABEL_SHARE); the renderers widen it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.text_metrics import text_width_pt

#: The Phụ lục table's font size and cell padding, in points.
TABLE_PT = 12.0
CELL_PADDING_PT = 6.0
#: The narrowest the Phụ lục table prints, per orientation, in points: the Excel sheet's columns
#: (75 and 116 character units of 6 pt); the Word page's text width (16,5 and 25,2 cm) is a
#: little wider. A form is checked against these, so its STT column fits in both.
NARROWEST_TABLE_PT = {"portrait": 450.0, "landscape": 696.0}
#: The label column keeps at least this share of the table, however much STT or value need.
MIN_LABEL_SHARE = 0.15


def needed_share(text_pt: float, width_pt: float, padding_pt: float) -> float:
    """The share of a table `width_pt` wide that a text `text_pt` wide needs on one line of a cell."""
    return (text_pt * 1.08 + padding_pt) / width_pt


def stt_room(widths: Sequence[float]) -> float:
    """The largest share the STT column may take: its own and the label column's, less what the
    label column keeps."""
    return widths[0] + widths[1] - MIN_LABEL_SHARE


def stt_share(text: str, bold: bool, orientation: str) -> float:
    """The share of the narrowest table (`NARROWEST_TABLE_PT`) that `text` needs in the STT column,
    on one line: more than `stt_room` does not fit. `*italic*` and `**bold**` marks take no room."""
    width = NARROWEST_TABLE_PT.get(orientation, NARROWEST_TABLE_PT["portrait"])
    return needed_share(text_width_pt(text.replace("*", ""), TABLE_PT, bold), width, CELL_PADDING_PT)
