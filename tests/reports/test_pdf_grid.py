"""The PDF's table grid (reports/writers/pdf.py `_Grid`): text broken into lines inside its cell, rows tied by a
cell spanning down kept on one page, the header drawn again on every page."""

import io

import pdfplumber

from planwatch.reports.layout import Cell, Column, Heading, Report, Row, Table
from planwatch.reports.writers.pdf import write_pdf
from tests.reports.helpers import pdf_pages

COLUMNS = [Column("stt", 6), Column("name", 40), Column("value", 12), Column("status", 14)]
HEADER = [
    [Cell("TT", rowspan=2), Cell("Chỉ tiêu", rowspan=2), Cell("Năm 2024", colspan=2), None],
    [None, None, Cell("Giá trị"), Cell("Đánh giá")],
]


def _report(rows: list[Row]) -> Report:
    heading = Heading("ỦY BAN NHÂN DÂN", "Số: 1/KH-UBND", "Hà Nội, ngày 1 tháng 1 năm 2025", "KẾ HOẠCH", "Thử")
    return Report(heading, [Table("a", "Phụ lục", columns=COLUMNS, header=HEADER, rows=rows)], "thu.pdf")


def _pages(report: Report) -> list[str]:
    with pdfplumber.open(io.BytesIO(write_pdf(report))) as pdf:
        return [page.extract_text() for page in pdf.pages]


def _row(number: int) -> Row:
    return Row([Cell(str(number)), Cell(f"Chỉ tiêu số {number}"), Cell(f"{number},5", align="right"), Cell("Đạt")])


def test_every_row_is_drawn_once_in_order_with_the_header_on_every_page():
    pages = _pages(_report([_row(n) for n in range(1, 121)]))
    assert len(pages) > 2
    assert all("Chỉ tiêu" in page and "Giá trị" in page and "Đánh giá" in page for page in pages)
    text = "\n".join(pages)
    positions = [text.index(f"Chỉ tiêu số {n} {n},5") for n in range(1, 121)]
    assert positions == sorted(positions)


def test_rows_a_cell_spans_down_stay_on_one_page():
    rows = [_row(n) for n in range(1, 200)]
    starts = range(20, 190, 7)  # a pair tied by a rowspan every 7 rows: some fall on a page's end
    for start in starts:
        rows[start] = Row([Cell("Nhóm", rowspan=2), Cell(f"Gộp{start}", rowspan=2), Cell(f"A{start}"), Cell("x")])
        rows[start + 1] = Row([None, None, Cell(f"B{start}"), Cell("y")])
    pages = [set(page.split()) for page in _pages(_report(rows))]
    for start in starts:
        found = [index for index, words in enumerate(pages) if {f"Gộp{start}", f"A{start}", f"B{start}"} & words]
        assert len(found) == 1, (start, found)
        assert {f"Gộp{start}", f"A{start}", f"B{start}"} <= pages[found[0]]


def test_long_text_wraps_inside_its_cell_and_a_word_too_long_is_cut_not_lost():
    long_name = "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều của Thành phố giai đoạn 2021-2025 giảm bình quân hằng năm" * 2
    word = "Z" * 90
    pages = _pages(_report([Row([Cell("1"), Cell(long_name), Cell(word), Cell("Đạt")])]))
    lines = pages[0].splitlines()
    assert sum(1 for line in lines if "Tỷ lệ hộ nghèo" in line or "hằng năm" in line) >= 1
    assert "".join(lines).replace(" ", "").count("Z") == 90
    assert not any(long_name in line for line in lines)  # too long for its column on one line


def test_headings_and_notes_keep_every_word_within_the_page_and_a_drafts_blank_number():
    heading = Heading("ỦY BAN NHÂN DÂN", "Số:      /KH-UBND", "Hà Nội, ngày    tháng    năm 2025", "KẾ HOẠCH", "Thử")
    note = " ".join(f"ghi-chú-{n}" for n in range(1, 121))
    table = Table("a", "Phụ lục", columns=COLUMNS, header=HEADER, rows=[_row(1)], notes=[note, "Dòng một\nDòng hai"])
    content = write_pdf(Report(heading, [table], "thu.pdf"))
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        words = [w for w in page.extract_words() if w["text"].startswith("ghi-chú-")]
        right_edge = page.width - 10 * 72 / 25.4
    assert "Số:      /KH-UBND" in pdf_pages(content)[0]  # pypdf keeps the spaces pdfplumber merges
    assert [w["text"] for w in words] == [f"ghi-chú-{n}" for n in range(1, 121)]
    assert len({round(w["top"]) for w in words}) > 2
    assert max(w["x1"] for w in words) <= right_edge
    assert "Dòng một\nDòng hai" in text
