"""What the reporting services share: who acts (a user, or a text label for the system), when, the report row
locked for the transaction, and the action log.

`actor` is a user, or a text label for the system itself (the demo loader, the scheduled jobs); role guards
apply to users only.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import F
from django.utils import timezone

from planwatch.registry.models import Task
from planwatch.reporting.models import Action, Report, Round

SYSTEM = "planwatch"
DONE_STATUSES = (Task.Status.DONE, Task.Status.DONE_LATE)


def is_user(actor) -> bool:
    return actor is not None and not isinstance(actor, str)


def user_or_none(actor):
    return actor if is_user(actor) else None


def actor_label(actor) -> str:
    if actor is None:
        return ""
    return actor[:150] if isinstance(actor, str) else actor.get_username()[:150]


def at_or_now(at: datetime | None) -> datetime:
    return at or timezone.now()


def lock_report(pk: int) -> Report:
    """The report row, locked for this transaction.

    PostgreSQL locks the row (SELECT ... FOR UPDATE). SQLite ignores FOR UPDATE, so a no-op write comes
    first: it takes the database's write lock before anything is read, where a read-then-write would let two
    transactions deadlock on SQLite's lock upgrade.
    """
    if connection.vendor == "sqlite":
        Report.objects.filter(pk=pk).update(version=F("version"))
    return Report.objects.select_for_update().select_related("round", "agency").get(pk=pk)


def sqlite_write_lock() -> None:
    """On SQLite, take the database's write lock now, before this transaction reads what it will check.

    SQLite ignores FOR UPDATE; a no-op write makes two round opens queue instead of both passing the "already
    open?" check, or deadlocking on the lock upgrade ("database is locked"). PostgreSQL needs none of this: the
    rounds' unique constraints decide there (round_open).
    """
    if connection.vendor == "sqlite":
        Round.objects.filter(pk=-1).update(status=F("status"))


def log_action(*, round: Round, report: Report | None, kind: str, actor, at: datetime, comment: str = "",
               from_status: str = "", to_status: str = "", data=None) -> Action:
    return Action.objects.create(
        round=round, report=report, kind=kind, actor=user_or_none(actor), actor_label=actor_label(actor), at=at,
        comment=comment, from_status=from_status, to_status=to_status, data=data,
    )
