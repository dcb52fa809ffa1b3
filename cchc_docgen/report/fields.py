"""The fields a report file may have, in one table: the parser, the JSON Schema and the `init` skeleton read it.

A field added here is accepted by `check`, described in the schema editors use, and commented in the
skeleton `init` writes; `tests/test_fields.py` checks that the three agree on real and broken files.
The kind of a field says what the schema lets it hold; fields whose values need more (a period, a
document number, a narrative) are of kind SPECIAL and get their schema in `schema.py`, which refuses
to build when one is missing.
"""

from __future__ import annotations

from enum import Enum

import msgspec


class Kind(Enum):
    """What a field holds, as far as the JSON Schema is concerned."""

    TEXT = "text"  # a line of text (a bare number is text too)
    LINES = "lines"  # one line, or a list of lines
    FLAG = "flag"  # true or false
    GROUP = "group"  # a group of fields of its own (see GROUPS)
    SPECIAL = "special"  # a value with its own rule, described in schema.py


class Field(msgspec.Struct, frozen=True):
    """One key of a report file."""

    name: str
    #: What the field is for, in Vietnamese: the schema's description and the skeleton's comment.
    help: str
    kind: Kind = Kind.TEXT
    required: bool = False


class Group(msgspec.Struct, frozen=True):
    """The fields one mapping of a report file may have."""

    #: Its key in the file ("" for the file itself) and the word messages call it by.
    key: str
    what: str
    help: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        """The field called `name` (KeyError if the group has none)."""
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)


REPORT = Group(
    "",
    "báo cáo",
    "Tệp YAML của một báo cáo CCHC (cchc-docgen). Kiểm tra đầy đủ: cchc-docgen check <tệp>",
    (
        Field("agency", "Cơ quan ban hành", Kind.GROUP, required=True),
        Field(
            "period",
            "Kỳ báo cáo: YYYY-Q1…Q4 (quý), YYYY-6T (6 tháng), YYYY-9T (9 tháng), YYYY-NAM (năm)",
            Kind.SPECIAL,
            required=True,
        ),
        Field(
            "previous",
            "Báo cáo kỳ trước (do init --from ghi; xóa khi đã rà soát lời văn)",
            Kind.TEXT,
        ),
        Field("data_window", "Thời gian chốt số liệu, nếu khác mặc định của kỳ", Kind.GROUP),
        Field("document", "Văn bản: số, ký hiệu, ngày, nơi nhận, trích yếu", Kind.GROUP, required=True),
        Field(
            "narrative",
            "Nội dung báo cáo: các mục I., II., … (mỗi mục có title và content)",
            Kind.SPECIAL,
        ),
        Field("closing", "Câu kết (ví dụ Trên đây là báo cáo …/.)"),
        Field("signature", "Chữ ký và nơi nhận", Kind.GROUP, required=True),
        Field("appendix", "Phụ lục số liệu; bỏ cả phần này nếu báo cáo không có phụ lục", Kind.GROUP),
    ),
)

AGENCY = Group(
    "agency",
    "agency",
    "Cơ quan ban hành",
    (
        Field(
            "parent",
            "Cơ quan chủ quản, in hoa, không đậm (ví dụ UBND TỈNH … trên SỞ …); bỏ nếu không có"
            " (UBND xã, phường, tỉnh không có cơ quan chủ quản)",
        ),
        Field(
            "name",
            "Tên cơ quan ban hành, in hoa, in đậm ở góc trái; hai dòng thì viết danh sách"
            ' (ví dụ "ỦY BAN NHÂN DÂN\\nXÃ …": cả hai dòng in đậm; tên tệp lấy từ dòng cuối)',
            Kind.SPECIAL,
            required=True,
        ),
        Field("full_name", "Tên đầy đủ của cơ quan, dùng trong câu văn", required=True),
        Field("place", "Địa danh ở dòng ngày tháng (ví dụ Sóc Trăng)", required=True),
        Field("territory", "Địa bàn, dùng trong tên phụ lục (ví dụ huyện Cù Lao Dung)"),
    ),
)

DATA_WINDOW = Group(
    "data_window",
    "data_window",
    "Thời gian chốt số liệu, nếu khác mặc định của kỳ",
    (
        Field("from", "Ngày bắt đầu YYYY-MM-DD", Kind.SPECIAL, required=True),
        Field("to", "Ngày kết thúc YYYY-MM-DD", Kind.SPECIAL, required=True),
    ),
)

DOCUMENT = Group(
    "document",
    "document",
    "Văn bản: số, ký hiệu, ngày, nơi nhận, trích yếu",
    (
        Field("number", "Số văn bản (chỉ phần số, ví dụ 85); bỏ trống khi còn là dự thảo", Kind.SPECIAL),
        Field("symbol", "Ký hiệu văn bản, không có dấu cách (ví dụ BC-UBND)", Kind.SPECIAL, required=True),
        Field("date", "Ngày ký YYYY-MM-DD; dự thảo có thể ghi YYYY-MM (chưa có ngày)", Kind.SPECIAL),
        Field("draft", "Dự thảo: true in chỗ trống cho số và ngày", Kind.FLAG),
        Field("recipients", "Kính gửi: không có, một hoặc nhiều nơi", Kind.LINES),
        Field(
            "recipients_final_dot",
            "false: không in dấu '.' sau nơi nhận cuối của Kính gửi (mặc định: có)",
            Kind.FLAG,
        ),
        Field("subject", "Trích yếu; bỏ trống để dùng trích yếu mặc định của kỳ"),
        Field("bases", "Các căn cứ (in nghiêng, mỗi dòng một căn cứ)", Kind.LINES),
        Field("opening", "Đoạn mở đầu của báo cáo"),
    ),
)

SIGNATURE = Group(
    "signature",
    "signature",
    "Chữ ký và nơi nhận",
    (
        Field(
            "collective",
            "Tập thể mà cấp phó ký thay người đứng đầu (dòng 'TM. …' trên 'KT. …'), ví dụ ỦY BAN NHÂN DÂN",
        ),
        Field(
            "by_order_of",
            "Người đứng đầu mà đơn vị ký thừa lệnh khi cấp phó của đơn vị ký thay (dòng 'TL. …' trên 'KT. …'),"
            " ví dụ GIÁM ĐỐC",
        ),
        Field(
            "prefix",
            "KT. (ký thay), TM. (thay mặt tập thể), Q. (quyền), TL. (thừa lệnh), TUQ. (thừa ủy quyền);"
            " bỏ khi người đứng đầu ký",
            Kind.SPECIAL,
        ),
        Field("authority", "Thẩm quyền ký (ví dụ GIÁM ĐỐC, CHỦ TỊCH; sau TM. là tên tập thể)", required=True),
        Field("title", "Chức vụ người ký (cần khi có KT., TM., TL., TUQ.; ví dụ PHÓ GIÁM ĐỐC)"),
        Field("name", "Họ tên người ký"),
        Field("distribution", "Nơi nhận (không ghi '- ' và dấu ';' ở cuối)", Kind.LINES),
    ),
)

APPENDIX = Group(
    "appendix",
    "appendix",
    "Phụ lục số liệu",
    (
        Field("form", "Mã biểu mẫu phụ lục (xem: cchc-docgen forms)", Kind.SPECIAL, required=True),
        Field(
            "version",
            "Phiên bản biểu mẫu; bỏ trống để dùng phiên bản áp dụng cho kỳ báo cáo",
            Kind.SPECIAL,
        ),
        Field("heading", "Tiêu đề phụ lục nếu khác biểu mẫu (ví dụ PHỤ LỤC 2)"),
        Field("title", "Tên phụ lục nếu khác biểu mẫu; dùng được {KY}, {CO_QUAN}, {DIA_BAN}"),
        Field("leading_zero", "true: số nhỏ hơn 10 in thêm số 0 (06)", Kind.FLAG),
        Field(
            "values",
            "Số liệu từng chỉ tiêu: một số, ~ (để trống), hoặc {value: số, note: ghi chú}",
            Kind.SPECIAL,
        ),
    ),
)

ENTRY = Group(
    "values",
    "chỉ tiêu",
    "Giá trị và ghi chú",
    (
        Field("value", "Giá trị", Kind.SPECIAL),
        Field("note", "Ghi chú (cột Ghi chú của Phụ lục)"),
        Field("qualifier", "Chữ in sau số, ví dụ (lượt người)"),
        Field("blank", "true: để trống cả dòng tự tính", Kind.FLAG),
    ),
)

SECTION = Group(
    "section",
    "mục",
    "Một mục có tiêu đề",
    (
        Field("title", "Tiêu đề mục, không ghi số thứ tự (chương trình tự đánh I., 1., 1.1.)", required=True),
        Field("number", "Số thứ tự tự ghi, thay cho số tự đánh", Kind.SPECIAL),
        Field("numbered", "false: tiêu đề không đánh số", Kind.FLAG),
        Field(
            "letters",
            'true hoặc "a)": các mục con đánh a), b), c); "a.": đánh a., b., c.',
            Kind.SPECIAL,
        ),
        Field("italic", "true: cả tiêu đề (kể cả số) in nghiêng", Kind.FLAG),
        Field("content", "Nội dung: đoạn văn, danh sách, bảng hoặc mục con", Kind.SPECIAL),
    ),
)

BULLET_LIST = Group(
    "list",
    "danh sách",
    "Danh sách gạch đầu dòng",
    (
        Field("list", "Các ý", Kind.SPECIAL, required=True),
        Field("marker", "Dấu đầu dòng: -, +, 1., 1), a) hoặc a.", Kind.SPECIAL),
        Field("start", "Số thứ tự của ý đầu tiên", Kind.SPECIAL),
    ),
)

TABLE_BLOCK = Group(
    "table",
    "bảng",
    "Bảng trong nội dung",
    (Field("table", "Bảng", Kind.GROUP, required=True),),
)

TABLE = Group(
    "table",
    "table",
    "Bảng",
    (
        Field("header", "Các dòng tiêu đề bảng", Kind.SPECIAL),
        Field("rows", "Các dòng của bảng", Kind.SPECIAL),
        Field("widths", "Độ rộng tương đối của các cột, mỗi cột một số (ví dụ [1, 4, 3])", Kind.SPECIAL),
        Field("total", "Dòng tổng cộng", Kind.SPECIAL),
    ),
)

BOLD_ROW = Group(
    "row",
    "dòng",
    "Dòng in đậm (dòng nhóm): {bold: true, cells: [ô, ô, …]}",
    (
        Field("bold", "Dòng in đậm", Kind.FLAG),
        Field("cells", "Các ô của dòng", Kind.SPECIAL, required=True),
    ),
)

CELL = Group(
    "cell",
    "ô",
    "Ô có gộp cột/dòng",
    (
        Field("text", "Chữ trong ô", Kind.SPECIAL),
        Field("colspan", "Số cột ô chiếm (gộp ô)", Kind.SPECIAL),
        Field("rowspan", "Số dòng ô chiếm (gộp ô)", Kind.SPECIAL),
    ),
)

FOOTNOTED = Group(
    "text",
    "đoạn văn",
    "Đoạn văn có chú thích cuối trang",
    (
        Field("text", "Đoạn văn", required=True),
        Field("footnote", "Chú thích cuối trang", Kind.SPECIAL),
    ),
)

#: Every group, by the field of the group above that holds it (GROUP fields of REPORT).
GROUPS = {
    "agency": AGENCY,
    "data_window": DATA_WINDOW,
    "document": DOCUMENT,
    "signature": SIGNATURE,
    "appendix": APPENDIX,
}
ALL_GROUPS = (REPORT, *GROUPS.values(), ENTRY, SECTION, BULLET_LIST, TABLE_BLOCK, TABLE, BOLD_ROW, CELL, FOOTNOTED)

# What some fields may hold, shared by the parser and the schema.
PREFIXES = ("KT.", "TM.", "TL.", "TUQ.", "Q.")
MARKERS = ("-", "+", "1.", "1)", "a)", "a.")

# Sizes no real report comes near; each also keeps the work linear and within Word's and Excel's limits.
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
