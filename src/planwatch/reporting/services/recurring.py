"""Rounds from recurring deadlines (`Tháng 6, tháng 10 hàng năm`): one round per due date coming soon."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from planwatch.registry.models import Document, Task, TaskDueDate
from planwatch.reporting.errors import RoundExists
from planwatch.reporting.models import Round
from planwatch.reporting.periods import period_for_due_date
from planwatch.reporting.services.common import DONE_STATUSES, SYSTEM, sqlite_write_lock
from planwatch.reporting.services.rounds import round_open


@transaction.atomic
def recurring_rounds_open(*, today: date | None = None, lead_days: int | None = None, actor=SYSTEM) -> list[Round]:
    """Open a round for each due date of recurring tasks (`Tháng 6, tháng 10 hàng năm`) coming within lead_days.

    One round per due date, covering every tracked task due then; its period is the year to date
    (June: 6 months, October: 9 months). Idempotent: a due date that already has its round is skipped.
    """
    sqlite_write_lock()  # before the reads below: several workers may run this at once
    today = today or timezone.localdate()
    lead_days = settings.PLANWATCH_RECURRING_ROUND_LEAD_DAYS if lead_days is None else lead_days
    due_dates = (
        TaskDueDate.objects.filter(
            task__deadline_kind=Task.DeadlineKind.RECURRING, task__document__is_tracked=True,
            due__gte=today, due__lte=date.fromordinal(today.toordinal() + lead_days),
        )
        .exclude(task__status__in=DONE_STATUSES)
        .select_related("task")
        .order_by("due", "task__document_id", "task__order")
    )
    by_due: dict[date, list[Task]] = defaultdict(list)
    for due_date in due_dates:
        by_due[due_date.due].append(due_date.task)
    opened = []
    existing = set(Round.objects.filter(origin=Round.Origin.RECURRING, due_date__in=list(by_due)).values_list("due_date", flat=True))
    for due, tasks in sorted(by_due.items()):
        if due in existing:
            continue
        documents = Document.objects.filter(pk__in={task.document_id for task in tasks})
        try:
            opened.append(round_open(
                period=period_for_due_date(due), deadline=due, actor=actor, documents=documents, tasks=tasks,
                origin=Round.Origin.RECURRING, due_date=due,
            ))
        except RoundExists:
            continue  # another run (a second worker) opened it meanwhile
    return opened
