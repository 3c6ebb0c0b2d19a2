from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "ankommen.volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")

    # The imports below wait for the app registry: they read the models.
    def ready(self) -> None:
        from ankommen.volunteering import permissions  # noqa: F401  (registers the rules)

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.volunteering.demo import load_demo

        load_demo(stdout=stdout, set_passwords=bool(options.get("demo_passwords")))

    def demo_accounts(self) -> list[str]:
        from ankommen.volunteering.demo import DEMO_ACCOUNTS

        return [account["username"] for account in DEMO_ACCOUNTS]

    def region_links(self, region) -> list[tuple[str, str]]:
        url = reverse(
            "volunteering_public:index",
            kwargs={"region": region.slug, "language": region.default_language.code},
        )
        return [(str(_("Volunteering: help in your town")), url)]

    def public_content(self) -> dict:
        from ankommen.volunteering.models import Opportunity, OpportunityTranslation

        return {Opportunity: "region", OpportunityTranslation: "opportunity__region"}

    def staff_modules(self, user, region) -> list:
        from ankommen.volunteering.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.volunteering.workspace import staff_tasks

        return staff_tasks(user, region)
