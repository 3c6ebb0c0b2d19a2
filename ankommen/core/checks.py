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
