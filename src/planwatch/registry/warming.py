"""Plans computed away from any request (issue 14): those a page over the whole register left for later, and those a
write has just changed.

The planning department's home computes at most a few plans whose results are not kept (after a restart, or
after changes to many plans); the others are computed here, away from the request. And when a transaction that
changed a tracked plan's rows commits, the plan is computed again here at once (`results_refresh_later`), so the
next person to open it finds its results kept rather than paying for them. With Redis (REDIS_URL and
PLANWATCH_JOBS=worker) the cache is shared, so `planwatch worker` computes them and the web processes keep serving
pages; otherwise a thread of the same process does, so that the results land in the cache that process reads. A
plan already underway is not started again, and of the processes sharing one cache only the first to claim a plan
computes it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from planwatch.registry.computing import PLAN_ORDER, compute_and_keep
from planwatch.registry.models import Indicator
from planwatch.registry.results import document_tokens

logger = logging.getLogger(__name__)

BATCH = 10  # plans read and computed together: about 500 rows and their values
CLAIM_SECONDS = 600  # a claim outlives the longest computation of a batch; a process that died lets it lapse
# A plan handed to the worker under a token is not handed again for this long: every home of every process asks for
# the same plans until they are kept, and the queue should hold each once. A worker that never got to it lets it
# lapse.
QUEUED_SECONDS = 60

# The warm-up yields the processor to requests: after a restart it has minutes of work, and at the same priority
# the pages measured during it queued behind it (docs/scaling.md, runs G and I).
WARMING_NICENESS = 10

_lock = threading.Lock()
_underway: set[int] = set()


def lower_this_threads_priority(niceness: int = WARMING_NICENESS) -> None:
    """On Linux each thread has its own niceness: raise the calling thread's to `niceness`, never lower it (that
    needs privileges). Elsewhere, or where refused, nothing changes."""
    try:
        thread = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, thread) < niceness:
            os.setpriority(os.PRIO_PROCESS, thread, niceness)
    except (AttributeError, OSError):
        pass


def _worker_shares_the_cache() -> bool:
    return settings.PLANWATCH_JOBS == "worker" and bool(settings.REDIS_URL)


def results_compute_later(rows_by_document: dict[int, list[int]]) -> bool:
    """Compute and keep the documents' given rows in the worker, or else in a thread of this process, those not
    underway already. False, and nothing started, where background work runs in the request (the test suite)."""
    if _worker_shares_the_cache():
        tokens = document_tokens(rows_by_document)
        fresh = {pk: rows for pk, rows in rows_by_document.items()
                 if cache.add(f"planwatch:warming:{pk}:{tokens[pk]}", 1, QUEUED_SECONDS)}
        if fresh:
            from planwatch.registry.tasks import results_compute_task

            results_compute_task(fresh)
        return True
    if not settings.PLANWATCH_JOBS_IN_THREAD:
        return False
    with _lock:
        fresh = {pk: rows for pk, rows in rows_by_document.items() if pk not in _underway}
        _underway.update(fresh)
    if fresh:
        threading.Thread(target=_compute_in_background, args=(fresh,), name="planwatch-results", daemon=True).start()
    return True


def results_refresh_later(document_ids: Iterable[int]) -> None:
    """The tracked plans among these documents, whose rows a transaction that has just committed changed, computed
    again in the background with every row (as a planner's plan page and home read them). Where background work runs
    in the request (the test suite), or PLANWATCH_RESULTS_REFRESH is off, nothing: the next reader computes."""
    ids = set(document_ids)
    if not ids or not settings.PLANWATCH_RESULTS_REFRESH:
        return
    rows: dict[int, list[int]] = {}
    tracked = Indicator.objects.filter(document_id__in=ids, document__is_tracked=True)
    for pk, document_id in tracked.order_by(*PLAN_ORDER).values_list("pk", "document_id"):
        rows.setdefault(document_id, []).append(pk)
    if rows:
        results_compute_later(rows)


def claimed(documents: list[int], tokens: dict | None = None) -> list[int]:
    """Those of the documents this caller is the first to take under their current token (`tokens`, when the
    caller has read them), to compute: with Redis every web process shares one cache, and one request or thread
    computes a plan that several left for later."""
    tokens = document_tokens(documents) if tokens is None else tokens
    return [pk for pk in documents if cache.add(f"planwatch:computing:{pk}:{tokens[pk]}", 1, CLAIM_SECONDS)]


def compute_claimed(rows_by_document: dict[int, list[int]]) -> None:
    """Compute and keep, batch by batch, the documents no other process has claimed under their current token."""
    documents = list(rows_by_document)
    try:
        for start in range(0, len(documents), BATCH):
            mine = claimed(documents[start:start + BATCH])
            if mine:
                compute_and_keep({pk: rows_by_document[pk] for pk in mine})
    except Exception:  # background work's error reaches no one: the log says it, the next page starts again
        logger.exception("computing the results of %s plans failed", len(documents))


def _compute_in_background(rows_by_document: dict[int, list[int]]) -> None:
    lower_this_threads_priority()
    _compute(rows_by_document)


def _compute(rows_by_document: dict[int, list[int]]) -> None:
    documents = list(rows_by_document)
    try:
        compute_claimed(rows_by_document)
    finally:
        with _lock:
            _underway.difference_update(documents)
        connection.close()
