"""Reading contributions: what the higher indicator's page shows of its contributors and of their roll-up.

`rollup_of` reads in a bounded number of queries whatever the number of contributors: the contributions with
their indicators, every value they need in one query, the successions a few links deep, and the contributors'
computation (registry.computing.compute_documents, four queries whatever the number of documents).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from planwatch import engine
from planwatch.accounts.access import scope_of, visible_indicators
from planwatch.cascade.models import AdministrativeUnit, Contribution, UnitSuccession
from planwatch.engine import rollup as engine_rollup
from planwatch.registry.computing import compute_documents, quantity_of
from planwatch.registry.models import Indicator, IndicatorValue
from planwatch.series.matching import unit_factor

Kind = IndicatorValue.Kind
# What happened, or is estimated to have happened: an actual wins over an estimate of the same period.
RECORD_KINDS = (Kind.ACTUAL, Kind.ESTIMATE)
# A base (population, households) may also be the plan's own figure for a year nobody has counted yet.
BASE_KINDS = (Kind.ACTUAL, Kind.ESTIMATE, Kind.PLAN)
_KIND_RANK = {Kind.ACTUAL: 0, Kind.ESTIMATE: 1, Kind.PLAN: 2}


@dataclass
class ContributorRow:
    contribution: Contribution
    visible: bool  # the user may open the contributing indicator
    latest: Decimal | None = None  # its latest actual or estimate, in its own unit
    latest_period: str = ""
    latest_kind: str = ""
    required: engine.Required | None = None  # what it still owes to its own target (registry.computing)


@dataclass
class RollupYear:
    period: str
    value: Decimal | None  # None when a contributor is missing
    partial: Decimal | None
    missing: list[str]  # the names of the contributors (or merged units) without a figure
    city_value: Decimal | None  # the higher indicator's own actual or estimate

    @property
    def complete(self) -> bool:
        return self.value is not None and not self.missing


@dataclass
class Rollup:
    indicator: Indicator
    rows: list[ContributorRow] = field(default_factory=list)  # only those the user may see
    hidden: int = 0  # contributors outside the user's scope: counted, never named
    years: list[RollupYear] = field(default_factory=list)
    rule: str = ""
    rule_label: str = ""
    threshold: Decimal | None = None
    split: list[str] = field(default_factory=list)  # units split since: their figures kept for the years they existed
    merged: list[tuple[str, list[str]]] = field(default_factory=list)  # holder name, what it holds
    on: date | None = None
    feeds: list[Contribution] = field(default_factory=list)  # the higher indicators this one contributes to

    @property
    def empty(self) -> bool:
        return not self.rows and not self.hidden


def _number(value: IndicatorValue) -> Decimal | None:
    try:
        return quantity_of(value).value
    except ValueError:
        return None


def _by_period(values: list[IndicatorValue], kinds) -> dict[str, tuple[Decimal, str]]:
    """The figure of each single year, the best kind first (an actual before an estimate before a plan)."""
    found: dict[str, tuple[Decimal, str, int]] = {}
    for value in values:
        if value.kind not in kinds or value.part or not (len(value.period) == 4 and value.period.isdigit()):
            continue
        number = _number(value)
        if number is None:
            continue
        rank = _KIND_RANK[value.kind]
        if value.period not in found or rank < found[value.period][2]:
            found[value.period] = (number, value.kind, rank)
    return {period: (number, kind) for period, (number, kind, _rank) in found.items()}


def _label(contribution: Contribution, *, visible: bool) -> str:
    """How a missing contributor is named: by its unit (public knowledge) or, if the user sees it, its name."""
    if contribution.unit_id:
        return contribution.unit.name
    return contribution.contributor.name if visible else gettext("một chỉ tiêu ngoài phạm vi của bạn")


def _successions(codes: set[str]) -> list[UnitSuccession]:
    """The successions reachable from `codes`: one query per link of the chain (one or two in practice)."""
    found, frontier, seen = [], set(codes), set(codes)
    while frontier:
        step = list(UnitSuccession.objects.filter(predecessor__code__in=frontier).select_related(
            "predecessor", "successor",
        ))
        found += step
        frontier = {s.successor.code for s in step} - seen
        seen |= frontier
    return found


def rollup_of(indicator: Indicator, *, user, on: date | None = None) -> Rollup:
    """The contributors of `indicator` (each with its latest value and what it still owes), and the rolled-up
    value by year with the units mapped to those holding them `on` (today by default)."""
    on = on or timezone.localdate()
    contributions = list(
        Contribution.objects.filter(indicator=indicator)
        .select_related("contributor__document", "unit", "base_indicator")
        .order_by("contributor__document__issuer", "contributor__document_id", "contributor__order", "id")
    )
    result = Rollup(indicator=indicator, on=on)
    result.feeds = list(
        Contribution.objects.filter(contributor=indicator, indicator__in=visible_indicators(user))
        .select_related("indicator__document").order_by("indicator__document_id", "indicator__order")
    )
    if not contributions:
        return result
    first = contributions[0]
    result.rule, result.rule_label, result.threshold = first.rule, first.get_rule_display(), first.threshold
    contributor_ids = {c.contributor_id for c in contributions}
    if scope_of(user).everything:
        seen = contributor_ids
    else:
        seen = set(visible_indicators(user, Indicator.objects.filter(pk__in=contributor_ids)).values_list("pk", flat=True))
    wanted = contributor_ids | {indicator.pk} | {c.base_indicator_id for c in contributions if c.base_indicator_id}
    values: dict[int, list[IndicatorValue]] = {pk: [] for pk in wanted}
    for value in IndicatorValue.objects.filter(indicator_id__in=wanted).order_by("period", "pk"):
        values[value.indicator_id].append(value)

    computed = {}
    for computation in compute_documents(Indicator.objects.filter(pk__in=seen)):
        computed.update(computation.by_indicator)

    contributors, labels = [], {}
    for contribution in contributions:
        own = _by_period(values[contribution.contributor_id], RECORD_KINDS)
        if contribution.contributor_id in seen:
            row = ContributorRow(contribution, visible=True)
            if own:
                row.latest_period = max(own, key=int)
                row.latest, row.latest_kind = own[row.latest_period]
            found = computed.get(contribution.contributor_id)
            row.required = found.required if found is not None else None
            result.rows.append(row)
        else:
            result.hidden += 1
        factor = Decimal(1)
        if contribution.rule != Contribution.Rule.SHARE_MEETING:
            factor = unit_factor(contribution.contributor.unit, indicator.unit) or Decimal(1)
        weights = {}
        if contribution.base_indicator_id:
            weights = {p: n for p, (n, _k) in _by_period(values[contribution.base_indicator_id], BASE_KINDS).items()}
        unit = contribution.unit
        key = f"contribution-{contribution.pk}"  # never a unit code: merged units are keyed by their holder's
        labels[key] = _label(contribution, visible=contribution.contributor_id in seen)
        contributors.append(engine_rollup.Contributor(
            key=key, values={p: n * factor for p, (n, _k) in own.items()}, weight=contribution.weight,
            weights=weights, unit=unit.code if unit else None, active=(unit.as_engine().span,) if unit else (),
        ))

    codes = {c.unit.code for c in contributions if c.unit_id}
    successions = _successions(codes) if codes else []
    involved = codes | {s.successor.code for s in successions}
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=involved)} if involved else {}
    mapped = engine_rollup.remap(
        contributors, units={code: u.as_engine() for code, u in units.items()},
        successions=[s.as_engine() for s in successions], on=on, rule=result.rule,
    )
    for contributor in mapped.contributors:
        if contributor.merged_from:
            labels[contributor.key] = units[contributor.key].name
            result.merged.append((units[contributor.key].name, [labels[k] for k in contributor.merged_from]))
    result.split = [labels[key] for key in mapped.split]
    city = _by_period(values[indicator.pk], RECORD_KINDS)
    direction = first.direction
    rolled = engine_rollup.roll_up(
        result.rule, mapped.contributors, periods=mapped.periods, threshold=first.threshold, direction=direction,
    )
    result.years = [
        RollupYear(
            period=r.period, value=r.value, partial=r.partial, missing=[labels[key] for key in r.missing],
            city_value=city[r.period][0] if r.period in city else None,
        )
        for r in rolled
    ]
    return result


def contributor_candidates(*, user, indicator: Indicator):
    """Indicators of other documents a planner may make contribute to `indicator`: those the user sees, not
    already contributing, the lower plans (documents implementing others) first."""
    taken = Contribution.objects.filter(indicator=indicator).values("contributor_id")
    return (
        visible_indicators(user, Indicator.objects.exclude(document_id=indicator.document_id))
        .exclude(pk__in=taken)
        .select_related("document")
        .order_by("-document__year", "document_id", "order")
    )


def units_for_choice():
    return AdministrativeUnit.objects.select_related("parent").order_by("level", "name", "code")
