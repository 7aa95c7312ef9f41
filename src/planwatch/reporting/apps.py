from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "planwatch.reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        # chase answers framework plans' signal; round_jobs registers the round-wide job kinds (planwatch.jobs).
        from planwatch.reporting import chase, round_jobs, scheduler  # noqa: F401

        scheduler.connect()
