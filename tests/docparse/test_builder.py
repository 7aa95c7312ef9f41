"""The result builder's rules, one by one (docs/format.md: keys, parents, codes, fill-down, units, references)."""

from datetime import date

import pytest

from planwatch.docparse import parse_bytes, to_format
from planwatch.docparse.builder import (
    assessment_of,
    guess_measure,
    references_in,
    split_from_in,
    split_marker,
    unit_from_name,
)


@pytest.mark.parametrize(
    "tt, name, code, rest",
    [
        ("1", "Tăng trưởng", "1", "Tăng trưởng"),
        ("-", "Dịch vụ", "-", "Dịch vụ"),
        ("", "- Dịch vụ", "-", "Dịch vụ"),
        ("", "+ Công nghiệp", "+", "Công nghiệp"),
        ("", "Trong đó: + Khu vực đô thị", "+", "Khu vực đô thị"),
        ("", "Tr.đó: Có bằng cấp, chứng chỉ", "Tr.đó", "Có bằng cấp, chứng chỉ"),
        ("", "Trong đó:", "Trong đó", ""),
        ("", "Tỷ lệ thôn văn hóa", "", "Tỷ lệ thôn văn hóa"),
        ("", "-2% so với cùng kỳ", "", "-2% so với cùng kỳ"),
    ],
)
def test_markers_become_the_code(tt, name, code, rest):
    assert split_marker(tt, name) == (code, rest)


@pytest.mark.parametrize(
    "name, rest, unit",
    [
        ("Thu ngân sách (Tỷ đồng)", "Thu ngân sách", "Tỷ đồng"),
        ("Tốc độ tăng trưởng (%)", "Tốc độ tăng trưởng", "%"),
        ("Thu nhập bình quân (USD/người)", "Thu nhập bình quân", "USD/người"),
        ("Tỷ lệ hộ nghèo (chuẩn của TP)", "Tỷ lệ hộ nghèo (chuẩn của TP)", None),
        ("Tổng sản phẩm (GRDP)", "Tổng sản phẩm (GRDP)", None),
        ("Vốn đầu tư (giá hiện hành)", "Vốn đầu tư (giá hiện hành)", None),
        ("Xây dựng nông thôn mới (NTM)", "Xây dựng nông thôn mới (NTM)", None),
    ],
)
def test_a_unit_in_the_name(name, rest, unit):
    assert unit_from_name(name) == (rest, unit)


@pytest.mark.parametrize(
    "text, result",
    [("Đạt", "met"), ("Hoàn thành", "met"), ("Không đạt", "not_met"), ("Chưa đạt", "not_met"), ("Vượt", "exceeded"),
     ("Vượt kế hoạch", "exceeded"), ("Đang thực hiện", None)],
)
def test_assessment_words(text, result):
    assert assessment_of(text) == result


def test_references_in_a_note():
    refs = references_in("Chương trình số 04/CTr-UBND; Báo cáo số 65/BC-SDL 23/4/2024")
    assert [(r.number, r.date, r.text) for r in refs] == [
        ("04/CTr-UBND", None, "Chương trình số 04/CTr-UBND"),
        ("65/BC-SDL", date(2024, 4, 23), "Báo cáo số 65/BC-SDL 23/4/2024"),
    ]
    (ref,) = references_in("Kế hoạch số 78/KH-UBND; 11/3/2024")
    assert (ref.number, ref.date) == ("78/KH-UBND", date(2024, 3, 11))
    (ref,) = references_in("Nghị định 21/2019/NĐ-CP ngày 22/02/2019")
    assert ref.number == "21/2019/NĐ-CP"
    (ref,) = references_in("KH phát triển KTXH 5 năm 2021-2025")
    assert (ref.number, ref.text) == ("", "KH phát triển KTXH 5 năm 2021-2025")
    assert references_in("Xây dựng kế hoạch chung hoặc tách riêng từng dự án") == []


def test_split_from_a_note():
    note = "03 nội dung được tách riêng từ nhiệm vụ số 28 Phụ lục kèm theo Chương trình 14-CTr/TU ngày 31/5/2021 của Thành ủy."
    split = split_from_in(note)
    assert (split.task, split.document, split.text) == ("28", "14-CTr/TU", note)
    assert split_from_in("Kế hoạch số 63/KH-UBND") is None


@pytest.mark.parametrize(
    "name, unit, measure, direction",
    [
        ("Tốc độ tăng trưởng GRDP bình quân", "%", "growth_average", "higher_better"),
        ("Cơ cấu kinh tế", "%", "share", "band"),  # a structure's shares are held in a band
        ("Tỷ trọng kinh tế số trong GRDP", "%", "share", "higher_better"),
        ("Hoàn thành mục tiêu xây dựng nông thôn mới", None, "qualitative", "higher_better"),
        ("Số giường bệnh/vạn dân", "giường", "ratio_per_population", "higher_better"),
        ("Vốn đầu tư phát triển toàn xã hội", "nghìn tỷ đồng", "sum_over_period", "higher_better"),
        ("Đảng viên mới được kết nạp hằng năm", "Đảng viên", "count", "higher_better"),
        ("Tỷ lệ thất nghiệp khu vực thành thị", "%", "level_at_end", "lower_better"),
    ],
)
def test_measure_and_direction_are_guessed(name, unit, measure, direction):
    assert guess_measure(name, unit, []) == (measure, direction)


def test_a_sub_row_of_the_same_unit_is_of_its_parents_kind():
    growth = ("growth_average", "higher_better", "%")
    assert guess_measure("Dịch vụ", "%", [], growth) == ("growth_average", "higher_better")
    # Another unit: its own kind (a share of communes under a ratio per population).
    assert guess_measure("Xã, phường đạt chuẩn quốc gia về y tế", "%", [], ("ratio_per_population", "higher_better", None)) == (
        "level_at_end",
        "higher_better",
    )


def build(text: str) -> dict:
    return to_format(parse_bytes(text.encode("utf-8")))


TABLE = "\n".join(
    [
        "Số: 5/KH-UBND",
        "Hà Nội, ngày 1 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "Thực hiện chỉ tiêu năm 2024",
        "TT\tChỉ tiêu\tĐVT\tKH 2021-2025\tTH 2023\tĐơn vị chủ trì\tLãnh đạo chỉ đạo",
        "A\tKINH TẾ\t\t\t\t\t",
        "1\tTăng trưởng GRDP\t%\t7,5-8,0\t6.27\tSở KHĐT\tPCT Hà Minh Hải",
        "-\tDịch vụ\t%\t8,0\t7.25\t\t",
        "\t+ Bán lẻ\t%\t9,0\t8.1\tSở CT\t",
        "\t+ Du lịch\t%\t10\t9.5\t\t",
        "-\tCông nghiệp\t%\t8,5\t5.3\t\t",
        "\tTrong đó:\t\t\t\t\t",
        "\tTr.đó: Chế biến\t%\t9\t5\t\t",
        "2\tChỉ tiêu về nhà ở\t\t\t\t\t",
        "-\tDiện tích nhà ở\tm2\t29,5\t27\tSở XD\t",
        "B\tXÃ HỘI\t\t\t\t\t",
        "3\tTỷ lệ hộ nghèo\t%\t< 1\t0.03\t\t",
    ]
)


def test_keys_parents_and_codes():
    rows = {i["key"]: i for i in build(TABLE)["indicators"]}
    assert list(rows) == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.3", "2", "2.1", "3"]
    assert [(rows[k]["code"], rows[k]["parent"]) for k in rows] == [
        ("1", None), ("-", "1"), ("+", "1.1"), ("+", "1.1"), ("-", "1"), ("Tr.đó", "1"), ("2", None), ("-", "2"), ("3", None),
    ]
    assert [rows[k]["group"] for k in ("1", "2", "3")] == ["A", "A", "B"]


def test_empty_lead_and_leader_cells_continue_the_one_above_except_on_heading_rows_and_across_groups():
    rows = {i["key"]: i for i in build(TABLE)["indicators"]}
    assert [rows[k]["lead_text"] for k in rows] == [
        "Sở KHĐT", "Sở KHĐT", "Sở CT", "Sở CT", "Sở CT", "Sở CT", None, "Sở XD", None,
    ]
    assert rows["1.2"]["leader"]["text"] == "PCT Hà Minh Hải"
    assert rows["2"]["leader"] is None  # a heading row (no target, no value) keeps only what is written on it
    assert rows["2.1"]["leader"]["text"] == "PCT Hà Minh Hải"
    assert rows["3"]["leader"] is None and rows["3"]["lead_text"] is None  # group B starts afresh


def test_targets_and_values_by_column():
    rows = {i["key"]: i for i in build(TABLE)["indicators"]}
    one = rows["1"]
    assert [(t["horizon"], t["text"]) for t in one["targets"]] == [("2021-2025", "7,5-8,0")]
    assert [(v["period"], v["kind"], v["text"]) for v in one["values"]] == [("2023", "actual", "6.27")]
    assert rows["2"]["targets"] == [] and rows["2"]["values"] == []


def test_every_indicator_says_its_measure_was_guessed():
    parsed = build(TABLE)
    guessed = [w for w in parsed["warnings"] if w["code"] == "measure_guessed"]
    assert len(guessed) == len(parsed["indicators"])


TASKS = "\n".join(
    [
        "Hà Nội, ngày 2 tháng 1 năm 2024",
        "KẾ HOẠCH",
        "Các nhiệm vụ năm 2024 - 2025",
        "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tSản phẩm\tThời hạn\tGhi chú",
        "I\tCải cách hành chính\t\t\t\t\t",
        "1\tRà soát thủ tục\tSở Tư pháp\t\tBáo cáo kết quả\tĐã ban hành Kế hoạch\tKế hoạch số 9/KH-UBND ngày 3/1/2024",
        "-\tThủ tục đất đai\tSở Tài nguyên và Môi trường\t\t\tQuý II/2024\t",
        "2\tSố hóa hồ sơ\tSở Thông tin và Truyền thông\t\t\tThường xuyên\t",
        "II\tĐầu tư\t\t\t\t\t",
        "1\tGiải ngân vốn\tSở Kế hoạch và Đầu tư\t\t\tTháng 6, tháng 12 hàng năm\t",
    ]
)


def test_task_sections_keys_sub_tasks_and_status():
    parsed = build(TASKS)
    tasks = {t["key"]: t for t in parsed["tasks"]}
    assert list(tasks) == ["I.1", "I.1.1", "I.2", "II.1"]
    assert tasks["I.1"]["status"] == "done" and tasks["I.2"]["status"] == "not_started"
    assert tasks["I.1.1"]["parent"] == "I.1" and tasks["I.1.1"]["code"] == "-"
    assert tasks["II.1"]["section_title"] == "Đầu tư"
    # The period is not in the title; with no target column, a recurrence runs through the document's year.
    assert tasks["II.1"]["deadline"]["recurrence"] == {"months": [6, 12], "from": 2024, "until": 2024}
    # A standing duty has no due date, and says so without a warning.
    assert tasks["I.2"]["deadline"]["kind"] == "ongoing"
    assert [w["text"] for w in parsed["warnings"] if w["code"] == "unknown_deadline"] == []


def test_numbering_that_restarts_in_each_group_keeps_keys_unique():
    text = "\n".join(
        [
            "TT\tChỉ tiêu\tĐVT\tKH 2025",
            "I\tKinh tế\t\t",
            "1\tTăng trưởng\t%\t7",
            "-\tDịch vụ\t%\t8",
            "II\tXã hội\t\t",
            "1\tTỷ lệ hộ nghèo\t%\t1",
        ]
    )
    parsed = build(text)
    assert [(i["key"], i["parent"]) for i in parsed["indicators"]] == [("I.1", None), ("I.1.1", "I.1"), ("II.1", None)]
    assert not [w for w in parsed["warnings"] if w["code"] == "duplicate_key"]


def test_a_target_column_without_a_year_takes_a_one_year_plans_year_or_says_it_has_none():
    with_title = parse_bytes(
        "ỦY BAN NHÂN DÂN HUYỆN A\nSố: 12/KH-UBND\nA, ngày 20 tháng 12 năm 2024\n\nKẾ HOẠCH\n"
        "Phát triển kinh tế - xã hội năm 2025\n\nSTT\tChỉ tiêu\tĐVT\tKế hoạch\n1\tTốc độ tăng trưởng\t%\t8\n"
        "2\tThu ngân sách\tTỷ đồng\t60\n".encode(), filename="a.txt")
    assert [t.horizon for i in with_title.indicators for t in i.targets] == ["2025", "2025"]
    assert not [w for w in with_title.warnings if w.code == "target_without_horizon"]
    without = parse_bytes(
        "Biểu chỉ tiêu\nSTT\tChỉ tiêu\tĐVT\tKế hoạch\n1\tTốc độ tăng trưởng\t%\t8\n2\tThu ngân sách\tTỷ đồng\t60\n".encode(),
        filename="b.txt")
    # said once for the column, not once per row
    assert [w.text for w in without.warnings if w.code == "target_without_horizon"] == ["Kế hoạch"]
