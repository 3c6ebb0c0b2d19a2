from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ankommen.cases"
    label = "cases"
    verbose_name = _("Case management")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ankommen.cases import (  # noqa: F401  (rules, audit of logins, system checks)
            checks,
            permissions,
            signals,
        )

    def second_factor_home(self, user, region) -> str | None:
        """Case pages need the second factor (ankommen/twofactor): for those who work with
        cases in the region, its page sends them on to their case list."""
        from django.urls import reverse

        from ankommen.cases.permissions import works_with_cases

        if not works_with_cases(user, region):
            return None
        return reverse("cases:list", kwargs={"region": region.slug})

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.cases.demo import load_demo_cases

        load_demo_cases(stdout=stdout, demo_passwords=options.get("demo_passwords", False))

    def staff_modules(self, user, region) -> list:
        from ankommen.cases.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.cases.workspace import staff_tasks

        return staff_tasks(user, region)

    def demo_accounts(self) -> list[str]:
        from ankommen.cases.demo import DEMO_FILE
        from ankommen.core.loader import DataFile

        return [entry["username"] for entry in DataFile.read(DEMO_FILE).entries("user")]
