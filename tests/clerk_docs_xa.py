"""Content of data/ubnd-xa-dung-k-no/2025-q1.yaml as printed (written by tests/clerk_docs_extract.py, then edited by hand).

Edited: the căn cứ line italic as printed; the two lines under "- Xây dựng kế hoạch…" typed as "+" items.
"""

# ruff: noqa: E501  (one paragraph of the report per line)
# fmt: off

from tests.clerk_docs_truth import (  # noqa: F401
    BI,
    FN,
    Appendix,
    B,
    C,
    Cell,
    H,
    Header,
    I,
    L,
    P,
    R,
    Signature,
    T,
    Truth,
)

XA = Truth(
    header=Header(
        parent='',
        issuer=('ỦY BAN NHÂN DÂN', 'XÃ ĐƯNG K’NỚ'),
        number='Số: 31/BC-UBND',
        place_date='Đưng K’Nớ, ngày 07 tháng 3 năm 2025',
    ),
    subject=('Kết quả công tác cải cách hành chính Quý I năm 2025',),
    recipients=(),
    bases=(
        P(I('Căn cứ Quyết định số 65/QĐ-UBND ngày 16/01/2025 của Ủy ban nhân dân huyện Lạc Dương về việc ban hành Kế hoạch Cải cách hành chính năm 2025.')),
    ),
    opening=(
        P('Thực hiện Kế hoạch số 11/KH-UBND ngày 21/01/2025 của Ủy ban nhân dân xã về thực hiện công tác cải cách hành chính năm 2025, Ủy ban nhân dân xã báo cáo kết quả thực hiện công tác cải cách hành chính Quý I năm 2025 như sau:'),
    ),
    body=(
        H(1, 'I.', ('CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC',),
            L('-', 'Xây dựng kế hoạch và chỉ đạo, điều hành cải cách hành chính (CCHC):'),
            L('+', 'Trên cơ sở Kế hoạch CCHC năm 2025 của Ủy ban nhân dân huyện, Ủy ban nhân dân xã ban hành Kế hoạch số 11/KH-UBND ngày 21/01/2025 về thực hiện nhiệm vụ CCHC năm 2025.'),
            L('+', 'Công tác CCHC được quán triệt qua các cuộc họp giao ban tuần, tháng, quý; nhiệm vụ được phân công cụ thể cho từng bộ phận, từng công chức.'),
            L('-', 'Chế độ hội họp, báo cáo: thực hiện đúng thời gian quy định.'),
        ),
        H(1, 'II.', ('KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CCHC',),
            H(2, '1.', ('Cải cách thủ tục hành chính',),
                P('Bộ phận tiếp nhận và trả kết quả của xã niêm yết công khai, đầy đủ các thủ tục hành chính thuộc thẩm quyền giải quyết; hồ sơ được tiếp nhận và giải quyết đúng hạn.'),
            ),
            H(2, '2.', ('Chuyển đổi số',),
                P('Tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia; văn bản đi, đến được xử lý trên môi trường mạng, trừ văn bản mật.'),
            ),
        ),
        H(1, 'III.', ('NHIỆM VỤ QUÝ II NĂM 2025',),
            L('-', 'Tiếp tục thực hiện các nhiệm vụ theo Kế hoạch CCHC năm 2025 của xã;'),
            L('-', 'Nâng cao chất lượng tiếp nhận, giải quyết thủ tục hành chính tại Bộ phận một cửa.'),
        ),
    ),
    closing=(
        P('Trên đây là báo cáo kết quả công tác cải cách hành chính Quý I năm 2025 của Ủy ban nhân dân xã Đưng K’Nớ./.'),
    ),
    signature=Signature(
        lines=('TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'),
        name='',
        recipients=('UBND huyện Lạc Dương (b/c);', 'Phòng Nội vụ huyện;', 'TT Đảng ủy, HĐND xã;', 'Lưu: VT.'),
    ),
    appendix=None,
)
