from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "planwatch.reports"
    label = "reports"
    verbose_name = _("Báo cáo, phụ lục")

    def ready(self) -> None:
        from planwatch.reports import report_jobs  # noqa: F401  registers the scorecards file job
