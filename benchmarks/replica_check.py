"""The read replica (docs/scaling.md) against a replica that refuses every write: which requests read where.

    python benchmarks/replica_check.py --database-url postgres://postgres@127.0.0.1:5432/planwatch_bench \
        --replica-url postgres://planwatch_ro@127.0.0.1:5432/planwatch_bench

A hot standby refuses writes; a role whose transactions are read-only does the same on one server:

    CREATE ROLE planwatch_ro LOGIN; GRANT USAGE ON SCHEMA public TO planwatch_ro;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO planwatch_ro;
    ALTER ROLE planwatch_ro SET default_transaction_read_only = on;

On a register made by scale_generate.py, through the whole middleware stack in this process: the portal's pages and
file and three API lists (an officer's fresh token), a signed-in plan page, then a planner unpublishing a plan and
opening the portal, then an anonymous visitor. Prints each request's status and its queries on each database; exits 1
if a request failed or read where it should not. It publishes the first tracked plan (if it is not) and leaves it
published, and creates one API token: a database whose name holds "bench" only.
"""

from __future__ import annotations

import argparse
import os
import sys

import _paths  # noqa: F401  (src/ on the path)
import scale_generate as gen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--replica-url", required=True)
    args = parser.parse_args(argv)
    if "bench" not in args.database_url.rsplit("/", 1)[-1]:
        print("Refused: the database is not named *bench*; this script publishes a plan and creates a token.")
        return 2
    os.environ.update({"DATABASE_REPLICA_URL": args.replica_url, "PLANWATCH_JOBS_IN_THREAD": "0"})
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # Django's test client, over plain http
    os.environ.setdefault("PLANWATCH_HTTPS", "0")
    gen.setup_django(args.database_url)
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from planwatch.api.services import api_token_create
    from planwatch.portal.models import Publication
    from planwatch.portal.services import document_publish
    from planwatch.registry.models import Document

    try:
        connections["replica"].ensure_connection()
    except DatabaseError as exc:
        print(f"The replica cannot be reached ({exc}): the site would read the primary; nothing to check here.")
        return 2
    users = get_user_model().objects
    reviewer = users.get(username=gen.REVIEWER[0])
    officer = users.filter(username__startswith=gen.OFFICER_PREFIX).order_by("username").first()
    plan = Document.objects.filter(is_tracked=True).order_by("pk").first()
    if not Publication.objects.filter(document=plan).exists():
        document_publish(document=plan, user=reviewer, note="replica_check.py")
    secret = api_token_create(user=officer, name="replica_check.py", actor=officer).secret
    problems = []

    def get(client, path, where, **headers):
        with CaptureQueriesContext(connections["default"]) as primary, \
                CaptureQueriesContext(connections["replica"]) as replica:
            response = client.get(path, headers=headers)
        on_primary, on_replica = len(primary.captured_queries), len(replica.captured_queries)
        print(f"  {response.status_code} {path}: primary {on_primary} queries, replica {on_replica}")
        if response.status_code != 200 or (where == "replica" and not on_replica) or (where == "primary" and on_replica):
            problems.append(path)

    print("anonymous visitor, the portal (reads: the replica)")
    visitor = Client()
    for path in ("/cong-khai/", f"/cong-khai/van-ban/{plan.pk}/", f"/cong-khai/van-ban/{plan.pk}/du-lieu.csv"):
        get(visitor, path, "replica")
    print("an officer's API token (the token on the primary, the rest on the replica)")
    for path in ("/api/v1/tasks/", "/api/v1/documents/", "/api/v1/indicators/"):
        get(Client(), path, "replica", Authorization=f"Bearer {secret}")
    print("the planning department signed in (the primary)")
    planner = Client()
    planner.force_login(reviewer)
    get(planner, f"/van-ban/{plan.slug}/", "primary")
    unpublished = planner.post(f"/cong-khai/quan-ly/{plan.pk}/thoi-cong-bo/")
    print(f"  {unpublished.status_code} unpublished {plan.slug}; then the portal, by the planner and by a visitor")
    get(planner, "/cong-khai/", "primary")
    get(visitor, "/cong-khai/", "replica")
    document_publish(document=plan, user=reviewer, note="replica_check.py")
    print("ok" if not problems else f"read where they should not, or failed: {', '.join(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
