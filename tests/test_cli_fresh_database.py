"""The console command on a database that is empty, half migrated or unreachable: a message saying what to run, no
traceback; `parse` reads a document with no database at all (issue 13)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docparse.golden import SEEDS

ROOT = Path(__file__).resolve().parents[1]
UNREACHABLE_POSTGRES = "postgres://planwatch@127.0.0.1:1/planwatch"
SEED = sorted(SEEDS.glob("*.txt"))[0]


def planwatch(tmp_path, database_url, *args, **extra_env):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update({"DATABASE_URL": database_url, "PLANWATCH_VAR_DIR": str(tmp_path / "var"), **extra_env})
    return subprocess.run(
        [sys.executable, "-m", "planwatch.cli", *args], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )


COMMANDS = [
    ["list"],
    ["show", "183-kh-ubnd"],
    ["run-jobs"],
    ["report", "183-kh-ubnd", "--period", "2025", "--format", "xlsx", "-o", "phu-luc.xlsx"],
    ["scorecards", "2024", "-o", "xep-hang.xlsx"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_a_command_on_a_never_migrated_database_says_to_run_migrate(tmp_path, command):
    result = planwatch(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite3'}", *command)
    assert result.returncode == 1
    assert "Cơ sở dữ liệu chưa được tạo" in result.stderr and "`planwatch migrate`" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "phu-luc.xlsx").exists() and not (tmp_path / "xep-hang.xlsx").exists()


def test_a_command_on_a_half_migrated_database_counts_what_is_left(tmp_path):
    url = f"sqlite:///{tmp_path / 'half.sqlite3'}"
    assert planwatch(tmp_path, url, "migrate", "contenttypes", "-v0").returncode == 0
    result = planwatch(tmp_path, url, "list")
    assert result.returncode == 1
    assert "bước cập nhật cấu trúc chưa chạy" in result.stderr and "`planwatch migrate`" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["show", "183-kh-ubnd"], ["run-jobs"]], ids=lambda c: c[0])
def test_a_command_on_an_unreachable_database_says_to_check_database_url(tmp_path, command):
    result = planwatch(tmp_path, UNREACHABLE_POSTGRES, *command)
    assert result.returncode == 1
    assert "Không kết nối được cơ sở dữ liệu" in result.stderr and "DATABASE_URL" in result.stderr
    assert "127.0.0.1:1/planwatch" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_needs_no_database(tmp_path):
    result = planwatch(tmp_path, UNREACHABLE_POSTGRES, "list", "--help")
    assert result.returncode == 0 and "--json" in result.stdout


def unwritable_sqlite(tmp_path):
    # A folder that cannot be created, even by root: its parent is a file.
    (tmp_path / "a-file").write_text("")
    return f"sqlite:///{tmp_path / 'a-file' / 'planwatch.sqlite3'}"


@pytest.mark.parametrize(
    "database_url, reason",
    [
        ("sqlite:///{tmp}/empty.sqlite3", "Cơ sở dữ liệu chưa được tạo"),
        (UNREACHABLE_POSTGRES, "Không kết nối được cơ sở dữ liệu"),
        ("unwritable", "Không kết nối được cơ sở dữ liệu"),
    ],
    ids=["never-migrated", "unreachable-postgresql", "unwritable-sqlite-folder"],
)
def test_parse_reads_a_seed_without_a_database(tmp_path, database_url, reason):
    url = unwritable_sqlite(tmp_path) if database_url == "unwritable" else database_url.format(tmp=tmp_path)
    result = planwatch(tmp_path, url, "parse", str(SEED))
    assert result.returncode == 0, result.stderr
    assert "183/KH-UBND" in result.stdout and "chỉ tiêu" in result.stdout
    assert reason in result.stderr and "không đối chiếu danh mục" in result.stderr
    assert "Traceback" not in result.stderr


def test_parse_runs_outside_the_test_suite_with_nothing_configured(tmp_path):
    """No SECRET_KEY, DEBUG unset, not under pytest: reading a document signs nothing, so it is not refused."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "-m", "planwatch.cli", "parse", str(SEED), "--no-register"],
        env={**env, "DATABASE_URL": UNREACHABLE_POSTGRES, "PLANWATCH_VAR_DIR": str(tmp_path)},
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "183/KH-UBND" in result.stdout
    assert not (tmp_path / "secret_key").exists()
