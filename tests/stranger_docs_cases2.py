"""Four more strangers: a đặc khu (title and trích yếu in one paragraph, Word-numbered "1)" items, a
hyperlink), a Sở KH&CN (TL. signer typed with tabs), a Sở Y tế (Q. GIÁM ĐỐC, page breaks, empty
paragraphs), a Sở Nội vụ's draft ("Phần I." parts)."""

from __future__ import annotations

from tests.stranger_docs import C, H, P, Stranger, Tbl

DAC_KHU_PHU_QUOC = Stranger(
    period="2025-9T",
    parent=None,
    issuer=("ỦY BAN NHÂN DÂN", "ĐẶC KHU PHÚ QUỐC"),
    number="Số: 87/BC-UBND",
    place_date="Phú Quốc, ngày 16 tháng 9 năm 2025",
    subject="Kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2025",
    recipients=("Sở Nội vụ tỉnh An Giang",),
    bases=(),
    opening=(
        "Thực hiện Công văn số 2105/SNV-CCHC ngày 28/8/2025 của Sở Nội vụ tỉnh An Giang, Ủy ban nhân dân đặc khu "
        "Phú Quốc báo cáo kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2025 như sau:",
    ),
    body=(
        H(
            "I.",
            "KẾT QUẢ ĐẠT ĐƯỢC",
            (
                H(
                    "1.",
                    "Xây dựng chính quyền số",
                    (
                        P(
                            "Cổng thông tin điện tử đặc khu tại địa chỉ https://phuquoc.angiang.gov.vn đã đăng 146 "
                            "tin, bài về cải cách hành chính.",
                            link="https://phuquoc.angiang.gov.vn",
                        ),
                        P("Các nhiệm vụ trọng tâm đã hoàn thành:"),
                        P("Chuyển toàn bộ hồ sơ đất đai của hai huyện (cũ) lên hệ thống dùng chung;", marker="1)"),
                        P("Triển khai ký số cho 100% cán bộ, công chức đặc khu;", marker="1)"),
                        P("Kết nối camera giám sát bộ phận một cửa với Trung tâm điều hành thông minh.", marker="1)"),
                    ),
                ),
                H(
                    "2.",
                    "Giải quyết thủ tục hành chính",
                    (
                        P(
                            "Tiếp nhận 9.847 hồ sơ, giải quyết đúng hạn 9.790 hồ sơ, đạt 99,42%; không có hồ sơ "
                            "phải xin lỗi người dân."
                        ),
                    ),
                ),
            ),
        ),
        H(
            "II.",
            "NHIỆM VỤ QUÝ IV NĂM 2025",
            (P("Hoàn thành số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực."),),
        ),
    ),
    closing=(
        "Trên đây là báo cáo kết quả công tác cải cách hành chính 9 tháng đầu năm 2025 của Ủy ban "
        "nhân dân đặc khu Phú Quốc./."
    ),
    signature=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    signer="Trần Minh Khoa",
    distribution=("Như trên", "TT Đảng ủy đặc khu", "Lưu: VT"),
    quirks=frozenset({"title-break"}),
)

SO_KHCN_CAN_THO = Stranger(
    period="2026-Q1",
    parent="UBND THÀNH PHỐ CẦN THƠ",
    issuer=("SỞ KHOA HỌC VÀ CÔNG NGHỆ",),
    number="Số: 09/BC-SKHCN",
    place_date="Cần Thơ, ngày 11 tháng 3 năm 2026",
    subject="Kết quả thực hiện công tác cải cách hành chính quý I và phương hướng, nhiệm vụ quý II năm 2026",
    recipients=("Sở Nội vụ thành phố Cần Thơ",),
    bases=(),
    opening=(
        "Sở Khoa học và Công nghệ báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026 như sau:",
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
                            "Sở đang thực hiện 128 thủ tục hành chính, trong đó 121 thủ tục cung cấp dịch vụ công "
                            "trực tuyến toàn trình."
                        ),
                    ),
                ),
                H(
                    "2.",
                    "Chuyển đổi số",
                    (P("Hoàn thành hợp nhất ba hệ thống quản lý văn bản của ba sở (cũ) vào một nền tảng dùng chung."),),
                ),
            ),
        ),
        H(
            "II.",
            "NHIỆM VỤ QUÝ II NĂM 2026",
            (P("Tiếp tục chuẩn hóa dữ liệu thủ tục hành chính trên Cổng dịch vụ công."),),
        ),
    ),
    closing="Trên đây là báo cáo kết quả công tác cải cách hành chính quý I năm 2026 của Sở Khoa học và Công nghệ./.",
    signature=("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
    signer="Huỳnh Thị Ngọc Diễm",
    distribution=("Sở Nội vụ", "Giám đốc Sở (b/c)", "Lưu: VT, VP"),
    quirks=frozenset({"signature-tabs", "tab-numbers"}),
)

SO_Y_TE_GIA_LAI = Stranger(
    period="2025-NAM",
    parent="UBND TỈNH GIA LAI",
    issuer=("SỞ Y TẾ",),
    number="Số: 1520/BC-SYT",
    place_date="Gia Lai, ngày 08 tháng 12 năm 2025",
    subject="Tình hình, kết quả thực hiện công tác cải cách hành chính năm 2025",
    recipients=("Sở Nội vụ tỉnh Gia Lai",),
    bases=(),
    opening=(
        "Năm 2025 là năm đầu tiên Sở Y tế tỉnh Gia Lai hoạt động sau khi hợp nhất Sở Y tế hai tỉnh Gia Lai và "
        "Bình Định; việc kiện toàn tổ chức bộ máy được ưu tiên hàng đầu.",
        "Sở Y tế báo cáo tình hình, kết quả thực hiện công tác cải cách hành chính năm 2025 như sau:",
    ),
    body=(
        H(
            "I.",
            "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
            (
                H(
                    "1.",
                    "Cải cách tổ chức bộ máy",
                    (
                        P(
                            "Sau hợp nhất, Sở còn 07 phòng chuyên môn và 02 chi cục; sắp xếp 36 đơn vị sự nghiệp "
                            "công lập trực thuộc còn 24 đơn vị."
                        ),
                        Tbl(
                            rows=(
                                (C("Loại đơn vị", rowspan=2), C("Số đơn vị", colspan=2)),
                                (C("Trước sắp xếp"), C("Sau sắp xếp")),
                                (C("Bệnh viện tuyến tỉnh"), C("14"), C("9")),
                                (C("Trung tâm y tế khu vực"), C("22"), C("15")),
                                (C("Tổng cộng"), C("36"), C("24")),
                            ),
                            header_rows=2,
                            bold_rows=(4,),
                        ),
                    ),
                ),
            ),
        ),
        H(
            "II.",
            "ĐÁNH GIÁ CHUNG",
            (
                P(
                    "Ưu điểm: công tác cải cách hành chính được triển khai đồng bộ; chỉ số hài lòng của người bệnh "
                    "đạt 92,6%.",
                    lead="Ưu điểm:",
                ),
                P(
                    "Hạn chế: một số bệnh viện chưa kết nối dữ liệu khám chữa bệnh với hệ thống của Sở.",
                    lead="Hạn chế:",
                ),
            ),
        ),
        H(
            "III.",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
            (P("Triển khai bệnh án điện tử tại toàn bộ bệnh viện tuyến tỉnh trước ngày 30/6/2026."),),
        ),
    ),
    closing="Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính năm 2025 của Sở Y tế tỉnh Gia Lai./.",
    signature=("Q. GIÁM ĐỐC",),
    signer="Phạm Văn Hòa",
    distribution=("Như trên", "Lưu: VT, TCCB"),
    quirks=frozenset({"page-breaks", "dist-bullets"}),
)

SO_NOI_VU_TAY_NINH = Stranger(
    period="2026-Q2",
    parent="UBND TỈNH TÂY NINH",
    issuer=("SỞ NỘI VỤ",),
    number="Số:       /BC-SNV",
    place_date="Tây Ninh, ngày       tháng 6 năm 2026",
    subject="Kết quả thực hiện công tác cải cách hành chính quý II năm 2026",
    recipients=("Ủy ban nhân dân tỉnh Tây Ninh",),
    bases=(),
    opening=(
        "Thực hiện nhiệm vụ được giao, Sở Nội vụ báo cáo kết quả thực hiện công tác cải cách hành chính quý II "
        "năm 2026 của tỉnh như sau:",
    ),
    body=(
        H(
            "Phần I.",
            "KẾT QUẢ THỰC HIỆN",
            (
                H(
                    "I.",
                    "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
                    (
                        P(
                            "Toàn tỉnh tuyển dụng 312 công chức cấp xã; bố trí 1.045 cán bộ, công chức dôi dư sau "
                            "sắp xếp theo đúng lộ trình."
                        ),
                    ),
                ),
            ),
        ),
        H(
            "Phần II.",
            "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2026",
            (P("Hướng dẫn các xã, phường đánh giá, xếp loại công chức theo kết quả thực hiện nhiệm vụ."),),
        ),
    ),
    closing="Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý II năm 2026 của Sở Nội vụ./.",
    signature=("GIÁM ĐỐC",),
    signer="",
    distribution=("Như trên", "Bộ Nội vụ (b/c)", "Lưu: VT, CCHC"),
)
