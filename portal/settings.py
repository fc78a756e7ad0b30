"""Gründerportal settings.

Everything comes from the environment (django-environ). The defaults are the
embedded set-up: SQLite, a private local media folder, Celery tasks run
eagerly and e-mail printed to the console. PostgreSQL, S3 and Redis are the
same code with other URLs.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Management commands run with the embedded defaults; serving without DEBUG refuses
# them (portal.deployment.serving_settings_verify, called by wsgi/asgi and the worker).
SECRET_KEY = env.str("SECRET_KEY", default="insecure-embedded-default-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "formtools",
    "axes",
    "csp",
    "portal.accounts",
    "services.catalog",
    "services.cases",
    "services.routing",
    "services.workspace",
    "services.notifications",
    "services.appointments",
    "services.guide",
    "services.statistics",
    "services.reports",
    "forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PersonalPagesNotStoredMiddleware",
]

# Content Security Policy (django-csp): only the portal's own files. An inline script needs
# nonce="{{ request.csp_nonce }}"; inline styles and style attributes are not allowed at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.city",
                "portal.context_processors.area",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening one per request cost a wizard step about a tenth of its time.
# A `?conn_max_age=` in DATABASE_URL wins. The health check replaces a connection the server
# dropped (restart, fail-over) instead of failing one request with it; it costs one round trip
# (`SELECT 1`) per request, about 7 % of a wizard step under load.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent submits wait for the write lock instead of failing at once. The embedded default
    # keeps a write-ahead log (readers never wait for a writer) and does not wait for the disk at
    # every commit (synchronous=NORMAL: the log is synced at checkpoints): a wizard step's commit
    # cost more than its Python on a virtual disk. A crash of the portal loses nothing; a power cut
    # of the machine may lose the last commits, never the database's consistency. PostgreSQL, as in
    # production, keeps its own settings.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by all web nodes in production (redis://…): rate limits count across them.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses log-ins while too many have failed (attempts are kept in the database).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.accounts.backends.ClientIpLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Per account, whatever the IP: guessing from many addresses counts too. The block is short and a
# password reset ends it (and logs in), so an attacker cannot keep a founder out for long.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# Per client IP across all accounts (password spraying), counted in the shared cache
# (portal.accounts.throttle) within the same number of minutes.
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=30)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the IP as a lockout parameter too; it would block a whole office network after
# LOGIN_FAILURE_LIMIT typos. The IP has its own, higher limit (LOGIN_IP_FAILURE_LIMIT) instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"  # the log-in form's field; axes would look for USERNAME_FIELD ("email")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.accounts.views.login_locked_out"
# No e-mail addresses in logs, no record of every successful log-in.
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "portal.accounts.throttle.login_attempt_describe"
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "portal.accounts.throttle.client_ip"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Forms that send mail: attempts per client IP and per address within the window (shared cache).
ACCOUNT_MAIL_RATE_LIMIT = 5
ACCOUNT_MAIL_RATE_WINDOW = 60 * 60
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # BSI IT-Grundschutz ORP.4.A22: long passwords rather than forced complexity.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "my_cases"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]

# Files: private by default. Only permission-checking views hand them out.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="eu-central-1"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=60),
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Never served by URL: only permission-checking views stream these files.
        "OPTIONS": {"location": MEDIA_ROOT, "file_permissions_mode": 0o600},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Upload limits (bytes).
UPLOAD_MAX_FILE_SIZE = env.int("UPLOAD_MAX_FILE_SIZE", default=10 * 1024 * 1024)
UPLOAD_MAX_CASE_SIZE = env.int("UPLOAD_MAX_CASE_SIZE", default=30 * 1024 * 1024)
UPLOAD_ABANDONED_AFTER_HOURS = env.int("UPLOAD_ABANDONED_AFTER_HOURS", default=72)
# Each draft may hold UPLOAD_MAX_CASE_SIZE: how many one founder may keep open and start (forms.services).
DRAFT_MAX_OPEN = env.int("DRAFT_MAX_OPEN", default=10)
DRAFT_MAX_OPEN_PER_SERVICE = env.int("DRAFT_MAX_OPEN_PER_SERVICE", default=3)
DRAFT_CREATE_RATE_LIMIT = env.int("DRAFT_CREATE_RATE_LIMIT", default=10)
DRAFT_CREATE_RATE_WINDOW = env.int("DRAFT_CREATE_RATE_WINDOW", default=60 * 60)
# Appointments against slot hoarding: bookings per e-mail address and per client IP within the window,
# and appointments an address may hold at once.
APPOINTMENT_BOOKING_RATE_WINDOW = env.int("APPOINTMENT_BOOKING_RATE_WINDOW", default=24 * 60 * 60)
APPOINTMENT_BOOKINGS_PER_EMAIL = env.int("APPOINTMENT_BOOKINGS_PER_EMAIL", default=5)
APPOINTMENT_BOOKINGS_PER_IP = env.int("APPOINTMENT_BOOKINGS_PER_IP", default=20)
APPOINTMENT_OPEN_PER_EMAIL = env.int("APPOINTMENT_OPEN_PER_EMAIL", default=3)
# An open draft nobody changed for DRAFT_EXPIRY_DAYS is deleted with its uploads; its owner is
# reminded by e-mail DRAFT_EXPIRY_REMINDER_DAYS before (forms.draft_expiry, run by beat).
DRAFT_EXPIRY_DAYS = env.int("DRAFT_EXPIRY_DAYS", default=30)
DRAFT_EXPIRY_REMINDER_DAYS = env.int("DRAFT_EXPIRY_REMINDER_DAYS", default=3)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Celery: without a broker URL tasks run eagerly in the web process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"  # never contacted: tasks run in the calling process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_DEFAULT_QUEUE", default="gruenderportal")
# A task is acknowledged when it has finished, and a worker process that dies mid-task hands
# its message back: a killed worker delays work, it never loses it (tasks are idempotent).
CELERY_TASK_ACKS_LATE = env.bool("CELERY_ACKS_LATE", default=True)
CELERY_TASK_REJECT_ON_WORKER_LOST = env.bool("CELERY_REJECT_ON_WORKER_LOST", default=True)
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int("CELERY_PREFETCH_MULTIPLIER", default=1)
# The longest a step may wait before its next retry: the visibility timeout must exceed it
# plus the longest task, or Redis would hand a waiting or running task to a second worker.
CELERY_RETRY_BACKOFF_MAX = env.int("CELERY_RETRY_BACKOFF_MAX", default=300)
PDF_SOFT_TIME_LIMIT = env.int("PDF_SOFT_TIME_LIMIT", default=60)
PDF_TIME_LIMIT = env.int("PDF_TIME_LIMIT", default=90)
# Redis redelivers a message nobody acknowledged within this many seconds (a worker whose main
# process was killed never will); the sweep looks every CELERY_UNACKED_RESTORE_INTERVAL seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=30),
    "unacked_restore_throttle": 1,
}
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_RETRY_BACKOFF_MAX + PDF_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_RETRY_BACKOFF_MAX + PDF_TIME_LIMIT (the longest task)."
    )
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Periodic jobs (``celery -A portal beat``, or a worker with ``-B``): a static schedule, no
# database scheduler needed. Each job is safe to run twice at the same time.
CASE_RESUME_INTERVAL_SECONDS = env.int("CASE_RESUME_INTERVAL_SECONDS", default=60)
CASE_RESUME_AFTER_SECONDS = env.int("CASE_RESUME_AFTER_SECONDS", default=300)
OUTBOX_RESUME_INTERVAL_SECONDS = env.int("OUTBOX_RESUME_INTERVAL_SECONDS", default=60)
OUTBOX_RESUME_AFTER_SECONDS = env.int("OUTBOX_RESUME_AFTER_SECONDS", default=120)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=50)
OUTBOX_RESUME_BATCH = 500
UPLOAD_PURGE_INTERVAL_SECONDS = env.int("UPLOAD_PURGE_INTERVAL_SECONDS", default=60 * 60)
DRAFT_EXPIRY_INTERVAL_SECONDS = env.int("DRAFT_EXPIRY_INTERVAL_SECONDS", default=60 * 60)
CELERY_BEAT_SCHEDULE = {
    "resume-case-processing": {
        "task": "services.cases.tasks.case_processing_resume",
        "schedule": CASE_RESUME_INTERVAL_SECONDS,
        "options": {"expires": CASE_RESUME_INTERVAL_SECONDS},
    },
    "resume-outbox-mail": {
        "task": "services.notifications.tasks.outbox_mails_resume_task",
        "schedule": OUTBOX_RESUME_INTERVAL_SECONDS,
        "options": {"expires": OUTBOX_RESUME_INTERVAL_SECONDS},
    },
    "appointment-reminders": {
        "task": "services.appointments.tasks.appointment_reminders_task",
        "schedule": 15 * 60,
        "options": {"expires": 15 * 60},
    },
    "purge-abandoned-uploads": {
        "task": "services.cases.tasks.uploads_purge_abandoned",
        "schedule": UPLOAD_PURGE_INTERVAL_SECONDS,
        "options": {"expires": UPLOAD_PURGE_INTERVAL_SECONDS},
    },
    # The agency's monthly report of the month before, kept once; tried on each of the first seven days
    # at 03:30 so that a beat down on the 1st still keeps it (a kept report makes the job do nothing).
    "monthly-report": {
        "task": "services.reports.tasks.monthly_report_task",
        "schedule": crontab(minute=30, hour=3, day_of_month="1-7"),
        "options": {"expires": 6 * 60 * 60},
    },
    "expire-drafts": {
        "task": "forms.tasks.drafts_expiry_run",
        "schedule": DRAFT_EXPIRY_INTERVAL_SECONDS,
        "options": {"expires": DRAFT_EXPIRY_INTERVAL_SECONDS},
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Gründerportal Krefeld <noreply@gruenderportal.example>")

# The city running this portal.
CITY_NAME = env.str("CITY_NAME", default="Krefeld")
CITY_AUTHORITY = env.str("CITY_AUTHORITY", default="Stadt Krefeld – Der Oberbürgermeister")
CITY_POSTCODES = env.list(
    "CITY_POSTCODES",
    default=[
        "47798",
        "47799",
        "47800",
        "47802",
        "47803",
        "47804",
        "47805",
        "47806",
        "47807",
        "47809",
        "47829",
        "47839",
    ],
)

# Every request reads its session. Where the cache is shared by all processes (Redis), it serves the
# sessions and the database keeps them; a per-process cache would still serve a session that
# another process ended (a log-out), so there the database alone serves them.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The header only allows the preload list; the city still decides whether to submit the domain.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS >= 365 * 24 * 60 * 60)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    # Behind a TLS-terminating proxy that sets this header (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# `make load` only: a minimal logged-in view (read one row, write one row) whose throughput
# is printed beside the wizard's, so that load figures compare across machines. Off in production.
LOAD_CALIBRATION_VIEW = env.bool("LOAD_CALIBRATION_VIEW", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step of every PDF at INFO; its warnings still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
