from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "planwatch.api"
    label = "api"
    verbose_name = _("Giao diện lập trình (API)")
