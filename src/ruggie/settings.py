"""Django settings. The only module that reads environment variables.

Safe local defaults: SQLite in the working directory, DEBUG off unless RUGGIE_DEBUG=1,
and a refusal to start in production (DEBUG off, not under test) with the default secret.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "ruggie-insecure-development-key-change-me"  # noqa: S105


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("RUGGIE_DEBUG")
TESTING = "pytest" in sys.modules or _flag("RUGGIE_TESTING")
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
if SECRET_KEY == DEFAULT_SECRET_KEY:
    if _flag("RUGGIE_PRODUCTION"):
        # A known secret signs sessions and CSRF tokens anyone can forge: refuse outright.
        raise ImproperlyConfigured(
            "SECRET_KEY is the built-in development key. Set the SECRET_KEY environment "
            "variable to a long random value before running ruggie in production."
        )
    if not (DEBUG or TESTING):
        warnings.warn(
            "SECRET_KEY is the development default; set SECRET_KEY before going live.",
            stacklevel=1,
        )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "ruggie.accounts",
    "ruggie.audit",
    "ruggie.register",
    "ruggie.findings",
    "ruggie.reference",
    "ruggie.risk",
    "ruggie.screening",
    "ruggie.questionnaires",
    "ruggie.surveys",
    "ruggie.assessments",
    "ruggie.grievance",
    "ruggie.investors",
    "ruggie.laws",
    "ruggie.reports",
    "ruggie.learning",
    "ruggie.steps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "ruggie.accounts.middleware.CurrentOrganisationMiddleware",
]

ROOT_URLCONF = "ruggie.urls"
WSGI_APPLICATION = "ruggie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ruggie.accounts.context.organisation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL (as `DATABASE_URL= make run` leaves it) means the default too.
        os.environ.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / 'ruggie.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the background worker write while pages read. A 64 MB page cache (the
    # default is 2 MB) keeps a 100,000-supplier register's indexes in memory while an
    # import inserts into them: a fifth less time storing it.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 by design costs ~50 ms per hash; the suite creates hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Brute force: lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("RUGGIE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ar", "العربية")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", Path.cwd() / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", Path.cwd() / "media"))

# Uploads: a supplier list of 200,000 rows fits in 40 MB; larger is refused before parsing.
RUGGIE_MAX_UPLOAD_BYTES = int(os.environ.get("RUGGIE_MAX_UPLOAD_BYTES", str(40 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Imports above this many rows run as a background task, with a progress indicator.
RUGGIE_BACKGROUND_IMPORT_ROWS = int(os.environ.get("RUGGIE_BACKGROUND_IMPORT_ROWS", "2000"))
# Company documents with more sentences than this are read by the classifier in the background
# (about 130 sentences a second on 2 cores), so an upload answers at once whatever its length.
RUGGIE_BACKGROUND_DISCLOSURE_SENTENCES = int(os.environ.get("RUGGIE_BACKGROUND_DISCLOSURE_SENTENCES", "300"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = _flag("RUGGIE_HTTPS", default=not DEBUG and _flag("RUGGIE_PRODUCTION"))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# API pages: limit/offset, at most 1,000 records per call.
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000

TASKS = {
    "default": {
        "BACKEND": os.environ.get("RUGGIE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ruggie <noreply@localhost>")
# The address people use to reach this ruggie, for links in e-mails.
# The grievance case key (decision 0014): outside the database, base64 of 32 bytes, from the
# environment, else a key file created on first use. Back it up apart from the database.
RUGGIE_CASE_KEY = os.environ.get("RUGGIE_CASE_KEY", "")
RUGGIE_CASE_KEY_FILE = os.environ.get("RUGGIE_CASE_KEY_FILE", str(Path.cwd() / "ruggie-case.key"))
# Closed grievance cases are deleted this many days after closing (`ruggie grievance purge`).
RUGGIE_CASE_RETENTION_DAYS = int(os.environ.get("RUGGIE_CASE_RETENTION_DAYS", "730"))
RUGGIE_SITE_URL = os.environ.get("RUGGIE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RUGGIE_LOG_LEVEL", "WARNING")},
}
