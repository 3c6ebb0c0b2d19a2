"""The development tools are installed with DEBUG, under the tests or when asked for, and
never in production."""

import os
import subprocess
import sys

from django.apps import apps
from django.core.management import get_commands

COMMANDS = {
    "benchmark_api_v1",
    "benchmark_cases",
    "benchmark_directory",
    "benchmark_mediation",
    "benchmark_monitoring",
    "benchmark_portal",
    "crawl_demo",
    "generate_api_bench_pages",
    "generate_synthetic",
}


def installed_in_a_fresh_process(**env: str) -> str:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ANKOMMEN_DEVTOOLS"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="ankommen.settings")
    code = (
        "import django; django.setup(); from django.apps import apps; "
        "print(apps.is_installed('ankommen.devtools'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_tests_have_the_development_tools():
    assert apps.is_installed("ankommen.devtools")


def test_every_development_command_keeps_its_name():
    assert {name: app for name, app in get_commands().items() if name in COMMANDS} == dict.fromkeys(
        COMMANDS, "ankommen.devtools"
    )


def test_production_does_not_install_the_development_tools():
    assert installed_in_a_fresh_process(SECRET_KEY="s" * 50) == "False"


def test_debug_installs_the_development_tools():
    assert installed_in_a_fresh_process(DEBUG="true") == "True"


def test_the_variable_installs_the_development_tools_without_debug():
    assert installed_in_a_fresh_process(SECRET_KEY="s" * 50, ANKOMMEN_DEVTOOLS="true") == "True"
