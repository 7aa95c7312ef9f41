"""Reminders and escalation: agencies reminded before and after a round's deadline, the responsible leaders told
once reminders went unanswered. Each stage is claimed once, so running the job again sends nothing new."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from planwatch.accounts.models import Membership
from planwatch.reporting.models import IndicatorLine, Notification, Reminder, Report, Round, TaskLine
from planwatch.reporting.services.common import at_or_now
from planwatch.reporting.services.notifications import agency_users, notify, planning_users, report_url
from planwatch.reporting.texts import Text
from planwatch.reporting.services.stages import AFTER, BEFORE, ESCALATION, Message, Rhythm, StageSummary, stages_send


ReminderSummary = StageSummary  # the name services/__init__.py has always exported


def _days(n: int) -> Text:
    return Text(gettext_noop("%(n)s ngày"), {"n": n})


def _responsible_leaders(report: Report):
    """Leader accounts holding the seats responsible for what the report covers."""
    lines = TaskLine.objects.filter(report=report)
    seats = set(lines.exclude(task__leader__isnull=True).values_list("task__leader_id", flat=True))
    seats |= set(lines.exclude(task__leader_group__isnull=True).values_list("task__leader_group__positions", flat=True))
    seats |= set(
        IndicatorLine.objects.filter(report=report).exclude(indicator__leader__isnull=True)
        .values_list("indicator__leader_id", flat=True)
    )
    seats.discard(None)
    return get_user_model().objects.filter(
        is_active=True, membership__role=Membership.Role.LEADER, membership__position_id__in=seats,
    )


def _record_reminder(report: Report, kind: str, stage: str, recipients: int, at: datetime) -> bool:
    """Claim the stage; False when another run got there first (the unique stage makes runs idempotent)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(report=report, kind=kind, stage=stage, recipients=recipients, sent_at=at)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def reminders_send(*, now: datetime | None = None) -> ReminderSummary:
    """Remind agencies before and after the deadline; escalate to the responsible leader when reminders fail.

    The rhythm is stages.py's (PLANWATCH_REMINDER_DAYS_BEFORE, PLANWATCH_REMINDER_EVERY_DAYS,
    PLANWATCH_ESCALATE_AFTER_REMINDERS): the leaders responsible for what the report covers are told once the
    reminders after the deadline went unanswered. Running it again the same day sends nothing new.
    """
    now = at_or_now(now)
    today = timezone.localdate(now)
    summary = ReminderSummary()
    rhythm = Rhythm.from_settings()
    reports = (
        Report.objects.filter(round__status=Round.Status.OPEN, first_submitted_at__isnull=True)
        .exclude(status__in=Report.DONE)
        .select_related("round", "agency")
        .prefetch_related("reminders")
        .order_by("round__deadline", "agency__name")
    )
    for report in reports:
        days_left = (report.round.deadline - today).days
        values = {"agency": report.agency.name, "title": report.round.title,
                  "deadline": report.round.deadline.strftime("%d/%m/%Y"), "left": _days(max(days_left, 0)),
                  "late": _days(max(-days_left, 0))}

        def send(kind: str, stage: str, users: list, subject: str, body: str, report=report) -> int | None:
            if not _record_reminder(report, kind, stage, len(users), now):
                return None
            return len(notify(
                users=users, report=report, round=report.round, at=now, url=report_url(report),
                kind=Notification.Kind.ESCALATION if kind == ESCALATION else Notification.Kind.REMINDER,
                subject=subject, body=body,
            ))

        stages_send(rhythm=rhythm, messages=_messages(report), sent=report.reminders.all(), days_left=days_left,
                    today=today, now=now, values=values, send=send, summary=summary)
    return summary


def _messages(report: Report) -> dict[str, Message]:
    """Who is told at each kind of stage, and what: the agency, then its responsible leaders (or the planning
    department when they have no account)."""
    def agency():  # asked only when a stage is due
        return agency_users(report.agency_id)

    return {
        BEFORE: Message(agency, gettext_noop("Nhắc hạn: báo cáo %(title)s, hạn %(deadline)s"),
                        gettext_noop("%(agency)s chưa nộp báo cáo %(title)s. Hạn nộp: %(deadline)s (còn %(left)s). "
                                     "Báo cáo cần lãnh đạo đơn vị duyệt trước khi nộp.")),
        AFTER: Message(agency, gettext_noop("Quá hạn: báo cáo %(title)s (hạn %(deadline)s)"),
                       gettext_noop("%(agency)s chưa nộp báo cáo %(title)s, đã quá hạn %(late)s. Đề nghị nộp ngay.")),
        ESCALATION: Message(lambda: list(_responsible_leaders(report)) or list(planning_users()),
                            gettext_noop("Báo cáo chậm: %(agency)s chưa nộp báo cáo %(title)s"),
                            gettext_noop("%(agency)s chưa nộp báo cáo %(title)s, đã quá hạn %(late)s và đã được "
                                         "nhắc %(n)s lần. Đề nghị đồng chí chỉ đạo đơn vị nộp báo cáo.")),
    }
