"""Variants of the real reports a clerk produces: drafts, other typing, an added table or Phụ lục."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tests.clerk_docs_truth import Appendix, Cell, Heading, Node, Para, R, Table, Truth

__all__ = [
    "autocorrected",
    "broken_subject",
    "commune_appendix",
    "draft",
    "merged_leaders_table",
    "several_recipients",
    "straight_quotes",
    "with_dossier_table",
]


def _map_nodes(truth: Truth, change: Callable[[Node], Node]) -> Truth:
    def visit(node: Node) -> Node:
        node = change(node)
        if isinstance(node, Heading):
            return replace(node, children=tuple(visit(c) for c in node.children))
        return node

    return replace(truth, body=tuple(visit(n) for n in truth.body))


def merged_leaders_table(truth: Truth) -> Truth:
    """The leaders' table with "Thông tin liên hệ" merged over phone and e-mail, row-merged cells beside."""

    def change(node: Node) -> Node:
        if isinstance(node, Table) and node.rows[0][1].text == "Họ tên":
            head = (
                Cell("STT", 1, 2),
                Cell("Họ tên", 1, 2),
                Cell("Chức vụ", 1, 2),
                Cell("Thông tin liên hệ", 2, 1),
                Cell("Ghi chú", 1, 2),
            )
            return Table((head, (Cell("Số điện thoại"), Cell("Email liên hệ")), *node.rows[1:]), header_rows=2)
        return node

    return _map_nodes(truth, change)


def with_dossier_table(truth: Truth) -> Truth:
    """Cù Lao Dung's dossier figures (printed in the "- Bộ phận Một cửa huyện tiếp nhận 1.145 …" item) also
    as a table: merged "Kết quả giải quyết" over three columns, a bold total row."""
    table = Table(
        (
            (
                Cell("STT", 1, 2),
                Cell("Cấp", 1, 2),
                Cell("Số hồ sơ tiếp nhận", 1, 2),
                Cell("Kết quả giải quyết", 3, 1),
            ),
            (Cell("Đã giải quyết"), Cell("Trễ hạn"), Cell("Đang giải quyết")),
            (Cell("1"), Cell("Cấp huyện"), Cell("1.145"), Cell("611"), Cell("05"), Cell("534")),
            (Cell("2"), Cell("Cấp xã"), Cell("6.530"), Cell("6.530"), Cell("0"), Cell("0")),
            (
                Cell("", bold=True),
                Cell("Tổng cộng", bold=True),
                Cell("7.675", bold=True),
                Cell("7.141", bold=True),
                Cell("05", bold=True),
                Cell("534", bold=True),
            ),
        ),
        header_rows=2,
    )

    def change(node: Node) -> Node:
        if isinstance(node, Heading) and node.text.startswith("Kết quả thực hiện cơ chế một cửa"):
            kids = list(node.children)
            at = next(i for i, k in enumerate(kids) if isinstance(k, Para) and "1.145" in k.text)
            return replace(node, children=(*kids[: at + 1], table, *kids[at + 1 :]))
        return node

    return _map_nodes(truth, change)


def commune_appendix(truth: Truth) -> Truth:
    """A small Phụ lục in another province's shape (rows 1., 1.1., "Trong đó", a "Số liệu" column), with the
    values a draft has: codes and plan numbers from the narrative, counts still blank."""
    number = truth.header.number.removeprefix("Số:").strip()
    appendix = Appendix(
        title_lines=("PHỤ LỤC", "SỐ LIỆU KẾT QUẢ THỰC HIỆN CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2025"),
        attachment=f"(Kèm theo Báo cáo số {number} ngày      tháng      năm 2025 của Ủy ban nhân dân xã Đưng K’Nớ)",
        header=(
            (
                Cell("STT", 1, 2, True),
                Cell("Chỉ tiêu", 1, 2, True),
                Cell("Đơn vị tính", 1, 2, True),
                Cell("Kết quả thực hiện", 2, 1, True),
            ),
            (Cell("Số liệu", bold=True), Cell("Ghi chú", bold=True)),
        ),
        rows=(
            R("1.", "Công tác chỉ đạo, điều hành", b=True),
            R("1.1.", "Ban hành Kế hoạch CCHC năm", "Có = 1; Không = 0", "1", "Kế hoạch số 11/KH-UBND ngày 21/01/2025"),
            R("1.2.", "Số văn bản chỉ đạo, điều hành CCHC đã ban hành", "Văn bản", ""),
            R("2.", "Cải cách thủ tục hành chính", b=True),
            R("2.1.", "Số TTHC thuộc thẩm quyền giải quyết của xã", "TTHC", ""),
            R("", "Trong đó:", "", ""),
            R("", "- Số TTHC đã công khai đầy đủ tại Bộ phận một cửa", "TTHC", ""),
            R("", "- Số TTHC cung cấp dịch vụ công trực tuyến", "TTHC", ""),
            R("2.2.", "Số hồ sơ tiếp nhận trong kỳ", "Hồ sơ", ""),
            R("", "Trong đó: giải quyết đúng hạn", "Hồ sơ", ""),
            R("3.", "Chuyển đổi số", b=True),
            R("3.1.", "Xử lý văn bản đi, đến trên môi trường mạng (trừ văn bản mật)", "%", "100"),
        ),
    )
    return replace(truth, appendix=appendix)


def draft(truth: Truth) -> Truth:
    """Before signing: number and day left blank (typed spaces), no signer's name."""
    header = truth.header
    symbol = header.number.split("/")[-1]
    place = header.place_date.split(",")[0]
    year = header.place_date.rsplit(" ", 1)[-1]
    return replace(
        truth,
        header=replace(header, number=f"Số:        /{symbol}", place_date=f"{place}, ngày      tháng      năm {year}"),
        signature=replace(truth.signature, name=""),
    )


def several_recipients(truth: Truth, *recipients: str) -> Truth:
    """Kính gửi several bodies, one per line; Nơi nhận then starts with "- Như trên;"."""
    kept = tuple(r for r in truth.signature.recipients if r != "Như trên;")
    return replace(truth, recipients=recipients, signature=replace(truth.signature, recipients=("Như trên;", *kept)))


def broken_subject(truth: Truth) -> Truth:
    """A long trích yếu broken by hand (Shift+Enter) near its middle."""
    text = " ".join(truth.subject)
    cut = text.rfind(" ", 0, len(text) // 2 + 10)
    return replace(truth, subject=(text[:cut], text[cut + 1 :]))


def autocorrected(text: str) -> str:
    """Word's AutoCorrect as typed: " - " becomes an en dash."""
    return text.replace(" - ", " – ")


def straight_quotes(text: str) -> str:
    """Typed in another editor and pasted: straight quotes and apostrophes."""
    return text.replace("“", '"').replace("”", '"').replace("’", "'")
