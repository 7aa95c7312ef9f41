"""Writing series: propose links for a document, confirm or reject them, link two indicators by hand.

Every service takes keyword-only arguments, runs in one transaction and leaves an audit record per row it writes.
Who may call them is the views' question (accounts.access.can_edit_register: the planning department).

Transitions of a member:
    proposed  -> confirmed   series_confirm
    proposed  -> rejected    series_reject
    confirmed -> rejected    series_reject (the link was wrong: its values are no longer shared)
    any       -> confirmed   series_link, by hand (a rejected row linked to the right series)
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.audit.services import record_change, snapshot
from planwatch.registry.models import Document, Indicator
from planwatch.series import matching
from planwatch.series.models import Series, SeriesMember
from planwatch.series.selectors import facts_of

Status = SeriesMember.Status

# A pair scoring less is not worth a reviewer's time; see matching.py for what a score is made of.
PROPOSE_THRESHOLD = 0.5


class SeriesError(ValueError):
    """A link that cannot be made or a decision that does not apply; the message is for the reviewer."""


def _user_or_none(actor):
    """The account behind a decision; a script names itself with a string (`load-demo`) and has none."""
    return actor if getattr(actor, "pk", None) else None


def _create(obj, *, actor, reason: str):
    obj.full_clean()
    obj.save()
    record_change(obj, before=None, after=snapshot(obj), actor=actor, reason=reason)
    return obj


def _update(member: SeriesMember, values: dict, *, actor, reason: str) -> SeriesMember:
    before = snapshot(member)
    for name, value in values.items():
        setattr(member, name, value)
    member.full_clean()
    member.save()
    record_change(member, before=before, after=snapshot(member), actor=actor, reason=reason)
    return member


def _series_from(indicator: Indicator, *, actor, reason: str) -> Series:
    """A new series named after `indicator`, which becomes its first, confirmed member: the row the others are
    compared with needs no confirming of its own."""
    series = _create(Series(name=indicator.name[:500], unit=indicator.unit), actor=actor, reason=reason)
    _create(
        SeriesMember(series=series, indicator=indicator, status=Status.CONFIRMED, decided_at=timezone.now()),
        actor=actor, reason=reason,
    )
    return series


def _other_row_of_its_document(member: SeriesMember):
    """The rows of the member's series, other than its indicator, from the same document (rejected ones aside)."""
    return (
        SeriesMember.objects.filter(series_id=member.series_id, indicator__document_id=member.indicator.document_id)
        .exclude(indicator_id=member.indicator_id).exclude(status=Status.REJECTED)
    )


def _basis(match: matching.Match) -> dict:
    return {
        "name": match.name, "context": match.context, "unit": match.unit,
        "same_measure": match.same_measure, "same_code": match.same_code,
    }


@transaction.atomic
def series_propose(*, document: Document, actor, threshold: float = PROPOSE_THRESHOLD) -> list[SeriesMember]:
    """Propose, for each indicator of `document` not yet in a series, the series of the most alike indicator of
    another document: one proposal per indicator, at most one row of `document` per series. An indicator without
    a series is made the first member of a new one. Rows already in a series, or rejected from one, are left as
    they are, so proposing again (after an import updates the document) adds only what is new."""
    reason = f"đề xuất chuỗi chỉ tiêu cho {document}"[:300]
    mine = {
        indicator.pk: indicator
        for indicator in document.indicators.filter(series_member__isnull=True).select_related("parent")
    }
    if not mine:
        return []
    others = {
        indicator.pk: indicator
        for indicator in Indicator.objects.exclude(document=document)
        .exclude(series_member__status=Status.REJECTED)
        .select_related("parent", "series_member__series")
        .order_by("document_id", "order")
    }
    # A series that already holds a row of this document takes no other.
    taken = set(
        SeriesMember.objects.filter(indicator__document=document).exclude(status=Status.REJECTED)
        .values_list("series_id", flat=True)
    )
    series_of = {pk: getattr(other, "series_member", None) for pk, other in others.items()}
    candidates = {
        pk: facts_of(other) for pk, other in others.items()
        if series_of[pk] is None or series_of[pk].series_id not in taken
    }
    # Rows of one series count as one candidate: two rows of this document never join the same series.
    groups = {pk: ("series", series_of[pk].series_id) for pk in candidates if series_of[pk] is not None}
    pairs = matching.best_pairs(
        {pk: facts_of(indicator) for pk, indicator in mine.items()}, candidates, threshold=threshold, groups=groups,
    )
    proposed = []
    for own_pk, other_pk, match in pairs:
        other = others[other_pk]
        membership = series_of[other_pk]
        series = membership.series if membership is not None else _series_from(other, actor=actor, reason=reason)
        proposed.append(_create(
            SeriesMember(
                series=series, indicator=mine[own_pk], status=Status.PROPOSED,
                score=Decimal(str(match.score)), basis=_basis(match),
            ),
            actor=actor, reason=reason,
        ))
    return proposed


@transaction.atomic
def series_confirm(*, member: SeriesMember, actor) -> SeriesMember:
    """The planning department agrees: the row is the series' indicator, and shares its values of record."""
    member = SeriesMember.objects.select_for_update().select_related("indicator", "series").get(pk=member.pk)
    if member.status != Status.PROPOSED:
        state = member.get_status_display().lower()
        raise SeriesError(_("Chỉ xác nhận được liên kết đang đề xuất; liên kết này %(state)s.") % {"state": state})
    # A row of the same document linked by hand meanwhile: two rows of one document never share a series.
    if _other_row_of_its_document(member).exists():
        raise SeriesError(_("Chuỗi này đã có một chỉ tiêu của cùng văn bản."))
    return _update(
        member, {"status": Status.CONFIRMED, "confirmed_by": _user_or_none(actor), "decided_at": timezone.now()},
        actor=actor, reason="xác nhận chuỗi chỉ tiêu",
    )


@transaction.atomic
def series_reject(*, member: SeriesMember, actor) -> SeriesMember:
    """Not the same indicator: the row leaves the series' values, and is proposed nothing again automatically."""
    member = SeriesMember.objects.select_for_update().select_related("indicator", "series").get(pk=member.pk)
    if member.status == Status.REJECTED:
        raise SeriesError(_("Liên kết này đã bị bác bỏ."))
    return _update(
        member, {"status": Status.REJECTED, "confirmed_by": _user_or_none(actor), "decided_at": timezone.now()},
        actor=actor, reason="bác bỏ chuỗi chỉ tiêu",
    )


@transaction.atomic
def series_link(*, indicator: Indicator, other: Indicator, actor) -> SeriesMember:
    """Put `indicator` in the series of `other` (making one from `other` if it has none), confirmed at once: a
    person links what the matcher missed (a unit changed, a name rewritten). `indicator` may have been proposed
    to, or rejected from, another series; a confirmed member of another series must be unlinked first."""
    if indicator.pk == other.pk:
        raise SeriesError(_("Không thể liên kết một chỉ tiêu với chính nó."))
    if indicator.document_id == other.document_id:
        raise SeriesError(_("Hai chỉ tiêu cùng một văn bản không thể thuộc cùng một chuỗi."))
    reason = "liên kết chuỗi chỉ tiêu"
    mine = SeriesMember.objects.select_for_update().filter(indicator=indicator).first()
    theirs = SeriesMember.objects.select_for_update().filter(indicator=other).first()
    if theirs is None and mine is not None and mine.status == Status.CONFIRMED:
        # `indicator` has a series and `other` none: `other` joins it, which is the same link.
        indicator, other, mine, theirs = other, indicator, theirs, mine
    if theirs is not None and theirs.status == Status.REJECTED:
        raise SeriesError(_("“%(indicator)s” đã bị bác bỏ khỏi chuỗi của nó; hãy liên kết nó trước.") % {"indicator": other})
    if mine is not None and mine.status == Status.CONFIRMED and (theirs is None or theirs.series_id != mine.series_id):
        raise SeriesError(_("“%(indicator)s” đã thuộc một chuỗi khác; hãy bác bỏ liên kết đó trước.") % {"indicator": indicator})
    series = theirs.series if theirs is not None else _series_from(other, actor=actor, reason=reason)
    if _other_row_of_its_document(SeriesMember(series=series, indicator=indicator)).exists():
        raise SeriesError(_("Chuỗi này đã có một chỉ tiêu của cùng văn bản."))
    decided = {"status": Status.CONFIRMED, "confirmed_by": _user_or_none(actor), "decided_at": timezone.now()}
    if mine is None:
        return _create(SeriesMember(series=series, indicator=indicator, basis={"manual": True}, **decided),
                       actor=actor, reason=reason)
    if mine.series_id == series.pk and mine.status == Status.CONFIRMED:
        return mine
    return _update(mine, {"series": series, "score": None, "basis": {"manual": True}, **decided},
                   actor=actor, reason=reason)
