"""The one settings module of ankommen, driven by environment variables.

Production is the default: DEBUG is off unless DEBUG=true, a missing SECRET_KEY stops the
start, cookies are secure and HSTS is sent unless HTTPS=false. `make run` switches DEBUG on
for the local demo. Every variable is listed in docs/settings.md.
"""

import sys
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ankommen.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("ANKOMMEN_DATA_DIR") or BASE_DIR.parent / "var")

DEBUG = env_bool("DEBUG", default=False)

# Without DEBUG a key that is short, repetitive or Django's generated `django-insecure-` one
# stops every start (system check ankommen.E011; the gunicorn hooks of deploy/ run it).
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
    # The development server serves static files through WhiteNoise too, as production
    # does, so they carry the same headers (CORS among them).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules",
    "corsheaders",
    # Prometheus metrics (requests and latency by view) at /metrics (core/ops_views.py).
    "django_prometheus",
    # Second factor (ankommen/twofactor): django-otp's device framework and its static
    # tokens (the recovery codes); the authenticator is twofactor's own encrypted device.
    "django_otp",
    "django_otp.plugins.otp_static",
    "ankommen.core",
    # Background work (Celery): the job records, their pages, the periodic jobs.
    "ankommen.jobs",
    "ankommen.twofactor",
    "ankommen.signon",
    "ankommen.outbox",
    "ankommen.monitoring",
    "ankommen.actionplan",
    "ankommen.directory",
    "ankommen.mediation",
    # After the directory, the mediation pool, the plan and the monitoring: its demo
    # standard reads their demo data.
    "ankommen.coverage",
    "ankommen.volunteering",
    "ankommen.cases",
    # Networks and bodies: after the action plan and the cases, whose records it links to.
    "ankommen.networks",
    "ankommen.portal",
    "ankommen.participation",
    "ankommen.crisis",
    "ankommen.api",
    "ankommen.accounts",
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
    # First and last: django-prometheus times the whole request (METRICS_TOKEN).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Before everything that logs: the request id of every log line and error report.
    "ankommen.core.observability.RequestIdMiddleware",
    # So that every answer on the read API's paths carries the CORS headers, the
    # static files WhiteNoise serves, redirects and errors included (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages and v3 answers from the cache, before sessions, CSRF and auth
    # (ankommen/core/pagecache.py): only what a view marked as the same for every visitor.
    "ankommen.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware restricted to the staff languages, and the URL's language on
    # public pages (also for their 404, 403, CSRF and 500 answers).
    "ankommen.core.middleware.PublicLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A region that asks all its staff for the second factor (twofactor.RegionPolicy).
    "ankommen.twofactor.policy.RegionWideSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before any view reads a parameter: NUL and bytes that are no UTF-8 answer 400 (last,
    # so that the answer carries every header the middleware above adds).
    "ankommen.core.middleware.RefuseUnreadableInputMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
                "ankommen.core.context_processors.staff_header",
                "ankommen.signon.context_processors.sign_on",
                # The crisis banner on public pages (cached per content version).
                "ankommen.crisis.banner.public_banner",
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
# Several processes or hosts (ankommen/core/pagecache.py, docs/settings.md): with
# ANKOMMEN_REDIS_URL every cache lives in Redis through Django's RedisCache backend, so the
# portal's pages, the API's answers, the rate counters, the sessions and the content
# versions hold across gunicorn workers and app hosts. Without it: the per-process caches
# above, the database for the shared counters, the content version read from the database.
REDIS_URL = env_str("ANKOMMEN_REDIS_URL", "")
# A prefix for every key, so that several installations (or test runs) share one Redis.
REDIS_KEY_PREFIX = env_str("ANKOMMEN_REDIS_KEY_PREFIX", "ankommen")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{REDIS_KEY_PREFIX}:{alias}",
            "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        }
        for alias in ("default", "api")
    }
# True when the default cache is one every process and host reads (Redis): the content
# version is then kept there too (ankommen/core/content_version.py).
SHARED_CACHE = bool(REDIS_URL)
# How long a public page answered by the page cache middleware is kept (seconds); its key
# carries the content version, so an edit never waits for it. 0 switches the middleware off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Seconds the proxy in front may answer such a page itself (X-Accel-Expires for nginx's
# proxy_cache; pages with a CSRF token never); 0: the proxy keeps nothing.
PAGE_CACHE_PROXY_SECONDS = env_int("PAGE_CACHE_PROXY_SECONDS", 1)

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
LOGIN_URL = "accounts:sign_in"
# Invitation and reset links (ankommen/accounts) work once and for this many seconds.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
# Case pages end the session after this many minutes without a staff page (core/routing.py);
# the confirmed second factor lapses after the same time without a case page.
CASES_IDLE_MINUTES = env_int("CASES_IDLE_MINUTES", 30)

# Single sign-on (ankommen/signon, docs/settings.md "Single sign-on"): both off unless
# configured. The directory's groups map to roles per region (signon.GroupRoleMapping).
# OpenID Connect (mozilla-django-oidc), e.g. Keycloak: on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "") or ""
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "") or ""
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "") or ""
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "") or ""
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "") or ""
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "Keycloak")
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_CALLBACK_CLASS = "ankommen.signon.views.SignOnCallbackView"
OIDC_USE_PKCE = True
LOGIN_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL_FAILURE = "/"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("ankommen.signon.backends.OIDCBackend")
# LDAP / Active Directory bind (django-auth-ldap): on when AUTH_LDAP_SERVER_URI is set.
AUTH_LDAP_SERVER_URI = env_str("AUTH_LDAP_SERVER_URI", "") or ""
AUTH_LDAP_BIND_DN = env_str("AUTH_LDAP_BIND_DN", "") or ""
AUTH_LDAP_BIND_PASSWORD = env_str("AUTH_LDAP_BIND_PASSWORD", "") or ""
AUTH_LDAP_START_TLS = env_bool("AUTH_LDAP_START_TLS", default=False)
AUTH_LDAP_USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}
if AUTH_LDAP_SERVER_URI:
    import ldap
    from django_auth_ldap.config import GroupOfNamesType, LDAPSearch

    # Either a DN template (uid=%(user)s,ou=people,dc=…) or a search (Active Directory:
    # AUTH_LDAP_USER_SEARCH_BASE with AUTH_LDAP_USER_FILTER "(sAMAccountName=%(user)s)").
    AUTH_LDAP_USER_DN_TEMPLATE = env_str("AUTH_LDAP_USER_DN_TEMPLATE")
    if env_str("AUTH_LDAP_USER_SEARCH_BASE"):
        AUTH_LDAP_USER_SEARCH = LDAPSearch(
            env_str("AUTH_LDAP_USER_SEARCH_BASE"),
            ldap.SCOPE_SUBTREE,
            env_str("AUTH_LDAP_USER_FILTER", "(uid=%(user)s)"),
        )
    AUTH_LDAP_GROUP_SEARCH = LDAPSearch(
        env_str("AUTH_LDAP_GROUP_SEARCH_BASE", ""),
        ldap.SCOPE_SUBTREE,
        env_str("AUTH_LDAP_GROUP_FILTER", "(objectClass=groupOfNames)"),
    )
    AUTH_LDAP_GROUP_TYPE = GroupOfNamesType(name_attr="cn")
    AUTHENTICATION_BACKENDS.append("ankommen.signon.backends.DirectoryBackend")

# Interface languages (gettext). Content languages are data: core.Language.
LANGUAGE_CODE = "de"
# Every interface language: a public page (/<region>/<language>/…) is shown wholly in the
# language of its URL (core/middleware.py `PublicLanguageMiddleware`). Leichte Sprache is
# `de-x-ls` (catalogues in locale/de_X-ls/); a missing entry falls back to German.
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ro", _("Romanian")),
    ("pl", _("Polish")),
    ("bg", _("Bulgarian")),
    ("tr", _("Turkish")),
    ("fa", _("Persian")),
    ("de-x-ls", _("German (Easy Language)")),
]
CSRF_FAILURE_VIEW = "ankommen.core.public_views.csrf_failure"
# Staff pages (and everything outside /<region>/<language>/) keep German and English.
STAFF_LANGUAGES = ["de", "en"]
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
MEDIA_URL = "media/"

# CORS (django-cors-headers), as Integreat CMS: the Integreat apps' web version reads the v3
# API, the files it references and the app paths from another origin. Any origin, no
# credentials (so `*`), GET/HEAD/OPTIONS and the apps' feedback POSTs; preflights answered.
# API v1 sets its own CORS headers (api/v1/http.py) and is left out here.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = (
    r"^/(?:api/v3/|static/|media/"
    r"|[a-z0-9-]+/[a-z]{2,3}(?:-[a-zA-Z0-9]{1,8})*/(?:wp-json/|events/|locations/))"
)
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
CORS_PREFLIGHT_MAX_AGE = 86400

# Transport security. HTTPS=true (the default outside DEBUG) means the site is served over
# TLS, usually behind a proxy that sets X-Forwarded-Proto.
HTTPS = env_bool("HTTPS", default=not DEBUG)
# Production without TLS must say why (an installation only reachable inside a closed test
# network, say); without a reason HTTPS=false stops the start (system check ankommen.E012).
HTTPS_OFF_REASON = env_str("HTTPS_OFF_REASON", "") or ""
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# The HSTS header's `preload` consent; being preloaded is the domain owner's decision (the
# whole domain then stays HTTPS-only in browsers), so it is asked for, not assumed.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# Load balancers and the metrics scraper ask over plain HTTP on the inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/|$)", r"^metrics$"]
# How many reverse proxies in front of the application append to X-Forwarded-For (1 for the
# documented nginx): the client address of throttles and audit logs (ankommen/core/net.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database (every host reads it); with Redis read through the cache first.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
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

# Logs (ankommen/core/observability.py): LOG_FORMAT=json writes one JSON object per line
# (for journald, Loki, Elasticsearch…), text a readable line; both carry the request id.
LOG_FORMAT = env_choice("LOG_FORMAT", ("text", "json"), "text")
# Who gets a mail with the traceback of a server error (500), unless SENTRY_DSN is set:
# "Name <address>, other@example.org".
ADMINS = [
    (name or address, address) for name, address in getaddresses([env_str("ADMINS", "")]) if address
]
# Error reports to Sentry or GlitchTip (same protocol) when set; then no mail to ADMINS.
SENTRY_DSN = env_str("SENTRY_DSN", "") or ""
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "ankommen.core.observability.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "ankommen.core.observability.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's own logger sends server errors to ADMINS (and, through the root, to the
        # console); with Sentry the report goes there instead.
        "django": {"handlers": [] if SENTRY_DSN else ["mail_admins"], "level": "INFO"},
    },
}
if SENTRY_DSN:
    from ankommen.core.observability import start_error_reports

    start_error_reports(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)

# Prometheus metrics at /metrics (core/ops_views.py): readable with the bearer token
# METRICS_TOKEN or from the addresses and networks of METRICS_ALLOWED_IPS; neither set,
# nobody reads them. Several gunicorn workers: set PROMETHEUS_MULTIPROC_DIR (read by
# prometheus_client itself) to an empty directory, see deploy/ankommen.service.
METRICS_TOKEN = env_str("METRICS_TOKEN", "") or ""
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS")

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
# Volunteering's load view warns when a volunteer has given hours in each of this many
# calendar weeks in a row, the current one included: she has had no free week
# (ankommen/volunteering/load.py).
VOLUNTEERING_NO_PAUSE_WEEKS = env_int("VOLUNTEERING_NO_PAUSE_WEEKS", 6)
# Networks: the largest document a body may upload, in megabytes.
NETWORKS_MAX_UPLOAD_MB = env_int("NETWORKS_MAX_UPLOAD_MB", 10)
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
# The key of the blind index that finds clients by name and date of birth
# (ankommen/cases/search_index.py): a secret of its own, kept apart from the data and the
# case keys. Required without DEBUG (system check cases.E003).
CASES_INDEX_KEY = env_str("ANKOMMEN_CASES_INDEX_KEY", "")

# Action plan (ankommen/actionplan/conf.py): when a step counts as at risk, and how far
# after adoption a deadline class reaches.
ACTIONPLAN_AT_RISK_DAYS = 30
ACTIONPLAN_LAG_TOLERANCE = 25
ACTIONPLAN_STALE_AFTER_DAYS = 180
ACTIONPLAN_DEADLINE_CLASS_MONTHS = {"short": 12, "medium": 36, "long": 60}

# Directory (ankommen/directory/conf.py): the maps' tile server, per installation, as a
# template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png (a self-hosted server or
# a provider; pages with a map allow its origin in the CSP's img-src); empty: the maps
# show the places and the towns' names without a background. The attribution is shown as
# text, linked to ANKOMMEN_MAP_TILE_ATTRIBUTION_URL when that is set (the system check
# ankommen.directory.E001 refuses a template without {z}, {x} and {y}).
ANKOMMEN_MAP_TILE_URL = env_str("ANKOMMEN_MAP_TILE_URL", "")
ANKOMMEN_MAP_TILE_ATTRIBUTION = env_str("ANKOMMEN_MAP_TILE_ATTRIBUTION", "© OpenStreetMap")
ANKOMMEN_MAP_TILE_ATTRIBUTION_URL = env_str(
    "ANKOMMEN_MAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
)
ANKOMMEN_MAP_TILE_MAX_ZOOM = env_int("ANKOMMEN_MAP_TILE_MAX_ZOOM", 19)
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

# APIs (ankommen/api/conf.py, ankommen/api/v1/conf.py, ankommen/core/ratelimit.py).
# The public site's address for the v3 API's absolute `url` fields (no trailing slash).
# Defaults to ANKOMMEN_BASE_URL: one public address unless the API is served elsewhere.
API_PUBLIC_URL = env_str("ANKOMMEN_PUBLIC_URL") or ANKOMMEN_BASE_URL or "http://127.0.0.1:8000"
# A directory the web server serves read API answers from; empty: no files are written.
API_PUBLISH_DIR = env_str("ANKOMMEN_API_PUBLISH_DIR", "")
# Requests per minute and client: v1 without a key (partners' keys carry their own limit),
# v3 reads, v3 feedback POSTs, public searches. 0 switches a limit off (benchmarks).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
API_V3_RATE_LIMIT_PER_MINUTE = env_int("API_V3_RATE_LIMIT_PER_MINUTE", 300)
API_FEEDBACK_RATE_LIMIT_PER_MINUTE = env_int("API_FEEDBACK_RATE_LIMIT_PER_MINUTE", 10)
SEARCH_RATE_LIMIT_PER_MINUTE = env_int("SEARCH_RATE_LIMIT_PER_MINUTE", 60)
# Comments, survey answers and missing-offer reports per minute and client address (each
# form its own bucket); 0 switches the limit off.
PARTICIPATION_RATE_LIMIT_PER_MINUTE = env_int("PARTICIPATION_RATE_LIMIT_PER_MINUTE", 10)
# The alias of a Django cache for rate counters and Last-Modified times; empty: the API's
# own per-process memory cache (v1) or the database (the shared counters).
API_CACHE = env_str("API_CACHE", "default" if REDIS_URL else "")
# The request META key with the client's address behind a proxy that sets its own header
# (e.g. HTTP_X_REAL_IP); REMOTE_ADDR: the platform's client address (TRUSTED_PROXY_COUNT).
API_CLIENT_IP_HEADER = env_str("API_CLIENT_IP_HEADER", "REMOTE_ADDR")
# Seconds a client or proxy may reuse an API v1 answer (and the API keeps a built one).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)

# Background work (ankommen/jobs): Celery with this broker runs the long jobs people start
# (machine translation of a language, imports, link checks, mail) and the periodic jobs
# (`ankommen worker`, `ankommen scheduler`). Redis database 0 by default; RabbitMQ
# (amqp://…) works too.
ANKOMMEN_BROKER_URL = env_str("ANKOMMEN_BROKER_URL") or "redis://127.0.0.1:6379/0"
# The queue the jobs go to (tests use their own, so that runs side by side stay apart).
ANKOMMEN_JOBS_QUEUE = env_str("ANKOMMEN_JOBS_QUEUE") or "ankommen"
# Seconds a staff page waits for the broker before it says "queue unreachable".
ANKOMMEN_BROKER_TIMEOUT = env_int("ANKOMMEN_BROKER_TIMEOUT", 3)
# The pause before a failed job's second attempt, doubled for each further one (at most
# 30 minutes).
ANKOMMEN_JOBS_RETRY_SECONDS = env_int("ANKOMMEN_JOBS_RETRY_SECONDS", 30)
# Mail of the outbox is sent by a worker after the commit; false: by the committing process
# itself, as before the job queue (the tests, which read the mail they cause, run so).
ANKOMMEN_OUTBOX_IN_WORKER = env_bool("ANKOMMEN_OUTBOX_IN_WORKER", default=not _TESTING)
# Crisis module (ankommen/crisis): days after which an unconfirmed base structure is
# reminded to its keeper (`ankommen remind_structures`), and the push provider for news
# ("" off, "fcm" Firebase Cloud Messaging HTTP v1, "webhook" a signed JSON POST).
CRISIS_CONFIRM_DAYS = env_int("CRISIS_CONFIRM_DAYS", 30)
CRISIS_PUSH_PROVIDER = env_str("CRISIS_PUSH_PROVIDER", "") or ""
CRISIS_PUSH_URL = env_str("CRISIS_PUSH_URL", "https://fcm.googleapis.com") or ""
CRISIS_PUSH_FCM_PROJECT = env_str("CRISIS_PUSH_FCM_PROJECT", "") or ""
CRISIS_PUSH_TOKEN = env_str("CRISIS_PUSH_TOKEN", "") or ""
CRISIS_PUSH_TIMEOUT = env_int("CRISIS_PUSH_TIMEOUT", 10)
