"""Agency scorecards of a year: tasks done on time, late, overdue, not started; reports on time and late."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from planwatch.registry.models import Agency, Task
from planwatch.reports.scorecards import agency_scorecards, scorecard_report
from planwatch.reports.writers import render
from tests.reports.helpers import row_with, workbook

pytestmark = pytest.mark.django_db

SCIENCE = "Sở Khoa học và Công nghệ"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def card(result, name):
    return next(c for c in result.cards if c.agency.name == name)


@pytest.fixture
def science_year(plan_2024):
    # Sở KH&CN leads four tasks due in 2024: I.23 and I.24 (June and October each year), I.25 and I.29 (2024).
    Task.objects.filter(document=plan_2024, key="I.25").update(status=Task.Status.DONE)
    Task.objects.filter(document=plan_2024, key="I.29").update(status=Task.Status.DONE_LATE)
    return plan_2024


def test_it_counts_each_task_once_by_outcome(reviewer, science_year):
    result = agency_scorecards(user=reviewer, year=2024, document=science_year, today=date(2025, 1, 15))
    science = card(result, SCIENCE)
    assert (science.done_on_time, science.done_late, science.overdue, science.not_started) == (1, 1, 3, 0)
    assert science.total == 5 and science.on_time_rate == Decimal("0.2")
    # II.1 is led by "Các Sở, Ban, ngành": it counts for every department, Sở KH&CN among them.
    assert sorted(science.task_keys["overdue"]) == ["I.23", "I.24", "II.1"]
    tourism = card(result, "Sở Du lịch")
    assert "II.1" in tourism.task_keys["overdue"]


def test_a_task_due_on_the_last_day_and_not_done_is_overdue_once_the_year_is_over(reviewer, science_year):
    from planwatch.registry.models import TaskDueDate

    task = Task.objects.get(document=science_year, key="I.25")
    Task.objects.filter(pk=task.pk).update(status=Task.Status.NOT_STARTED)
    TaskDueDate.objects.filter(task=task).delete()
    TaskDueDate.objects.create(task=task, due=date(2024, 12, 31))
    during = card(agency_scorecards(user=reviewer, year=2024, document=science_year, today=date(2024, 12, 31)),
                  SCIENCE)
    assert "I.25" in during.task_keys["not_started"]  # due today: not late yet
    after = card(agency_scorecards(user=reviewer, year=2024, document=science_year, today=date(2025, 1, 2)),
                 SCIENCE)
    assert "I.25" in after.task_keys["overdue"]


def test_doing_nothing_never_ranks_above_doing_the_work(reviewer, science_year):
    # Every task of the plan due in 2024 still open but Sở KH&CN's two done; the demo's 2024 round has reports
    # in every state (Sở Y tế accepted on time, Sở KH&CN none).
    result = agency_scorecards(user=reviewer, year=2024, document=science_year, today=date(2025, 1, 15))
    credited = [c for c in result.cards if c.score]
    idle = [c for c in result.cards if c.rank and not c.score]
    assert credited and idle
    assert max(c.rank for c in credited) < min(c.rank for c in idle)
    assert card(result, "Sở Y tế") in credited  # reported on time, finished nothing in the plan's 2024 tasks
    science = card(result, SCIENCE)
    assert (science.reports.on_time, science.reports.late) == (0, 0) and science.reports.missing >= 1
    # Tasks: (1 on time + half of 1 late) / 5 judged = 0,3 of 70; reports: nothing submitted, 0 of 30.
    assert science.score == Decimal(21)


def test_during_the_year_a_deadline_still_ahead_is_not_overdue(reviewer, science_year):
    result = agency_scorecards(user=reviewer, year=2024, document=science_year, today=date(2024, 5, 1))
    science = card(result, SCIENCE)
    assert science.overdue == 0 and science.not_started == 3


def test_the_ranking_puts_on_time_work_first(reviewer, science_year):
    result = agency_scorecards(user=reviewer, year=2024, document=science_year, today=date(2025, 1, 15))
    ranked = [c for c in result.cards if c.rank]
    assert [c.rank for c in ranked] == list(range(1, len(ranked) + 1))
    scores = [c.score for c in ranked]
    assert scores == sorted(scores, reverse=True)
    assert card(result, SCIENCE).rank == 1 or ranked[0].score > card(result, SCIENCE).score


def test_the_ranking_exports_with_numbers(reviewer, science_year):
    report = scorecard_report(user=reviewer, year=2024, document=science_year, today=date(2025, 1, 15))
    ws = workbook(render(report, "xlsx").content)["Xếp hạng 2024"]
    row = row_with(ws, 2, SCIENCE)
    rank = ws.cell(row=row, column=1).value
    assert [ws.cell(row=row, column=c).value for c in range(2, 9)] == [SCIENCE, 5, 1, 1, 3, 0, 0]
    rate = ws.cell(row=row, column=9)
    assert rate.value == pytest.approx(0.2) and rate.number_format == "#,##0.0%"
    assert ws.cell(row=row, column=13).value == pytest.approx(21)
    assert rank == 1 + sum(1 for r in range(1, ws.max_row + 1)
                           if isinstance(ws.cell(row=r, column=13).value, (int, float))
                           and ws.cell(row=r, column=13).value > 21)


def test_an_officer_sees_only_the_agency_card(officer, plan_2024):
    result = agency_scorecards(user=officer, year=2024, document=plan_2024, today=date(2025, 1, 15))
    assert {c.agency.name for c in result.cards} <= {"Sở Y tế"}


def test_reports_on_time_late_and_missing_come_from_the_rounds(reviewer, science_year):
    from planwatch.reporting.models import Report, Round

    science = Agency.objects.get(name=SCIENCE)
    tourism = Agency.objects.get(name="Sở Du lịch")
    transport = Agency.objects.get(name="Sở Giao thông vận tải")
    # Whatever rounds the demo holds for 2024, these agencies' reports are the ones made here.
    Report.objects.filter(agency__in=[science, tourism, transport], round__deadline__year=2024).delete()
    half = Round.objects.filter(period="2024-H1", origin="manual").first() or Round.objects.create(
        period="2024-H1", title="Báo cáo 6 tháng đầu năm 2024", deadline=date(2024, 7, 10))
    Round.objects.filter(pk=half.pk).update(deadline=date(2024, 7, 10))
    half.refresh_from_db()
    nine = Round.objects.filter(period="2024-9M", origin="manual").first() or Round.objects.create(
        period="2024-9M", title="Báo cáo 9 tháng năm 2024", deadline=date(2024, 10, 10))
    Round.objects.filter(pk=nine.pk).update(deadline=date(2024, 10, 10))
    Report.objects.create(round=half, agency=science, status="accepted",
                          first_submitted_at=datetime(2024, 7, 9, 9, tzinfo=HANOI))
    Report.objects.create(round=nine, agency=science, status="submitted",
                          first_submitted_at=datetime(2024, 10, 14, 9, tzinfo=HANOI))
    Report.objects.create(round=half, agency=tourism, status="draft")
    Report.objects.create(round=half, agency=transport, status="accepted",
                          first_submitted_at=datetime(2024, 7, 10, 23, tzinfo=HANOI))  # the deadline day counts
    result = agency_scorecards(user=reviewer, year=2024, document=science_year, today=date(2025, 1, 15))
    assert result.rounds
    reports = card(result, SCIENCE).reports
    assert (reports.on_time, reports.late, reports.missing) == (1, 1, 0)
    assert card(result, "Sở Du lịch").reports.missing == 1
    assert card(result, "Sở Giao thông vận tải").reports.on_time == 1


def test_the_register_s_scorecards_are_kept_per_scope_and_year_until_the_register_changes(
    reviewer, leader, monkeypatch,
):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from planwatch.accounts.models import Membership
    from planwatch.registry.records import task_status_set
    from planwatch.reports import scorecards

    calls = []
    real = scorecards.agency_scorecards
    monkeypatch.setattr(scorecards, "agency_scorecards", lambda **kw: calls.append(kw["user"]) or real(**kw))

    def kept(user, year):  # the whole ranking: the demo's agencies fit on the first page
        result, page = scorecards.scorecards_page(user=user, year=year, query="", number=None)
        assert page.paginator.num_pages == 1
        return result

    first = kept(reviewer, 2024)
    assert kept(reviewer, 2024).cards == first.cards
    assert calls == [reviewer]
    kept(leader, 2024)  # another scope: computed for it
    kept(reviewer, 2025)
    assert calls == [reviewer, leader, reviewer]
    second_planner = get_user_model().objects.create_user("khdt.hai", password="dong-nghiep-2024")
    Membership.objects.create(user=second_planner, role=reviewer.membership.role, agency=reviewer.membership.agency)
    assert kept(second_planner, 2024).cards == first.cards  # the same scope: kept
    assert calls == [reviewer, leader, reviewer]

    task = Task.objects.filter(status=Task.Status.NOT_STARTED, due_dates__due__year=2024).first()
    task_status_set(task=task, status=Task.Status.DONE, actor=reviewer, reason="")  # a service: audited
    after = kept(reviewer, 2024)
    assert calls == [reviewer, leader, reviewer, reviewer]
    assert sum(card.done_on_time + card.done_late for card in after.cards) > sum(
        card.done_on_time + card.done_late for card in first.cards)
    cache.clear()  # minutes later, nothing changed
    kept(reviewer, 2024)
    assert len(calls) == 5
    assert scorecards.SCORECARDS_SECONDS == 300


def test_a_page_of_the_kept_scorecards_builds_its_own_cards_and_counts_every_card_found(reviewer, monkeypatch):
    from planwatch.reports import scorecards
    from planwatch.textnorm import fold

    first, page = scorecards.scorecards_page(user=reviewer, year=2024, query="", number=None)
    whole = first.cards
    assert len(whole) > 3 and page.paginator.num_pages == 1
    monkeypatch.setattr(scorecards, "SCORECARDS_PER_PAGE", 2)
    shown, page = scorecards.scorecards_page(user=reviewer, year=2024, query="", number="2")
    assert shown.cards == whole[2:4] and page.paginator.count == len(whole) and page.number == 2
    found, page = scorecards.scorecards_page(user=reviewer, year=2024, query="SO  KHOA HOC", number=None)
    named = [card for card in whole if "so khoa hoc" in fold(card.agency.name)]
    assert named and found.cards == named[:2] and page.paginator.count == len(named)
