"""Queue tasks (huey). With the embedded default they run in the web process; with Redis, in `planwatch worker`.

settings.HUEY picks the mode from the environment (see settings.py and docs/reporting.md).
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from planwatch.reporting import jobs


@db_task(retries=3, retry_delay=60)
def notification_email(notification_id: int) -> None:
    jobs.notification_email_send(notification_id)


@db_task(retries=3, retry_delay=60)
def notification_emails(notification_ids: list[int]) -> None:
    jobs.notification_emails_send(notification_ids)


@db_task()
def periodic_jobs_now() -> None:
    """The hourly jobs on demand (`planwatch run-jobs --queue`)."""
    jobs.run_periodic()


@db_periodic_task(crontab(minute="0"))
def periodic_jobs() -> None:
    jobs.run_periodic()
