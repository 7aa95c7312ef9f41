"""Two (eight) people saving one draft at once never lose each other's work; a double submit submits once.

The threads must commit, so they run in their own process on a database of their own (isolated.py): an SQLite
file by default, a PostgreSQL database when the suite runs with DATABASE_URL pointing to PostgreSQL, where the
saves really overlap (row locks) rather than queue on SQLite's single writer lock. Both must lose nothing.
"""

import json
import subprocess
import sys

from .isolated import ROOT, isolated_database

THREADS = 8


def test_threads_saving_the_same_draft_lose_no_update(tmp_path):
    with isolated_database(tmp_path) as (env, engine):
        result = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "reporting" / "concurrency_check.py")],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == engine
    assert outcome["errors"] == []
    # Everyone saved from version 1: exactly one could win; each of the others was refused at least once.
    assert outcome["first_try_saved"] == 1
    assert outcome["stale"] >= THREADS - 1
    # ... and nothing was lost: every thread's value and note are there, each save made one version.
    assert outcome["values"] == [f"{n + 1},5" for n in range(THREADS)]
    assert outcome["notes"] == [f"cán bộ {n}" for n in range(THREADS)]
    assert outcome["version"] == 1 + THREADS
    assert outcome["revisions"] == 1 + THREADS
    assert outcome["audited_values"] == THREADS
    # Eight simultaneous submits: one did it, seven were told it was done already.
    assert outcome["submitted"] == [False] * (THREADS - 1) + [True]
    assert outcome["submit_actions"] == 1
    assert outcome["status"] == "submitted"
