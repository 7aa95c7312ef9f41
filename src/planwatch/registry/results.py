"""The engine's results for a plan, kept between requests under the document's revision (issue 14).

What the engine computes for a plan depends only on the register's own rows (the document, its indicators, targets,
values and judgements, and the values a series lends it from other documents), on the language its reasons are
written in, and on which rows the reader may see. So a page reads the document's token first, then the results kept
under it for those rows, and runs the engine only when there are none.

Tokens are rows (registry/revisions.py): one per document, an epoch that retires them all (the row of document 0),
and one for the register as a whole. Every save or delete of a row the engine reads names the documents it touches (`documents_changed`,
called by signal receivers the apps owning those models connect): their tokens, and the register's, get new random
values when the transaction commits. A change that cannot be traced to its documents renews the epoch. Why at commit
and not inside the transaction: a row that every writing transaction updates is a lock they would all queue on, and
could deadlock with the report locks; at commit it is one short statement. The order of reading keeps the results
right: a reader takes the token before the rows, so results computed from rows newer than their token are only ever
kept under a token that is already retired. A connection that has changed a document in a transaction not yet
committed sees rows no token names: it neither reads nor keeps that document's results until it commits.

Beside each plan's results (and under the same token) a summary is kept: the statuses alone, in plain data
(`ResultsSummary`). A page over every plan (the planning department's home) reads the summaries of all plans, which
unpickle in microseconds, and the full results, every row's figures and explanation, only of the plans whose rows
it shows.

Results are kept in Django's cache: per process by default, shared by every web process through Redis when
REDIS_URL is set (settings.CACHES). An entry lives at most PLANWATCH_RESULTS_TIMEOUT seconds, which bounds how long
a token missed by a crash between commit and renewal could show old figures.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from planwatch import engine
from planwatch.registry.revisions import DocumentRevision, RegisterRevision

_PENDING = "planwatch_revision_pending"
REGISTER = 1  # the RegisterRevision row
EPOCH = 0  # the DocumentRevision row of no document: part of every document's token


@dataclass
class _Pending:
    """What the connection's open transaction has changed, renewed when it commits."""

    hooks: list  # the connection's run_on_commit list this was registered in
    documents: set[int] = field(default_factory=set)
    everything: bool = False
    memo: dict = field(default_factory=dict)  # what receivers read once per transaction (transaction_memo)


def _renew(pks: Iterable[int], model=RegisterRevision, key="pk") -> None:
    pks = list(pks)
    updated = set(model.objects.filter(**{f"{key}__in": pks}).values_list(key, flat=True))
    token = uuid.uuid4().hex
    model.objects.filter(**{f"{key}__in": updated}).update(token=token)
    # A document no token was given yet, or a flushed database (a test that empties the tables).
    model.objects.bulk_create(
        [model(**{key: pk, "token": token}) for pk in pks if pk not in updated], ignore_conflicts=True,
    )


def _commit_renewal(pending: _Pending) -> None:
    _renew([REGISTER])
    if pending.everything:
        _renew([EPOCH], DocumentRevision, "document_id")
    elif pending.documents:
        for start in range(0, len(pending.documents), 500):
            _renew(sorted(pending.documents)[start:start + 500], DocumentRevision, "document_id")
    # A change to every document (the epoch) is left to the pages that read them, which compute a few and leave the
    # rest to the background themselves; a change to some is computed again at once, away from the request.
    if pending.documents and not pending.everything:
        from planwatch.registry.warming import results_refresh_later

        results_refresh_later(pending.documents)


def _pending(connection) -> _Pending | None:
    # Django replaces `run_on_commit` by a new list at commit and at rollback (of a savepoint too): the list we
    # appended to is still the current one only while our transaction, and our renewal in it, stand.
    found = getattr(connection, _PENDING, None)
    if connection.in_atomic_block and found is not None and found.hooks is connection.run_on_commit:
        return found
    return None


def documents_changed(document_ids: Iterable[int | None] = (), *, everything: bool = False) -> None:
    """Rows the engine reads for these documents (or, with `everything`, for documents not known) were saved or
    deleted: renew their tokens when the transaction commits (at once outside one). An unknown id (None) counts
    as everything."""
    ids = set(document_ids)
    everything = everything or None in ids
    connection = transaction.get_connection()
    pending = _pending(connection)
    if pending is None:
        pending = _Pending(hooks=connection.run_on_commit)

        def renew_tokens():
            _commit_renewal(pending)
        transaction.on_commit(renew_tokens)
        if connection.in_atomic_block:
            setattr(connection, _PENDING, pending)
    pending.documents |= ids - {None}
    pending.everything = pending.everything or everything


def transaction_memo() -> dict:
    """A dict that lives as long as the open transaction's pending renewal (a fresh one outside a transaction): for
    receivers that would read the same row for every value a transaction saves."""
    documents_changed()
    pending = _pending(transaction.get_connection())
    return pending.memo if pending is not None else {}


def document_of_indicator(indicator_id: int | None) -> int | None:
    """The document an indicator belongs to, read once per transaction; None when it is gone."""
    if indicator_id is None:
        return None
    known = transaction_memo().setdefault("indicator_documents", {})
    if indicator_id not in known:
        from planwatch.registry.models import Indicator

        known[indicator_id] = Indicator.objects.filter(pk=indicator_id).values_list("document_id", flat=True).first()
    return known[indicator_id]


def register_row_changed(sender, instance, **_signal) -> None:
    """Signal receiver for the register's rows the engine reads: a document, an indicator, or a row of one
    (target, value, judgement)."""
    from planwatch.registry.models import Document, Indicator

    if isinstance(instance, Document):
        documents_changed([instance.pk])
    elif isinstance(instance, Indicator):
        documents_changed([instance.document_id])
    else:
        documents_changed([document_of_indicator(instance.indicator_id)])


def current_token() -> str | None:
    """The register's token: it changes when anything the engine reads changes. None while this transaction has
    changed such rows, or without the row."""
    if _pending(transaction.get_connection()) is not None:
        return None
    return RegisterRevision.objects.filter(pk=REGISTER).values_list("token", flat=True).first()


def document_tokens(document_ids: Iterable[int]) -> dict[int, str | None]:
    """Each document's token (the epoch's and its own), in one query whatever their number; None for a document
    this transaction has changed or that has no token yet (it gets one, used from the next read)."""
    ids = set(document_ids)
    pending = _pending(transaction.get_connection())
    if pending is not None and pending.everything:
        return dict.fromkeys(ids)
    changed = pending.documents if pending is not None else set()
    if not ids - changed:
        return dict.fromkeys(ids)
    wanted = (ids - changed) | {EPOCH}
    found = dict(DocumentRevision.objects.filter(document_id__in=wanted).values_list("document_id", "token"))
    missing = wanted - set(found)
    if missing:
        # Ignored where another reader was first: tokens are used only as read, from the next read on.
        DocumentRevision.objects.bulk_create(
            [DocumentRevision(document_id=pk, token=uuid.uuid4().hex) for pk in missing], ignore_conflicts=True,
        )
    epoch = found.get(EPOCH)
    return {pk: f"{epoch}.{found[pk]}" if epoch and pk in found else None for pk in ids}


@dataclass(frozen=True)
class KeptResults:
    """The part of a DocumentComputation that is the engine's: no model instances, so it pickles small."""

    by_indicator: dict
    group_status: dict
    expected_early: frozenset
    warnings: tuple[engine.ConsistencyWarning, ...]


@dataclass(frozen=True)
class ResultsSummary:
    """The statuses of a document's kept results and nothing else: what a page over every plan counts and orders
    by. Kept beside the results under the same token; plain data (ints and strs in dicts and a tuple), so a page
    reading it for hundreds of plans unpickles no engine object."""

    group_status: dict[int, str]  # top-level indicator id -> combined status, as KeptResults
    expected_early: frozenset[int]
    statuses: dict[int, str]  # indicator id -> the row's own status, for each row the engine computed

    @classmethod
    def of(cls, results: KeptResults) -> ResultsSummary:
        return cls(
            group_status={pk: str(status) for pk, status in results.group_status.items()},
            expected_early=frozenset(results.expected_early),
            statuses={pk: str(computed.status) for pk, computed in results.by_indicator.items()},
        )

    def _stored(self) -> tuple:
        return (self.group_status, tuple(sorted(self.expected_early)), self.statuses)

    @classmethod
    def _read(cls, stored: tuple) -> ResultsSummary:
        group_status, expected_early, statuses = stored
        return cls(group_status, frozenset(expected_early), statuses)


def _key(
    token: str, document_id: int, indicator_ids: Iterable[int], as_of_year: int | None, kind: str = "results",
) -> str:
    rows = hashlib.blake2b(",".join(map(str, sorted(indicator_ids))).encode(), digest_size=12).hexdigest()
    # No language in the key: reasons are kept as phrases and written in the reader's language when shown.
    return f"planwatch:{kind}:{token}:{document_id}:{as_of_year or '-'}:{rows}"


def kept_results(
    token: str | None, *, document_id: int, indicator_ids: Iterable[int], as_of_year: int | None = None,
    kind: str = "results",
) -> KeptResults | None:
    if token is None:
        return None
    return cache.get(_key(token, document_id, indicator_ids, as_of_year, kind))


def kept_results_of(wanted: dict[int, tuple[str | None, list[int]]]) -> dict[int, KeptResults]:
    """`kept_results` for many documents in one cache round trip: document id -> (token, indicator ids) in,
    document id -> results out, for those that have some."""
    keys = {
        _key(token, pk, ids, None): pk for pk, (token, ids) in wanted.items() if token is not None
    }
    if not keys:  # Redis refuses an MGET of no key
        return {}
    return {keys[key]: results for key, results in cache.get_many(list(keys)).items()}


def kept_summaries_of(wanted: dict[int, tuple[str | None, list[int]]]) -> dict[int, ResultsSummary]:
    """The summaries kept beside the results (`ResultsSummary`) of many documents in one cache round trip: document
    id -> (token, indicator ids) in, document id -> summary out, for those that have one."""
    keys = {
        _key(token, pk, ids, None, "summary"): pk for pk, (token, ids) in wanted.items() if token is not None
    }
    if not keys:
        return {}
    return {keys[key]: ResultsSummary._read(stored) for key, stored in cache.get_many(list(keys)).items()}


def keep_summaries(
    summaries: dict[int, ResultsSummary], wanted: dict[int, tuple[str | None, list[int]]],
) -> None:
    """Keep again, in one round trip, the summaries of documents whose results were found kept without theirs
    (kept before summaries were, or the summary alone evicted): `wanted` as for kept_summaries_of."""
    entries = {
        _key(wanted[pk][0], pk, wanted[pk][1], None, "summary"): summary._stored()
        for pk, summary in summaries.items() if wanted[pk][0] is not None
    }
    if entries:
        cache.set_many(entries, settings.PLANWATCH_RESULTS_TIMEOUT)


def keep_results(
    token: str | None, results: KeptResults, *, document_id: int, indicator_ids: Iterable[int],
    as_of_year: int | None = None, kind: str = "results",
) -> None:
    """Keep the results, and beside them, for the current year (the only one pages over every plan read), their
    summary (`ResultsSummary`). `kind` keeps apart results computed from other inputs (the reports' own rows)."""
    if token is None:
        return
    indicator_ids = list(indicator_ids)
    entries = {_key(token, document_id, indicator_ids, as_of_year, kind): results}
    if as_of_year is None and kind == "results":
        entries[_key(token, document_id, indicator_ids, None, "summary")] = ResultsSummary.of(results)._stored()
    cache.set_many(entries, settings.PLANWATCH_RESULTS_TIMEOUT)

