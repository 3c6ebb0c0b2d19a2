from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    name = "ankommen.actionplan"
    label = "actionplan"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from ankommen.actionplan import permissions  # noqa: F401  (registers the rules)

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.actionplan.demo import load_demo_plan

        load_demo_plan(stdout=stdout)

    def region_links(self, region) -> list[tuple[str, str]]:
        from django.urls import reverse

        language = region.default_language.code
        return [
            (
                str(_("Action plan and its implementation")),
                reverse("actionplan:index", kwargs={"region": region.slug, "language": language}),
            )
        ]

    def staff_modules(self, user, region) -> list:
        from ankommen.actionplan.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.actionplan.workspace import staff_tasks

        return staff_tasks(user, region)
