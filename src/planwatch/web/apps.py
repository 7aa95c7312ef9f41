from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "planwatch.web"
    verbose_name = _("Giao diện web")
