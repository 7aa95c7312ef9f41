"""The in-process scheduler: with the embedded default (no Redis, no worker), periodic tasks run in the web process.

The first request starts one daemon thread that, every minute, enqueues the huey periodic tasks that are due;
in the in-process mode huey runs an enqueued task at once, in that thread. With a separate worker
(PLANWATCH_JOBS=worker) the worker's own scheduler does this and this thread never starts. The jobs are
idempotent (each reminder stage is claimed once), so several web processes running it do no harm.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.signals import request_started
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None


def connect() -> None:
    if settings.PLANWATCH_IN_PROCESS_SCHEDULER and settings.PLANWATCH_JOBS == "in-process":
        request_started.connect(_start_once, dispatch_uid="planwatch-in-process-scheduler")


def _start_once(**kwargs) -> None:
    global _thread
    with _lock:
        if _thread is not None:
            return
        _thread = threading.Thread(target=_loop, name="planwatch-scheduler", daemon=True)
        _thread.start()


def run_due_periodic_tasks() -> int:
    """Enqueue (and so, in-process, run) the periodic tasks due this minute; returns how many."""
    from huey.contrib.djhuey import HUEY

    count = 0
    for task in HUEY.read_periodic(HUEY._get_timestamp()):
        try:
            HUEY.enqueue(task)
            count += 1
        except Exception:  # a failing job must not stop the scheduler
            logger.exception("periodic task %s failed", task)
    return count


def _loop() -> None:
    while True:
        time.sleep(60 - time.time() % 60 + 1)
        close_old_connections()
        try:
            run_due_periodic_tasks()
        finally:
            connections.close_all()
