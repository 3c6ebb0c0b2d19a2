from __future__ import annotations

from collections.abc import Callable

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "ankommen.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # The tasks register themselves with the Celery app on import.
        from ankommen.jobs import engine, metrics, periodic, permissions, tasks  # noqa: F401

        engine.configure(beat_schedule=periodic.beat_schedule())
        metrics.register()
        # Every module's job kinds (its jobs.py, see registry.py).
        autodiscover_modules("jobs")

    def readiness_checks(self) -> dict[str, Callable[[], None]]:
        """For the readiness endpoint (core/health.py, core/modules.py): the task queue's
        broker answers, else `NotReady`."""
        return {"queue": _queue_answers}

    def staff_modules(self, user, region):
        from ankommen.core.modules import StaffModule
        from ankommen.jobs.permissions import may_see_all_jobs

        if not may_see_all_jobs(user, region):
            return []
        from django.urls import reverse

        return [
            StaffModule(
                _("Background jobs"),
                reverse("jobs_staff:list", kwargs={"region": region.slug}),
                _("Imports, machine translations and link checks: progress, results, failures"),
            )
        ]


def _queue_answers() -> None:
    from ankommen.core.health import NotReady
    from ankommen.jobs.dispatch import broker_reachable

    if not broker_reachable():
        raise NotReady("the task queue's broker does not answer")
