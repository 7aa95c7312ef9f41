"""The `planwatch` console command: Django's manage.py under the project's name.

`planwatch migrate`, `planwatch runserver`, `planwatch load-demo`, `planwatch show ID --json`...
Our own commands are spelled with hyphens on the command line and underscores as modules.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
