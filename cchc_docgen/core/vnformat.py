"""Vietnamese number and date style: 5.380; 86,96; "ngày 05 tháng 01 năm 2023"."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def roman(n: int) -> str:
    """Roman numeral for 1 ≤ n ≤ 3999 (section numbers: I … XL … and on)."""
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def format_number(value: float | int, decimals: int | None = None) -> str:
    """Vietnamese style: "." between thousands, "," before decimals.

    With `decimals` None, whole numbers print without decimals and others with up to
    two (trailing zeros dropped); with a number, exactly that many decimals.
    """
    quant = Decimal(1).scaleb(-(2 if decimals is None else decimals))
    # A wide context: the default 28 digits cannot quantize very large values.
    number = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP, context=Context(prec=400))
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{frac}" if frac else f"{sign}{text}"


#: How a value left blank is named in messages: "giá trị nhập trống".
BLANK_VALUE = "trống"


def number_or_blank(value: float | int | None) -> str:
    """A value as messages quote it: "5.380", "86,96", or "trống" when there is none."""
    return BLANK_VALUE if value is None else format_number(value)


def zero_padded(text: str) -> bool:
    """Whether a count is typed with its leading zero, as prose writes small counts: "06", " 09 "."""
    stripped = text.strip()
    return len(stripped) == 2 and stripped[0] == "0" and stripped[1].isdecimal()


def two_digits(value: float | int) -> str:
    """A count with a leading zero below 10, as prose writes small counts: "02"."""
    text = format_number(value)
    return f"0{text}" if isinstance(value, int) and 0 <= value < 10 else text


def day_text(day: int) -> str:
    """Day of month per Nghị định 30: leading zero below 10."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Month per Nghị định 30: leading zero for January and February only."""
    return f"{month:02d}" if month < 3 else str(month)


def short_date(date: dt.date) -> str:
    """ "15/6/2022", "04/01/2023": the dd/m/yyyy style of citations in running text."""
    return f"{day_text(date.day)}/{month_text(date.month)}/{date.year}"


def long_date(date: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2023", "ngày 16 tháng 3 năm 2023"."""
    return f"ngày {day_text(date.day)} tháng {month_text(date.month)} năm {date.year}"
