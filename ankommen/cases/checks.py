"""System checks of the case module's settings: run at every start (runserver, migrate,
check) and by `check --deploy`, not only with --deploy, because a deployment without its
own case keys must not start at all."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from ankommen.cases.search_index import configured_index_key
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
    if not configured_index_key() and not settings.DEBUG:
        errors.append(
            Error(
                "No key for the client search index: ANKOMMEN_CASES_INDEX_KEY is not set.",
                hint="Set ANKOMMEN_CASES_INDEX_KEY to a long random secret (for example "
                "python -c 'import secrets; print(secrets.token_urlsafe(32))'), kept apart "
                "from the data and the case keys; after changing it run "
                "`ankommen rotate_case_keys`, which rebuilds the index.",
                id="ankommen.cases.E003",
            )
        )
    return errors
