"""Small typed readers for settings that come from environment variables.

Each reader fails loudly on a value it cannot understand instead of guessing, so that a
typo in a deployment shows up at start-up and not as a silently insecure default.

Every variable NAME may instead be given as NAME_FILE, the path of a file that holds the
value (systemd's credentials, Docker and Kubernetes secrets): the secret then never stands
in the process environment or a unit file. One trailing newline of the file is dropped.
Setting both NAME and NAME_FILE is an error.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    """The value of NAME, or the content of the file NAME_FILE names, or None."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if path is None:
        return value
    if value is not None:
        raise ImproperlyConfigured(f"Both {name} and {name}_FILE are set: set only one.")
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(
            f"{name}_FILE={path!r} cannot be read: {error.__class__.__name__}."
        ) from None
    return content[:-1] if content.endswith("\n") else content


def env_str(name: str, default: str | None = None) -> str | None:
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_float(name: str, default: float) -> float:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of {', '.join(choices)}.")
    return value
