"""A read replica for the portal and the API (operations/replica.py): which requests read it, and which never do.

The replica here is a second connection to the test database (settings: a mirror under pytest), so each test sees
which connection ran which query. It reads what the suite committed (the Hanoi demo); what a test
writes stays in its own transaction on the primary.
"""

import json
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from planwatch.api.services import api_token_create
from planwatch.operations.replica import REPLICA_ALIAS, ReplicaRouter, replica_reads
from planwatch.registry.models import Task
from tests.test_deploy_settings import clean_env

pytestmark = pytest.mark.django_db(databases=["default", REPLICA_ALIAS])
ROUTER = "planwatch.operations.replica.ReplicaRouter"
MIDDLEWARE = "planwatch.operations.replica.ReplicaMiddleware"


@pytest.fixture(scope="module", autouse=True)
def _replica_closed_after_these_tests():
    # Django's teardown opens the mirror's connection too; left open, PostgreSQL would not drop the test database.
    yield
    connections[REPLICA_ALIAS].close()


@pytest.fixture
def replica(db, settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE, *settings.MIDDLEWARE[1:]]
    replica = connections[REPLICA_ALIAS]
    if replica.vendor == "sqlite":
        # SQLite's shared in-memory database locks a table a transaction wrote for every other connection; reading
        # through those locks, the stand-in sees the primary's rows as a replica sees them once they are committed.
        with replica.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")
    return replica


def tables_read(queries) -> set[str]:
    return {word.strip('"').split(".")[0] for q in queries.captured_queries for word in q["sql"].split()
            if word.strip('"').startswith(("registry_", "portal_", "reporting_", "api_", "django_session"))}


def read(client_get, path):
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections[REPLICA_ALIAS]) as copy_:
        response = client_get(path)
    return response, tables_read(primary), tables_read(copy_)


def test_a_portal_page_reads_the_register_from_the_replica(replica, plan_2024):
    response, primary, copy_ = read(Client().get, f"/cong-khai/van-ban/{plan_2024.pk}/")
    assert response.status_code == 200 and plan_2024.title in response.content.decode()
    assert "registry_document" in copy_ and "portal_publication" in copy_
    assert not {table for table in primary if table.startswith(("registry_", "portal_"))}


def test_the_api_checks_its_token_on_the_primary_and_reads_the_register_from_the_replica(replica, client, officer):
    secret = api_token_create(user=officer, name="replica", actor=officer).secret
    response, primary, copy_ = read(
        lambda path: client.get(path, headers={"Authorization": f"Bearer {secret}"}), "/api/v1/tasks/")
    assert response.status_code == 200
    assert response.json()
    assert "registry_task" in copy_
    assert "api_apitoken" in primary and "api_apitoken" not in copy_


def test_signed_in_pages_read_the_primary(replica, client, reviewer, plan_2024):
    client.force_login(reviewer)
    response, primary, copy_ = read(client.get, f"/van-ban/{plan_2024.slug}/")
    assert response.status_code == 200
    assert "registry_document" in primary and copy_ == set()


def test_who_has_just_written_reads_the_primary_and_others_still_the_replica(replica, client, reviewer, plan_183):
    client.force_login(reviewer)
    assert read(client.get, "/cong-khai/")[2]  # before writing, the portal's reads go to the replica
    response = client.post(f"/cong-khai/quan-ly/{plan_183.pk}/thoi-cong-bo/")
    assert response.status_code == 302
    response, primary, copy_ = read(client.get, "/cong-khai/")
    assert plan_183.title not in response.content.decode()  # what they unpublished is gone for them at once
    assert "portal_publication" in primary and copy_ == set()


def test_an_unreachable_replica_leaves_the_reads_to_the_primary(replica, plan_2024, caplog):
    # The alias points nowhere: a folder that does not exist for SQLite, a port nothing listens on for PostgreSQL.
    nowhere = {"NAME": "/nonexistent/replica.sqlite3"} if replica.vendor == "sqlite" else {"PORT": "1"}
    connections[REPLICA_ALIAS] = type(replica)({**replica.settings_dict, **nowhere}, REPLICA_ALIAS)
    try:
        with CaptureQueriesContext(connections["default"]) as primary:
            first = Client().get(f"/cong-khai/van-ban/{plan_2024.pk}/")
            second = Client().get("/cong-khai/")
    finally:
        connections[REPLICA_ALIAS] = replica
    assert first.status_code == 200 and plan_2024.title in first.content.decode()
    assert second.status_code == 200
    assert "registry_document" in tables_read(primary)
    # Tried once, then left alone for PLANWATCH_REPLICA_RETRY_SECONDS.
    assert caplog.text.count("read replica unreachable") == 1


def test_only_a_marked_request_reads_the_replica_and_never_its_sessions():
    router = ReplicaRouter()
    assert router.db_for_read(Task) is None
    with replica_reads():
        assert router.db_for_read(Task) == REPLICA_ALIAS
        assert router.db_for_read(Session) is None


def test_a_transaction_of_our_own_keeps_reads_on_the_primary():
    from django.db import transaction

    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Task) == REPLICA_ALIAS  # the test case's own transaction does not count
        with transaction.atomic():
            assert router.db_for_read(Task) is None
    assert router.db_for_write(Task) == "default"


def test_database_replica_url_adds_the_alias_the_router_and_the_middleware(tmp_path):
    dump = ("import json, django; from django.conf import settings as s; django.setup(); print(json.dumps({"
            "'aliases': sorted(s.DATABASES), 'replica': s.DATABASES.get('replica', {}).get('NAME'), "
            "'mirror': s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'), "
            "'routers': getattr(s, 'DATABASE_ROUTERS', []), 'middleware': s.MIDDLEWARE}))")

    def settings_with(**extra):
        env = clean_env(tmp_path, DEBUG="1", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="planwatch.settings", **extra)
        result = subprocess.run([sys.executable, "-c", dump], env=env, cwd=tmp_path, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    off = settings_with()
    assert off["aliases"] == ["default"] and off["routers"] == [] and MIDDLEWARE not in off["middleware"]
    on = settings_with(DATABASE_URL="postgres://planwatch@db1/planwatch",
                       DATABASE_REPLICA_URL="postgres://planwatch@db2/planwatch")
    assert on["aliases"] == ["default", "replica"] and on["replica"] == "planwatch" and on["mirror"] == "default"
    assert on["routers"] == [ROUTER]
    assert on["middleware"].index(MIDDLEWARE) < on["middleware"].index(
        "django.contrib.sessions.middleware.SessionMiddleware")
