"""The two authentication backends of single sign-on. Each is the library's own, with the
groups it reads mapped to roles (roles.py) after every successful sign-in."""

from __future__ import annotations

from django.conf import settings
from django_auth_ldap.backend import LDAPBackend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ankommen.core.models import User
from ankommen.signon.models import Source
from ankommen.signon.roles import apply_group_roles


def _claim(name: str, default: str) -> str:
    return getattr(settings, name, default) or default


def _is_installation_admin(username: str) -> bool:
    """Installation admins sign in with their own password only: a directory account of
    the same name must not become one."""
    return User.objects.filter(username=username, is_superuser=True).exists()


class OIDCBackend(OIDCAuthenticationBackend):
    """OpenID Connect (authorization code flow, ID token signature checked against the
    provider's keys). The account is the one whose username is the provider's
    `preferred_username` (setting OIDC_USERNAME_CLAIM); the groups come from the claim
    OIDC_GROUPS_CLAIM (`groups`; Keycloak's group mapper sends it)."""

    def _username(self, claims: dict) -> str:
        return str(claims.get(_claim("OIDC_USERNAME_CLAIM", "preferred_username"), ""))[:150]

    def verify_claims(self, claims: dict) -> bool:
        username = self._username(claims)
        return (
            bool(username)
            and not _is_installation_admin(username)
            and super().verify_claims(claims)
        )

    def filter_users_by_claims(self, claims: dict):
        return self.UserModel.objects.filter(username=self._username(claims), is_active=True)

    def create_user(self, claims: dict):
        user = self.UserModel.objects.create_user(
            username=self._username(claims), email=claims.get("email", "")
        )
        return self.update_user(user, claims)

    def update_user(self, user, claims: dict):
        user.first_name = str(claims.get("given_name", user.first_name))[:150]
        user.last_name = str(claims.get("family_name", user.last_name))[:150]
        user.email = claims.get("email", user.email) or ""
        user.save(update_fields=["first_name", "last_name", "email"])
        groups = claims.get(_claim("OIDC_GROUPS_CLAIM", "groups")) or []
        if isinstance(groups, str):
            groups = [groups]
        # Keycloak sends full paths ("/kreis/fallmanagement") unless told otherwise.
        apply_group_roles(user, Source.OIDC, [str(g).rsplit("/", 1)[-1] for g in groups])
        return user


class DirectoryBackend(LDAPBackend):
    """LDAP / Active Directory bind (django-auth-ldap; AUTH_LDAP_* settings). The groups
    are the names (cn) of the groups found by AUTH_LDAP_GROUP_SEARCH."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or _is_installation_admin(username):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            apply_group_roles(user, Source.LDAP, ldap_user.group_names)
        return user
