"""The provider's claims: username, name, e-mail and the user's groups (as Keycloak's
group mapper sends them, claim `groups`)."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class GroupsValidator(OAuth2Validator):
    oidc_claim_scope = None  # release every claim below, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "groups": [f"/kreis/{g.name}" for g in user.groups.all()],
        }
