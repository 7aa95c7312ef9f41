"""One archive holding the whole state of an installation: the database, the media files, a manifest with checksums.

The archive is a gzip-compressed tar:

    database/planwatch.sqlite3   SQLite: a copy by SQLite's online backup API (consistent while the site runs)
    database/planwatch.pgdump    PostgreSQL: `pg_dump --format=custom`
    media/...                    MEDIA_ROOT: evidence files, the originals of import drafts
    manifest.json                every other member with its SHA-256 and size; the database engine, the latest
                                 migration of each app, the planwatch version, the time

`dumpdata` is not used: it loses timestamp precision and leaves the files out. Restoring reads and checks every
member against the manifest into a staging folder before it touches the database or the media folder; an archive
from another engine or from a newer schema is refused. The checksums find a damaged or altered archive; they are
not a signature (whoever can rewrite the archive can rewrite its manifest): keep backups where only operators write.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connection

import planwatch
from planwatch.operations.database import unreachable_message

FORMAT = "planwatch-backup/1"
MANIFEST = "manifest.json"
DUMP_NAMES = {"sqlite": "database/planwatch.sqlite3", "postgresql": "database/planwatch.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese then English."""


def _engine() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}. / Backups of {connection.vendor} are not supported."
        )
    return connection.vendor


def _postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"Không tìm thấy chương trình {name} (gói postgresql-client): hãy cài nó, cùng phiên bản chính với "
            f"máy chủ PostgreSQL, rồi chạy lại. / {name} was not found: install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    return path


def _postgres_env() -> dict[str, str]:
    """libpq's variables for the configured database: the password goes by environment, never on a command line."""
    config = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", config.get("HOST")), ("PGPORT", config.get("PORT")), ("PGUSER", config.get("USER")),
        ("PGPASSWORD", config.get("PASSWORD")), ("PGDATABASE", config.get("NAME")),
        ("PGSSLMODE", config.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


# --- migration state ---------------------------------------------------------------------------------------------


def _applied_latest() -> dict[str, str]:
    """The latest applied migration of each app: of an app's applied migrations, the one with the most ancestors."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    latest: dict[str, str] = {}
    for app in sorted({app for app, _ in loader.applied_migrations}):
        nodes = [node for node in loader.applied_migrations if node[0] == app]
        known = [node for node in nodes if node in loader.graph.nodes]
        if known:
            latest[app] = max(known, key=lambda node: (len(loader.graph.forwards_plan(node)), node[1]))[1]
        else:
            latest[app] = max(name for _, name in nodes)
    return latest


def _migrations_on_disk() -> tuple[set[tuple[str, str]], dict[str, str]]:
    """Every migration this code has (squashed and replaced ones too), and the latest of each app."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves = {app: name for app, name in loader.graph.leaf_nodes()}
    return set(loader.disk_migrations), leaves


# --- backup ------------------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        source_path = _sqlite_path()
        if not source_path.is_file():
            raise BackupError(
                f"Không có tệp cơ sở dữ liệu {source_path}. / The database file {source_path} does not exist."
            )
        # Read-only: the copy never creates or changes the live file; the backup API copies a consistent state
        # even while the site writes.
        source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    result = subprocess.run(
        [_postgres_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"],
        env=_postgres_env(), capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump thất bại / pg_dump failed:\n{result.stderr.strip()}")


def _media_files(media_root: Path, exclude: Path) -> list[tuple[Path, str]]:
    """The regular files under MEDIA_ROOT with their archive names, sorted; symbolic links are not followed."""
    found = []
    if not media_root.is_dir():
        return found
    for folder, dirs, files in os.walk(media_root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file() or path.resolve() == exclude:
                continue
            found.append((path, str(PurePosixPath("media", *path.relative_to(media_root).parts))))
    return found


def backup_create(*, output: Path) -> dict:
    """Write the archive to `output` (replaced only once complete, readable by its owner only); the manifest."""
    output = Path(output).resolve()
    if not output.parent.is_dir():
        raise BackupError(f"Không có thư mục {output.parent}. / The folder {output.parent} does not exist.")
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if media_root in output.parents:
        raise BackupError(
            "Không ghi bản sao lưu vào thư mục media (nó sẽ tự chứa chính nó). "
            "/ Write the backup outside MEDIA_ROOT."
        )
    engine = _engine()
    if engine == "postgresql":
        _postgres_tool("pg_dump")
    try:
        connection.ensure_connection()
        from django.db.migrations.recorder import MigrationRecorder

        if not MigrationRecorder(connection).has_table():
            raise BackupError(
                "Cơ sở dữ liệu chưa được tạo: không có gì để sao lưu (hãy chạy `planwatch migrate`). "
                "/ The database has no tables: nothing to back up."
            )
        migrations = _applied_latest()
    except DatabaseError as exc:
        raise BackupError(unreachable_message(exc)) from exc
    finally:
        connection.close()

    with tempfile.TemporaryDirectory(prefix=".planwatch-backup-", dir=output.parent) as work:
        dump = Path(work) / "database"
        _dump_database(engine, dump)
        members = [(dump, DUMP_NAMES[engine]), *_media_files(media_root, exclude=output)]
        partial = Path(work) / "archive.tar.gz"
        # The archive holds password hashes and every report: its owner only may read it.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        files = []
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            for path, name in members:
                entry = _add_hashed(archive, path, name)
                if entry:
                    files.append(entry)
            manifest = {
                "format": FORMAT,
                "planwatch_version": planwatch.__version__,
                "created_at": datetime.now(UTC).isoformat(),
                "database": {"engine": engine, "dump": DUMP_NAMES[engine]},
                "migrations": migrations,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
    return manifest


class _HashingReader:
    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def _add_hashed(archive: tarfile.TarFile, path: Path, name: str) -> dict | None:
    """Add one file, hashing the very bytes written (a file replaced meanwhile is skipped, never half-copied)."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return None  # an evidence file removed while the backup ran
    with handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return {"path": name, "sha256": reader.digest.hexdigest(), "size": reader.size}


# --- restore -----------------------------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and path.parts[:1] in (("database",), ("media",))


@dataclass
class PreparedRestore:
    """An archive read and checked into a staging folder; `apply()` puts it in place."""

    manifest: dict
    staging: Path
    database_in_use: bool
    media_in_use: bool
    behind: list[str] = field(default_factory=list)  # apps whose migrations the archive has not all reached

    @property
    def overwrites(self) -> bool:
        return self.database_in_use or self.media_in_use

    def apply(self) -> None:
        engine = self.manifest["database"]["engine"]
        dump = self.staging / self.manifest["database"]["dump"]
        connection.close()
        if engine == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgres(dump)
        _swap_media(self.staging / "media", Path(settings.MEDIA_ROOT))


def _read_archive(archive_path: Path, staging: Path) -> dict:
    """Unpack into `staging`, checking each member's name, size and SHA-256 against the manifest; the manifest."""
    try:
        with tarfile.open(archive_path, mode="r:*") as archive:
            try:
                manifest_member = archive.getmember(MANIFEST)
                manifest = json.loads(archive.extractfile(manifest_member).read().decode("utf-8"))
            except (KeyError, ValueError, AttributeError) as exc:
                raise BackupError(
                    f"{archive_path} không phải bản sao lưu planwatch (không có manifest.json đọc được). "
                    "/ Not a planwatch backup: no readable manifest.json."
                ) from exc
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(
                    f"Bản sao lưu có định dạng {manifest.get('format') if isinstance(manifest, dict) else '?'}, "
                    f"planwatch này đọc {FORMAT}. / Unknown backup format."
                )
            expected = {entry["path"]: entry for entry in manifest.get("files", [])}
            seen: set[str] = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not _safe_member_name(member.name) or member.name not in expected:
                    raise BackupError(
                        f"Bản sao lưu chứa mục lạ không có trong manifest: {member.name}. "
                        f"/ The archive holds a member the manifest does not list: {member.name}."
                    )
                if member.name in seen:
                    raise BackupError(f"Mục {member.name} xuất hiện hai lần. / {member.name} appears twice.")
                seen.add(member.name)
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with archive.extractfile(member) as source, open(target, "wb") as sink:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        sink.write(chunk)
                entry = expected[member.name]
                if digest.hexdigest() != entry["sha256"] or size != entry["size"]:
                    raise BackupError(
                        f"Tệp {member.name} trong bản sao lưu không khớp mã kiểm tra SHA-256 của manifest: bản sao "
                        "lưu bị hỏng hoặc bị sửa, không khôi phục. "
                        f"/ {member.name} does not match its SHA-256 checksum: the archive is damaged or altered."
                    )
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(
            f"Không đọc được bản sao lưu {archive_path}: {exc}. / Cannot read the backup archive."
        ) from exc
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            f"Bản sao lưu thiếu {len(missing)} tệp có trong manifest (ví dụ {missing[0]}). "
            "/ The archive lacks files its manifest lists."
        )
    dump = manifest.get("database", {}).get("dump")
    if dump not in seen:
        raise BackupError("Bản sao lưu không có cơ sở dữ liệu. / The archive holds no database dump.")
    return manifest


def _database_in_use(engine: str) -> bool:
    if engine == "sqlite" and not _sqlite_path().exists():
        return False
    try:
        return bool(connection.introspection.table_names())
    except DatabaseError as exc:
        raise BackupError(unreachable_message(exc)) from exc
    finally:
        connection.close()


def restore_prepare(*, archive: Path, staging_parent: Path | None = None) -> PreparedRestore:
    """Read and check the whole archive; refuse another engine or a newer schema. Nothing is changed yet."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không có tệp {archive}. / {archive} does not exist.")
    engine = _engine()
    if engine == "postgresql":
        _postgres_tool("pg_restore")
    media_root = Path(settings.MEDIA_ROOT)
    # Staged beside MEDIA_ROOT, so the media folder is swapped by a rename on the same file system.
    parent = staging_parent or media_root.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".planwatch-restore-", dir=parent))
    try:
        manifest = _read_archive(archive, staging)
        archived_engine = manifest.get("database", {}).get("engine")
        if archived_engine != engine:
            raise BackupError(
                f"Bản sao lưu là của cơ sở dữ liệu {archived_engine}, còn DATABASE_URL trỏ tới {engine}: "
                f"không khôi phục. / The backup is of a {archived_engine} database; the configured one is {engine}."
            )
        known, leaves = _migrations_on_disk()
        archived = manifest.get("migrations", {})
        newer = sorted(f"{app}.{name}" for app, name in archived.items() if (app, name) not in known)
        if newer:
            raise BackupError(
                f"Bản sao lưu có cấu trúc dữ liệu mới hơn phiên bản planwatch này ({', '.join(newer)}): hãy cập nhật "
                f"planwatch lên phiên bản {manifest.get('planwatch_version')} hoặc mới hơn rồi khôi phục. "
                "/ The backup comes from a newer schema than this planwatch knows: upgrade planwatch first."
            )
        behind = sorted(app for app, leaf in leaves.items() if archived.get(app) != leaf)
        return PreparedRestore(
            manifest=manifest, staging=staging, database_in_use=_database_in_use(engine),
            media_in_use=media_root.is_dir() and any(media_root.iterdir()), behind=behind,
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _restore_sqlite(dump: Path) -> None:
    copy = sqlite3.connect(dump)
    try:
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"Cơ sở dữ liệu trong bản sao lưu bị hỏng: {verdict}. / The archived database is corrupt.")
        target_path = _sqlite_path()
        target_path.parent.mkdir(parents=True, exist_ok=True)
        # The backup API writes every page of the target in one transaction: other connections see the old database
        # or the new one, never half; no stale journal is left beside a replaced file.
        target = sqlite3.connect(target_path, timeout=20)
        try:
            copy.backup(target)
        finally:
            target.close()
    finally:
        copy.close()


def _restore_postgres(dump: Path) -> None:
    result = subprocess.run(
        [
            _postgres_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
            "--single-transaction", "--exit-on-error", "--no-password",
            f"--dbname={settings.DATABASES['default']['NAME']}", str(dump),
        ],
        env=_postgres_env(), capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BackupError(
            "pg_restore thất bại, cơ sở dữ liệu giữ nguyên như trước (khôi phục trong một giao dịch). "
            f"/ pg_restore failed; the database is unchanged:\n{result.stderr.strip()}"
        )


def _swap_media(staged: Path, media_root: Path) -> None:
    staged.mkdir(parents=True, exist_ok=True)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    if not media_root.exists():
        staged.rename(media_root)
        return
    old = media_root.parent / f".{media_root.name}.before-restore"
    shutil.rmtree(old, ignore_errors=True)
    try:
        media_root.rename(old)
    except OSError:
        # MEDIA_ROOT is a mount point (or cannot be renamed): replace its content instead.
        for child in list(media_root.iterdir()):
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        for child in staged.iterdir():
            shutil.move(str(child), media_root / child.name)
        return
    staged.rename(media_root)
    shutil.rmtree(old, ignore_errors=True)


def restore_cleanup(prepared: PreparedRestore) -> None:
    shutil.rmtree(prepared.staging, ignore_errors=True)
