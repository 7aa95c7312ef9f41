"""Opening a round picks its period from a list (`Quý III/2025`), not a typed code (issue 10).

The list is the periods around today: this year's quarters so far, first half, nine months and year, and all of
last year's; the one preselected is the report about to be asked for, of the cadence quý I, 6 tháng, 9 tháng, năm,
whose end is nearest to today, passing over periods that have a round already. A posted code is still taken.
"""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from planwatch.reporting.forms import RoundOpenForm
from planwatch.reporting.models import Round
from planwatch.reporting.periods import periods_to_open, suggested_period

from .conftest import HANOI


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=HANOI), tick=False)


# The list and the suggestion (no database) ----------------------------------------------------------


def test_the_list_holds_this_year_so_far_and_all_of_last_year_in_reporting_order():
    codes = [period.code for period in periods_to_open(date(2025, 8, 20))]
    assert codes == [
        "2025-Q1", "2025-Q2", "2025-H1", "2025-Q3", "2025-9M", "2025",
        "2024-Q1", "2024-Q2", "2024-H1", "2024-Q3", "2024-9M", "2024-Q4", "2024",
    ]


def test_in_january_the_list_has_only_this_year_s_first_quarter_and_last_year_whole():
    codes = [period.code for period in periods_to_open(date(2026, 1, 5))]
    assert codes[:4] == ["2026-Q1", "2026-H1", "2026-9M", "2026"]
    assert codes[4:] == ["2025-Q1", "2025-Q2", "2025-H1", "2025-Q3", "2025-9M", "2025-Q4", "2025"]


@pytest.mark.parametrize("today, opened, suggested", [
    (date(2024, 7, 8), set(), "2024-H1"),  # the six-month report, just over
    (date(2024, 7, 8), {"2024-H1"}, "2024-9M"),  # opened already: the next report
    (date(2024, 9, 12), set(), "2024-9M"),  # written in September with estimates
    (date(2024, 11, 25), set(), "2024"),
    (date(2025, 1, 10), set(), "2024"),  # the year's report is asked for in January
    (date(2025, 4, 20), set(), "2025-Q1"),
    (date(2025, 5, 15), set(), "2025-Q1"),  # 45 days after 31/3, 46 before 30/6
    (date(2025, 5, 16), set(), "2025-H1"),
])
def test_the_period_preselected_is_the_report_whose_end_is_nearest(today, opened, suggested):
    assert suggested_period(today, opened=opened) == suggested


def test_with_every_period_of_the_cadence_opened_the_nearest_is_still_proposed():
    opened = {"2023-Q1", "2023-H1", "2023-9M", "2023", "2024-Q1", "2024-H1", "2024-9M", "2024"}
    assert suggested_period(date(2024, 7, 8), opened=opened) == "2024-H1"


# The page -------------------------------------------------------------------------------------------


def period_select(html: str) -> str:
    return re.search(r'<select name="period".*?</select>', html, re.S).group(0)


def options(select: str) -> dict[str, str]:
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select))


@pytest.mark.django_db
def test_the_page_offers_the_periods_by_label_with_the_next_report_preselected(client, reviewer):
    client.force_login(reviewer)
    with on(date(2025, 9, 12)):
        select = period_select(client.get(reverse("reporting:round-open")).content.decode())
    offered = options(select)
    assert offered["2025-Q3"] == "Quý III/2025"
    assert offered["2025-H1"] == "6 tháng đầu năm 2025"
    assert offered["2025-9M"] == "9 tháng năm 2025"
    assert offered["2025"] == "Năm 2025"
    assert offered["2024-Q4"] == "Quý IV/2024"
    assert "2025-Q4" not in offered and "2023" not in offered
    assert '<optgroup label="2025">' in select and '<optgroup label="2024">' in select
    assert re.search(r'<option value="2025-9M" selected>', select)
    assert 'type="text"' not in select


@pytest.mark.django_db
def test_a_period_with_a_round_is_marked_and_not_preselected(client, reviewer):
    """The demo opened the six-month round of 2024."""
    client.force_login(reviewer)
    with on(date(2024, 7, 8)):
        select = period_select(client.get(reverse("reporting:round-open")).content.decode())
    assert options(select)["2024-H1"] == "6 tháng đầu năm 2024 — đã có đợt báo cáo"
    assert re.search(r'<option value="2024-9M" selected>', select)


@pytest.mark.django_db
def test_the_period_picked_from_the_list_opens_the_round(client, reviewer):
    documents = list(Round.objects.get(period="2024-H1").documents.values_list("pk", flat=True))
    client.force_login(reviewer)
    with on(date(2025, 9, 12)):
        response = client.post(reverse("reporting:round-open"), {
            "period": "2025-9M", "deadline": "20/09/2025", "documents": documents})
    round = Round.objects.get(period="2025-9M")
    assert response.status_code == 302 and round.title == "Báo cáo 9 tháng năm 2025"


@pytest.mark.django_db
@pytest.mark.parametrize("posted, period", [("2019-q2", "2019-Q2"), ("2024-H2", "2024-H2"), (" 2023 ", "2023")])
def test_a_posted_code_the_list_does_not_offer_is_still_taken(client, reviewer, posted, period):
    documents = list(Round.objects.get(period="2024-H1").documents.values_list("pk", flat=True))
    client.force_login(reviewer)
    with on(date(2025, 9, 12)):
        response = client.post(reverse("reporting:round-open"), {
            "period": posted, "deadline": "31/12/2025", "documents": documents})
    assert response.status_code == 302
    assert Round.objects.filter(period=period, origin=Round.Origin.MANUAL).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("posted", ["Quý 3/2025", "2025-Q5", "2021-2025", "1999"])
def test_anything_else_is_refused_in_vietnamese(client, reviewer, posted):
    client.force_login(reviewer)
    response = client.post(reverse("reporting:round-open"), {"period": posted, "deadline": "15/10/2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Kỳ báo cáo “{posted}” không hợp lệ" in html
    assert not Round.objects.filter(title__contains="2025").exists()


@pytest.mark.django_db
def test_no_period_at_all_is_refused_in_vietnamese(reviewer):
    form = RoundOpenForm({"period": "", "deadline": "15/10/2025"}, today=date(2025, 9, 12))
    assert not form.is_valid()
    assert form.errors["period"] == ["Chọn kỳ báo cáo."]


@pytest.mark.django_db
def test_a_code_from_outside_the_list_stays_selected_when_the_page_comes_back(reviewer):
    """Another field refused: the page shows the list again with the period the planner sent."""
    form = RoundOpenForm({"period": "2019-q2", "deadline": "31/13/2019"}, today=date(2025, 9, 12))
    assert not form.is_valid() and "period" not in form.errors
    select = str(form["period"])
    assert re.search(r'<option value="2019-Q2" selected>Quý II/2019</option>', select)
    assert '<optgroup label="Kỳ khác">' in select
