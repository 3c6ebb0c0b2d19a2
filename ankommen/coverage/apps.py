from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "ankommen.coverage"
    label = "coverage"
    verbose_name = _("Minimum standard and coverage")

    def ready(self) -> None:
        from ankommen.coverage import permissions  # noqa: F401  (registers the rules)

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.coverage.demo import load_demo_coverage

        load_demo_coverage(stdout=stdout)

    def staff_modules(self, user, region) -> list:
        from django.urls import reverse

        from ankommen.core.modules import StaffModule

        if not user.has_perm("coverage.use_staff_pages", region):
            return []
        return [
            StaffModule(
                str(_("Minimum standard")),
                reverse("coverage_staff:index", kwargs={"region": region.slug}),
                str(_("Which towns and quarters have the offers the standard asks for.")),
            )
        ]
