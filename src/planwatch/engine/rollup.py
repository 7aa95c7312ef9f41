"""Roll-up: lower plans' indicators (districts, departments, provinces) brought to one higher indicator.

A rule fits the kind of indicator: SUM for amounts (investment, jobs), WEIGHTED_MEAN for rates whose weight is a
declared base (population, households), SHARE_MEETING for "how many units reached the threshold" (in %), MIN and
MAX for floors and ceilings. A period whose expected contributors are not all present is incomplete: its value is
None and `partial` says what the present ones give. A missing figure is never read as zero.

Administrative units change: the 2025 reform merged 63 provinces into 34 and removed the district level. A value
recorded for a unit that no longer exists is mapped to the unit that holds its territory at a chosen date
(`remap`), merged units' values re-aggregated by the rule, so a plan begun in 2021 rolls up across the change
with its history. Pure Python; the Django side (planwatch.cascade) translates its models into these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from .errors import EngineError
from .kinds import HIGHER_BETTER, LOWER_BETTER
from .periods import Period

SUM = "sum"
WEIGHTED_MEAN = "weighted_mean"
SHARE_MEETING = "share_meeting"
MIN = "min"
MAX = "max"
RULES = (SUM, WEIGHTED_MEAN, SHARE_MEETING, MIN, MAX)

MERGE = "merge"
SPLIT = "split"
RENAME = "rename"
SUCCESSION_KINDS = (MERGE, SPLIT, RENAME)

HUNDRED = Decimal(100)


class RollupError(EngineError):
    """A roll-up that cannot be computed as asked: an unknown rule, a threshold missing, a succession that loops."""


def check_rule(rule: str) -> str:
    if rule not in RULES:
        raise RollupError(f"expected a rule among {', '.join(RULES)}; got {rule!r}")
    return rule


Span = tuple["date | None", "date | None"]


def _overlaps(span: Span, start: date, end: date) -> bool:
    first, last = span
    return (first is None or first <= end) and (last is None or last >= start)


@dataclass(frozen=True)
class Contributor:
    """One lower indicator: its values per period code, its base for a weighted mean (`weight`, or per period in
    `weights`, which wins), the administrative unit it reports for, and the spans its unit existed in (`active`,
    empty: always). A period outside every span expects no value from it."""

    key: str
    values: Mapping[str, Decimal] = field(default_factory=dict)
    weight: Decimal | None = None
    weights: Mapping[str, Decimal] = field(default_factory=dict)
    unit: str | None = None
    active: tuple[Span, ...] = ()
    merged_from: tuple[str, ...] = ()  # after remap: the contributors whose values it holds

    def weight_for(self, period: str) -> Decimal | None:
        return self.weights.get(period, self.weight)

    def expected_in(self, period: str) -> bool:
        if not self.active:
            return True
        span = Period.parse(period)
        return any(_overlaps(active, span.start, span.end) for active in self.active)


@dataclass(frozen=True)
class RolledUp:
    period: str
    value: Decimal | None  # None unless every expected contributor is present
    partial: Decimal | None  # the rule over the contributors present
    counted: tuple[str, ...]
    missing: tuple[str, ...]  # expected, but without a value (or, for a weighted mean, without a base)

    @property
    def complete(self) -> bool:
        return not self.missing and self.value is not None


def _meets(value: Decimal, threshold: Decimal, direction: str) -> bool:
    return value <= threshold if direction == LOWER_BETTER else value >= threshold


def combine(
    rule: str, pairs: list[tuple[Decimal, Decimal | None]], *, threshold: Decimal | None = None,
    direction: str = HIGHER_BETTER,
) -> Decimal | None:
    """The rule over (value, weight) pairs; None for no pair, or a weighted mean whose weights add up to zero."""
    check_rule(rule)
    if not pairs:
        return None
    values = [value for value, _weight in pairs]
    if rule == SUM:
        return sum(values, Decimal(0))
    if rule == MIN:
        return min(values)
    if rule == MAX:
        return max(values)
    if rule == SHARE_MEETING:
        if threshold is None:
            raise RollupError("expected a threshold for the share of units meeting it")
        meeting = sum(1 for value in values if _meets(value, threshold, direction))
        return HUNDRED * meeting / len(values)
    total = sum((weight for _value, weight in pairs), Decimal(0))
    if total == 0:
        return None
    return sum((value * weight for value, weight in pairs), Decimal(0)) / total


def roll_up(
    rule: str, contributors: Iterable[Contributor], *, periods: Iterable[str] | None = None,
    threshold: Decimal | None = None, direction: str = HIGHER_BETTER,
) -> list[RolledUp]:
    """The rolled-up value of each period (every period any contributor has, unless `periods` is given), in
    period order."""
    check_rule(rule)
    if rule == SHARE_MEETING and threshold is None:
        raise RollupError("expected a threshold for the share of units meeting it")
    if direction not in (HIGHER_BETTER, LOWER_BETTER):
        raise RollupError(f"expected a direction {HIGHER_BETTER} or {LOWER_BETTER}; got {direction!r}")
    contributors = list(contributors)
    codes = set(periods) if periods is not None else {code for c in contributors for code in c.values}
    found = []
    for code in sorted(codes, key=Period.parse):
        pairs, counted, missing = [], [], []
        for contributor in contributors:
            value = contributor.values.get(code)
            if value is None:
                if contributor.expected_in(code):
                    missing.append(contributor.key)
                continue
            weight = contributor.weight_for(code)
            if rule == WEIGHTED_MEAN and weight is None:
                missing.append(contributor.key)
                continue
            pairs.append((value, weight))
            counted.append(contributor.key)
        partial = combine(rule, pairs, threshold=threshold, direction=direction)
        found.append(RolledUp(code, None if missing else partial, partial, tuple(counted), tuple(missing)))
    return found


# Administrative units over time ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A province, district or commune as it existed from `valid_from` to `valid_to` (its last day; None: still)."""

    code: str
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def span(self) -> Span:
        return (self.valid_from, self.valid_to)

    def valid_on(self, day: date) -> bool:
        return _overlaps(self.span, day, day)


@dataclass(frozen=True)
class Succession:
    """`predecessor`'s territory passes to `successor` on `day` (the successor's first day): several
    predecessors to one successor is a merge, one to several a split, one to one a rename."""

    predecessor: str
    successor: str
    day: date
    kind: str = MERGE

    def __post_init__(self) -> None:
        if self.kind not in SUCCESSION_KINDS:
            raise RollupError(f"expected a succession kind among {', '.join(SUCCESSION_KINDS)}; got {self.kind!r}")


def holder_on(code: str, day: date, successions: Iterable[Succession]) -> str | None:
    """The unit holding `code`'s territory on `day`, following the successions dated on or before it; None when
    the territory was split (no one unit holds the old unit's figure)."""
    after: dict[str, list[Succession]] = {}
    for succession in successions:
        if succession.day <= day:
            after.setdefault(succession.predecessor, []).append(succession)
    current, seen = code, {code}
    while current in after:
        steps = after[current]
        if len(steps) > 1 or steps[0].kind == SPLIT:
            return None
        current = steps[0].successor
        if current in seen:
            raise RollupError(f"the successions of {code!r} loop back to {current!r}")
        seen.add(current)
    return current


# How merged units' values become the value of the unit that holds them: a share of units meeting a threshold is
# counted over the units as they are at the chosen date, so the merged unit's figure is their weighted mean.
MERGE_RULE = {SUM: SUM, WEIGHTED_MEAN: WEIGHTED_MEAN, SHARE_MEETING: WEIGHTED_MEAN, MIN: MIN, MAX: MAX}


@dataclass(frozen=True)
class Remapped:
    contributors: tuple[Contributor, ...]
    # Contributors whose unit was split: no one unit holds their figures, so they stay under their own unit for
    # the years it existed (a city's roll-up still counts them), and its successors report from their first day.
    split: tuple[str, ...]
    # Every period any contributor had a value for: a merged unit missing a year still owes it (roll_up's periods).
    periods: tuple[str, ...] = ()


def remap(
    contributors: Iterable[Contributor], *, units: Mapping[str, Unit], successions: Iterable[Succession],
    on: date, rule: str,
) -> Remapped:
    """The contributors as the units of `on` hold them: those whose units merged into one become one contributor
    keyed by the holder's code, each period's value the holder's own where it reported one, else its
    predecessors' re-aggregated by the rule (missing if an expected predecessor has none: never a partial sum).
    Weights of merged units add up (population, households). Contributors without a unit stay as they are, and
    so do those whose unit was split (`split`)."""
    check_rule(rule)
    successions = list(successions)
    contributors = list(contributors)
    periods = tuple(sorted({code for c in contributors for code in c.values}, key=Period.parse))
    groups: dict[str, list[Contributor]] = {}
    kept, split = [], []
    for contributor in contributors:
        if contributor.unit is None:
            kept.append(contributor)
            continue
        holder = holder_on(contributor.unit, on, successions)
        if holder is None:
            split.append(contributor.key)
            kept.append(contributor if contributor.active else replace(contributor, active=_active(contributor, units)))
            continue
        groups.setdefault(holder, []).append(contributor)
    for holder, members in groups.items():
        if len(members) == 1 and members[0].unit == holder:
            only = members[0]
            kept.append(only if only.active else replace(only, active=_active(only, units)))
            continue
        kept.append(_merged(holder, members, units, MERGE_RULE[rule]))
    return Remapped(tuple(kept), tuple(split), periods)


def _active(contributor: Contributor, units: Mapping[str, Unit]) -> tuple[Span, ...]:
    if contributor.active:
        return contributor.active
    unit = units.get(contributor.unit or "")
    return (unit.span,) if unit is not None else ((None, None),)


def _merged(holder: str, members: list[Contributor], units: Mapping[str, Unit], rule: str) -> Contributor:
    own = [member for member in members if member.unit == holder]
    before = [member for member in members if member.unit != holder]
    codes = {code for member in members for code in member.values}
    values, weights = {}, {}
    for code in codes:
        mine = next((m for m in own if m.values.get(code) is not None), None)
        if mine is not None:
            values[code] = mine.values[code]
            if mine.weight_for(code) is not None:
                weights[code] = mine.weight_for(code)
            continue
        expected = [m for m in before if any(
            _overlaps(span, Period.parse(code).start, Period.parse(code).end) for span in _active(m, units)
        )]
        present = [m for m in expected if m.values.get(code) is not None]
        if not present or len(present) < len(expected):
            continue
        base = [m.weight_for(code) for m in present]
        if rule == WEIGHTED_MEAN and any(weight is None for weight in base):
            continue
        value = combine(rule, [(m.values[code], m.weight_for(code)) for m in present])
        if value is not None:
            values[code] = value
        if all(weight is not None for weight in base):
            weights[code] = sum(base, Decimal(0))
    unit = units.get(holder)
    spans = tuple(span for member in members for span in _active(member, units))
    if unit is not None:
        spans += (unit.span,)
    return Contributor(
        key=holder, values=values, weights=weights, unit=holder, active=spans,
        merged_from=tuple(member.key for member in members),
    )
