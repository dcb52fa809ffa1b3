"""Two more strangers of 2025–2026 and the habits they were typed with: a ward of Hà Nội ("I/" and "1/"
numbering, a date line whose place is "Phường …", a paragraph opening with "(1)" and one with a quotation mark,
"*" items under "+" items, "CHỦ TỊCH" alone above the name, "Kính gửi: - …;" centered with its second recipient
on the next line) and a Sở Nông nghiệp và Môi trường ("I-" / "1-" numbering, a trích yếu beginning "Về việc",
each heading's number in a bold run and its title in a bold italic one).

Habits the writer (tests/stranger_docs_word.py) does not know are added here as quirks of its _Writer:
- "spaced-title": the title typed with spaced letters, "B Á O  C Á O";
- "title-in-header": "BÁO CÁO" and the trích yếu in a last, merged row of the header table;
- "split-heading-runs": a heading's number in one bold run, its title in a bold italic run;
- "recipients-inline-centered": "Kính gửi: - …;" centered on one line, the next "- …" lines indented under it.
"""

from __future__ import annotations

from dataclasses import replace

from docx.oxml.ns import qn
from lxml.etree import _Element as Element

import tests.stranger_docs_word as _word
from tests import clerk_docs_ooxml as ox
from tests.stranger_docs import H, Node, P, Stranger

# --- the new quirks -----------------------------------------------------------------------------------

_Writer = _word._Writer
_title, _heading, _recipients, _header = _Writer.title, _Writer.heading, _Writer.recipients, _Writer.header


def _title_quirks(self: _word._Writer) -> None:
    if "title-in-header" in self.q:
        return  # written into the header table
    if "spaced-title" in self.q:
        self.p([_word._r("B Á O  C Á O", bold=True)], align="center", before=12, after=0)
        for line in self.s.subject.split("\n"):
            self.p([_word._r(line, bold=True)], align="center", after=0)
        return
    _title(self)


def _header_quirks(self: _word._Writer) -> None:
    _header(self)
    if "title-in-header" not in self.q:
        return
    table = self.body.findall(qn("w:tbl"))[-1]
    paras: list[Element] = [ox.para([_word._r("BÁO CÁO", bold=True)], align="center", before=12, after=0)]
    paras += [ox.para([_word._r(line, bold=True)], align="center", after=0) for line in self.s.subject.split("\n")]
    cell = ox.E("w:tc", None, ox.E("w:tcPr", None, ox.E("w:gridSpan", {"w:val": "2"})), *paras)
    table.append(ox.E("w:tr", None, cell))


def _heading_quirks(self: _word._Writer, h: H, level: int) -> None:
    if "split-heading-runs" not in self.q:
        _heading(self, h, level)
        return
    runs = [_word._r(h.number + " ", bold=True), _word._r(h.title, bold=True, italic=True)]
    self.p(runs, first_line_cm=1.27, align="both", keep_next=True)


def _recipients_quirks(self: _word._Writer) -> None:
    items = self.s.recipients
    if "recipients-inline-centered" not in self.q or len(items) < 2:
        _recipients(self)
        return
    ends = [";"] * (len(items) - 1) + ["."]
    self.p([_word._r(f"Kính gửi: - {items[0]}{ends[0]}")], align="center")
    for item, end in zip(items[1:], ends[1:], strict=True):
        self.p([_word._r(f"- {item}{end}")], left_cm=4.6)


_Writer.title = _title_quirks  # type: ignore[method-assign]
_Writer.header = _header_quirks  # type: ignore[method-assign]
_Writer.heading = _heading_quirks  # type: ignore[method-assign]
_Writer.recipients = _recipients_quirks  # type: ignore[method-assign]

# --- the documents ------------------------------------------------------------------------------------

UBND_PHUONG_LONG_BIEN = Stranger(
    period="2025-NAM",
    parent=None,
    issuer=("ỦY BAN NHÂN DÂN", "PHƯỜNG LONG BIÊN"),
    number="Số: 03/BC-UBND",
    place_date="Phường Long Biên, ngày 05 tháng 01 năm 2026",
    subject="Kết quả thực hiện công tác cải cách hành chính năm 2025",
    recipients=("Sở Nội vụ thành phố Hà Nội", "Thường trực Đảng ủy phường Long Biên"),
    bases=(),
    opening=(
        "Ủy ban nhân dân phường Long Biên báo cáo kết quả thực hiện công tác cải cách hành chính năm 2025 như sau:",
    ),
    body=(
        H(
            "I/",
            "KẾT QUẢ THỰC HIỆN",
            (
                H(
                    "1/",
                    "Công tác chỉ đạo, điều hành",
                    (
                        P(
                            "(1) Ban hành Kế hoạch số 45/KH-UBND ngày 10/7/2025 về cải cách hành chính 6 tháng cuối "
                            "năm 2025 sau khi phường được thành lập theo mô hình chính quyền địa phương hai cấp."
                        ),
                        P(
                            "(2) Kiện toàn Tổ công tác cải cách hành chính của phường gồm 09 thành viên do Phó Chủ "
                            "tịch Ủy ban nhân dân phường làm Tổ trưởng."
                        ),
                        P(
                            "“Lấy người dân, doanh nghiệp làm trung tâm phục vụ” được quán triệt tại 100% tổ dân phố "
                            "trong các hội nghị của phường."
                        ),
                    ),
                ),
                H(
                    "2/",
                    "Cải cách thủ tục hành chính",
                    (
                        P("Trung tâm Phục vụ hành chính công phường:"),
                        P("Tiếp nhận 12.480 hồ sơ, giải quyết đúng hạn 12.302 hồ sơ, đạt 98,6%.", marker="-"),
                        P("Hồ sơ trực tuyến:", marker="+"),
                        P("* Trực tuyến toàn trình: 7.915 hồ sơ;"),
                        P("* Trực tuyến một phần: 2.106 hồ sơ."),
                        P("Số hóa kết quả giải quyết thủ tục hành chính đạt 96%.", marker="+"),
                    ),
                ),
            ),
        ),
        H(
            "II/",
            "NHIỆM VỤ NĂM 2026",
            (P("Duy trì tỷ lệ hồ sơ giải quyết đúng hạn trên 98%; mở rộng thanh toán trực tuyến phí, lệ phí."),),
        ),
    ),
    closing="Trên đây là báo cáo kết quả công tác cải cách hành chính năm 2025 của Ủy ban nhân dân phường Long Biên./.",
    signature=("CHỦ TỊCH",),
    signer="Nguyễn Văn Hùng",
    distribution=("Như trên", "Thường trực HĐND phường", "Lưu: VT, VP"),
    quirks=frozenset({"recipients-inline-centered"}),
)

SO_NN_MT_HA_TINH = Stranger(
    period="2026-6T",
    parent="UBND TỈNH HÀ TĨNH",
    issuer=("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",),
    number="Số: 1532/BC-SNNMT",
    place_date="Hà Tĩnh, ngày 12 tháng 6 năm 2026",
    subject="Về việc kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026",
    recipients=("Sở Nội vụ tỉnh Hà Tĩnh",),
    bases=(),
    opening=(
        "Thực hiện Công văn số 988/SNV-CCHC ngày 20/5/2026 của Sở Nội vụ tỉnh Hà Tĩnh, Sở Nông nghiệp và Môi trường "
        "báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026 như sau:",
    ),
    body=(
        H(
            "I-",
            "KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
            (
                H(
                    "1-",
                    "Công tác chỉ đạo, điều hành",
                    (
                        P(
                            "Sở ban hành Kế hoạch cải cách hành chính năm 2026 và 04 văn bản chỉ đạo, đôn đốc các "
                            "phòng, đơn vị trực thuộc."
                        ),
                    ),
                ),
                H(
                    "2-",
                    "Cải cách thủ tục hành chính",
                    (
                        P("Tiếp nhận 3.214 hồ sơ thủ tục hành chính, trong đó:"),
                        P("Trực tuyến toàn trình 2.870 hồ sơ;", marker="-"),
                        P("Trễ hạn 12 hồ sơ lĩnh vực đất đai:", marker="-"),
                        P("Do chờ kết quả đo đạc: 08 hồ sơ;", marker="+"),
                        P("* Đã xin lỗi người dân bằng văn bản: 08/08 hồ sơ."),
                        P("Do chồng chéo quy hoạch: 04 hồ sơ.", marker="+"),
                    ),
                ),
            ),
        ),
        H(
            "II-",
            "TỒN TẠI, HẠN CHẾ",
            (P("Việc liên thông dữ liệu đất đai với cơ sở dữ liệu quốc gia về dân cư còn chậm."),),
        ),
    ),
    closing="Trên đây là báo cáo kết quả công tác cải cách hành chính 6 tháng đầu năm 2026 của Sở Nông nghiệp và "
    "Môi trường tỉnh Hà Tĩnh./.",
    signature=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    signer="Trần Thị Minh Hà",
    distribution=("Như trên", "Giám đốc Sở (để b/c)", "Lưu: VT, VP"),
    quirks=frozenset({"split-heading-runs"}),
)


def _dotted(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """The same headings numbered the usual way ("I/", "1-" → "I.", "1.")."""
    return tuple(
        replace(n, number=n.number[:-1] + ".", children=_dotted(n.children)) if isinstance(n, H) else n for n in nodes
    )


# The same two documents numbered "I." and "1.": the other habits alone.
UBND_PHUONG_LONG_BIEN_DOTS = replace(UBND_PHUONG_LONG_BIEN, body=_dotted(UBND_PHUONG_LONG_BIEN.body))
SO_NN_MT_HA_TINH_DOTS = replace(SO_NN_MT_HA_TINH, body=_dotted(SO_NN_MT_HA_TINH.body))
