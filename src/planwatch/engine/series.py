"""The plain inputs of the engine: an indicator's targets and values, by period and kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from .kinds import LEVEL_AT_END, check_direction, check_measure, implied_direction
from .periods import Period
from .quantity import Quantity

ACTUAL = "actual"  # TH, and a baseline span such as 2016-2020
ESTIMATE = "estimate"  # ƯTH
PLAN = "plan"  # KH
REQUIRED = "required"  # NV: what the document says must be reached
VALUE_KINDS = (ACTUAL, ESTIMATE, PLAN, REQUIRED)
# For each year the engine takes the first kind present in this order.
PREFERENCE = (ACTUAL, ESTIMATE, PLAN)


@dataclass(frozen=True)
class Observation:
    """One value of an indicator: a period, a kind and a quantity; `source` names the document or appendix."""

    period: Period
    kind: str
    quantity: Quantity
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.period, Period):
            object.__setattr__(self, "period", Period.parse(self.period))
        if self.kind not in VALUE_KINDS:
            raise ValueError(f"expected a value kind among {', '.join(VALUE_KINDS)}; got {self.kind!r}")


@dataclass(frozen=True)
class Target:
    horizon: Period
    quantity: Quantity

    def __post_init__(self) -> None:
        if not isinstance(self.horizon, Period):
            object.__setattr__(self, "horizon", Period.parse(self.horizon))


@dataclass(frozen=True)
class IndicatorSeries:
    """An indicator as the engine sees it. `direction` None means: implied by the target (see kinds)."""

    key: str
    name: str = ""
    unit: str | None = None
    measure: str = LEVEL_AT_END
    direction: str | None = None
    targets: tuple[Target, ...] = ()
    values: tuple[Observation, ...] = field(default=())

    def __post_init__(self) -> None:
        check_measure(self.measure)
        if self.direction is not None:
            check_direction(self.direction)
        object.__setattr__(self, "targets", tuple(self.targets))
        object.__setattr__(self, "values", tuple(self.values))

    def target_for(self, plan_period: Period) -> Target | None:
        """The target for the plan period: horizon equal to it, else the target for its end year."""
        for t in self.targets:
            if t.horizon == plan_period:
                return t
        for t in self.targets:
            if t.horizon.kind == "year" and t.horizon.end_year == plan_period.end_year:
                return t
        return None

    def effective_direction(self, plan_period: Period) -> str:
        t = self.target_for(plan_period)
        return implied_direction(t.quantity if t else None, self.direction)

    def find(self, period: Period | str, kind: str) -> Observation | None:
        p = Period.parse(period)
        for v in self.values:
            if v.period == p and v.kind == kind:
                return v
        return None
