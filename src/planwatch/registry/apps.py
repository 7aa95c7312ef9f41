from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "planwatch.registry"
    verbose_name = _("Danh mục kế hoạch")

    def ready(self) -> None:
        # Every row the engine reads renews the token of its document's kept results (registry/results.py).
        from django.db.models.signals import post_delete, post_save

        from planwatch.registry.models import Document, Indicator, IndicatorValue, Judgement, Target
        from planwatch.registry.results import register_row_changed

        for model in (Document, Indicator, Target, IndicatorValue, Judgement):
            post_save.connect(register_row_changed, sender=model, dispatch_uid=f"results-{model.__name__}-save")
            post_delete.connect(register_row_changed, sender=model, dispatch_uid=f"results-{model.__name__}-delete")
