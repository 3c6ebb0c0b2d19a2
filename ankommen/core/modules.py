"""How the modules (one Django app each) plug into the platform.

An app takes part by defining any of these on its AppConfig:

- `load_demo(*, stdout, **options)`: add its part of the Kreis Gütersloh demo data,
  idempotently;
- `generate_synthetic(*, count, stdout, **options)`: add its part to the synthetic
  benchmark regions (`count` of them, named by `ankommen.core.synthetic.region_slug`);
- `region_links(region)`: links for a region's start page, as (label, url) pairs.

They are called in the order of INSTALLED_APPS, so a module can rely on the ones above it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import AppConfig, apps


def modules_with(hook: str) -> Iterator[AppConfig]:
    for config in apps.get_app_configs():
        if config.name.startswith("ankommen.") and callable(getattr(config, hook, None)):
            yield config


def region_links(region) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for config in modules_with("region_links"):
        links.extend(config.region_links(region))
    return links
