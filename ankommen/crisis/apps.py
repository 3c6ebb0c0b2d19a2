from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "ankommen.crisis"
    label = "crisis"
    verbose_name = _("Crisis and capacities")

    def ready(self) -> None:
        from ankommen.crisis import permissions  # noqa: F401  (registers the rules)

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.crisis.demo import load_demo_crisis

        load_demo_crisis(stdout=stdout)

    def public_content(self) -> dict:
        """The level (the public banner) and the news, for the content version
        (core/content_version.py)."""
        from ankommen.crisis.models import NewsItem, NewsTranslation, RegionLevel

        return {RegionLevel: "region", NewsItem: "region", NewsTranslation: "news__region"}

    def region_links(self, region) -> list[tuple[str, str]]:
        from django.urls import reverse

        from ankommen.crisis.models import NewsItem

        if not NewsItem.objects.published().filter(region=region).exists():
            return []
        language = region.default_language.code
        return [
            (
                str(_("News")),
                reverse("crisis:news", kwargs={"region": region.slug, "language": language}),
            )
        ]

    def staff_modules(self, user, region) -> list:
        from ankommen.crisis.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.crisis.workspace import staff_tasks

        return staff_tasks(user, region)
