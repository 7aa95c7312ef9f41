"""The one settings module, driven by the environment.

Every knob has a safe default for the embedded demo (SQLite file under ./var).
Production sets DATABASE_URL, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PLANWATCH_VAR_DIR", Path.cwd() / "var"))


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")

# A fixed, clearly-marked key is acceptable only for the embedded demo; production must set its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "planwatch-demo-key-change-me-in-production")
if not DEBUG and SECRET_KEY.startswith("planwatch-demo-key") and envbool("PLANWATCH_REQUIRE_SECRET", "False"):
    raise RuntimeError("SECRET_KEY must be set in production (PLANWATCH_REQUIRE_SECRET is on).")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "planwatch.audit",
    "planwatch.accounts",
    "planwatch.registry",
    "planwatch.reporting",
    "planwatch.reports",
    "planwatch.web",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "planwatch.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "planwatch.urls"
WSGI_APPLICATION = "planwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'planwatch.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Wait for a writer instead of failing at once when the demo server and a command overlap.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
# Django's own vi formats lack DATE_INPUT_FORMATS: ours put dd/mm/yyyy first.
FORMAT_MODULE_PATH = ["planwatch.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Files come straight from the apps' static folders, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"

# A pasted plan and its review form are large: 20 MB of text, a field per reviewed cell.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Background jobs (reporting reminders, escalations, recurring rounds, emails), see docs/reporting.md.
# Default "in-process": huey runs each job at once in the process that asks, and a scheduler thread in the web
# process runs the hourly jobs. With REDIS_URL (or PLANWATCH_JOBS=worker) jobs go to Redis and a separate
# `planwatch worker` runs them and the schedule.
REDIS_URL = os.environ.get("REDIS_URL", "")
PLANWATCH_JOBS = os.environ.get("PLANWATCH_JOBS", "worker" if REDIS_URL else "in-process")
if PLANWATCH_JOBS not in ("in-process", "worker"):
    raise RuntimeError("PLANWATCH_JOBS must be 'in-process' or 'worker'.")
if PLANWATCH_JOBS == "worker":
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("PLANWATCH_QUEUE_NAME", "planwatch"),
        "immediate": False,
        "results": False,
        "connection": {"url": REDIS_URL or "redis://127.0.0.1:6379/0"},
        "consumer": {"workers": envint("PLANWATCH_WORKERS", "2"), "worker_type": "thread"},
    }
else:
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "planwatch", "immediate": True, "results": False}
# The test suite drives the jobs itself, with the clock moved; a scheduler thread there would race it.
PLANWATCH_IN_PROCESS_SCHEDULER = envbool(
    "PLANWATCH_IN_PROCESS_SCHEDULER", "0" if "PYTEST_VERSION" in os.environ else "1",
)

# Email: printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for EMAIL_BACKEND=...filebased...
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "planwatch <planwatch@localhost>")
# Links in emails point here.
PLANWATCH_BASE_URL = os.environ.get("PLANWATCH_BASE_URL", "http://127.0.0.1:8000")

# Reporting rounds: reminders before the deadline (days), then every N days after it; escalation to the
# responsible leader after that many reminders past the deadline; recurring rounds open this many days ahead.
PLANWATCH_REMINDER_DAYS_BEFORE = [int(day) for day in envlist("PLANWATCH_REMINDER_DAYS_BEFORE", "7,2")]
PLANWATCH_REMINDER_EVERY_DAYS = envint("PLANWATCH_REMINDER_EVERY_DAYS", "3")
PLANWATCH_ESCALATE_AFTER_REMINDERS = envint("PLANWATCH_ESCALATE_AFTER_REMINDERS", "2")
PLANWATCH_RECURRING_ROUND_LEAD_DAYS = envint("PLANWATCH_RECURRING_ROUND_LEAD_DAYS", "30")
PLANWATCH_EVIDENCE_MAX_BYTES = envint("PLANWATCH_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
