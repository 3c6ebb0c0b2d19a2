from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "ankommen.mediation"
    label = "mediation"
    verbose_name = _("Language mediation")

    # The two imports below wait for the app registry: permissions and the demo read the
    # models, which cannot be imported while the apps are being loaded.
    def ready(self) -> None:
        from ankommen.mediation import permissions  # noqa: F401  (registers the rules)

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.mediation.demo import load_demo_pool

        load_demo_pool(stdout=stdout, **options)

    def region_links(self, region) -> list[tuple[str, str]]:
        url = reverse(
            "mediation_public:pools",
            kwargs={"region": region.slug, "language": region.default_language.code},
        )
        return [(str(_("Language mediation: Sprachlotsen and interpreters")), url)]

    def staff_modules(self, user, region) -> list:
        from ankommen.mediation.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.mediation.workspace import staff_tasks

        return staff_tasks(user, region)
