"""Reading the appendix part: the form named, and each indicator's value, note and qualifier."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..core.errors import did_you_mean
from ..core.vnformat import zero_padded
from .fields import APPENDIX, ENTRY, MAX_DIGITS, MAX_NOTE, MAX_VALUE
from .model import (
    AppendixInput,
    Entry,
)
from .parse_base import _FLAGS, _VN_NUMBER, Key, Reader


class AppendixParser(Reader):
    """The appendix and its values."""

    def appendix(self, raw: Any) -> AppendixInput | None:
        key = ("appendix",)
        data = self.mapping(raw, key, APPENDIX)
        form_id = self.string(data, "form", key)
        values_raw = data.get("values") or {}
        if not isinstance(values_raw, dict):
            self.err((*key, "values"), "values phải là các dòng 'mã chỉ tiêu: giá trị'")
            values_raw = {}
        values = {}
        for row_id, raw_entry in values_raw.items():
            entry = self.entry(raw_entry, (*key, "values", row_id))
            if entry is not None:
                values[str(row_id)] = entry
        heading = self.limit(self.string(data, "heading", key), (*key, "heading"), 200, "heading")
        if heading is not None and (heading.strip().startswith("'") or heading.strip().endswith("'")):
            # The heading names the Excel sheet, and Excel refuses a name starting or ending with '.
            self.err((*key, "heading"), "heading không được bắt đầu hay kết thúc bằng dấu nháy đơn (')")
        if form_id is None:
            return None
        if "heading" in data and data["heading"] in (None, ""):
            heading = ""  # written but empty: no heading line, unlike an absent key
        leading_zero = data.get("leading_zero")
        if leading_zero is not None and not isinstance(leading_zero, bool):
            self.err((*key, "leading_zero"), "leading_zero phải là true hoặc false")
            leading_zero = None
        return AppendixInput(
            form_id=form_id,
            values=values,
            heading=heading,
            title=self.string(data, "title", key),
            line=self.src.line(*key),
            version=self.string(data, "version", key),
            leading_zero=leading_zero,
        )

    def entry(self, raw: Any, key: Key) -> Entry | None:
        line = self.src.line(*key)
        note = qualifier = None
        blank = False
        value = raw
        if isinstance(raw, dict):
            for name in raw:
                if name not in ENTRY.names:
                    self.err(
                        (*key, name),
                        f"trường không hợp lệ '{name}'{did_you_mean(name, ENTRY.names)};"
                        " chỉ dùng value, note, qualifier, blank",
                    )
            value = raw.get("value")
            note = self.limit(self.entry_text(raw, "note", key), (*key, "note"), MAX_NOTE, "ghi chú (note)")
            qualifier = self.entry_text(raw, "qualifier", key)
            blank = raw.get("blank") is True
            if raw.get("blank") not in (None, True, False):
                self.err((*key, "blank"), "blank phải là true hoặc false")
            if blank and value not in (None, ""):
                self.err((*key, "blank"), "blank: true là để trống; không ghi kèm value")
        if isinstance(value, str) and qualifier is None:
            # "21 (lượt người)": the number counts, the words are printed after it
            value, qualifier = split_qualified(value)
        value_key = (*key, "value") if isinstance(raw, dict) else key
        number = self.number(value, value_key)
        invalid = number is None and value not in (None, "")
        typed = None if value is None or isinstance(value, (dict, list)) else self.typed(value, value_key)
        padded = typed is not None and zero_padded(typed)  # "06", quoted or not
        return Entry(
            number, note, line, invalid=invalid, qualifier=qualifier, blank=blank, zero_padded=padded, text=typed
        )

    def entry_text(self, raw: dict[str, Any], name: str, key: Key) -> str | None:
        """A note or qualifier: text (numbers as typed); a list or mapping is an error."""
        value = raw.get(name)
        if value is None:
            return None
        if isinstance(value, (dict, list)) or isinstance(value, bool):
            self.err((*key, name), f"{name} phải là một đoạn văn bản")
            return None
        return self.typed(value, (*key, name))

    def number(self, value: Any, key: Key) -> float | int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in _FLAGS):
            shown = self.shown(value, key)
            self.err(key, f"giá trị '{shown}' không phải là số (viết 1 hoặc 0 cho Có/Không)")
            return None
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                self.err(key, f"giá trị '{self.shown(value, key)}' không phải là một số hữu hạn")
                return None
            if abs(value) > MAX_VALUE:
                self.too_big(value, key)
                return None
            return value
        if isinstance(value, (dict, list, dt.date)):
            self.err(key, f"giá trị '{self.shown(value, key)}' không phải là số; để trống (~) nếu không báo cáo")
            return None
        text = _ascii_digits(str(value).strip().replace(" ", ""))
        text = text[:-1] if text.endswith("%") else text
        whole, fraction = _digit_counts(text)
        if whole > len(str(MAX_VALUE)):  # "1.000…0": larger than any figure, whatever its digits
            self.too_big(value, key)
            return None
        if whole + fraction > MAX_DIGITS:
            self.err(
                key,
                f"giá trị '{self.shown(value, key)}' có {whole + fraction} chữ số; số liệu của Phụ lục có"
                f" nhiều nhất {MAX_DIGITS} chữ số (hãy làm tròn, ví dụ 47,37)",
            )
            return None
        if _VN_NUMBER.match(text):
            sign = "-" if text.startswith("-") else ""
            # Leading zeros go before converting: however many, the digits left are few (bounded above).
            digits = "0" + text.lstrip("-").replace(".", "").replace(",", ".").lstrip("0")
            number: float | int = float(sign + digits) if "," in text else int(sign + digits, 10)
            if abs(number) > MAX_VALUE:
                self.too_big(value, key)
                return None
            return number
        self.err(key, f"giá trị '{self.shown(value, key)}' không phải là số; để trống (~) nếu không báo cáo")
        return None

    def too_big(self, value: Any, key: Key) -> None:
        limit = f"{MAX_VALUE:,}".replace(",", ".")
        self.err(key, f"giá trị {self.shown(value, key)} quá lớn (tối đa {limit}); hãy kiểm tra lại")


def split_qualified(text: str) -> tuple[str, str | None]:
    """ "21 (lượt người)" → ("21", "(lượt người)"); text without a qualifier → (text, None).

    A qualifier is what runs from the first "(" to a ")" ending the text; what comes before it
    holds a digit and no bracket. Found by scanning once, in time linear in the text.
    """
    opening = text.find("(")
    head, tail = text[:opening], text[opening:].rstrip()
    if opening < 0 or ")" in head or not tail.endswith(")") or not any(c.isdecimal() for c in head):
        return text, None
    return head.strip(), tail


def _ascii_digits(text: str) -> str:
    """`text` with other scripts' decimal digits (Arabic-Indic ٣, full-width ３ …) as ASCII ones."""
    if text.isascii():
        return text
    return "".join(str(int(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def _digit_counts(text: str) -> tuple[int, int]:
    """Digits of a number as typed ("-1.234,5", "00012", "1234.5", ASCII or other decimal digits)
    before and after its decimal separator, leading zeros not counted; (0, 0) for text that is not
    only digits, separators and a sign. Linear in the text."""
    body = text[1:] if text[:1] in "+-" else text
    if not body or not all(c.isdecimal() or c in ".," for c in body):
        return 0, 0
    if "," in body:
        whole, _, fraction = body.partition(",")
    else:
        groups = body.split(".")
        if len(groups) > 1 and any(len(group) != 3 for group in groups[1:]):
            whole, fraction = "".join(groups[:-1]), groups[-1]  # "1234.5": a decimal point
        else:
            whole, fraction = body, ""  # "1.234.567": thousands
    return len(whole.replace(".", "").lstrip("0")), sum(c.isdecimal() for c in fraction)
