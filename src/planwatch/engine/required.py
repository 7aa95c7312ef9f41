"""What must still be reached in the remaining years of the plan period, for each bound of the target.

- growth_average: the yearly rate the remaining m years must reach so that the average over the N years of the
  period equals the bound: ((1 + b)^N / Π(1 + r_known))^(1/m) − 1.
- sum_over_period: the bound less the sum of the known years, over the remaining years together.
- level kinds: the bound itself, for the end year; `change_low`/`change_high` say how far that is from the latest
  known value (`Tăng >30 tr.đ. so năm 2024`).

Known years are the plan years before `as_of_year`, and `as_of_year` itself when it has a value: an actual, else
an estimate, else its plan (the current year's plan stands in until the actual comes).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .explain import Phrase, gettext_noop, phrase, settle
from .kinds import GROWTH_AVERAGE, QUALITATIVE_MEASURE, SUM_OVER_PERIOD
from .numbers import computing, factor, nth_root, rate
from .periods import Period
from .progress import YearValue, baseline, yearly
from .quantity import ABOUT, EQ, GE, GT, LE, LT, QUALITATIVE, RANGE, Quantity
from .series import IndicatorSeries


@dataclass(frozen=True)
class Required:
    period: Period | None
    low: Decimal | None
    high: Decimal | None
    op: str | None = None  # the target's op: `gt` keeps "more than" in mind when displayed
    method: str = ""
    remaining: tuple[int, ...] = ()
    per_year_low: Decimal | None = None  # sums: amount a year; levels: change a year; growth: same as low
    per_year_high: Decimal | None = None
    base: YearValue | None = None  # levels: the value the change is counted from
    change_low: Decimal | None = None
    change_high: Decimal | None = None
    reason: str = ""  # why nothing could be computed, when low and high are both None; given a Phrase, see settle
    explanation: Phrase | None = None

    def __post_init__(self) -> None:
        settle(self)

    def to_dict(self) -> dict:
        return {"period": self.period.code if self.period else None, "low": self.low, "high": self.high}


def bounds(q: Quantity) -> tuple[Decimal | None, Decimal | None]:
    """The low and high numbers a target states: `7,5-8,0` -> (7.5, 8.0); `> 75` -> (75, None); `< 3` -> (None, 3)."""
    if q.op in (EQ, ABOUT):
        n = q.low if q.low is not None else q.high
        return n, n
    if q.op == RANGE:
        return q.low, q.high
    if q.op in (GE, GT):
        return q.low, None
    if q.op in (LE, LT):
        return None, q.high
    return None, None


def required_growth(target_rate: Decimal, years_in_period: int, known_rates: list[Decimal], remaining: int) -> Decimal:
    """The yearly rate (%) each of the `remaining` years must reach for the period average to be `target_rate`."""
    if remaining < 1:
        raise ValueError("expected at least one remaining year")
    with computing():
        needed = factor(target_rate) ** years_in_period
        for r in known_rates:
            needed /= factor(r)
        return rate(nth_root(needed, remaining))


def required_sum(target_total: Decimal, known_amounts: list[Decimal]) -> Decimal:
    with computing():
        return target_total - sum(known_amounts, Decimal(0))


def known_and_remaining(
    series: IndicatorSeries, plan: Period, as_of_year: int, direction: str
) -> tuple[list[YearValue], list[int], list[int]]:
    """(known year values, missing past years, remaining years)."""
    years = yearly(series, plan, direction)
    known = [v for y, v in years.items() if y <= as_of_year and v.number is not None]
    known_years = {v.year for v in known}
    missing = [y for y in plan.years if y < as_of_year and y not in known_years]
    remaining = [y for y in plan.years if y > as_of_year or (y == as_of_year and y not in known_years)]
    return known, missing, remaining


def required(series: IndicatorSeries, plan: Period, target: Quantity | None, as_of_year: int, direction: str) -> Required:
    if target is None:
        return Required(None, None, None, reason=phrase(gettext_noop("Chưa có mục tiêu cho kỳ %(period)s"),
                                                                 period=plan.code))
    if target.relative is not None:
        return Required(None, None, None, target.op,
                        reason=phrase(gettext_noop("Mục tiêu tính theo mức thay đổi so với năm gốc: chưa tính giá "
                                                   "trị cần đạt")))
    end = Period.year(plan.end_year)
    low_t, high_t = bounds(target)
    if target.op == QUALITATIVE or series.measure == QUALITATIVE_MEASURE:
        return Required(end, None, None, target.op, method=f"qualitative: {target.text}",
                        reason=phrase(gettext_noop("Mục tiêu định tính: không có số cần đạt")))
    known, missing, remaining = known_and_remaining(series, plan, as_of_year, direction)
    if not remaining:
        return Required(None, None, None, target.op, reason=phrase(gettext_noop("Không còn năm nào của kỳ %(period)s sau %(year)s"),
                                                                  period=plan.code, year=as_of_year))
    rem_period = Period.span(remaining[0], remaining[-1])
    m = len(remaining)
    labels = ", ".join(v.label for v in known)

    if series.measure in (GROWTH_AVERAGE, SUM_OVER_PERIOD):
        if missing:
            return Required(rem_period, None, None, target.op, remaining=tuple(remaining),
                            reason=phrase(gettext_noop("Thiếu số liệu năm %(years)s"),
                                          years=", ".join(str(y) for y in missing)))
        nums = [v.number for v in known]
        if series.measure == GROWTH_AVERAGE:
            def f(b: Decimal | None) -> Decimal | None:
                return None if b is None else required_growth(b, plan.length_years, nums, m)
            lo, hi = f(low_t), f(high_t)
            method = f"((1+target)^{plan.length_years} / product({labels}))^(1/{m}) - 1"
            return Required(rem_period, lo, hi, target.op, method, tuple(remaining), lo, hi)
        def g(b: Decimal | None) -> Decimal | None:
            return None if b is None else required_sum(b, nums)
        lo, hi = g(low_t), g(high_t)
        with computing():
            plo = None if lo is None else lo / m
            phi = None if hi is None else hi / m
        return Required(rem_period, lo, hi, target.op, f"target - sum({labels})", tuple(remaining), plo, phi)

    # level kinds: the target for the end year, and how far it is from the latest known value
    base = known[-1] if known else baseline(series, plan, direction)
    change_lo = change_hi = per_lo = per_hi = None
    if base is not None and base.year < plan.end_year:
        span = plan.end_year - base.year
        with computing():
            if low_t is not None:
                change_lo = low_t - base.number
                per_lo = change_lo / span
            if high_t is not None:
                change_hi = high_t - base.number
                per_hi = change_hi / span
    method = "target for the end year" + (f", from {base.label}" if base is not None else "")
    return Required(end, low_t, high_t, target.op, method, tuple(remaining), per_lo, per_hi, base, change_lo, change_hi)
