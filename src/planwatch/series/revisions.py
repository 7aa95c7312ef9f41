"""A series lends values across documents (docs/series.md), so a change to one member's values, or to who is a
member, changes what the engine reads for every document holding a member of that series: their kept results are
retired with it (registry/results.py)."""

from __future__ import annotations

from planwatch.registry.results import document_of_indicator, documents_changed, transaction_memo
from planwatch.series.models import Series, SeriesMember


def _documents_of_series(series_ids) -> set[int]:
    return set(SeriesMember.objects.filter(series_id__in=series_ids).values_list("indicator__document_id", flat=True))


def _documents_sharing(indicator_id: int | None) -> set[int]:
    """The documents holding a member of the series the indicator belongs to, read once per transaction."""
    if indicator_id is None:
        return set()
    known = transaction_memo().setdefault("series_documents", {})
    if indicator_id not in known:
        series = SeriesMember.objects.filter(indicator_id=indicator_id).values_list("series_id", flat=True)
        known[indicator_id] = _documents_of_series(series)
    return known[indicator_id]


def series_row_changed(sender, instance, **_signal) -> None:
    """Receiver for a series, a membership, and the register's rows whose change a series passes on (an indicator
    and its values)."""
    if isinstance(instance, Series):
        documents_changed(_documents_of_series([instance.pk]))
    elif isinstance(instance, SeriesMember):
        transaction_memo().pop("series_documents", None)  # who shares with whom has changed
        documents_changed(_documents_of_series([instance.series_id]) | {document_of_indicator(instance.indicator_id)})
    elif hasattr(instance, "indicator_id"):
        documents_changed(_documents_sharing(instance.indicator_id))
    else:
        documents_changed(_documents_sharing(instance.pk))
