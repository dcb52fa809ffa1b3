"""Three more strangers: a Sở Giáo dục (1.1.1. headings, "-" and "+" items with footnotes in them, a table
closing the narrative), and a commune of Đắk Lắk in an old template ("UỶ", "CỘNG HOÀ", en dashes, header lines
split by Shift+Enter, sentence-case headings, "1.1" without its dot, italic "a)" headings, II → IV, a
footnote of several paragraphs) and a Sở Tài chính (2 × 2 header, subject on two lines, a table of
the leaders in charge, a HYPERLINK field, "a)" proposals)."""

from __future__ import annotations

from tests.stranger_docs import C, H, P, Stranger, Tbl

UBND_XA_EA_KAR = Stranger(
    period="2026-Q1",
    parent=None,
    issuer=("UỶ BAN NHÂN DÂN", "XÃ EA KAR"),
    number="Số: 05/BC-UBND",
    place_date="Ea Kar, ngày 05 tháng 3 năm 2026",
    subject="Kết quả thực hiện công tác cải cách hành chính quý I năm 2026",
    recipients=("Sở Nội vụ tỉnh Đắk Lắk", "Đảng ủy xã Ea Kar", "Hội đồng nhân dân xã Ea Kar"),
    bases=(),
    opening=(
        "Ủy ban nhân dân xã Ea Kar báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026 như sau:",
    ),
    body=(
        H(
            "I.",
            "Kết quả thực hiện nhiệm vụ cải cách hành chính",
            (
                H(
                    "1.",
                    "Công tác chỉ đạo, điều hành",
                    (
                        H(
                            "1.1",
                            "Ban hành văn bản",
                            (
                                P(
                                    "Ủy ban nhân dân xã ban hành 06 văn bản chỉ đạo, điều hành công tác cải cách hành "
                                    "chính{n}, triển khai đến 100% thôn, buôn trên địa bàn.",
                                    notes=(
                                        "Gồm:\nKế hoạch số 12/KH-UBND ngày 08/01/2026 về cải cách hành chính năm "
                                        "2026;\nKế hoạch số 15/KH-UBND ngày 12/01/2026 về tuyên truyền cải cách hành "
                                        "chính;\nKế hoạch số 21/KH-UBND ngày 20/01/2026 về kiểm tra cải cách hành "
                                        "chính;\nQuyết định số 35/QĐ-UBND ngày 22/01/2026 kiện toàn Tổ công tác.",
                                    ),
                                ),
                            ),
                        ),
                        H(
                            "1.2",
                            "Kiểm tra công tác cải cách hành chính",
                            (P("Trong quý chưa tổ chức kiểm tra; dự kiến kiểm tra 05 thôn, buôn trong quý II."),),
                        ),
                    ),
                ),
                H(
                    "2.",
                    "Cải cách chế độ công vụ",
                    (
                        H(
                            "a)",
                            "Tuyển dụng, bố trí công chức",
                            (P("Bố trí 27 công chức vào 05 phòng chuyên môn theo vị trí việc làm được phê duyệt."),),
                        ),
                        H(
                            "b)",
                            "Đào tạo, bồi dưỡng",
                            (P("Cử 14 lượt công chức tham gia bồi dưỡng kỹ năng chuyển đổi số."),),
                        ),
                    ),
                ),
            ),
        ),
        H(
            "II.",
            "Tồn tại, hạn chế",
            (P("Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp do người dân chưa quen sử dụng tài khoản định danh."),),
        ),
        H(
            "IV.",
            "Phương hướng, nhiệm vụ quý II năm 2026",
            (P("Tổ chức tổ công nghệ số cộng đồng hướng dẫn người dân nộp hồ sơ trực tuyến tại các thôn, buôn."),),
        ),
    ),
    closing="Trên đây là báo cáo kết quả công tác cải cách hành chính quý I năm 2026 của Ủy ban nhân dân xã Ea Kar./.",
    signature=("TM. UỶ BAN NHÂN DÂN", "CHỦ TỊCH"),
    signer="Y Khoa Niê",
    distribution=("Như trên", "TT Đảng ủy, TT HĐND xã", "Lưu: VT, VP"),
    quirks=frozenset({"header-breaks", "italic-letters"}),
    nation="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    motto="Độc lập – Tự do – Hạnh phúc",
)

SO_TAI_CHINH_DONG_NAI = Stranger(
    period="2025-9T",
    parent="UBND TỈNH ĐỒNG NAI",
    issuer=("SỞ TÀI CHÍNH",),
    number="Số: 2468/BC-STC",
    place_date="Đồng Nai, ngày 15 tháng 9 năm 2025",
    subject="Tình hình, kết quả thực hiện công tác cải cách hành chính\n9 tháng đầu năm 2025 của Sở Tài chính",
    recipients=("Sở Nội vụ tỉnh Đồng Nai",),
    bases=(),
    opening=(
        "Thực hiện Công văn số 1934/SNV-CCHC ngày 26/8/2025 của Sở Nội vụ tỉnh Đồng Nai về báo cáo cải cách hành "
        "chính định kỳ, Sở Tài chính báo cáo như sau:",
    ),
    body=(
        H(
            "I.",
            "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
            (
                P(
                    "Sở kiện toàn bộ phận phụ trách cải cách hành chính sau khi hợp nhất Sở Tài chính và Sở Kế hoạch "
                    "và Đầu tư; danh sách lãnh đạo, công chức phụ trách như sau:"
                ),
                Tbl(
                    rows=(
                        (C("TT"), C("Họ và tên"), C("Chức vụ"), C("Điện thoại"), C("Thư điện tử")),
                        (
                            C("1"),
                            C("Võ Thị Kim Loan"),
                            C("Phó Giám đốc"),
                            C("0913 456 789"),
                            C("loanvtk@dongnai.gov.vn"),
                        ),
                        (
                            C("2"),
                            C("Đặng Hữu Phước"),
                            C("Chuyên viên"),
                            C("0251 3822 114"),
                            C("phuocdh@dongnai.gov.vn"),
                        ),
                    ),
                ),
            ),
        ),
        H(
            "II.",
            "CẢI CÁCH TÀI CHÍNH CÔNG",
            (
                P(
                    "Toàn bộ 312 đơn vị dự toán đã thực hiện giao dịch điện tử với Kho bạc Nhà nước; thông tin công "
                    "khai ngân sách được đăng tại https://stc.dongnai.gov.vn/cong-khai-ngan-sach theo quy định.",
                    link="https://stc.dongnai.gov.vn/cong-khai-ngan-sach",
                ),
            ),
        ),
        H(
            "III.",
            "KIẾN NGHỊ, ĐỀ XUẤT",
            (
                P("a) Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ cải cách hành chính cho công chức mới;"),
                P("b) Đề nghị Sở Khoa học và Công nghệ nâng cấp hệ thống quản lý văn bản dùng chung."),
            ),
        ),
    ),
    closing=(
        "Trên đây là báo cáo tình hình, kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2025 "
        "của Sở Tài chính./."
    ),
    signature=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    signer="Võ Thị Kim Loan",
    distribution=("Như trên", "Giám đốc Sở (b/c)", "Lưu: VT, VP"),
    quirks=frozenset({"header-2rows", "field-link"}),
)

SO_GD_DT_NGHE_AN = Stranger(
    period="2025-Q3",
    parent="UBND TỈNH NGHỆ AN",
    issuer=("SỞ GIÁO DỤC VÀ ĐÀO TẠO",),
    number="Số: 3127/BC-SGDĐT",
    place_date="Nghệ An, ngày 13 tháng 9 năm 2025",
    subject="Kết quả thực hiện công tác cải cách hành chính quý III năm 2025",
    recipients=("Sở Nội vụ tỉnh Nghệ An",),
    bases=(),
    opening=(
        "Sở Giáo dục và Đào tạo báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2025 như sau:",
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
                        H(
                            "1.1.",
                            "Rà soát, đơn giản hóa thủ tục hành chính",
                            (
                                H(
                                    "1.1.1.",
                                    "Lĩnh vực giáo dục trung học",
                                    (
                                        P(
                                            "Đề xuất đơn giản hóa 03 thủ tục{n}, cắt giảm 20% thời gian giải quyết.",
                                            marker="-",
                                            notes=("Thủ tục chuyển trường, xin học lại và công nhận văn bằng.",),
                                        ),
                                        P("Thủ tục chuyển trường: còn 03 ngày làm việc;", marker="+"),
                                        P("Thủ tục xin học lại: còn 02 ngày làm việc.", marker="+"),
                                    ),
                                ),
                                H(
                                    "1.1.2.",
                                    "Lĩnh vực giáo dục thường xuyên",
                                    (
                                        P(
                                            "Công bố danh mục 07 thủ tục{n} thực hiện trực tuyến toàn trình{n}.",
                                            marker="-",
                                            notes=(
                                                "Quyết định số 2215/QĐ-UBND ngày 04/8/2025 của UBND tỉnh.",
                                                "Trên Cổng Dịch vụ công quốc gia.",
                                            ),
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
                H(
                    "2.",
                    "Kết quả giải quyết hồ sơ",
                    (
                        Tbl(
                            rows=(
                                (C("Kỳ"), C("Tiếp nhận"), C("Đã giải quyết"), C("Đúng hạn (%)")),
                                (C("Tháng 7"), C("412"), C("409"), C("100")),
                                (C("Tháng 8"), C("1.036"), C("1.030"), C("99,81")),
                                (C("Tổng cộng"), C("1.448"), C("1.439"), C("99,86")),
                            ),
                            bold_rows=(3,),
                        ),
                    ),
                ),
            ),
        ),
    ),
    closing="Trên đây là báo cáo kết quả công tác cải cách hành chính quý III năm 2025 của Sở Giáo dục và Đào tạo./.",
    signature=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    signer="Thái Văn Thành",
    distribution=("Như trên", "Lưu: VT, VP"),
)
