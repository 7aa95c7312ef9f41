"""The plans a page over the whole register left for later, computed away from its request (issue 14).

The planning department's home computes at most a few plans whose results are not kept (after a restart, or
after changes to many plans); the others are computed here, in a thread of the same process, so that the results
land in the cache that process reads (or in Redis, shared). One thread per process at a time per plan: a plan
already being computed is not started again.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection

from planwatch.registry.computing import compute_and_keep

logger = logging.getLogger(__name__)

BATCH = 10  # plans read and computed together: about 500 rows and their values

_lock = threading.Lock()
_underway: set[int] = set()


def results_compute_later(rows_by_document: dict[int, list[int]]) -> bool:
    """Compute and keep the documents' given rows in a thread of this process, those not underway already. False,
    and nothing started, where background work does not run in threads (the test suite runs it in the request)."""
    if not settings.PLANWATCH_JOBS_IN_THREAD:
        return False
    with _lock:
        fresh = {pk: rows for pk, rows in rows_by_document.items() if pk not in _underway}
        _underway.update(fresh)
    if fresh:
        threading.Thread(target=_compute, args=(fresh,), name="planwatch-results", daemon=True).start()
    return True


def _compute(rows_by_document: dict[int, list[int]]) -> None:
    documents = list(rows_by_document)
    try:
        for start in range(0, len(documents), BATCH):
            compute_and_keep({pk: rows_by_document[pk] for pk in documents[start:start + BATCH]})
    except Exception:  # a thread's error reaches no one: the log says it, the next page starts again
        logger.exception("computing the results of %s plans failed", len(documents))
    finally:
        with _lock:
            _underway.difference_update(documents)
        connection.close()
