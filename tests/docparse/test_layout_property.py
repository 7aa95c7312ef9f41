"""One table, every layout: a small indicator or task table written in each text layout real copies take (and as
a Word document) reads to the same rows and cells as the table itself.

The tables are drawn from real indicator names, units, agencies, titles and deadlines, so that recognising a
header or a cell is as fair as on a real plan; the figures are Vietnamese-style (`7,5-8,0`, `1.162,6`, `> 75`).
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.docparse import parse_bytes, to_format

from .corpus_check import compare

INDICATOR_NAMES = [
    "Tốc độ tăng trưởng GRDP",
    "GRDP bình quân đầu người",
    "Thu ngân sách nhà nước trên địa bàn",
    "Tổng vốn đầu tư toàn xã hội",
    "Kim ngạch xuất khẩu",
    "Tỷ lệ đô thị hóa",
    "Tỷ lệ lao động qua đào tạo",
    "Tỷ lệ hộ nghèo theo chuẩn đa chiều",
    "Số giường bệnh trên 1 vạn dân",
    "Tỷ lệ dân số tham gia bảo hiểm y tế",
    "Tỷ lệ che phủ rừng",
    "Tỷ lệ xã đạt chuẩn nông thôn mới",
    "Tỷ lệ trường học đạt chuẩn quốc gia",
    "Số doanh nghiệp thành lập mới",
]
UNITS = ["%", "triệu đồng", "tỷ đồng", "USD", "triệu USD", "giường", "doanh nghiệp", "%/năm"]
FIGURES = ["7,5-8,0", "1.162,6", "> 75", "6,27", "100", "Trên 90", "3.100-3.200", "< 3", "45,2", "Khoảng 30"]
AGENCIES = [
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Cục Thống kê tỉnh",
    "Bảo hiểm xã hội tỉnh",
]
COORDINATING = [
    "Các sở, ban, ngành",
    "UBND các huyện, thị xã, thành phố",
    "Sở Tài chính; Sở Tư pháp",
    "Công an tỉnh",
    "Văn phòng UBND tỉnh",
]
TASK_TITLES = [
    "Xây dựng Đề án phát triển kinh tế số của tỉnh",
    "Rà soát, điều chỉnh quy hoạch chung đô thị",
    "Hoàn thành giải phóng mặt bằng khu công nghiệp",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Tổ chức đối thoại định kỳ với doanh nghiệp",
    "Ban hành Kế hoạch cải cách hành chính năm 2025",
    "Đánh giá chất lượng bệnh viện theo bộ tiêu chí",
    "Kiểm tra việc thực hiện văn bản quy phạm pháp luật",
]
DEADLINES = ["Quý III/2025", "Tháng 6/2025", "Trước 30/6/2025", "2024-2025", "Năm 2025", "Hằng quý"]

# Value and target columns: the header as written, and where its cells go in the expected row.
FIGURE_COLUMNS = [
    ("TH 2023", ("values", "2023 actual")),
    ("ƯTH 2024", ("values", "2024 estimate")),
    ("KH 2025", ("values", "2025 plan")),
    ("Chỉ tiêu đến năm 2025", ("targets", "2025")),
    ("Mục tiêu 2030", ("targets", "2030")),
]

PREAMBLE = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH NGHỆ AN",
    "",
    "Số: 15/KH-UBND",
    "",
    "Nghệ An, ngày 10 tháng 01 năm 2025",
    "",
    "KẾ HOẠCH",
    "Thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025",
    "",
    "Ủy ban nhân dân tỉnh giao các cơ quan thực hiện theo Phụ lục dưới đây.",
    "",
]
CLOSING = ["", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    expected: dict  # the corpus' expected shape: {"indicators": [...]} or {"tasks": [...]}


@st.composite
def indicator_tables(draw) -> Table:
    n = draw(st.integers(2, 6))
    names = draw(st.lists(st.sampled_from(INDICATOR_NAMES), min_size=n, max_size=n, unique=True))
    picked = draw(st.lists(st.sampled_from(range(len(FIGURE_COLUMNS))), min_size=1, max_size=3, unique=True))
    columns = [FIGURE_COLUMNS[i] for i in sorted(picked)]
    header = ["TT", "Chỉ tiêu", "Đơn vị tính", *[c[0] for c in columns], "Cơ quan chủ trì"]
    rows, expected = [], []
    for number, name in enumerate(names, 1):
        unit = draw(st.sampled_from(UNITS))
        figures = [draw(st.sampled_from(FIGURES)) for _ in columns]
        lead = draw(st.sampled_from(AGENCIES))
        rows.append([str(number), name, unit, *figures, lead])
        row = {"name": name, "unit": unit, "lead": lead}
        for (_, (where, period)), figure in zip(columns, figures):
            row.setdefault(where, {})[period] = figure
        expected.append(row)
    return Table(header, rows, {"indicators": expected})


@st.composite
def task_tables(draw) -> Table:
    n = draw(st.integers(2, 6))
    titles = draw(st.lists(st.sampled_from(TASK_TITLES), min_size=n, max_size=n, unique=True))
    header = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    rows, expected = [], []
    for number, title in enumerate(titles, 1):
        lead = draw(st.sampled_from(AGENCIES))
        coordinating = draw(st.sampled_from(COORDINATING))
        deadline = draw(st.sampled_from(DEADLINES))
        rows.append([str(number), title, lead, coordinating, deadline])
        expected.append({"title": title, "lead": lead, "coordinating": coordinating, "deadline": deadline})
    return Table(header, rows, {"tasks": expected})


tables = st.one_of(indicator_tables(), task_tables())


# --- text layouts: each returns the table's lines ---------------------------------------------------------------


def one_cell_per_line(t: Table) -> list[str]:
    return [c for row in [t.header, *t.rows] for c in row]


def cell_per_paragraph(t: Table) -> list[str]:
    lines = []
    for c in (c for row in [t.header, *t.rows] for c in row):
        lines += [c, ""]
    return lines


def blank_line_rows(t: Table) -> list[str]:
    lines = []
    for row in [t.header, *t.rows]:
        lines += [*row, ""]
    return lines


def tabs(t: Table) -> list[str]:
    return ["\t".join(row) for row in [t.header, *t.rows]]


def pipe_flattened(t: Table) -> list[str]:
    lines = []
    for c in (c for row in [t.header, *t.rows] for c in row):
        lines += [c, "|"]
    return lines


def markdown_pipe(t: Table) -> list[str]:
    line = lambda cells: "| " + " | ".join(cells) + " |"  # noqa: E731
    return [line(t.header), "|" + "---|" * len(t.header), *(line(r) for r in t.rows)]


def html_in_text(t: Table) -> list[str]:
    row = lambda cells, tag: "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"  # noqa: E731
    return ["<table>", row(t.header, "th"), *(row(r, "td") for r in t.rows), "</table>"]


def spaced_columns(t: Table) -> list[str]:
    widths = [max(len(r[i]) for r in [t.header, *t.rows]) for i in range(len(t.header))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [t.header, *t.rows]]


TEXT_LAYOUTS = {
    "one-cell-per-line": (one_cell_per_line, "ke-hoach.txt"),
    "cell-per-paragraph": (cell_per_paragraph, "ke-hoach.txt"),
    "blank-line-rows": (blank_line_rows, "ke-hoach.txt"),
    "tabs": (tabs, "ke-hoach.txt"),
    "pipe-flattened": (pipe_flattened, "ke-hoach.txt"),
    "markdown-pipe": (markdown_pipe, "ke-hoach.md"),
    "html-in-text": (html_in_text, "ke-hoach.md"),
    "spaced-columns": (spaced_columns, "ke-hoach.txt"),
}


def render_text(t: Table, layout: str) -> tuple[bytes, str]:
    render, filename = TEXT_LAYOUTS[layout]
    return "\n".join([*PREAMBLE, *render(t), *CLOSING]).encode("utf-8"), filename


def render_docx(t: Table) -> bytes:
    import docx

    d = docx.Document()
    for line in PREAMBLE:
        if line:
            d.add_paragraph(line)
    table = d.add_table(rows=0, cols=len(t.header))
    for cells in [t.header, *t.rows]:
        for cell, text in zip(table.add_row().cells, cells):
            cell.text = text
    for line in CLOSING:
        if line:
            d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _assert_reads_as_table(data: bytes, filename: str, t: Table) -> None:
    result = compare(t.expected, to_format(parse_bytes(data, filename=filename)))
    if result.problems:
        pytest.fail(
            f"{filename}: rows {result.rows_found}/{result.rows_expected}, cells {result.cells_right}/"
            f"{result.cells_expected}\n" + "\n".join(result.problems) + "\n--- document ---\n" + data.decode("utf-8", "replace")[:3000],
            pytrace=False,
        )


@pytest.mark.parametrize("layout", sorted(TEXT_LAYOUTS))
@settings(max_examples=30, deadline=None, derandomize=True)
@given(table=tables)
def test_every_text_layout_reads_to_the_table(layout, table):
    data, filename = render_text(table, layout)
    _assert_reads_as_table(data, filename, table)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(table=tables)
def test_a_word_table_reads_to_the_table(table):
    data = render_docx(table)
    result = compare(table.expected, to_format(parse_bytes(data, filename="ke-hoach.docx")))
    if result.problems:
        pytest.fail("\n".join(result.problems), pytrace=False)
