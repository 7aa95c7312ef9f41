"""The project as a whole: settings from the environment, migrations in step with models, the console command."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


def settings_in_subprocess(env: dict) -> dict:
    code = (
        "import json, planwatch.settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
        "'debug': s.DEBUG, 'secret': s.SECRET_KEY, 'lang': s.LANGUAGE_CODE}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY")}
    result = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_sqlite_is_the_default(tmp_path):
    settings = settings_in_subprocess({"PLANWATCH_VAR_DIR": str(tmp_path)})
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(tmp_path / "planwatch.sqlite3")
    assert settings["debug"] is False and settings["lang"] == "vi"


def test_database_url_selects_postgresql(tmp_path):
    settings = settings_in_subprocess({
        "PLANWATCH_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://planner@db.example/planwatch",
        "DEBUG": "1", "SECRET_KEY": "s3cret",
    })
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["name"] == "planwatch"
    assert settings["debug"] is True and settings["secret"] == "s3cret"


@pytest.mark.django_db
def test_migrations_are_in_step_with_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_list_json_lists_documents():
    out = StringIO()
    call_command("list", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    numbers = {row["number"] for row in rows}
    assert {"183/KH-UBND", "140/KH-UBND", "50/NQ-CP"} <= numbers
    draft = next(row for row in rows if row["id"] == "kh-ubnd-2024-chi-tieu-dai-hoi-xvii")
    assert draft["number"] is None and draft["date"] == "2024" and draft["kind"] == "plan"


@pytest.mark.django_db
def test_show_json_prints_the_format():
    out = StringIO()
    call_command("show", "183/KH-UBND", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["format"] == "planwatch/1"
    assert data["document"]["number"] == "183/KH-UBND" and data["document"]["date"] == "2021-08-10"
    first = data["indicators"][0]
    assert first["targets"] == [{"horizon": "2025", "text": "7,5-8,0", "op": "range", "low": 7.5, "high": 8}]
    task = next(t for t in data["tasks"] if t["code"] == "2")
    # Plan 183 dates each task's framework plan, not the task (docs/format.md, `framework_deadline`).
    assert task["deadline"] is None
    assert task["framework_deadline"] == {
        "text": "Tháng 9/2021", "kind": "date", "due_dates": ["2021-09-30"], "recurrence": None,
    }


@pytest.mark.django_db
def test_show_says_when_a_document_is_unknown():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không tìm thấy văn bản"):
        call_command("show", "999/KH-UBND", "--json")


def test_the_console_command_takes_hyphenated_names():
    result = subprocess.run(
        [sys.executable, "-m", "planwatch.cli", "load-demo", "--help"], capture_output=True, text=True, check=True,
    )
    assert "Nạp dữ liệu Hà Nội" in result.stdout
