"""Units that scale: `triệu tỷ đồng`, `nghìn tỷ đồng`, `1.000 tỷ đ.`, `tỷ USD`, `triệu đồng`.

3,1-3,2 triệu tỷ đồng is 3.100-3.200 nghìn tỷ đồng: `convert(q, "triệu tỷ đồng", "1.000 tỷ đ.")` gives it, so a
target in one unit can be compared with values in another. Units that are not money of a known currency (`%`,
`gi.b/v.dân`) convert only to themselves.
"""

from __future__ import annotations

from .errors import EngineError

import re
import unicodedata
from decimal import Decimal

from .numbers import computing
from .quantity import Quantity


class UnitError(EngineError):
    """A unit the helper cannot read, or two units that do not measure the same thing."""


_WORDS = {
    "nghìn": Decimal(10) ** 3, "ngàn": Decimal(10) ** 3, "ng": Decimal(10) ** 3,
    "triệu": Decimal(10) ** 6, "tr": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9, "tỉ": Decimal(10) ** 9,
}
_CURRENCIES = {"đồng": "VND", "đ": "VND", "d": "VND", "vnd": "VND", "vnđ": "VND", "usd": "USD"}
_TOKEN = re.compile(r"\d[\d.]*|[^\W\d_]+", re.UNICODE)


def scale(unit: str) -> tuple[Decimal, str]:
    """(multiplier, base) of a unit: `nghìn tỷ đồng` -> (10^12, 'VND'); `tỷ USD` -> (10^9, 'USD').

    A unit that names no currency is its own base with multiplier 1 (`%` -> (1, '%')).
    """
    text = unicodedata.normalize("NFC", unit).casefold().strip()
    tokens = _TOKEN.findall(text)
    multiplier = Decimal(1)
    base = None
    for tok in tokens:
        if tok[0] in "0123456789":  # not isdigit(): `²` (as in `m²`) is a digit to Python, not a multiplier
            # a multiplier written as a number: `1.000 tỷ đ.` (thousands dots)
            digits = tok.rstrip(".")
            if not re.fullmatch(r"\d{1,3}(\.\d{3})*", digits):
                raise UnitError(f"expected a multiplier such as 1.000 in the unit; got {unit!r}")
            multiplier *= Decimal(digits.replace(".", ""))
        elif tok in _WORDS:
            multiplier *= _WORDS[tok]
        elif tok in _CURRENCIES:
            base = _CURRENCIES[tok]
        else:
            base = None
            break
    if base is None:
        return Decimal(1), " ".join(text.split())
    return multiplier, base


def factor_between(from_unit: str, to_unit: str) -> Decimal:
    """The number to multiply a figure in `from_unit` by to get it in `to_unit`."""
    m1, b1 = scale(from_unit)
    m2, b2 = scale(to_unit)
    if b1 != b2:
        raise UnitError(f"expected units of the same thing; got {from_unit!r} ({b1}) and {to_unit!r} ({b2})")
    with computing():
        return m1 / m2


def convert(value: Quantity | Decimal, from_unit: str, to_unit: str) -> Quantity | Decimal:
    f = factor_between(from_unit, to_unit)
    if isinstance(value, Quantity):
        return value.scaled(f)
    with computing():
        return value * f
