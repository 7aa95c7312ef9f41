"""The judgement fields of the API (issue 12): what the engine, the document and the planning department say of an
indicator, the plan page's statuses and disagreements for a whole document, and series across documents. Reads
only: the engine's results come kept when they are (registry/results.py)."""

from __future__ import annotations

from django.db.models import Prefetch

from planwatch import engine
from planwatch.accounts.access import visible_indicators
from planwatch.registry.computing import compute_documents, indicator_analysis
from planwatch.registry.judgements import judgement_disagreements, judgement_to_format, status_label
from planwatch.registry.models import Indicator, IndicatorValue, Judgement
from planwatch.series.models import Series, SeriesMember


def _number(value):
    return None if value is None else float(value)


def judgement_out(computed: engine.Computed | None, plan_period: str | None, warnings) -> dict | None:
    if computed is None:
        return None
    required = computed.required
    return {
        "status": computed.status, "label": status_label(computed.status, expected_early=computed.expected_early),
        "expected_early": computed.expected_early, "reason": computed.reason, "plan_period": plan_period,
        "so_far": _number(computed.so_far.value),
        "required_period": required.period.code if required.period else None,
        "required_low": _number(required.low), "required_high": _number(required.high),
        "warnings": [warning.message for warning in warnings],
    }


def indicator_judgement_fields(indicator: Indicator) -> dict:
    """The judged part of one indicator's detail: the engine's, the document's own and the latest of people."""
    analysis = indicator_analysis(indicator)
    latest = Judgement.objects.filter(indicator=indicator).order_by("-judged_at", "-id").first()
    member = SeriesMember.objects.select_related("series").filter(indicator=indicator).first()
    return {
        "judgement": judgement_out(analysis.computed, analysis.plan_period, analysis.warnings),
        "document_judgement": judgement_to_format(indicator),
        "people_judgement": (
            {"status": latest.status, "reason": latest.reason, "judged_at": latest.judged_at} if latest else None
        ),
        "series": (
            {"id": member.series_id, "name": member.series.name, "membership": member.status} if member else None
        ),
    }


def document_status(user, document) -> dict:
    """The plan page's status column and its disagreements, for the rows the user sees."""
    rows = visible_indicators(user).filter(document=document)
    computations = compute_documents(rows, values=False)
    if not computations:
        return {"document": document.pk, "summary": {}, "indicators": [], "disagreements": []}
    computation = computations[0]
    indicators = []
    for indicator in computation.indicators:
        status, expected = computation.row_status(indicator)
        computed = computation.by_indicator.get(indicator.pk)
        indicators.append({
            "indicator": indicator.pk, "key": indicator.key, "name": indicator.name, "parent": indicator.parent_id,
            "status": status or engine.UNKNOWN, "label": status_label(status or engine.UNKNOWN, expected_early=expected),
            "expected_early": expected, "reason": computed.reason if computed is not None and status else "",
            "document_judgement": judgement_to_format(indicator),
        })
    return {
        "document": document.pk,
        "summary": dict(computation.summary()),
        "indicators": indicators,
        "disagreements": [
            {"indicator": found.indicator.pk, "aspect": found.aspect, "document_label": found.document_label,
             "document_text": found.document_text, "planwatch_label": found.planwatch_label,
             "planwatch_reason": found.planwatch_reason}
            for found in judgement_disagreements(computation)
        ],
    }


# Series ---------------------------------------------------------------------------------------------------------


def visible_series(user, *, document=None):
    """Series with at least one member the user sees (not counting rejected links), each with those members only."""
    members = SeriesMember.objects.filter(indicator__in=visible_indicators(user)).exclude(
        status=SeriesMember.Status.REJECTED,
    )
    chosen = members.filter(indicator__document_id=document) if document is not None else members
    return (
        Series.objects.filter(pk__in=chosen.values("series_id"))
        .prefetch_related(Prefetch("members", queryset=members.select_related("indicator").order_by("pk"),
                                   to_attr="visible_members"))
        .order_by("name", "pk")
    )


def series_out(series: Series) -> dict:
    return {
        "id": series.pk, "name": series.name, "unit": series.unit,
        "members": [
            {"indicator": member.indicator_id, "document": member.indicator.document_id,
             "name": member.indicator.name, "unit": member.indicator.unit, "membership": member.status}
            for member in series.visible_members
        ],
    }


def series_detail_out(series: Series) -> dict:
    """The series with the values of record its visible members hold, oldest period first."""
    documents = {member.indicator_id: member.indicator.document_id for member in series.visible_members}
    values = IndicatorValue.objects.filter(indicator_id__in=list(documents)).order_by("period", "kind", "pk")
    return {
        **series_out(series),
        "values": [
            {"text": value.text, "op": value.op, "low": _number(value.low), "high": _number(value.high),
             "indicator": value.indicator_id, "document": documents[value.indicator_id], "period": value.period,
             "kind": value.kind}
            for value in values
        ],
    }
