"""What the portal's pages read: published plans, each indicator with its status, reason and chart, units.

Only values of record reach the portal (the register's IndicatorValue rows: a plan's own table and accepted
reports); reports still being written live in the reporting app and are never read here. Nor are people: no
account, no officer's name, no leader's name (a judgement's reason loses its author, see `_without_authors`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from planwatch import engine
from planwatch.portal.access import published_documents
from planwatch.portal.models import Publication
from planwatch.registry.computing import (
    compute_documents,
    indicators_for_computing,
    plan_computation,
    plan_period_of,
    series_of,
)
from planwatch.registry.models import Agency, Document, Indicator, IndicatorValue, Judgement
from planwatch.web.charts import trajectory_svg
from planwatch.web.tables import LATEST, build_indicator_table


@dataclass
class Card:
    """One indicator as the public sees it."""

    indicator: Indicator
    status: str
    expected_early: bool
    reason: str
    group_heading: str
    latest: IndicatorValue | None
    latest_label: str
    computed: engine.Computed | None
    chart: SafeString
    agencies: list[Agency] = field(default_factory=list)


@dataclass
class PlanBoard:
    document: Document
    cards: list[Card]
    summary: list[tuple[str, int]]

    def card(self, indicator_pk: int) -> Card | None:
        return next((card for card in self.cards if card.indicator.pk == indicator_pk), None)


@dataclass
class PublicValue:
    value: object  # an IndicatorValue (own or lent by the indicator's series)
    source: str
    source_document: Document | None  # set only when that document is published itself


def published_plans() -> list[tuple[Document, list[tuple[str, int]]]]:
    """Every published plan, newest first, with its count of indicator groups by status (four queries for all)."""
    documents = list(published_documents().select_related("publication").order_by("-year", "-date", "number", "pk"))
    computations = {
        result.document.pk: result
        for result in compute_documents(Indicator.objects.filter(document__in=[d.pk for d in documents]))
    }
    return [(d, computations[d.pk].summary() if d.pk in computations else []) for d in documents]


def published_units() -> list[Agency]:
    """The agencies leading at least one indicator of a published plan, each with `indicator_count`."""
    in_portal = Q(led_indicators__document__in=published_documents())
    return list(
        Agency.objects.filter(in_portal)
        .annotate(indicator_count=Count("led_indicators", filter=in_portal, distinct=True))
        .order_by("kind", "name", "pk")
    )


def _judge_names(document: Document) -> set[str]:
    names = set()
    for judgement in Judgement.objects.filter(indicator__document=document).select_related("judged_by"):
        person = judgement.judged_by
        if person is not None:
            names.update(name for name in (person.get_full_name(), person.get_username()) if name)
    return names


def _without_authors(reason: str, names: set[str]) -> str:
    """The computation names the officer who judged a qualitative target (`... (Nguyễn Văn A): ...`): the
    portal keeps the judgement and its date and drops the person."""
    for name in names:
        reason = reason.replace(f" ({name})", "")
    return reason


def plan_board(document: Document) -> PlanBoard:
    """Every indicator of a published plan with the status and reason the plan page shows, and its chart."""
    queryset = document.indicators.prefetch_related("lead_agencies")
    rows = indicators_for_computing(document, queryset)
    if apps.is_installed("planwatch.series"):
        from planwatch.series.selectors import attach_series_values

        attach_series_values(rows)  # before computing: the charts draw the values a series lends too
    computation = plan_computation(document, rows, load=lambda: rows)
    _columns, table = build_indicator_table(rows, computation)
    names = _judge_names(document)
    cards = []
    for row in table:
        indicator = row.indicator
        computed = computation.by_indicator.get(indicator.pk)
        cards.append(Card(
            indicator=indicator, status=row.status, expected_early=row.expected_early,
            reason=_without_authors(row.status_reason, names), group_heading=row.group_heading,
            latest=row.cells.get(LATEST), latest_label=row.latest_label, computed=computed,
            chart=trajectory_svg(series_of(indicator), computed, plan_period_of(indicator, document)),
            agencies=sorted(indicator.lead_agencies.all(), key=lambda a: a.name),
        ))
    return PlanBoard(document=document, cards=cards, summary=computation.summary())


def published_ids() -> set[int]:
    return set(published_documents().values_list("pk", flat=True))


def indicator_values(card: Card, *, published: set[int]) -> list[PublicValue]:
    """The indicator's values of record with where each comes from; a document not in `published` (the ids of
    the published plans) is not named."""
    indicator = card.indicator
    values = [*indicator.values.all(), *(borrowed.value for borrowed in getattr(indicator, "series_values", ()))]
    found = []
    for value in sorted(values, key=lambda v: (v.period, v.kind, v.part, v.pk)):
        source_document = None
        if value.source_document_id is None:
            source = _("Số liệu báo cáo đã được chấp nhận")
        elif value.source_document_id == indicator.document_id:
            source = _("Kế hoạch này") + (f", {value.part}" if value.part else "")
        elif value.source_document_id in published:
            source_document = value.source_document
            source = str(value.source_document) + (f", {value.part}" if value.part else "")
        else:
            source = _("Văn bản khác")
        found.append(PublicValue(value=value, source=source, source_document=source_document))
    return found


def unit_boards(agency: Agency) -> list[tuple[Document, list[Card]]]:
    """The published plans in which the agency leads indicators, each with those indicators' cards."""
    documents = published_documents().filter(indicators__lead_agencies=agency).distinct().order_by("-year", "-date", "pk")
    found = []
    for document in documents:
        cards = [card for card in plan_board(document).cards if any(a.pk == agency.pk for a in card.agencies)]
        if cards:
            found.append((document, cards))
    return found


def publishing_list() -> list[Document]:
    """The tracked plans a planner may publish, each with its publication (or none)."""
    documents = list(Document.objects.filter(is_tracked=True).order_by("-year", "-date", "number", "pk"))
    publications = {
        p.document_id: p for p in Publication.objects.filter(document__in=documents).select_related("published_by")
    }
    for document in documents:
        document.portal_publication = publications.get(document.pk)
    return documents
