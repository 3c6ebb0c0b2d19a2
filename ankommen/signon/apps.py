from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignOnConfig(AppConfig):
    name = "ankommen.signon"
    label = "signon"
    verbose_name = _("Single sign-on")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ankommen.signon import permissions  # noqa: F401  (rules)

    def sign_in_options(self, request) -> list[tuple[str, str]]:
        """The single sign-on links of the one sign-in page (hook of core/modules.py):
        the OpenID Connect provider and the directory, where configured."""
        from urllib.parse import urlencode

        from django.conf import settings
        from django.urls import reverse

        wanted = request.GET.get("next", "")
        query = f"?{urlencode({'next': wanted})}" if wanted else ""
        options = []
        if getattr(settings, "OIDC_RP_CLIENT_ID", "") and getattr(
            settings, "OIDC_PROVIDER_NAME", ""
        ):
            options.append(
                (
                    _("Sign in with %(provider)s") % {"provider": settings.OIDC_PROVIDER_NAME},
                    reverse("oidc_authentication_init") + query,
                )
            )
        if getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
            options.append(
                (_("Sign in with your directory account"), reverse("signon_directory") + query)
            )
        return options
