"""System checks of the case module's settings: run at every start (runserver, migrate,
check) and by `check --deploy`, not only with --deploy, because a deployment without its
own case keys must not start at all."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from ankommen.core.crypto import configured_keys, malformed_keys

HINT = (
    "Set ANKOMMEN_CASES_KEYS to one or more Fernet keys, comma-separated, newest first; "
    "make one with: python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'. Keep them apart from SECRET_KEY and the backups."
)


@register(Tags.security)
def case_keys_configured(app_configs, **kwargs):
    errors = []
    if not configured_keys() and not settings.DEBUG:
        errors.append(
            Error(
                "No case keys: ANKOMMEN_CASES_KEYS is not set, and without DEBUG no key is "
                "derived from SECRET_KEY.",
                hint=HINT,
                id="ankommen.cases.E001",
            )
        )
    for position in malformed_keys():
        errors.append(
            Error(
                f"Case key {position} of ANKOMMEN_CASES_KEYS is not a Fernet key "
                "(32 bytes, URL-safe base64).",
                hint=HINT,
                id="ankommen.cases.E002",
            )
        )
    return errors
