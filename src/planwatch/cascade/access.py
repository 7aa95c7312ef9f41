"""Who may see and change contributions, in the words of accounts.access: a contribution is seen by whoever sees
the higher indicator (a contributor they may not see is counted, never named); adding or removing one writes the
register, so only the planning department and administrators do, as for series links (series/access.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from planwatch.accounts.access import can_edit_register, visible_indicators
from planwatch.cascade.models import Contribution


def can_edit_contributions(user) -> bool:
    return can_edit_register(user)


def contribution_get_for_user(user, pk: int, *, write: bool = False) -> Contribution:
    contribution = (
        Contribution.objects.select_related("indicator__document", "contributor__document", "unit")
        .filter(pk=pk, indicator__in=visible_indicators(user)).first()
    )
    if contribution is None:
        raise Http404
    if write and not can_edit_contributions(user):
        raise PermissionDenied
    return contribution
