"""Tables from other issuers that carry their own judgement (`Đánh giá`): read by the parser, assessed by the
engine, and the engine must give the document's own answer on every row. The tables are written for the test."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PROVINCE_REPORT = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 45/BC-UBND
Bắc Ninh, ngày 20 tháng 12 năm 2023
BÁO CÁO
Kết quả thực hiện các chỉ tiêu kinh tế - xã hội năm 2023
TT\tChỉ tiêu\tĐơn vị tính\tKH 2023\tTH 2023\tĐánh giá
1\tTốc độ tăng trưởng GRDP\t%\t7,0-7,5\t7,8\tVượt
2\tThu ngân sách nhà nước\ttỷ đồng\t35.000\t33.120\tKhông đạt
3\tTỷ lệ hộ nghèo\t%\tDưới 1,0\t0,8\tĐạt
4\tTỷ lệ thất nghiệp khu vực thành thị\t%\t< 3\t3,4\tKhông đạt
5\tTỷ lệ lao động qua đào tạo\t%\tTrên 78\t78\tKhông đạt
6\tSố xã đạt chuẩn nông thôn mới nâng cao\txã\t20\t24\tVượt
7\tTỷ lệ trường đạt chuẩn quốc gia\t%\t80\t80\tĐạt
8\tTỷ lệ dân số tham gia bảo hiểm y tế\t%\ttừ 93 trở lên\t93,5\tĐạt
"""

MINISTRY_REPORT = """BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN
Số: 210/BC-BNN
Hà Nội, ngày 25 tháng 12 năm 2023
BÁO CÁO
Ước thực hiện các chỉ tiêu chủ yếu năm 2023
STT\tTên chỉ tiêu\tĐVT\tKế hoạch năm 2023\tƯớc thực hiện năm 2023\tKết quả đánh giá
1\tTốc độ tăng giá trị sản xuất toàn ngành\t%\t2,5-3,0\t3,4\tVượt
2\tKim ngạch xuất khẩu nông lâm thủy sản\ttỷ USD\t54\t53,01\tKhông đạt
3\tTỷ lệ che phủ rừng\t%\t42,02\t42,02\tĐạt
4\tTỷ lệ xã đạt chuẩn nông thôn mới\t%\tKhoảng 78\t78,4\tĐạt
5\tTỷ lệ dân số nông thôn dùng nước sạch\t%\t≥ 57\t55\tKhông đạt
6\tMức giảm tỷ lệ hộ nghèo\tđiểm %\t1,0-1,5\t1,2\tĐạt
"""


@pytest.mark.parametrize("text", [PROVINCE_REPORT, MINISTRY_REPORT], ids=["province", "ministry"])
def test_the_engine_agrees_with_the_documents_own_judgement(tmp_path, text):
    path = tmp_path / "bao-cao.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("parse", str(path), "--json", "--assess", stdout=out)
    indicators = json.loads(out.getvalue())["indicators"]
    assert len(indicators) == sum(1 for line in text.splitlines() if line[:1].isdigit())
    answers = [(i["name"], i["assessment"], i["computed"]["assessment"]) for i in indicators]
    assert all(document is not None for _, document, _ in answers)
    assert [(name, document) for name, document, _ in answers] == [(name, engine) for name, _, engine in answers]


def test_a_fall_that_is_the_indicator_is_higher_better(tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_text(MINISTRY_REPORT, encoding="utf-8")
    out = StringIO()
    call_command("parse", str(path), "--json", stdout=out)
    fall = json.loads(out.getvalue())["indicators"][5]
    assert fall["name"] == "Mức giảm tỷ lệ hộ nghèo" and fall["direction"] == "higher_better"
