"""Synthetic benchmark regions: `ankommen generate_synthetic` creates the regions (core) and
then each installed module's part of them, in the order of INSTALLED_APPS, so a module can
rely on the ones above it."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import transaction


def _core(*, count: int, stdout, **options) -> None:
    from ankommen.devtools.synthetic.core import generate_regions

    generate_regions(count=count, stdout=stdout)


def _monitoring(*, count: int, stdout, **options) -> None:
    from ankommen.devtools.synthetic.monitoring import generate_synthetic_monitoring

    generate_synthetic_monitoring(count=count, stdout=stdout)


def _actionplan(*, count: int, stdout, **options) -> None:
    from ankommen.devtools.synthetic.actionplan import generate_plans

    generate_plans(count=count, stdout=stdout)


def _directory(*, count: int, stdout, **options) -> None:
    from ankommen.devtools.synthetic.directory import generate_offers

    generate_offers(count=count, stdout=stdout, per_region=options.get("offers", 2000))


def _cases(*, count: int, stdout, **options) -> None:
    from ankommen.devtools.synthetic.cases import generate_cases

    generate_cases(count=count, stdout=stdout, per_region=options.get("cases", 3000))


# Each module's part, by app label.
GENERATORS: dict[str, Callable[..., None]] = {
    "core": _core,
    "monitoring": _monitoring,
    "actionplan": _actionplan,
    "directory": _directory,
    "cases": _cases,
}


def generate(*, count: int, stdout, only: tuple[str, ...] | None = None, **options) -> None:
    """The synthetic data of every installed module (or of the labels in `only`) for
    `count` regions, each module in its own transaction."""
    for config in apps.get_app_configs():
        generator = GENERATORS.get(config.label)
        if generator is None or (only is not None and config.label not in only):
            continue
        with transaction.atomic():
            generator(count=count, stdout=stdout, **options)
