from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "ankommen.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from ankommen.portal import permissions  # noqa: F401  (registers the rules)

    def public_content(self) -> dict:
        """What the public portal shows, for the content version (core/content_version.py)."""
        from ankommen.portal.models import GlossaryEntry, Page, PageService, PageTranslation

        return {
            Page: "region",
            PageTranslation: "page__region",
            GlossaryEntry: "region",
            PageService: "page__region",
        }

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.portal.demo import load_demo_pages, revise_german_texts

        load_demo_pages(stdout=stdout)
        revise_german_texts(stdout=stdout)

    def resolve_reference(self, kind: str, key: str, region) -> str | None:
        from django.urls import reverse

        if kind == "index":
            return reverse(
                "portal:index",
                kwargs={"region": region.slug, "language": region.default_language.code},
            )
        return None

    def region_links(self, region) -> list[tuple[str, str]]:
        from django.urls import reverse

        from ankommen.portal.models import Page

        if not Page.objects.published().tree().filter(region=region).exists():
            return []
        from ankommen.portal.models import GlossaryEntry

        language = region.default_language.code
        links = [
            (
                str(_("First orientation for newcomers")),
                reverse("portal:index", kwargs={"region": region.slug, "language": language}),
            )
        ]
        if GlossaryEntry.objects.filter(region=region).for_professionals().exists():
            links.append(
                (
                    str(_("Glossary for professionals")),
                    reverse(
                        "portal:professional_glossary",
                        kwargs={"region": region.slug, "language": language},
                    ),
                )
            )
        return links

    def staff_modules(self, user, region) -> list:
        from ankommen.portal.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.portal.workspace import staff_tasks

        return staff_tasks(user, region)
