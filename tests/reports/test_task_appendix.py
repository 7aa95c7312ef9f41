"""Appendix 02 of the 2024 plan with the period's progress, read back from each format; its filters."""

import pytest

from planwatch.registry.models import Agency, Position, Task
from planwatch.accounts.selectors import task_list
from planwatch.registry.selectors import TaskFilter
from planwatch.reports.selectors import document_report
from planwatch.reports.writers import render
from tests.reports.helpers import (
    TASK_SHEET,
    csv_rows,
    header_columns,
    pdf_line,
    pdf_pages,
    row_with,
    word,
    word_row,
    workbook,
)

pytestmark = pytest.mark.django_db

EXCHANGE = "Thành lập “Sàn giao dịch công nghệ Hà Nội”"
SOURCE_COLUMNS = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Lãnh đạo UBND TP chỉ đạo", "Sản phẩm",
                  "Thời hạn", "Ghi chú"]


@pytest.fixture
def tasks_2024(reviewer, plan_2024):
    return document_report(user=reviewer, document=plan_2024, period="2024", appendix="tasks")


def test_xlsx_has_the_columns_of_appendix_02_and_the_exchange_task(tasks_2024):
    ws = workbook(render(tasks_2024, "xlsx").content)[TASK_SHEET]
    columns = header_columns(ws)
    assert [ws.cell(row=9, column=c).value for c in range(1, 9)] == SOURCE_COLUMNS
    assert {"Tình trạng", "Tiến độ", "Kết quả, khó khăn, đề xuất"} <= set(columns)
    row = row_with(ws, 2, EXCHANGE)
    value = lambda label: ws.cell(row=row, column=columns[label]).value  # noqa: E731
    assert value("TT") == "25"
    assert value("Cơ quan chủ trì") == "Sở Khoa học và Công nghệ"
    assert value("Cơ quan phối hợp") == "Các sở, ban, ngành; UBND quận, huyện, thị xã liên quan"
    assert value("Lãnh đạo UBND TP chỉ đạo") == "PCT Lê Hồng Sơn"
    assert value("Sản phẩm") == "Đề án"
    assert value("Thời hạn") == "2024"
    assert value("Tình trạng") == "Chưa triển khai"
    assert value("Tiến độ") == "Hạn tới: 31/12/2024"
    section = row_with(ws, 1, "I")
    assert ws.cell(row=section, column=2).value == "Đẩy mạnh phát triển kinh tế"


def test_docx_and_pdf_carry_the_exchange_task(tasks_2024):
    document = word(render(tasks_2024, "docx").content)
    layout = tasks_2024.tables[0]
    cells = word_row(document.tables[1], layout.column_index("title"), EXCHANGE)
    assert [cells[layout.column_index(k)] for k in ("lead", "product", "deadline")] == [
        "Sở Khoa học và Công nghệ", "Đề án", "2024"]
    line = pdf_line(pdf_pages(render(tasks_2024, "pdf").content), "25 " + EXCHANGE)
    assert "Sở Khoa học và Công nghệ" in line and "PCT Lê Hồng Sơn Đề án 2024" in line


def test_csv_is_the_task_table(tasks_2024):
    rows = csv_rows(render(tasks_2024, "csv").content)
    assert rows[0][:8] == SOURCE_COLUMNS
    exchange = next(r for r in rows if r[1] == EXCHANGE)
    assert exchange[2] == "Sở Khoa học và Công nghệ" and exchange[5] == "Đề án" and exchange[6] == "2024"


def test_a_recurring_deadline_passed_without_a_report_is_marked_overdue(tasks_2024):
    row = tasks_2024.tables[0].row("I.2")  # Tháng 6, tháng 10 hàng năm
    assert row.cells[9].text == "Quá hạn 31/10/2024 (61 ngày)\nHạn tới: 30/06/2025"
    assert row.cells[8].fill == "FFC7CE"


def test_filters_by_agency_leader_and_status(reviewer, plan_2024):
    science = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    wanted = TaskFilter(agency=science.pk)
    by_agency = document_report(user=reviewer, document=plan_2024, period="2024", appendix="tasks", filters=wanted)
    keys = {r.key for r in by_agency.tables[0].rows if r.kind == "data"}
    assert "I.25" in keys and "I.1" not in keys
    # The plan page's filter, row for row: led by the agency or by a named group that includes it.
    assert keys == {t.key for t in task_list(user=reviewer, document=plan_2024, filters=wanted)}

    seat = Position.objects.get(tenures__person="Lê Hồng Sơn")
    by_leader = document_report(user=reviewer, document=plan_2024, period="2024", appendix="tasks",
                                filters=TaskFilter(leader=seat.pk))
    # His own seat, and the task given to all the vice-chairmen together.
    assert {r.cells[4].text for r in by_leader.tables[0].rows if r.kind == "data"} == {
        "PCT Lê Hồng Sơn", "Các PCT UBND Thành phố"}

    Task.objects.filter(document=plan_2024, key="I.25").update(status=Task.Status.DONE)
    done = document_report(user=reviewer, document=plan_2024, period="2024", appendix="tasks",
                           filters=TaskFilter(status=Task.Status.DONE))
    rows = [r for r in done.tables[0].rows if r.kind == "data"]
    assert [r.key for r in rows if r.key.startswith("I.")] == ["I.25"]
    assert all(r.cells[8].text == "Hoàn thành" for r in rows)
    assert any("Đã lọc theo" in note for note in done.tables[0].notes)


def test_a_seat_that_changed_hands_shows_who_holds_it_now(reviewer, plan_183):
    report = document_report(user=reviewer, document=plan_183, period="2025", appendix="tasks")
    leaders = {r.cells[4].text for r in report.tables[0].rows if r.kind == "data"}
    # Plan 183 (10/8/2021) names Chử Xuân Dũng for culture and society; Vũ Thu Hà holds the seat in 2025.
    assert "PCT Chử Xuân Dũng (nay: PCT Vũ Thu Hà)" in leaders
    assert "PCT Hà Minh Hải" in leaders  # the same person: as written
