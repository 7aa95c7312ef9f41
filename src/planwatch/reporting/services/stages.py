"""The rhythm of chasing, one loop for reports (reminders.py) and for tasks and framework plans (reporting/chase.py).

Before the date: one reminder at each of PLANWATCH_REMINDER_DAYS_BEFORE days, the nearest stage only (a job that
missed a day does not send two at once). After it: one every PLANWATCH_REMINDER_EVERY_DAYS days; once
PLANWATCH_ESCALATE_AFTER_REMINDERS of them went unanswered, the escalation, once. Each caller brings its table
(who is told at each kind of stage, and what) and how a stage is claimed and told; the loop decides which stage
is due.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from planwatch.reporting.models import Reminder
from planwatch.reporting.texts import Text

BEFORE, AFTER, ESCALATION = Reminder.Kind.BEFORE, Reminder.Kind.AFTER, Reminder.Kind.ESCALATION


@dataclass
class StageSummary:
    reminders: int = 0
    escalations: int = 0
    notifications: int = 0


@dataclass(frozen=True)
class Rhythm:
    days_before: tuple[int, ...]
    every: int
    escalate_after: int

    @classmethod
    def from_settings(cls) -> Rhythm:
        return cls(
            days_before=tuple(sorted({int(d) for d in settings.PLANWATCH_REMINDER_DAYS_BEFORE})),
            every=max(1, int(settings.PLANWATCH_REMINDER_EVERY_DAYS)),
            escalate_after=max(1, int(settings.PLANWATCH_ESCALATE_AFTER_REMINDERS)),
        )


@dataclass(frozen=True)
class Message:
    """Who is told at a kind of stage (asked only when the stage is due), and the texts (source words marked with
    gettext_noop: each reader sees them in their language, reporting/texts.py), formatted with the caller's values
    (`n`, the reminders sent after the date, is added for the escalation)."""

    recipients: Callable[[], Iterable]
    subject: str
    body: str


# (kind, stage, users, subject, body) -> how many were told, or None when the stage was claimed already.
Send = Callable[[str, str, list, Text, Text], "int | None"]


def stages_send(*, rhythm: Rhythm, messages: dict[str, Message], sent: Iterable, days_left: int, today: date,
                now: datetime, values: dict, send: Send, summary: StageSummary) -> None:
    """Send the stage now due for one thing chased, if any. `sent`: its stages sent already (with `stage`,
    `kind`, `sent_at`)."""
    sent = list(sent)
    stages = {entry.stage for entry in sent}

    def told(kind: str, stage: str) -> bool:
        message = messages[kind]
        count = send(kind, stage, list(message.recipients()), Text(message.subject, dict(values)),
                     Text(message.body, dict(values)))
        if count is None:
            return False
        summary.notifications += count
        if kind == ESCALATION:
            summary.escalations += 1
        else:
            summary.reminders += 1
        return True

    if days_left >= 0:
        due = next((d for d in rhythm.days_before if days_left <= d), None)
        if due is not None and not any(s.startswith("before-") and int(s[7:]) <= due for s in stages):
            told(BEFORE, f"before-{due}")
        return
    after = sorted(entry.sent_at for entry in sent if entry.kind == AFTER)
    if not after or (today - timezone.localdate(after[-1])).days >= rhythm.every:
        if told(AFTER, f"after-{len(after) + 1}"):
            after.append(now)
    if len(after) >= rhythm.escalate_after and ESCALATION not in stages:
        values["n"] = len(after)
        told(ESCALATION, ESCALATION)
