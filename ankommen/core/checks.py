"""System checks for settings that can be wrong in a deployment."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.database, deploy=True)
def production_database_is_postgresql(app_configs, **kwargs):
    engine = settings.DATABASES["default"]["ENGINE"]
    if not settings.DEBUG and "postgresql" not in engine:
        return [
            Warning(
                "The production database should be PostgreSQL; SQLite is meant for the local demo.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/name.",
                id="ankommen.W001",
            )
        ]
    return []


@register(deploy=True)
def allowed_hosts_set(app_configs, **kwargs):
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [
            Warning(
                "ALLOWED_HOSTS is empty: every request will be refused.",
                hint="Set ALLOWED_HOSTS=portal.example.org (comma-separated).",
                id="ankommen.W002",
            )
        ]
    return []


@register()
def public_base_url_set(app_configs, **kwargs):
    """Links in e-mails need the public address; without it they pointed at 127.0.0.1."""
    from ankommen.core.links import base_url_problem

    problem = base_url_problem(settings.ANKOMMEN_BASE_URL)
    if problem and (not settings.DEBUG or settings.ANKOMMEN_BASE_URL):
        return [
            Error(
                f"ANKOMMEN_BASE_URL: {problem}. Links in e-mails (mediation offers, "
                "reminders) would not lead to this site.",
                hint="Set ANKOMMEN_BASE_URL=https://portal.example.org (the public address).",
                id="ankommen.E010",
            )
        ]
    return []


# Django's own rule for a secret key (security.W009), and its generated placeholder prefix.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
INSECURE_KEY_PREFIX = "django-insecure"


def secret_key_problem(key: str) -> str | None:
    """Why `key` cannot sign production sessions and links, or None when it can."""
    if key.startswith(INSECURE_KEY_PREFIX):
        return "it is Django's generated insecure placeholder"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return f"it has fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters"
    return None


@register()
def secret_key_is_real(app_configs, **kwargs):
    """Sessions, password links and signed values are only as safe as this key."""
    problem = secret_key_problem(settings.SECRET_KEY)
    if settings.DEBUG or problem is None:
        return []
    return [
        Error(
            f"SECRET_KEY is not fit for production: {problem}.",
            hint='Make one with `python -c "import secrets; print(secrets.token_urlsafe(50))"` '
            "and set SECRET_KEY (or SECRET_KEY_FILE).",
            id="ankommen.E011",
        )
    ]


@register()
def https_is_on_or_explained(app_configs, **kwargs):
    """Production sends sign-in passwords and case data: over TLS, or not without a word."""
    if settings.DEBUG:
        return []
    if not settings.HTTPS and not settings.HTTPS_OFF_REASON.strip():
        return [
            Error(
                "HTTPS=false in production without a reason: passwords and case data would "
                "travel unencrypted and cookies would not be marked secure.",
                hint="Serve the site over TLS (HTTPS=true, the default), or state why not in "
                "HTTPS_OFF_REASON (e.g. a closed test network); see docs/operations.md.",
                id="ankommen.E012",
            )
        ]
    if settings.HTTPS and settings.ANKOMMEN_BASE_URL.startswith("http://"):
        return [
            Error(
                "HTTPS is on but ANKOMMEN_BASE_URL starts with http://: links in e-mails "
                "would lead off TLS.",
                hint="Set ANKOMMEN_BASE_URL=https://…",
                id="ankommen.E013",
            )
        ]
    return []
