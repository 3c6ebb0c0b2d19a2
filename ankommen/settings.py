"""The one settings module of ankommen, driven by environment variables.

Production is the default: DEBUG is off unless DEBUG=true, a missing SECRET_KEY stops the
start, cookies are secure and HSTS is sent unless HTTPS=false. `make run` switches DEBUG on
for the local demo. Every variable is listed in docs/settings.md.
"""

import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ankommen.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("ANKOMMEN_DATA_DIR") or BASE_DIR.parent / "var")

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value, or DEBUG=true for "
            "local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-true"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ankommen.admin_apps.AnkommenAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules",
    "ankommen.core",
    "ankommen.twofactor",
    "ankommen.outbox",
    "ankommen.monitoring",
    "ankommen.actionplan",
    "ankommen.directory",
    "ankommen.mediation",
    "ankommen.cases",
    "ankommen.portal",
    "ankommen.api",
    "ankommen.search",
]
# Tools that are not the product (benchmarks, synthetic data, the demo crawler, the tests'
# helpers: ankommen/devtools) are installed with DEBUG, under the tests, or when
# ANKOMMEN_DEVTOOLS=true asks for them (bench-api runs without DEBUG); never otherwise.
# pytest is imported before the settings in every test process, xdist's workers included.
_TESTING = "pytest" in sys.modules
ANKOMMEN_DEVTOOLS = env_bool("ANKOMMEN_DEVTOOLS", default=DEBUG or _TESTING)
if ANKOMMEN_DEVTOOLS:
    INSTALLED_APPS.append("ankommen.devtools")

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
    # Before any view reads a parameter: NUL and bytes that are no UTF-8 answer 400 (last,
    # so that the answer carries every header the middleware above adds).
    "ankommen.core.middleware.RefuseUnreadableInputMiddleware",
]

ROOT_URLCONF = "ankommen.urls"
WSGI_APPLICATION = "ankommen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ankommen.core.context_processors.region",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:port/name in production); without it
# the embedded SQLite database in the data directory, for the local demo.
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'ankommen.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Matching's covering indexes (mediation) carry extra columns only PostgreSQL stores; on the
# demo's SQLite database they are plain indexes, which is all the demo needs.
SILENCED_SYSTEM_CHECKS = (
    ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
)

# The cache holds rendered public portal pages (ankommen/portal/cache.py), per process. One
# region's pages in eleven content and two interface languages are ~310 entries, more than
# Django's default of 300, which would evict pages in a loop.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # The v3 API's answers (ankommen/api/v3/views.py), apart from the portal's pages so
    # that API traffic never evicts them, and bounded in bytes: an answer can exceed 1 MB.
    "api": {
        "BACKEND": "ankommen.api.memory_cache.BoundedMemoryCache",
        "LOCATION": "ankommen-api-v3",
        "OPTIONS": {
            "MAX_ENTRIES": 5000,
            "MAX_BYTES": env_int("API_V3_CACHE_MEGABYTES", 64) * 2**20,
            "MAX_ENTRY_BYTES": 4 * 2**20,
        },
    },
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Interface languages (gettext). Content languages are data: core.Language.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE") or "Europe/Berlin"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# After `collectstatic` (production) files are served compressed under hashed names; without
# it (tests, the local demo) as they are.
_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _COLLECTED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _COLLECTED
MEDIA_ROOT = DATA_DIR / "media"

# Transport security. HTTPS=true (the default outside DEBUG) means the site is served over
# TLS, usually behind a proxy that sets X-Forwarded-Proto.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# How many reverse proxies in front of the application append to X-Forwarded-For (1 for the
# documented nginx): the client address of throttles and audit logs (ankommen/core/net.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # The Django admin sets a few inline style attributes.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Mail: SMTP in production, the console while developing.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# Seconds: mail is sent right after a request's commit, so a silent server must not hold
# the request for long (ankommen.outbox records the failure and retries later).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ankommen <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# ankommen's own settings.
ANKOMMEN_SITE_NAME = env_str("ANKOMMEN_SITE_NAME", "ankommen")
# The public address of the site (scheme and host, no trailing slash): every link in an
# e-mail starts with it (ankommen.core.links.absolute_url). Required without DEBUG: the
# system check ankommen.E010 stops the start when it is missing or not an http(s) URL.
ANKOMMEN_BASE_URL = (
    env_str("ANKOMMEN_BASE_URL") or ("http://127.0.0.1:8000" if DEBUG else "")
).rstrip("/")
# Mediation: an offer link opens and accepts for at most this many days after it was
# sent, and never after the appointment.
MEDIATION_OFFER_LINK_DAYS = env_int("MEDIATION_OFFER_LINK_DAYS", 30)
# GENESIS statistics web services (monitoring): per database (destatis, regio, ldbnrw,
# zensus) GENESIS_<DATABASE>_USERNAME, _PASSWORD and optionally _URL. Credentials are never
# stored in the database or put into URLs; without them the guest account is used.
ANKOMMEN_GENESIS = {
    database: {
        key: value
        for key in ("url", "username", "password")
        if (value := env_str(f"GENESIS_{database.upper()}_{key.upper()}"))
    }
    for database in ("destatis", "regio", "ldbnrw", "zensus")
}
# Importers (ankommen/core/inputs.py): the largest file read, also unpacked from a zip,
# and how much larger than its packed size a zip member may become (zip bombs).
ANKOMMEN_IMPORT_MAX_BYTES = env_int("ANKOMMEN_IMPORT_MAX_BYTES", 200_000_000)
ANKOMMEN_IMPORT_MAX_RATIO = env_int("ANKOMMEN_IMPORT_MAX_RATIO", 100)

# --- The modules' settings. Every module reads these from django.conf.settings (through
# its small `conf.py` where it has one), never from the environment itself: this file is
# the one place where variables are read (the test `test_configuration.py` holds it so).

# Encryption at rest (ankommen/core/crypto.py, for cases and twofactor): Fernet keys, newest
# first, from the comma-separated ANKOMMEN_CASES_KEYS. Required without DEBUG (system check
# cases.E001).
CASES_ENCRYPTION_KEYS = env_list("ANKOMMEN_CASES_KEYS")

# Action plan (ankommen/actionplan/conf.py): when a step counts as at risk, and how far
# after adoption a deadline class reaches.
ACTIONPLAN_AT_RISK_DAYS = 30
ACTIONPLAN_LAG_TOLERANCE = 25
ACTIONPLAN_STALE_AFTER_DAYS = 180
ACTIONPLAN_DEADLINE_CLASS_MONTHS = {"short": 12, "medium": 36, "long": 60}

# Directory (ankommen/directory/conf.py): a map tile server template such as
# https://tile.openstreetmap.org/{z}/{x}/{y}.png (add its origin to the CSP's img-src);
# empty: the map shows the places without a background.
ANKOMMEN_MAP_TILE_URL = env_str("ANKOMMEN_MAP_TILE_URL", "")
ANKOMMEN_MAP_TILE_ATTRIBUTION = env_str("ANKOMMEN_MAP_TILE_ATTRIBUTION", "© OpenStreetMap")
# Event sign-ups (ankommen/directory/registrations.py): how long an unconfirmed sign-up
# holds its seat, and how often one address may sign up for one event in an hour.
DIRECTORY_REGISTRATION_HOLD_MINUTES = env_int("DIRECTORY_REGISTRATION_HOLD_MINUTES", 30)
DIRECTORY_REGISTRATIONS_PER_ADDRESS_PER_HOUR = env_int(
    "DIRECTORY_REGISTRATIONS_PER_ADDRESS_PER_HOUR", 5
)

# Portal (ankommen/portal/conf.py): machine translation of content. provider "deepl",
# "libretranslate" or "" for none; url of the server; api_key if it needs one; timeout in
# seconds.
PORTAL_MACHINE_TRANSLATION = {
    "provider": env_str("ANKOMMEN_MT_PROVIDER", ""),
    "url": env_str("ANKOMMEN_MT_URL", ""),
    "api_key": env_str("ANKOMMEN_MT_API_KEY", ""),
    "timeout": env_int("ANKOMMEN_MT_TIMEOUT", 20),
}

# APIs (ankommen/api/conf.py, ankommen/api/v1/conf.py, ankommen/api/ratelimit.py).
# The public site's address for the v3 API's absolute `url` fields (no trailing slash).
API_PUBLIC_URL = env_str("ANKOMMEN_PUBLIC_URL", "http://127.0.0.1:8000")
# A directory the web server serves read API answers from; empty: no files are written.
API_PUBLISH_DIR = env_str("ANKOMMEN_API_PUBLISH_DIR", "")
# Requests per minute and client: v1 without a key (partners' keys carry their own limit),
# v3 reads, v3 feedback POSTs, public searches. 0 switches a limit off (benchmarks).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
API_V3_RATE_LIMIT_PER_MINUTE = env_int("API_V3_RATE_LIMIT_PER_MINUTE", 300)
API_FEEDBACK_RATE_LIMIT_PER_MINUTE = env_int("API_FEEDBACK_RATE_LIMIT_PER_MINUTE", 10)
SEARCH_RATE_LIMIT_PER_MINUTE = env_int("SEARCH_RATE_LIMIT_PER_MINUTE", 60)
# The alias of a Django cache for rate counters and Last-Modified times; empty: the API's
# own per-process memory cache (v1) or the database (the shared counters).
API_CACHE = env_str("API_CACHE", "")
# The request META key with the client's address behind a proxy that sets its own header
# (e.g. HTTP_X_REAL_IP); REMOTE_ADDR: the platform's client address (TRUSTED_PROXY_COUNT).
API_CLIENT_IP_HEADER = env_str("API_CLIENT_IP_HEADER", "REMOTE_ADDR")
# Seconds a client or proxy may reuse an API v1 answer (and the API keeps a built one).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
