"""Configuration is read in one place: ankommen/settings.py reads every environment
variable (with the typed readers of ankommen/env.py), every module reads django.conf.settings.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import ankommen

PACKAGE = Path(ankommen.__file__).resolve().parent

# Where the environment may be read: the settings and their readers, the three entry points
# that name the settings module, and what is not the product (tests, development tools).
ALLOWED_FILES = {"settings.py", "env.py", "manage.py", "wsgi.py", "gunicorn_conf.py"}
ALLOWED_DIRECTORIES = {"tests", "devtools", "migrations"}

READS_THE_ENVIRONMENT = re.compile(
    r"\bos\.environ\b|\bgetenv\b|\bfrom os import\b.*\benviron\b|\bankommen\.env\b"
    r"|\bfrom ankommen import\b.*\benv\b"
)


def product_modules() -> list[Path]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in ALLOWED_FILES and len(relative.parts) == 1:
            continue
        if ALLOWED_DIRECTORIES.intersection(relative.parts[:-1]):
            continue
        modules.append(path)
    return modules


def test_no_module_outside_the_settings_reads_the_environment():
    readers = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in product_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if READS_THE_ENVIRONMENT.search(line)
    ]
    assert readers == []


def test_the_search_covers_the_modules():
    # A guard for the test above: it would pass on an empty list.
    names = {str(path.relative_to(PACKAGE)) for path in product_modules()}
    assert {"api/v1/conf.py", "core/crypto.py", "directory/registrations.py"} <= names


# Each module setting with the environment variable it comes from, a value to set and the
# value the setting then has.
VARIABLES = {
    "CASES_ENCRYPTION_KEYS": ("ANKOMMEN_CASES_KEYS", "a, b", ["a", "b"]),
    "ANKOMMEN_MAP_TILE_URL": ("ANKOMMEN_MAP_TILE_URL", "https://t/{z}", "https://t/{z}"),
    "ANKOMMEN_MAP_TILE_ATTRIBUTION": ("ANKOMMEN_MAP_TILE_ATTRIBUTION", "© t", "© t"),
    "ANKOMMEN_MAP_TILE_ATTRIBUTION_URL": (
        "ANKOMMEN_MAP_TILE_ATTRIBUTION_URL",
        "https://t/c",
        "https://t/c",
    ),
    "ANKOMMEN_MAP_TILE_MAX_ZOOM": ("ANKOMMEN_MAP_TILE_MAX_ZOOM", "17", 17),
    "DIRECTORY_REGISTRATION_HOLD_MINUTES": ("DIRECTORY_REGISTRATION_HOLD_MINUTES", "7", 7),
    "DIRECTORY_REGISTRATIONS_PER_ADDRESS_PER_HOUR": (
        "DIRECTORY_REGISTRATIONS_PER_ADDRESS_PER_HOUR",
        "3",
        3,
    ),
    "API_PUBLIC_URL": ("ANKOMMEN_PUBLIC_URL", "https://k.example", "https://k.example"),
    "API_PUBLISH_DIR": ("ANKOMMEN_API_PUBLISH_DIR", "/srv/api", "/srv/api"),
    "API_RATE_LIMIT_PER_MINUTE": ("API_RATE_LIMIT_PER_MINUTE", "0", 0),
    "API_V3_RATE_LIMIT_PER_MINUTE": ("API_V3_RATE_LIMIT_PER_MINUTE", "9", 9),
    "API_FEEDBACK_RATE_LIMIT_PER_MINUTE": ("API_FEEDBACK_RATE_LIMIT_PER_MINUTE", "2", 2),
    "SEARCH_RATE_LIMIT_PER_MINUTE": ("SEARCH_RATE_LIMIT_PER_MINUTE", "4", 4),
    "API_CACHE": ("API_CACHE", "default", "default"),
    "API_CLIENT_IP_HEADER": ("API_CLIENT_IP_HEADER", "HTTP_X_REAL_IP", "HTTP_X_REAL_IP"),
    "API_CACHE_MAX_AGE": ("API_CACHE_MAX_AGE", "5", 5),
}
MACHINE_TRANSLATION = {
    "ANKOMMEN_MT_PROVIDER": ("provider", "deepl", "deepl"),
    "ANKOMMEN_MT_URL": ("url", "https://mt.example", "https://mt.example"),
    "ANKOMMEN_MT_API_KEY": ("api_key", "k", "k"),
    "ANKOMMEN_MT_TIMEOUT": ("timeout", "3", 3),
}
DEFAULTS = {
    "CASES_ENCRYPTION_KEYS": [],
    "ANKOMMEN_MAP_TILE_URL": "",
    "ANKOMMEN_MAP_TILE_ATTRIBUTION": "© OpenStreetMap",
    "ANKOMMEN_MAP_TILE_ATTRIBUTION_URL": "https://www.openstreetmap.org/copyright",
    "ANKOMMEN_MAP_TILE_MAX_ZOOM": 19,
    "DIRECTORY_REGISTRATION_HOLD_MINUTES": 30,
    "DIRECTORY_REGISTRATIONS_PER_ADDRESS_PER_HOUR": 5,
    "API_PUBLIC_URL": "http://127.0.0.1:8000",
    "API_PUBLISH_DIR": "",
    "API_RATE_LIMIT_PER_MINUTE": 120,
    "API_V3_RATE_LIMIT_PER_MINUTE": 300,
    "API_FEEDBACK_RATE_LIMIT_PER_MINUTE": 10,
    "SEARCH_RATE_LIMIT_PER_MINUTE": 60,
    "API_CACHE": "",
    "API_CLIENT_IP_HEADER": "REMOTE_ADDR",
    "API_CACHE_MAX_AGE": 60,
    "PORTAL_MACHINE_TRANSLATION": {"provider": "", "url": "", "api_key": "", "timeout": 20},
}
NAMES = [*VARIABLES, "PORTAL_MACHINE_TRANSLATION"]


def settings_read_with(env: dict[str, str]) -> dict:
    variables = {name for name, *_ in VARIABLES.values()} | set(MACHINE_TRANSLATION)
    clean = {k: v for k, v in os.environ.items() if k not in variables}
    clean.update(env, SECRET_KEY="s" * 50, DJANGO_SETTINGS_MODULE="ankommen.settings")
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_the_module_settings_keep_their_defaults():
    assert settings_read_with({}) == DEFAULTS


def test_the_module_settings_are_read_from_their_variables():
    env = {variable: raw for variable, raw, _ in VARIABLES.values()}
    env |= {variable: raw for variable, (_, raw, _) in MACHINE_TRANSLATION.items()}
    expected = {name: value for name, (_, _, value) in VARIABLES.items()}
    expected["PORTAL_MACHINE_TRANSLATION"] = {
        key: value for key, _, value in MACHINE_TRANSLATION.values()
    }
    assert settings_read_with(env) == expected
