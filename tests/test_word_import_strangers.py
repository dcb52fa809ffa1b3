"""`import` red-teamed with BÁO CÁO of agencies it has never seen (tests/stranger_docs*.py): every
field of the imported report file compared with what the document says; `check` finds no error in
it and `build` makes its documents. An xfail names what the importer reads wrong today."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cchc_docgen.report.analysis import analyze
from cchc_docgen.report.model import BulletList, Cell, Paragraph, Report, Section, Table
from cchc_docgen.report.refs import footnotes_of, plain_text
from tests.conftest import run_cli
from tests.stranger_docs import H, P, Stranger, Tbl, build_stranger
from tests.stranger_docs_cases import BQL_KCN_SOC_TRANG, SO_TU_PHAP_LAM_DONG, UBND_PHUONG_TAN_DINH, UBND_TINH_QUANG_NINH
from tests.stranger_docs_cases2 import DAC_KHU_PHU_QUOC, SO_KHCN_CAN_THO, SO_NOI_VU_TAY_NINH, SO_Y_TE_GIA_LAI
from tests.stranger_docs_cases3 import SO_TAI_CHINH_DONG_NAI, UBND_XA_EA_KAR

STRANGERS: dict[str, Stranger] = {
    "so-tu-phap-lam-dong-2025-q3": SO_TU_PHAP_LAM_DONG,
    "ubnd-phuong-tan-dinh-2026-6t-draft": UBND_PHUONG_TAN_DINH,
    "bql-kcn-soc-trang-2024-6t": BQL_KCN_SOC_TRANG,
    "ubnd-tinh-quang-ninh-2025": UBND_TINH_QUANG_NINH,
    "dac-khu-phu-quoc-2025-9t": DAC_KHU_PHU_QUOC,
    "so-khcn-can-tho-2026-q1": SO_KHCN_CAN_THO,
    "so-y-te-gia-lai-2025": SO_Y_TE_GIA_LAI,
    "so-noi-vu-tay-ninh-2026-q2-draft": SO_NOI_VU_TAY_NINH,
    "ubnd-xa-ea-kar-2026-q1": UBND_XA_EA_KAR,
    "so-tai-chinh-dong-nai-2025-9t": SO_TAI_CHINH_DONG_NAI,
}
# The same documents typed another way.
for _name, _quirks in (
    ("so-khcn-can-tho-2026-q1", {"nfd"}),
    ("so-tu-phap-lam-dong-2025-q3", {"header-breaks"}),
    ("ubnd-phuong-tan-dinh-2026-6t-draft", {"header-2rows"}),
    ("dac-khu-phu-quoc-2025-9t", {"field-link", "header-2rows"}),
    ("bql-kcn-soc-trang-2024-6t", {"header-breaks", "signature-tabs"}),
    ("so-y-te-gia-lai-2025", {"heading-break", "signature-2rows"}),
    ("ubnd-xa-ea-kar-2026-q1", {"recipients-table"}),
    ("bql-kcn-soc-trang-2024-6t", {"appendix-plain"}),
):
    _s = STRANGERS[_name]
    STRANGERS[f"{_name}+{'+'.join(sorted(_quirks))}"] = replace(_s, quirks=_s.quirks | _quirks)
STRANGERS["so-y-te-gia-lai-2025+heading-enter"] = replace(SO_Y_TE_GIA_LAI, quirks=frozenset({"heading-enter"}))
# No opening sentence: the narrative right after Kính gửi; no Kính gửi at all; căn cứ and no opening.
STRANGERS["ubnd-xa-ea-kar-2026-q1-no-opening"] = replace(UBND_XA_EA_KAR, opening=())
STRANGERS["so-y-te-gia-lai-2025-no-kinh-gui"] = replace(
    SO_Y_TE_GIA_LAI, recipients=(), distribution=("Sở Nội vụ tỉnh Gia Lai", "Lưu: VT, TCCB")
)
STRANGERS["so-tu-phap-lam-dong-2025-q3-can-cu"] = replace(
    SO_TU_PHAP_LAM_DONG,
    bases=(
        "Căn cứ Quyết định số 1254/QĐ-UBND ngày 01/7/2025 của Ủy ban nhân dân tỉnh Lâm Đồng ban hành Kế hoạch cải "
        "cách hành chính nhà nước tỉnh Lâm Đồng năm 2025",
        "Căn cứ Công văn số 1820/SNV-CCHC ngày 25/8/2025 của Sở Nội vụ về việc báo cáo công tác cải cách hành chính "
        "định kỳ",
    ),
    opening=(),
)
# The Phụ lục typed less tidily: "%" after rates, thousands with ".", a coded row answered "Có".
STRANGERS["bql-kcn-soc-trang-2024-6t-values-as-typed"] = replace(
    BQL_KCN_SOC_TRANG,
    appendix={
        **(BQL_KCN_SOC_TRANG.appendix or {}),
        "I.7.hai_long": "100%",
        "III.7.dung_han": "95,24%",
        "III.7.tiep_nhan": "1.145",
        "III.7.tra_ket_qua": "1.120",
        "I.3.hoi_nghi": "Có",
    },
)
STRANGERS["bql-kcn-soc-trang-2024-6t+issuer-2lines"] = replace(
    BQL_KCN_SOC_TRANG, quirks=BQL_KCN_SOC_TRANG.quirks | {"issuer-2lines"}
)
STRANGERS["so-khcn-can-tho-2026-q1+parent-2lines"] = replace(
    SO_KHCN_CAN_THO, parent="ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ", quirks=SO_KHCN_CAN_THO.quirks | {"parent-2lines"}
)
STRANGERS["dac-khu-phu-quoc-2025-9t-tuq"] = replace(DAC_KHU_PHU_QUOC, signature=("TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"))
STRANGERS["so-tai-chinh-dong-nai-2025-9t+title-break"] = replace(
    SO_TAI_CHINH_DONG_NAI, quirks=SO_TAI_CHINH_DONG_NAI.quirks | {"title-break"}
)
STRANGERS["ubnd-phuong-tan-dinh-2026-6t-draft-tp-hcm"] = replace(
    UBND_PHUONG_TAN_DINH,
    place_date="TP. Hồ Chí Minh, ngày        tháng 6 năm 2026",
    closing="Trên đây là báo cáo kết quả công tác cải cách hành chính 6 tháng đầu năm 2026 của Ủy ban nhân dân "
    "phường./.",
)
# A draft whose blanks are typed as dots.
STRANGERS["so-noi-vu-tay-ninh-2026-q2-draft+dots"] = replace(
    SO_NOI_VU_TAY_NINH, number="Số: ……/BC-SNV", place_date="Tây Ninh, ngày …… tháng 6 năm 2026"
)

#: What the importer reads wrong today, by document (the marker goes when the importer is fixed).
KNOWN_WRONG: dict[str, str] = {
    "ubnd-tinh-quang-ninh-2025": (
        'top parts "A. KẾT QUẢ …" / "B. PHƯƠNG HƯỚNG …" (bold, capitals) are no headings: "A. …" is appended to '
        'the opening, "I." and "II." become the level-1 sections, "B. …" an unnumbered sub-section of II.'
    ),
    "so-noi-vu-tay-ninh-2026-q2-draft": (
        'top parts "Phần I. KẾT QUẢ …" / "Phần II. …" are no headings: "Phần I. …" is appended to the opening, '
        '"Phần II. …" becomes an unnumbered sub-section of "I." (title "Phần II. PHƯƠNG HƯỚNG …")'
    ),
    "ubnd-phuong-tan-dinh-2026-6t-draft": (
        'a closing that does not start with "Trên đây" ("Ủy ban nhân dân phường Tân Định báo cáo Sở Nội vụ '
        'Thành phố xem xét, tổng hợp./.") stays the last paragraph of section 3; closing is empty'
    ),
    "ubnd-phuong-tan-dinh-2026-6t-draft+header-2rows": 'the same closing without "Trên đây", kept in section 3',
    "so-noi-vu-tay-ninh-2026-q2-draft+dots": (
        '"Số: ……/BC-SNV" (blanks typed as dots) is not read as the number line (heading_zone._NUMBER takes '
        'digits only): warning "dòng ở phần đầu văn bản, không rõ là gì", symbol "BC" instead of "BC-SNV"; '
        'and "Phần I." as above'
    ),
    "so-tai-chinh-dong-nai-2025-9t": (
        'the last narrative paragraph "b) Đề nghị Sở Khoa học và Công nghệ … dùng chung." (regular, a sentence '
        'ending in ".") becomes an empty heading number "b)" (section III gets letters: true) while '
        '"a) Đề nghị …;" just before it stays a paragraph'
    ),
    "so-tai-chinh-dong-nai-2025-9t+title-break": 'the same final "b) …" proposal read as an empty heading',
    "ubnd-xa-ea-kar-2026-q1+recipients-table": (
        '"Kính gửi:" in the left cell of a borderless table, its "- …;" lines in the right cell: recipients '
        'empty, the table appended to the opening as "Kính gửi:; - Sở Nội vụ tỉnh Đắk Lắk; - …"'
    ),
    "so-y-te-gia-lai-2025+heading-enter": (
        'a level-1 heading wrapped by Enter ("I. KẾT QUẢ THỰC HIỆN" / "CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", both bold '
        'capitals, the second without a number) is cut: title "KẾT QUẢ THỰC HIỆN", and "**CÁC NHIỆM VỤ CẢI CÁCH '
        'HÀNH CHÍNH**" becomes the first paragraph of section I'
    ),
    "so-khcn-can-tho-2026-q1+nfd": (
        'a document in decomposed Unicode (NFD) is refused: "không thấy dòng tiêu đề «BÁO CÁO» (in đậm, căn giữa)"'
        " — the text is not NFC-normalized before matching"
    ),
}


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _expected_tokens(nodes: tuple[object, ...]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    counter = 0
    for node in nodes:
        if isinstance(node, H):
            out.append(("H", node.number, _norm(node.title)))
            out += _expected_tokens(node.children)
        elif isinstance(node, P):
            if node.marker == "1)":
                counter += 1
                out.append(("P", "", f"{counter}) {_norm(node.plain)}"))
                continue
            out.append(("P", node.marker, _norm(node.plain)))
        elif isinstance(node, Tbl):
            cells = (f"{c.text}|{c.colspan}x{c.rowspan}" for row in node.rows for c in row)
            bold = tuple(r - node.header_rows for r in node.bold_rows)
            out.append(("T", f"header rows: {node.header_rows}", f"bold rows: {bold}", *cells))
        counter = 0 if not (isinstance(node, P) and node.marker == "1)") else counter
    return out


def _imported_tokens(blocks: tuple[object, ...]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []

    def text(raw: str) -> str:
        return _norm(plain_text(raw))

    for block in blocks:
        if isinstance(block, Section):
            out.append(("H", block.number, text(block.title.raw)))
            out += _imported_tokens(block.content)
        elif isinstance(block, Paragraph):
            out.append(("P", "", text(block.text.raw)))
        elif isinstance(block, BulletList):
            for i, item in enumerate(block.items):
                label = block.label(i)
                if label in ("-", "+"):
                    out.append(("P", label, text(item.raw)))
                else:
                    out.append(("P", "", f"{label} {text(item.raw)}"))
        elif isinstance(block, Table):
            rows = (*block.header, *block.rows, *((block.total,) if block.total else ()))
            cells = (f"{_norm(c.text)}|{c.colspan}x{c.rowspan}" for c in _origins(rows))
            bold = (*block.bold_rows, *((len(block.rows),) if block.total else ()))
            out.append(("T", f"header rows: {len(block.header)}", f"bold rows: {bold}", *cells))
    return out


def _origins(rows: tuple[tuple[Cell, ...], ...]) -> list[Cell]:
    """The cells a merge starts from, row by row: a full-width row's "" under a rowspan is left out
    (the report file may write a row either way)."""
    columns = max((sum(c.colspan for c in row) for row in rows), default=0)
    covered: dict[int, int] = {}  # column → the last row a rowspan from above covers
    out: list[Cell] = []
    for index, row in enumerate(rows):
        full = sum(c.colspan for c in row) >= columns
        column = 0
        for cell in row:
            while not full and covered.get(column, -1) >= index:
                column += 1
            if not (full and covered.get(column, -1) >= index and not cell.text):
                out.append(cell)
                for c in range(column, column + cell.colspan):
                    covered[c] = index + cell.rowspan - 1
            column += cell.colspan
    return out


def _footnotes(blocks: tuple[object, ...]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Section):
            yield from _footnotes(block.content)
        elif isinstance(block, Paragraph):
            yield from (_norm(n) for n in footnotes_of(block.text.raw)[1])
        elif isinstance(block, BulletList):
            for item in block.items:
                yield from (_norm(n) for n in footnotes_of(item.raw)[1])


def _expected_notes(nodes: tuple[object, ...]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, H):
            yield from _expected_notes(node.children)
        elif isinstance(node, P):
            yield from (_norm(n) for n in node.notes)


def _date(place_date: str) -> tuple[int | None, ...]:
    words = place_date.split("ngày", 1)[1].replace("tháng", " ").replace("năm", " ").split()
    numbers = [int(w) for w in words if w.isdigit()]
    return (numbers[-1], numbers[-2], numbers[0] if len(numbers) == 3 else None)


def _entry(typed: str) -> tuple[object, ...]:
    """What a typed Phụ lục value reads as: (value, qualifier, zero_padded)."""
    if typed in ("Có", "Không"):  # a coded row answered in words: its code
        return (1 if typed == "Có" else 0, None, False)
    match = re.fullmatch(r"([\d.,]+)\s*%?\s*(\(.*\))?", typed)
    assert match, typed
    number = match.group(1).replace(".", "").replace(",", ".")
    value: float | int = float(number) if "." in number else int(number)
    return (value, match.group(2), len(match.group(1)) > 1 and match.group(1).startswith("0"))


def mismatches(model: Report, s: Stranger) -> list[str]:
    """Each field the import read differently from the document, as "field: got … expected …"."""
    found: list[str] = []

    def same(name: str, got: object, expected: object) -> None:
        if got != expected:
            found.append(f"{name}: got {got!r}, expected {expected!r}")

    document = model.document
    kind = f"Q{model.period.quarter}" if model.period.quarter else model.period.kind.value
    same("period", f"{model.period.year}-{kind}", s.period)
    same("agency.parent", model.agency.parent, s.parent)
    # A long name wrapped on two lines is one name; "ỦY BAN NHÂN DÂN" above "XÃ …" stays two lines.
    if s.issuer[0].upper().replace("Ỷ", "Ỳ").startswith(("ỦY BAN", "UỶ BAN")) or len(s.issuer) > 1:
        same("agency.heading_lines", tuple(model.agency.heading_lines), s.issuer)
    else:
        same("agency.heading_lines (joined)", _norm(" ".join(model.agency.heading_lines)), s.issuer[0])
    same("agency.place", model.agency.place, s.place)
    same("document.symbol", document.symbol, s.number.split("/")[-1])
    typed_number = s.number.split(":", 1)[1].split("/")[0].strip()  # "" or "……" in a draft
    same("document.number", document.number, int(typed_number) if typed_number.isdigit() else None)
    same("document.draft", document.draft, not typed_number.isdigit())
    date = document.date
    got_date = (date.year, date.month, date.day) if date else None
    same("document.date", got_date, _date(s.place_date))
    same("document.subject", _norm(document.subject or ""), _norm(s.subject))
    same("document.recipients", [_norm(r).rstrip(";.") for r in document.recipients], list(s.recipients))
    same("document.bases", [_norm(b).rstrip(";.") for b in document.bases], list(s.bases))
    opening = document.opening.raw if document.opening else ""
    same("document.opening", _norm(plain_text(opening)), _norm(" ".join(s.opening)))
    got_tokens, want_tokens = _imported_tokens(model.narrative), _expected_tokens(s.body)
    if got_tokens != want_tokens:
        for i, (got, want) in enumerate(zip(got_tokens, want_tokens, strict=False)):
            if got != want:
                found.append(f"narrative[{i}]: got {got!r}, expected {want!r}")
                break
        if len(got_tokens) != len(want_tokens):
            found.append(f"narrative: got {len(got_tokens)} blocks, expected {len(want_tokens)}")
    same("footnotes", list(_footnotes(model.narrative)), list(_expected_notes(s.body)))
    closing = model.closing.raw if model.closing else ""
    same("closing", _norm(plain_text(closing)), _norm(s.closing))
    same("signature.lines", tuple(model.signature.lines), s.signature)
    same("signature.name", model.signature.name or "", s.signer)
    same("signature.distribution", [d.rstrip(";.").strip() for d in model.signature.distribution], list(s.distribution))
    if s.appendix is None:
        same("appendix", model.appendix, None)
    elif model.appendix is None:
        found.append("appendix: got None, expected the Phụ lục's values")
    else:
        same("appendix.form_id", model.appendix.form_id, s.form)
        for row_id, typed in s.appendix.items():
            entry = model.appendix.values.get(row_id)
            read = (entry.value, entry.qualifier, entry.zero_padded) if entry else None
            same(f"appendix[{row_id}]", read, _entry(typed))
        extra = sorted(k for k, e in model.appendix.values.items() if k not in s.appendix and e.value is not None)
        same("appendix: values the Phụ lục does not hold", extra, [])
    return found


def _params() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name]))
        if name in KNOWN_WRONG
        else name
        for name in sorted(STRANGERS)
    ]


def _imported(name: str, tmp_path: Path) -> Path:
    source = build_stranger(STRANGERS[name], tmp_path / f"{name}.docx")
    report = tmp_path / f"{name}.yaml"
    result = run_cli("import", source, report)
    assert result.exit_code == 0, result.output
    return report


@pytest.mark.parametrize("name", _params())
def test_a_stranger_reads_as_it_says(name: str, tmp_path: Path) -> None:
    report = _imported(name, tmp_path)
    checked = analyze(report, ())
    assert [str(d) for d in checked.diagnostics if d.is_error] == []
    assert checked.report is not None
    assert mismatches(checked.report, STRANGERS[name]) == []


#: Documents whose imported file `check` or `build` refuses today.
KNOWN_UNBUILT: dict[str, str] = {"so-khcn-can-tho-2026-q1+nfd": KNOWN_WRONG["so-khcn-can-tho-2026-q1+nfd"]}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_UNBUILT[n])) if n in KNOWN_UNBUILT else n
        for n in sorted(STRANGERS)
    ],
)
def test_a_stranger_checks_and_builds(name: str, tmp_path: Path) -> None:
    report = _imported(name, tmp_path)
    checked = run_cli("check", report)
    assert checked.exit_code == 0, checked.output
    built = run_cli("build", report, "--output", tmp_path / "out", "--jobs", "1")
    assert built.exit_code == 0, built.output
    assert sorted(p.suffix for p in (tmp_path / "out").rglob("*.docx"))
