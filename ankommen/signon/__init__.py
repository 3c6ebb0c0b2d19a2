"""Single sign-on: OpenID Connect (mozilla-django-oidc) and LDAP/Active Directory bind
(django-auth-ldap), with the directory's groups mapped to roles per region (see README.md)."""
