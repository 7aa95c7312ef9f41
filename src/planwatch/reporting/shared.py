"""One indicator, several plans, one question: indicator lines shared by the confirmed members of a series.

Plan 183 and the 2024 plan both set targets for `Tỷ lệ chất thải y tế được xử lý`; the planning department has
confirmed the two rows as one series (planwatch.series). An agency leading both is asked for the value once: when
a round's reports are built (services.rounds._reports_create) the rows of one series in one report become one
line, that of the row whose document is the most recent (the first by order among equals), and the line records
the other rows it stands for (`SharedLine`). Accepting the report writes the value as a value of record for each
of them too (services.transitions._accept_effects; acceptance.py announces the same writes).

Only rows in the same unit (or with no unit stated) share a line: a figure in `1.000 tỷ đ.` is not to be written
as `triệu tỷ đồng`. A row whose link is only proposed is asked separately, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from planwatch.registry.models import Document
from planwatch.reporting.models import IndicatorLine, SharedLine
from planwatch.series.matching import unit_factor
from planwatch.series.models import SeriesMember

CONFIRMED = SeriesMember.Status.CONFIRMED


def _newest_first(document: Document) -> tuple:
    return (-(document.year or 0), -(document.date.toordinal() if document.date else 0))


def shared_lines(indicator_ids: Iterable[int], assigned: dict[int, list[int]]) -> dict[int, dict[int, list[int]]]:
    """For each agency (of `assigned`: agency id to the indicator ids it reports, in order), the indicators that
    ask for the others of their series: {agency: {kept indicator: [indicators it stands for]}}. One query."""
    members = {
        member.indicator_id: member
        for member in SeriesMember.objects.filter(indicator_id__in=set(indicator_ids), status=CONFIRMED)
        .select_related("indicator__document")
    }
    if not members:
        return {}
    found: dict[int, dict[int, list[int]]] = {}
    for agency_id, ids in assigned.items():
        position = {pk: n for n, pk in enumerate(ids)}
        by_series: dict[int, list[SeriesMember]] = defaultdict(list)
        for pk in ids:
            if pk in members:
                by_series[members[pk].series_id].append(members[pk])
        for group in by_series.values():
            if len(group) < 2:
                continue
            kept = min(group, key=lambda m: (*_newest_first(m.indicator.document), position[m.indicator_id]))
            others = [
                m.indicator_id for m in group
                if m is not kept and unit_factor(m.indicator.unit, kept.indicator.unit) == Decimal(1)
            ]
            if others:
                found.setdefault(agency_id, {})[kept.indicator_id] = others
    return found


def shares_in_force(lines: Iterable[IndicatorLine]) -> dict[int, list[SharedLine]]:
    """Line id to the rows it stands for that are still confirmed members of its indicator's series (a link
    rejected since the round opened writes nothing more), with their documents and values of record."""
    found: dict[int, list[SharedLine]] = defaultdict(list)
    pks = [line.pk for line in lines]
    # Most lines stand for no other row: a light query of their ids first, since planning the full one (seven
    # tables) cost the report page more than running it, on every page of a register without series.
    shared = list(SharedLine.objects.filter(line_id__in=pks).order_by().values_list("pk", flat=True)) if pks else []
    if not shared:
        return found
    shares = (
        SharedLine.objects.filter(
            pk__in=shared,
            line__indicator__series_member__status=CONFIRMED,
            indicator__series_member__status=CONFIRMED,
            indicator__series_member__series_id=F("line__indicator__series_member__series_id"),
        )
        .select_related("indicator__document", "recorded_value")
        .order_by("line_id", "id")
    )
    for share in shares:
        found[share.line_id].append(share)
    return found


def plan_label(document: Document) -> str:
    """A document as the report names it: `KH 183/KH-UBND`, `KH năm 2024` (a plan with no number yet)."""
    kind = _("KH") if document.kind == Document.Kind.PLAN else document.get_kind_display()
    if document.number:
        return f"{kind} {document.number}"
    if document.year:
        return _("%(kind)s năm %(year)s") % {"kind": kind, "year": document.year}
    return document.short_title


def attach_shared_plans(lines: list[IndicatorLine]) -> None:
    """Set `shared_plans` on each line: the plans its value counts for (its own and those of the rows it stands
    for, the oldest first) when it stands for any, else an empty list. One query."""
    shares = shares_in_force(lines)
    for line in lines:
        documents = [line.indicator.document] + [share.indicator.document for share in shares.get(line.pk, [])]
        if len(documents) < 2:
            line.shared_plans = []
            continue
        documents.sort(key=lambda d: (d.year or 0, d.date.toordinal() if d.date else 0, d.pk))
        line.shared_plans = [plan_label(document) for document in documents]
