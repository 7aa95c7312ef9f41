"""The background jobs, as plain functions: tasks.py schedules them on the queue, tests call them directly."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone

from planwatch.reporting.chase import chase_send
from planwatch.reporting.models import Notification
from planwatch.reporting.services import recurring_rounds_open, reminders_send

logger = logging.getLogger(__name__)


def notification_email_send(notification_id: int) -> bool:
    """Send one notification by email, once; False when there is nothing to send."""
    return _email_send(notification_id, connection=None)


def notification_emails_send(notification_ids: list[int]) -> int:
    """Send many notifications by email over one connection to the mail server, each once (a retry after a
    failure skips those already sent); the number sent."""
    with get_connection() as connection:
        return sum(_email_send(pk, connection=connection) for pk in notification_ids)


def _email_send(notification_id: int, *, connection) -> bool:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None or not notification.user.email:
            return False
        link = settings.PLANWATCH_BASE_URL.rstrip("/") + notification.url if notification.url else ""
        body = notification.body + (f"\n\n{link}" if link else "")
        send_mail(
            subject=f"[planwatch] {notification.subject}", message=body,
            from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[notification.user.email], connection=connection,
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def run_periodic(now: datetime | None = None) -> dict:
    """What runs every hour: rounds for coming recurring deadlines, then reminders and escalations, for reports
    and for tasks and framework plans."""
    now = now or timezone.now()
    opened = recurring_rounds_open(today=timezone.localdate(now))
    summary = reminders_send(now=now)
    chased = chase_send(now=now)
    result = {
        "rounds_opened": len(opened), "reminders": summary.reminders, "escalations": summary.escalations,
        "notifications": summary.notifications, "task_reminders": chased.reminders,
        "task_escalations": chased.escalations, "task_notifications": chased.notifications,
    }
    logger.info("planwatch periodic jobs: %s", result)
    return result
