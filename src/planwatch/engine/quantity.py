"""A parsed target or value: the shape shared by the parser, the engine and the register."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

EQ = "eq"
RANGE = "range"
GE = "ge"
GT = "gt"
LE = "le"
LT = "lt"
ABOUT = "about"
QUALITATIVE = "qualitative"
OPS = (EQ, RANGE, GE, GT, LE, LT, ABOUT, QUALITATIVE)


@dataclass(frozen=True)
class Relative:
    """The quantity is a change from a base period (`Tăng >30 tr.đ. so năm 2024`)."""

    direction: str  # "increase" or "decrease"
    base: str  # a period code, e.g. "2024"


@dataclass(frozen=True)
class Quantity:
    op: str
    low: Decimal | None = None
    high: Decimal | None = None
    text: str = ""
    relative: Relative | None = None

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise ValueError(f"unknown quantity op {self.op!r}; expected one of {', '.join(OPS)}")

    @property
    def value(self) -> Decimal | None:
        """The single number, when the quantity is one (`eq` or `about`)."""
        if self.op in (EQ, ABOUT) and self.low is not None and self.low == self.high:
            return self.low
        return None

    @classmethod
    def exact(cls, number: Decimal | str | int, text: str = "") -> Quantity:
        n = Decimal(str(number))
        return cls(EQ, n, n, text or str(number))

    def scaled(self, factor: Decimal) -> Quantity:
        """The same quantity in a unit `factor` times smaller (3,1-3,2 triệu tỷ × 1000 = 3.100-3.200 nghìn tỷ).

        `text` stays as written; the numbers are normalised so a scale by 1000 does not print `3100.0`."""
        def s(n: Decimal | None) -> Decimal | None:
            if n is None:
                return None
            v = n * factor
            return v.quantize(Decimal(1)) if v == v.to_integral_value() else v.normalize()
        return Quantity(self.op, s(self.low), s(self.high), self.text, self.relative)
