from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "planwatch.portal"
    verbose_name = _("Cổng dữ liệu công khai")
