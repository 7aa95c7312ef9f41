"""What Python's garbage collector costs a server process, with and without the warm-up of operations/warmup.py.

    python benchmarks/collector_check.py --database-url postgres://postgres@127.0.0.1:5432/planwatch_small_bench \\
        [--requests 400] [--rounds 2]

On a register made by scale_generate.py. Each measurement is a fresh process that imports planwatch.wsgi as
gunicorn does, with PLANWATCH_GC_FREEZE=1 ("frozen") or 0 ("as Django"), then serves --requests pages in turn
through the whole middleware stack (Django's test client): the plan pages of the first 20 plans, an officer's report,
the reviewer's home and the round page. Printed per process: the CPU time per request (mean and p95), the time the
collector ran per request (through gc.callbacks), its longest single pass and how many full passes it made. The
two kinds of process take turns --rounds times, so that a slower minute of the machine falls on both.
Reads only (the pages keep what they compute in the process's own cache).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import _paths  # noqa: F401  (src/ on the path)
import scale_generate as gen
from scale_load import percentile

MODES = {"frozen": "1", "as Django": "0"}


def child(requests: int) -> dict:
    import gc

    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # Django's test client, over plain http
    os.environ.setdefault("PLANWATCH_HTTPS", "0")
    os.environ["DEBUG"] = "0"
    os.environ["PLANWATCH_JOBS_IN_THREAD"] = "0"  # no background computation beside the timed requests
    os.environ.pop("REDIS_URL", None)  # the process's own cache, as one box without Redis runs
    gen.setup_django(os.environ["DATABASE_URL"])
    started = time.perf_counter()
    import planwatch.wsgi  # noqa: F401 -- what gunicorn imports: the warm-up runs here when on
    start_ms = (time.perf_counter() - started) * 1000
    from django.contrib.auth import get_user_model
    from django.test import Client

    from planwatch.registry.models import Document
    from planwatch.reporting.models import Report, Round

    User = get_user_model()
    reviewer, officer = Client(), Client()
    reviewer.force_login(User.objects.get(username=gen.REVIEWER[0]))
    officer_user = User.objects.filter(username__startswith=gen.OFFICER_PREFIX).select_related("membership") \
        .order_by("username").first()
    officer.force_login(officer_user)
    current = Round.objects.filter(status=Round.Status.OPEN).order_by("-id").first()
    report = Report.objects.get(round=current, agency_id=officer_user.membership.agency_id)
    slugs = list(Document.objects.filter(is_tracked=True).order_by("slug").values_list("slug", flat=True)[:20])
    pages = [(reviewer, f"/van-ban/{slug}/") for slug in slugs]
    pages += [(officer, f"/bao-cao/{report.pk}/"), (reviewer, "/"), (reviewer, f"/bao-cao/dot/{current.pk}/")]

    passes: list[tuple[int, float]] = []
    began: list[float] = []

    def watch(phase, info):
        if phase == "start":
            began.append(time.perf_counter())
        elif began:
            passes.append((info["generation"], time.perf_counter() - began.pop()))

    gc.callbacks.append(watch)
    cpu = []
    for k in range(requests):
        client, path = pages[k % len(pages)]
        before = time.process_time()
        response = client.get(path)
        cpu.append(time.process_time() - before)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    gc.callbacks.remove(watch)
    # The first turn of the pages loads what the warm-up would have (templates, URL patterns): shown apart.
    first_turn = max(cpu[:len(pages)]) * 1000
    cpu_ms = sorted(c * 1000 for c in cpu[len(pages):])
    return {
        "start_ms": round(start_ms), "frozen_objects": gc.get_freeze_count(), "requests": requests,
        "first_turn_max_ms": round(first_turn, 1),
        "cpu_mean_ms": round(statistics.fmean(cpu_ms), 1), "cpu_p95_ms": round(percentile(cpu_ms, 0.95), 1),
        "cpu_max_ms": round(cpu_ms[-1], 1),
        "gc_ms_per_request": round(sum(t for _g, t in passes) * 1000 / requests, 2),
        "gc_longest_ms": round(max((t for _g, t in passes), default=0) * 1000, 1),
        "full_passes": sum(1 for g, _t in passes if g == 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url (or DATABASE_URL) names the register")
    if args.child:
        os.environ["DATABASE_URL"] = args.database_url
        print(json.dumps(child(args.requests)))
        return 0
    print(f"{args.requests} requests per process, {args.rounds} round(s); register {args.database_url.rsplit('/', 1)[-1]}")
    print("CPU per request, its p95 and max: after the first turn of the pages (whose slowest is 'first')")
    print(f"{'process':10} {'start':>8} {'frozen':>8} {'first':>9} {'CPU/req':>8} {'p95':>7} {'max':>7} "
          f"{'GC/req':>7} {'longest':>8} {'full':>5}")
    found: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for _round in range(args.rounds):
        for mode, flag in MODES.items():
            result = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", "--database-url", args.database_url,
                 "--requests", str(args.requests)],
                env={**os.environ, "PLANWATCH_GC_FREEZE": flag}, capture_output=True, text=True,
            )
            if result.returncode != 0:
                print(result.stderr[-3000:], file=sys.stderr)
                return 1
            row = json.loads(result.stdout.strip().splitlines()[-1])
            found[mode].append(row)
            print(f"{mode:10} {row['start_ms']:>6} ms {row['frozen_objects']:>8} {row['first_turn_max_ms']:>6} ms "
                  f"{row['cpu_mean_ms']:>5} ms "
                  f"{row['cpu_p95_ms']:>4} ms {row['cpu_max_ms']:>4} ms {row['gc_ms_per_request']:>4} ms "
                  f"{row['gc_longest_ms']:>5} ms {row['full_passes']:>5}", flush=True)
    for mode, rows in found.items():
        print(f"{mode}: CPU per request {statistics.median(r['cpu_mean_ms'] for r in rows):.1f} ms (median of the "
              f"processes' means), collector {statistics.median(r['gc_ms_per_request'] for r in rows):.2f} ms per "
              f"request, its longest pass {max(r['gc_longest_ms'] for r in rows)} ms; the first turn's slowest page "
              f"{statistics.median(r['first_turn_max_ms'] for r in rows):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
