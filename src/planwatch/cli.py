"""The `planwatch` console command: Django's manage.py under the project's name.

`planwatch migrate`, `planwatch runserver`, `planwatch load-demo`, `planwatch show ID --json`...
Our own commands are spelled with hyphens on the command line and underscores as modules.

Before a command that needs the database, the database is checked: unreachable or not migrated, the command
stops with a message saying what to do (exit status 1) instead of a traceback.
"""

import os
import secrets
import sys
from pathlib import Path

# Commands that work without a migrated database: they create it, read no data, or check it themselves
# (`parse` reads without the register, `backup` and `restore` say what is wrong in their own words).
NO_DATABASE_NEEDED = {
    "help", "version", "check", "diffsettings", "migrate", "makemigrations", "showmigrations", "sqlmigrate",
    "squashmigrations", "optimizemigration", "compilemessages", "makemessages", "collectstatic", "findstatic",
    "shell", "dbshell", "inspectdb", "sqlflush", "sqlsequencereset", "startapp", "startproject", "sendtestemail",
    "test", "testserver", "runserver", "demo", "parse", "backup", "restore",
}
# These serve plain http on 127.0.0.1: the HTTPS redirect, HSTS and secure cookies would lock the browser out.
PLAIN_HTTP = {"demo", "runserver"}
# Commands that sign nothing with SECRET_KEY (no session, cookie or link) and so run without one configured.
SIGNS_NOTHING = {"parse", "help", "version"}


def demo_secret_key() -> None:
    """The demo's own random key, written once under var/ (settings read it): never the public key in the code."""
    if os.environ.get("SECRET_KEY"):
        return
    # The same folder settings.py calls VAR_DIR.
    var_dir = Path(os.environ.get("PLANWATCH_VAR_DIR", Path.cwd() / "var"))
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return
    var_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    command = None
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = command = argv[1].replace("-", "_")
    if command in PLAIN_HTTP:
        os.environ.setdefault("PLANWATCH_HTTPS", "0")
    if command == "demo":
        demo_secret_key()
    if command in SIGNS_NOTHING and not os.environ.get("SECRET_KEY"):
        # Reading a document signs no cookie or link: a throwaway key lets it run on a machine with nothing set up.
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)

    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        # A refused configuration (the demo key with DEBUG=0...) is a message for the operator, not a traceback.
        sys.stderr.write(f"{exc}\n")
        sys.exit(1)

    asks_help = any(arg in ("-h", "--help") for arg in argv[2:])
    if command and command not in NO_DATABASE_NEEDED and not asks_help:
        from planwatch.operations.database import database_problem

        problem = database_problem()
        if problem:
            sys.stderr.write(f"{problem}\n")
            sys.exit(1)

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
