from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CascadeConfig(AppConfig):
    name = "planwatch.cascade"
    verbose_name = _("Đóng góp từ cấp dưới")
