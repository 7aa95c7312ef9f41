"""A job left running by a process that died is marked failed once its heartbeat is older than the stale limit,
with an audit record; a live job, a finished one and a queued one are left alone (issue 14)."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planwatch.audit.models import AuditEntry
from planwatch.jobs.models import Job
from planwatch.jobs.services import _Heartbeat, jobs_reap

pytestmark = pytest.mark.django_db


def job(status, *, beat_minutes_ago=None, requested_by=None):
    beat = timezone.now() - timedelta(minutes=beat_minutes_ago) if beat_minutes_ago is not None else None
    return Job.objects.create(kind="round_open", title="Mở đợt", status=status, heartbeat_at=beat,
                              started_at=beat, requested_by=requested_by)


def test_a_running_job_silent_past_the_limit_is_failed_with_an_audit_record(settings):
    settings.PLANWATCH_JOB_STALE_SECONDS = 600
    dead = job(Job.Status.RUNNING, beat_minutes_ago=11)
    alive = job(Job.Status.RUNNING, beat_minutes_ago=9)
    finished = job(Job.Status.DONE, beat_minutes_ago=60)
    queued = job(Job.Status.QUEUED)

    assert jobs_reap() == 1

    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED and dead.finished_at is not None
    assert "ngắt giữa chừng" in dead.message
    assert AuditEntry.objects.filter(object_id=str(dead.pk), reason="việc bị ngắt giữa chừng").exists()
    assert [j.status for j in Job.objects.filter(pk__in=[alive.pk, finished.pk, queued.pk]).order_by("pk")] == [
        Job.Status.RUNNING, Job.Status.DONE, Job.Status.QUEUED]
    assert jobs_reap() == 0  # once


def test_the_job_page_shows_a_dead_job_failed(client, reviewer):
    dead = job(Job.Status.RUNNING, beat_minutes_ago=30, requested_by=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("jobs:job", args=[dead.pk])).content.decode()
    assert "ngắt giữa chừng" in page
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_row_while_the_job_runs_and_stops_after(settings):
    settings.PLANWATCH_JOB_HEARTBEAT_SECONDS = 0.05
    running = job(Job.Status.RUNNING, beat_minutes_ago=30)
    heartbeat = _Heartbeat(running.pk)
    heartbeat.start()
    time.sleep(0.5)
    heartbeat.stop()
    running.refresh_from_db()
    beat = running.heartbeat_at
    assert beat > timezone.now() - timedelta(seconds=5)
    assert not heartbeat.is_alive()
    time.sleep(0.2)
    running.refresh_from_db()
    assert running.heartbeat_at == beat
