"""Starting and running jobs: work across a whole round or register, away from the request that asked for it.

The app that owns the work registers a kind, a function of the job and a progress callback that returns an Outcome
(or raises JobRefused with a message for the person who asked):

    @job_kind("round_open")
    def open_round(job: Job, progress: Progress) -> Outcome: ...

`job_start` writes the job, with its audit record, in the caller's transaction and hands it over when that commits:
by default to a thread of this process (one at a time: round-wide work should not compete with itself), at once in
the test suite, and to `planwatch worker` through Redis when PLANWATCH_JOBS=worker. The apps import their kinds in
their AppConfig.ready(), so a worker knows them as the web process does.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import File
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.audit.services import record_change, snapshot
from planwatch.jobs.models import Job

logger = logging.getLogger(__name__)


class JobRefused(Exception):
    """The work cannot be done as asked (a round that exists already, nothing to export): the message says why."""


@dataclass(frozen=True)
class Outcome:
    message: str
    url: str = ""  # the page that shows the result (the opened round)
    file_name: str = ""  # a file to download, written by the runner to `file`
    file: File | None = None


Runner = Callable[[Job, "Progress"], Outcome]
KINDS: dict[str, Runner] = {}


def job_kind(name: str) -> Callable[[Runner], Runner]:
    def register(runner: Runner) -> Runner:
        KINDS[name] = runner
        return runner
    return register


def _progress_key(job_id: int) -> str:
    return f"planwatch:job:{job_id}:progress"


class Progress:
    """How far a job has come. The runner's own transaction would hide a row update until it commits, so the live
    figure goes to the cache (shared through Redis, or this process's memory where the job runs in a thread) and
    to the row only between transactions."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._written = 0.0

    def __call__(self, done: int, total: int) -> None:
        cache.set(_progress_key(self.job_id), (done, total), 24 * 3600)
        if not transaction.get_connection().in_atomic_block and time.monotonic() - self._written > 1:
            Job.objects.filter(pk=self.job_id).update(done=done, total=total)
            self._written = time.monotonic()


def live_progress(job: Job) -> tuple[int, int]:
    """(done, total) as the runner last said; (0, 0) when it has said nothing yet."""
    if job.is_finished:
        return job.done, job.total
    return cache.get(_progress_key(job.pk)) or (job.done, job.total)


def job_start(*, kind: str, title: str, params: dict, actor) -> Job:
    if kind not in KINDS:
        raise ValueError(f"unknown job kind: {kind}")
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title, params=params, requested_by=actor)
        record_change(job, before=None, after=snapshot(job), actor=actor, reason="yêu cầu việc chạy nền")
        if _runs_elsewhere():
            transaction.on_commit(lambda: _dispatch(job.pk))
    if not _runs_elsewhere():
        # At once, in the caller's transaction: the test suite, whose transactions never commit.
        job_run(job.pk)
        job.refresh_from_db()
    return job


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _runs_elsewhere() -> bool:
    return settings.PLANWATCH_JOBS == "worker" or settings.PLANWATCH_JOBS_IN_THREAD


def _dispatch(job_id: int) -> None:
    if settings.PLANWATCH_JOBS == "worker":
        from planwatch.jobs.tasks import job_run_task

        job_run_task(job_id)
        return
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planwatch-job")
    _executor.submit(_run_in_thread, job_id)


def _run_in_thread(job_id: int) -> None:
    try:
        job_run(job_id)
    finally:
        connections.close_all()  # the thread's own connections; Django closes only the request thread's


def job_run(job_id: int) -> Job | None:
    """Run a queued job once: a second call, or a second worker, finds it taken and does nothing."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, status=Job.Status.QUEUED).first()
        if job is None:
            return None
        job.status, job.started_at = Job.Status.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    progress = Progress(job.pk)
    try:
        outcome = KINDS[job.kind](job, progress)
    except JobRefused as refusal:
        job.status, job.message = Job.Status.FAILED, str(refusal)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.message = _("Việc không chạy xong do lỗi hệ thống; đã ghi lại lỗi để quản trị viên xem. Xin thử lại sau.")
    else:
        job.status, job.message, job.result_url = Job.Status.DONE, outcome.message, outcome.url
        if outcome.file is not None:
            try:
                job.result_file.save(outcome.file_name, outcome.file, save=False)
            finally:
                outcome.file.close()
    done, total = cache.get(_progress_key(job.pk)) or (job.done, job.total)
    job.done, job.total = (total, total) if job.status == Job.Status.DONE and total else (done, total)
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.pk))
    return job
