"""The task appendix reads the lead agency's accepted report of the latest round up to the period."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planwatch.registry.models import Agency, Task
from planwatch.reports.selectors import document_report

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def half_year_line(plan_2024):
    from planwatch.reporting.models import Report, Round, TaskLine

    science = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    Report.objects.filter(agency=science, round__period="2024-H1").delete()
    round = Round.objects.filter(period="2024-H1", origin="manual").first() or Round.objects.create(
        period="2024-H1", title="Báo cáo 6 tháng đầu năm 2024", deadline=date(2024, 7, 10))
    report = Report.objects.create(round=round, agency=science, status="accepted",
                                   first_submitted_at=datetime(2024, 7, 9, 9, tzinfo=HANOI),
                                   accepted_at=datetime(2024, 7, 12, 9, tzinfo=HANOI))
    task = Task.objects.get(document=plan_2024, key="I.25")
    return TaskLine.objects.create(report=report, task=task, role="lead", status="on_schedule", percent=40,
                                   done_text="Đã trình dự thảo Đề án", proposals="Bổ sung kinh phí năm 2024")


def row(report, key):
    table = report.tables[0]
    return [cell.text if cell else None for cell in table.row(key).cells]


def test_the_accepted_line_gives_status_progress_and_remarks(reviewer, plan_2024, half_year_line):
    report = document_report(user=reviewer, document=plan_2024, period="2024-H1", appendix="tasks")
    cells = row(report, "I.25")
    assert cells[8:] == [
        "Đúng tiến độ",
        "40%\nHạn tới: 31/12/2024",
        "Kết quả đã thực hiện: Đã trình dự thảo Đề án\nĐề xuất: Bổ sung kinh phí năm 2024",
    ]
    assert row(report, "I.24")[8] == "Chưa triển khai"  # no line: the register's status


def test_a_round_after_the_period_is_not_used(reviewer, plan_2024, half_year_line):
    report = document_report(user=reviewer, document=plan_2024, period="2024-Q1", appendix="tasks")
    assert row(report, "I.25")[8:10] == ["Chưa triển khai", "Hạn tới: 31/12/2024"]


def test_a_report_not_yet_accepted_is_not_used(reviewer, plan_2024, half_year_line):
    half_year_line.report.status = "submitted"
    half_year_line.report.save()
    report = document_report(user=reviewer, document=plan_2024, period="2024", appendix="tasks")
    assert row(report, "I.25")[10] == ""
