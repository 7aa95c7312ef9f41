"""What the register takes from the reporting rounds: indicator values of record and task statuses.

Reporting (and the data exchange) decide what is accepted; the rows are the register's, so it writes them, each
write audited, in the caller's transaction (a savepoint of its own when called inside one).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from planwatch.audit.services import record_change, snapshot
from planwatch.registry.models import Indicator, IndicatorValue, Task
from planwatch.registry.saving import RegisterError


@transaction.atomic
def indicator_value_record(
    *, indicator: Indicator, value: IndicatorValue | None, period: str, kind: str, text: str, op: str, low, high,
    note: str, recorded_by, actor, reason: str, at: datetime,
) -> IndicatorValue:
    """Write a value of record of `indicator` (no source document): `value`, the row an earlier write of the same
    record made, updated, or a new row. Its time of record is `at`; the audit trail gets the difference."""
    creating = value is None
    value = value or IndicatorValue(indicator=indicator)
    before = None if creating else snapshot(value)
    value.period, value.kind = period, kind
    value.text, value.op, value.low, value.high = text, op, low, high
    value.relative_direction = value.relative_base = ""
    value.source_document, value.source_note, value.recorded_by = None, note, recorded_by
    value.save()
    # recorded_at is filled in only when the row is created; the time of record is the caller's.
    IndicatorValue.objects.filter(pk=value.pk).update(recorded_at=at)
    after = snapshot(value)
    if before != after:
        record_change(value, before=before, after=after, actor=actor, reason=reason)
    return value


@transaction.atomic
def indicator_value_delete(*, value: IndicatorValue, actor, reason: str) -> None:
    """Remove a value of record (a report emptied the line that gave it), audited."""
    record_change(value, before=snapshot(value), after=None, actor=actor, reason=reason)
    value.delete()


@transaction.atomic
def task_status_set(*, task: Task, status: str, actor, reason: str) -> bool:
    """Set the task's status of record, audited; False when it has that status already."""
    if status not in Task.Status.values:
        raise RegisterError(f"Tình trạng nhiệm vụ không hợp lệ: {status!r}.")
    if task.status == status:
        return False
    before = snapshot(task)
    task.status = status
    task.save(update_fields=["status", "search_key"])
    record_change(task, before=before, after=snapshot(task), actor=actor, reason=reason)
    return True
