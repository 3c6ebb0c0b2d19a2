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

    def admin_second_factor(self, request):
        from ankommen.cases.access import admin_second_factor

        return admin_second_factor(request)

    def staff_second_factor(self, request, region):
        from ankommen.cases.access import second_factor_redirect

        return second_factor_redirect(request, region)

    def user_admin_actions(self) -> list:
        from ankommen.cases.admin import issue_enrolment_links

        return [issue_enrolment_links]

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.cases.demo import load_demo_cases

        load_demo_cases(stdout=stdout, demo_passwords=options.get("demo_passwords", False))
