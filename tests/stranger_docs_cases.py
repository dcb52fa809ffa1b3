"""Four strangers: a Sở Tư pháp (Heading styles, footnotes), a ward's draft (capital headings not bold,
narrative from "1."), a Ban Quản lý các KCN with a Phụ lục, a UBND tỉnh (căn cứ, "A." parts)."""

from __future__ import annotations

from tests.stranger_docs import C, H, P, Stranger, Tbl

SO_TU_PHAP_LAM_DONG = Stranger(
    period="2025-Q3",
    parent="UBND TỈNH LÂM ĐỒNG",
    issuer=("SỞ TƯ PHÁP",),
    number="Số: 215/BC-STP",
    place_date="Lâm Đồng, ngày 12 tháng 9 năm 2025",
    subject="Kết quả thực hiện công tác cải cách hành chính quý III năm 2025",
    recipients=("Sở Nội vụ tỉnh Lâm Đồng",),
    bases=(),
    opening=(
        "Thực hiện Công văn số 1820/SNV-CCHC ngày 25/8/2025 của Sở Nội vụ về việc báo cáo công tác cải cách "
        "hành chính định kỳ, Sở Tư pháp báo cáo kết quả thực hiện quý III năm 2025 như sau:",
    ),
    body=(
        H(
            "I.",
            "KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
            (
                H(
                    "1.",
                    "Công tác chỉ đạo, điều hành",
                    (
                        P(
                            "Ngay sau khi tỉnh Lâm Đồng mới đi vào hoạt động, Sở đã ban hành Kế hoạch cải cách hành "
                            "chính năm 2025{n}, Kế hoạch tuyên truyền cải cách hành chính{n} và Kế hoạch kiểm tra "
                            "công tác cải cách hành chính{n}; đến nay đã hoàn thành 18/22 nhiệm vụ, đạt 81,82% kế "
                            "hoạch.",
                            notes=(
                                "Kế hoạch số 95/KH-STP ngày 15/7/2025 của Sở Tư pháp.",
                                "Kế hoạch số 102/KH-STP ngày 22/7/2025 của Sở Tư pháp.",
                                "Kế hoạch số 118/KH-STP ngày 05/8/2025 của Sở Tư pháp.",
                            ),
                        ),
                    ),
                ),
                H(
                    "2.",
                    "Cải cách thể chế",
                    (
                        H(
                            "2.1.",
                            "Xây dựng và thẩm định văn bản quy phạm pháp luật",
                            (
                                P(
                                    "Trong quý, Sở đã thẩm định 46 dự thảo văn bản quy phạm pháp luật do các sở, ngành "
                                    "soạn thảo, trong đó có 31 dự thảo quyết định của Ủy ban nhân dân tỉnh."
                                ),
                            ),
                        ),
                        H(
                            "2.2.",
                            "Rà soát, hệ thống hóa văn bản",
                            (
                                P(
                                    "Phối hợp rà soát 1.254 văn bản do Hội đồng nhân dân, Ủy ban nhân dân ba tỉnh "
                                    "(cũ) ban hành để xử lý theo thẩm quyền sau hợp nhất."
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        H(
            "II.",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2025",
            (
                P("Tiếp tục rà soát, kiến nghị bãi bỏ các văn bản không còn phù hợp sau sắp xếp.", marker="-"),
                P("Nâng cao tỷ lệ hồ sơ lý lịch tư pháp nộp trực tuyến toàn trình.", marker="-"),
            ),
        ),
    ),
    closing="Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2025 của Sở Tư pháp./.",
    signature=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    signer="Lê Thị Thu Hà",
    distribution=("Như trên", "Giám đốc, các PGĐ Sở", "Lưu: VT, VP"),
    quirks=frozenset({"builtin-headings", "signature-breaks"}),
)

UBND_PHUONG_TAN_DINH = Stranger(
    period="2026-6T",
    parent=None,
    issuer=("ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN ĐỊNH"),
    number="Số:        /BC-UBND",
    place_date="Tân Định, ngày        tháng 6 năm 2026",
    subject="Tình hình, kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026",
    recipients=("Sở Nội vụ Thành phố Hồ Chí Minh", "Văn phòng Ủy ban nhân dân Thành phố"),
    bases=(),
    opening=(
        "Thực hiện chỉ đạo của Ủy ban nhân dân Thành phố về chế độ báo cáo định kỳ công tác cải cách hành "
        "chính, Ủy ban nhân dân phường Tân Định báo cáo như sau:",
    ),
    body=(
        H(
            "1.",
            "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
            (
                P(
                    "Ủy ban nhân dân phường ban hành Kế hoạch số 14/KH-UBND ngày 20/01/2026 về cải cách hành chính "
                    "năm 2026, giao nhiệm vụ cụ thể cho từng phòng chuyên môn và Trung tâm Phục vụ hành chính công."
                ),
            ),
        ),
        H(
            "2.",
            "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
            (
                P(
                    "Trung tâm Phục vụ hành chính công phường tiếp nhận 5.380 hồ sơ, đã giải quyết 5.312 hồ sơ, "
                    "trong đó 5.301 hồ sơ đúng hạn, đạt 99,79%."
                ),
                P("Hồ sơ nộp trực tuyến: 3.964 hồ sơ;", marker="+"),
                P("Hồ sơ nộp trực tiếp: 1.416 hồ sơ.", marker="+"),
            ),
        ),
        H(
            "3.",
            "HẠN CHẾ, KHÓ KHĂN VÀ KIẾN NGHỊ",
            (
                P(
                    "Hạ tầng mạng tại bộ phận một cửa còn chập chờn vào giờ cao điểm; đề nghị Sở Khoa học và Công "
                    "nghệ hỗ trợ nâng cấp đường truyền."
                ),
            ),
        ),
    ),
    closing="Ủy ban nhân dân phường Tân Định báo cáo Sở Nội vụ Thành phố xem xét, tổng hợp./.",
    signature=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    signer="",
    distribution=("Như trên", "Đảng ủy phường", "CT, các PCT UBND phường", "Lưu: VT"),
    quirks=frozenset({"caps-headings", "recipients-tab", "dist-breaks"}),
)

BQL_KCN_SOC_TRANG = Stranger(
    period="2024-6T",
    parent="UBND TỈNH SÓC TRĂNG",
    issuer=("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",),
    number="Số: 112/BC-BQLKCN",
    place_date="Sóc Trăng, ngày 14 tháng 6 năm 2024",
    subject=(
        "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024 và phương hướng, "
        "nhiệm vụ 6 tháng cuối năm 2024"
    ),
    recipients=("Sở Nội vụ tỉnh Sóc Trăng",),
    bases=(),
    opening=(
        "Thực hiện Công văn số 745/SNV-CCHC ngày 20/5/2024 của Sở Nội vụ tỉnh Sóc Trăng, Ban Quản lý các khu "
        "công nghiệp báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024 như sau:",
    ),
    body=(
        H(
            "I.",
            "KẾT QUẢ THỰC HIỆN",
            (
                H(
                    "1.",
                    "Cải cách thủ tục hành chính",
                    (
                        P(
                            "Ban đang thực hiện 04 thủ tục hành chính thuộc thẩm quyền giải quyết; kết quả tiếp "
                            "nhận và giải quyết hồ sơ trong kỳ như sau:"
                        ),
                        Tbl(
                            rows=(
                                (C("STT", rowspan=2), C("Lĩnh vực", rowspan=2), C("Số hồ sơ", colspan=3)),
                                (C("Tiếp nhận"), C("Đúng hạn"), C("Trễ hạn")),
                                (C("1"), C("Đầu tư"), C("12"), C("12"), C("0")),
                                (C("2"), C("Xây dựng"), C("7"), C("6"), C("1")),
                                (C("3"), C("Lao động"), C("2"), C("2"), C("0")),
                                (C("Tổng cộng", colspan=2), C("21"), C("20"), C("1")),
                            ),
                            header_rows=2,
                            bold_rows=(5,),
                        ),
                    ),
                ),
                H(
                    "2.",
                    "Khảo sát sự hài lòng",
                    (P("Ban phát 21 phiếu khảo sát cho doanh nghiệp đến giao dịch; tỷ lệ hài lòng đạt 100%."),),
                ),
            ),
        ),
        H(
            "II.",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024",
            (
                P(
                    "Tiếp tục rà soát, đề xuất đơn giản hóa thủ tục trong lĩnh vực đầu tư vào khu công nghiệp;",
                    marker="-",
                ),
                P("Duy trì tiếp nhận hồ sơ trực tuyến toàn trình đối với thủ tục cấp giấy phép lao động.", marker="-"),
            ),
        ),
    ),
    closing=(
        "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024 "
        "của Ban Quản lý các khu công nghiệp./."
    ),
    signature=("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
    signer="Trần Quốc Việt",
    distribution=("Như trên", "Trưởng ban, các Phó Trưởng ban", "Lưu: VT, VP"),
    appendix={
        "I.1.de_ra": "04",
        "I.1.hoan_thanh": "02",
        "I.1.van_ban": "3",
        "I.3.trang_don_vi": "06",
        "I.3.hoi_nghi": "1",
        "I.5": "0",
        "I.7.so_phieu": "21 (lượt người)",
        "I.7.hinh_thuc": "1",
        "I.7.hai_long": "100",
        "III.4.hieu_luc": "4",
        "III.4.tai_co_quan": "4",
        "III.4.truc_thuoc": "0",
        "III.7.tiep_nhan": "21",
        "III.7.tra_ket_qua": "21",
        "III.7.dung_han": "95,24",
    },
    quirks=frozenset({"word-bullets"}),
    appendix_notes={
        "I.1.de_ra": "Kế hoạch số 03/KH-BQLKCN ngày 19/01/2024",
        "I.7.so_phieu": "Phát phiếu tại bộ phận một cửa của Ban",
        "III.7.dung_han": "01 hồ sơ xây dựng trễ hạn do chờ ý kiến của Sở Xây dựng",
    },
    appendix_title=(
        "PHỤ LỤC",
        "THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH ĐỊNH KỲ 6 THÁNG ĐẦU NĂM 2024",
        "(Kèm theo Báo cáo số 112/BC-BQLKCN ngày 14 tháng 6 năm 2024 của Ban Quản lý các khu công nghiệp)",
    ),
)

UBND_TINH_QUANG_NINH = Stranger(
    period="2025-NAM",
    parent=None,
    issuer=("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NINH"),
    number="Số: 398/BC-UBND",
    place_date="Quảng Ninh, ngày 10 tháng 12 năm 2025",
    subject="Kết quả thực hiện công tác cải cách hành chính năm 2025, phương hướng, nhiệm vụ năm 2026",
    recipients=("Bộ Nội vụ", "Văn phòng Chính phủ"),
    bases=(
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
        "hành chính nhà nước giai đoạn 2021 - 2030",
        "Căn cứ Thông tư số 01/2023/TT-BNV ngày 16/01/2023 của Bộ Nội vụ quy định chế độ báo cáo công tác cải "
        "cách hành chính nhà nước",
    ),
    opening=(
        "Ủy ban nhân dân tỉnh Quảng Ninh báo cáo kết quả thực hiện công tác cải cách hành chính năm 2025 như sau:",
    ),
    body=(
        H(
            "A.",
            "KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2025",
            (
                H(
                    "I.",
                    "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
                    (
                        P(
                            "Ủy ban nhân dân tỉnh ban hành 27 văn bản chỉ đạo, điều hành; hoàn thành 100% nhiệm vụ "
                            "trong Kế hoạch cải cách hành chính năm 2025."
                        ),
                    ),
                ),
                H(
                    "II.",
                    "CẢI CÁCH TỔ CHỨC BỘ MÁY",
                    (
                        P(
                            "Hoàn thành sắp xếp 171 đơn vị hành chính cấp xã thành 54 xã, phường, đặc khu, vận hành "
                            "chính quyền địa phương hai cấp từ ngày 01/7/2025."
                        ),
                    ),
                ),
            ),
        ),
        H(
            "B.",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
            (P("Tập trung hoàn thiện tổ chức bộ máy và chuyển đổi số ở cấp xã sau sắp xếp."),),
        ),
    ),
    closing=(
        "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính năm 2025 của Ủy ban "
        "nhân dân tỉnh Quảng Ninh./."
    ),
    signature=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    signer="Nguyễn Minh Sơn",
    distribution=("Như trên", "TT Tỉnh ủy, TT HĐND tỉnh", "CT, các PCT UBND tỉnh", "Lưu: VT, NC"),
    quirks=frozenset({"space-indent"}),
)
