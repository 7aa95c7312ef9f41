"""Reads of the public portal and the API sent to a PostgreSQL read replica (issue 14, docs/scaling.md).

Off unless `DATABASE_REPLICA_URL` names a replica: settings then add the alias `replica`, this router and this
middleware. Django's routers choose by model, not by request, so the middleware marks the requests whose reads may
go there and the router reads the mark:

- safe requests (GET, HEAD, OPTIONS) under `PLANWATCH_REPLICA_PATHS` (the portal and the API by default);
- not by a client that wrote within `PLANWATCH_REPLICA_STICKY_SECONDS`: a replica lags a little, and who has just
  published a plan or sent a value must see it on the next page. A client is its session cookie or its API token,
  remembered in the cache, which every web host shares through Redis;
- never the tables whose rows a request needs at once after they were written elsewhere: sessions, sign-in
  records and lockouts, API tokens and their use, jobs;
- never inside a transaction of the primary: what a service reads before it writes comes from the rows it locks;
- never while the replica cannot be reached: the primary serves, and the replica is tried again a little later.

Writes always go to the primary. The kept results are keyed by the register's token, read through the same alias as
the rows they are computed from (registry/results.py), so a lagging replica gives the figures of an older token,
never new figures under an old token or old ones under a new token.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA_ALIAS = "replica"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Read on the primary whatever the request: each is written by one request and read by the next at once.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "api", "jobs"})

_DOWN_KEY = "planwatch:replica-down"
_reads_from_replica: ContextVar[bool] = ContextVar("planwatch_reads_from_replica", default=False)


def _written_key(credential: str | None) -> str | None:
    """Where the cache remembers that a client wrote: its API token or session cookie, hashed."""
    if not credential:
        return None
    return "planwatch:wrote-recently:" + hashlib.sha256(credential.encode()).hexdigest()


def _request_key(request) -> str | None:
    return _written_key(request.headers.get("Authorization") or request.COOKIES.get(settings.SESSION_COOKIE_NAME))


def _response_key(response) -> str | None:
    morsel = response.cookies.get(settings.SESSION_COOKIE_NAME)
    return _written_key(morsel.value if morsel is not None else None)


def replica_allowed(request) -> bool:
    """May this request's reads go to the replica? See the module's list."""
    if request.method not in SAFE_METHODS:
        return False
    if not any(request.path.startswith(prefix) for prefix in settings.PLANWATCH_REPLICA_PATHS):
        return False
    key = _request_key(request)
    # The client's stickiness and the replica's state in one round trip to the cache (Redis in production).
    known = cache.get_many([_DOWN_KEY] if key is None else [key, _DOWN_KEY])
    if key is not None and known.get(key):
        return False
    return not known.get(_DOWN_KEY) and _replica_connects()


def _replica_connects() -> bool:
    """Can the replica be reached? A replica that is down (stopped, restarting, out of the network) must not take
    the portal and the API down with it: their reads go to the primary, and the replica is tried again after
    PLANWATCH_REPLICA_RETRY_SECONDS, by every web host (the cache is shared: replica_allowed reads it)."""
    try:
        connections[REPLICA_ALIAS].ensure_connection()
    except DatabaseError as exc:
        logger.warning("read replica unreachable, reading the primary for %s s: %s",
                       settings.PLANWATCH_REPLICA_RETRY_SECONDS, exc)
        cache.set(_DOWN_KEY, True, settings.PLANWATCH_REPLICA_RETRY_SECONDS)
        return False
    return True


@contextmanager
def replica_reads(allowed: bool = True):
    """Within it, the router may send reads to the replica (when one is configured)."""
    marked = _reads_from_replica.set(allowed)
    try:
        yield
    finally:
        _reads_from_replica.reset(marked)


class ReplicaMiddleware:
    """Marks the requests whose reads the router may send to the replica, and remembers who has just written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with replica_reads(replica_allowed(request)):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            # After the view: a sign-in answers with the session it created, and that cookie is who reads next.
            for key in {_request_key(request), _response_key(response)} - {None}:
                cache.set(key, True, settings.PLANWATCH_REPLICA_STICKY_SECONDS)
        return response


def _in_transaction(connection) -> bool:
    """In a transaction of our own: a test case's wrapping transaction (Django marks it) does not count, or no test
    could read the replica."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class ReplicaRouter:
    """Reads of a marked request to the replica; everything else to the primary (None: Django's default)."""

    def db_for_read(self, model, **hints):
        if not _reads_from_replica.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if _in_transaction(connections[DEFAULT_DB_ALIAS]):
            return None
        return REPLICA_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database and its copy: a row read from either may be tied to a row of the other

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by replication
