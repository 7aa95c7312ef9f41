"""Every layout becomes the same table model: rows recovered, merged cells restored, pages joined, columns mapped."""

import pytest

from planwatch.docparse.columns import classify, map_header, period_of
from planwatch.docparse.model import SourceDocument
from planwatch.docparse.tables import find_tables


def tables_of(text: str):
    warnings = []
    return find_tables(SourceDocument(lines=text.split("\n")), warnings), warnings


def texts(table):
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.mark.parametrize(
    "header, role, period, kind",
    [
        ("TT", "tt", None, None),
        ("STT", "tt", None, None),
        ("Số TT", "tt", None, None),
        ("Tên chỉ tiêu", "name", None, None),
        ("Chỉ tiêu", "name", None, None),
        ("Nội dung", "name", None, None),
        ("Nhiệm vụ", "name", None, None),
        ("Đơn vị tính", "unit", None, None),
        ("ĐVT", "unit", None, None),
        ("Chỉ tiêu đến năm 2025", "target", "2025", None),
        ("KH 2021-2025", "target", "2021-2025", None),
        ("Mục tiêu 2030", "target", "2030", None),
        ("Kế hoạch giai đoạn 2021 - 2025", "target", "2021-2025", None),
        ("TH 2021", "value", "2021", "actual"),
        ("Thực hiện năm 2022", "value", "2022", "actual"),
        ("ƯTH 2024", "value", "2024", "estimate"),
        ("Ước thực hiện 2024", "value", "2024", "estimate"),
        ("KH 2024", "value", "2024", "plan"),
        ("NV 2025 để hoàn thành KH", "value", "2025", "required"),
        ("2016-2020", "value", "2016-2020", "actual"),
        ("2021-2023", "value", "2021-2023", "actual"),
        ("Ước TH 6 tháng đầu năm 2024", "value", "2024-H1", "estimate"),
        ("TH Quý II/2024", "value", "2024-Q2", "actual"),
        ("Đơn vị chủ trì", "lead", None, None),
        ("Cơ quan, đơn vị chủ trì tham mưu", "lead", None, None),
        ("Cơ quan chủ trì", "lead", None, None),
        ("Cơ quan, đơn vị phối hợp", "coord", None, None),
        ("Lãnh đạo UBND TP chỉ đạo", "leader", None, None),
        ("Lãnh đạo UBND Thành phố phụ trách", "leader", None, None),
        ("Sản phẩm", "product", None, None),
        ("Thời hạn hoàn thành kế hoạch khung", "deadline", None, "framework_plan"),
        ("Thời gian hoàn thành", "deadline", None, None),
        ("Ghi chú", "note", None, None),
        ("Kết quả đánh giá", "assessment", None, None),
        ("Đánh giá", "assessment", None, None),
        ("Tỷ lệ % so với KH", "extra", None, None),
        # a year over the kinds of its values, combined as the two-row header readers combine them
        ("Kế hoạch Năm 2024", "value", "2024", "plan"),
        ("Ước thực hiện Năm 2024", "value", "2024", "estimate"),
        ("So sánh (%) Năm 2024", "extra", None, None),
        ("Ước TH/KH (%)", "extra", None, None),
        # forecasts and qualifiers after the period
        ("Dự báo khả năng thực hiện đến năm 2025", "value", "2025", "estimate"),
        ("Năm 2025 (dự kiến)", "value", "2025", "estimate"),
        ("Thực hiện 2024 (ước)", "value", "2024", "estimate"),
        ("Dự kiến KH 2026", "value", "2026", "plan"),
        ("Mục tiêu Nghị quyết Đại hội", "target", None, None),
        ("6 tháng đầu năm 2025", "value", "2025-H1", "actual"),
        ("Kết quả năm 2024 so với KH (%)", "extra", None, None),
        # task tables
        ("Thời gian bắt đầu", "extra", None, None),
        ("Thời gian kết thúc", "deadline", None, None),
        ("Lộ trình", "deadline", None, None),
        ("Trách nhiệm thực hiện", "lead", None, None),
        ("Tình hình thực hiện (đến ngày 15/6)", "progress", None, None),
        ("Văn bản ban hành", "product", None, None),
        # a copy that lost the spaces at the line breaks of a wrapped header
        ("Cơ quanchủ trì", "lead", None, None),
        ("Thời gianhoàn thành", "deadline", None, None),
    ],
)
def test_headers_map_by_meaning(header, role, period, kind):
    column = classify(header)
    assert (column.role, column.period, column.kind) == (role, period, kind)


def test_a_row_of_data_is_no_header():
    assert map_header(["1", "Tốc độ tăng GRDP", "%", "7,5"]) is None
    assert map_header(["TT", "Tên chỉ tiêu", "Đơn vị tính", "KH 2025"]) is not None
    assert period_of("kh 2021 2025") == "2021-2025"


FLAT = """TT
|
Tên
chỉ tiêu
|
Đơn
vị tính
|
Chỉ tiêu đến năm 2025
|
Đơn vị chủ trì
|
A
|
VỀ KINH TẾ
|
|
|
|
1
|
Tốc độ tăng GRDP
|
%
|
7,5-8,0
|
Sở Kế hoạch
và Đầu tư
|
|
Trong đó:
|
|
|
|
- Dịch vụ
|
%
|
8,0
|
2
|
GRDP bình quân đầu người
|
USD
|
8.300
|
Sở Y
tế
|
|
|
|
|"""


def test_flattened_rows_are_recovered_and_a_missing_merged_cell_restored():
    (table,), warnings = tables_of(FLAT)
    assert table.layout == "pipe"
    assert [c.role for c in table.columns] == ["tt", "name", "unit", "target", "lead"]
    assert texts(table) == [
        ["A", "VỀ KINH TẾ", "", "", ""],
        ["1", "Tốc độ tăng GRDP", "%", "7,5-8,0", "Sở Kế hoạch và Đầu tư"],
        ["", "Trong đó:", "", "", "Sở Kế hoạch và Đầu tư"],
        ["", "- Dịch vụ", "%", "8,0", "Sở Kế hoạch và Đầu tư"],  # its lead cell was merged with the rows above
        ["2", "GRDP bình quân đầu người", "USD", "8.300", "Sở Y tế"],  # `Sở Y` / `tế` joined
    ]
    assert table.rows[3].cells[4].restored
    assert [w.code for w in warnings] == ["cell_restored", "cell_restored"]  # the marker row's cell, then the sub-row's
    assert table.rows[1].source.line == 20  # the line of its TT cell


TAB = "\n".join(
    [
        "Phụ lục",
        "TT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn",
        "1\tXây dựng đề án\tSở Tài chính\t2024",
        "2\tHoàn thành thủ tục các\tUBND huyện: Gia Lâm,",
        "",
        "TT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn",
        "\thuyện còn lại\tĐông Anh\t2025",
        "3\tTổng kết\tSở Tài chính\tQuý IV/2025",
        "Nơi nhận:",
    ]
)


def test_tab_pages_drop_repeated_headers_and_join_continued_rows():
    (table,), warnings = tables_of(TAB)
    assert table.layout == "tab"
    assert texts(table) == [
        ["1", "Xây dựng đề án", "Sở Tài chính", "2024"],
        ["2", "Hoàn thành thủ tục các huyện còn lại", "UBND huyện: Gia Lâm, Đông Anh", "2025"],
        ["3", "Tổng kết", "Sở Tài chính", "Quý IV/2025"],
    ]
    assert [(w.code, w.source.line) for w in warnings] == [("row_continued", 7)]


def test_a_sub_row_after_a_page_break_is_not_a_continuation():
    text = "\n".join(
        [
            "TT\tChỉ tiêu\tĐVT\tKH 2025",
            "1\tTăng trưởng GRDP\t%\t7,5",
            "",
            "TT\tChỉ tiêu\tĐVT\tKH 2025",
            "\t- Dịch vụ\t%\t8,0",
        ]
    )
    (table,), warnings = tables_of(text)
    assert len(table.rows) == 2 and warnings == []


def test_html_in_tab_cells_is_text_with_paragraph_breaks():
    text = "TT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn\n1\t<p>Đầu tư:</p> <p>(1) Nhà máy <i>A</i></p>\tSở Xây dựng\t2024"
    (table,), _ = tables_of(text)
    assert table.rows[0].cells[1].text == "Đầu tư:\n(1) Nhà máy A"


BLOCKS = """TT
Tên chỉ tiêu
Đơn vị tính
KH 2025
Cơ quan chủ trì

1
Tỷ lệ hộ nghèo
%
< 1
Sở Lao động - Thương binh và Xã hội

2
Tỷ lệ đô thị hóa
60
Sở Quy hoạch - Kiến trúc

Nơi nhận:"""


def test_one_cell_per_line_rows_separated_by_blank_lines():
    (table,), warnings = tables_of(BLOCKS)
    assert table.layout == "blocks"
    assert texts(table) == [
        ["1", "Tỷ lệ hộ nghèo", "%", "< 1", "Sở Lao động - Thương binh và Xã hội"],
        ["2", "Tỷ lệ đô thị hóa", "", "60", "Sở Quy hoạch - Kiến trúc"],  # a short block: the missing cell is empty
    ]
    assert not table.rows[1].cells[2].restored


def test_prose_with_tabs_and_pipes_is_not_a_table():
    tables, _ = tables_of("Hà Nội xác định nhiệm vụ |\nThành phố\tđẩy mạnh\n- Tăng cường | phối hợp")
    assert tables == []
