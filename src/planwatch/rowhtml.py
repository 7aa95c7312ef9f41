"""The HTML of long lists written in code (issue 14): the plan page's rows, the report page's lines.

Two of Django's helpers cost more than the rest of a row there. `reverse` walks the URL resolver on each call: once
per link, on a table of a few hundred rows, it cost a tenth of the page. A route's address differs between two
objects only in the object's key, so the route is reversed once, with a marker where the key goes, and each row's
address is put together from the two halves around it. And `conditional_escape` passes every text through a
lazy-text wrapper: a fifth of the tables' time, for the same text out.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from django.urls import reverse

_MARKER = 987654321  # digits, so any route taking an integer key accepts it; no real key reaches it in a test


def escape(value) -> str:
    """conditional_escape's text without its lazy-text wrapper: safe markup as it is, anything else escaped. A plain
    str, to be written into the row's markup, which is marked safe as a whole."""
    if value.__class__ is str:  # most of a table's texts: no attribute to look for
        return html.escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def address_of(name: str, *args) -> Callable[[object], str]:
    """pk -> the address of route `name` for that key (after `args`), escaped for an HTML attribute."""
    before, marker, after = reverse(name, args=[*args, _MARKER]).partition(str(_MARKER))
    if not marker:
        raise ValueError(f"the address of {name!r} does not carry its key as written")
    before, after = html.escape(before), html.escape(after)
    return lambda pk: f"{before}{pk}{after}"
