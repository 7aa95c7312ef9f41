"""A terse, unambiguous notation for quantities in the engine's test tables (test code only).

Machine-style numbers (dot decimals, no thousands separators), so that a table reads like the seed:
`7.5-8.0` range, `>13.07` gt, `>=5` ge, `<3` lt, `<=3` le, `~100` about, `75` eq, `+>30@2024` an increase of
more than 30 over 2024, and any text that is not a number is qualitative (`Hoàn thành`). `` (empty) is no value.
"""

from __future__ import annotations

import re
from decimal import Decimal

from planwatch.engine import Quantity, Relative

_NUM = r"-?\d+(?:\.\d+)?"


def q(text: str) -> Quantity | None:
    t = text.strip()
    if t in ("", "-"):
        return None
    m = re.fullmatch(rf"([+-])(>=|>|<=|<|~)?({_NUM})@(\d{{4}})", t)
    if m:
        sign, sym, n, base = m.groups()
        inner = q((sym or "") + n)
        return Quantity(inner.op, inner.low, inner.high, t,
                        Relative("increase" if sign == "+" else "decrease", base))
    m = re.fullmatch(rf"({_NUM})-({_NUM})", t)
    if m:
        return Quantity("range", Decimal(m[1]), Decimal(m[2]), t)
    m = re.fullmatch(rf"(>=|>|<=|<|~)\s*({_NUM})", t)
    if m:
        n = Decimal(m[2])
        op = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "~": "about"}[m[1]]
        if op in ("ge", "gt"):
            return Quantity(op, n, None, t)
        if op in ("le", "lt"):
            return Quantity(op, None, n, t)
        return Quantity(op, n, n, t)
    if re.fullmatch(_NUM, t):
        return Quantity("eq", Decimal(t), Decimal(t), t)
    return Quantity("qualitative", None, None, t)
