"""The round page and the dashboard count, filter and page a round's reports in the database (issue 14), and
opening a round writes its reports, their audit trail and their notifications in a few queries.

The states the database computes must be report_state's, report by report: every state a round can show, the
deadline day itself, a submission just before and just after midnight in Hanoi (and a UTC evening that is the
next morning in Hanoi), a moved deadline, a closed round; for every kind of user and for `today` before, on and
after the deadline.
"""

import itertools
from collections import Counter
from datetime import date, datetime, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planwatch import textnorm
from planwatch.accounts.models import Membership
from planwatch.audit.models import AuditEntry
from planwatch.audit.selectors import audit_entries_for
from planwatch.registry.models import Agency, Task
from planwatch.reporting.access import visible_reports
from planwatch.reporting.models import Action, Notification, Reminder, Report, Round, TaskLine
from planwatch.reporting.selectors import (
    STATE_LABELS,
    ReportFilter,
    dashboard,
    report_rows,
    report_state,
    round_reports,
)
from planwatch.reporting.services import (
    content_of,
    report_save,
    report_transition,
    round_close,
    round_deadline_change,
    round_open,
)

from .conftest import hanoi

pytestmark = pytest.mark.django_db

AGENCY = "thử nghiệm"  # a system actor: the services skip the permission checks for it
UTC = ZoneInfo("UTC")
DEADLINE = date(2024, 7, 15)  # q2_round's
TODAYS = [date(2024, 7, 10), DEADLINE, date(2024, 7, 16), date(2024, 9, 1)]
USERS = ["reviewer", "officer", "other_officer", "head", "leader", "outsider"]


def saved(report, at):
    """Something written on the report's first line, saved by the agency."""
    report.refresh_from_db()
    indicator = report.indicator_lines.order_by("order").first()
    if indicator is not None:
        key, field = f"i{indicator.pk}", "note"
    else:
        line = report.task_lines.order_by("role", "order").first()
        key, field = f"t{line.pk}", "difficulties" if line.role == TaskLine.Role.LEAD else "contribution"
    content = {key: {**content_of(report)[key], field: "Viết thử"}}  # that line only, as a page sends it
    assert report_save(report=report, actor=AGENCY, version=report.version, content=content, at=at).changed


def moved(report, action, at, reason=""):
    report.refresh_from_db()
    version = report.version if action == "approve" else None
    assert report_transition(report=report, action=action, actor=AGENCY, reason=reason, version=version, at=at).done


def submitted(report, at):
    moved(report, "approve", at)
    moved(report, "submit", at)


@pytest.fixture
def every_state(q2_round):
    """The Q2 round (due 15/7/2024) with reports put by the services in every state and status it can show; the
    other reports stay untouched (not started). Returns the reports by what was done to them."""
    reports = list(q2_round.reports.select_related("agency").order_by("agency__name"))
    assert len(reports) >= 14
    r = dict(zip([
        "saved", "approved", "withdrawn", "early", "deadline_last_second", "next_day_first_second",
        "utc_evening", "returned", "returned_resubmitted_late", "accepted_late", "reopened", "saved_late",
        "submitted_late_far",
    ], [report for report in reports if report.agency.name not in ("Sở Y tế", "Sở Công Thương")]))
    saved(r["saved"], hanoi(2024, 7, 5, 9))
    moved(r["approved"], "approve", hanoi(2024, 7, 6, 9))
    moved(r["withdrawn"], "approve", hanoi(2024, 7, 6, 9))
    moved(r["withdrawn"], "withdraw", hanoi(2024, 7, 6, 10))
    submitted(r["early"], hanoi(2024, 7, 10, 9))
    submitted(r["deadline_last_second"], hanoi(2024, 7, 15, 23, 59, 59))
    submitted(r["next_day_first_second"], hanoi(2024, 7, 16, 0, 0, 0))
    # 20:00 UTC on the deadline day: 3 in the morning of the 16th in Hanoi, late there; on time read in UTC.
    submitted(r["utc_evening"], datetime(2024, 7, 15, 20, 0, tzinfo=dt_timezone.utc))
    submitted(r["returned"], hanoi(2024, 7, 12, 9))
    moved(r["returned"], "return", hanoi(2024, 7, 13, 9), reason="Thiếu số liệu")
    submitted(r["returned_resubmitted_late"], hanoi(2024, 7, 14, 9))
    moved(r["returned_resubmitted_late"], "return", hanoi(2024, 7, 14, 15), reason="Thiếu số liệu")
    submitted(r["returned_resubmitted_late"], hanoi(2024, 7, 20, 9))  # late, but the first submission counts
    submitted(r["accepted_late"], hanoi(2024, 7, 18, 9))
    moved(r["accepted_late"], "accept", hanoi(2024, 7, 19, 9))
    submitted(r["reopened"], hanoi(2024, 7, 11, 9))
    moved(r["reopened"], "accept", hanoi(2024, 7, 12, 9))
    moved(r["reopened"], "reopen", hanoi(2024, 7, 13, 9), reason="Sửa số liệu")
    saved(r["saved_late"], hanoi(2024, 7, 20, 9))
    submitted(r["submitted_late_far"], hanoi(2024, 8, 30, 9))
    # The cast's agencies: Sở Y tế submitted on time, Sở Công Thương writing.
    submitted(q2_round.reports.get(agency__name="Sở Y tế"), hanoi(2024, 7, 9, 9))
    saved(q2_round.reports.get(agency__name="Sở Công Thương"), hanoi(2024, 7, 9, 9))
    Reminder.objects.create(report=r["saved"], kind=Reminder.Kind.BEFORE, stage="before-7")
    Reminder.objects.create(report=r["saved"], kind=Reminder.Kind.ESCALATION, stage="escalation")
    return r


def user_of(request, name):
    return request.getfixturevalue(name)


def expected(user, round, today, *, query="", state=""):
    """What the Python report_state says, report by report, for the reports the user sees."""
    round = Round.objects.get(pk=round.pk)
    rows = {}
    words = textnorm.fold(query).split()
    for report in visible_reports(user, round.reports.all()).select_related("agency").order_by("agency__name"):
        report.round = round
        report_state_now = report_state(report, today)
        if all(word in report.agency.search_key for word in words) and (
            not state or state in (report_state_now, report.status)
        ):
            rows[report.pk] = (report_state_now, report.status)
    return rows


def counts_from(rows):
    counts = Counter()
    for state, status in rows.values():
        counts[state] += 1
        counts[status] += 1
    return counts


@pytest.mark.parametrize("who", USERS)
def test_the_database_counts_each_state_as_report_state_does(request, every_state, q2_round, who):
    user = user_of(request, who)
    for zone in ("Asia/Ho_Chi_Minh", "UTC"):
        for today in TODAYS:
            with timezone.override(zone):
                rows = expected(user, q2_round, today)
                round = Round.objects.get(pk=q2_round.pk)
                result = round_reports(user=user, round=round, today=today, per_page=1000)
                counts = counts_from(rows)
                for key in (*STATE_LABELS, *Report.Status.values):
                    assert result.counts[key] == counts[key], (zone, today, key)
                assert result.counts["total"] == len(rows)
                shown = {report.pk: (report.state, report.status) for report in result.page.object_list}
                assert shown == rows, (zone, today)
                for report in result.page.object_list:
                    assert report.state == report_state(report, today)  # the row's own round: no query
                board = dashboard(user=user, round=round, today=today, per_page=1000)
                for key in STATE_LABELS:
                    assert board.counts[key] == counts[key], (zone, today, key)
                assert board.counts["total"] == len(rows)
                assert board.counts["submitted"] == counts["on_time"] + counts["late"]
                assert {report.pk: report.state for report in board.rows} == {
                    pk: state for pk, (state, _status) in rows.items()}
                for state in STATE_LABELS:  # the dashboard filters by state only
                    kept = dashboard(user=user, round=round, today=today, state=state, per_page=1000).rows
                    assert [report.pk for report in kept] == [pk for pk, (s, _status) in rows.items() if s == state]


def test_the_edge_cases_fall_where_report_state_puts_them(every_state, q2_round, reviewer):
    """Spelled out for the reviewer, in Hanoi, the day after the deadline."""
    result = round_reports(user=reviewer, round=q2_round, today=date(2024, 7, 16), per_page=1000)
    state = {report.pk: report.state for report in result.page.object_list}
    assert state[every_state["deadline_last_second"].pk] == "on_time"
    assert state[every_state["next_day_first_second"].pk] == "late"
    assert state[every_state["utc_evening"].pk] == "late"
    assert state[every_state["returned"].pk] == "on_time"
    assert state[every_state["returned_resubmitted_late"].pk] == "on_time"
    assert state[every_state["accepted_late"].pk] == "late"
    assert state[every_state["reopened"].pk] == "on_time"
    assert state[every_state["saved"].pk] == "overdue" and state[every_state["approved"].pk] == "overdue"
    with timezone.override(UTC):
        result = round_reports(user=reviewer, round=q2_round, today=date(2024, 7, 16), per_page=1000)
    assert {report.pk: report.state for report in result.page.object_list}[every_state["utc_evening"].pk] == "on_time"
    before = round_reports(user=reviewer, round=q2_round, today=date(2024, 7, 10), per_page=1000)
    state = {report.pk: report.state for report in before.page.object_list}
    assert state[every_state["saved"].pk] == state[every_state["approved"].pk] == "in_progress"
    assert state[every_state["withdrawn"].pk] == "not_started"  # approved, then withdrawn, never saved
    assert before.counts["not_started"] > 0 and before.counts["in_progress"] >= 3


QUERIES = ["", "so", "Sở Y", "SỞ  công", "ubnd quan", "xa", "không có đơn vị này", "100%_"]


@pytest.mark.parametrize("who", ["reviewer", "leader", "officer"])
def test_the_filters_keep_what_they_kept(request, every_state, q2_round, who):
    user = user_of(request, who)
    today = date(2024, 7, 16)
    whole = len(expected(user, q2_round, today))
    for query in QUERIES:
        for state in ["", *STATE_LABELS, *Report.Status.values]:
            rows = expected(user, q2_round, today, query=query, state=state)
            result = round_reports(user=user, round=q2_round, today=today, per_page=1000,
                                   filters=ReportFilter(query=query, state=state))
            # In the order of the agencies' names, as the page lists them.
            assert [(r.pk, r.state, r.status) for r in result.page.object_list] == [
                (pk, *row) for pk, row in rows.items()], (query, state)
            assert result.counts["total"] == whole  # the whole round's, whatever is filtered
            listed = report_rows(user=user, round=q2_round, today=today, filters=ReportFilter(query=query, state=state))
            assert [report.pk for report in listed] == list(rows)


def test_a_moved_deadline_and_a_closed_round_count_as_report_state(every_state, q2_round, reviewer, leader):
    round_deadline_change(round=q2_round, deadline=date(2024, 7, 20), actor=reviewer, reason="Gia hạn",
                          at=hanoi(2024, 7, 14, 9))
    round = Round.objects.get(pk=q2_round.pk)
    for today in (date(2024, 7, 16), date(2024, 7, 20), date(2024, 7, 21)):
        for user in (reviewer, leader):
            rows = expected(user, round, today)
            result = round_reports(user=user, round=round, today=today, per_page=1000)
            assert {report.pk: (report.state, report.status) for report in result.page.object_list} == rows
    moved_state = {r.pk: r.state for r in round_reports(user=reviewer, round=round, today=date(2024, 7, 21),
                                                         per_page=1000).page.object_list}
    assert moved_state[every_state["next_day_first_second"].pk] == "on_time"  # before the new deadline
    assert moved_state[every_state["submitted_late_far"].pk] == "late"
    # Closed: nothing may wait for review, so the submitted reports are returned first.
    for report in round.reports.filter(status=Report.Status.SUBMITTED):
        moved(report, "return", hanoi(2024, 9, 1, 9), reason="Thiếu số liệu")
    round_close(round=round, actor=reviewer, at=hanoi(2024, 9, 2, 9))
    round = Round.objects.get(pk=q2_round.pk)
    for today in (date(2024, 7, 10), date(2024, 9, 3)):
        for user in (reviewer, leader):
            rows = expected(user, round, today)
            result = round_reports(user=user, round=round, today=today, per_page=1000)
            assert {report.pk: (report.state, report.status) for report in result.page.object_list} == rows
            assert result.counts["missing"] == counts_from(rows)["missing"] > 0
            board = dashboard(user=user, round=round, today=today, per_page=1000)
            assert board.counts["missing"] == result.counts["missing"]


def test_the_round_page_shows_the_reminders_and_the_escalation_of_its_rows(every_state, q2_round, reviewer):
    result = round_reports(user=reviewer, round=q2_round, today=date(2024, 7, 16), per_page=1000)
    rows = {report.pk: report for report in result.page.object_list}
    assert rows[every_state["saved"].pk].n_reminders == 1 and rows[every_state["saved"].pk].escalated
    assert rows[every_state["early"].pk].n_reminders == 0 and not rows[every_state["early"].pk].escalated


# Queries: flat in the number of reports --------------------------------------------------------------------


BATCHES = itertools.count()


def a_round_of(n: int) -> Round:
    """A round of `n` new communes' reports, in a mix of states, with reminders."""
    round = Round.objects.create(period="2031-Q3", title="Báo cáo quý III/2031", deadline=date(2031, 10, 15))
    batch = next(BATCHES)
    agencies = [Agency.objects.create(name=f"UBND xã Đếm Truy Vấn {batch:03d}-{i:03d}", kind=Agency.Kind.COMMUNE)
                for i in range(n)]
    reports = Report.objects.bulk_create([Report(round=round, agency=agency) for agency in agencies])
    for i, report in enumerate(reports):
        if i % 3 == 1:
            Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED,
                                                        first_submitted_at=hanoi(2031, 10, 10 + i % 10, 9))
        if i % 4 == 0:
            Reminder.objects.create(report=report, kind=Reminder.Kind.BEFORE, stage=f"before-{i}")
        if i % 5 == 0:
            Reminder.objects.create(report=report, kind=Reminder.Kind.ESCALATION, stage=f"escalation-{i}")
    return round


def queries_of(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.mark.parametrize("path", ["round", "dashboard"])
def test_the_round_page_and_the_dashboard_cost_the_same_queries_for_5_and_50_reports(
    client, reviewer, django_assert_max_num_queries, path,
):
    client.force_login(reviewer)
    costs = []
    for n in (5, 50):
        round = a_round_of(n)
        url = (reverse("reporting:round", args=[round.pk]) if path == "round"
               else reverse("reporting:dashboard") + f"?dot={round.pk}")
        client.get(url)  # the session's own first writes aside
        with django_assert_max_num_queries(18 if path == "dashboard" else 12):
            with CaptureQueriesContext(connection) as captured:
                html = client.get(url).content.decode()
        assert html.count('data-agency="UBND xã Đếm Truy Vấn') == n
        costs.append(len(captured))
        Report.objects.filter(round=round).delete()
        round.delete()
    assert costs[0] == costs[1]


def test_the_selectors_read_a_fixed_number_of_queries(reviewer, leader):
    for user in (reviewer, leader):
        round_reports(user=user, round=a_round_of(1), today=date(2031, 10, 20))  # what is read once, read
        Round.objects.filter(period="2031-Q3").delete()
        costs = []
        for n in (5, 50):
            round = a_round_of(n)
            costs.append((
                queries_of(lambda: list(round_reports(user=user, round=round, today=date(2031, 10, 20)).page)),
                queries_of(lambda: round_reports(user=user, round=round, today=date(2031, 10, 20),
                                                 filters=ReportFilter(query="dem truy", state="overdue"), page="2",
                                                 per_page=2).page.object_list),
                queries_of(lambda: report_rows(user=user, round=round, today=date(2031, 10, 20))),
            ))
            Report.objects.filter(round=round).delete()
            round.delete()
        assert costs[0] == costs[1]
        assert costs[0][0] <= 3 and costs[0][1] <= 3 and costs[0][2] <= 1


# Opening a round: set-based ----------------------------------------------------------------------------------


@pytest.fixture
def a_task(plan_2024):
    """A task of the 2024 plan not yet done: a recurring round on it asks its lead and its partners."""
    return (Task.objects.filter(document=plan_2024).exclude(status__in=[Task.Status.DONE, Task.Status.DONE_LATE])
            .order_by("order").first())


def with_partners(task, n: int):
    """`n` new communes coordinating the task, each with an officer (with an email address) and a head (without)."""
    agencies = [Agency.objects.create(name=f"UBND xã Mở Đợt {n:03d}-{i:03d}", kind=Agency.Kind.COMMUNE)
                for i in range(n)]
    task.coordinating_agencies.add(*agencies)
    User = get_user_model()
    for agency in agencies:
        officer = User.objects.create_user(f"xa{n}-{agency.pk}", email=f"xa{n}-{agency.pk}@xa.example")
        head = User.objects.create_user(f"xa{n}-{agency.pk}.truong")
        Membership.objects.create(user=officer, role=Membership.Role.OFFICER, agency=agency)
        Membership.objects.create(user=head, role=Membership.Role.HEAD, agency=agency)
    gone = User.objects.create_user(f"xa{n}-nghi", email=f"xa{n}-nghi@xa.example", is_active=False)
    Membership.objects.create(user=gone, role=Membership.Role.OFFICER, agency=agencies[0])  # left: not told
    return agencies


def agency_recipients(agency_ids):
    return {
        (m.agency_id, m.user_id) for m in Membership.objects.filter(
            agency_id__in=agency_ids, role__in=[Membership.Role.OFFICER, Membership.Role.HEAD], user__is_active=True,
        )
    }


def test_opening_a_round_writes_its_reports_trail_and_notifications_in_flat_queries(
    reviewer, plan_2024, a_task, django_capture_on_commit_callbacks,
):
    costs = {}
    for n, due in ((5, date(2024, 6, 30)), (40, date(2024, 12, 31))):
        agencies = with_partners(a_task, n)
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with CaptureQueriesContext(connection) as captured:
                round = round_open(period=f"2024-{'H1' if n == 5 else 'H2'}", deadline=due, actor=reviewer,
                                   documents=[plan_2024], tasks=[a_task], origin=Round.Origin.RECURRING,
                                   due_date=due, at=hanoi(2024, 6, 1, 8))
        costs[n] = len(captured)
        reports = list(round.reports.select_related("agency"))
        # One report per agency that reports the task, each with its creation in the trail and its action.
        assert {report.agency_id for report in reports} >= {agency.pk for agency in agencies}
        assert len(reports) == len({report.agency_id for report in reports})
        for report in reports:
            entries = audit_entries_for(report)
            assert entries.filter(action=AuditEntry.Action.CREATE, field="task_lines", new_value="1").exists()
            assert entries.filter(field="status", new_value="draft").exists()
            assert entries.first().actor == reviewer
            assert report.actions.filter(kind=Action.Kind.CREATE).count() == 1
        assert audit_entries_for(round).filter(field="deadline", new_value=due.isoformat()).exists()
        # Every active officer and head of every agency told once, about their own agency's report.
        notifications = Notification.objects.filter(round=round, kind=Notification.Kind.ROUND).select_related("report")
        told = {(n_.report.agency_id, n_.user_id) for n_ in notifications}
        assert told == agency_recipients([report.agency_id for report in reports])
        assert notifications.count() == len(told)
        sample = notifications.get(report__agency=agencies[0], user__username__endswith=".truong")
        assert sample.subject == f"Đợt báo cáo mới: {round.title}"
        assert sample.body == (f"Sở Kế hoạch và Đầu tư đề nghị {agencies[0].name} nộp báo cáo {round.title} trước ngày "
                               f"{due:%d/%m/%Y}.")
        assert not notifications.filter(user__is_active=False).exists()
        assert sample.message["subject"][0]["t"] == "Đợt báo cáo mới: %(title)s"
        assert sample.url == reverse("reporting:report", args=[sample.report_id])
        # Emails after the commit, one for each notification of an account with an address.
        assert len(callbacks) >= 1
        with_address = notifications.exclude(user__email="")
        assert sorted(m.to[0] for m in mail.outbox) == sorted(with_address.values_list("user__email", flat=True))
        assert not with_address.filter(emailed_at__isnull=True).exists()
        assert TaskLine.objects.filter(report__round=round, task=a_task).count() == len(reports)
    # Flat but for the batches of the bulk inserts (SQLite takes 999 parameters a query): before, each agency
    # cost three queries more (its audit entries, its users, its notifications).
    assert costs[40] <= costs[5] + 10, costs
