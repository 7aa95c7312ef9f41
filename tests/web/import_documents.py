"""Plans written for the import review tests: one cell per line, and a table whose rows cannot be read."""

# Six indicators and four tasks, one cell per line (as text copied out of a PDF often is).
BLOCKS_PLAN = """ỦY BAN NHÂN DÂN
QUẬN HOÀN KIẾM
Số: 45/KH-UBND
Hoàn Kiếm, ngày 20 tháng 1 năm 2025
KẾ HOẠCH
Thực hiện các chỉ tiêu kinh tế - xã hội năm 2025

Phụ lục 1. Các chỉ tiêu chủ yếu năm 2025
STT
Chỉ tiêu
Đơn vị tính
Kế hoạch năm 2025
Cơ quan chủ trì
1
Tăng trưởng thu ngân sách trên địa bàn
%
8
Sở Tài chính
2
Tỷ lệ trường đạt chuẩn quốc gia
%
90
Sở Giáo dục và Đào tạo
3
Số doanh nghiệp thành lập mới
doanh nghiệp
1200
Sở Kế hoạch và Đầu tư
4
Tỷ lệ hộ gia đình văn hóa
%
92
Sở Văn hóa và Thể thao
5
Số lao động được tạo việc làm mới
người
5000
Sở Lao động - Thương binh và Xã hội
6
Tỷ lệ dân số tham gia bảo hiểm y tế
%
95,5
Sở Y tế

Phụ lục 2. Các nhiệm vụ trọng tâm năm 2025
TT
Nhiệm vụ
Cơ quan chủ trì
Cơ quan phối hợp
Thời gian hoàn thành
1
Xây dựng đề án chuyển đổi số của quận
Sở Thông tin và Truyền thông
Sở Nội vụ
Quý II/2025
2
Chỉnh trang các tuyến phố đi bộ
Sở Xây dựng
Sở Giao thông vận tải
Quý III/2025
3
Rà soát, sắp xếp trụ sở làm việc
Sở Tài chính
Sở Xây dựng
Tháng 10/2025
4
Tổ chức ngày hội việc làm
Sở Lao động - Thương binh và Xã hội
Sở Công Thương
Năm 2025
"""

INDICATORS = [
    ("1", "Tăng trưởng thu ngân sách trên địa bàn", "%", "8", "Sở Tài chính"),
    ("2", "Tỷ lệ trường đạt chuẩn quốc gia", "%", "90", "Sở Giáo dục và Đào tạo"),
    ("3", "Số doanh nghiệp thành lập mới", "doanh nghiệp", "1200", "Sở Kế hoạch và Đầu tư"),
    ("4", "Tỷ lệ hộ gia đình văn hóa", "%", "92", "Sở Văn hóa và Thể thao"),
    ("5", "Số lao động được tạo việc làm mới", "người", "5000", "Sở Lao động - Thương binh và Xã hội"),
    ("6", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "95,5", "Sở Y tế"),
]
TASKS = [
    ("1", "Xây dựng đề án chuyển đổi số của quận", "Sở Thông tin và Truyền thông", "Sở Nội vụ", "Quý II/2025"),
    ("2", "Chỉnh trang các tuyến phố đi bộ", "Sở Xây dựng", "Sở Giao thông vận tải", "Quý III/2025"),
    ("3", "Rà soát, sắp xếp trụ sở làm việc", "Sở Tài chính", "Sở Xây dựng", "Tháng 10/2025"),
    ("4", "Tổ chức ngày hội việc làm", "Sở Lao động - Thương binh và Xã hội", "Sở Công Thương", "Năm 2025"),
]

# A task table whose header is there and whose rows are not.
HEADER_ONLY = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Số: 90/KH-UBND
Hà Nội, ngày 15 tháng 3 năm 2025
KẾ HOẠCH
Thí điểm số hóa hồ sơ đất đai
TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn
"""

# An HTML table pasted into a text document: its rows' sources are table rows, not lines.
HTML_IN_TEXT = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Số: 91/KH-UBND
Hà Nội, ngày 15 tháng 3 năm 2025
KẾ HOẠCH
Thí điểm kết nối dữ liệu đất đai
Danh mục nhiệm vụ:
<table>
<tr><th>TT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời hạn</th></tr>
<tr><td>1</td><td>Số hóa hồ sơ địa chính</td><td>Sở Tài nguyên và Môi trường</td><td>Quý III/2025</td></tr>
<tr><td>2</td><td>Kết nối cơ sở dữ liệu đất đai</td><td>Sở Thông tin và Truyền thông</td><td>2025</td></tr>
</table>
Nơi nhận:
- Như trên;
"""
