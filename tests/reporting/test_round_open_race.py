"""Two (eight) reviewers opening the same round at once get one round; the others a clear message, never a 500.

Like test_concurrency.py, the threads commit, so they run in a process of their own on a database of their own
(isolated.py): SQLite by default, PostgreSQL when the suite runs on it, where the inserts really overlap and the
unique constraint decides.
"""

import json
import subprocess
import sys
from datetime import date

import pytest
from django.urls import reverse

from planwatch.reporting.models import Round
from planwatch.reporting.services import round_open

from .isolated import ROOT, isolated_database

THREADS = 8


def test_threads_opening_the_same_round_open_it_once(tmp_path):
    with isolated_database(tmp_path) as (env, engine):
        result = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "reporting" / "round_open_race_check.py")],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == engine
    assert outcome["errors"] == []
    assert outcome["opened"] == 1 and outcome["rounds"] == 1
    assert len(outcome["refused"]) == THREADS - 1
    assert all(message.startswith("Đã có đợt báo cáo Báo cáo quý III/2024 (hạn nộp 15/10/2024)")
               for message in outcome["refused"])
    assert outcome["reports"] == 1 and outcome["open_actions"] == 1
    # The recurring job run by eight workers at once: one round for the due date, no job failed.
    assert outcome["recurring_opened"] == 1 and outcome["recurring_rounds"] == 1


@pytest.mark.django_db
def test_the_second_opener_is_told_on_the_page(client, reviewer, plan_2024):
    round_open(period="2024-Q3", deadline=date(2024, 10, 15), actor=reviewer, documents=[plan_2024])
    client.force_login(reviewer)
    response = client.post(reverse("reporting:round-open"), {
        "period": "2024-Q3", "deadline": "20/10/2024", "documents": [plan_2024.pk],
    })
    assert response.status_code == 200
    assert "Đã có đợt báo cáo Báo cáo quý III/2024 (hạn nộp 15/10/2024)." in response.content.decode()
    assert Round.objects.filter(period="2024-Q3").count() == 1
