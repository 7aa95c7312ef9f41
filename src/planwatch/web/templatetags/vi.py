"""Numbers and quantities as Vietnamese readers expect them: `7,5–8,0`, `1.162,6`, `> 13,07`."""

from django import template
from django.utils.translation import gettext_lazy

from planwatch.registry.explanations import reason_text
from planwatch.registry.quantities import number_text, quantity_text
from planwatch.registry.vocabulary import KIND_ABBREVIATIONS

register = template.Library()


def format_number(value, text: str = "") -> str:
    """A Decimal or int in the active language's style, with the decimals the document wrote when `text` says."""
    return number_text(value, text=text)


def format_quantity(quantity) -> str:
    """A target or value in the active language's style; a figure never breaks across lines; a relative target in
    words (registry/quantities.py, the files' formatter too)."""
    return quantity_text(quantity, joiners=True, relative_words=True)


register.filter("num", format_number)
register.filter("quantity", format_quantity)
# `{{ computed|explained }}`, `{{ computed|explained:"assessment" }}`, `{{ warning|explained:"message" }}`
register.filter("explained", reason_text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def status_label(code: str) -> str:
    from planwatch.registry.models import Judgement

    return Judgement.Status(code).label if code in Judgement.Status.values else code


@register.filter
def rounded(value, places: int = 2) -> str:
    """An engine result (full precision) rounded half-up for display, in the active language's style."""
    from planwatch.engine import display

    return "" if value is None else format_number(display(value, int(places)))


METHODS = {"geometric_mean": gettext_lazy("bình quân nhân"), "sum": gettext_lazy("cộng dồn"),
           "latest": gettext_lazy("số liệu mới nhất")}


@register.filter
def so_far_method(so_far) -> str:
    """`geometric_mean(2021:actual, 2022:actual)` as a reader wants it: `bình quân nhân 2021 (TH), 2022 (TH)`."""
    if so_far is None or not so_far.sources:
        return ""
    name = so_far.method.partition("(")[0]
    years = ", ".join(f"{v.year} ({KIND_ABBREVIATIONS.get(v.kind, v.kind)})" for v in so_far.sources)
    return f"{METHODS.get(name, name)}: {years}"
