"""Numbers and quantities as Vietnamese readers expect them: `7,5–8,0`, `1.162,6`, `> 13,07`."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()

SYMBOLS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "about": "~"}


def format_number(value) -> str:
    """A Decimal or int in the active language's style, with every stored digit and no trailing zeros."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        # Floats lose digits the document wrote; everything numeric in planwatch is a Decimal.
        raise TypeError("a float reached a template; pass a Decimal")
    number = Decimal(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    places = len(text.partition(".")[2])
    return formats.number_format(Decimal(text), decimal_pos=places, use_l10n=True, force_grouping=True)


def format_quantity(quantity) -> str:
    """A target or value (anything with op/low/high/text) in vi-VN style; qualitative text as written."""
    if quantity is None:
        return ""
    op, low, high = quantity.op, quantity.low, quantity.high
    if op == "qualitative" or (low is None and high is None):
        return quantity.text
    if op == "range":
        body = f"{format_number(low)}–{format_number(high)}"
    elif op in ("gt", "ge"):
        body = f"{SYMBOLS[op]} {format_number(low)}"
    elif op in ("lt", "le"):
        body = f"{SYMBOLS[op]} {format_number(high)}"
    elif op == "about":
        body = f"~{format_number(low)}"
    else:
        body = format_number(low)
    if getattr(quantity, "relative_direction", ""):
        verb = "Tăng" if quantity.relative_direction == "increase" else "Giảm"
        body = f"{verb} {body} so với {quantity.relative_base}"
    return body


register.filter("num", format_number)
register.filter("quantity", format_quantity)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
