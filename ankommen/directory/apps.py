from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "ankommen.directory"
    label = "directory"
    verbose_name = _("Offer directory")

    def ready(self) -> None:
        from django.contrib.postgres.lookups import TrigramWordSimilar
        from django.db.models import TextField

        from ankommen.directory import checks, permissions, signals  # noqa: F401  (registers)

        # The trigram lookup without installing django.contrib.postgres as an app; it is
        # only used when the database is PostgreSQL (see search.py).
        TextField.register_lookup(TrigramWordSimilar)

    def public_content(self) -> dict:
        """What the directory shows the public, for the content version
        (core/content_version.py)."""
        from ankommen.core.content_version import SHARED
        from ankommen.directory.models import (
            Event,
            Offer,
            OfferTranslation,
            OpeningException,
            OpeningHours,
            Place,
            SearchConcept,
        )

        return {
            Offer: "region",
            OfferTranslation: "offer__region",
            Place: "region",
            OpeningHours: "place__region",
            OpeningException: "place__region",
            Event: "region",
            # A concept bridges languages in every region's search (shared ones have no
            # region): one change raises every region, so cached concepts never go stale.
            SearchConcept: SHARED,
        }

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.directory.demo import load_demo_directory

        load_demo_directory(stdout=stdout)

    def resolve_reference(self, kind: str, key: str, region) -> str | None:
        from django.urls import reverse

        from ankommen.directory.models import Offer

        language = region.default_language.code
        if kind == "index":
            return reverse("directory:index", kwargs={"region": region.slug, "language": language})
        if kind == "offer" and Offer.objects.filter(region=region, key=key).exists():
            return reverse(
                "directory:detail",
                kwargs={"region": region.slug, "language": language, "key": key},
            )
        return None

    def region_links(self, region) -> list[tuple[str, str]]:
        from django.urls import reverse

        language = region.default_language.code
        return [
            (
                str(_("Offers, counselling and events")),
                reverse("directory:index", kwargs={"region": region.slug, "language": language}),
            )
        ]

    def staff_modules(self, user, region) -> list:
        from ankommen.directory.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.directory.workspace import staff_tasks

        return staff_tasks(user, region)
