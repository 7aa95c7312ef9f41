"""Production settings as the README gives them: `check --deploy` silent, HTTPS everywhere, the demo key refused.

Each check runs planwatch in a subprocess whose environment is the README's production one, without pytest's
PYTEST_VERSION (the suite's allowance for the public key and plain http must not leak into what is tested here).
"""

import json
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import fetch, free_port, serving

ROOT = Path(__file__).resolve().parents[1]
DEMO_KEY = "planwatch-demo-key-change-me-in-production"
CLEARED = ("PYTEST_VERSION", "DATABASE_URL", "DEBUG", "SECRET_KEY", "PLANWATCH_HTTPS", "DJANGO_SETTINGS_MODULE",
           "ALLOWED_HOSTS", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD")


def readme_production_env() -> dict:
    """The `export` lines of the README's production section, as the shell would set them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running in production", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    env = {}
    for line in block.splitlines():
        if line.startswith("export "):
            for word in shlex.split(line[len("export "):], comments=True):
                name, _, value = word.partition("=")
                env[name] = value
    return env


def clean_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update({"PLANWATCH_VAR_DIR": str(tmp_path / "var"), **extra})
    return env


def production_env(tmp_path) -> dict:
    env = readme_production_env()
    assert env["DEBUG"] == "0" and "SECRET_KEY" in env and "ALLOWED_HOSTS" in env
    # The README's placeholder key and PostgreSQL server become a real random key and a file of this test.
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'planwatch.sqlite3'}"
    return clean_env(tmp_path, **env)


def run(env, *args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "planwatch.cli", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120,
    )


SETTINGS_DUMP = (
    "import json, django; from django.conf import settings as s; django.setup(); print(json.dumps({name: getattr(s, name) "
    "for name in ('DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_NAME', "
    "'CSRF_COOKIE_NAME', 'SESSION_COOKIE_SAMESITE', 'SECURE_PROXY_SSL_HEADER', 'SECRET_KEY')}))"
)


def settings_of(env, cwd) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_DUMP], env={**env, "DJANGO_SETTINGS_MODULE": "planwatch.settings"}, cwd=cwd,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_silent_with_the_readme_production_environment(tmp_path):
    result = run(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_turns_on_https_hsts_and_secure_host_only_cookies(tmp_path):
    env = production_env(tmp_path)
    settings = settings_of({**env, "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}, tmp_path)
    assert settings["DEBUG"] is False and settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600 and settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True and settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True and settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["SESSION_COOKIE_NAME"] == "__Host-sessionid" and settings["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings_of({**env, "SECURE_HSTS_SECONDS": "600"}, tmp_path)["SECURE_HSTS_SECONDS"] == 600


@pytest.mark.parametrize("secret", [None, "", DEMO_KEY], ids=["unset", "empty", "the-public-demo-key"])
def test_with_debug_0_the_demo_key_is_refused_with_a_message(tmp_path, secret):
    env = production_env(tmp_path)
    env.pop("SECRET_KEY")
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = run(env, "check", "--deploy", cwd=tmp_path)
    assert result.returncode == 1
    assert "Chưa đặt SECRET_KEY" in result.stderr and "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
    # The WSGI server (gunicorn imports planwatch.wsgi) refuses too.
    wsgi = subprocess.run([sys.executable, "-c", "import planwatch.wsgi"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert wsgi.returncode != 0 and "Chưa đặt SECRET_KEY" in wsgi.stderr


def test_with_debug_unset_outside_the_tests_the_demo_key_is_refused_too(tmp_path):
    env = clean_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'planwatch.sqlite3'}")
    result = run(env, "check", cwd=tmp_path)
    assert result.returncode == 1 and "Chưa đặt SECRET_KEY" in result.stderr


def test_debug_1_development_may_use_the_public_key_over_plain_http(tmp_path):
    env = clean_env(tmp_path, DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'planwatch.sqlite3'}")
    settings = settings_of(env, tmp_path)
    assert settings["SECRET_KEY"] == DEMO_KEY and settings["SECURE_SSL_REDIRECT"] is False


def test_the_demo_runs_outside_the_tests_on_its_own_random_key_over_plain_http(tmp_path):
    """The README's first command as a newcomer runs it: no SECRET_KEY, no DEBUG, not under pytest."""
    env = clean_env(tmp_path, PYTHONUNBUFFERED="1", PLANWATCH_IN_PROCESS_SCHEDULER="0")
    port = free_port()
    command = [sys.executable, "-m", "planwatch.cli", "demo", "--port", str(port)]
    with serving(command, env=env, cwd=tmp_path, port=port, log=tmp_path / "demo.log"):
        status, headers, body = fetch(port, "/dang-nhap/")
    assert status == 200, (status, headers)
    assert "Strict-Transport-Security" not in headers
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=") and "Secure" not in cookie
    key_file = tmp_path / "var" / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50 and key != DEMO_KEY
    assert key_file.stat().st_mode & 0o777 == 0o600
    # Later commands on the demo's database use the same key, still with nothing set.
    assert settings_of(clean_env(tmp_path), tmp_path)["SECRET_KEY"] == key
