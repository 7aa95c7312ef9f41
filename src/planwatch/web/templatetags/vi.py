"""Numbers and quantities as Vietnamese readers expect them: `7,5–8,0`, `1.162,6`, `> 13,07`."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext_lazy as _lazy

from planwatch.engine.numbers import plain, written_places
from planwatch.registry.vocabulary import KIND_ABBREVIATIONS, QUANTITY_SYMBOLS

register = template.Library()

SYMBOLS = QUANTITY_SYMBOLS
# A figure never breaks across lines: a no-break space after a sign, word joiners around a range's dash.
NBSP, DASH = "\u00a0", "\u2060–\u2060"


def format_number(value, text: str = "") -> str:
    """A Decimal or int in the active language's style, with the decimals the document wrote when `text` says."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        # Floats lose digits the document wrote; everything numeric in planwatch is a Decimal.
        raise TypeError("a float reached a template; pass a Decimal")
    number = Decimal(plain(Decimal(value)))
    places = written_places(text, number)
    if places is None:
        places = len(plain(number).partition(".")[2])
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_quantity(quantity) -> str:
    """A target or value (anything with op/low/high/text) in vi-VN style; qualitative text as written."""
    if quantity is None:
        return ""
    op, low, high, text = quantity.op, quantity.low, quantity.high, quantity.text
    if op == "qualitative" or (low is None and high is None):
        return text
    if op == "range":
        body = f"{format_number(low, text)}{DASH}{format_number(high, text)}"
    elif op in ("gt", "ge"):
        body = f"{SYMBOLS[op]}{NBSP}{format_number(low, text)}"
    elif op in ("lt", "le"):
        body = f"{SYMBOLS[op]}{NBSP}{format_number(high, text)}"
    elif op == "about":
        body = f"~{format_number(low, text)}"
    else:
        body = format_number(low, text)
    if getattr(quantity, "relative_direction", ""):
        verb = "Tăng" if quantity.relative_direction == "increase" else "Giảm"
        body = f"{verb} {body} so với {quantity.relative_base}"
    return body


register.filter("num", format_number)
register.filter("quantity", format_quantity)


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


METHODS = {"geometric_mean": _lazy("bình quân nhân"), "sum": _lazy("cộng dồn"), "latest": _lazy("số liệu mới nhất")}


@register.filter
def so_far_method(so_far) -> str:
    """`geometric_mean(2021:actual, 2022:actual)` as a reader wants it: `bình quân nhân 2021 (TH), 2022 (TH)`."""
    if so_far is None or not so_far.sources:
        return ""
    name = so_far.method.partition("(")[0]
    years = ", ".join(f"{v.year} ({KIND_ABBREVIATIONS.get(v.kind, v.kind)})" for v in so_far.sources)
    return f"{METHODS.get(name, name)}: {years}"
