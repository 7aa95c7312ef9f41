"""The project's own documents (tests/docparse/documents, made by make_documents.py), one per layout and issuer.

What each document says is stated here by hand; the parser must read exactly that.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from planwatch.docparse import AgencyDirectory, LeaderDirectory, parse_path, to_format

DOCS = Path(__file__).parent / "documents"
D = Decimal

MINISTRY = AgencyDirectory.from_records(
    agencies=[
        {"name": "Bộ Xây dựng", "short": "BXD", "kind": "central_body"},
        {"name": "Cục Phát triển đô thị", "kind": "department"},
        {"name": "Cục Quản lý nhà và thị trường bất động sản", "kind": "department"},
        {"name": "Vụ Kế hoạch - Tài chính", "aliases": ["Vụ KHTC"], "kind": "department"},
        {"name": "Vụ Pháp chế", "kind": "department"},
    ],
    groups=[{"name": "Các Cục, Vụ thuộc Bộ", "aliases": ["Các Cục, Vụ liên quan"], "open": True}],
)

PROVINCE = AgencyDirectory.from_records(
    agencies=[
        {"name": "UBND tỉnh Bắc Ninh", "aliases": ["Ủy ban nhân dân tỉnh Bắc Ninh"], "kind": "city_office"},
        {"name": "Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh", "aliases": ["Sở Kế hoạch và Đầu tư"], "kind": "department"},
        {"name": "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Ninh", "aliases": ["Sở Lao động - Thương binh và Xã hội"]},
        {"name": "Sở Y tế tỉnh Bắc Ninh", "aliases": ["Sở Y tế"], "kind": "department"},
        {"name": "Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh", "aliases": ["Ban Quản lý các KCN"]},
    ],
    groups=[{"name": "Các sở, ban, ngành", "aliases": ["Các sở, ngành"]}],
)
PROVINCE_LEADERS = LeaderDirectory.from_records(
    positions=[
        {"name": "PCT phụ trách kinh tế", "title": "Phó Chủ tịch", "tenure": [{"person": "Nguyễn Văn An", "start": "2021-07-01"}]},
        {"name": "PCT phụ trách văn hóa - xã hội", "title": "Phó Chủ tịch", "tenure": [{"person": "Trần Thị Bình", "start": "2021-07-01"}]},
    ]
)


def by_key(items):
    return {i["key"]: i for i in items}


def quantity(q):
    return (q["op"], q["low"], q["high"])


# --- a ministry's DOCX ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ministry():
    return to_format(parse_path(DOCS / "bo-xay-dung-ke-hoach.docx", agencies=MINISTRY))


def test_ministry_header_is_read_from_a_layout_table_and_paragraphs(ministry):
    doc = ministry["document"]
    assert doc["number"] == "125/KH-BXD" and doc["id"] == "125-kh-bxd"
    assert doc["issuer"] == "Bộ Xây dựng"
    assert doc["date"] == "2024-03-15"
    assert doc["title"] == "Kế hoạch thực hiện Chương trình phát triển đô thị quốc gia giai đoạn 2024-2025"
    assert doc["period"] == "2024-2025"
    assert doc["implements"] == ["06-NQ/TW"]
    assert (doc["signer"], doc["signer_title"]) == ("Nguyễn Văn Sinh", "Thứ trưởng (K/T Bộ trưởng)")


def test_ministry_two_row_header_gives_values_and_two_target_columns(ministry):
    one = by_key(ministry["indicators"])["1"]
    assert [(t["horizon"], quantity(t)) for t in one["targets"]] == [
        ("2024", ("range", D("43"), D("44"))),
        ("2025", ("eq", D("45"), D("45"))),
    ]
    assert [(v["period"], v["kind"], v["value"]) for v in one["values"]] == [
        ("2022", "actual", D("41.5")),
        ("2023", "actual", D("42.6")),
    ]


def test_ministry_units_in_names_move_to_the_unit(ministry):
    rows = by_key(ministry["indicators"])
    assert (rows["1"]["name"], rows["1"]["unit"]) == ("Tỷ lệ đô thị hóa toàn quốc", "%")
    assert (rows["3"]["name"], rows["3"]["unit"]) == ("Vốn đầu tư phát triển hạ tầng đô thị", "nghìn tỷ đồng")
    assert (rows["4"]["name"], rows["4"]["unit"]) == ("Diện tích nhà ở bình quân", "m2 sàn/người")
    assert rows["2"]["unit"] is None


def test_ministry_groups_spanning_the_table_and_merged_lead_cells(ministry):
    rows = by_key(ministry["indicators"])
    assert [k for k in rows] == ["1", "2", "3", "4", "4.1", "4.2"]
    assert [(rows[k]["group"], rows[k]["group_title"]) for k in ("1", "4")] == [
        ("I", "CHỈ TIÊU PHÁT TRIỂN ĐÔ THỊ"),
        ("II", "CHỈ TIÊU NHÀ Ở"),
    ]
    assert rows["2"]["lead_agencies"] == ["Cục Phát triển đô thị"]  # vMerge continues row 1's cell
    assert rows["4.2"]["lead_agencies"] == ["Cục Quản lý nhà và thị trường bất động sản"]
    assert (rows["4.1"]["code"], rows["4.1"]["parent"]) == ("-", "4")


def test_ministry_assessment_column(ministry):
    rows = by_key(ministry["indicators"])
    assert [rows[k]["assessment"] for k in ("1", "2", "3", "4", "4.1")] == ["met", "exceeded", "not_met", "met", None]


def test_ministry_numbers_decided_by_their_row(ministry):
    three = by_key(ministry["indicators"])["3"]
    assert [v["value"] for v in three["values"]] == [D("1250.5"), D("1310")]
    assert [t["low"] for t in three["targets"]] == [D("1400"), D("1500")]
    assert not [w for w in ministry["warnings"] if w["code"] == "ambiguous_number"]
    two = by_key(ministry["indicators"])["2"]
    assert quantity(two["targets"][1]) == ("ge", D("25"), None)
    rural = by_key(ministry["indicators"])["4.2"]
    assert [v["period"] for v in rural["values"]] == ["2023"]  # `-` is no value
    assert quantity(rural["targets"][0]) == ("gt", D("24.5"), None)


def test_ministry_task_split_over_two_pages_is_one_task(ministry):
    tasks = by_key(ministry["tasks"])
    assert list(tasks) == ["1", "2", "3"]
    two = tasks["2"]
    assert two["title"] == "Rà soát, sửa đổi Nghị định về quản lý đầu tư phát triển đô thị, trình Chính phủ trong năm 2024"
    assert two["coordinating_text"] == "Cục Phát triển đô thị; Vụ Kế hoạch - Tài chính"
    assert two["coordinating_agencies"] == ["Cục Phát triển đô thị", "Vụ Kế hoạch - Tài chính"]
    assert two["source"] == {"table": 3, "row": 3}
    assert [w["source"] for w in ministry["warnings"] if w["code"] == "row_continued"] == [{"table": 3, "row": 5}]


def test_ministry_tasks_paragraphs_deadlines_references(ministry):
    tasks = by_key(ministry["tasks"])
    assert tasks["1"]["title"] == "Xây dựng Đề án phát triển đô thị thông minh\n(trình Bộ trưởng phê duyệt)"
    assert tasks["1"]["coordinating_groups"] == ["Các Cục, Vụ thuộc Bộ"]
    assert tasks["1"]["deadline"]["due_dates"] == ["2024-09-30"]
    assert tasks["3"]["deadline"] == {"text": "Trước 15/12/2025", "kind": "date", "due_dates": ["2025-12-15"], "recurrence": None}
    assert tasks["3"]["references"] == [
        {"number": "10/BC-BXD", "date": "2024-01-05", "text": "Báo cáo số 10/BC-BXD ngày 5/1/2024"}
    ]
    assert tasks["3"]["coordinating_text"] is None


# --- a province's XLSX ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def province():
    return to_format(
        parse_path(DOCS / "tinh-bac-ninh-chi-tieu.xlsx", agencies=PROVINCE, leaders=PROVINCE_LEADERS)
    )


def test_province_header(province):
    doc = province["document"]
    assert (doc["issuer"], doc["date"], doc["kind"]) == ("UBND tỉnh Bắc Ninh", "2024-12-20", "plan")
    # A title in capitals is re-cased from the body, where "Xã hội" is only seen inside an agency's name: the
    # case of that word cannot be known, the words can.
    assert doc["title"].casefold() == "Kế hoạch phát triển kinh tế - xã hội năm 2025".casefold()


def test_province_values_from_spreadsheet_numbers(province):
    rows = by_key(province["indicators"])
    assert [k for k in rows] == ["1", "2", "3", "4"]
    one = rows["1"]
    assert [(v["period"], v["kind"], v["value"]) for v in one["values"]] == [
        ("2024", "estimate", D("6.02")),
        ("2025", "plan", D("7.5")),
    ]
    # 0.1 + 0.2 + 161.9 as a float is 162.20000000000002: read as Excel shows it.
    assert rows["2"]["values"][0]["value"] == D("162.2")
    # A text cell beside it still needs the row to decide: 1.250-1.300 million đồng, not 1.25.
    assert quantity(rows["2"]["values"][1]) == ("range", D("1250"), D("1300"))
    # A percentage format: 0.785 shown as 78.5%.
    assert (rows["3"]["values"][0]["text"], rows["3"]["values"][0]["value"]) == ("78.5%", D("78.5"))
    assert quantity(rows["3"]["values"][1]) == ("ge", D("80"), None)


def test_province_merged_ranges_and_groups(province):
    rows = by_key(province["indicators"])
    assert rows["2"]["lead_agencies"] == ["Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh"]  # F6:F7 merged
    assert [(rows[k]["group"], rows[k]["group_title"]) for k in ("1", "4")] == [("A", "KINH TẾ"), ("B", "XÃ HỘI")]
    assert rows["2"]["leader"]["person"] == "Nguyễn Văn An"  # an empty leader cell continues the one above
    assert rows["4"]["leader"] is None  # ...but not across a group row


def test_province_leaders_resolved(province):
    rows = by_key(province["indicators"])
    assert rows["3"]["leader"] == {"text": "PCT Trần Thị Bình", "position": "PCT phụ trách văn hóa - xã hội", "person": "Trần Thị Bình"}


def test_province_task_sheet(province):
    tasks = by_key(province["tasks"])
    assert list(tasks) == ["I.1", "I.2"]
    assert tasks["I.1"]["section_title"] == "Phát triển kinh tế"
    assert tasks["I.1"]["lead_agencies"] == ["Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh"]
    assert tasks["I.1"]["deadline"]["recurrence"] == {"months": [3, 6, 9, 12], "from": 2024, "until": 2024}
    assert tasks["I.2"]["deadline"]["due_dates"] == ["2025-06-30"]  # a date cell
    assert tasks["I.2"]["coordinating_groups"] == ["Các sở, ban, ngành"]
    assert tasks["I.2"]["source"] == {"table": 2, "row": 4}


# --- a provincial department's flattened text ----------------------------------------------------------------


@pytest.fixture(scope="module")
def department():
    return to_format(parse_path(DOCS / "so-y-te-pipe.txt"))


def test_department_flattened_table_with_a_merged_lead(department):
    rows = by_key(department["indicators"])
    assert list(rows) == ["1", "2", "3", "3.1"]
    assert rows["2"]["lead_text"] == "Phòng Tổ chức cán bộ"  # its cell was merged with row 1's
    assert any(w["code"] == "cell_restored" and w["source"] == {"line": 36} for w in department["warnings"])
    assert [(v["period"], v["kind"], quantity(v)) for v in rows["3"]["values"]] == [("2024", "plan", ("gt", D("95"), None))]
    assert (rows["3.1"]["code"], rows["3.1"]["name"]) == ("-", "Trong đó: vùng miền núi")
    assert rows["1"]["unit"] == "bác sĩ"


def test_department_header(department):
    doc = department["document"]
    assert (doc["number"], doc["issuer"], doc["date"]) == ("45/KH-SYT", "Sở Y tế tỉnh Nghệ An", "2024-02-02")
    assert (doc["signer"], doc["signer_title"]) == ("Lê Thị Hoa", "Phó Giám đốc (K/T Giám đốc)")


def test_without_a_register_every_agency_is_unknown_and_said_once(department):
    rows = by_key(department["indicators"])
    assert rows["1"]["unknown_agencies"] == ["Phòng Tổ chức cán bộ"]
    assert [w["code"] for w in department["warnings"]].count("no_agency_register") == 1


# --- a district's tab-separated text -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def district():
    return to_format(parse_path(DOCS / "quan-cau-giay-tab.txt"))


def test_district_tab_table_with_repeated_header_and_continuation(district):
    rows = by_key(district["indicators"])
    assert list(rows) == ["1", "2", "3"]
    assert rows["2"]["name"] == "Số doanh nghiệp thành lập mới năm"
    assert [rows[k]["group"] for k in rows] == ["I", "I", "II"]
    assert [rows[k]["assessment"] for k in rows] == ["met", "exceeded", "not_met"]
    assert (rows["1"]["name"], rows["1"]["unit"]) == ("Thu ngân sách trên địa bàn", "Tỷ đồng")


def test_district_ambiguous_numbers_are_read_vietnamese_and_reported(district):
    ambiguous = [(w["text"], w["source"]) for w in district["warnings"] if w["code"] == "ambiguous_number"]
    assert ambiguous == [
        ("10.500", {"line": 16, "column": 5}),
        ("11.000", {"line": 16, "column": 5}),
        ("1.300", {"line": 17, "column": 5}),
    ]
    rows = by_key(district["indicators"])
    assert quantity(rows["1"]["targets"][0]) == ("range", D("10500"), D("11000"))
    assert rows["1"]["values"][0]["value"] == D("9850")  # its column has 92,5: Vietnamese


# --- one cell per line, in every encoding ------------------------------------------------------------------------

BLOCKS = [
    "huyen-gia-lam-blocks.txt",
    "huyen-gia-lam-blocks.utf8-bom.txt",
    "huyen-gia-lam-blocks.utf16le-bom.txt",
    "huyen-gia-lam-blocks.utf16be.txt",
    "huyen-gia-lam-blocks.cp1258.txt",
]


@pytest.mark.parametrize("name", BLOCKS)
def test_blocks_layout_in_every_encoding_reads_the_same(name):
    parsed = to_format(parse_path(DOCS / name))
    rows = by_key(parsed["indicators"])
    assert list(rows) == ["1", "2", "3"]
    assert rows["1"]["name"] == "Tỷ lệ xã đạt chuẩn nông thôn mới nâng cao"
    assert quantity(rows["3"]["targets"][0]) == ("ge", D("120"), None)
    # Row 2 has no unit cell: its four lines fill TT, name, target and lead, and the unit comes from the name.
    assert (rows["2"]["unit"], quantity(rows["2"]["targets"][0])) == ("Tỷ đồng", ("eq", D("3500"), D("3500")))
    doc = parsed["document"]
    assert (doc["number"], doc["issuer"], doc["date"], doc["signer"]) == (
        "12/KH-UBND",
        "UBND huyện Gia Lâm",
        date(2024, 1, 9).isoformat(),
        "Lê Anh Quân",
    )
    assert doc["title"] == "Kế hoạch phát triển nông nghiệp năm 2024"
