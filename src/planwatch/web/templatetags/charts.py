"""The home page's charts as template tags: markup from planwatch.web.charts, every data text escaped there."""

from django import template
from django.utils.translation import gettext as _

from planwatch.web.charts import sparkline_svg, status_bars_svg
from planwatch.web.templatetags.vi import status_label

register = template.Library()


@register.simple_tag
def status_bars(counts):
    return status_bars_svg(counts, status_label, title=_("Số chỉ tiêu theo đánh giá"))


@register.simple_tag
def sparkline(row):
    return sparkline_svg(row.trend, name=row.indicator.name)
