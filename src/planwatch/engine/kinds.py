"""Indicator kinds (`measure`) and directions, and the direction a target implies."""

from __future__ import annotations

from .errors import EngineError
from .explain import gettext_noop
from .quantity import LE, LT, Quantity

GROWTH_AVERAGE = "growth_average"  # average yearly growth over the plan period (geometric)
SUM_OVER_PERIOD = "sum_over_period"  # a total over the plan period (investment mobilised)
LEVEL_AT_END = "level_at_end"  # a level reached by the end year (GRDP per capita)
SHARE = "share"  # a share of a whole, in % (economic structure, households with clean water)
RATIO_PER_POPULATION = "ratio_per_population"  # beds per 10.000 people
COUNT = "count"  # a number of things (new Party members per year)
QUALITATIVE_MEASURE = "qualitative"  # `Hoàn thành`, `Cơ bản không còn hộ nghèo`
MEASURES = (GROWTH_AVERAGE, SUM_OVER_PERIOD, LEVEL_AT_END, SHARE, RATIO_PER_POPULATION, COUNT, QUALITATIVE_MEASURE)
# Kinds whose value is a level at a date: progress so far is the latest level.
LEVEL_MEASURES = (LEVEL_AT_END, SHARE, RATIO_PER_POPULATION, COUNT)

HIGHER_BETTER = "higher_better"
LOWER_BETTER = "lower_better"
BAND = "band"  # inside the target range is good, either side is not (a share of a structure)
DIRECTIONS = (HIGHER_BETTER, LOWER_BETTER, BAND)

# Their names for a reader (the register's choices say the same): in a message, never the code.
MEASURE_LABELS = {
    GROWTH_AVERAGE: gettext_noop("Tăng trưởng bình quân giai đoạn"),
    SUM_OVER_PERIOD: gettext_noop("Tổng cả giai đoạn"),
    LEVEL_AT_END: gettext_noop("Mức đạt cuối kỳ"),
    SHARE: gettext_noop("Tỷ trọng"),
    RATIO_PER_POPULATION: gettext_noop("Tỷ lệ trên dân số"),
    COUNT: gettext_noop("Số lượng"),
    QUALITATIVE_MEASURE: gettext_noop("Định tính"),
}
DIRECTION_LABELS = {
    HIGHER_BETTER: gettext_noop("Càng cao càng tốt"),
    LOWER_BETTER: gettext_noop("Càng thấp càng tốt"),
    BAND: gettext_noop("Trong khoảng"),
}


class KindError(EngineError):
    """An unknown measure or direction."""


def check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise KindError(f"expected a measure among {', '.join(MEASURES)}; got {measure!r}")
    return measure


def check_direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise KindError(f"expected a direction among {', '.join(DIRECTIONS)}; got {direction!r}")
    return direction


def implied_direction(target: Quantity | None, stated: str | None = None) -> str:
    """The stated direction if any; else lower-is-better for a ceiling (`< 3`, `Dưới 3`, `≤ 3`); else higher."""
    if stated:
        return check_direction(stated)
    if target is not None and target.op in (LT, LE):
        return LOWER_BETTER
    return HIGHER_BETTER
