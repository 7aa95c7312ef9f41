from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    name = "planwatch.series"
    verbose_name = _("Chuỗi chỉ tiêu")

    def ready(self) -> None:
        # A series lends values across documents: joining or leaving one changes what the engine reads.
        from django.db.models.signals import post_delete, post_save

        from planwatch.registry.results import inputs_changed
        from planwatch.series.models import Series, SeriesMember

        for model in (Series, SeriesMember):
            post_save.connect(inputs_changed, sender=model, dispatch_uid=f"results-{model.__name__}-save")
            post_delete.connect(inputs_changed, sender=model, dispatch_uid=f"results-{model.__name__}-delete")
