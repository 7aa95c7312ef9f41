"""Who is told: the users of an agency and of the planning department, and the in-app notifications (with their
emails, sent after the transaction commits)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from planwatch.accounts.models import Membership
from planwatch.reporting.models import Notification, Report, Round
from planwatch.reporting.services.common import at_or_now
from planwatch.reporting.texts import as_json, plain

# The queue's task that emails one notification, set when the app is ready (reporting/apps.py). The queue's module
# (tasks.py) runs the periodic jobs, which call these services: were the services to import it, the two would import
# each other.
_email_job: Callable[[int], object] | None = None
_emails_job: Callable[[list[int]], object] | None = None

# Emails of many notifications at once (opening a round) go to the queue in jobs of this many, each job sending
# over one connection to the mail server: thousands of notifications are dozens of jobs, not thousands.
EMAIL_BATCH = 100


def email_job_set(job: Callable[[int], object], batch_job: Callable[[list[int]], object] | None = None) -> None:
    global _email_job, _emails_job
    _email_job, _emails_job = job, batch_job


def agency_users(agency_id: int):
    return get_user_model().objects.filter(
        is_active=True, membership__agency_id=agency_id,
        membership__role__in=[Membership.Role.OFFICER, Membership.Role.HEAD],
    )


def agency_users_of(agencies) -> dict[int, list]:
    """agency_users() of many agencies in one query, by agency id (an agency without any is left out).
    `agencies`: agency ids, or a queryset of them (a subquery: no list of ids to send)."""
    by_agency: dict[int, list] = defaultdict(list)
    users = get_user_model().objects.filter(
        is_active=True, membership__agency_id__in=agencies,
        membership__role__in=[Membership.Role.OFFICER, Membership.Role.HEAD],
    ).annotate(agency_of=F("membership__agency_id")).order_by("pk")
    for user in users:
        by_agency[user.agency_of].append(user)
    return by_agency


def planning_users():
    return get_user_model().objects.filter(is_active=True, membership__role=Membership.Role.PLANNING)


def report_url(report: Report) -> str:
    """The report's page, as a path: the app links to it, the email job puts PLANWATCH_BASE_URL before it."""
    return reverse("reporting:report", args=[report.pk])


def notify(*, users: Iterable, kind: str, subject, body, report: Report | None = None,
           round: Round | None = None, url: str = "", at: datetime | None = None) -> list[Notification]:
    """In-app notifications, and an email job for each recipient with an address (run after commit). `subject` and
    `body` are texts, or Texts (reporting/texts.py) that each reader sees in their language (a body may be a list
    of parts, one per line)."""
    created = Notification.objects.bulk_create(_notifications(
        users=users, kind=kind, subject=subject, body=body, report=report, round=round, url=url, at=at,
    ))
    _emails_queue(created, one_hook_each=True)
    return created


@dataclass(frozen=True)
class Message:
    """One notify() call's worth, for notify_many: the same arguments."""

    users: Iterable
    kind: str
    subject: object
    body: object
    report: Report | None = None
    round: Round | None = None
    url: str = ""
    at: datetime | None = None


def notify_many(messages: Iterable[Message], *, batch_size: int = 1000) -> list[Notification]:
    """What notify() does for each message, in a few queries: the notifications written together, in the order
    of the messages, and their emails queued after commit in jobs of EMAIL_BATCH notifications."""
    pending = [
        notification for m in messages
        for notification in _notifications(users=m.users, kind=m.kind, subject=m.subject, body=m.body,
                                           report=m.report, round=m.round, url=m.url, at=m.at)
    ]
    created = Notification.objects.bulk_create(pending, batch_size=batch_size)
    _emails_queue(created, one_hook_each=False)
    return created


def _notifications(*, users: Iterable, kind: str, subject, body, report: Report | None, round: Round | None,
                   url: str, at: datetime | None) -> list[Notification]:
    message = {key: parts for key, parts in (("subject", as_json(subject)), ("body", as_json(body))) if parts}
    return [
        Notification(user=user, kind=kind, subject=plain(subject)[:300], body=plain(body), message=message,
                     report=report, round=round, url=url, created_at=at_or_now(at))
        for user in {user.pk: user for user in users}.values()
    ]


def _emails_queue(created: list[Notification], *, one_hook_each: bool) -> None:
    with_email = [n.pk for n in created if n.user.email]
    if not with_email:
        return
    if _email_job is None:
        raise RuntimeError("planwatch.reporting is not ready: no email job to queue the notifications on")
    job = _email_job
    if one_hook_each:
        for pk in with_email:
            transaction.on_commit(lambda pk=pk: job(pk))
    else:  # in the same order, in batches, queued by one hook
        batch_job = _emails_job or (lambda ids: [job(pk) for pk in ids])

        def queue_all() -> None:
            for start in range(0, len(with_email), EMAIL_BATCH):
                batch_job(with_email[start:start + EMAIL_BATCH])

        transaction.on_commit(queue_all)


@transaction.atomic
def notifications_mark_read(*, user, ids: Iterable[int] | None = None, at: datetime | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=at_or_now(at))
