"""Reading series: the values an indicator takes from its series, and what the pages show of series and links.

`attach_series_values` is what the computation asks (registry.computing): set-based, one query for any number of
indicators (and one more when their memberships were not read with them), never one per indicator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet

from planwatch import engine
from planwatch.accounts.access import can_edit_register, visible_indicators
from planwatch.registry.computing import quantity_of
from planwatch.registry.models import Document, Indicator, IndicatorValue
from planwatch.series.matching import Facts, score, unit_factor
from planwatch.series.models import SeriesMember

Status = SeriesMember.Status
# Values of record: what happened (TH) or is estimated to have happened (ƯTH). A plan value (KH) or what must be
# reached (NV) belongs to the document that sets it and is never carried to another.
RECORD_KINDS = (IndicatorValue.Kind.ACTUAL, IndicatorValue.Kind.ESTIMATE)
_KIND_ORDER = {IndicatorValue.Kind.ACTUAL: 0, IndicatorValue.Kind.ESTIMATE: 1}


@dataclass(frozen=True)
class BorrowedValue:
    """A value of record another member of the indicator's series holds, in the indicator's own unit.
    registry.computing reads `value` (period, kind, source) and `quantity`."""

    value: IndicatorValue  # as stored, on the other member
    holder: Indicator  # the other member, with its document
    quantity: engine.Quantity  # the value in the borrowing indicator's unit
    converted: bool  # the holder states the indicator in another unit (`1.000 tỷ đ.` for `triệu tỷ đồng`)

    @property
    def document(self) -> Document:
        return self.holder.document


def facts_of(indicator: Indicator) -> Facts:
    """What the matcher compares of an indicator (reads `parent`: select it with the indicator)."""
    return Facts(
        name=indicator.name, unit=indicator.unit, code=indicator.code, measure=indicator.measure,
        parent_name=indicator.parent.name if indicator.parent_id else "",
    )


def _own_record_periods(indicator: Indicator) -> set[str]:
    return {value.period for value in indicator.values.all() if value.kind in RECORD_KINDS}


def _newest_first(document: Document) -> tuple:
    return (-(document.year or 0), -(document.date.toordinal() if document.date else 0), document.pk)


_MEMBERSHIP = Indicator._meta.get_field("series_member")


def _confirmed_series(indicators: list[Indicator]) -> dict[int, int]:
    """Indicator id to the id of the series it is a confirmed member of: read from the indicators when their
    query selected `series_member` (registry.computing does), else in one query."""
    found, unread = {}, []
    for indicator in indicators:
        if not _MEMBERSHIP.is_cached(indicator):
            unread.append(indicator.pk)
            continue
        member = _MEMBERSHIP.get_cached_value(indicator)
        if member is not None and member.status == Status.CONFIRMED:
            found[indicator.pk] = member.series_id
    if unread:
        found.update(
            SeriesMember.objects.filter(indicator_id__in=unread, status=Status.CONFIRMED)
            .order_by().values_list("indicator_id", "series_id")
        )
    return found


def attach_series_values(indicators: list[Indicator]) -> None:
    """Set `series_values` (a list of BorrowedValue) on each indicator: the values of record the other confirmed
    members of its series hold, for periods the indicator has no actual or estimate of its own (its own win).
    Reads the indicators' prefetched values. A member stating a unit that cannot be converted to the
    indicator's lends nothing: its figures would be read in the wrong unit."""
    for indicator in indicators:
        indicator.series_values = []
    by_pk = {indicator.pk: indicator for indicator in indicators}
    series_ids = _confirmed_series(indicators)
    if not series_ids:
        return
    offered = (
        IndicatorValue.objects.order_by().filter(
            indicator__series_member__series_id__in=set(series_ids.values()),
            indicator__series_member__status=Status.CONFIRMED,
            kind__in=RECORD_KINDS,
        )
        .annotate(series_id=F("indicator__series_member__series_id"))
        .select_related("source_document", "indicator__document")
    )
    by_series: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in offered:
        by_series[value.series_id].append(value)
    for indicator_pk, series_id in series_ids.items():
        indicator = by_pk[indicator_pk]
        own_periods = _own_record_periods(indicator)
        borrowed = []
        for value in by_series.get(series_id, []):
            holder = value.indicator
            if holder.pk == indicator.pk or value.period in own_periods:
                continue
            factor = unit_factor(holder.unit, indicator.unit)
            if factor is None:
                continue
            try:
                quantity = quantity_of(value)
            except ValueError:
                continue
            converted = factor != Decimal(1)
            borrowed.append(BorrowedValue(value, holder, quantity.scaled(factor) if converted else quantity, converted))
        # Actuals before estimates, the newest document first: where the engine meets two values for one period
        # and kind it takes the first.
        borrowed.sort(key=lambda b: (
            b.value.period, _KIND_ORDER[b.value.kind], _newest_first(b.document), b.value.part != "", b.value.pk,
        ))
        indicator.series_values = borrowed


# Pages ------------------------------------------------------------------------------------------


@dataclass
class IndicatorSeriesView:
    """The indicator page's "Chuỗi chỉ tiêu" section."""

    member: SeriesMember | None  # the indicator's own membership
    others: list[SeriesMember]  # the other rows of its series the user may see
    borrowed: list[BorrowedValue]  # the values the computation took from them
    candidates: list[tuple[Indicator, Decimal]]  # for a reviewer, rows of other documents to link by hand
    can_decide: bool
    candidates_asked: bool = False


# A row scoring less is no candidate for linking by hand (matching.py: the name and something else must agree).
CANDIDATE_THRESHOLD = 0.3
CANDIDATES_SHOWN = 5


def _whole(facts: Facts) -> Facts:
    """The row read as one name with the row above it, as a top-level row."""
    if not facts.parent_name:
        return facts
    return replace(facts, name=f"{facts.parent_name} {facts.name}", parent_name="")


def link_candidates(
    *, user, indicator: Indicator, series_id: int | None = None, limit: int = CANDIDATES_SHOWN,
) -> list[tuple[Indicator, Decimal]]:
    """The rows of other documents most like `indicator`, outside its series (`series_id`): what a reviewer links
    by hand when the matcher proposed nothing or proposed wrong. One query; the scoring is matching.py's."""
    others = (
        visible_indicators(user, Indicator.objects.exclude(document_id=indicator.document_id))
        # A row rejected from its series is linked from its own page, not as a partner.
        .exclude(series_member__status=Status.REJECTED)
        .select_related("document", "parent")
    )
    if series_id is not None:
        others = others.exclude(series_member__series_id=series_id)
    mine = facts_of(indicator)

    def likeness(other: Indicator) -> Decimal:
        # Also read with the row above in the name: `GRDP bình quân đầu người` is the 2024 plan's `Quy đổi USD`
        # under `GRDP/người`. Decimals, as every number a template shows (web/templatetags/vi.py refuses floats).
        theirs = facts_of(other)
        best = max(score(mine, theirs).score, score(_whole(mine), _whole(theirs)).score)
        return Decimal(str(best))

    scored = [(other, likeness(other)) for other in others]
    scored = [(other, value) for other, value in scored if value >= Decimal(str(CANDIDATE_THRESHOLD))]
    scored.sort(key=lambda pair: (-pair[1], pair[0].document_id, pair[0].order))
    return scored[:limit]


def indicator_series(*, user, indicator: Indicator, with_candidates: bool = False) -> IndicatorSeriesView:
    """The indicator's series; with `with_candidates`, for a reviewer, the rows of other documents to link it to:
    asked for, not read on every view (it scores every row of every other plan, seconds at a country's size)."""
    can_decide = can_edit_register(user)
    member = SeriesMember.objects.select_related("series", "confirmed_by").filter(indicator=indicator).first()
    others, borrowed = [], []
    if member is not None:
        others = list(
            SeriesMember.objects.filter(series_id=member.series_id)
            .exclude(pk=member.pk)
            .filter(indicator__in=visible_indicators(user))
            .select_related("indicator__document", "confirmed_by")
            .order_by("-indicator__document__year", "-indicator__document__date", "indicator__document_id")
        )
    if member is not None and member.status == Status.CONFIRMED:
        subject = Indicator.objects.prefetch_related("values").get(pk=indicator.pk)
        attach_series_values([subject])
        borrowed = subject.series_values
    candidates = []
    if can_decide and with_candidates:
        # A rejected row may be linked anew anywhere, its old series included.
        current = member.series_id if member is not None and member.status != Status.REJECTED else None
        candidates = link_candidates(user=user, indicator=indicator, series_id=current)
    return IndicatorSeriesView(member, others, borrowed, candidates, can_decide, can_decide and with_candidates)


def proposals(*, user) -> QuerySet[SeriesMember]:
    """Links waiting for the planning department, the best-scoring first, each with the series' confirmed rows
    (prefetched: the page runs the same queries for ten proposals as for a thousand); only rows the user sees."""
    visible = visible_indicators(user)
    confirmed = SeriesMember.objects.filter(status=Status.CONFIRMED, indicator__in=visible).select_related(
        "indicator__document",
    )
    return (
        SeriesMember.objects.filter(status=Status.PROPOSED, indicator__in=visible)
        .select_related("indicator__document", "indicator__parent", "series")
        .prefetch_related(Prefetch("series__members", queryset=confirmed, to_attr="confirmed_members"))
        .order_by("-score", "indicator__document_id", "indicator__order")
    )


def series_to_format(document: Document) -> dict[str, dict]:
    """For `planwatch show --json`: each indicator key of `document` in a series, with the series id and the
    documents of its confirmed members (their ids as the format writes them, docs/format.md)."""
    members = SeriesMember.objects.filter(indicator__document=document).exclude(status=Status.REJECTED)
    found = {}
    confirmed = SeriesMember.objects.filter(status=Status.CONFIRMED).select_related("indicator__document")
    for member in members.select_related("indicator").prefetch_related(
        Prefetch("series__members", queryset=confirmed, to_attr="confirmed_members"),
    ):
        found[member.indicator.key] = {
            "id": member.series_id,
            "status": member.status,
            "members": sorted({m.indicator.document.slug for m in member.series.confirmed_members}),
        }
    return found


def show_series(document: Document, data: dict) -> None:
    """`planwatch show`: the series each indicator belongs to, beside it (registry/hooks.py calls it; docs/series.md)."""
    series = series_to_format(document)
    for indicator in data["indicators"]:
        if indicator["key"] in series:
            indicator["series"] = series[indicator["key"]]
