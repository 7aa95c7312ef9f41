from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    name = "planwatch.series"
    verbose_name = _("Chuỗi chỉ tiêu")

    def ready(self) -> None:
        # A series lends values across documents: joining or leaving one, or a member's values changing, changes
        # what the engine reads for every document holding a member (series/revisions.py).
        from django.db.models.signals import post_delete, post_save

        from planwatch.registry.models import Indicator, IndicatorValue
        from planwatch.series.models import Series, SeriesMember
        from planwatch.series.revisions import series_row_changed

        for model in (Series, SeriesMember, Indicator, IndicatorValue):
            post_save.connect(series_row_changed, sender=model, dispatch_uid=f"series-results-{model.__name__}-save")
            post_delete.connect(series_row_changed, sender=model, dispatch_uid=f"series-results-{model.__name__}-delete")

        # The register sits below: it reads a series' values and prints its series through hooks it owns
        # (registry/hooks.py).
        from planwatch.registry import hooks
        from planwatch.series.selectors import attach_series_values, show_series

        hooks.value_sources.register(attach_series_values)
        hooks.show_sections.register(show_series)
