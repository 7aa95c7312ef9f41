"""Time the 2024 plan's report (appendices 01b and 02) in each format.

    python benchmarks/bench_reports.py [--repeat N] [--period 2024] [--keep DIR]

Loads the Hanoi data into a fresh SQLite database in a temporary folder (or uses DATABASE_URL when it is set, loading
the data there idempotently), then for each format times, N times, the whole export as the plan page's button runs
it: reading the register for the planning department's scope, computing with the engine, laying out both appendices
and writing the file. Prints the median and the minimum per format, and the share spent before the writer.
With --keep DIR the files of the last run are written there.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PLAN = "kh-ubnd-2024-chi-tieu-dai-hoi-xvii"


def setup_database() -> str:
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="planwatch-bench-")
        os.environ["PLANWATCH_VAR_DIR"] = folder
        where = f"SQLite in {folder}"
    else:
        where = "DATABASE_URL"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    # A benchmark signs nothing; settings refuse the public demo key outside the tests (issue 13).
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    from django.core.management import call_command

    from planwatch.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo()
    return where


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--period", default="2024")
    parser.add_argument("--keep", type=Path, help="write the files of the last run into this folder")
    args = parser.parse_args()

    where = setup_database()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from planwatch.registry.models import Document
    from planwatch.reports.selectors import Administrator, document_report
    from planwatch.reports.writers import render

    document = Document.objects.get(slug=PLAN)
    user = Administrator()
    print(f"database: {where}")
    print(f"plan: {PLAN}, period {args.period}: {document.indicators.count()} indicators, "
          f"{document.tasks.count()} tasks; runs: {args.repeat} per format")

    for fmt, appendix in [("xlsx", "all"), ("docx", "all"), ("pdf", "all"), ("csv", "tasks")]:
        render(document_report(user=user, document=document, period=args.period, appendix=appendix), fmt)  # warm-up
        totals, builds = [], []
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                report = document_report(user=user, document=document, period=args.period, appendix=appendix)
                t1 = time.perf_counter()
                rendered = render(report, fmt)
                t2 = time.perf_counter()
            totals.append(t2 - t0)
            builds.append(t1 - t0)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / rendered.filename).write_bytes(rendered.content)
        median = statistics.median(totals)
        print(f"{fmt:5} ({appendix:5}): median {median * 1e3:7.1f} ms, min {min(totals) * 1e3:7.1f} ms; "
              f"register + engine + layout {statistics.median(builds) * 1e3:6.1f} ms; "
              f"{len(rendered.content) / 1024:6.1f} KiB; {len(queries.captured_queries)} queries")


if __name__ == "__main__":
    main()
