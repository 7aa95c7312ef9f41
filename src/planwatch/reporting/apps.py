from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "planwatch.reporting"
    verbose_name = _("Báo cáo định kỳ")
    # The badge beside "Thông báo" in the site's navigation (web/templatetags/nav.py asks here).
    nav_badges = {"notifications": "planwatch.reporting.selectors.unread_count"}

    def ready(self) -> None:
        # chase answers framework plans' signal; round_jobs registers the round-wide job kinds (planwatch.jobs).
        from planwatch.reporting import chase, round_jobs, scheduler, tasks  # noqa: F401
        from planwatch.reporting.services.notifications import email_job_set

        scheduler.connect()
        # Notifications queue their emails on the task they are given (no import of the queue from the services).
        email_job_set(tasks.notification_email, tasks.notification_emails)
