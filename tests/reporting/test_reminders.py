"""Deadlines and chasing, with the clock moved by time-machine: reminders before and after the deadline,
escalation to the responsible leader, recurring deadlines opening their rounds, and the hourly job itself.

The Q2 2024 round is due 15/7/2024. Reminders: 7 and 2 days before, then every 3 days after; escalation after
2 reminders past the deadline (tests/reporting/conftest.py sets these).
"""

from datetime import date

import pytest
import time_machine
from django.core import mail

from planwatch.reporting import jobs, scheduler
from planwatch.reporting.models import Notification, Reminder, Round
from planwatch.reporting.services import recurring_rounds_open, report_transition
from planwatch.registry.models import Task

from .conftest import hanoi

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_emails(other_officer, other_head, leader, reviewer):
    for user in (other_officer, other_head, leader, reviewer):
        user.email = f"{user.username}@hanoi.example.gov.vn"
        user.save(update_fields=["email"])


def run_at(when, capture):
    with time_machine.travel(when, tick=False), capture(execute=True):
        return jobs.run_periodic()


def stages(report):
    return list(report.reminders.order_by("sent_at", "id").values_list("stage", flat=True))


def test_reminders_go_out_before_and_after_the_deadline_once_each(
    q2_round, trade_report, other_officer, with_emails, django_capture_on_commit_callbacks,
):
    run_at(hanoi(2024, 7, 5, 9), django_capture_on_commit_callbacks)  # 10 days before: too early
    assert stages(trade_report) == []
    run_at(hanoi(2024, 7, 8, 9), django_capture_on_commit_callbacks)
    assert stages(trade_report) == ["before-7"]
    run_at(hanoi(2024, 7, 8, 15), django_capture_on_commit_callbacks)  # the hourly job again, same day
    assert stages(trade_report) == ["before-7"]
    run_at(hanoi(2024, 7, 13, 9), django_capture_on_commit_callbacks)
    run_at(hanoi(2024, 7, 15, 9), django_capture_on_commit_callbacks)  # the deadline day itself: nothing new
    run_at(hanoi(2024, 7, 16, 9), django_capture_on_commit_callbacks)
    run_at(hanoi(2024, 7, 17, 9), django_capture_on_commit_callbacks)  # too soon after the last one
    assert stages(trade_report) == ["before-7", "before-2", "after-1"]
    notes = Notification.objects.filter(user=other_officer, report=trade_report, kind="reminder").order_by("created_at")
    assert [n.subject for n in notes] == [
        "Nhắc hạn: báo cáo Báo cáo quý II/2024, hạn 15/07/2024",
        "Nhắc hạn: báo cáo Báo cáo quý II/2024, hạn 15/07/2024",
        "Quá hạn: báo cáo Báo cáo quý II/2024 (hạn 15/07/2024)",
    ]
    assert "còn 7 ngày" in notes[0].body and "đã quá hạn 1 ngày" in notes[2].body
    # The hourly job chases the agency's tasks too (tests/reporting/test_chase.py): only the report's mails here.
    to_officer = [m for m in mail.outbox
                  if m.to == ["congthuong@hanoi.example.gov.vn"] and f"/bao-cao/{trade_report.pk}/" in m.body]
    assert len(to_officer) == 3
    assert to_officer[0].subject == "[planwatch] Nhắc hạn: báo cáo Báo cáo quý II/2024, hạn 15/07/2024"
    assert f"/bao-cao/{trade_report.pk}/" in to_officer[0].body
    assert all(n.emailed_at for n in notes)


def test_a_job_that_missed_a_day_sends_only_the_nearest_reminder(q2_round, trade_report, django_capture_on_commit_callbacks):
    run_at(hanoi(2024, 7, 14, 9), django_capture_on_commit_callbacks)  # first run: 1 day before
    assert stages(trade_report) == ["before-2"]


def test_escalation_reaches_the_responsible_leader_after_two_reminders_past_the_deadline(
    q2_round, health_report, leader, with_emails, django_capture_on_commit_callbacks,
):
    seat = leader.membership.position
    assert health_report.task_lines.filter(task__leader=seat).exists(), "Sở Y tế has tasks in this leader's portfolio"
    run_at(hanoi(2024, 7, 16, 9), django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(user=leader, kind="escalation", report=health_report).exists()
    run_at(hanoi(2024, 7, 19, 9), django_capture_on_commit_callbacks)
    assert stages(health_report) == ["after-1", "after-2", "escalation"]
    escalation = Notification.objects.get(user=leader, kind="escalation", report=health_report)
    assert escalation.subject == "Báo cáo chậm: Sở Y tế chưa nộp báo cáo Báo cáo quý II/2024"
    assert "đã quá hạn 4 ngày và đã được nhắc 2 lần" in escalation.body
    assert any(m.to == ["pct.kinhte@hanoi.example.gov.vn"] and "Sở Y tế" in m.subject for m in mail.outbox)
    run_at(hanoi(2024, 7, 22, 9), django_capture_on_commit_callbacks)
    assert stages(health_report) == ["after-1", "after-2", "escalation", "after-3"]
    assert Notification.objects.filter(user=leader, kind="escalation", report=health_report).count() == 1


def test_without_a_leader_account_the_planning_department_is_told(
    q2_round, trade_report, reviewer, leader, django_capture_on_commit_callbacks,
):
    leader.is_active = False  # the only leader account of the demo, gone: nobody holds the seats online
    leader.save(update_fields=["is_active"])
    run_at(hanoi(2024, 7, 16, 9), django_capture_on_commit_callbacks)
    run_at(hanoi(2024, 7, 19, 9), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(user=reviewer, kind="escalation", report=trade_report).exists()
    assert not Notification.objects.filter(user=leader, kind="escalation").exclude(created_at__lt=hanoi(2024, 7, 1)).exists()


def test_a_submitted_report_is_not_chased(q2_round, trade_report, other_officer, other_head, django_capture_on_commit_callbacks):
    run_at(hanoi(2024, 7, 8, 9), django_capture_on_commit_callbacks)
    report_transition(report=trade_report, action="approve", actor=other_head, version=trade_report.version)
    report_transition(report=trade_report, action="submit", actor=other_officer, at=hanoi(2024, 7, 9, 9))
    for day in (13, 16, 19, 22):
        run_at(hanoi(2024, 7, day, 9), django_capture_on_commit_callbacks)
    assert stages(trade_report) == ["before-7"]


def test_a_closed_round_is_not_chased(q2_round, trade_report, reviewer, django_capture_on_commit_callbacks):
    from planwatch.reporting.services import round_close

    round_close(round=q2_round, actor=reviewer)
    run_at(hanoi(2024, 7, 20, 9), django_capture_on_commit_callbacks)
    assert stages(trade_report) == []


# Recurring deadlines ------------------------------------------------------------------------------


def recurring_tasks(due: date):
    return Task.objects.filter(deadline_kind="recurring", due_dates__due=due, document__is_tracked=True)


def test_recurring_deadlines_open_their_rounds_a_month_ahead(django_capture_on_commit_callbacks):
    june = date(2024, 6, 30)
    assert recurring_tasks(june).exists(), "the 2024 plan has tasks due `Tháng 6, tháng 10 hàng năm`"
    run_at(hanoi(2024, 5, 20, 9), django_capture_on_commit_callbacks)
    assert not Round.objects.filter(origin="recurring").exists()
    run_at(hanoi(2024, 6, 1, 9), django_capture_on_commit_callbacks)
    round = Round.objects.get(origin="recurring", due_date=june)
    assert (round.period, round.deadline) == ("2024-H1", june)
    assert round.title == "Báo cáo định kỳ hạn 30/06/2024 (6 tháng đầu năm 2024)"
    assert set(round.tasks.all()) == set(recurring_tasks(june))
    lines = [line for report in round.reports.all() for line in report.task_lines.all()]
    assert lines and {line.task_id for line in lines} <= set(recurring_tasks(june).values_list("pk", flat=True))
    assert not any(report.indicator_lines.exists() for report in round.reports.all())
    lead_agencies = {a for task in recurring_tasks(june) for a in task.lead_agencies.all()}
    assert lead_agencies <= {report.agency for report in round.reports.all()}
    run_at(hanoi(2024, 6, 2, 9), django_capture_on_commit_callbacks)
    assert Round.objects.filter(origin="recurring").count() == 1


def test_an_october_deadline_is_the_nine_month_report():
    with time_machine.travel(hanoi(2024, 10, 5, 9), tick=False):
        opened = recurring_rounds_open()
    assert [(r.period, r.due_date) for r in opened] == [("2024-9M", date(2024, 10, 31))]


# The job on the queue ------------------------------------------------------------------------------


def test_the_hourly_job_is_scheduled_on_the_hour():
    from huey.contrib.djhuey import HUEY

    def due(hour, minute):
        return [task.name for task in HUEY.read_periodic(hanoi(2024, 7, 8, hour, minute).replace(tzinfo=None))]

    assert "periodic_jobs" in due(9, 0)
    assert "periodic_jobs" not in due(9, 30)


def test_the_in_process_scheduler_runs_the_due_job_in_the_web_process(q2_round, trade_report, django_capture_on_commit_callbacks):
    """With the embedded default, huey runs the periodic task at once in the process that enqueues it."""
    with time_machine.travel(hanoi(2024, 7, 16, 9, 0), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert scheduler.run_due_periodic_tasks() >= 1
    assert "after-1" in stages(trade_report)


def test_an_email_is_sent_once(q2_round, other_officer, django_capture_on_commit_callbacks):
    from planwatch.reporting.services import notify

    other_officer.email = "ct@example.gov.vn"
    other_officer.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(users=[other_officer], kind="reminder", subject="Thử", body="Nội dung", url="/bao-cao/")
    assert len(mail.outbox) == 1 and mail.outbox[0].body.endswith("http://127.0.0.1:8000/bao-cao/")
    assert jobs.notification_email_send(notification.pk) is False
    assert len(mail.outbox) == 1


def test_many_notifications_are_emailed_in_batches_over_one_connection_each(
    q2_round, officer, other_officer, monkeypatch, django_capture_on_commit_callbacks,
):
    """notify_many queues EMAIL_BATCH notifications per job; each job opens one connection to the mail server and
    sends every email of its batch once, those already sent skipped on a retry."""
    from django.core.mail.backends.locmem import EmailBackend

    from planwatch.reporting.services import notifications as notifications_module
    from planwatch.reporting.services.notifications import Message, notify_many

    for user, address in ((officer, "cb@example.gov.vn"), (other_officer, "ct@example.gov.vn")):
        user.email = address
        user.save(update_fields=["email"])
    opened = []
    real_open = EmailBackend.open
    monkeypatch.setattr(EmailBackend, "open", lambda self: opened.append(self) or real_open(self))
    monkeypatch.setattr(notifications_module, "EMAIL_BATCH", 2)
    batches = []
    real_batch_job = notifications_module._emails_job
    monkeypatch.setattr(notifications_module, "_emails_job", lambda ids: batches.append(ids) or real_batch_job(ids))
    messages = [Message(users=[user], kind="reminder", subject=f"Thử {n}", body="Nội dung", url="/bao-cao/")
                for n in range(3) for user in (officer, other_officer)]
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_many(messages)
    assert [len(ids) for ids in batches] == [2, 2, 2]
    assert [pk for ids in batches for pk in ids] == [n.pk for n in created]
    assert len(opened) == 3
    assert sorted(m.subject for m in mail.outbox) == sorted(f"[planwatch] Thử {n}" for n in range(3) for _ in (1, 2))
    assert jobs.notification_emails_send([n.pk for n in created]) == 0
    assert len(mail.outbox) == 6


def test_reminder_stages_are_claimed_once(q2_round, trade_report):
    from planwatch.reporting.services import _record_reminder

    assert _record_reminder(trade_report, Reminder.Kind.AFTER, "after-1", 2, hanoi(2024, 7, 16, 9))
    assert not _record_reminder(trade_report, Reminder.Kind.AFTER, "after-1", 2, hanoi(2024, 7, 16, 10))
