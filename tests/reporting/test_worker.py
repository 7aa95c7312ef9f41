"""The separate worker, for real: a `planwatch worker` process consuming jobs from Redis.

The demo is loaded into a database of its own (PostgreSQL when the suite runs on it); `planwatch run-jobs
--queue` only puts the hourly job on the Redis queue, so nothing happens until the worker takes it: then the
overdue reports of the demo round are chased, the responsible leader is told, and the emails (themselves jobs
the worker runs) land in the mail folder.
"""

import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from .isolated import ROOT, isolated_database, planwatch

REDIS_URL = os.environ.get("PLANWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

COUNTS = (
    "from planwatch.reporting.models import Reminder, Notification;"
    "import json;"
    "print(json.dumps({'escalations': Reminder.objects.filter(kind='escalation').count(),"
    " 'reminders': Reminder.objects.count(),"
    " 'emailed': Notification.objects.filter(user__username='pct.kinhte', emailed_at__isnull=False).count()}))"
)


def counts(env) -> dict:
    return json.loads(planwatch(env, "shell", "-c", COUNTS).strip().splitlines()[-1])


@pytest.fixture
def redis_queue():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: the worker test needs it (set PLANWATCH_TEST_REDIS_URL).")
    name = f"planwatchtest{uuid.uuid4().hex[:12]}"
    yield client, name
    for key in client.scan_iter(match=f"huey.*{name}*"):
        client.delete(key)


def test_the_worker_runs_queued_jobs_from_redis(tmp_path, redis_queue):
    client, name = redis_queue
    mail_dir = tmp_path / "mail"
    with isolated_database(tmp_path) as (env, engine):
        planwatch(env, "migrate", "--verbosity", "0")
        planwatch(env, "load-demo", "--quiet")
        planwatch(env, "shell", "-c",
                  "from django.contrib.auth.models import User;"
                  "User.objects.filter(username='pct.kinhte').update(email='pct.kinhte@example.gov.vn')")
        env.update({
            "REDIS_URL": REDIS_URL, "PLANWATCH_QUEUE_NAME": name,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir),
        })
        before = counts(env)
        assert before["escalations"] == 0  # the demo's reminders stopped the day after the deadline

        out = planwatch(env, "run-jobs", "--queue")
        assert "hàng đợi" in out
        assert client.llen(f"huey.redis.{name}") == 1
        assert counts(env) == before  # queued, not run

        log = open(tmp_path / "worker.log", "w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "planwatch.cli", "worker", "--workers", "2"], env=env, cwd=ROOT,
            stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            now = before
            while time.monotonic() < deadline:
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()
                now = counts(env)
                # Done when the jobs ran and the emails they queued were sent: the queue is drained, not just begun.
                if (now["escalations"] and now["emailed"] and list(mail_dir.glob("*.log"))
                        and client.llen(f"huey.redis.{name}") == 0):
                    break
                time.sleep(0.5)  # waiting for another process, not for a deadline: the clock is not the subject
            else:
                pytest.fail(f"the worker did not run the jobs in time: {now}\n" + (tmp_path / "worker.log").read_text())
        finally:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
            log.close()
    assert now["reminders"] > before["reminders"]
    assert client.llen(f"huey.redis.{name}") == 0
    worker_log = (tmp_path / "worker.log").read_text()
    assert "periodic_jobs_now" in worker_log and "notification_email" in worker_log
    messages = [
        email.message_from_bytes(raw.strip(), policy=email.policy.default)
        for path in mail_dir.glob("*.log") for raw in path.read_bytes().split(b"-" * 79) if raw.strip()
    ]
    escalations = [m for m in messages if m["To"] == "pct.kinhte@example.gov.vn" and "Báo cáo chậm" in m["Subject"]]
    assert escalations and "Đề nghị đồng chí chỉ đạo đơn vị nộp báo cáo" in escalations[0].get_content()
    assert engine in ("sqlite", "postgresql")
