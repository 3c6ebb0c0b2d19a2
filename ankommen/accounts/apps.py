from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ankommen.accounts"
    label = "accounts"
    verbose_name = _("Accounts and sign-in")

    def staff_modules(self, user, region) -> list:
        """The people page, for those who may invite someone in the region."""
        from django.urls import reverse

        from ankommen.accounts.services import invitable_roles
        from ankommen.core.modules import StaffModule

        if not invitable_roles(user, region):
            return []
        return [
            StaffModule(
                label=_("People and invitations"),
                url=reverse("accounts:people", kwargs={"region": region.slug}),
                description=_("Invite a person for a role, deactivate an account."),
            )
        ]
