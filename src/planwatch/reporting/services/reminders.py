"""Reminders and escalation: agencies reminded before and after a round's deadline, the responsible leaders told
once reminders went unanswered. Each stage is claimed once, so running the job again sends nothing new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.accounts.models import Membership
from planwatch.reporting.models import IndicatorLine, Notification, Reminder, Report, Round, TaskLine
from planwatch.reporting.services.common import at_or_now
from planwatch.reporting.services.notifications import agency_users, notify, planning_users, report_url


@dataclass
class ReminderSummary:
    reminders: int = 0
    escalations: int = 0
    notifications: int = 0


def _days(n: int) -> str:
    return _("%(n)s ngày") % {"n": n}


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

    Before the deadline: one reminder at each of PLANWATCH_REMINDER_DAYS_BEFORE days (the nearest stage only, if
    the job missed one). After it: a reminder every PLANWATCH_REMINDER_EVERY_DAYS days; once
    PLANWATCH_ESCALATE_AFTER_REMINDERS reminders after the deadline went unanswered, the leaders responsible
    are told, once. Running it again the same day sends nothing new.
    """
    now = at_or_now(now)
    today = timezone.localdate(now)
    summary = ReminderSummary()
    days_before = sorted({int(d) for d in settings.PLANWATCH_REMINDER_DAYS_BEFORE})
    every = max(1, int(settings.PLANWATCH_REMINDER_EVERY_DAYS))
    escalate_after = max(1, int(settings.PLANWATCH_ESCALATE_AFTER_REMINDERS))
    reports = (
        Report.objects.filter(round__status=Round.Status.OPEN, first_submitted_at__isnull=True)
        .exclude(status__in=Report.DONE)
        .select_related("round", "agency")
        .prefetch_related("reminders")
        .order_by("round__deadline", "agency__name")
    )
    for report in reports:
        sent = list(report.reminders.all())
        stages = {reminder.stage for reminder in sent}
        days_left = (report.round.deadline - today).days
        values = {"agency": report.agency.name, "title": report.round.title,
                  "deadline": report.round.deadline.strftime("%d/%m/%Y"), "left": _days(max(days_left, 0)),
                  "late": _days(max(-days_left, 0))}

        def send(kind: str, stage: str, users: list, subject: str, body: str) -> bool:
            """Claim the stage, then tell the users; False when the stage was sent already."""
            if not _record_reminder(report, kind, stage, len(users), now):
                return False
            notes = notify(
                users=users, report=report, round=report.round, at=now, url=report_url(report),
                kind=Notification.Kind.ESCALATION if kind == Reminder.Kind.ESCALATION else Notification.Kind.REMINDER,
                subject=subject % values, body=body % values,
            )
            summary.notifications += len(notes)
            if kind == Reminder.Kind.ESCALATION:
                summary.escalations += 1
            else:
                summary.reminders += 1
            return True

        if days_left >= 0:
            due = [d for d in days_before if days_left <= d]
            # Only the nearest stage: a job that missed a day does not send two reminders at once.
            if due and not any(s.startswith("before-") and int(s[7:]) <= due[0] for s in stages):
                send(Reminder.Kind.BEFORE, f"before-{due[0]}", list(agency_users(report.agency_id)),
                     _("Nhắc hạn: báo cáo %(title)s, hạn %(deadline)s"),
                     _("%(agency)s chưa nộp báo cáo %(title)s. Hạn nộp: %(deadline)s (còn %(left)s). "
                       "Báo cáo cần lãnh đạo đơn vị duyệt trước khi nộp."))
            continue
        after = sorted((r.sent_at for r in sent if r.kind == Reminder.Kind.AFTER))
        if not after or (today - timezone.localdate(after[-1])).days >= every:
            if send(Reminder.Kind.AFTER, f"after-{len(after) + 1}", list(agency_users(report.agency_id)),
                    _("Quá hạn: báo cáo %(title)s (hạn %(deadline)s)"),
                    _("%(agency)s chưa nộp báo cáo %(title)s, đã quá hạn %(late)s. Đề nghị nộp ngay.")):
                after.append(now)
        if len(after) >= escalate_after and "escalation" not in stages:
            values["n"] = len(after)
            send(Reminder.Kind.ESCALATION, "escalation", list(_responsible_leaders(report)) or list(planning_users()),
                 _("Báo cáo chậm: %(agency)s chưa nộp báo cáo %(title)s"),
                 _("%(agency)s chưa nộp báo cáo %(title)s, đã quá hạn %(late)s và đã được nhắc %(n)s lần. "
                   "Đề nghị đồng chí chỉ đạo đơn vị nộp báo cáo."))
    return summary
