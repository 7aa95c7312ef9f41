"""The demo's six-month round of 2024, as `planwatch load-demo` leaves it: the loop caught mid-way."""

import pytest

from planwatch.audit.models import AuditEntry
from planwatch.demo import load_demo
from planwatch.registry.models import IndicatorValue
from planwatch.reporting.models import Reminder, Report, Round
from planwatch.reporting.selectors import report_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def h1():
    return Round.objects.get(period="2024-H1", origin="manual")


def report_of(h1, name) -> Report:
    return h1.reports.select_related("round").get(agency__name=name)


def test_the_demo_round_shows_every_state(h1):
    from datetime import date

    assert h1.title == "Báo cáo 6 tháng đầu năm 2024" and h1.deadline == date(2024, 6, 20) and h1.is_open
    today = date(2024, 6, 28)
    health = report_of(h1, "Sở Y tế")
    assert health.status == "accepted" and report_state(health, today) == "on_time"
    education = report_of(h1, "Sở Giáo dục và Đào tạo")
    assert education.status == "submitted" and report_state(education, today) == "on_time"
    construction = report_of(h1, "Sở Xây dựng")
    assert construction.status == "returned" and "nguồn số liệu" in construction.return_reason
    trade = report_of(h1, "Sở Công Thương")
    assert trade.status == "submitted" and trade.is_late and trade.days_late() == 7
    others = h1.reports.filter(first_submitted_at__isnull=True)
    assert others.count() == h1.reports.count() - 4
    assert all(report_state(report, today) == "overdue" for report in others.select_related("round"))


def test_the_demo_agencies_were_reminded(h1):
    overdue = h1.reports.filter(first_submitted_at__isnull=True).first()
    assert list(overdue.reminders.order_by("sent_at").values_list("stage", flat=True)) == ["before-7", "before-2", "after-1"]
    assert not Reminder.objects.filter(report=report_of(h1, "Sở Y tế"), kind="after").exists()


def test_the_accepted_demo_report_gave_values_of_record(h1):
    values = IndicatorValue.objects.filter(period="2024-H1", source_note__contains="Báo cáo 6 tháng đầu năm 2024")
    assert values.exists()
    assert all("Sở Y tế" in value.source_note and value.recorded_by.username == "khdt" for value in values)


def test_loading_the_demo_again_leaves_the_round_alone(h1):
    from planwatch.reporting.demo import load_reporting_demo

    entries = AuditEntry.objects.count()
    assert load_reporting_demo() is None
    assert AuditEntry.objects.count() == entries  # the demo accounts too are unchanged
    load_demo()
    assert Round.objects.filter(period="2024-H1").count() == 1
