from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "planwatch.reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from planwatch.reporting import chase, scheduler  # noqa: F401  chase answers framework plans' signal

        scheduler.connect()
