from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "ankommen.twofactor"
    label = "twofactor"
    verbose_name = _("Two-factor login")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ankommen.twofactor import permissions  # noqa: F401  (rules)

    def admin_second_factor(self, request):
        from ankommen.twofactor.admin import admin_second_factor

        return admin_second_factor(request)

    def staff_second_factor(self, request, region):
        from ankommen.twofactor.session import second_factor_redirect

        return second_factor_redirect(request, region)

    def user_admin_actions(self) -> list:
        from ankommen.twofactor.admin import issue_enrolment_links

        return [issue_enrolment_links]
