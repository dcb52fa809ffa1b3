"""Reading the report's header parts: agency, period, data window, document, signature, previous report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .fields import AGENCY, DATA_WINDOW, DOCUMENT, MAX_DOCUMENT_NUMBER, MAX_NAME, MAX_SUBJECT, PREFIXES, SIGNATURE
from .model import (
    Agency,
    DocDate,
    Document,
    PreviousReport,
    Signature,
)
from .parse_base import _PARTIAL_DATE, Key, Reader
from .period import Period, Window

_WHOLE_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class HeaderParser(Reader):
    """The parts above and below the narrative."""

    def previous(self, raw: Any) -> PreviousReport | None:
        if raw is None or raw == "":
            return None
        if not isinstance(raw, str):
            self.err(("previous",), 'previous phải là tên tệp báo cáo kỳ trước (ví dụ "2022-q3.yaml")')
            return None
        path = Path(raw)
        if not path.is_absolute():
            path = self.src.path.parent / path
        return PreviousReport(path, raw, self.src.line("previous"))

    def agency(self, raw: Any) -> Agency | None:
        key = ("agency",)
        data = self.mapping(raw, key, AGENCY)
        # Missing required names are reported and replaced by "" so the other checks still run.
        lines = self.name_lines(data, key)
        self.limit(" ".join(lines) or None, (*key, "name"), MAX_NAME, "tên cơ quan")
        return Agency(
            name_lines=lines if len(lines) > 1 else (),
            name=lines[-1] if lines else "",
            full_name=self.string(data, "full_name", key) or "",
            place=self.string(data, "place", key) or "",
            parent=self.string(data, "parent", key),
            territory=self.string(data, "territory", key),
        )

    def name_lines(self, data: dict[str, Any], key: Key) -> tuple[str, ...]:
        """The issuing body's name, a line each: one line as typed, or two or three (a UBND's "ỦY BAN NHÂN
        DÂN" over "XÃ …", both bold) written with a line break or as a list."""
        if isinstance(data.get("name"), list):
            lines = tuple(line.strip() for line in self.strings(data, "name", key) if line.strip())
            if not lines:
                self.err((*key, "name"), "thiếu trường bắt buộc 'name'")
        else:
            text = self.string(data, "name", key)  # reports a missing name
            if text is None:
                return ()
            if "\n" not in text.strip():
                return (text,)
            lines = tuple(line.strip() for line in text.splitlines() if line.strip())
        if len(lines) > 3:
            self.err((*key, "name"), f"tên cơ quan ban hành viết trên {len(lines)} dòng; tối đa 3 dòng")
        return lines

    def period(self, raw: Any) -> Period | None:
        if raw is None:
            return None
        try:
            return Period.parse(self.typed(raw, ("period",)))
        except ValueError as exc:
            self.err(("period",), str(exc))
            return None

    def window(self, raw: Any, period: Period | None) -> Window | None:
        if period is None:
            return None
        if raw is None:
            return period.default_window()
        key = ("data_window",)
        data = self.mapping(raw, key, DATA_WINDOW)
        start, end = data.get("from"), data.get("to")
        if not isinstance(start, dt.date) or not isinstance(end, dt.date):
            self.err(key, "data_window cần from và to dạng ngày YYYY-MM-DD (ví dụ 2022-06-15)")
            return None
        if start > end:
            self.err(key, "data_window: ngày bắt đầu (from) sau ngày kết thúc (to)")
        return Window(start, end)

    def document(self, raw: Any, period: Period | None) -> Document | None:
        key = ("document",)
        data = self.mapping(raw, key, DOCUMENT)
        symbol = self.string(data, "symbol", key)
        number = data.get("number")
        typed_number = number
        refused = []
        if isinstance(number, str) and number.strip().isdecimal():
            # "010" typed in quotes: the same decimal number; a digit string too long for any
            # document number is not converted (it could be thousands of digits long).
            digits = number.strip().lstrip("0")
            number = int(digits or "0", 10) if len(digits) <= len(str(MAX_DOCUMENT_NUMBER)) else MAX_DOCUMENT_NUMBER + 1
        if number is not None and (isinstance(number, bool) or not isinstance(number, int) or not 0 < number):
            shown = self.shown(typed_number, (*key, "number"))
            self.err((*key, "number"), f"số văn bản '{shown}' phải là số nguyên dương (chỉ phần số, ví dụ 85)")
            number, refused = None, ["number"]
        elif number is not None and number > MAX_DOCUMENT_NUMBER:
            shown = self.shown(typed_number, (*key, "number"))
            self.err((*key, "number"), f"số văn bản '{shown}' quá lớn (tối đa {len(str(MAX_DOCUMENT_NUMBER))} chữ số)")
            number, refused = None, ["number"]
        if symbol is not None and re.search(r"\s|^/|/$", symbol):
            self.err(
                (*key, "symbol"), f"ký hiệu '{symbol}' không được có dấu cách hay dấu '/' ở đầu, cuối (ví dụ BC-UBND)"
            )
        draft = self.flag(data, "draft", key, False)
        final_dot = self.flag(data, "recipients_final_dot", key, True)
        subject = self.limit(
            self.string(data, "subject", key), (*key, "subject"), MAX_SUBJECT, "trích yếu (subject)"
        )
        if subject is None:
            subject = period.default_subject() if period is not None else ""
        date = self.doc_date(data.get("date"), (*key, "date"))
        if date is None and data.get("date") is not None:
            refused.append("date")
        return Document(
            symbol=symbol or "",
            subject=subject,
            number=number,
            date=date,
            draft=draft,
            recipients=self.strings(data, "recipients", key),
            bases=self.strings(data, "bases", key),
            opening=self.text(data.get("opening"), (*key, "opening")),
            subject_line=self.src.line(*key, "subject") if "subject" in data else None,
            recipients_final_dot=final_dot,
            refused=tuple(refused),
        )

    def doc_date(self, raw: Any, key: Key) -> DocDate | None:
        if raw is None:
            return None
        if isinstance(raw, dt.date):
            return DocDate(raw.year, raw.month, raw.day)
        typed = self.shown(raw, key)
        whole = _WHOLE_DATE.match(typed)
        if whole:  # "2023-03-16" in quotes: the same date
            try:
                day = dt.date(*(int(part) for part in whole.groups()))
            except ValueError:
                pass
            else:
                return DocDate(day.year, day.month, day.day)
        match = _PARTIAL_DATE.match(typed)
        if match and 1 <= int(match.group(2)) <= 12:
            return DocDate(int(match.group(1)), int(match.group(2)))
        self.err(
            key, f"ngày '{typed}' không hợp lệ; viết YYYY-MM-DD (2023-03-16), hoặc YYYY-MM (2023-12) khi chưa có ngày"
        )
        return None

    def signature(self, raw: Any) -> Signature | None:
        key = ("signature",)
        data = self.mapping(raw, key, SIGNATURE)
        authority = self.string(data, "authority", key)
        prefix = self.string(data, "prefix", key)
        if prefix is not None:
            normal = prefix.strip().upper()
            normal = normal if normal.endswith(".") else normal + "."
            if normal not in PREFIXES:
                self.err((*key, "prefix"), f"prefix '{prefix}' không hợp lệ; dùng một trong {', '.join(PREFIXES)}")
            prefix = normal
        title = self.string(data, "title", key)
        collective = self.string(data, "collective", key)
        by_order_of = self.string(data, "by_order_of", key)
        if prefix and prefix != "Q." and not title:
            example = "CHỦ TỊCH" if prefix == "TM." else "PHÓ GIÁM ĐỐC" if prefix == "KT." else "CHÁNH VĂN PHÒNG"
            self.err(key, f"có '{prefix}' thì cần title (chức vụ người ký, ví dụ {example})")
        if collective is not None and prefix != "KT.":
            self.err(
                (*key, "collective"),
                "collective (dòng 'TM. …') chỉ dùng khi cấp phó ký thay (prefix: KT.);"
                " người đứng đầu ký thay mặt tập thể thì viết prefix: TM. và authority: tên tập thể",
            )
        if by_order_of is not None and prefix != "KT.":
            self.err(
                (*key, "by_order_of"),
                "by_order_of (dòng 'TL. …') chỉ dùng khi cấp phó của đơn vị ký thay (prefix: KT.);"
                " trưởng đơn vị ký thừa lệnh thì viết prefix: TL., authority: GIÁM ĐỐC, title: CHÁNH VĂN PHÒNG",
            )
        if by_order_of is not None and collective is not None:
            self.err((*key, "by_order_of"), "chỉ một dòng trên cùng: collective (TM. …) hoặc by_order_of (TL. …)")
        return Signature(
            collective=collective,
            by_order_of=by_order_of,
            authority=authority or "",
            prefix=prefix,
            title=title,
            name=self.string(data, "name", key),
            distribution=self.strings(data, "distribution", key),
        )
