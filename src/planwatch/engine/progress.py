"""Progress so far: which value stands for each year, the average growth, the sum, the latest level, the pace."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .kinds import BAND, GROWTH_AVERAGE, LOWER_BETTER, QUALITATIVE_MEASURE, SUM_OVER_PERIOD
from .numbers import ONE, computing, factor, nth_root, rate
from .periods import SPAN, YEAR, Period
from .quantity import ABOUT, EQ, GE, GT, LE, LT, RANGE, Quantity
from .series import ACTUAL, ESTIMATE, PREFERENCE, IndicatorSeries

ACHIEVED_KINDS = (ACTUAL, ESTIMATE)


@dataclass(frozen=True)
class YearValue:
    """The value that stands for one year, the kind it came from, and the number the engine reads from it."""

    year: int
    kind: str
    quantity: Quantity
    number: Decimal | None

    @property
    def label(self) -> str:
        return f"{self.year}:{self.kind}"


@dataclass(frozen=True)
class SoFar:
    through: Period | None
    value: Decimal | None
    method: str
    sources: tuple[YearValue, ...] = ()
    text: str = ""  # for a qualitative value: the latest text


@dataclass(frozen=True)
class Pace:
    """The pace so far, oriented so that a larger number is better (a fall, for lower-is-better).

    growth: yearly rates in %; levels: change per year in the indicator's unit; sums: amount per year.
    `average` and `best` use achieved values only (actual, estimate); for sums `latest` also takes the current
    year's plan, since the planners compare what is still needed with the latest yearly amount.
    """

    average: Decimal | None
    best: Decimal | None
    best_year: int | None
    latest: Decimal | None
    latest_year: int | None
    latest_kind: str | None
    sign: int = 1


def point(q: Quantity, direction: str) -> Decimal | None:
    """The number a value stands for. A range (a plan `6,5-7,0`) gives its cautious bound: the low one when
    higher is better, the high one when lower is better; a bound (`> 10`) gives its number."""
    if q.op in (EQ, ABOUT):
        return q.low if q.low is not None else q.high
    if q.op == RANGE:
        return q.high if direction == LOWER_BETTER else q.low
    if q.op in (GE, GT):
        return q.low
    if q.op in (LE, LT):
        return q.high
    return None


def yearly(series: IndicatorSeries, plan: Period, direction: str) -> dict[int, YearValue]:
    """For each year of the plan period, the first of actual, estimate, plan the series has."""
    out: dict[int, YearValue] = {}
    for kind in PREFERENCE:
        for v in series.values:
            if v.kind != kind or v.period.kind != YEAR or v.period.start_year not in plan.years:
                continue
            y = v.period.start_year
            if y in out:
                continue
            if v.quantity.relative is not None:
                continue
            out[y] = YearValue(y, kind, v.quantity, point(v.quantity, direction))
    return dict(sorted(out.items()))


def baseline(series: IndicatorSeries, plan: Period, direction: str) -> YearValue | None:
    """The level at the end of the previous period: an actual for the year before the plan period, or for a span
    ending then (`2016-2020`: for a level kind the column holds the level of 2020)."""
    before = plan.start_year - 1
    for v in series.values:
        if v.kind in ACHIEVED_KINDS and v.period.end_year == before and v.period.kind in (YEAR, SPAN):
            n = point(v.quantity, direction)
            if n is not None:
                return YearValue(before, v.kind, v.quantity, n)
    return None


def default_as_of(series: IndicatorSeries, plan: Period) -> int:
    """The year after the latest achieved value (actual or estimate) inside the plan period."""
    years = [
        v.period.start_year
        for v in series.values
        if v.kind in ACHIEVED_KINDS and v.period.kind == YEAR and v.period.start_year in plan.years
    ]
    return min(max(years) + 1, plan.end_year + 1) if years else plan.start_year


def growth_average(rates: list[Decimal]) -> Decimal:
    """Geometric average of yearly growth rates in %: (Π(1 + r/100))^(1/n) − 1, in %."""
    if not rates:
        raise ValueError("expected at least one yearly rate")
    with computing():
        product = ONE
        for r in rates:
            product *= factor(r)
        return rate(nth_root(product, len(rates)))


def _sources_text(method: str, values: list[YearValue]) -> str:
    return f"{method}({', '.join(v.label for v in values)})"


def so_far(series: IndicatorSeries, plan: Period, as_of_year: int, direction: str) -> SoFar:
    """Progress over the plan years before `as_of_year`, each year from its actual, else estimate, else plan."""
    years = yearly(series, plan, direction)
    past = [v for y, v in years.items() if y < as_of_year]
    if series.measure == QUALITATIVE_MEASURE:
        if not past:
            return SoFar(None, None, f"none: no value before {as_of_year}")
        last = past[-1]
        return SoFar(Period.year(last.year), last.number, _sources_text("latest", [last]), (last,), last.quantity.text)
    numeric = [v for v in past if v.number is not None]
    if not numeric:
        return SoFar(None, None, f"none: no value before {as_of_year}")
    if series.measure in (GROWTH_AVERAGE, SUM_OVER_PERIOD):
        first, last = numeric[0].year, numeric[-1].year
        through = Period.span(first, last)
        with computing():
            if series.measure == GROWTH_AVERAGE:
                value = growth_average([v.number for v in numeric])
                method = "geometric_mean"
            else:
                value = sum((v.number for v in numeric), Decimal(0))
                method = "sum"
        missing = [y for y in range(plan.start_year, last + 1) if y not in {v.year for v in numeric}]
        text = _sources_text(method, numeric)
        if missing:
            text += "; missing " + ", ".join(str(y) for y in missing)
        return SoFar(through, value, text, tuple(numeric))
    last = numeric[-1]
    return SoFar(Period.year(last.year), last.number, _sources_text("latest", [last]), (last,))


def orientation(direction: str, current: Decimal | None, target: Quantity | None) -> int:
    """+1 when a rise is progress, −1 when a fall is. A band points from the current value toward the band."""
    if direction == LOWER_BETTER:
        return -1
    if direction == BAND and current is not None and target is not None:
        if target.high is not None and current > target.high:
            return -1
    return 1


def pace(
    series: IndicatorSeries, plan: Period, as_of_year: int, direction: str, sign: int
) -> Pace:
    years = yearly(series, plan, direction)
    achieved = [v for y, v in years.items() if v.kind in ACHIEVED_KINDS and v.number is not None and y <= as_of_year]
    s = Decimal(sign)
    with computing():
        if series.measure == GROWTH_AVERAGE:
            if not achieved:
                return Pace(None, None, None, None, None, None, sign)
            rates = [v.number for v in achieved]
            best = max(achieved, key=lambda v: s * v.number)
            avg = growth_average(rates)
            return Pace(s * avg, s * best.number, best.year, s * achieved[-1].number, achieved[-1].year,
                        achieved[-1].kind, sign)
        if series.measure == SUM_OVER_PERIOD:
            known = [v for y, v in years.items() if y <= as_of_year and v.number is not None]
            if not known:
                return Pace(None, None, None, None, None, None, sign)
            latest = known[-1]
            if achieved:
                best = max(achieved, key=lambda v: v.number)
                avg = sum((v.number for v in achieved), Decimal(0)) / len(achieved)
                return Pace(avg, best.number, best.year, latest.number, latest.year, latest.kind, sign)
            return Pace(None, None, None, latest.number, latest.year, latest.kind, sign)
        # levels: yearly changes, from the baseline level when there is one
        base = baseline(series, plan, direction)
        levels = ([base] if base is not None else []) + achieved
        if len(levels) < 2:
            return Pace(None, None, None, None, None, None, sign)
        changes = [(b.year, s * (b.number - a.number) / (b.year - a.year)) for a, b in zip(levels, levels[1:])]
        avg = s * (levels[-1].number - levels[0].number) / (levels[-1].year - levels[0].year)
        best_year, best = max(changes, key=lambda c: c[1])
        return Pace(avg, best, best_year, changes[-1][1], changes[-1][0], levels[-1].kind, sign)
