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
from datetime import datetime, timedelta
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import File
from django.db import DatabaseError, connections, transaction
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
        job.heartbeat_at = job.started_at
        job.save(update_fields=["status", "started_at", "heartbeat_at"])
    progress = Progress(job.pk)
    # Only a job run away from its request beats: one run at once lives and dies with the request.
    heartbeat = _Heartbeat(job.pk) if _runs_elsewhere() else None
    if heartbeat is not None:
        heartbeat.start()
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
    if heartbeat is not None:
        heartbeat.stop()
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.pk))
    return job


class _Heartbeat(threading.Thread):
    """Writes the job's heartbeat to its row while the runner works, on a connection of its own (outside the
    runner's transaction, so that the beat is seen at once)."""

    def __init__(self, job_id: int) -> None:
        super().__init__(name=f"planwatch-job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self._stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self._stopped.wait(settings.PLANWATCH_JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    # SQLite lets one writer at a time: the runner's transaction may hold it; the next beat tries again.
                    logger.info("job %s: heartbeat skipped, the database is busy", self.job_id)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=5)


def jobs_reap(*, now: datetime | None = None) -> int:
    """Mark failed every running job whose heartbeat stopped longer ago than PLANWATCH_JOB_STALE_SECONDS: the
    process that ran it is gone. Returns how many; each gets an audit record."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.PLANWATCH_JOB_STALE_SECONDS)
    reaped = 0
    with transaction.atomic():
        for job in Job.objects.select_for_update().filter(status=Job.Status.RUNNING, heartbeat_at__lt=stale):
            before = snapshot(job)
            job.status, job.finished_at = Job.Status.FAILED, now
            job.message = _("Việc bị ngắt giữa chừng: tiến trình chạy việc đã dừng (máy chủ khởi động lại hoặc gặp "
                            "sự cố). Xin chạy lại việc.")
            job.save(update_fields=["status", "finished_at", "message"])
            record_change(job, before=before, after=snapshot(job), actor=None, reason="việc bị ngắt giữa chừng")
            reaped += 1
    return reaped
