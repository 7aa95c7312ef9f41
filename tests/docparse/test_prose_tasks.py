"""Tasks written in prose, in the forms plans of provinces, ministries and the Government use beside plan 140's."""

from datetime import date

import pytest

from planwatch.docparse import AgencyDirectory, parse_bytes, to_format
from planwatch.docparse.deadlines import parse_deadline
from planwatch.docparse.prose import assignment, deadline_in

AGENCIES = AgencyDirectory.from_records(
    agencies=[
        {"name": "Sở Kế hoạch và Đầu tư", "aliases": ["Sở KH&ĐT"]},
        {"name": "Sở Tài chính"},
        {"name": "Sở Y tế"},
        {"name": "Sở Xây dựng"},
        {"name": "Sở Công Thương"},
        {"name": "Sở Nội vụ"},
        {"name": "Văn phòng UBND tỉnh"},
        {"name": "Kho bạc Nhà nước tỉnh"},
        {"name": "Cục Quản lý thị trường tỉnh"},
    ],
)

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\n\nSố: 31/KH-UBND\n\nHà Nam, ngày 12 tháng 3 năm 2025\n\nKẾ HOẠCH\nCải thiện môi trường đầu tư năm 2025\n\n"


def tasks_of(body: str) -> list[dict]:
    return to_format(parse_bytes((HEAD + body).encode("utf-8"), agencies=AGENCIES))["tasks"]


def brief(task: dict) -> tuple:
    deadline = task["deadline"] or {}
    return (task["key"], task["title"], task["lead_text"], task["coordinating_text"], deadline.get("text"))


@pytest.mark.parametrize(
    "text, lead, coordinating, title",
    [
        (
            "Sở Tài chính chủ trì, phối hợp với Sở Y tế và Sở Nội vụ tham mưu UBND tỉnh bố trí kinh phí.",
            "Sở Tài chính", "Sở Y tế và Sở Nội vụ", "tham mưu UBND tỉnh bố trí kinh phí.",
        ),
        (
            "Giao Sở Kế hoạch và Đầu tư (chủ trì) phối hợp với các sở, ngành liên quan theo dõi, đôn đốc thực hiện.",
            "Sở Kế hoạch và Đầu tư", "các sở, ngành liên quan", "theo dõi, đôn đốc thực hiện.",
        ),
        ("Sở Y tế có trách nhiệm hướng dẫn các cơ sở khám bệnh.", "Sở Y tế", None, "hướng dẫn các cơ sở khám bệnh."),
        ("Đề nghị Kho bạc Nhà nước tỉnh kiểm soát chi chặt chẽ.", "Kho bạc Nhà nước tỉnh", None, "kiểm soát chi chặt chẽ."),
        (
            "Sở Công Thương phối hợp với Cục Quản lý thị trường tỉnh kiểm tra hàng giả.",
            "Sở Công Thương", "Cục Quản lý thị trường tỉnh", "kiểm tra hàng giả.",
        ),
        ("Sở Y tế: Chủ trì tổ chức Tháng hành động.", "Sở Y tế", None, "Chủ trì tổ chức Tháng hành động."),
        (
            "Trên cơ sở báo cáo của các đơn vị, Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính tổng hợp báo cáo.",
            "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "tổng hợp báo cáo.",
        ),
        # The name of a body keeps its capitalised words: `Sở Xây dựng` is not the verb `xây dựng`.
        (
            "Sở Tài chính chủ trì, phối hợp với Sở Xây dựng thẩm định dự toán.",
            "Sở Tài chính", "Sở Xây dựng", "thẩm định dự toán.",
        ),
    ],
)
def test_a_sentence_that_assigns_a_duty(text, lead, coordinating, title):
    a = assignment(text)
    assert (a.lead, a.coordinating, a.title) == (lead, coordinating, title)


@pytest.mark.parametrize(
    "text",
    [
        "Ban hành các cơ chế chính sách triển khai Kế hoạch.",  # `Ban hành` is a verb, not a board
        "Báo cáo kết quả thực hiện về UBND tỉnh.",
        "Hội nghị sơ kết được tổ chức hằng năm.",
        "Tỷ lệ hộ nghèo giảm còn dưới 1%.",
        "Các sở, ban, ngành căn cứ chức năng, nhiệm vụ triển khai thực hiện Kế hoạch này.",  # bodies opening a plain paragraph
    ],
)
def test_sentences_that_assign_nothing(text):
    assert assignment(text) is None


def test_bodies_opening_a_numbered_item_lead_it():
    a = assignment("Các sở, ban, ngành, UBND các huyện triển khai thực hiện Kế hoạch này.", opening_bodies=True)
    assert (a.lead, a.title) == ("Các sở, ban, ngành, UBND các huyện", "triển khai thực hiện Kế hoạch này.")


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Tham mưu UBND tỉnh ban hành Quy chế, trình trước ngày 30/6/2025.", "trước ngày 30/6/2025"),
        ("Báo cáo kết quả, gửi về Sở KH&ĐT trước ngày 15 hằng tháng.", "trước ngày 15 hằng tháng"),
        ("Tổng hợp báo cáo UBND tỉnh trước ngày 15/12 hằng năm.", "trước ngày 15/12 hằng năm"),
        ("Đánh giá kết quả, báo cáo UBND tỉnh trước ngày 05/6 và 05/12 hàng năm.", "trước ngày 05/6 và 05/12 hàng năm"),
        ("Giải phóng mặt bằng dự án, hoàn thành trong tháng 6/2025.", "tháng 6/2025"),
        ("Xây dựng Đề án; hoàn thành trong Quý III/2025.", "Quý III/2025"),
        ("Xây dựng Đề án (Quý II/2025).", "Quý II/2025"),
        ("Hướng dẫn nhập số liệu; thời hạn: Quý III/2024.", "Quý III/2024"),
        ("Kiểm tra an toàn thực phẩm; thời gian thực hiện: Quý II và Quý III/2024.", "Quý II và Quý III/2024"),
        ("Cập nhật số liệu báo cáo. Nhiệm vụ thường xuyên.", "Nhiệm vụ thường xuyên"),
        ("Tổng hợp tình hình giải ngân, báo cáo UBND tỉnh hằng tháng.", "hằng tháng"),
        ("Tuyên truyền sâu rộng trong Nhân dân.", None),
        ("Chỉ đạo hệ thống phát thanh cơ sở thường xuyên thông tin.", None),  # an adverb, not a deadline
    ],
)
def test_deadlines_written_inside_a_duty(text, phrase):
    assert deadline_in(text) == phrase


def test_recurring_deadlines_keep_their_day():
    monthly = parse_deadline("trước ngày 15 hằng tháng", year=2025, period_end=2025)
    assert monthly.kind == "recurring" and monthly.due_dates[:2] == [date(2025, 1, 15), date(2025, 2, 15)]
    yearly = parse_deadline("trước ngày 15/12 hằng năm", year=2024, period_end=2025)
    assert (yearly.recurrence.months, yearly.due_dates) == ([12], [date(2024, 12, 15), date(2025, 12, 15)])
    # An ongoing duty has no due date: its own kind, which the register keeps too.
    assert parse_deadline("Nhiệm vụ thường xuyên").kind == "ongoing"


def test_numbered_sentences_headed_bullets_and_lettered_bodies():
    tasks = tasks_of(
        "IV. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính và các sở, ngành liên quan tham mưu UBND tỉnh "
        "giao kế hoạch vốn, trình trước ngày 15/12/2025. Nhiệm vụ thường xuyên.\n\n"
        "2. Sở Tài chính:\n\n"
        "- Bố trí kinh phí thực hiện Kế hoạch, hoàn thành trong Quý II/2025.\n\n"
        "- Chủ trì, phối hợp với Kho bạc Nhà nước tỉnh hướng dẫn thanh toán vốn.\n\n"
        "- Phối hợp với Sở Y tế rà soát định mức chi.\n\n"
        "3. Sở Y tế: Chủ trì tổ chức Tháng hành động; báo cáo UBND tỉnh trước ngày 15/6/2025.\n\n"
        "4. Các sở, ban, ngành, UBND các huyện triển khai thực hiện Kế hoạch này, gửi báo cáo về Sở KH&ĐT trước ngày 15 hằng tháng.\n\n"
        "a) Văn phòng UBND tỉnh:\n- Vận hành Hệ thống thông tin báo cáo của tỉnh.\n\n"
        "Sở Công Thương\n\n- Kiểm tra hàng giả tại chợ, siêu thị (thường xuyên).\n\n"
        "- Sở Nội vụ:\n+ Rà soát vị trí việc làm, trước ngày 30/9/2025.\n\n"
        "Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan phản ánh về Sở Kế hoạch và Đầu tư.\n"
    )
    assert [brief(t) for t in tasks] == [
        ("IV.1.1.1", "tham mưu UBND tỉnh giao kế hoạch vốn, trình trước ngày 15/12/2025", "Sở Kế hoạch và Đầu tư",
         "Sở Tài chính và các sở, ngành liên quan", "trước ngày 15/12/2025"),
        ("IV.2.1.1", "Bố trí kinh phí thực hiện Kế hoạch, hoàn thành trong Quý II/2025.", "Sở Tài chính", None, "Quý II/2025"),
        ("IV.2.1.2", "Chủ trì, phối hợp với Kho bạc Nhà nước tỉnh hướng dẫn thanh toán vốn.", "Sở Tài chính",
         "Kho bạc Nhà nước tỉnh", None),
        # `Phối hợp với Y ...` says whom the heading's body helps: the lead stays, nothing is added.
        ("IV.2.1.3", "Phối hợp với Sở Y tế rà soát định mức chi.", "Sở Tài chính", None, None),
        ("IV.3.1.1", "Chủ trì tổ chức Tháng hành động; báo cáo UBND tỉnh trước ngày 15/6/2025.", "Sở Y tế", None,
         "trước ngày 15/6/2025"),
        ("IV.4.1.1", "triển khai thực hiện Kế hoạch này, gửi báo cáo về Sở KH&ĐT trước ngày 15 hằng tháng",
         "Các sở, ban, ngành, UBND các huyện", None, "trước ngày 15 hằng tháng"),
        ("IV.4.2.1", "Vận hành Hệ thống thông tin báo cáo của tỉnh.", "Văn phòng UBND tỉnh", None, None),
        ("IV.4.3.1", "Kiểm tra hàng giả tại chợ, siêu thị (thường xuyên).", "Sở Công Thương", None, "thường xuyên"),
        ("IV.4.4.1", "Rà soát vị trí việc làm, trước ngày 30/9/2025.", "Sở Nội vụ", None, "trước ngày 30/9/2025"),
    ]
    first = tasks[0]
    assert first["lead_agencies"] == ["Sở Kế hoạch và Đầu tư"] and first["coordinating_agencies"] == ["Sở Tài chính"]
    assert first["deadline"]["due_dates"] == ["2025-12-15"]
    monthly = tasks[5]["deadline"]
    assert monthly["kind"] == "recurring" and monthly["due_dates"][:2] == ["2025-01-15", "2025-02-15"]
    assert tasks[1]["source"] == {"line": 17}


def test_a_duty_inside_a_heading_groups_items_and_keys_stay_unique():
    tasks = tasks_of(
        "II. NHIỆM VỤ\n\n1. Cải cách hành chính\n\n"
        "- Sở Nội vụ chủ trì, phối hợp với các sở, ngành rà soát thủ tục hành chính, hoàn thành trong tháng 9/2025.\n\n"
        "- Sở Tài chính chủ trì công khai ngân sách.\n\n"
        "(1) Sở Y tế chủ trì, phối hợp với Sở Tài chính:\n\n- Nâng cấp trạm y tế xã.\n\n"
        "Giao Sở Xây dựng chủ trì kiểm tra chất lượng công trình (Quý IV/2025).\n"
    )
    assert [brief(t)[0:3] + brief(t)[4:] for t in tasks] == [
                # A closing deadline is the task's deadline, not part of its title.
        ("II.1.1.1", "rà soát thủ tục hành chính", "Sở Nội vụ", "tháng 9/2025"),
        ("II.1.1.2", "công khai ngân sách", "Sở Tài chính", None),
        ("II.1.2.1", "Nâng cấp trạm y tế xã.", "Sở Y tế", None),
        ("II.1.3.1", "kiểm tra chất lượng công trình (Quý IV/2025)", "Sở Xây dựng", "Quý IV/2025"),
    ]
    assert tasks[0]["coordinating_text"] == "các sở, ngành"
    assert tasks[0]["section_title"] == "Cải cách hành chính"
    assert len({t["key"] for t in tasks}) == len(tasks)


def test_a_paragraph_that_points_to_a_table_is_not_a_task():
    assert tasks_of("Ủy ban nhân dân tỉnh giao các sở, ngành chủ trì theo dõi các chỉ tiêu dưới đây.\n") == []
