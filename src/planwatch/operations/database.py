"""Is the configured database there and migrated? Asked by the console command before any command that needs it.

A command run on a database that is unreachable or never migrated would otherwise end in a traceback
("no such table", "connection refused"); this says, in Vietnamese and English, what to run or what to check.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection


def database_where() -> str:
    """The configured database as an operator recognizes it, without its password."""
    config = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"SQLite {config['NAME']}"
    host = config.get("HOST") or "localhost"
    port = config.get("PORT") or ""
    return f"{connection.vendor} {host}{':' if port else ''}{port}/{config.get('NAME')}"


def unreachable_message(exc: Exception) -> str:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return (
        f"Không kết nối được cơ sở dữ liệu ({database_where()}): {reason}. "
        "Hãy kiểm tra biến môi trường DATABASE_URL và máy chủ cơ sở dữ liệu.\n"
        "Cannot connect to the database: check DATABASE_URL and the database server."
    )


def database_problem(*, require_migrated: bool = True) -> str | None:
    """None when the database answers (and, if asked, has every migration applied); else what to do about it."""
    from django.db.migrations.executor import MigrationExecutor

    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        if not executor.recorder.has_table():
            return (
                f"Cơ sở dữ liệu chưa được tạo ({database_where()}): hãy chạy `planwatch migrate` "
                "(hoặc `planwatch restore TỆP` để khôi phục một bản sao lưu).\n"
                "The database has no tables yet: run `planwatch migrate` (or `planwatch restore FILE`)."
            )
        if not require_migrated:
            return None
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return unreachable_message(exc)
    finally:
        # The command opens its own connection when it runs; nothing is kept from the check. Inside a transaction
        # (a command called from code, or a test) closing would break the caller's work: the connection stays.
        if not connection.in_atomic_block:
            connection.close()
    if pending:
        return (
            f"Cơ sở dữ liệu ({database_where()}) còn {len(pending)} bước cập nhật cấu trúc chưa chạy: "
            "hãy chạy `planwatch migrate`.\n"
            f"The database has {len(pending)} unapplied migrations: run `planwatch migrate`."
        )
    return None
