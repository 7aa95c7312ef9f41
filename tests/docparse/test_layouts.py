"""The cut lexer and the stream alignment: what each cut of a text gives, and the warnings that say what was
guessed. The corpus (test_corpus.py) checks whole documents; these pin the rules one by one."""

import pytest

from planwatch.docparse import parse_bytes, to_format
from planwatch.docparse.layouts import (
    _numeric_row,
    columns_by_position,
    line_items,
    markdown_regions,
    numeric_tail_regions,
    paragraph_items,
)
from planwatch.docparse.model import SourceDocument
from planwatch.docparse.tables import find_tables


def read(text: str):
    return to_format(parse_bytes(text.encode("utf-8"), filename="x.txt"))


def tables_of(text: str):
    warnings = []
    return find_tables(SourceDocument(lines=text.split("\n")), warnings), warnings


def rows_of(table):
    return [[c.text for c in row.cells] for row in table.rows]


def test_a_line_holding_an_invisible_space_is_an_empty_cell_and_a_blank_line_a_gap():
    items = line_items(["a", "\u00a0", "", "b"], set())
    assert [(i.text, i.gap) for i in items] == [("a", False), ("", False), ("b", True)]


def test_three_blank_lines_between_paragraph_cells_hold_an_empty_cell():
    items = paragraph_items(["a", "", "b", "", "", "", "c"], set())
    assert [i.text for i in items] == ["a", "b", "", "c"]


@pytest.mark.parametrize(
    "lines, rows",
    [
        (["| TT | Chỉ tiêu | ĐVT |", "|---|---|---|", "| 1 | GRDP | % |"], [["TT", "Chỉ tiêu", "ĐVT"], ["1", "GRDP", "%"]]),
        (["TT | Chỉ tiêu | ĐVT |", "1 | GRDP | % |", "2 | Thu ngân sách | tỷ đồng |"], None),
        (["| a \\| b | c |", "|---|---|", "| 1 | 2 |"], [["a | b", "c"], ["1", "2"]]),
        (["Ý kiến | Chia sẻ"], []),
    ],
)
def test_markdown_and_inline_pipe_rows(lines, rows):
    regions = markdown_regions(lines)
    if rows == []:
        assert regions == []
        return
    (region,) = regions
    if rows is not None:
        assert region.rows == rows
    assert len(region.rows) == len([line for line in lines if "---" not in line])


@pytest.mark.parametrize(
    "line, figures, tt, unit, row",
    [
        ("Tốc độ tăng trưởng GRDP % 13,02 7,82", 2, False, True, ["Tốc độ tăng trưởng GRDP", "%", "13,02", "7,82"]),
        ("GRDP bình quân đầu người USD 3.250 3.596", 2, False, True, ["GRDP bình quân đầu người", "USD", "3.250", "3.596"]),
        ("3 Tổng vốn đầu tư Tỷ đồng 41.550 > 46.000", 2, True, True, ["3", "Tổng vốn đầu tư", "Tỷ đồng", "41.550", "> 46.000"]),
        ("Dịch vụ % 4,7 3,6", 2, False, True, ["Dịch vụ", "%", "4,7", "3,6"]),
        ("Văn bản không có số ở cuối", 2, False, True, None),
    ],
)
def test_a_numeric_tail_row_is_cut_from_the_right(line, figures, tt, unit, row):
    assert _numeric_row(line, figures, tt, unit) == row


def test_a_one_line_header_is_cut_into_known_columns():
    (region,) = numeric_tail_regions(
        ["Chỉ tiêu ĐVT TH 2022 ƯTH 2023 KH 2024", "GRDP % 5,1 6,0 6,5", "Thu ngân sách tỷ đồng 120 130 140"]
    )
    assert region.rows[0] == ["Chỉ tiêu", "ĐVT", "TH 2022", "ƯTH 2023", "KH 2024"]


def test_a_spaced_cell_written_over_the_next_column_is_cut_at_its_start():
    header = [(0, "TT"), (5, "Nhiệm vụ"), (33, "Cơ quan chủ trì")]
    row = [(0, "2"), (5, "Đánh giá sản phẩm cấp huyện Hội đồng OCOP")]
    assert columns_by_position(header, row) == ["2", "Đánh giá sản phẩm cấp huyện", "Hội đồng OCOP"]


ONE_CELL_PER_LINE = """KẾ HOẠCH năm 2025

STT
Chỉ tiêu
Đơn vị tính
Kết quả thực hiện
Kế hoạch 2025
2023
2024
1
Tốc độ tăng trưởng GRDP
%
6,2
7,1
8,0
2
Tổng vốn đầu tư phát triển toàn
xã hội
tỷ đồng
41.550
46.210
52.000

Lưu trữ
Ý kiến
Facebook
"""


def test_a_stream_table_with_a_two_row_header_and_a_wrapped_name():
    (table,), _ = tables_of(ONE_CELL_PER_LINE)
    assert [(c.role, c.period, c.kind) for c in table.columns] == [
        ("tt", None, None), ("name", None, None), ("unit", None, None),
        ("value", "2023", "actual"), ("value", "2024", "actual"), ("value", "2025", "plan"),
    ]
    assert rows_of(table) == [
        ["1", "Tốc độ tăng trưởng GRDP", "%", "6,2", "7,1", "8,0"],
        ["2", "Tổng vốn đầu tư phát triển toàn xã hội", "tỷ đồng", "41.550", "46.210", "52.000"],
    ]  # the page's footer after the blank line is not a row
    assert table.rows[1].confidence < table.rows[0].confidence
    assert any("ghép từ 2 dòng" in reason for reason in table.rows[1].reasons)


def test_lost_automatic_numbering_is_renumbered_and_reported():
    text = "TT\tChỉ tiêu\tĐVT\tKH 2025\n1.\tA một\t%\t5\n1.\tB hai\t%\t6\n1.\tC ba\t%\t7\n"
    parsed = read(text)
    assert [i["key"] for i in parsed["indicators"]] == ["1", "2", "3"]
    assert [w["code"] for w in parsed["warnings"]].count("renumbered") == 1


def test_a_short_row_is_a_warning_naming_the_missing_columns():
    text = "TT\tChỉ tiêu\tĐVT\tTH 2023\tKH 2024\n1\tGRDP\t%\t6,2\t7,0\n2\tThu ngân sách\ttỷ đồng\t120\n"
    parsed = read(text)
    (short,) = [w for w in parsed["warnings"] if w["code"] == "short_row"]
    assert short["source"] == {"line": 3} and "KH 2024" in short["message"]


def test_a_header_without_readable_rows_says_so_and_never_nothing_found():
    text = "KẾ HOẠCH năm 2024\n\nTT\nChỉ tiêu\nĐơn vị tính\nKế hoạch năm 2025\n\n" + "Văn bản kết thúc ở đây. " * 80
    parsed = read(text)
    codes = [w["code"] for w in parsed["warnings"]]
    assert "table_rows_unread" in codes and "nothing_found" not in codes
    (unread,) = [w for w in parsed["warnings"] if w["code"] == "table_rows_unread"]
    assert "dòng 3" in unread["message"]


def test_the_planner_corrects_a_columns_meaning_once_for_the_table():
    text = "TT\tChỉ tiêu\tĐVT\tKH 2025\n1\tGRDP\t%\t8,0\n2\tThu ngân sách\ttỷ đồng\t140\n"
    as_read = read(text)
    assert [v["kind"] for i in as_read["indicators"] for v in i["values"]] == ["plan", "plan"]
    corrected = to_format(parse_bytes(text.encode(), filename="x.txt", columns={1: {3: "Chỉ tiêu đến năm 2025"}}))
    assert [(t["horizon"], t["text"]) for i in corrected["indicators"] for t in i["targets"]] == [
        ("2025", "8,0"), ("2025", "140")
    ]
    dropped = to_format(parse_bytes(text.encode(), filename="x.txt", columns={1: {2: "Bỏ qua"}}))
    assert [i["unit"] for i in dropped["indicators"]] == [None, None]


def test_tables_and_confidence_are_in_the_format():
    parsed = read(ONE_CELL_PER_LINE)
    (table,) = parsed["tables"]
    assert table["layout"] == "lines" and table["kind"] == "indicators" and table["rows"] == 2
    assert 0 < table["confidence"] <= 1
    assert all(0 < i["confidence"] <= 1 for i in parsed["indicators"])


def test_a_note_column_of_judgements_is_an_assessment():
    text = "TT\tChỉ tiêu\tĐVT\tKH 2023\tƯTH 2023\tGhi chú\n1\tGRDP\t%\t6,5\t5,05\tKhông đạt\n2\tCPI\t%\t4,5\t3,25\tVượt\n"
    parsed = read(text)
    assert [i["assessment"] for i in parsed["indicators"]] == ["not_met", "exceeded"]


def test_a_column_numbering_row_is_dropped_and_the_captions_unit_given_to_every_row():
    text = (
        "KẾ HOẠCH năm 2025\n\nBiểu 02 (Đơn vị tính: tỷ đồng)\n\nSTT\nChỉ tiêu\nThực hiện 2023\nKế hoạch 2025\n"
        "(1)\n(2)\n(3)\n(4)\n1\nThu ngân sách nhà nước\n12.500\n14.000\n2\nChi đầu tư phát triển\n5.100\n6.000\n"
    )
    parsed = read(text)
    assert [(i["key"], i["unit"], [v["text"] for v in i["values"]]) for i in parsed["indicators"]] == [
        ("1", "tỷ đồng", ["12.500", "14.000"]),
        ("2", "tỷ đồng", ["5.100", "6.000"]),
    ]


def test_a_cell_of_bullet_lines_beside_as_many_targets_is_as_many_indicators():
    text = (
        "| Nhóm chỉ số | Chỉ số cụ thể | Mốc 2030 | Mốc 2045 |\n|---|---|---|---|\n"
        "| **Kinh tế số** | - Tỉ trọng kinh tế số trong GDP<br>- Xuất khẩu công nghệ cao | - ≥ 30%<br>- > 50% | - ≥ 50%<br>- > 70% |\n"
        "| **Nhân lực** | - Nguồn nhân lực R&D (người/1 vạn dân)<br>- Số tổ chức xếp hạng | - ≥ 12<br>- 40 | - ≥ 15<br>- 60 |\n"
    )
    parsed = read(text)
    assert [(i["name"], [(t["horizon"], t["text"]) for t in i["targets"]]) for i in parsed["indicators"]] == [
        ("Tỉ trọng kinh tế số trong GDP", [("2030", "≥ 30%"), ("2045", "≥ 50%")]),
        ("Xuất khẩu công nghệ cao", [("2030", "> 50%"), ("2045", "> 70%")]),
        ("Nguồn nhân lực R&D", [("2030", "≥ 12"), ("2045", "≥ 15")]),
        ("Số tổ chức xếp hạng", [("2030", "40"), ("2045", "60")]),
    ]
    assert [w["code"] for w in parsed["warnings"]].count("row_split") == 2
