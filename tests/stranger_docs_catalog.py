"""Every stranger document by name (tests/stranger_docs_cases*.py) and the same documents typed other ways
(variants: other quirks, or fields changed with dataclasses.replace)."""

from __future__ import annotations

from dataclasses import replace

from tests.stranger_docs import C, H, P, Stranger, Tbl
from tests.stranger_docs_cases import BQL_KCN_SOC_TRANG, SO_TU_PHAP_LAM_DONG, UBND_PHUONG_TAN_DINH, UBND_TINH_QUANG_NINH
from tests.stranger_docs_cases2 import DAC_KHU_PHU_QUOC, SO_KHCN_CAN_THO, SO_NOI_VU_TAY_NINH, SO_Y_TE_GIA_LAI
from tests.stranger_docs_cases3 import SO_GD_DT_NGHE_AN, SO_TAI_CHINH_DONG_NAI, UBND_XA_EA_KAR
from tests.stranger_docs_cases4 import (
    SO_NN_MT_HA_TINH,
    SO_NN_MT_HA_TINH_DOTS,
    UBND_PHUONG_LONG_BIEN,
    UBND_PHUONG_LONG_BIEN_DOTS,
)
from tests.stranger_docs_cases5 import DAC_KHU_CON_DAO, SO_NN_MT_CAN_THO, SO_XAY_DUNG_LAO_CAI, UBND_XA_CU_LAO_DUNG

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
    "so-gd-dt-nghe-an-2025-q3": SO_GD_DT_NGHE_AN,
    "ubnd-phuong-long-bien-2025": UBND_PHUONG_LONG_BIEN,
    "so-nn-mt-ha-tinh-2026-6t": SO_NN_MT_HA_TINH,
    "ubnd-phuong-long-bien-2025-dots": UBND_PHUONG_LONG_BIEN_DOTS,
    "so-nn-mt-ha-tinh-2026-6t-dots": SO_NN_MT_HA_TINH_DOTS,
    "dac-khu-con-dao-2025": DAC_KHU_CON_DAO,
    "so-xay-dung-lao-cai-2026-q1": SO_XAY_DUNG_LAO_CAI,
    "so-nn-mt-can-tho-2025-9t": SO_NN_MT_CAN_THO,
    "ubnd-xa-cu-lao-dung-2026-q1": UBND_XA_CU_LAO_DUNG,
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
    ("so-gd-dt-nghe-an-2025-q3", {"word-bullets"}),
    ("so-gd-dt-nghe-an-2025-q3", {"header-3cols", "sdt"}),
    ("ubnd-xa-ea-kar-2026-q1", {"sdt"}),
    ("bql-kcn-soc-trang-2024-6t", {"appendix-plain"}),
    ("so-tai-chinh-dong-nai-2025-9t", {"spaced-title"}),
    ("ubnd-xa-ea-kar-2026-q1", {"title-in-header"}),
    ("so-gd-dt-nghe-an-2025-q3", {"split-heading-runs"}),
    ("ubnd-xa-ea-kar-2026-q1", {"recipients-inline-centered", "spaced-title"}),
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
# Periods and dates as some clerks write them.
STRANGERS["so-tu-phap-lam-dong-2025-q3-quy-3"] = replace(
    SO_TU_PHAP_LAM_DONG, subject="Kết quả thực hiện công tác cải cách hành chính Quý 3 năm 2025"
)
STRANGERS["bql-kcn-soc-trang-2024-6t-no-dau"] = replace(
    BQL_KCN_SOC_TRANG, subject="Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2024"
)
STRANGERS["dac-khu-phu-quoc-2025-9t-no-dau"] = replace(
    DAC_KHU_PHU_QUOC, subject="Kết quả thực hiện công tác cải cách hành chính 9 tháng năm 2025"
)
STRANGERS["so-gd-dt-nghe-an-2025-q3-capitals"] = replace(
    SO_GD_DT_NGHE_AN, subject="KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ III NĂM 2025"
)
STRANGERS["so-y-te-gia-lai-2025-slash-date"] = replace(SO_Y_TE_GIA_LAI, place_date="Gia Lai, ngày 08/12/2025")
# A trích yếu beginning "V/v", as in a công văn.
STRANGERS["so-tu-phap-lam-dong-2025-q3-v-v"] = replace(
    SO_TU_PHAP_LAM_DONG, subject="V/v báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2025"
)
# Third round: Word's numbering restarted by an override of the same list, or never restarted (the
# document then prints "4.", "5." under II); en dashes typed in Kính gửi, the items and Nơi nhận.
STRANGERS["so-nn-mt-can-tho-2025-9t+auto-decimal-override"] = replace(
    SO_NN_MT_CAN_THO, quirks=(SO_NN_MT_CAN_THO.quirks - {"auto-decimal"}) | {"auto-decimal-override"}
)
_II = SO_NN_MT_CAN_THO.body[1]
assert isinstance(_II, H)
STRANGERS["so-nn-mt-can-tho-2025-9t+auto-decimal-continued"] = replace(
    SO_NN_MT_CAN_THO,
    body=(
        SO_NN_MT_CAN_THO.body[0],
        replace(_II, children=tuple(replace(h, number=f"{4 + i}.") for i, h in enumerate(_II.children))),
    ),
    quirks=(SO_NN_MT_CAN_THO.quirks - {"auto-decimal"}) | {"auto-decimal-continued"},
)
STRANGERS["dac-khu-con-dao-2025+dash-tab+dist-en-dash+recipients-en-dash"] = replace(
    DAC_KHU_CON_DAO,
    recipients=("Sở Nội vụ Thành phố Hồ Chí Minh", "Thường trực Đảng ủy đặc khu Côn Đảo"),
    quirks=DAC_KHU_CON_DAO.quirks | {"dash-tab", "dist-en-dash", "recipients-en-dash"},
)
STRANGERS["dac-khu-con-dao-2025-place-dac-khu"] = replace(
    DAC_KHU_CON_DAO, place_date="Đặc khu Côn Đảo, ngày 05 tháng 01 năm 2026"
)
# The Sở's own list of late procedures as a first "PHỤ LỤC" after the signature, the statistics one after it.
STRANGERS["so-nn-mt-can-tho-2025-9t+other-phu-luc"] = replace(
    SO_NN_MT_CAN_THO, quirks=SO_NN_MT_CAN_THO.quirks | {"other-phu-luc"}
)
# Non-breaking spaces inside the trích yếu ("quý I", "năm 2026"); the data window noted in italics under it.
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1+nbsp-subject"] = replace(
    UBND_XA_CU_LAO_DUNG, quirks=UBND_XA_CU_LAO_DUNG.quirks | {"nbsp-subject"}
)
STRANGERS["dac-khu-con-dao-2025+nbsp-subject+window-note"] = replace(
    DAC_KHU_CON_DAO,
    opening=("(Số liệu tính từ ngày 15/12/2024 đến ngày 14/12/2025)", *DAC_KHU_CON_DAO.opening),
    quirks=DAC_KHU_CON_DAO.quirks | {"nbsp-subject", "window-note"},
)
# A window of the province's own, not Nghị định 09/2019's (the report file's data_window).
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1+window-note"] = replace(
    UBND_XA_CU_LAO_DUNG,
    opening=("(Số liệu tính từ ngày 16/12/2025 đến ngày 10/3/2026)", *UBND_XA_CU_LAO_DUNG.opening),
    quirks=UBND_XA_CU_LAO_DUNG.quirks | {"window-note"},
)
# A published copy ("(Đã ký)" above the name); the Quốc hiệu with the old accent ("HOÀ") and the Tiêu ngữ
# with en dashes; paragraphs indented with non-breaking spaces.
STRANGERS["so-xay-dung-lao-cai-2026-q1+signed-mark"] = replace(
    SO_XAY_DUNG_LAO_CAI, quirks=SO_XAY_DUNG_LAO_CAI.quirks | {"signed-mark"}
)
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1-hoa-en-dash"] = replace(
    UBND_XA_CU_LAO_DUNG, nation="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", motto="Độc lập – Tự do – Hạnh phúc"
)
STRANGERS["so-nn-mt-can-tho-2025-9t+nbsp-indent"] = replace(
    SO_NN_MT_CAN_THO, quirks=SO_NN_MT_CAN_THO.quirks | {"nbsp-indent"}
)
# The Phụ lục's STT column from Word's numbering (nothing typed in it).
STRANGERS["so-nn-mt-can-tho-2025-9t+appendix-auto-stt"] = replace(
    SO_NN_MT_CAN_THO, quirks=SO_NN_MT_CAN_THO.quirks | {"appendix-auto-stt"}
)
# Word's default bullets on two levels: "" (Symbol) for "-", "o" (Courier New) for "+".
_I = UBND_XA_CU_LAO_DUNG.body[0]
assert isinstance(_I, H)
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1-two-levels"] = replace(
    UBND_XA_CU_LAO_DUNG,
    body=(
        replace(
            _I,
            children=(
                *_I.children[:3],
                P("Trong đó:", marker="-"),
                P("Trực tuyến toàn trình: 702 hồ sơ;", marker="+"),
                P("Trực tuyến một phần: 215 hồ sơ.", marker="+"),
                *_I.children[3:],
            ),
        ),
        *UBND_XA_CU_LAO_DUNG.body[1:],
    ),
)
# The Phụ lục's title typed in a first, merged row of its table.
STRANGERS["so-nn-mt-can-tho-2025-9t+appendix-title-row"] = replace(
    SO_NN_MT_CAN_THO, quirks=SO_NN_MT_CAN_THO.quirks | {"appendix-title-row"}
)
# Non-breaking hyphens (U+2011) in "Số: 02/BC‑UBND" and in the plans' symbols ("18/KH‑UBND").
STRANGERS["dac-khu-con-dao-2025+nb-hyphen"] = replace(DAC_KHU_CON_DAO, quirks=DAC_KHU_CON_DAO.quirks | {"nb-hyphen"})
# "(Kèm theo Phụ lục số liệu thống kê)" in italics after the closing sentence: read as the closing's
# second line (printed where it stands).
STRANGERS["so-nn-mt-can-tho-2025-9t+closing-note"] = replace(
    SO_NN_MT_CAN_THO,
    closing=f"{SO_NN_MT_CAN_THO.closing}\n(Kèm theo Phụ lục số liệu thống kê)",
    quirks=SO_NN_MT_CAN_THO.quirks | {"closing-note"},
)
# Kính gửi and Nơi nhận items from Word's default bullets ("" in the Symbol font), nothing typed before them.
STRANGERS["so-xay-dung-lao-cai-2026-q1+dist-symbol-bullets+recipients-bullets"] = replace(
    SO_XAY_DUNG_LAO_CAI,
    recipients=("Sở Nội vụ tỉnh Lào Cai", "Văn phòng Ủy ban nhân dân tỉnh Lào Cai"),
    quirks=SO_XAY_DUNG_LAO_CAI.quirks | {"dist-symbol-bullets", "recipients-bullets"},
)
# A sentence typed wholly in bold inside a section (emphasis, not a heading).
_CD_I = DAC_KHU_CON_DAO.body[0]
assert isinstance(_CD_I, H)
_CD_I2 = _CD_I.children[2]
assert isinstance(_CD_I2, H)
_BOLD = "Kết quả giải quyết hồ sơ cụ thể như sau:"
STRANGERS["dac-khu-con-dao-2025-bold-sentence"] = replace(
    DAC_KHU_CON_DAO,
    body=(
        replace(
            _CD_I,
            children=(*_CD_I.children[:2], replace(_CD_I2, children=(P(_BOLD, lead=_BOLD), *_CD_I2.children))),
        ),
        *DAC_KHU_CON_DAO.body[1:],
    ),
)
# The header a table of one row per line (the motto's border and underline kept).
for _name in ("so-xay-dung-lao-cai-2026-q1", "dac-khu-con-dao-2025", "ubnd-xa-cu-lao-dung-2026-q1"):
    _s = STRANGERS[_name]
    STRANGERS[f"{_name}+header-rows"] = replace(_s, quirks=_s.quirks | {"header-rows"})
# Items typed with no space after the dash ("–Tổ chức …", "•Tỷ lệ …").
STRANGERS["dac-khu-con-dao-2025+dash-nospace"] = replace(
    DAC_KHU_CON_DAO, quirks=DAC_KHU_CON_DAO.quirks | {"dash-nospace"}
)
STRANGERS["so-nn-mt-can-tho-2025-9t+dash-nospace"] = replace(
    SO_NN_MT_CAN_THO, quirks=SO_NN_MT_CAN_THO.quirks | {"dash-nospace"}
)
# Heading numbers typed with no space after them ("I.KẾT QUẢ …", "1.Công tác …").
for _name in ("dac-khu-con-dao-2025", "so-xay-dung-lao-cai-2026-q1"):
    _s = STRANGERS[_name]
    STRANGERS[f"{_name}+heading-nospace"] = replace(_s, quirks=_s.quirks | {"heading-nospace"})
# The Phụ lục's table typed as two tables (a page break between them, the header row typed again).
STRANGERS["so-nn-mt-can-tho-2025-9t+appendix-split"] = replace(
    SO_NN_MT_CAN_THO,
    appendix={**(SO_NN_MT_CAN_THO.appendix or {}), "VII.2": "03", "VII.3.tong": "1.254"},
    quirks=SO_NN_MT_CAN_THO.quirks | {"appendix-split"},
)
# The period shortened with a slash in the trích yếu.
STRANGERS["so-nn-mt-can-tho-2025-9t-slash"] = replace(
    SO_NN_MT_CAN_THO, subject="Kết quả thực hiện công tác cải cách hành chính 9 tháng/2025"
)
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1-slash"] = replace(
    UBND_XA_CU_LAO_DUNG, subject="Kết quả thực hiện công tác cải cách hành chính quý I/2026"
)
# The date line typed without its comma; the commune's name abbreviated on one bold line.
STRANGERS["dac-khu-con-dao-2025-no-comma"] = replace(DAC_KHU_CON_DAO, place_date="Côn Đảo ngày 05 tháng 01 năm 2026")
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1-ubnd-one-line"] = replace(UBND_XA_CU_LAO_DUNG, issuer=("UBND XÃ CÙ LAO DUNG",))
# Paragraphs opening with a figure: "1.146 hồ sơ …" (a thousands dot, not a heading "1.146"), "12. …"-free.
_CL_I = UBND_XA_CU_LAO_DUNG.body[0]
assert isinstance(_CL_I, H)
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1-figure-first"] = replace(
    UBND_XA_CU_LAO_DUNG,
    body=(
        replace(
            _CL_I,
            children=(
                *_CL_I.children,
                P("1.146 hồ sơ được tiếp nhận trong quý, tăng 12% so với cùng kỳ năm trước."),
                P("2.870 lượt người dân được hướng dẫn sử dụng tài khoản định danh điện tử."),
                P("100% cán bộ, công chức xã được cấp chứng thư số."),
            ),
        ),
        *UBND_XA_CU_LAO_DUNG.body[1:],
    ),
)
# Phụ lục values typed with a non-breaking space before "%" and in a qualifier.
STRANGERS["so-nn-mt-can-tho-2025-9t-nbsp-values"] = replace(
    SO_NN_MT_CAN_THO,
    appendix={
        **(SO_NN_MT_CAN_THO.appendix or {}),
        "III.7.dung_han": "95,24\u00a0%",
        "I.7.so_phieu": "21\u00a0(lượt\u00a0người)",
    },
)
# A footnote naming a plan whose symbol holds a non-breaking hyphen (Ctrl+Shift+-: a w:noBreakHyphen).
_CD_I1 = _CD_I.children[1]
assert isinstance(_CD_I1, H)
_NOTE = (
    "Kế hoạch số 18/KH-UBND ngày 15/7/2025 của Ủy ban nhân dân đặc khu Côn Đảo về cải cách hành chính 6 tháng "
    "cuối năm 2025; Quyết định số 25/QĐ-UBND ngày 20/7/2025 kiện toàn Tổ công tác cải cách hành chính."
)
STRANGERS["dac-khu-con-dao-2025+note-nb-hyphen"] = replace(
    DAC_KHU_CON_DAO,
    body=(
        replace(
            _CD_I,
            children=(
                _CD_I.children[0],
                replace(
                    _CD_I1,
                    children=(
                        P(
                            "Ủy ban nhân dân đặc khu ban hành 02 văn bản chỉ đạo công tác cải cách hành chính{n}.",
                            notes=(_NOTE,),
                        ),
                        *_CD_I1.children,
                    ),
                ),
                *_CD_I.children[2:],
            ),
        ),
        *DAC_KHU_CON_DAO.body[1:],
    ),
    quirks=DAC_KHU_CON_DAO.quirks | {"note-nb-hyphen"},
)
# A narrative table with its caption centred in bold italics and its unit right-aligned in italics above it.
_CD_I2 = _CD_I.children[2]
assert isinstance(_CD_I2, H)
STRANGERS["dac-khu-con-dao-2025+caption"] = replace(
    DAC_KHU_CON_DAO,
    body=(
        replace(
            _CD_I,
            children=(
                *_CD_I.children[:2],
                replace(
                    _CD_I2,
                    children=(
                        *_CD_I2.children,
                        P("Bảng 1. Kết quả giải quyết hồ sơ theo lĩnh vực"),
                        P("(Đơn vị tính: hồ sơ)"),
                        Tbl(
                            (
                                (C("Lĩnh vực"), C("Tiếp nhận"), C("Đúng hạn"), C("Trễ hạn")),
                                (C("Đất đai"), C("1.912"), C("1.899"), C("13")),
                                (C("Hộ tịch"), C("2.406"), C("2.402"), C("4")),
                            )
                        ),
                    ),
                ),
            ),
        ),
        *DAC_KHU_CON_DAO.body[1:],
    ),
    quirks=DAC_KHU_CON_DAO.quirks | {"caption"},
)
# The signer's prefix typed with no space after its dot ("KT.GIÁM ĐỐC", "TM.ỦY BAN NHÂN DÂN").
for _name in ("so-xay-dung-lao-cai-2026-q1", "ubnd-xa-cu-lao-dung-2026-q1"):
    _s = STRANGERS[_name]
    STRANGERS[f"{_name}+prefix-nospace"] = replace(_s, quirks=_s.quirks | {"prefix-nospace"})
# The signer's name typed in capitals.
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1-name-caps"] = replace(UBND_XA_CU_LAO_DUNG, signer="NGUYỄN THỊ BÉ BA")
# The signer's prefix typed without its dot ("KT GIÁM ĐỐC", "TM ỦY BAN NHÂN DÂN").
for _name in ("so-nn-mt-can-tho-2025-9t", "ubnd-xa-cu-lao-dung-2026-q1"):
    _s = STRANGERS[_name]
    STRANGERS[f"{_name}+prefix-nodot"] = replace(_s, quirks=_s.quirks | {"prefix-nodot"})
# Nơi nhận typed under the signature table (its left cell left empty).
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1+dist-below"] = replace(
    UBND_XA_CU_LAO_DUNG, quirks=UBND_XA_CU_LAO_DUNG.quirks | {"dist-below"}
)
STRANGERS["so-nn-mt-can-tho-2025-9t+dist-below"] = replace(
    SO_NN_MT_CAN_THO, quirks=SO_NN_MT_CAN_THO.quirks | {"dist-below"}
)
# A yearly report in two parts, "PHẦN THỨ NHẤT." / "PHẦN THỨ HAI." before their titles.
STRANGERS["dac-khu-con-dao-2025-phan-thu"] = replace(
    DAC_KHU_CON_DAO,
    body=(
        H("PHẦN THỨ NHẤT.", "KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2025", (DAC_KHU_CON_DAO.body[0],)),
        H("PHẦN THỨ HAI.", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026", (replace(DAC_KHU_CON_DAO.body[1], number="I."),)),
    ),
)
# "PHẦN THỨ NHẤT" centred on a line of its own, its title centred under it.
_PT = STRANGERS["dac-khu-con-dao-2025-phan-thu"]
STRANGERS["dac-khu-con-dao-2025-phan-thu+part-own-line"] = replace(
    _PT,
    body=tuple(replace(h, number=h.number.rstrip(".")) if isinstance(h, H) else h for h in _PT.body),
    quirks=_PT.quirks | {"part-own-line"},
)
# "Kính gởi:", as the South spells it.
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1+kinh-goi"] = replace(
    UBND_XA_CU_LAO_DUNG, quirks=UBND_XA_CU_LAO_DUNG.quirks | {"kinh-goi"}
)
STRANGERS["so-nn-mt-can-tho-2025-9t+kinh-goi"] = replace(
    SO_NN_MT_CAN_THO,
    recipients=("Sở Nội vụ thành phố Cần Thơ", "Văn phòng Ủy ban nhân dân thành phố Cần Thơ"),
    quirks=SO_NN_MT_CAN_THO.quirks | {"kinh-goi"},
)
# "UỶ BAN NHÂN DÂN": the old placement of the tone mark.
STRANGERS["ubnd-xa-cu-lao-dung-2026-q1-uy-old-accent"] = replace(
    UBND_XA_CU_LAO_DUNG,
    issuer=("UỶ BAN NHÂN DÂN", "XÃ CÙ LAO DUNG"),
    signature=("TM. UỶ BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
)
# The narrative table on a landscape page of its own (section breaks before and after it).
_CAP = STRANGERS["dac-khu-con-dao-2025+caption"]
STRANGERS["dac-khu-con-dao-2025+caption+landscape-table"] = replace(_CAP, quirks=_CAP.quirks | {"landscape-table"})
# Signed "TL. GIÁM ĐỐC" over "KT. CHÁNH VĂN PHÒNG" over "PHÓ CHÁNH VĂN PHÒNG" (a deputy of the office, by order).
STRANGERS["so-xay-dung-lao-cai-2026-q1-tl-kt"] = replace(
    SO_XAY_DUNG_LAO_CAI, signature=("TL. GIÁM ĐỐC", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")
)
