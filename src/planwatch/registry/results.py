"""The engine's results for a plan, kept between requests under the register's revision (issue 14).

What the engine computes for a plan depends only on the register's own rows (documents, indicators, targets, values,
judgements and the series that lend values across documents), on the language its reasons are written in, and on
which rows the reader may see. So a page reads the revision token first, then the results kept under it for those
rows, and runs the engine only when there are none.

The token is one row (RegisterRevision). Every save or delete of a row the engine reads sets a new random token when
its transaction commits (`inputs_changed`, a signal receiver connected by the apps that own those models). Why at
commit and not inside the transaction: a row that every writing transaction updates is a lock they would all queue
on, and could deadlock with the report locks; at commit it is one short statement. The order of reading keeps the
results right: a reader takes the token before the rows, so results computed from rows newer than their token are
only ever kept under a token that is already retired. A connection that has changed inputs in a transaction not yet
committed sees rows no token names: it neither reads nor keeps results until it commits.

Results are kept in Django's cache: per process by default, shared by every web process through Redis when
REDIS_URL is set (settings.CACHES). An entry lives at most PLANWATCH_RESULTS_TIMEOUT seconds, which bounds how long
a token missed by a crash between commit and renewal could show old figures.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from planwatch import engine
from planwatch.registry.models import RegisterRevision

_PENDING = "planwatch_revision_pending"


def _revision_renew() -> None:
    updated = RegisterRevision.objects.filter(pk=1).update(token=uuid.uuid4().hex)
    if not updated:  # a flushed database (a test that empties the tables) has lost the row migrations made
        RegisterRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def _has_pending_change(connection) -> bool:
    # Django replaces `run_on_commit` by a new list at commit and at rollback (of a savepoint too): the list we
    # appended to is still the current one only while our transaction, and our renewal in it, stand.
    return connection.in_atomic_block and getattr(connection, _PENDING, None) is connection.run_on_commit


def inputs_changed(**_signal) -> None:
    """A row the engine reads was saved or deleted: renew the token when the transaction commits (once per
    transaction; at once outside one)."""
    connection = transaction.get_connection()
    if _has_pending_change(connection):
        return
    transaction.on_commit(_revision_renew)
    if connection.in_atomic_block:
        setattr(connection, _PENDING, connection.run_on_commit)


def current_token() -> str | None:
    """The token results are kept under; None when they may not be used (inputs changed in this transaction, or no
    revision row)."""
    if _has_pending_change(transaction.get_connection()):
        return None
    return RegisterRevision.objects.filter(pk=1).values_list("token", flat=True).first()


@dataclass(frozen=True)
class KeptResults:
    """The part of a DocumentComputation that is the engine's: no model instances, so it pickles small."""

    by_indicator: dict
    group_status: dict
    expected_early: frozenset
    warnings: tuple[engine.ConsistencyWarning, ...]


def _key(token: str, document_id: int, indicator_ids: Iterable[int], as_of_year: int | None) -> str:
    rows = hashlib.blake2b(",".join(map(str, sorted(indicator_ids))).encode(), digest_size=12).hexdigest()
    return f"planwatch:results:{token}:{document_id}:{as_of_year or '-'}:{get_language() or '-'}:{rows}"


def kept_results(
    token: str | None, *, document_id: int, indicator_ids: Iterable[int], as_of_year: int | None = None,
) -> KeptResults | None:
    if token is None:
        return None
    return cache.get(_key(token, document_id, indicator_ids, as_of_year))


def keep_results(
    token: str | None, results: KeptResults, *, document_id: int, indicator_ids: Iterable[int],
    as_of_year: int | None = None,
) -> None:
    if token is None:
        return
    cache.set(_key(token, document_id, indicator_ids, as_of_year), results, settings.PLANWATCH_RESULTS_TIMEOUT)

