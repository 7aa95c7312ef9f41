"""The planning department's home computes at most PLANWATCH_HOME_PLANS_COMPUTED plans whose results are not kept
(issue 14: no request over 2 s at 700 plans, even right after a restart); the others are left out of its counts,
the page says how many, and once they are computed (registry/warming.py) the page is whole again."""

import re
import threading
from datetime import date

import pytest
from django.urls import reverse

from planwatch.registry import warming
from planwatch.registry.computing import compute_and_keep
from planwatch.registry.models import Document
from planwatch.web import home

pytestmark = pytest.mark.django_db

TODAY = date(2025, 1, 15)
NOTICE = re.compile(r"Kết quả của (\d+) kế hoạch đang được tính lại")


def test_the_home_computes_a_few_plans_and_leaves_the_rest_for_later(client, reviewer, settings, monkeypatch):
    from django.core.cache import cache

    tracked = Document.objects.filter(is_tracked=True, indicators__isnull=False).distinct().count()
    assert tracked == 2  # the demo's two Hanoi plans
    whole = home.planning_home(user=reviewer, today=TODAY)  # every plan computed and kept: forget them
    cache.clear()
    settings.PLANWATCH_HOME_PLANS_COMPUTED = 1
    # The page computed afresh each time: a board still missing plans is otherwise kept for a few seconds.
    monkeypatch.setattr(home, "PLANNING_HOME_PENDING_SECONDS", 0)
    left = []
    monkeypatch.setattr(home, "results_compute_later", lambda rows: left.append(rows) or True)

    partial = home.planning_home(user=reviewer, today=TODAY)
    assert partial.plans_pending == 1
    [later] = left
    assert len(later) == 1
    assert sum(n for _status, n in partial.status_counts) < sum(n for _status, n in whole.status_counts)
    client.force_login(reviewer)
    cache.clear()
    assert NOTICE.search(client.get(reverse("home")).content.decode()).group(1) == "1"

    compute_and_keep(later)  # what the thread does
    again = home.planning_home(user=reviewer, today=TODAY)
    assert again.plans_pending == 0
    assert again.status_counts == whole.status_counts
    assert again.at_risk_total == whole.at_risk_total
    assert [row.indicator.pk for row in again.at_risk] == [row.indicator.pk for row in whole.at_risk]
    assert not NOTICE.search(client.get(reverse("home")).content.decode())


def test_plans_left_for_later_are_computed_in_a_thread_once(settings, monkeypatch):
    settings.PLANWATCH_JOBS_IN_THREAD = True
    started = threading.Event()
    release = threading.Event()
    computed = []

    def slow(rows):
        started.set()
        release.wait(10)
        computed.append(sorted(rows))

    monkeypatch.setattr(warming, "compute_and_keep", slow)
    monkeypatch.setattr(warming.connection, "close", lambda: None)
    assert warming.results_compute_later({1: [10, 11], 2: [20]})
    assert started.wait(10)
    assert warming.results_compute_later({2: [20], 3: [30]})  # 2 is underway: only 3 starts
    release.set()
    for thread in [t for t in threading.enumerate() if t.name == "planwatch-results"]:
        thread.join(10)
    assert sorted(computed) == [[1, 2], [3]]
    assert not warming._underway


def test_nothing_starts_where_background_work_runs_in_the_request(settings):
    settings.PLANWATCH_JOBS_IN_THREAD = False
    assert warming.results_compute_later({1: [10]}) is False
    assert not warming._underway


def test_with_redis_the_worker_computes_the_plans_left_for_later_and_each_is_queued_once(settings, monkeypatch):
    """PLANWATCH_JOBS=worker with REDIS_URL: the web processes share the cache, so the plans go to the queue (the
    suite's huey runs a task at once) and no thread of the web process starts."""
    settings.PLANWATCH_JOBS, settings.REDIS_URL = "worker", "redis://127.0.0.1:6379/9"
    settings.PLANWATCH_JOBS_IN_THREAD = True
    computed = []
    monkeypatch.setattr(warming, "compute_and_keep", lambda rows: computed.append(dict(rows)))
    threads = {t.ident for t in threading.enumerate()}
    assert warming.results_compute_later({1: [10, 11], 2: [20]})
    assert warming.results_compute_later({2: [20], 3: [30]})  # 2 is queued already: only 3 is
    assert computed == [{1: [10, 11], 2: [20]}, {3: [30]}]
    assert not [t for t in threading.enumerate() if t.ident not in threads and t.name == "planwatch-results"]
    assert not warming._underway


def test_without_redis_a_worker_setting_still_computes_in_a_thread(settings):
    """A worker without Redis has a cache of its own: what it computed would reach no web process."""
    settings.PLANWATCH_JOBS, settings.REDIS_URL = "worker", ""
    assert not warming._worker_shares_the_cache()


def test_a_plan_is_computed_by_the_first_process_to_claim_it(monkeypatch):
    """Processes sharing one cache (Redis) each leave the same plans for later: the claim in the cache lets one
    compute each plan under its token."""
    from django.core.cache import cache

    plans = list(Document.objects.filter(is_tracked=True).values_list("pk", flat=True))
    computed = []
    monkeypatch.setattr(warming, "compute_and_keep", lambda rows: computed.append(sorted(rows)))
    monkeypatch.setattr(warming.connection, "close", lambda: None)
    warming._compute({plans[0]: [1]})
    warming._compute({pk: [1] for pk in plans})  # another process, the same cache
    assert computed == [[plans[0]], sorted(plans[1:])]
    cache.clear()  # the claims lapsed
    warming._compute({plans[0]: [1]})
    assert computed[-1] == [plans[0]]


def test_the_home_does_not_compute_a_plan_another_process_is_computing(reviewer, settings, monkeypatch):
    from planwatch.registry.results import document_tokens

    monkeypatch.setattr(home, "results_compute_later", lambda rows: True)
    plans = list(Document.objects.filter(is_tracked=True).values_list("pk", flat=True))
    assert warming.claimed(plans[:1]) == plans[:1]  # taken by another process
    assert warming.claimed(plans[:1]) == []
    settings.PLANWATCH_HOME_PLANS_COMPUTED = 5
    board = home.planning_home(user=reviewer, today=TODAY)
    assert board.plans_pending == 1
    assert document_tokens(plans[:1])  # the claim is by token: a change to the plan frees it


def test_the_warm_up_thread_yields_the_processor_to_requests():
    import os
    import threading

    from planwatch.registry import warming

    seen = {}

    def background():
        warming.lower_this_threads_priority()
        seen["warm-up"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    thread = threading.Thread(target=background)
    thread.start()
    thread.join()
    assert seen["warm-up"] >= warming.WARMING_NICENESS
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < warming.WARMING_NICENESS  # this one kept
