"""A database of its own for tests that run planwatch in other processes (the worker) or threads that commit.

The session's test database is shared and rolled back after each test; a process or a committing thread can't
use it. This makes a fresh one: a PostgreSQL database beside the suite's when DATABASE_URL points to
PostgreSQL (so CI's PostgreSQL run exercises PostgreSQL), else an SQLite file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


def _postgres(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


@contextmanager
def isolated_database(var_dir: Path):
    """Yields the environment for subprocesses and its engine name ("postgresql" or "sqlite")."""
    suite_url = os.environ.get("DATABASE_URL", "")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update({"PLANWATCH_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1", "PLANWATCH_IN_PROCESS_SCHEDULER": "0"})
    if not suite_url.startswith(("postgres://", "postgresql://")):
        yield env, "sqlite"
        return
    parts = urlsplit(suite_url)
    name = f"planwatch_iso_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    _postgres(admin_url, f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield env, "postgresql"
    finally:
        _postgres(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def planwatch(env: dict, *args: str, timeout: int = 300) -> str:
    """Run a planwatch command in a subprocess; its output, or the test fails with it."""
    result = subprocess.run(
        [sys.executable, "-m", "planwatch.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
    if result.returncode != 0:
        raise AssertionError(f"planwatch {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout
