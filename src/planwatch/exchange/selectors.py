"""What a plan's export holds: one figure per indicator, period and kind, chosen among the rows that state it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from planwatch.accounts.access import visible_indicators
from planwatch.exchange.formats import Observation, Skipped, data_element_code, org_unit_code
from planwatch.registry.models import Agency, Document, Indicator, IndicatorValue, Op


@dataclass
class ExportData:
    document: Document
    observations: list[Observation] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def issuer_code(document: Document) -> str:
    """The orgUnit of an indicator without a lead agency: the issuing body (the city for a city plan)."""
    return org_unit_code(document.issuer or document.slug)


def indicator_org_units(indicator: Indicator) -> list[str]:
    """The orgUnit codes a value of the indicator may come with; the first is the one exports write."""
    agencies = sorted(indicator.lead_agencies.all(), key=lambda agency: agency.name)
    codes = [org_unit_code(agency.name, agency.short_name) for agency in agencies]
    return codes or [issuer_code(indicator.document)]


def _preference(value: IndicatorValue, document: Document) -> tuple:
    """Lower is preferred: the value of record (no source document), then the plan's own table, then the
    plan's narrative parts, then other documents; the latest recorded first among equals."""
    if value.source_document_id is None:
        rank = 0
    elif value.source_document_id == document.pk:
        rank = 1 if not value.part else 2
    else:
        rank = 3
    return (rank, -value.recorded_at.timestamp(), -value.pk)


def _provenance(value: IndicatorValue) -> str:
    if value.source_document_id is None:
        return value.source_note or "số liệu chính thức"
    source = value.source_document.number or value.source_document.slug
    return f"{source}, {value.part}" if value.part else source


def export_data(document: Document, *, user=None) -> ExportData:
    """The plan's numeric values as observations; what no format can hold (ranges, inequalities, text) and
    the rows a preferred row supersedes are reported as skipped, with the reason."""
    indicators = Indicator.objects.filter(document=document)
    if user is not None:
        indicators = visible_indicators(user, indicators)
    indicators = list(indicators.select_related("document").prefetch_related("lead_agencies").order_by("order"))
    by_pk = {indicator.pk: indicator for indicator in indicators}
    values = (
        IndicatorValue.objects.filter(indicator__in=indicators)
        .select_related("source_document", "recorded_by")
    )
    chosen: dict[tuple[int, str, str], IndicatorValue] = {}
    result = ExportData(document=document)
    for value in sorted(values, key=lambda v: _preference(v, document)):
        indicator = by_pk[value.indicator_id]
        code = data_element_code(document.slug, indicator.key)
        slot = (value.indicator_id, value.period, value.kind)
        if slot in chosen:
            result.skipped.append(Skipped(code, value.period, value.kind, "trùng kỳ và loại với số liệu được ưu tiên"))
            continue
        chosen[slot] = value
        number = value.value
        if number is None:
            reason = "số liệu định tính" if value.op == Op.QUALITATIVE or value.low is None else (
                "khoảng hoặc bất đẳng thức (6,5-7,0; > 13,07), không phải một số")
            result.skipped.append(Skipped(code, value.period, value.kind, reason))
            continue
        result.observations.append(Observation(
            data_element=code, org_unit=indicator_org_units(indicator)[0], period=value.period, kind=value.kind,
            value=number, unit=indicator.unit, provenance=_provenance(value),
            stored_by=value.recorded_by.get_username() if value.recorded_by_id else "",
            last_updated=timezone.localtime(value.recorded_at).isoformat(timespec="seconds"),
        ))
    order = {indicator.pk: n for n, indicator in enumerate(indicators)}
    code_order = {data_element_code(document.slug, i.key): order[i.pk] for i in indicators}
    result.observations.sort(key=lambda o: (code_order[o.data_element], o.period, o.kind))
    return result


def agencies_by_code() -> dict[str, Agency]:
    return {org_unit_code(agency.name, agency.short_name): agency for agency in Agency.objects.all()}
