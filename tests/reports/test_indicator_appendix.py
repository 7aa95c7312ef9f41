"""Appendix 01b of the 2024 plan, regenerated from the register and read back from each file format."""

from decimal import Decimal

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from planwatch.reports.selectors import document_report
from planwatch.reports.writers import render
from tests.reports.helpers import (
    INDICATOR_SHEET,
    header_columns,
    pdf_line,
    pdf_pages,
    row_with,
    word,
    word_row,
    workbook,
)

pytestmark = pytest.mark.django_db

GRDP = "Tăng trưởng GRDP trung bình"
# Appendix 01b, line 216 of the seed: 2016-2020, KH 2021-2025, TH 2021-2023, 2021-2023, KH 2024, NV 2025.
GRDP_PRINTED = ["6,73", "7,5-8,0", "2,97", "8,95", "6,27", "6,04", "6,5-7,0", "> 13,07"]


@pytest.fixture
def report_2024(reviewer, plan_2024):
    return document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")


def test_xlsx_grdp_row_has_real_numbers_and_text_ranges(report_2024):
    ws = workbook(render(report_2024, "xlsx").content)[INDICATOR_SHEET]
    columns = header_columns(ws)
    row = row_with(ws, 2, GRDP)
    cell = lambda label: ws.cell(row=row, column=columns[label])  # noqa: E731

    for label, number in [("2016-2020", 6.73), ("TH 2021", 2.97), ("TH 2022", 8.95), ("TH 2023", 6.27),
                          ("2021-2023", 6.04)]:
        assert cell(label).data_type == "n" and cell(label).value == pytest.approx(number), label
        assert cell(label).number_format == "#,##0.00", label
    for label, text in [("KH 2021-2025", "7,5-8,0"), ("KH 2024", "6,5-7,0"), ("NV 2025 (văn bản)", "> 13,07")]:
        assert cell(label).data_type == "s" and cell(label).value == text, label
    # The engine's required value: 1,075^5 / (1,0297 x 1,0895 x 1,0627 x 1,065) - 1 = 13,07 %.
    computed = cell("planwatch tính")
    assert computed.value == pytest.approx(13.07) and computed.number_format == '"≥ "#,##0.00'
    assert computed.font.italic
    assert cell("Đánh giá").value == "Rất thách thức" and cell("Đánh giá").fill.start_color.rgb.endswith("FFC7CE")
    # Why, in the engine's words, as a comment on the status cell.
    assert cell("Đánh giá").comment.text.startswith("Cần đạt 13,07%/năm trong năm 2025")
    assert cell("Đơn vị chủ trì").value == "Sở KHĐT"
    assert cell("Lãnh đạo UBND TP chỉ đạo").value == "PCT Hà Minh Hải"


def test_xlsx_writes_thousands_and_the_sum_still_needed(report_2024):
    ws = workbook(render(report_2024, "xlsx").content)[INDICATOR_SHEET]
    columns = header_columns(ws)
    row = row_with(ws, 2, "Huy động vốn đầu tư xã hội")
    assert ws.cell(row=row, column=columns["2016-2020"]).value == pytest.approx(1716.4)
    assert ws.cell(row=row, column=columns["2016-2020"]).number_format == "#,##0.0"
    assert ws.cell(row=row, column=columns["KH 2021-2025"]).value == "3.100-3.200"
    assert ws.cell(row=row, column=columns["NV 2025 (văn bản)"]).value == "> 1.162"
    # 3.100 - (409 + 463 + 506 + 559,4) = 1.162,6, and the sum so far the document did not print: 1.378.
    assert ws.cell(row=row, column=columns["planwatch tính"]).value == pytest.approx(1162.6)
    assert ws.cell(row=row, column=columns["2021-2023"]).value == pytest.approx(1378.0)


def test_xlsx_layout_merged_header_frozen_print_titles_landscape_a4(report_2024):
    ws = workbook(render(report_2024, "xlsx").content)[INDICATOR_SHEET]
    merged = {str(r) for r in ws.merged_cells.ranges}
    columns = header_columns(ws)
    done = columns["Thực hiện"]
    # "Thực hiện" spans TH 2021..2021-2023 on the first header row; single labels span both header rows.
    assert any(r.min_row == 9 and r.max_row == 9 and r.min_col == done and r.max_col == done + 3
               for r in ws.merged_cells.ranges)
    assert "A9:A10" in merged and "B9:B10" in merged
    assert ws.freeze_panes == "C11"
    assert ws.print_title_rows == "$9:$10"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def test_xlsx_indents_sub_indicators_and_merges_heading_rows(report_2024):
    ws = workbook(render(report_2024, "xlsx").content)[INDICATOR_SHEET]
    industry = row_with(ws, 2, "Công nghiệp")
    assert ws.cell(row=industry, column=1).value == "+"
    assert ws.cell(row=industry, column=2).alignment.indent == 4  # depth 2
    assert ws.cell(row=row_with(ws, 2, GRDP), column=2).font.bold
    culture = row_with(ws, 2, "Chỉ tiêu về văn hóa")  # a heading row: no target, no value
    columns = header_columns(ws)
    assert any(r.min_row == culture and r.min_col == 2 and r.max_col == columns["planwatch tính"]
               for r in ws.merged_cells.ranges)
    assert ws.cell(row=culture, column=columns["Đánh giá"]).value == "Khó khăn"  # its rows' worst status


def test_xlsx_has_the_document_heading(report_2024):
    ws = workbook(render(report_2024, "xlsx").content)[INDICATOR_SHEET]
    texts = [ws.cell(row=r, column=c).value for r in range(1, 8) for c in range(1, 16)]
    assert "UBND THÀNH PHỐ HÀ NỘI" in texts and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Số:      /KH-UBND" in texts  # a draft: the number is left blank as the draft leaves it
    assert "Hà Nội, ngày    tháng    năm 2024" in texts
    assert any(t and "Nghị quyết Đại hội lần thứ XVII" in t for t in texts)


def test_docx_grdp_row_heading_landscape_and_repeated_header(report_2024):
    document = word(render(report_2024, "docx").content)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    heading = " ".join(cell.text for cell in document.tables[0].rows[0].cells)
    assert "UBND THÀNH PHỐ HÀ NỘI" in heading and "Số:      /KH-UBND" in heading and "năm 2024" in heading
    paragraphs = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in paragraphs
    assert any("Nghị quyết Đại hội lần thứ XVII" in p for p in paragraphs)

    table = document.tables[1]
    for header in table.rows[:2]:
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[2]._tr.trPr is None or table.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None
    layout = report_2024.tables[0]
    cells = word_row(table, layout.column_index("name"), GRDP)
    keys = ["base:2016-2020", "target:2021-2025", "year:2021", "year:2022", "year:2023", "sofar", "plan",
            "required:2025"]
    assert [cells[layout.column_index(k)] for k in keys] == GRDP_PRINTED
    assert cells[layout.column_index("computed")] == "≥ 13,07"
    assert cells[layout.column_index("status")] == "Rất thách thức"


def test_pdf_grdp_row_and_heading(report_2024):
    pages = pdf_pages(render(report_2024, "pdf").content)
    assert "UBND THÀNH PHỐ HÀ NỘI" in pages[0] and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    line = pdf_line(pages, "1 " + GRDP)
    assert line.split(GRDP)[1].split() == ["%", *" ".join(GRDP_PRINTED).split(), "≥", "13,07", "Rất", "thách",
                                            "thức"]
    # The header repeats on every page of the indicator table.
    assert all("KH 2021-2025" in page for page in pages[:2])


def test_the_same_content_in_every_format(report_2024):
    layout = report_2024.tables[0]
    pages = " ".join(pdf_pages(render(report_2024, "pdf").content))
    for row in layout.rows:
        for cell in row.cells:
            if cell is not None and cell.is_number:
                assert cell.text in pages
    assert Decimal("6.73") in [c.number for r in layout.rows for c in r.cells if c is not None]


def test_notes_show_where_the_document_disagrees_with_its_own_figures(report_2024):
    notes = report_2024.tables[0].notes
    flagged = [n for n in notes if "số in khác quy tắc tính" in n]
    # docs/engine.md: 1.3 prints > 21,38 where the rule gives 21,49; row 3 counts from the plan's upper bound.
    assert any(n.startswith("Chỉ tiêu 1.3,") and "21,38" in n and "21,49" in n for n in flagged)
    assert any(n.startswith("Chỉ tiêu 3,") for n in flagged)
    # GRDP's 13,07 and 6,04 are reproduced at the printed precision: no note about them.
    assert not any(n.startswith("Chỉ tiêu 1,") for n in flagged), flagged


def _grdp_cells(report) -> list[str]:
    row = next(row for row in report.tables[0].rows if row.key == "1")
    return [cell.text for cell in row.cells if cell is not None]


def test_a_second_export_reads_the_results_back_and_a_changed_value_is_computed_again(reviewer, plan_2024, monkeypatch):
    from django.core.cache import cache
    from django.db import transaction

    from planwatch.registry import computing
    from planwatch.registry.models import IndicatorValue

    cache.clear()
    computed = []
    real = computing.compute_document
    monkeypatch.setattr(computing, "compute_document", lambda *a, **kw: computed.append(1) or real(*a, **kw))
    # Committed like a request's own work, so the register's revision token exists and results can be kept.
    with transaction.atomic():
        first = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    second = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    assert computed == [1]
    assert _grdp_cells(second) == _grdp_cells(first)
    assert _grdp_cells(first)[7] == "6,27" and _grdp_cells(first)[11] == "≥ 13,07"

    value = IndicatorValue.objects.get(indicator__document=plan_2024, indicator__key="1", kind="actual",
                                       period="2023", source_document=plan_2024, part="")
    value.low = value.high = Decimal("8.27")
    value.text = "8,27"
    value.save()
    third = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    assert len(computed) == 2
    # TH 2023 as changed, and what 2025 must reach computed from it: ≥ 13,07 with 6,27, ≥ 10,98 with 8,27.
    assert _grdp_cells(third)[7] == "8,27" and _grdp_cells(third)[11] == "≥ 10,98"
