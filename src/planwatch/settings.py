"""The one settings module, driven by the environment.

Every knob has a safe default for the embedded demo (SQLite file under ./var).
Production sets DATABASE_URL, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
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
# pytest puts PYTEST_VERSION in the environment of the suite and of every process it starts.
UNDER_PYTEST = "PYTEST_VERSION" in os.environ

# --- Deployment and transport security (issue 13; docs/operations.md) ---
# The secret key signs sessions, CSRF tokens and password-reset links: SECRET_KEY from the environment, else the
# random key `planwatch demo` writes once to var/secret_key. The public key in this file is for the test suite and
# DEBUG=1 development only: with DEBUG=0 outside pytest planwatch refuses to start rather than run on it.
DEMO_SECRET_KEY = "planwatch-demo-key-change-me-in-production"
SECRET_KEY_FILE = VAR_DIR / "secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
if not SECRET_KEY or SECRET_KEY.startswith("planwatch-demo-key"):
    if not DEBUG and not UNDER_PYTEST:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "Chưa đặt SECRET_KEY: khi DEBUG=0, planwatch không chạy bằng khoá công khai của bản dùng thử. "
            "Hãy đặt biến môi trường SECRET_KEY (ít nhất 50 ký tự ngẫu nhiên: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "/ SECRET_KEY is not set: with DEBUG=0 planwatch refuses the demo's public key; "
            "set the SECRET_KEY environment variable to 50 or more random characters."
        )
    SECRET_KEY = DEMO_SECRET_KEY

# HTTPS is on whenever DEBUG=0: redirect to https, HSTS, cookies sent over TLS only. Off for the test suite (its live
# servers speak http) and for `planwatch demo` / `runserver`, which speak plain http on 127.0.0.1 and so set
# PLANWATCH_HTTPS=0 themselves (cli.py). A deployment without TLS must say PLANWATCH_HTTPS=0 explicitly.
PLANWATCH_HTTPS = envbool("PLANWATCH_HTTPS", "0" if DEBUG or UNDER_PYTEST else "1")
SECURE_SSL_REDIRECT = PLANWATCH_HTTPS
# A load balancer's or a monitor's probe may come over plain http from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)) if PLANWATCH_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
# The header's `preload` token only consents to a submission at hstspreload.org (made by hand, for a whole domain).
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
# Behind a reverse proxy that ends TLS: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO, and the proxy must set
# that header itself (overwriting the client's), or a client could claim https.
SECURE_PROXY_SSL_HEADER = (
    (os.environ["SECURE_PROXY_SSL_HEADER"].strip(), "https") if os.environ.get("SECURE_PROXY_SSL_HEADER") else None
)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = PLANWATCH_HTTPS
if PLANWATCH_HTTPS:
    # `__Host-`: the browser keeps these cookies only from https, for this host alone, on path / (ASVS 3.4.4).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# --- end of deployment and transport security ---

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
    "planwatch.jobs",  # round-wide work away from the request, with progress (issue 14, docs/scaling.md)
    "planwatch.accounts",
    "planwatch.registry",
    "planwatch.reporting",
    "planwatch.frameworks",
    "planwatch.series",  # indicator series across documents (issue 12, docs/series.md)
    "planwatch.cascade",  # contributions of lower plans, administrative units over time (issue 12, docs/cascade.md)
    "planwatch.reports",
    "planwatch.web",
    "planwatch.operations",  # backup and restore (issue 13)
    "planwatch.exchange",  # DHIS2 and SDMX exports, dataValueSets import (issue 12, docs/exchange.md)
    "planwatch.portal",  # the public portal /cong-khai/: published plans, open data (issue 12, docs/portal.md)
    "huey.contrib.djhuey",
    "axes",  # sign-in lockout and sign-in records (issue 13), see the authentication block below
    # The REST API /api/v1/ (issue 12, docs/api.md); before "ninja" so its docs template overrides ninja's.
    "planwatch.api",
    "ninja",  # django-ninja: listed so the Swagger UI is served from our static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (issue 13: no script from data), see web/security.py.
    "planwatch.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "planwatch.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A NUL character in a parameter answers 400, not PostgreSQL's 500 (issue 13; web/inputs.py).
    "planwatch.web.inputs.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and absolute lifetime of sessions (issue 13): after auth, to know the user; after messages, to say why.
    "planwatch.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: turns a sign-in refused for lockout into the lockout page (issue 13).
    "axes.middleware.AxesMiddleware",
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
    try:
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # an unwritable place: `parse` works without a database, other commands say what is wrong (cli.py)
    # Wait for a writer instead of failing at once when the demo server and a command overlap.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# A server process loads what its requests would load lazily and hides it from the garbage collector before its
# first request (wsgi.py, operations/warmup.py): the collector's full passes no longer walk the application.
PLANWATCH_GC_FREEZE = envbool("PLANWATCH_GC_FREEZE", "1")

# A PostgreSQL read replica for the reads of the public portal and the API (operations/replica.py, docs/scaling.md):
# off unless DATABASE_REPLICA_URL names one. The paths whose safe requests read there, and how long a client that
# wrote reads the primary instead (a replica lags: who has just written sees what they wrote).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
PLANWATCH_REPLICA_PATHS = tuple(envlist("PLANWATCH_REPLICA_PATHS", "/cong-khai/,/api/v1/"))
PLANWATCH_REPLICA_STICKY_SECONDS = envint("PLANWATCH_REPLICA_STICKY_SECONDS", "10")
# A replica that cannot be reached is left alone this long: the primary serves meanwhile.
PLANWATCH_REPLICA_RETRY_SECONDS = envint("PLANWATCH_REPLICA_RETRY_SECONDS", "30")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=envint("DB_CONN_MAX_AGE", "0")),
        "TEST": {"MIRROR": "default"},  # tests have one database: the replica is the primary itself
    }
    DATABASE_ROUTERS = ["planwatch.operations.replica.ReplicaRouter"]
    # Around the sessions: it reads the session cookie a sign-in answers with.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "planwatch.operations.replica.ReplicaMiddleware")
elif UNDER_PYTEST:
    # The suite's replica: the test database itself (a mirror), which nothing reads unless a test turns the router
    # and the middleware on (tests/test_read_replica.py).
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication: password rules, lockout, sessions (issue 13; ASVS V2, V3) ---
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's similarity ratio lets `yte12345` through for `yte`: ours refuses any password holding the login name.
    {"NAME": "planwatch.accounts.passwords.UsernameInPasswordValidator"},
    # ASVS 2.1.1 asks for 12 characters at least.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PLANWATCH_PASSWORD_MIN_LENGTH", "12")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before the password is even checked.
    "planwatch.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: an account signing in from one address is locked after N failures for the cool-off; each failure
# during the lockout starts the cool-off again. A success clears the count. Every failure is kept
# (AccessFailureLog), every sign-in and sign-out too (AccessLog); the back office shows them read-only.
AXES_FAILURE_LIMIT = envint("PLANWATCH_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("PLANWATCH_LOGIN_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "planwatch.accounts.views.locked_out"
AXES_ENABLE_ADMIN = False  # planwatch.accounts.login_records registers read-only admins instead
# The address is REMOTE_ADDR: behind a reverse proxy all clients share the proxy's, and the lock is per account.
# Sessions: ended after PLANWATCH_IDLE_TIMEOUT_MINUTES unused and PLANWATCH_SESSION_MAX_HOURS after sign-in
# (planwatch.accounts.middleware); the cookie lives no longer than the latter.
PLANWATCH_IDLE_TIMEOUT_MINUTES = envint("PLANWATCH_IDLE_TIMEOUT_MINUTES", "30")
SESSION_COOKIE_AGE = envint("PLANWATCH_SESSION_MAX_HOURS", "12") * 3600
# --- end of authentication ---
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
# SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE follow PLANWATCH_HTTPS (the deployment block above).
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
# Round-wide work (opening a round for every plan, exports across a round; planwatch.jobs) runs, without a worker,
# in a thread of the web process; the test suite runs it at once, inside the request that asks.
PLANWATCH_JOBS_IN_THREAD = envbool("PLANWATCH_JOBS_IN_THREAD", "0" if "PYTEST_VERSION" in os.environ else "1")
# A tracked plan whose rows a transaction changed is computed again in the background once it commits, so that the
# next reader finds its results kept (registry/warming.py); the test suite computes when a page reads instead.
PLANWATCH_RESULTS_REFRESH = envbool("PLANWATCH_RESULTS_REFRESH", "0" if "PYTEST_VERSION" in os.environ else "1")
# The planning department's home computes at most this many plans whose results are not kept; the others are
# computed in a thread of the web process and counted once kept (registry/warming.py).
PLANWATCH_HOME_PLANS_COMPUTED = envint("PLANWATCH_HOME_PLANS_COMPUTED", "5")
# A running job writes a heartbeat to its row this often (seconds); one silent for PLANWATCH_JOB_STALE_SECONDS was
# left by a process that died (a restart, a crash) and is marked failed, so nobody waits on it for ever.
PLANWATCH_JOB_HEARTBEAT_SECONDS = envint("PLANWATCH_JOB_HEARTBEAT_SECONDS", "60")
PLANWATCH_JOB_STALE_SECONDS = envint("PLANWATCH_JOB_STALE_SECONDS", "600")
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
# Tasks and framework plans are chased with the same rhythm; a due date further back than this is no longer
# reminded about (it stays overdue on the dashboards).
PLANWATCH_CHASE_WINDOW_DAYS = envint("PLANWATCH_CHASE_WINDOW_DAYS", "90")
PLANWATCH_EVIDENCE_MAX_BYTES = envint("PLANWATCH_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))

# Django's cache holds the engine's results kept between requests (registry/results.py, docs/scaling.md) and the
# API's request counts: in each process's memory by default, in Redis, shared by every web process, when REDIS_URL
# is set.
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("PLANWATCH_QUEUE_NAME", "planwatch"),
    }}
else:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "planwatch",
        "OPTIONS": {"MAX_ENTRIES": envint("PLANWATCH_CACHE_ENTRIES", "2000")},
    }}
# How long the engine's results for a plan are kept at most (seconds); every change to the register retires them
# at once, this only bounds the figures a crash between a commit and the token's renewal could leave behind.
PLANWATCH_RESULTS_TIMEOUT = envint("PLANWATCH_RESULTS_TIMEOUT", str(6 * 3600))

# --- REST API (issue 12; docs/api.md) ---
# Requests per token: "N/second|minute|hour|day". Counted in Django's cache (above): with several gunicorn workers
# and no Redis each counts on its own.
PLANWATCH_API_RATE = os.environ.get("PLANWATCH_API_RATE", "600/hour")
# --- end of REST API ---

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
