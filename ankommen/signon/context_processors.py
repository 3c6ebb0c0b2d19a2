"""What the sign-in pages need to offer single sign-on (templates/signon/sso_buttons.html)."""

from __future__ import annotations

from django.conf import settings


def sign_on(request) -> dict:
    return {
        "sso_oidc_name": getattr(settings, "OIDC_PROVIDER_NAME", "")
        if getattr(settings, "OIDC_RP_CLIENT_ID", "")
        else "",
        "sso_ldap": bool(getattr(settings, "AUTH_LDAP_SERVER_URI", "")),
    }
