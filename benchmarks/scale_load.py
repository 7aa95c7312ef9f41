"""Load a generated register through gunicorn on loopback and measure what issue 14 asks (docs/scaling.md).

    python benchmarks/scale_load.py --database-url postgres://postgres@127.0.0.1:5432/planwatch_bench \\
        [--viewers 50] [--think 1-5] [--page-requests 200] [--rush-agencies 50] [--workers 4] [--only pages,rush,...]
        [--json FILE]
    python benchmarks/scale_load.py --temp-sqlite --plans 1 --viewers 2 ...   # generate a throwaway register first

The database must be one scale_generate.py built (its name contains "bench"). The script:

1. starts gunicorn (the project's production server, as docs/operations.md starts it) on 127.0.0.1 at a free port,
   against that database, importing the planwatch of this checkout (PYTHONPATH), and signs in the generated
   accounts through the login form (the reviewer several times, each officer and head once);
2. viewers: for each page (home as the reviewer and as an officer, a plan, an indicator, a task, the current round,
   an officer's report, the scorecards), --page-requests requests from --viewers threads at once, each thread
   with its own connection, random targets, and a person's reading time (--think seconds, drawn before each
   request; 0 sends them back to back, which measures what the box can serve); p50, p95 and the slowest. A page
   whose second request alone takes
   longer than --skip-slower-than seconds is not loaded concurrently (the queue would only multiply that time);
3. the deadline rush: --rush-agencies officers at once open their report, save a value in every line, their head
   approves, the officer submits (redirects followed, as a browser does); submissions per second, request and
   whole-submission p95, and the values lost: posted values not found in the report afterwards, plus reports not
   in the submitted state. Before the rush each of these reports is brought back to an editable state with the
   reporting services (returned by the reviewer, or approval withdrawn), so the script can be run again. Where
   the CPU went meanwhile (this script's clients, gunicorn, the queue worker, PostgreSQL, Redis, read from /proc)
   and what the server's share allows per second. With --rush-readers N, N people read plan pages (one of the
   first --rush-reader-plans plans, each opened once before) throughout the rush: their p50 and p95;
4. single requests, one at a time: the round's CSV export, a plan's PDF and XLSX, the 200-indicator plan's PDF;
5. after gunicorn is stopped, in this process, with every plan's results computed first and no background thread:
   each page's time against the raw time of its own SQL (the queries captured with CaptureQueriesContext while
   Django's test client renders the page, replayed with the cursor and fetched, in a transaction rolled back),
   opening a round for every plan (round_open, rolled back), the recompute of every plan's results and of one
   plan after one value changed, and, where the register has roll-ups (scale_generate.py --rollups or
   --add-rollups; --temp-sqlite generates them), every roll-up with nothing kept and again, the one roll-up a
   changed contributor value feeds (a roll-up is computed when read: this is its incremental update), the
   page of an indicator fed by the most contributors against its SQL, and one submission's requests (the rush's
   eight, through Django's test client, each submission rolled back) timed one by one: what each request of a
   submission costs alone, where a rush mixes them.

Bounded: every phase has a request count and a deadline (--phase-seconds), every request a timeout, the whole run
--time-limit; loopback only. No new dependency: threads and http.client. The machine running the load also runs
the server and the database: figures from a shared 2-core machine are noisy, read them as orders of magnitude.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_generate as gen  # noqa: E402  the accounts, prefixes and the database guard

HOST = "127.0.0.1"
# Issue 14's goals, printed beside the figures.
GOALS = {"page_p95_ms": 500, "plan_ratio": 3.0, "rush_per_s": 20, "rush_p95_ms": 1000, "max_ms": 2000,
         "pdf200_ms": 1000}


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(share * len(ordered))))
    return ordered[rank - 1]


# HTTP -------------------------------------------------------------------------------------------------------------


class Browser:
    """One signed-in person: a cookie jar and a fresh loopback connection per request (gunicorn's sync workers
    close every connection anyway)."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def request(self, method: str, path: str, form: dict | list | None = None, *, follow: bool = False):
        """(status, body, seconds, location); with follow, a redirect is fetched too and both times are returned
        as a list of (path, seconds)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        with self.lock:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Host": HOST, "Accept-Language": "vi", "Cookie": cookie}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            with self.lock:
                for name, morsel in jar.items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        location = response.headers.get("Location", "")
        timings = [(path, seconds)]
        if follow and response.status in (301, 302, 303) and location:
            target = urlsplit(location)
            again = target.path + (f"?{target.query}" if target.query else "")
            status, data, _seconds, _location, more = self.request("GET", again)
            timings += more
            return status, data, seconds, location, timings
        return response.status, data, seconds, location, timings

    def get(self, path: str):
        status, data, seconds, _location, _timings = self.request("GET", path)
        return status, data, seconds

    def csrf(self) -> str:
        # Django takes the cookie's secret as the form's token as well.
        return self.cookies.get("csrftoken", "")

    def login(self, username: str, password: str) -> None:
        status, page, _seconds = self.get("/dang-nhap/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not found:
            raise RuntimeError(f"login page answered {status}")
        status, _body, _seconds, location, _t = self.request("POST", "/dang-nhap/", {
            "csrfmiddlewaretoken": found.group(1).decode(), "username": username, "password": password,
        })
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not sign in (status {status})")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn started by this script, stopped by its own process id."""

    def __init__(self, url: str, workers: int, log: Path, redis: str = "", queue_worker: bool = False):
        self.port = free_port()
        self.worker = None
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        command += ["planwatch.wsgi:application", "--workers", str(workers), "--bind", f"{HOST}:{self.port}",
                    "--timeout", "120", "--error-logfile", str(log), "--log-level", "warning"]
        env = dict(os.environ)
        env.pop("REDIS_URL", None)  # in-process jobs and per-process cache: one box, as measured in docs/scaling.md
        env.pop("PLANWATCH_RESULTS_REFRESH", None)  # off in this process (scale_generate.py), as deployed there
        if redis:  # --redis: the kept results shared by the workers in Redis, the jobs still in-process
            env.update({"REDIS_URL": redis, "PLANWATCH_JOBS": "worker" if queue_worker else "in-process"})
        env.update({
            "DATABASE_URL": url, "DEBUG": "0", "PLANWATCH_HTTPS": "0", "ALLOWED_HOSTS": HOST,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            # The hourly jobs would chase 10 000 reports in the middle of a measurement.
            "PLANWATCH_IN_PROCESS_SCHEDULER": "0",
            "DB_CONN_MAX_AGE": "60",  # docs/operations.md: reuse connections under gunicorn
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "PLANWATCH_VAR_DIR": os.environ["PLANWATCH_VAR_DIR"],
        })
        self.log = log
        self.process = subprocess.Popen(command, env=env, cwd=str(ROOT), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        if queue_worker:  # --worker: production's split, jobs and the results' warm-up in `planwatch worker`
            self.worker = subprocess.Popen(
                [sys.executable, "-m", "django", "worker", "--workers", "2"],
                env={**env, "DJANGO_SETTINGS_MODULE": "planwatch.settings"}, cwd=str(ROOT),
                stdout=subprocess.DEVNULL, stderr=log.with_name("scale-load-worker.log").open("w"),
                start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start: {log.read_text(errors='replace')[-2000:]}")
            try:
                status, _body, _seconds = Browser(self.port, 5).get("/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 90 s")

    def stop(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(30)
            except subprocess.TimeoutExpired:
                self.worker.kill()
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM to the master we started; it stops its own workers
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


# Where the CPU goes -----------------------------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu() -> list[tuple[int, str, int, float]]:
    """(pid, command, session, CPU seconds) of every process /proc shows; empty where there is no /proc."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat") if Path("/proc/self/stat").exists() else []:
        try:
            text = entry.read_text()
        except OSError:  # the process ended meanwhile
            continue
        command = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        # After the command: state, ppid, pgrp, session, ..., utime and stime at the 12th and 13th.
        found.append((int(entry.parent.name), command, int(fields[3]), (int(fields[11]) + int(fields[12])) / TICKS))
    return found


def cpu_by_part(server: Server) -> dict[str, float]:
    """CPU seconds used so far by each part of the box under load: this script (the clients), gunicorn (the master
    and its workers: their session), the queue worker, PostgreSQL and Redis (every process of theirs). Differences
    of two readings say where a phase's CPU went; a process that ended between them is not counted."""
    times = os.times()
    parts = {"clients (this script)": times.user + times.system, "gunicorn": 0.0, "queue worker": 0.0,
             "postgresql": 0.0, "redis": 0.0}
    worker_session = server.worker.pid if server.worker is not None else None
    for pid, command, session, seconds in _proc_cpu():
        if session == server.process.pid:
            parts["gunicorn"] += seconds
        elif worker_session is not None and session == worker_session:
            parts["queue worker"] += seconds
        elif command.startswith("postgres"):
            parts["postgresql"] += seconds
        elif command.startswith("redis"):
            parts["redis"] += seconds
    return parts


def cpu_spent(before: dict[str, float], after: dict[str, float], submissions: int, wall: float) -> dict:
    """What a phase's CPU was, in all and per submission, and what the server's part of it allows: a box whose
    cores served the submissions alone (no clients on them) would carry cores / server CPU per submission."""
    spent = {part: round(after[part] - before[part], 2) for part in before}
    server = sum(seconds for part, seconds in spent.items() if not part.startswith("clients"))
    cores = os.cpu_count() or 1
    return {
        "cpu_s": spent, "cores": cores, "wall_s": round(wall, 2),
        "busy_share": round(sum(spent.values()) / (wall * cores), 2) if wall else None,
        "server_ms_per_submission": round(server * 1000 / submissions, 1) if submissions else None,
        "client_ms_per_submission": round(spent["clients (this script)"] * 1000 / submissions, 1) if submissions else None,
        "server_bound_per_s": round(cores * submissions / server, 1) if server else None,
    }


# Phases -----------------------------------------------------------------------------------------------------------


@dataclass
class PhaseResult:
    name: str
    times: list[float] = field(default_factory=list)
    errors: int = 0
    planned: int = 0
    wall: float = 0.0
    alone: float = float("nan")
    skipped: str = ""

    def row(self) -> dict:
        return {
            "page": self.name, "requests": len(self.times), "planned": self.planned, "errors": self.errors,
            "alone_ms": None if math.isnan(self.alone) else round(self.alone * 1000),
            "p50_ms": round(percentile(self.times, 0.5) * 1000) if self.times else None,
            "p95_ms": round(percentile(self.times, 0.95) * 1000) if self.times else None,
            "max_ms": round(max(self.times) * 1000) if self.times else None,
            "per_s": round(len(self.times) / self.wall, 1) if self.wall else None, "skipped": self.skipped,
        }


def run_concurrently(count: int, threads: int, seconds: float, work) -> tuple[list, float]:
    """work(k) for k in range(count) from `threads` threads, no new one started after `seconds`; (results, wall)."""
    lock = threading.Lock()
    issued = [0]
    results = []
    deadline = time.monotonic() + seconds
    start_line = threading.Barrier(threads)

    def worker():
        start_line.wait()
        while True:
            with lock:
                if issued[0] >= count or time.monotonic() > deadline:
                    return
                k = issued[0]
                issued[0] += 1
            outcome = work(k)
            with lock:
                results.append(outcome)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results, time.perf_counter() - started


def page_phase(name: str, target, *, requests: int, viewers: int, seconds: float, skip_over: float,
               think: tuple[float, float]) -> PhaseResult:
    """target(k) -> (browser, path)."""
    result = PhaseResult(name, planned=requests)
    # The first request fills the worker's cache and connection; the second is the page alone. A page too slow or
    # failing alone is not loaded concurrently: the queue would only multiply its time.
    for k in range(2):
        browser, path = target(k)
        try:
            status, _body, elapsed = browser.get(path)
        except OSError as error:
            status, elapsed = type(error).__name__, float("nan")
        result.alone = elapsed
        if status != 200:
            result.skipped = f"alone: {path} answered {status} after {elapsed:.1f} s"
            return result
        if elapsed > skip_over:
            result.skipped = f"alone {elapsed:.1f} s > {skip_over:g} s: not loaded by {viewers} viewers"
            return result

    def work(k):
        browser, path = target(k)
        if think[1] > 0:  # a person reads before the next click; spread over the phase, not all at one instant
            time.sleep(random.Random(k).uniform(*think))
        try:
            status, _body, elapsed = browser.get(path)
        except OSError:
            return None, False
        return elapsed, status == 200

    outcomes, result.wall = run_concurrently(requests, viewers, seconds, work)
    for elapsed, ok in outcomes:
        if elapsed is None or not ok:
            result.errors += 1
        if elapsed is not None:
            result.times.append(elapsed)
    return result


@dataclass
class Agent:
    officer: Browser
    head: Browser
    report_id: int
    agency: str


def value_text(rng: random.Random) -> str:
    # Below 1 000 with one decimal: no thousands dot, so the form reads it without a notice.
    return f"{rng.randint(1, 999)},{rng.randint(0, 9)}"


def version_in(page: bytes) -> str:
    """The report version a page's form carries ("" where it has none)."""
    found = re.search(rb'name="version" value="(\d+)"', page)
    return found.group(1).decode() if found else ""


def filled_report_form(page: bytes, rng: random.Random) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """What an agency posts to save every line of its report page: the form's fields, and the values posted per
    indicator field (to look for afterwards)."""
    form = [("version", version_in(page))]
    values = {}
    for key in dict.fromkeys(re.findall(rb'name="(i\d+)-value"', page)):
        key = key.decode()
        values[key] = value_text(rng)
        form += [(f"{key}-kind", "estimate"), (f"{key}-value", values[key])]
    for key in dict.fromkeys(re.findall(rb'name="(t\d+)-percent"', page)):
        key = key.decode()
        form += [(f"{key}-status", "on_schedule"), (f"{key}-percent", "70"), (f"{key}-done_text", "Đang triển khai.")]
    for key in dict.fromkeys(re.findall(rb'name="(t\d+)-contribution"', page)):
        form.append((f"{key.decode()}-contribution", "Đã phối hợp cung cấp số liệu."))
    return form, values


def read_while(stop: threading.Event, readers: list[tuple[Browser, list[str]]], seed: int) -> tuple[list, list]:
    """Threads, one per (browser, paths), each opening one of its paths, then reading 1-2 s, until `stop` is set:
    people reading plan pages while the agencies report. Returns the threads and the list their times go to."""
    times: list[float] = []

    def read(k: int) -> None:
        browser, paths = readers[k]
        rng = random.Random(seed * 104729 + k)
        while not stop.is_set():
            try:
                status, _body, elapsed = browser.get(rng.choice(paths))
            except OSError:
                continue
            if status == 200:
                times.append(elapsed)
            stop.wait(rng.uniform(1.0, 2.0))

    threads = [threading.Thread(target=read, args=(k,), daemon=True) for k in range(len(readers))]
    for thread in threads:
        thread.start()
    return threads, times


def rush(agents: list[Agent], *, seconds: float, seed: int,
         readers: list[tuple[Browser, list[str]]] = ()) -> dict:
    """Every agent at once: open the report, save every line, head approves, officer submits; `readers` read their
    pages meanwhile (read_while)."""
    posted: dict[int, dict[str, str]] = {}
    request_times: dict[str, list[float]] = {"open": [], "save": [], "approve": [], "submit": [], "redirect": []}
    lock = threading.Lock()

    def flow(k):
        agent = agents[k]
        rng = random.Random(seed * 7919 + k)
        started = time.perf_counter()
        path = f"/bao-cao/{agent.report_id}/"
        timings = []
        status, page, elapsed = agent.officer.get(path)
        timings.append(("open", elapsed))
        if status != 200:
            return None, timings
        fields, values = filled_report_form(page, rng)
        form = [("csrfmiddlewaretoken", agent.officer.csrf()), *fields]
        with lock:
            posted[agent.report_id] = values
        status, page, elapsed, _location, more = agent.officer.request("POST", path, form, follow=True)
        timings.append(("save", elapsed))
        timings += [("redirect", t) for _p, t in more[1:]]
        status, page, elapsed = agent.head.get(path)
        timings.append(("open", elapsed))
        _status, _page, elapsed, _location, more = agent.head.request(
            "POST", f"{path}chuyen/approve/",
            {"csrfmiddlewaretoken": agent.head.csrf(), "version": version_in(page), "reason": ""},
            follow=True)
        timings.append(("approve", elapsed))
        timings += [("redirect", t) for _p, t in more[1:]]
        _status, _page, elapsed, _location, more = agent.officer.request(
            "POST", f"{path}chuyen/submit/", {"csrfmiddlewaretoken": agent.officer.csrf(), "reason": ""}, follow=True)
        timings.append(("submit", elapsed))
        timings += [("redirect", t) for _p, t in more[1:]]
        return time.perf_counter() - started, timings

    stop = threading.Event()
    reading, read_times = read_while(stop, list(readers), seed)
    outcomes, wall = run_concurrently(len(agents), len(agents), seconds, flow)
    stop.set()
    for thread in reading:
        thread.join()
    flows = []
    for total, timings in outcomes:
        if total is not None:
            flows.append(total)
        for kind, elapsed in timings:
            request_times[kind].append(elapsed)
    every = [t for times in request_times.values() for t in times]
    return {"posted": posted, "flows": flows, "wall": wall, "requests": request_times, "all": every,
            "read": read_times}


# In-process measurements --------------------------------------------------------------------------------------------


def sql_ratio(user, path: str, repeat: int, slow: float) -> dict:
    """The page rendered by the test client against its own SQL replayed raw."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    page_times, captured = [], []
    for run in range(repeat + 1):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        captured = [q["sql"] for q in queries.captured_queries]
        if run == 0 and elapsed <= slow:
            continue  # warm-up: the same state as the server's second request
        page_times.append(elapsed)
        if elapsed > slow:
            break  # one run of a page this slow says enough
    replay = [sql for sql in captured if not sql.split(None, 1)[0].upper() in ("SAVEPOINT", "RELEASE", "ROLLBACK")]
    raw_times = []
    for _ in range(repeat if len(page_times) > 1 else 1):
        with transaction.atomic():
            with connection.cursor() as cursor:
                started = time.perf_counter()
                for sql in replay:
                    cursor.execute(sql)
                    if cursor.description is not None:
                        cursor.fetchall()
                raw_times.append(time.perf_counter() - started)
            transaction.set_rollback(True)  # a page may write (the session's clock): leave nothing behind
    page, raw = statistics.median(page_times), statistics.median(raw_times)
    return {"path": path, "status": response.status_code, "queries": len(replay), "page_ms": round(page * 1000, 1),
            "sql_ms": round(raw * 1000, 1), "ratio": round(page / raw, 1) if raw else None}


def time_submission(officer_name: str, head_name: str, report_id: int, *, repeat: int, seed: int) -> dict:
    """The rush's requests for one report, in this process through Django's test client, each submission in a
    transaction rolled back (the report stays editable): the median of each request over `repeat` submissions, the
    first one left out as a warm-up."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    User = get_user_model()
    officer, head = Client(), Client()
    officer.force_login(User.objects.get(username=officer_name))
    head.force_login(User.objects.get(username=head_name))
    path = f"/bao-cao/{report_id}/"
    parts: dict[str, list[float]] = {}

    def timed(name, request):
        started = time.perf_counter()
        response = request()
        parts.setdefault(name, []).append(time.perf_counter() - started)
        return response

    def submission(k: int) -> list[int]:
        rng = random.Random(seed * 7919 + k)
        with transaction.atomic():
            page = timed("open", lambda: officer.get(path))
            form = dict(filled_report_form(page.content, rng)[0])
            saved = timed("save", lambda: officer.post(path, form))
            timed("page after the save", lambda: officer.get(saved.get("Location", path)))
            page = timed("head opens", lambda: head.get(path))
            approved = timed("approve", lambda: head.post(f"{path}chuyen/approve/",
                                                          {"version": version_in(page.content), "reason": ""}))
            timed("page after approval", lambda: head.get(approved.get("Location", path)))
            submitted = timed("submit", lambda: officer.post(f"{path}chuyen/submit/", {"reason": ""}))
            timed("page after submission", lambda: officer.get(submitted.get("Location", path)))
            transaction.set_rollback(True)
        return [saved.status_code, approved.status_code, submitted.status_code]

    statuses = []
    for k in range(repeat + 1):
        if k == 1:
            parts.clear()  # the first submission warms the processes' caches, as the server's second request has
        statuses = submission(k)
    medians = {name: round(statistics.median(times) * 1000, 1) for name, times in parts.items()}
    return {"report": report_id, "submissions": repeat, "redirects": statuses, "parts_ms": medians,
            "whole_ms": round(sum(medians.values()), 1)}


def time_round_open(reviewer, end: int) -> dict:
    from django.db import transaction

    from planwatch.reporting.models import Round
    from planwatch.reporting.services import round_open

    period = next(p for p in (f"{end}-H1", f"{end}-Q1", f"{end}-Q2", f"{end}-Q3")
                  if not Round.objects.filter(period=p, origin=Round.Origin.MANUAL).exists())
    with transaction.atomic():
        started = time.perf_counter()
        opened = round_open(period=period, deadline=date(end, 7, 10), actor=reviewer)
        seconds = time.perf_counter() - started
        reports = opened.reports.count()
        transaction.set_rollback(True)
    return {"period": period, "seconds": round(seconds, 2), "reports": reports}


def time_recompute() -> dict:
    """Every plan's results, then one plan's after one value changed. Says whether results are kept between
    requests (registry/results.py, if this checkout has it) and so what "incremental" means here."""
    from django.core.cache import cache
    from django.db import transaction

    from planwatch.registry.computing import compute_documents
    from planwatch.registry.models import Document, Indicator, IndicatorValue

    kept = False
    try:
        from planwatch.registry import results  # noqa: F401

        kept = hasattr(results, "current_token")
    except ImportError:
        pass
    tracked = Indicator.objects.filter(document__is_tracked=True)
    cache.clear()
    started = time.perf_counter()
    computed = compute_documents(tracked)
    full = time.perf_counter() - started
    started = time.perf_counter()
    compute_documents(tracked)
    again = time.perf_counter() - started
    value = (IndicatorValue.objects.filter(kind="actual", op="eq", indicator__document__slug__startswith=gen.PLAN_PREFIX)
             .select_related("indicator").order_by("pk").first())
    document = Document.objects.get(pk=value.indicator.document_id)
    old = value.low

    def change(number):
        # A plain save, as a service would make it: whatever keeps results hears of it the same way.
        with transaction.atomic():
            value.low = value.high = number
            value.save()

    change(old + Decimal("0.1"))
    started = time.perf_counter()
    compute_documents(tracked)  # what the next page showing every plan pays (the reviewer's home)
    after_change = time.perf_counter() - started
    change(old)
    started = time.perf_counter()
    compute_documents(Indicator.objects.filter(document=document))  # what the changed plan's page pays
    one = time.perf_counter() - started
    return {
        "plans": len(computed), "results_kept": kept, "full_s": round(full, 2), "again_s": round(again, 2),
        "one_plan_after_change_s": round(one, 3), "all_plans_after_change_s": round(after_change, 2),
    }


def time_rollups(reviewer, *, repeat: int, slow: float) -> dict:
    """The roll-ups of the register (cascade.selectors.rollup_of, as the indicator page calls it): every one with
    nothing kept, then again; one after one contributor value changed; and the page of a higher indicator with the
    most contributors against its own SQL. A roll-up is computed when read, not stored: its "rebuild" is reading
    every one, its "incremental update" reading the one a changed value feeds."""
    from django.core.cache import cache
    from django.db import transaction
    from django.db.models import Count

    from planwatch.cascade.models import Contribution
    from planwatch.cascade.selectors import rollup_of
    from planwatch.registry.models import Indicator, IndicatorValue

    higher = list(Indicator.objects.filter(contributions__isnull=False).annotate(fed_by=Count("contributions"))
                  .order_by("-fed_by", "pk"))
    rules = dict(Contribution.objects.order_by().values_list("indicator_id", "rule").distinct())
    cache.clear()  # nothing kept: the contributors' results are computed again, as after a restart
    started = time.perf_counter()
    for indicator in higher:
        rollup_of(indicator, user=reviewer)
    rebuild = time.perf_counter() - started
    started = time.perf_counter()
    for indicator in higher:
        rollup_of(indicator, user=reviewer)
    again = time.perf_counter() - started

    # A sum among those fed by the most contributors: the changed value must move its roll-up by as much.
    most = higher[0].fed_by
    target = next((i for i in higher if i.fed_by == most and rules[i.pk] == Contribution.Rule.SUM), higher[0])
    contributor_ids = Contribution.objects.filter(indicator=target).values("contributor_id")
    value = (IndicatorValue.objects.filter(indicator_id__in=contributor_ids, kind="actual", op="eq")
             .exclude(period__contains="-").order_by("-period", "pk").first())
    before = {year.period: year.value for year in rollup_of(target, user=reviewer).years}
    old = value.low

    def change(number):
        # A plain save, as a service would make it: whatever keeps results hears of it the same way.
        with transaction.atomic():
            value.low = value.high = number
            value.save()

    change(old + 1)
    try:
        started = time.perf_counter()
        after = rollup_of(target, user=reviewer)
        one = time.perf_counter() - started
    finally:
        change(old)
    moved = next((year.value for year in after.years if year.period == value.period), None)
    followed = None
    if rules[target.pk] == Contribution.Rule.SUM and before.get(value.period) is not None and moved is not None:
        followed = moved - before[value.period] == 1

    page = sql_ratio(reviewer, f"/chi-tieu/{target.pk}/", repeat, slow)
    return {
        "higher_indicators": len(higher), "contributions": sum(i.fed_by for i in higher), "most_contributors": most,
        "rebuild_s": round(rebuild, 2), "again_s": round(again, 2),
        "rebuild_per_rollup_ms": round(rebuild / len(higher) * 1000, 1),
        "one_after_change_ms": round(one * 1000, 1), "changed_period": value.period, "followed_change": followed,
        "page": {"page": f"indicator ({rules[target.pk]} of {most})", **page},
    }


# Main -------------------------------------------------------------------------------------------------------------


def prepare_rush(agents_wanted: int) -> list[tuple[str, str, int, str]]:
    """(officer, head, report id, agency) for the accounts' reports in the open round, each made editable again
    through the reporting services (a returned report is editable, like a draft)."""
    from django.contrib.auth import get_user_model

    from planwatch.reporting.models import Report, Round
    from planwatch.reporting.services import report_transition

    User = get_user_model()
    current = Round.objects.filter(status=Round.Status.OPEN, origin=Round.Origin.MANUAL).order_by("-id").first()
    reviewer = User.objects.get(username=gen.REVIEWER[0])
    chosen = []
    officers = (User.objects.filter(username__startswith=gen.OFFICER_PREFIX).select_related("membership")
                .order_by("username"))
    again = "Chạy lại phép đo tải (benchmark)."
    for officer in officers[:agents_wanted]:
        head_name = gen.HEAD_PREFIX + officer.username[len(gen.OFFICER_PREFIX):]
        head = User.objects.get(username=head_name)
        report = Report.objects.select_related("agency").get(round=current, agency_id=officer.membership.agency_id)
        if report.status == Report.Status.SUBMITTED:
            report_transition(report=report, action="return", actor=reviewer, reason=again)
        elif report.status == Report.Status.APPROVED:
            report_transition(report=report, action="withdraw", actor=head)
        elif report.status == Report.Status.ACCEPTED:
            report_transition(report=report, action="reopen", actor=reviewer, reason=again)
        chosen.append((officer.username, head.username, report.pk, report.agency.name))
    return chosen


def verify_rush(posted: dict[int, dict[str, str]]) -> dict:
    from planwatch.reporting.models import IndicatorLine, Report

    lost = not_submitted = checked = 0
    for report_id, values in posted.items():
        report = Report.objects.get(pk=report_id)
        if report.status != Report.Status.SUBMITTED:
            not_submitted += 1
        stored = dict(IndicatorLine.objects.filter(report_id=report_id).values_list("pk", "value_text"))
        for key, text in values.items():
            checked += 1
            if stored.get(int(key[1:])) != text:
                lost += 1
    return {"values_checked": checked, "values_lost": lost, "reports_not_submitted": not_submitted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: DATABASE_URL; its name must contain 'bench'")
    parser.add_argument("--temp-sqlite", action="store_true", help="generate a register into a temp SQLite file first")
    parser.add_argument("--plans", type=int, default=1, help="with --temp-sqlite: plans to generate")
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--page-requests", type=int, default=200, help="requests per page, spread over the viewers")
    parser.add_argument("--phase-seconds", type=float, default=60, help="no new request of a phase after this")
    parser.add_argument("--skip-slower-than", type=float, default=10,
                        help="seconds: a page slower alone is not loaded concurrently")
    parser.add_argument("--rush-agencies", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (docs/operations.md: 2 per core)")
    parser.add_argument("--timeout", type=float, default=130, help="seconds per request (gunicorn's own is 120)")
    parser.add_argument("--time-limit", type=float, default=2400, help="seconds: later phases are skipped after this")
    parser.add_argument("--repeat", type=int, default=3, help="repeats of single requests and in-process timings")
    parser.add_argument("--reviewer-sessions", type=int, default=10)
    parser.add_argument("--rush-readers", type=int, default=0,
                        help="people reading plan pages (one of --rush-reader-plans) during the rush")
    parser.add_argument("--rush-reader-plans", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--think", default="1-5",
                        help="seconds a viewer reads before each request, MIN-MAX (0: back to back, the capacity)")
    parser.add_argument("--only", default="pages,rush,exports,inprocess",
                        help="phases to run, of pages, rush, exports, inprocess (submission: of inprocess, only one "
                             "submission's requests timed)")
    parser.add_argument("--json", type=Path, help="write the figures there too")
    parser.add_argument("--redis", default="", metavar="URL",
                        help="keep results in this Redis, shared by the workers (jobs stay in-process); "
                             "default: each worker's memory")
    parser.add_argument("--worker", action="store_true",
                        help="with --redis, jobs and the results' warm-up go to a `planwatch worker` (2 threads), "
                             "as in production")
    args = parser.parse_args(argv)
    if args.worker and not args.redis:
        parser.error("--worker needs --redis: the worker and the web processes share the queue and the results there")
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = only - {"pages", "rush", "exports", "inprocess", "submission"}
    if unknown or think[0] < 0 or think[1] < think[0]:
        parser.error(f"--only: unknown {sorted(unknown)}" if unknown else "--think: MIN-MAX, 0 <= MIN <= MAX")
    started = time.monotonic()

    def time_left() -> bool:
        return time.monotonic() - started < args.time_limit

    # The test client of the in-process measurements speaks plain http to "testserver".
    os.environ["ALLOWED_HOSTS"] = f"{HOST},testserver"
    os.environ["PLANWATCH_HTTPS"] = "0"
    if args.temp_sqlite:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='planwatch-scale-')}/planwatch_bench.sqlite3"
        accounts = max(args.rush_agencies, 1)
        code = gen.main(["--database-url", url, "--plans", str(args.plans), "--big-plan-indicators", "0",
                         "--accounts", str(accounts), "--accepted-reports", "1", "--rollups"])
        if code:
            return code
    else:
        url = gen.choose_database(args)
        gen.setup_django(url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # the checkout may have moved on since the register was generated

    from planwatch.registry.models import Document, Indicator, IndicatorValue, Task
    from planwatch.reporting.models import IndicatorLine, Report, Round

    User = get_user_model()
    rng = random.Random(args.seed)
    plans = list(Document.objects.filter(slug__startswith=gen.PLAN_PREFIX).exclude(slug=gen.BIG_PLAN)
                 .order_by("slug").values_list("slug", flat=True))
    if not plans:
        print("No generated register here: run benchmarks/scale_generate.py first.", file=sys.stderr)
        return 2
    current = Round.objects.filter(status=Round.Status.OPEN, origin=Round.Origin.MANUAL).order_by("-id").first()
    end = int(current.period[:4])
    counts = {"plans": Document.objects.filter(is_tracked=True).count(), "values": IndicatorValue.objects.count(),
              "indicators": Indicator.objects.count(), "tasks": Task.objects.count(),
              "reports in the current round": current.reports.count(),
              "report lines (all rounds)": IndicatorLine.objects.count()}
    indicator_ids = list(Indicator.objects.filter(document__slug__in=plans[:2000], targets__isnull=False)
                         .values_list("pk", flat=True).distinct()[:5000])
    task_ids = list(Task.objects.filter(document__slug__in=plans[:2000]).values_list("pk", flat=True)[:5000])
    print(f"database: {gen.database_name(url)} ({connection.vendor}): " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))

    agents_spec = prepare_rush(args.rush_agencies)
    var = Path(os.environ["PLANWATCH_VAR_DIR"])
    log = var / "scale-load-gunicorn.log"
    connection.close()
    server = Server(url, args.workers, log, args.redis, queue_worker=args.worker)
    figures: dict = {"database": gen.database_name(url), "vendor": connection.vendor, "counts": counts,
                     "workers": args.workers, "redis": bool(args.redis), "queue_worker": args.worker,
                     "viewers": args.viewers, "think_s": list(think), "pages": [], "single": []}
    try:
        port = server.port
        print(f"gunicorn: {args.workers} workers on {HOST}:{port}; signing in", flush=True)
        reviewers = [Browser(port, args.timeout) for _ in range(max(1, args.reviewer_sessions))]
        agents = [Agent(Browser(port, args.timeout), Browser(port, args.timeout), report_id, agency)
                  for _officer, _head, report_id, agency in agents_spec]
        logins = [(b, *gen.REVIEWER) for b in reviewers]
        for agent, (officer, head, _r, _a) in zip(agents, agents_spec):
            logins += [(agent.officer, officer, gen.OFFICER_PASSWORD), (agent.head, head, gen.HEAD_PASSWORD)]
        t0 = time.perf_counter()
        run_concurrently(len(logins), min(8, len(logins)), 600, lambda k: logins[k][0].login(*logins[k][1:]))
        figures["login_s"] = round(time.perf_counter() - t0, 1)
        print(f"signed in {len(logins)} sessions in {figures['login_s']} s", flush=True)
        if not agents:
            raise RuntimeError("no officer accounts: generate with --accounts")

        def reviewer(k):
            return reviewers[k % len(reviewers)]

        def officer(k):
            return agents[k % len(agents)]

        pages = [
            ("home (reviewer)", lambda k: (reviewer(k), "/")),
            ("home (officer)", lambda k: (officer(k).officer, "/")),
            ("plan", lambda k: (reviewer(k), f"/van-ban/{rng.choice(plans)}/")),
            ("indicator", lambda k: (reviewer(k), f"/chi-tieu/{rng.choice(indicator_ids)}/")),
            ("task", lambda k: (reviewer(k), f"/nhiem-vu/{rng.choice(task_ids)}/")),
            ("round", lambda k: (reviewer(k), f"/bao-cao/dot/{current.pk}/")),
            ("report (officer)", lambda k: (officer(k).officer, f"/bao-cao/{officer(k).report_id}/")),
            ("scorecards", lambda k: (reviewer(k), f"/phu-luc/xep-hang/?year={end}")),
        ]
        for name, target in pages if "pages" in only else []:
            if not time_left():
                figures["pages"].append(PhaseResult(name, skipped="time limit").row())
                continue
            result = page_phase(name, target, requests=args.page_requests, viewers=args.viewers,
                                seconds=args.phase_seconds, skip_over=args.skip_slower_than, think=think)
            figures["pages"].append(result.row())
            row = result.row()
            show = {k: "-" if row[k] is None else f"{row[k]:,}" for k in ("alone_ms", "p50_ms", "p95_ms", "max_ms")}
            print(f"  {name:18} alone {show['alone_ms']:>7} ms | {args.viewers} viewers: {row['requests']:>4} req "
                  f"p50 {show['p50_ms']:>7} p95 {show['p95_ms']:>7} max {show['max_ms']:>7} ms "
                  f"{row['errors']} errors {row['skipped']}", flush=True)

        if time_left() and "rush" in only:
            read_paths = [f"/van-ban/{slug}/" for slug in plans[:args.rush_reader_plans]]
            readers = [(reviewer(k), read_paths) for k in range(args.rush_readers)]
            for path in read_paths if readers else []:  # each page computed once before, kept if nothing renews it
                reviewer(0).get(path)
            cpu_before = cpu_by_part(server)
            outcome = rush(agents, seconds=args.phase_seconds * 3, seed=args.seed, readers=readers)
            cpu = cpu_spent(cpu_before, cpu_by_part(server), len(outcome["flows"]), outcome["wall"])
            checked = verify_rush(outcome["posted"])
            done = len(outcome["flows"])
            submitted = done - checked["reports_not_submitted"]
            figures["rush"] = {
                "agencies": len(agents), "submissions": submitted,
                "wall_s": round(outcome["wall"], 2),
                "per_s": round(submitted / outcome["wall"], 2) if outcome["wall"] else None,
                "request_p50_ms": round(percentile(outcome["all"], 0.5) * 1000),
                "request_p95_ms": round(percentile(outcome["all"], 0.95) * 1000),
                "request_max_ms": round(max(outcome["all"]) * 1000) if outcome["all"] else None,
                "by_request_p95_ms": {k: round(percentile(v, 0.95) * 1000) for k, v in outcome["requests"].items() if v},
                "submission_p95_s": round(percentile(outcome["flows"], 0.95), 2),
                "cpu": cpu,
                "readers": len(readers), "reader_plans": len(read_paths) if readers else 0,
                "read_pages": len(outcome["read"]),
                "read_p50_ms": round(percentile(outcome["read"], 0.5) * 1000) if outcome["read"] else None,
                "read_p95_ms": round(percentile(outcome["read"], 0.95) * 1000) if outcome["read"] else None,
                **checked,
            }
            r = figures["rush"]
            print(f"  rush: {r['submissions']}/{r['agencies']} submitted in {r['wall_s']} s = {r['per_s']}/s; request p95 "
                  f"{r['request_p95_ms']} ms (max {r['request_max_ms']}), submission p95 {r['submission_p95_s']} s; "
                  f"values lost {r['values_lost']} of {r['values_checked']}, not submitted {r['reports_not_submitted']}",
                  flush=True)
            if readers:
                print(f"  read during the rush: {r['read_pages']} plan pages ({r['readers']} readers, "
                      f"{r['reader_plans']} plans) p50 {r['read_p50_ms']} ms p95 {r['read_p95_ms']} ms", flush=True)
            print("  rush CPU: " + ", ".join(f"{part} {seconds} s" for part, seconds in cpu["cpu_s"].items())
                  + f"; {cpu['busy_share'] or 0:.0%} of {cpu['cores']} cores busy; per submission: server "
                  f"{cpu['server_ms_per_submission']} ms, clients {cpu['client_ms_per_submission']} ms; the server's "
                  f"CPU alone would allow {cpu['server_bound_per_s']}/s on {cpu['cores']} cores", flush=True)

        singles = [
            ("round CSV export", f"/bao-cao/dot/{current.pk}/xuat.csv"),
            ("plan PDF (48 rows)", f"/phu-luc/van-ban/{plans[0]}/?format=pdf&appendix=all&period={end}"),
            ("plan XLSX (48 rows)", f"/phu-luc/van-ban/{plans[0]}/?format=xlsx&appendix=all&period={end}"),
        ]
        if Document.objects.filter(slug=gen.BIG_PLAN).exists():
            singles.append(("PDF, 200-indicator plan",
                            f"/phu-luc/van-ban/{gen.BIG_PLAN}/?format=pdf&appendix=all&period={end}"))
        for name, path in singles if "exports" in only else []:
            if not time_left():
                break
            times, size, status = [], 0, 0
            for _ in range(max(1, args.repeat)):
                status, body, elapsed = reviewers[0].get(path)
                times.append(elapsed)
                size = len(body)
            figures["single"].append({"what": name, "status": status, "median_ms": round(statistics.median(times) * 1000),
                                      "max_ms": round(max(times) * 1000), "kib": round(size / 1024)})
            print(f"  {name:24} median {figures['single'][-1]['median_ms']:>7,} ms (status {status}, {size / 1024:,.0f} KiB)",
                  flush=True)
    finally:
        server.stop()
    server_log = log.read_text(errors="replace") if log.exists() else ""
    figures["worker_timeouts"] = server_log.count("WORKER TIMEOUT")
    figures["server_errors"] = server_log.count("Traceback")
    print(f"gunicorn log: {figures['worker_timeouts']} worker timeouts, {figures['server_errors']} tracebacks ({log})")

    # In this process, with the server stopped.
    reviewer_user = User.objects.get(username=gen.REVIEWER[0])
    officer_user = User.objects.get(username=agents_spec[0][0])
    ratio_pages = [
        ("home (reviewer)", reviewer_user, "/"),
        ("home (officer)", officer_user, "/"),
        ("plan", reviewer_user, f"/van-ban/{plans[0]}/"),
        ("plan, not kept", reviewer_user, f"/van-ban/{plans[1 % len(plans)]}/"),
        ("indicator", reviewer_user, f"/chi-tieu/{indicator_ids[0]}/"),
        ("task", reviewer_user, f"/nhiem-vu/{task_ids[0]}/"),
        ("round", reviewer_user, f"/bao-cao/dot/{current.pk}/"),
        ("report (officer)", officer_user, f"/bao-cao/{agents_spec[0][2]}/"),
        ("scorecards", reviewer_user, f"/phu-luc/xep-hang/?year={end}"),
    ]
    figures["sql_ratio"] = []
    if "inprocess" in only and time_left():
        # As the server had it when its pages were measured: every plan's results kept, and no thread of this
        # process computing the register beside the page being timed (the home would start one).
        from planwatch.registry.computing import compute_documents

        settings.PLANWATCH_JOBS_IN_THREAD = False
        started_warming = time.perf_counter()
        compute_documents(Indicator.objects.filter(document__is_tracked=True))
        figures["inprocess_warm_s"] = round(time.perf_counter() - started_warming, 1)
        print(f"  every plan's results computed and kept first: {figures['inprocess_warm_s']} s", flush=True)
    for name, user, path in ratio_pages if "inprocess" in only else []:
        if not time_left():
            break
        if name == "plan, not kept":  # what a viewer of a plan nobody opened since its last change waits for
            from planwatch.web import views as web_views

            kept_for, web_views.PLAN_PAGE_SECONDS = web_views.PLAN_PAGE_SECONDS, 0
            try:
                row = {"page": name, **sql_ratio(user, path, max(1, args.repeat), args.skip_slower_than)}
            finally:
                web_views.PLAN_PAGE_SECONDS = kept_for
        else:
            row = {"page": name, **sql_ratio(user, path, max(1, args.repeat), args.skip_slower_than)}
        figures["sql_ratio"].append(row)
        print(f"  {name:18} in-process {row['page_ms']:>9,.1f} ms, its {row['queries']} queries raw {row['sql_ms']:>8,.1f} ms: "
              f"ratio {row['ratio']}", flush=True)
    if time_left() and only & {"inprocess", "submission"}:
        officer_name, head_name, report_id, _agency = prepare_rush(1)[0]  # the rush left it submitted
        figures["submission"] = time_submission(officer_name, head_name, report_id, repeat=max(1, args.repeat),
                                                seed=args.seed)
        sub = figures["submission"]
        print(f"  one submission, request by request (median of {sub['submissions']}, rolled back; redirects "
              f"{sub['redirects']}): " + ", ".join(f"{name} {ms:,.1f} ms" for name, ms in sub["parts_ms"].items())
              + f"; in all {sub['whole_ms']:,.1f} ms", flush=True)
    if time_left() and "inprocess" in only:
        figures["round_open"] = time_round_open(reviewer_user, end)
        print(f"  round_open for every plan: {figures['round_open']['seconds']} s, "
              f"{figures['round_open']['reports']} reports (rolled back)", flush=True)
    if time_left() and "inprocess" in only:
        figures["recompute"] = time_recompute()
        c = figures["recompute"]
        print(f"  recompute: {c['plans']} plans {c['full_s']} s cold, {c['again_s']} s again; one value changed: "
              f"that plan {c['one_plan_after_change_s']} s, every plan {c['all_plans_after_change_s']} s "
              f"(results kept between requests: {c['results_kept']})", flush=True)
    if time_left() and "inprocess" in only:
        from django.apps import apps

        if apps.is_installed("planwatch.cascade") and apps.get_model("cascade", "Contribution").objects.exists():
            figures["rollups"] = time_rollups(reviewer_user, repeat=max(1, args.repeat), slow=args.skip_slower_than)
            r = figures["rollups"]
            print(f"  roll-ups: {r['higher_indicators']} higher indicators, {r['contributions']} contributions "
                  f"(at most {r['most_contributors']} each): every roll-up {r['rebuild_s']} s nothing kept "
                  f"({r['rebuild_per_rollup_ms']} ms each), {r['again_s']} s again; one contributor value changed: "
                  f"its roll-up {r['one_after_change_ms']} ms (moved with it: {r['followed_change']})", flush=True)
            page_row = r["page"]
            print(f"  {page_row['page']:18} in-process {page_row['page_ms']:>9,.1f} ms, its {page_row['queries']} "
                  f"queries raw {page_row['sql_ms']:>8,.1f} ms: ratio {page_row['ratio']}", flush=True)
        else:
            print("  roll-ups: none in this register (scale_generate.py --rollups, or --add-rollups)", flush=True)

    report_table(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"total {time.monotonic() - started:.0f} s; values lost {figures.get('rush', {}).get('values_lost', '-')}")
    return 0


def report_table(figures: dict) -> None:
    print("\nsummary against the goals (issue 14):")
    ratios = {r["page"]: r["ratio"] for r in figures.get("sql_ratio", [])}
    print(f"  plan page / its raw SQL: computed {ratios.get('plan, not kept')}, kept {ratios.get('plan')} "
          f"(goal <= {GOALS['plan_ratio']})")
    worst = [r for r in figures["pages"] if r["p95_ms"] is not None]
    if worst:
        top = max(worst, key=lambda r: r["p95_ms"])
        print(f"  worst page p95: {top['page']} {top['p95_ms']} ms (goal <= {GOALS['page_p95_ms']})")
    skipped = [r["page"] for r in figures["pages"] if r["skipped"]]
    if skipped:
        print(f"  not loaded concurrently (too slow alone or out of time): {', '.join(skipped)}")
    maxima = [r[k] for r in figures["pages"] for k in ("max_ms", "alone_ms") if r[k] is not None]
    rush = figures.get("rush")
    if rush and rush.get("request_max_ms") is not None:
        maxima.append(rush["request_max_ms"])
    if maxima:
        print(f"  slowest request (pages and rush): {max(maxima)} ms (goal: none over {GOALS['max_ms']})")
    if rush:
        print(f"  rush: {rush['per_s']}/s (goal >= {GOALS['rush_per_s']}), request p95 {rush['request_p95_ms']} ms "
              f"(goal <= {GOALS['rush_p95_ms']}), values lost {rush['values_lost']} (goal 0)")
    pdf = next((s for s in figures["single"] if s["what"].startswith("PDF, 200")), None)
    if pdf:
        print(f"  PDF of the 200-indicator appendix: {pdf['median_ms']} ms (goal <= {GOALS['pdf200_ms']})")
    rollups = figures.get("rollups")
    if rollups:  # issue 14 asks for these figures without setting a goal
        print(f"  roll-ups: rebuild of all {rollups['higher_indicators']} {rollups['rebuild_s']} s (nothing kept), "
              f"incremental update {rollups['one_after_change_ms']} ms; indicator page / its raw SQL "
              f"{rollups['page']['ratio']}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except gen.Refused as refusal:
        print(refusal.code, file=sys.stderr)
        sys.exit(2)
