"""The backup drill: back up a site, restore it into a fresh database and media folder, compare every table row by row
and every file by checksum; on SQLite always, on PostgreSQL when a server and pg_dump are there (issue 13).

Everything runs as an operator would, `planwatch backup` / `planwatch restore` in subprocesses pointed at their
own databases by the environment.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
UPLOADED_AT = "2024-06-30 08:15:42.123456"
EVIDENCE = b"%PDF-1.4\n% bien ban nghiem thu\n" + bytes(range(256)) * 40
ORIGINAL = "nhap-van-ban/Kế hoạch 183 (bản gốc).docx"
ADD_EVIDENCE = f"""
from datetime import datetime, timezone
from django.core.files.base import ContentFile
from planwatch.reporting.models import Evidence, TaskLine
line = TaskLine.objects.order_by("pk").first()
evidence = Evidence(line=line, name="Biên bản nghiệm thu.pdf", size={len(EVIDENCE)}, content_type="application/pdf",
                    uploaded_at=datetime(2024, 6, 30, 8, 15, 42, 123456, tzinfo=timezone.utc))
evidence.file.save("bien-ban.pdf", ContentFile({EVIDENCE!r}), save=False)
evidence.save()
"""


def site_env(var_dir: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update({"DATABASE_URL": database_url, "PLANWATCH_VAR_DIR": str(var_dir), "PLANWATCH_IN_PROCESS_SCHEDULER": "0"})
    return env


def planwatch(env: dict, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "planwatch.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=600, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == expect, f"planwatch {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result


def build_site(env: dict, var_dir: Path) -> None:
    """The demo data, an evidence file uploaded at a time with microseconds, an import draft's original."""
    planwatch(env, "migrate", "-v0")
    planwatch(env, "load-demo")
    planwatch(env, "shell", "-c", ADD_EVIDENCE)
    original = var_dir / "media" / ORIGINAL
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"PK\x03\x04 not really a docx " * 100)


def media_checksums(media_root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*")) if path.is_file()
    }


def sqlite_tables(path: Path) -> dict[str, list]:
    """Every table (found by introspection) with its rows, in a stable order; and the schema itself."""
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        tables = {name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
        tables["(schema)"] = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    return tables


def rewrite_archive(source: Path, target: Path, *, member: str | None = None, manifest=None) -> None:
    """A copy of the archive with one member's content altered (its manifest entry left as it was), or with the
    manifest changed and every checksum still right (an archive from another installation)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()
            if info.name == member:
                data = data[:-1] + bytes([data[-1] ^ 1])
            if info.name == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
                info.size = len(data)
            new.addfile(info, io.BytesIO(data))


# --- SQLite ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory):
    """A site on SQLite and its backup: (environment, var folder, archive)."""
    var_dir = tmp_path_factory.mktemp("site")
    env = site_env(var_dir, f"sqlite:///{var_dir / 'planwatch.sqlite3'}")
    build_site(env, var_dir)
    archive = var_dir.parent / f"{var_dir.name}-backup.tar.gz"
    result = planwatch(env, "backup", "-o", str(archive))
    assert "Đã sao lưu" in result.stdout
    return env, var_dir, archive


def test_the_archive_lists_every_file_with_its_checksum_engine_and_migrations(sqlite_backup):
    _, var_dir, archive = sqlite_backup
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
        for entry in manifest["files"]:
            assert hashlib.sha256(tar.extractfile(entry["path"]).read()).hexdigest() == entry["sha256"]
    assert names == {"manifest.json"} | {entry["path"] for entry in manifest["files"]}
    assert manifest["database"] == {"engine": "sqlite", "dump": "database/planwatch.sqlite3"}
    assert manifest["migrations"]["registry"] == max(
        path.stem for path in (ROOT / "src/planwatch/registry/migrations").glob("0*.py")
    )
    assert f"media/{ORIGINAL}" in names
    assert sum(name.startswith("media/minh-chung/") for name in names) == 1
    assert manifest["planwatch_version"] and manifest["created_at"]


def test_the_sqlite_drill_restores_every_row_and_file_into_a_fresh_site(sqlite_backup, tmp_path):
    env, var_dir, archive = sqlite_backup
    restored = tmp_path / "restored"
    restored_env = site_env(restored, f"sqlite:///{restored / 'db' / 'planwatch.sqlite3'}")
    result = planwatch(restored_env, "restore", str(archive))  # an empty target: no confirmation asked
    assert "Đã khôi phục" in result.stdout

    original, copy = sqlite_tables(var_dir / "planwatch.sqlite3"), sqlite_tables(restored / "db" / "planwatch.sqlite3")
    assert original.keys() == copy.keys()
    for table in original:
        assert original[table] == copy[table], f"table {table} differs"
    assert len(copy["registry_document"]) >= 3 and len(copy["auth_user"]) >= 10
    assert [row[0] for row in sqlite3.connect(restored / "db" / "planwatch.sqlite3").execute(
        "SELECT uploaded_at FROM reporting_evidence")] == [UPLOADED_AT]

    files = media_checksums(restored / "media")
    assert files == media_checksums(var_dir / "media") and len(files) == 2
    assert hashlib.sha256(EVIDENCE).hexdigest() in files.values()
    # The restored site answers as the original did.
    assert planwatch(restored_env, "show", "183-kh-ubnd", "--json").stdout == planwatch(
        env, "show", "183-kh-ubnd", "--json").stdout


def test_restoring_over_a_site_with_data_needs_yes(sqlite_backup, tmp_path):
    env, _, archive = sqlite_backup
    target = tmp_path / "target"
    target_env = site_env(target, f"sqlite:///{target / 'planwatch.sqlite3'}")
    planwatch(target_env, "migrate", "-v0")
    (target / "media").mkdir(parents=True, exist_ok=True)
    (target / "media" / "stale.txt").write_text("from before the restore")

    refused = planwatch(target_env, "restore", str(archive), expect=1)
    assert "thêm --yes để ghi đè" in refused.stderr
    assert (target / "media" / "stale.txt").exists()
    assert sqlite_tables(target / "planwatch.sqlite3")["registry_document"] == []

    planwatch(target_env, "restore", str(archive), "--yes")
    assert not (target / "media" / "stale.txt").exists()
    assert len(sqlite_tables(target / "planwatch.sqlite3")["registry_document"]) >= 3
    planwatch(target_env, "list")  # migrated and whole: the command line is not stopped


@pytest.mark.parametrize("member", ["database/planwatch.sqlite3", "media/" + ORIGINAL])
def test_an_altered_archive_is_refused_before_anything_is_touched(sqlite_backup, tmp_path, member):
    _, var_dir, archive = sqlite_backup
    altered = tmp_path / "altered.tar.gz"
    rewrite_archive(archive, altered, member=member)
    target = tmp_path / "target"
    target_env = site_env(target, f"sqlite:///{target / 'planwatch.sqlite3'}")
    target.mkdir()
    shutil.copy(var_dir / "planwatch.sqlite3", target / "planwatch.sqlite3")  # a site with data
    before = hashlib.sha256((target / "planwatch.sqlite3").read_bytes()).hexdigest()

    result = planwatch(target_env, "restore", str(altered), "--yes", expect=1)
    assert f"Tệp {member} trong bản sao lưu không khớp mã kiểm tra SHA-256" in result.stderr
    assert hashlib.sha256((target / "planwatch.sqlite3").read_bytes()).hexdigest() == before
    assert not (target / "media").exists() or media_checksums(target / "media") == {}
    assert not list(target.glob(".planwatch-restore-*"))  # the staging folder is gone


def test_an_archive_from_a_newer_schema_is_refused(sqlite_backup, tmp_path):
    _, _, archive = sqlite_backup
    newer = tmp_path / "newer.tar.gz"

    def from_the_future(manifest):
        manifest["migrations"]["registry"] = "9999_from_a_later_planwatch"
        return manifest

    rewrite_archive(archive, newer, manifest=from_the_future)
    target = tmp_path / "target"
    result = planwatch(site_env(target, f"sqlite:///{target / 'planwatch.sqlite3'}"), "restore", str(newer), expect=1)
    assert "cấu trúc dữ liệu mới hơn" in result.stderr and "registry.9999_from_a_later_planwatch" in result.stderr
    assert not (target / "planwatch.sqlite3").exists()


def test_a_file_that_is_no_backup_is_refused(tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(b"just some bytes")
    target = tmp_path / "target"
    result = planwatch(site_env(target, f"sqlite:///{target / 'planwatch.sqlite3'}"), "restore", str(not_a_backup),
                       expect=1)
    assert "Không đọc được bản sao lưu" in result.stderr


def test_backup_on_postgresql_without_pg_dump_says_what_to_install(tmp_path):
    env = site_env(tmp_path, "postgres://planwatch@127.0.0.1:1/planwatch")
    env["PATH"] = str(tmp_path / "empty-path")
    result = planwatch(env, "backup", "-o", str(tmp_path / "b.tar.gz"), expect=1)
    assert "Không tìm thấy chương trình pg_dump" in result.stderr and "postgresql-client" in result.stderr


# --- PostgreSQL --------------------------------------------------------------------------------------------------


def postgres_server_url() -> str | None:
    """The suite's PostgreSQL server (or the local one) when it answers and pg_dump is installed; else None."""
    suite = os.environ.get("DATABASE_URL", "")
    on_postgres = suite.startswith(("postgres://", "postgresql://"))
    url = suite if on_postgres else os.environ.get(
        "PLANWATCH_DRILL_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    import psycopg

    problem = None
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        problem = "pg_dump / pg_restore not installed"
    else:
        try:
            psycopg.connect(url, connect_timeout=3).close()
        except psycopg.Error as exc:
            problem = f"PostgreSQL does not answer at {url}: {exc}"
    if problem and on_postgres:
        pytest.fail(f"the suite runs on PostgreSQL, so the backup drill must too: {problem}")
    if problem:
        pytest.skip(f"no PostgreSQL drill here: {problem}")
    return url


def pg_tables(url: str) -> dict[str, list]:
    import psycopg

    with psycopg.connect(url) as connection:
        names = [row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name")]
        tables = {name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
        tables["(sequences)"] = connection.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1").fetchall()
        tables["(columns)"] = connection.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY 1, 2").fetchall()
    return tables


def test_the_postgresql_drill_restores_every_row_and_file_into_a_fresh_database(tmp_path):
    import psycopg

    server = postgres_server_url()
    parts = urlsplit(server)
    admin = urlunsplit(parts._replace(path="/postgres"))
    # A name of its own per run: the SQLite and the PostgreSQL runs of CI, and parallel runs, never meet.
    stem = f"pw_backup_drill_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    source_url, target_url = (urlunsplit(parts._replace(path=f"/{stem}_{side}")) for side in ("source", "target"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{stem}_source"')
        connection.execute(f'CREATE DATABASE "{stem}_target"')
    try:
        source, target = tmp_path / "source", tmp_path / "target"
        source_env, target_env = site_env(source, source_url), site_env(target, target_url)
        build_site(source_env, source)
        archive = tmp_path / "backup.tar.gz"
        planwatch(source_env, "backup", "-o", str(archive))
        with tarfile.open(archive) as tar:
            assert json.loads(tar.extractfile("manifest.json").read())["database"]["engine"] == "postgresql"

        planwatch(target_env, "restore", str(archive))
        original, copy = pg_tables(source_url), pg_tables(target_url)
        assert original.keys() == copy.keys()
        for table in original:
            assert original[table] == copy[table], f"table {table} differs"
        assert len(copy["registry_document"]) >= 3
        with psycopg.connect(target_url) as connection:
            uploaded = connection.execute("SELECT uploaded_at FROM reporting_evidence").fetchone()[0]
        assert uploaded.microsecond == 123456
        assert media_checksums(target / "media") == media_checksums(source / "media")
        assert len(media_checksums(target / "media")) == 2

        # Restoring again over the restored database: asked to confirm, then done in one transaction.
        assert "--yes" in planwatch(target_env, "restore", str(archive), expect=1).stderr
        planwatch(target_env, "restore", str(archive), "--yes")
        assert pg_tables(target_url) == original

        # A PostgreSQL archive is not restored into SQLite.
        elsewhere = tmp_path / "sqlite"
        refused = planwatch(site_env(elsewhere, f"sqlite:///{elsewhere / 'planwatch.sqlite3'}"), "restore",
                            str(archive), expect=1)
        assert "Bản sao lưu là của cơ sở dữ liệu postgresql" in refused.stderr
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{stem}_source" WITH (FORCE)')
            connection.execute(f'DROP DATABASE IF EXISTS "{stem}_target" WITH (FORCE)')
