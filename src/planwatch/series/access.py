"""Who may see and decide series links, in the words of accounts.access: a link is seen by whoever sees its
indicator; deciding on it (confirm, reject, link by hand) writes the register, so only the planning department
and administrators do. A link the user may not see answers 404 like a missing one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from planwatch.accounts.access import can_edit_register, scope_of, visible_indicators
from planwatch.series.models import SeriesMember


def can_decide(user) -> bool:
    return can_edit_register(user)


def can_see_series(user) -> bool:
    """The list of links is for users with a scope; someone with none is told nothing exists (404)."""
    return not scope_of(user).nothing


def series_member_get_for_user(user, pk: int, *, write: bool = False) -> SeriesMember:
    member = (
        SeriesMember.objects.select_related("indicator__document", "series")
        .filter(pk=pk, indicator__in=visible_indicators(user)).first()
    )
    if member is None:
        raise Http404
    if write and not can_decide(user):
        raise PermissionDenied
    return member
