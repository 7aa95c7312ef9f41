"""Who may see and change what. Every view, export and command path asks here.

Scopes:
- administrators and the planning department (Sở KH&ĐT staff): every plan;
- an agency's officers and head: the tasks their agency leads or coordinates and the indicators it leads,
  directly or through a named group that includes it (open groups such as "các đơn vị liên quan" don't count);
- a leader: the tasks and indicators of their seat (their portfolio);
- anyone else: nothing.

One `<thing>_get_for_user(user, key, *, write=False)` per object type; a missing object and a forbidden one
both answer 404, so guessing URLs tells nothing.

Here: the scope, and what it means for the register (documents, indicators, tasks, agencies, leaders). The apps
built on the register keep the rules for their own objects, in the words of the scope: reporting/access.py
(rounds, reports, their lines, evidence, notifications), frameworks/access.py, series/access.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from planwatch.accounts.models import Membership
from planwatch.registry.models import Agency, Document, Indicator, Position, Task
from planwatch.registry.selectors import groups_containing

Role = Membership.Role


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    agency_id: int | None = None
    group_ids: frozenset[int] = field(default_factory=frozenset)
    position_id: int | None = None
    role: str | None = None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.agency_id is None and self.position_id is None


def membership_of(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def scope_of(user) -> Scope:
    """The user's reading scope, computed once per request and kept on the user object."""
    cached = getattr(user, "_planwatch_scope", None)
    if cached is not None:
        return cached
    membership = membership_of(user)
    if getattr(user, "is_superuser", False) or (membership and membership.role in (Role.PLANNING, Role.ADMIN)):
        scope = Scope(everything=True, role=membership.role if membership else Role.ADMIN)
    elif membership and membership.role in (Role.OFFICER, Role.HEAD) and membership.agency_id:
        scope = Scope(
            agency_id=membership.agency_id, group_ids=groups_containing(membership.agency), role=membership.role,
        )
    elif membership and membership.role == Role.LEADER and membership.position_id:
        scope = Scope(position_id=membership.position_id, role=membership.role)
    else:
        scope = Scope()
    if getattr(user, "is_authenticated", False):
        user._planwatch_scope = scope
    return scope


def can_edit_register(user) -> bool:
    return scope_of(user).everything


# Visible sets -----------------------------------------------------------------------------------


def visible_tasks(user, queryset: QuerySet[Task] | None = None) -> QuerySet[Task]:
    queryset = Task.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.agency_id is not None:
        conditions = [Q(lead_agencies=scope.agency_id), Q(coordinating_agencies=scope.agency_id)]
        if scope.group_ids:
            conditions += [Q(lead_groups__in=scope.group_ids), Q(coordinating_groups__in=scope.group_ids)]
        return queryset.filter(_any_of(Task, conditions))
    if scope.position_id is not None:
        return queryset.filter(_any_of(Task, [Q(leader_id=scope.position_id),
                                              Q(leader_group__positions=scope.position_id)]))
    return queryset.none()


def _any_of(model, conditions: list[Q]) -> Q:
    """Rows meeting any of the conditions, as one subquery of the union of each condition's rows: OR-ing conditions
    across two many-to-many tables joins every task to both, and OR-ing one subquery per condition still reads
    every task (90 and 40 ms for an agency among 39 000 tasks on PostgreSQL); each condition alone reads the
    agency's own rows through its index."""
    first, *others = [model.objects.filter(condition).order_by().values("pk") for condition in conditions]
    return Q(pk__in=first.union(*others) if others else first)


def visible_indicators(user, queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    queryset = Indicator.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.agency_id is not None:
        conditions = [Q(lead_agencies=scope.agency_id)]
        if scope.group_ids:
            conditions.append(Q(lead_groups__in=scope.group_ids))
        return queryset.filter(_any_of(Indicator, conditions))
    if scope.position_id is not None:
        return queryset.filter(leader_id=scope.position_id)
    return queryset.none()


def visible_documents(user, queryset: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """Tracked plans with something in the user's scope; the planning department sees every document."""
    queryset = Document.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.nothing:
        return queryset.none()
    return queryset.filter(
        Q(pk__in=visible_tasks(user).values("document_id")) | Q(pk__in=visible_indicators(user).values("document_id"))
    )


# One lookup per object type ---------------------------------------------------------------------


def _deny_write(user, write: bool) -> None:
    if write and not can_edit_register(user):
        raise PermissionDenied


def document_get_for_user(user, key: str | int, *, write: bool = False) -> Document:
    """By slug, number as written (`183/KH-UBND`) or primary key."""
    document = visible_documents(user).by_key(key).first()
    if document is None:
        raise Http404
    _deny_write(user, write)
    return document


def indicator_get_for_user(user, pk: int, *, write: bool = False) -> Indicator:
    indicator = visible_indicators(user).select_related("document", "parent", "leader").filter(pk=pk).first()
    if indicator is None:
        raise Http404
    _deny_write(user, write)
    return indicator


def task_get_for_user(user, pk: int, *, write: bool = False) -> Task:
    task = visible_tasks(user).select_related("document", "leader", "leader_group").filter(pk=pk).first()
    if task is None:
        raise Http404
    _deny_write(user, write)
    return task


def agency_get_for_user(user, pk: int, *, write: bool = False) -> Agency:
    """The agency directory itself is public to signed-in users; its page lists only what they may see."""
    if scope_of(user).nothing:
        raise Http404
    agency = Agency.objects.select_related("parent").filter(pk=pk).first()
    if agency is None:
        raise Http404
    _deny_write(user, write)
    return agency


def position_get_for_user(user, pk: int, *, write: bool = False) -> Position:
    if scope_of(user).nothing:
        raise Http404
    position = Position.objects.prefetch_related("tenures").filter(pk=pk).first()
    if position is None:
        raise Http404
    _deny_write(user, write)
    return position


def can_import(user) -> bool:
    """Importing a document writes the register: the planning department and administrators."""
    return scope_of(user).everything


def import_draft_get_for_user(user, pk: int, *, write: bool = False):
    """A draft is its importer's own work until saved."""
    from planwatch.registry.models import ImportDraft

    if not can_import(user):
        raise Http404
    draft = ImportDraft.objects.filter(pk=pk, owner=user).first()
    if draft is None:
        raise Http404
    return draft
