from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "ankommen.networks"
    label = "networks"
    verbose_name = _("Networks and bodies")

    def ready(self) -> None:
        from ankommen.networks import permissions  # noqa: F401  (registers the rules)

    def public_content(self) -> dict:
        from ankommen.networks.models import Body, Decision, Meeting, Membership, Minutes

        return {
            Body: "region",
            Membership: "body__region",
            Meeting: "body__region",
            Minutes: "meeting__body__region",
            Decision: "body__region",
        }

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.networks.demo import load_demo_networks

        load_demo_networks(stdout=stdout)

    def resolve_reference(self, kind: str, key: str, region) -> str | None:
        """ "networks.body:<slug>" (also "networks.network:<slug>"): the body's public page,
        when the body has one; "networks.organisation:<key>": a migrant organisation's."""
        from ankommen.networks.workspace import resolve_reference

        return resolve_reference(kind, key, region)

    def records_linked_to(self, reference: str, user, region) -> list:
        from ankommen.networks.workspace import records_linked_to

        return records_linked_to(reference, user, region)

    def region_links(self, region) -> list[tuple[str, str]]:
        from django.urls import reverse

        url = reverse(
            "networks:index",
            kwargs={"region": region.slug, "language": region.default_language.code},
        )
        return [(str(_("Networks, councils and migrant organisations")), url)]

    def staff_modules(self, user, region) -> list:
        from ankommen.networks.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.networks.workspace import staff_tasks

        return staff_tasks(user, region)
