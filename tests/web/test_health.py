"""`/healthz` for load balancers and monitoring, and the production server (gunicorn) the README gives."""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import fetch, free_port, serving

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


@pytest.mark.django_db
def test_healthz_answers_an_anonymous_probe_without_setting_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_takes_no_writes(client):
    assert client.post("/healthz").status_code == 405


def production_env(tmp_path, database_url):
    """The README's production settings, outside pytest's allowances, behind a TLS-ending proxy."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_VERSION", "DATABASE_URL", "DEBUG", "SECRET_KEY", "PLANWATCH_HTTPS",
                        "DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update({
        "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
        "PLANWATCH_VAR_DIR": str(tmp_path / "var"), "PLANWATCH_IN_PROCESS_SCHEDULER": "0",
    })
    return env


def gunicorn(port):
    assert shutil.which(GUNICORN), f"gunicorn not found at {GUNICORN}: pip install -e . installs it"
    return [GUNICORN, "planwatch.wsgi:application", "--workers", "1", "--bind", f"127.0.0.1:{port}"]


def test_gunicorn_serves_healthz_and_https_only_pages_on_a_fresh_database(tmp_path):
    env = production_env(tmp_path, f"sqlite:///{tmp_path / 'planwatch.sqlite3'}")
    port = free_port()
    with serving(gunicorn(port), env=env, cwd=tmp_path, port=port, log=tmp_path / "gunicorn.log"):
        health = fetch(port, "/healthz")
        plain = fetch(port, "/dang-nhap/")
        proxied = fetch(port, "/dang-nhap/", {"X-Forwarded-Proto": "https"})
    status, headers, body = health
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert "Set-Cookie" not in headers
    # Plain http is sent to https; over https (as the proxy says) HSTS and secure, host-only cookies.
    status, headers, _ = plain
    assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/dang-nhap/"
    status, headers, _ = proxied
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    # The server's name, but no version for an attacker to look up.
    assert not re.search(r"\d", headers.get("Server", ""))
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("__Host-csrftoken=") and "; Secure" in cookie and "; Path=/" in cookie
    assert "SameSite=Lax" in cookie and "Domain=" not in cookie


def test_gunicorn_healthz_says_503_without_details_when_the_database_is_down(tmp_path):
    env = production_env(tmp_path, "postgres://planwatch:hunter2@127.0.0.1:1/planwatch")
    port = free_port()
    with serving(gunicorn(port), env=env, cwd=tmp_path, port=port, log=tmp_path / "gunicorn.log"):
        status, headers, body = fetch(port, "/healthz")
    assert status == 503
    assert json.loads(body) == {"status": "error", "reason": "database unavailable"}
    assert b"refused" not in body and b"hunter2" not in body
    # The reason is in the server's log, for the operator.
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Connection refused" in log and "hunter2" not in log
