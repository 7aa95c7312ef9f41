from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "planwatch.registry"
    verbose_name = _("Danh mục kế hoạch")
