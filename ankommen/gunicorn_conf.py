"""gunicorn's configuration for production (`gunicorn -c python:ankommen.gunicorn_conf`,
deploy/ankommen.service): before the first worker starts, Django's system checks run as they
do for every `ankommen` command, so a production start with a placeholder SECRET_KEY,
without case keys, without HTTPS or without the public address stops here with the
check's message instead of serving. Addresses and worker counts stay on the command line."""

from __future__ import annotations

import os

# Django's settings module, as wsgi.py names it, for the checks run before wsgi.py loads.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ankommen.settings")

# Ask the application for its own request log (with the request id) instead of gunicorn's.
accesslog = None
# One worker stuck on a slow upstream must not hang for ever.
timeout = 60
graceful_timeout = 30
# Restart workers now and then: a slow leak in any library never grows for weeks.
max_requests = 2000
max_requests_jitter = 200


def child_exit(server, worker) -> None:
    # Prometheus in multiprocess mode (PROMETHEUS_MULTIPROC_DIR, deploy/systemd): a dead
    # worker's gauges must leave the figures.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_starting(server) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    # Raises SystemCheckError (and so stops gunicorn) on any error-level check.
    call_command("check", "--fail-level", "ERROR")
