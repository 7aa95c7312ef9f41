"""What a page computed, kept for the same scope until the register changes (issue 14).

Fifty people opening the same register-wide page between two changes would each pay for the same work. A page
keeps its content under the register's version: the register's token, renewed by any change to a row the engine
reads (registry/results.py), and the latest audit entry, written by every other change made through a service or
the admin. Nothing is kept while the request's own transaction has changed the register (there is no token yet),
and the person's scope (role, agency, groups, seat), the day and the language are always part of the key: what one
may see, what is late today and the words of the page differ between them. Two accounts of one scope see the same
rows, and share what was kept.

A page that shows nothing of the reporting work (reports being written, their lines and files: audit's
REPORTING_WORK_APPS) is kept under the register's content alone (`register_only`): the audit entries those write,
every few seconds before a deadline, leave it kept; what an accepted report writes into the register renews it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from planwatch.accounts.access import scope_of
from planwatch.audit.models import AuditEntry
from planwatch.registry.results import current_token

T = TypeVar("T")

_version_computing: ContextVar[tuple[bool, str] | None] = ContextVar("planwatch_version_computing", default=None)


def register_version(*, register_only: bool = False) -> str | None:
    """The register's token and its latest audit entry (with `register_only`, the latest about the register
    itself, not about reporting work); None while this transaction has changed the register."""
    token = current_token()
    if token is None:
        return None
    entries = AuditEntry.objects.filter(about_register=True) if register_only else AuditEntry.objects.all()
    last_entry = entries.order_by("-pk").values_list("pk", flat=True).first()
    return f"{token}:{last_entry}"


def _scope_key(user) -> str:
    """The user's scope as a key: role, agency, groups, seat. What is kept here is computed from the rows a scope
    sees, never from the account, so two officers of one agency see the same and one keeps it for both."""
    scope = scope_of(user)
    groups = ",".join(str(pk) for pk in sorted(scope.group_ids))
    return f"{scope.everything}:{scope.role}:{scope.agency_id}:{groups}:{scope.position_id}"


def kept_until_changed(
    name: str, *, user, today: date, parts: Iterable[object], compute: Callable[[], T],
    seconds: int | Callable[[T], int], register_only: bool = False,
) -> T:
    """compute(), or what it gave anyone of this user's scope for the same `parts` since the register last changed;
    kept at most `seconds`, or as long as `seconds(value)` says for the value computed (0: not kept). compute() must
    read through the user's scope alone (visible_tasks and the like), nothing else of the account. register_only:
    compute() shows nothing of the reporting work, whose changes then leave it kept (see above)."""
    outer = _version_computing.get()
    if outer is not None and outer[0] == register_only:
        version = outer[1]
    else:
        version = register_version(register_only=register_only)
    if version is None:
        return compute()
    named = "\x1f".join(str(part) for part in (_scope_key(user), today.isoformat(), get_language(), version, *parts))
    key = f"planwatch:kept:{name}:{hashlib.sha256(named.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        # What compute() keeps in turn (a board inside the page that shows it) is kept under the same version: it
        # reads, so the register has not changed since, and asking again would only repeat the two queries.
        known = _version_computing.set((register_only, version))
        try:
            value = compute()
        finally:
            _version_computing.reset(known)
        keep_for = seconds(value) if callable(seconds) else seconds
        if keep_for > 0:
            cache.set(key, value, keep_for)
    return value
