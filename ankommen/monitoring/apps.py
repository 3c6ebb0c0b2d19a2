from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ankommen.monitoring"
    label = "monitoring"
    verbose_name = _("Integration monitoring")

    def ready(self) -> None:
        from ankommen.monitoring import permissions  # noqa: F401  (registers the rules)

    def public_content(self) -> dict:
        """What the monitoring publishes, for the content version (core/content_version.py).
        A statistics import writes its values in bulk, but always after creating its
        ImportRun in the same transaction."""
        from ankommen.core.content_version import SHARED
        from ankommen.monitoring.models import (
            Dimension,
            DimensionMember,
            ImportRun,
            Indicator,
            Value,
        )

        return {
            Indicator: "region",
            ImportRun: "region",
            Value: "indicator__region",
            Dimension: SHARED,
            DimensionMember: SHARED,
        }

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.monitoring.demo import load_demo_monitoring

        load_demo_monitoring(stdout=stdout)

    def resolve_reference(self, kind: str, key: str, region) -> str | None:
        from django.urls import reverse

        from ankommen.monitoring.models import Indicator

        if kind == "indicator" and Indicator.objects.filter(region=region, slug=key).exists():
            return reverse(
                "monitoring:indicator",
                kwargs={
                    "region": region.slug,
                    "language": region.default_language.code,
                    "slug": key,
                },
            )
        return None

    def region_links(self, region) -> list[tuple[str, str]]:
        from django.urls import reverse

        url = reverse(
            "monitoring:dashboard",
            kwargs={"region": region.slug, "language": region.default_language.code},
        )
        return [(str(_("Integration monitoring")), url)]
