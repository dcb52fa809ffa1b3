"""Turn a located YAML document into the report model, collecting every problem at once."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import Diagnostic, did_you_mean, error_at
from ..core.located_yaml import Located
from .model import (
    Agency,
    AppendixInput,
    Block,
    BulletList,
    Cell,
    DocDate,
    Document,
    Entry,
    Paragraph,
    PreviousReport,
    Report,
    Section,
    Signature,
    Table,
    Text,
)
from .numbering import LETTER_STYLES, Numbering
from .period import Period, PeriodKind, Window
from .refs import FootnoteSyntaxError, footnotes_of

Key = tuple[Any, ...]

TOP_KEYS = (
    "agency",
    "period",
    "previous",
    "data_window",
    "document",
    "narrative",
    "closing",
    "signature",
    "appendix",
)
AGENCY_KEYS = ("parent", "name", "full_name", "place", "territory")
DOCUMENT_KEYS = (
    "number",
    "symbol",
    "date",
    "draft",
    "recipients",
    "recipients_final_dot",
    "subject",
    "bases",
    "opening",
)
SIGNATURE_KEYS = ("prefix", "authority", "title", "name", "distribution")
APPENDIX_KEYS = ("form", "version", "heading", "title", "leading_zero", "values")
ENTRY_KEYS = ("value", "note", "qualifier", "blank")
SECTION_KEYS = ("title", "number", "numbered", "letters", "italic", "content")
PREFIXES = ("KT.", "TM.", "TL.", "TUQ.", "Q.")
MARKERS = ("-", "+", "1.", "1)", "a)", "a.")
#: No statistic of a province's report comes near this; bigger is a typing mistake.
MAX_VALUE = 10**12
#: Digits a figure of the Phụ lục may have (Excel keeps 15 significant digits); a longer digit
#: string is refused before it is converted (a conversion costs time quadratic in its length).
MAX_DIGITS = 15
#: The largest document number (Số: …/BC-…).
MAX_DOCUMENT_NUMBER = 10**9 - 1
#: Sizes no real report comes near; each also keeps rendering time linear and within Word's
#: and Excel's own limits (a document property holds 255 characters, a cell 32 767).
MAX_SUBJECT = 255
MAX_NAME = 300
MAX_NOTE = 32_767
MAX_COLUMNS = 63  # Word's table limit
MAX_SPAN = 1_000
MAX_LETTERED = 26  # a) … z)
_WIDEST = 10**6  # a relative column width: anything bigger (inf) is a mistake, and makes the shares NaN
_FLAGS = {"yes": True, "on": True, "no": False, "off": False}
_VN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$")
_PARTIAL_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class ReportParser:
    """Reads one report; `errors` holds what is wrong, `parse` returns the model or None."""

    def __init__(self, located: Located) -> None:
        self.src = located
        self.errors: list[Diagnostic] = []

    # -- helpers ---------------------------------------------------------------------------
    def err(self, key: Key, message: str) -> None:
        self.errors.append(error_at(self.src.path, self.src.line(*key), message))

    def mapping(self, value: Any, key: Key, allowed: Sequence[str], what: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.err(key, f"'{what}' phải là một nhóm trường (khóa: giá trị)")
            return {}
        for name in value:
            if name not in allowed:
                self.err((*key, name), f"trường không hợp lệ '{name}' trong '{what}'{did_you_mean(name, allowed)}")
        return value

    def string(self, data: dict[str, Any], name: str, key: Key, required: bool = True) -> str | None:
        value = data.get(name)
        if value is None or value == "":
            if required:
                self.err(key, f"thiếu trường bắt buộc '{name}'")
            return None
        if isinstance(value, (dict, list)):
            self.err((*key, name), f"'{name}' phải là một đoạn văn bản")
            return None
        return self.typed(value, (*key, name))

    def typed(self, value: Any, key: Key) -> str:
        """A scalar exactly as typed: `010` stays "010", `yes` stays "yes", `1.10` stays "1.10"."""
        if isinstance(value, str):
            return value
        typed = self.src.text(*key)
        return typed if typed is not None else str(value)

    def shown(self, value: Any, key: Key) -> str:
        """A scalar as typed, shortened for a message."""
        text = " ".join(self.typed(value, key).split())  # one line, whatever was typed
        return text if len(text) <= 40 else text[:40] + "…"

    def flag(self, data: dict[str, Any], name: str, key: Key, default: bool) -> bool:
        """A true/false field; yes/no/on/off are accepted here (and only here)."""
        value = data.get(name, default)
        if isinstance(value, str) and value.strip().lower() in _FLAGS:
            return _FLAGS[value.strip().lower()]
        if not isinstance(value, bool):
            self.err((*key, name), f"{name} phải là true hoặc false")
            return default
        return value

    def limit(self, text: str | None, key: Key, size: int, what: str) -> str | None:
        """`text`, or an error when it is longer than `size` characters."""
        if text is not None and len(text) > size:
            self.err(key, f"{what} dài {len(text)} ký tự; tối đa {size} ký tự")
            return text[:size]
        return text

    def strings(self, data: dict[str, Any], name: str, key: Key) -> tuple[str, ...]:
        value = data.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            self.err((*key, name), f"'{name}' phải là một danh sách các dòng '- …'")
            return ()
        out = []
        for i, item in enumerate(value):
            if item is not None and not isinstance(item, (dict, list)):
                out.append(self.typed(item, (*key, name, i)))
            else:
                self.err((*key, name, i), f"mục {i + 1} của '{name}' phải là một dòng văn bản")
        return tuple(out)

    def text(self, value: Any, key: Key) -> Text | None:
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self.err(key, "ở đây cần một đoạn văn bản")
            return None
        self.check_footnotes(value, key)
        return Text(self.typed(value, key), self.src.line(*key))

    def check_footnotes(self, value: Any, key: Key) -> None:
        """A `^[` footnote must be closed by its `]`."""
        if isinstance(value, str) and "^[" in value:
            try:
                footnotes_of(value)
            except FootnoteSyntaxError as exc:
                self.err(key, str(exc))

    # -- the report --------------------------------------------------------------------------
    def parse(self) -> Report | None:
        data = self.src.data
        if not isinstance(data, dict):
            self.err((), "tệp báo cáo phải là các nhóm trường agency, period, document, …")
            return None
        self.mapping(data, (), TOP_KEYS, "báo cáo")
        for name in ("agency", "period", "document", "signature", "appendix"):
            if name not in data:
                self.err((), f"thiếu phần bắt buộc '{name}'")
        agency = self.agency(data.get("agency"))
        period = self.period(data.get("period"))
        window = self.window(data.get("data_window"), period)
        document = self.document(data.get("document"), period)
        narrative = self.sections(data.get("narrative"), ("narrative",), Numbering(level=1))
        closing = self.text(data.get("closing"), ("closing",))
        signature = self.signature(data.get("signature"))
        appendix = self.appendix(data.get("appendix"))
        if agency is None or document is None or signature is None or appendix is None:
            return None
        if period is None or window is None:
            # Keep checking the rest; the period error is already reported.
            period = Period(dt.date.today().year, PeriodKind.YEAR)
            window = period.default_window()
        return Report(
            source=self.src.path,
            agency=agency,
            period=period,
            window=window,
            document=document,
            narrative=tuple(narrative),
            signature=signature,
            appendix=appendix,
            closing=closing,
            previous=self.previous(data.get("previous")),
        )

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
        data = self.mapping(raw, key, AGENCY_KEYS, "agency")
        # Missing required names are reported and replaced by "" so the other checks still run.
        name = self.limit(self.string(data, "name", key), (*key, "name"), MAX_NAME, "tên cơ quan")
        return Agency(
            name=name or "",
            full_name=self.string(data, "full_name", key) or "",
            place=self.string(data, "place", key) or "",
            parent=self.string(data, "parent", key, required=False),
            territory=self.string(data, "territory", key, required=False),
        )

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
        data = self.mapping(raw, key, ("from", "to"), "data_window")
        start, end = data.get("from"), data.get("to")
        if not isinstance(start, dt.date) or not isinstance(end, dt.date):
            self.err(key, "data_window cần from và to dạng ngày YYYY-MM-DD (ví dụ 2022-06-15)")
            return None
        if start > end:
            self.err(key, "data_window: ngày bắt đầu (from) sau ngày kết thúc (to)")
        return Window(start, end)

    def document(self, raw: Any, period: Period | None) -> Document | None:
        key = ("document",)
        data = self.mapping(raw, key, DOCUMENT_KEYS, "document")
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
            self.string(data, "subject", key, required=False), (*key, "subject"), MAX_SUBJECT, "trích yếu (subject)"
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
        match = _PARTIAL_DATE.match(typed)
        if match and 1 <= int(match.group(2)) <= 12:
            return DocDate(int(match.group(1)), int(match.group(2)))
        self.err(
            key, f"ngày '{typed}' không hợp lệ; viết YYYY-MM-DD (2023-03-16), hoặc YYYY-MM (2023-12) khi chưa có ngày"
        )
        return None

    def signature(self, raw: Any) -> Signature | None:
        key = ("signature",)
        data = self.mapping(raw, key, SIGNATURE_KEYS, "signature")
        authority = self.string(data, "authority", key)
        prefix = self.string(data, "prefix", key, required=False)
        if prefix is not None:
            normal = prefix.strip().upper()
            normal = normal if normal.endswith(".") else normal + "."
            if normal not in PREFIXES:
                self.err((*key, "prefix"), f"prefix '{prefix}' không hợp lệ; dùng một trong {', '.join(PREFIXES)}")
            prefix = normal
        title = self.string(data, "title", key, required=False)
        if prefix and not title:
            self.err(key, f"có '{prefix}' thì cần title (chức vụ người ký, ví dụ PHÓ GIÁM ĐỐC)")
        return Signature(
            authority=authority or "",
            prefix=prefix,
            title=title,
            name=self.string(data, "name", key, required=False),
            distribution=self.strings(data, "distribution", key),
        )

    def appendix(self, raw: Any) -> AppendixInput | None:
        key = ("appendix",)
        data = self.mapping(raw, key, APPENDIX_KEYS, "appendix")
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
        heading = self.limit(self.string(data, "heading", key, required=False), (*key, "heading"), 200, "heading")
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
            title=self.string(data, "title", key, required=False),
            line=self.src.line(*key),
            version=self.string(data, "version", key, required=False),
            leading_zero=leading_zero,
        )

    def entry(self, raw: Any, key: Key) -> Entry | None:
        line = self.src.line(*key)
        note = qualifier = None
        blank = False
        value = raw
        if isinstance(raw, dict):
            for name in raw:
                if name not in ENTRY_KEYS:
                    self.err(
                        (*key, name),
                        f"trường không hợp lệ '{name}'{did_you_mean(name, ENTRY_KEYS)};"
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
        padded = typed is not None and re.fullmatch(r"\s*0\d\s*", typed) is not None  # "06", quoted or not
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

    # -- narrative --------------------------------------------------------------------------
    def sections(self, raw: Any, key: Key, numbering: Numbering) -> list[Section]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.err(key, "narrative phải là danh sách các mục '- title: …'")
            return []
        sections = []
        for i, item in enumerate(raw):
            if not isinstance(item, dict) or "title" not in item:
                self.err((*key, i), "ở cấp này mỗi mục cần 'title' (tiêu đề) và 'content' (nội dung)")
                continue
            section = self.section(item, (*key, i), numbering)
            if section is not None:
                sections.append(section)
        return sections

    def section(self, data: dict[str, Any], key: Key, numbering: Numbering) -> Section | None:
        self.mapping(data, key, SECTION_KEYS, "mục")
        title = self.text(data.get("title"), (*key, "title"))
        number = numbering.next() if self.flag(data, "numbered", key, True) else ""
        if number and numbering.letters and numbering.counter > MAX_LETTERED:
            self.err(key, f"mục đánh chữ chỉ có a) đến z) ({MAX_LETTERED} mục); hãy chia thành nhiều mục")
        explicit = data.get("number")
        if explicit is not None:
            number = self.typed(explicit, (*key, "number"))
            numbering.follow(number)
        letters = data.get("letters", False)
        if letters is True:
            letters = LETTER_STYLES[0]
        if letters is not False and letters not in LETTER_STYLES:
            self.err((*key, "letters"), 'letters phải là true, "a)" hoặc "a." (mục con đánh a), b) … hoặc a., b. …)')
            letters = False
        child = numbering.child(number, letters or "")
        content = self.content(data.get("content"), (*key, "content"), child)
        if title is None:
            return None
        italic = self.flag(data, "italic", key, False)
        return Section(title=title, number=number, level=numbering.level, content=tuple(content), italic=italic)

    def content(self, raw: Any, key: Key, numbering: Numbering) -> list[Block]:
        if raw is None:
            return []
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            self.err(key, "content phải là danh sách các đoạn văn, danh sách, bảng hoặc mục con")
            return []
        blocks: list[Block] = []
        for i, item in enumerate(raw):
            here = (*key, i)
            if item is not None and not isinstance(item, (dict, list)):
                self.check_footnotes(item, here)
                blocks.append(Paragraph(Text(self.typed(item, here), self.src.line(*here))))
            elif isinstance(item, dict) and "title" in item:
                section = self.section(item, here, numbering)
                if section is not None:
                    blocks.append(section)
            elif isinstance(item, dict) and "list" in item:
                blocks.extend(self.bullet_list(item, here))
            elif isinstance(item, dict) and "table" in item:
                blocks.extend(self.table(item, here))
            elif isinstance(item, dict) and "text" in item:
                self.mapping(item, here, ("text", "footnote"), "đoạn văn")
                text = self.text(item.get("text"), (*here, "text"))
                footnote = item.get("footnote")
                if isinstance(footnote, (dict, list)):
                    self.err((*here, "footnote"), "footnote phải là một đoạn văn bản")
                    footnote = None
                if text is not None:
                    shown = None if footnote is None else self.typed(footnote, (*here, "footnote"))
                    blocks.append(Paragraph(text, shown))
            else:
                self.err(here, "không hiểu mục này: hãy viết một đoạn văn, hoặc dùng title/list/table/text")
        return blocks

    def bullet_list(self, data: dict[str, Any], key: Key) -> list[BulletList]:
        self.mapping(data, key, ("list", "marker", "start"), "danh sách")
        marker = self.typed(data.get("marker", "-"), (*key, "marker"))
        if marker not in MARKERS:
            self.err((*key, "marker"), f"marker '{marker}' không hợp lệ; dùng một trong {', '.join(MARKERS)}")
            marker = "-"
        start = data.get("start", 1)
        if isinstance(start, bool) or not isinstance(start, int) or not 1 <= start <= 999:
            self.err((*key, "start"), "start phải là số nguyên dương (số thứ tự của ý đầu tiên, ví dụ 3)")
            start = 1
        items = data.get("list")
        if not isinstance(items, list):
            self.err((*key, "list"), "list phải là danh sách các dòng '- …'")
            return []
        if marker in ("a)", "a.") and start + len(items) - 1 > MAX_LETTERED:
            message = f"danh sách a) chỉ có a) đến z) ({MAX_LETTERED} mục); dùng marker '1.'"
            self.err((*key, "list", max(0, MAX_LETTERED - start + 1)), message)
        texts = [self.text(item, (*key, "list", i)) for i, item in enumerate(items)]
        return [BulletList(tuple(t for t in texts if t is not None), marker, start)]

    def table(self, data: dict[str, Any], key: Key) -> list[Table]:
        self.mapping(data, key, ("table",), "bảng")
        spec = self.mapping(data.get("table"), (*key, "table"), ("header", "rows", "total", "widths"), "table")
        tkey = (*key, "table")
        errors_before = len(self.errors)
        header = self.cell_rows(spec.get("header") or [], (*tkey, "header"))
        bold_rows: list[int] = []
        rows = self.cell_rows(spec.get("rows") or [], (*tkey, "rows"), bold_rows)
        total = None
        if spec.get("total") is not None:
            totals = self.cell_rows([spec["total"]], (*tkey, "total"))
            total = totals[0] if totals else None
        every = (*header, *rows, *((total,) if total else ()))
        columns = max((sum(c.colspan for c in row) for row in every), default=0)
        if columns > MAX_COLUMNS:
            self.err(tkey, f"bảng có {columns} cột; Word chỉ cho tối đa {MAX_COLUMNS} cột")
            return []
        for index, row in enumerate(every):
            if any(cell.rowspan > len(every) - index for cell in row):
                self.err(tkey, f"dòng {index + 1} của bảng có rowspan vượt quá số dòng còn lại của bảng")
                return []
        if sum(c.colspan * c.rowspan for row in every for c in row) > 2 * columns * len(every):
            self.err(tkey, "các ô gộp (colspan, rowspan) của bảng chồng lên nhau")
            return []
        if not _same_width(header, [*rows, *((total,) if total else ())]):
            self.err(tkey, "các dòng của bảng không cùng số cột")
        for text in _hidden_under_merges([*header, *rows, *((total,) if total else ())]):
            self.err(
                tkey, f"ô '{text}' nằm dưới một ô gộp dòng (rowspan) nên không được in; để trống \"\" hoặc bỏ ô đó"
            )
        if not rows and not header and len(self.errors) == errors_before:  # not for a table of empty rows
            self.err(tkey, "bảng cần header và rows")
        columns = max((sum(c.colspan for c in row) for row in (*header, *rows)), default=0)
        widths = self.column_widths(spec.get("widths"), (*tkey, "widths"), columns)
        return [Table(tuple(header), tuple(rows), total, self.src.line(*key), tuple(bold_rows), widths)]

    def column_widths(self, raw: Any, key: Key, columns: int) -> tuple[float, ...] | None:
        """`widths: [1, 4, 3]`: one relative width per column."""
        if raw is None:
            return None
        numbers = raw if isinstance(raw, list) else []
        if not numbers or any(
            isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w < _WIDEST for w in numbers
        ):
            self.err(key, "widths phải là danh sách số dương, mỗi cột một số (độ rộng tương đối, ví dụ [1, 4, 3])")
            return None
        if len(numbers) != columns:
            self.err(key, f"widths có {len(numbers)} số nhưng bảng có {columns} cột")
            return None
        return tuple(float(w) for w in numbers)

    def cell_rows(self, raw: Any, key: Key, bold_rows: list[int] | None = None) -> list[tuple[Cell, ...]]:
        if not isinstance(raw, list):
            self.err(key, "ở đây cần danh sách các dòng, mỗi dòng là [ô, ô, …]")
            return []
        out: list[tuple[Cell, ...]] = []
        for r, row in enumerate(raw):
            row_key: Key = (*key, r)
            bold = False
            if bold_rows is not None and isinstance(row, dict):  # {bold: true, cells: […]}
                self.mapping(row, row_key, ("cells", "bold"), "dòng")
                bold = row.get("bold", False)
                if not isinstance(bold, bool):
                    self.err((*row_key, "bold"), "bold phải là true hoặc false")
                    bold = False
                row_key, row = (*row_key, "cells"), row.get("cells")
            if not isinstance(row, list):
                self.err(row_key, "mỗi dòng của bảng phải là [ô, ô, …] (dòng in đậm: {bold: true, cells: [ô, ô, …]})")
                continue
            if not row:
                where = "total" if key[-1] == "total" else f"dòng {r + 1} của {key[-1]}"
                self.err(row_key, f"bảng: {where} không có ô nào ([]); hãy viết các ô [ô, ô, …] hoặc xóa dòng đó")
                continue
            if bold and bold_rows is not None:
                bold_rows.append(len(out))
            out.append(tuple(self.cell(cell, (*row_key, c)) for c, cell in enumerate(row)))
        return out

    def cell(self, raw: Any, key: Key) -> Cell:
        if isinstance(raw, dict):
            self.mapping(raw, key, ("text", "colspan", "rowspan"), "ô")
            spans = []
            for name in ("colspan", "rowspan"):
                span = raw.get(name, 1)
                if isinstance(span, bool) or not isinstance(span, int) or not 1 <= span <= MAX_SPAN:
                    self.err((*key, name), f"{name} phải là số nguyên từ 1 đến {MAX_SPAN}")
                    span = 1
                spans.append(span)
            return Cell(self.cell_text(raw.get("text"), (*key, "text")), spans[0], spans[1])
        return Cell(self.cell_text(raw, key))

    def cell_text(self, value: Any, key: Key) -> str:
        if isinstance(value, (dict, list)):
            self.err(key, "ô của bảng phải là một đoạn văn bản")
            return ""
        return "" if value is None else self.typed(value, key)


def _same_width(header: Sequence[tuple[Cell, ...]], body: Sequence[tuple[Cell, ...]]) -> bool:
    """Whether every body row fills the table: its own cells, or with those merged down from above
    left out (a shorter row, as HTML writes it)."""
    everything = [*header, *body]
    widths = [sum(c.colspan for c in row) for row in everything]
    columns = max(widths, default=0)
    from_above = [0] * (len(everything) + 1)  # columns covered by cells spanning down into row i
    for index, row in enumerate(everything):
        for cell in row:
            for below in range(index + 1, min(index + cell.rowspan, len(everything))):
                from_above[below] += cell.colspan
    body_widths = {widths[i] for i in range(len(header), len(everything))}
    if len(body_widths) <= 1:
        return True
    return all(widths[i] in (columns, columns - from_above[i]) for i in range(len(header), len(everything)))


def _hidden_under_merges(rows: Sequence[tuple[Cell, ...]]) -> list[str]:
    """Texts typed in a full-width row where a cell from above spans down (they would be lost)."""
    columns = max((sum(c.colspan for c in row) for row in rows), default=0)
    covered: dict[int, int] = {}  # column -> last row index a merge from above covers it
    hidden = []
    for index, row in enumerate(rows):
        if sum(c.colspan for c in row) >= columns:
            column = 0
            for cell in row:
                if covered.get(column, -1) >= index and cell.text.strip():
                    hidden.append(cell.text)
                if cell.rowspan > 1 and covered.get(column, -1) < index:
                    for c in range(column, column + cell.colspan):
                        covered[c] = index + cell.rowspan - 1
                column += cell.colspan
    return hidden


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
