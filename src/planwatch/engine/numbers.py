"""Decimal arithmetic and the rounding rule.

The rule, in one place:

- Every computation runs in `computing()`: a decimal context of 34 significant digits (IEEE decimal128),
  rounding half-even on the intermediate digits. Nothing passes through a float.
- Results keep those digits in the dataclasses. They are rounded only for display and for comparison with a
  printed figure, with `display(value, places)`: ROUND_HALF_UP to `places` decimals (the precision the document
  prints, read from the printed figure: `13,07` -> 2, `29,0` -> 1, `1.162` -> 0).
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache

PRECISION = 34
DISPLAY_ROUNDING = ROUND_HALF_UP

ONE = Decimal(1)
HUNDRED = Decimal(100)


_COMPUTING = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN, Emax=999999, Emin=-999999)


def computing() -> AbstractContextManager[Context]:
    """The engine's arithmetic context for a block: 34 digits, banker's rounding, no practical exponent limit.
    A copy of one context made once, not a generator setting four attributes: a plan's computation enters it
    tens of thousands of times."""
    return localcontext(_COMPUTING)


def D(value: Decimal | int | str) -> Decimal:
    """A Decimal from a Decimal, an int or a string; a float is refused (it would bring binary noise)."""
    if isinstance(value, float):
        raise TypeError("a float reached the engine; pass Decimal or str")
    return value if isinstance(value, Decimal) else Decimal(value)


def places_of(value: Decimal) -> int:
    """The number of decimals a printed Decimal carries (`Decimal('29.0')` -> 1, `Decimal('1162')` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def display(value: Decimal, places: int = 2) -> Decimal:
    """Round for display: ROUND_HALF_UP to `places` decimals."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return value.quantize(Decimal(1).scaleb(-places), rounding=DISPLAY_ROUNDING)


def plain(value: Decimal) -> str:
    """A decimal as a person writes it: no exponent, no trailing zeros (`19.8`, not `19.800000` or `1E+2`)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


_NUMBER_TOKEN = re.compile(r"\d[\d.,]*")


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


@lru_cache(maxsize=8192)
def _readings(token: str) -> tuple[tuple[Decimal, int], ...]:
    """The numbers a written token can be, each with the decimals it was written with. Kept per token: the
    consistency checks read the same printed figures again for every value they compare."""
    token = token.rstrip(".,")
    found = []
    for thousands, decimal_mark in ((".", ","), (",", ".")):
        whole, _, fraction = token.replace(thousands, "").partition(decimal_mark)
        # ASCII digits only: `²` and `٣` pass isdigit() but are no digits of a written number here.
        if _ascii_digits(whole) and (fraction == "" or _ascii_digits(fraction)):
            found.append((Decimal(f"{whole}.{fraction}" if fraction else whole), len(fraction)))
    return tuple(found)


def written_places(text: str, value: Decimal) -> int | None:
    """How many decimals the document wrote for `value` in `text` (`7,5-8,0` and 8 -> 1), if it shows."""
    for token in _NUMBER_TOKEN.findall(text or ""):
        for number, places in _readings(token):
            if number == value:
                return places
    return None


def as_written(value: Decimal, text: str) -> Decimal:
    """The value with the decimals the text shows for it (`29,0` -> Decimal('29.0')), else without trailing zeros.

    Storage may pad decimals (6 places in the database); the printed precision is what comparisons need.
    """
    number = Decimal(plain(value))
    places = written_places(text, number)
    return number.quantize(Decimal(1).scaleb(-places)) if places is not None else number


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit: how far the true figure behind a printed one may be."""
    return Decimal(5).scaleb(-places_of(value) - 1)


def nth_root(x: Decimal, n: int) -> Decimal:
    """The positive real n-th root of x > 0, at the computing precision."""
    if n == 1:
        return +x
    if x <= 0:
        raise ValueError(f"expected a positive number for a root; got {x}")
    with computing():
        return x ** (ONE / Decimal(n))


def factor(rate_percent: Decimal) -> Decimal:
    """6,27 % -> 1,0627."""
    with computing():
        return ONE + rate_percent / HUNDRED


def rate(growth_factor: Decimal) -> Decimal:
    """1,0627 -> 6,27 %."""
    with computing():
        return (growth_factor - ONE) * HUNDRED


def vn(value: Decimal | None, places: int | None = None) -> str:
    """Vietnamese display: `1.162,6`, `13,07`, `-0,5`. `places` None keeps the value's own decimals."""
    if value is None:
        return "—"
    v = display(value, places) if places is not None else value
    sign = "-" if v < 0 else ""
    text = f"{abs(v):f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return sign + (out + "," + frac if frac else out)


def short(value: Decimal | None, max_places: int = 2) -> Decimal | None:
    """Rounded to at most `max_places` decimals, trailing zeros dropped (13.0712 -> 13.07, 30.00 -> 30)."""
    if value is None:
        return None
    v = display(value, max_places)
    if v == v.to_integral_value():
        return display(v, 0)
    return Decimal(f"{v:f}".rstrip("0"))


def vn_short(value: Decimal | None, max_places: int = 2) -> str:
    """Vietnamese display rounded to at most `max_places` decimals, trailing zeros dropped (`13,07`, `30`)."""
    return vn(short(value, max_places))
