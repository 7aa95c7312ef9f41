from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "planwatch.frameworks"
    verbose_name = _("Kế hoạch khung")

    def ready(self) -> None:
        # The register sits below: its task lists count late steps and `planwatch show` prints framework plans
        # through hooks it owns (registry/hooks.py).
        from planwatch.frameworks.selectors import late_steps_count, show_framework_plans
        from planwatch.registry import hooks

        hooks.late_steps.register(late_steps_count)
        hooks.show_sections.register(show_framework_plans)
