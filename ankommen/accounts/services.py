"""The life cycle of an account: invited for a role by e-mail, password set through a
one-time link, deactivated by whoever manages it.

The links are Django's password-reset links (`default_token_generator`): signed with the
account's password hash and last sign-in, so a link works once (setting the password
changes the hash) and expires after PASSWORD_RESET_TIMEOUT (24 h). The mails are sent
through Django's mail backend directly, not through the outbox: a row of the outbox would
keep a working link in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.links import absolute_url
from ankommen.core.models import (
    CASE_ROLES,
    AuditEntry,
    Organisation,
    Region,
    Role,
    RoleAssignment,
    User,
)
from ankommen.core.permissions import (
    is_officer_for,
    may_change_password_of,
    role_refusal,
    scope_of,
)


def home_region(user) -> Region | None:
    """The region whose home page a person lands on after signing in: her first role's."""
    assignment = (
        RoleAssignment.objects.filter(user=user).select_related("region").order_by("pk").first()
    )
    if assignment is not None:
        return assignment.region
    if scope_of(user).is_admin:
        return Region.objects.order_by("pk").first()
    return None


def invitable_roles(user, region: Region) -> list[str]:
    """The roles this person may invite someone for in the region: the installation admin
    every role; the KI coordinator every role but the case roles (those are given by the
    team lead of the team: issue 13); a team lead case managers for her team; a municipal
    officer editors of organisations in her town; an organisation editor editors of her
    own organisation."""
    scope = scope_of(user)
    if scope.is_admin:
        return list(Role.values)
    roles: list[str] = []
    if region.pk in scope.coordinator_region_ids:
        roles += [r for r in Role.values if r not in CASE_ROLES]
    if (
        scope.led_team_ids
        and RoleAssignment.objects.filter(user=user, region=region, role=Role.TEAM_LEAD).exists()
    ):
        roles.append(Role.CASE_MANAGER)
    if region.pk in scope.officer_region_ids or (
        scope.editor_organisation_ids
        and Organisation.objects.filter(
            region=region, pk__in=scope.editor_organisation_ids
        ).exists()
    ):
        roles.append(Role.ORGANISATION_EDITOR)
    return list(dict.fromkeys(roles))


def invite_refusal(actor, assignment: RoleAssignment) -> str | None:
    """Why `actor` may not invite someone for `assignment`, or None if she may: the rules
    for giving a role (`core.permissions.role_refusal`), widened for the administrators of
    a town (editors of its organisations) and of an organisation (its editors)."""
    if role_refusal(actor, assignment) is None:
        return None
    if assignment.role == Role.ORGANISATION_EDITOR and assignment.organisation_id:
        organisation = assignment.organisation
        if organisation.pk in scope_of(actor).editor_organisation_ids:
            return None
        if is_officer_for(actor, organisation):
            return None
    return "not_yours"


@dataclass(frozen=True)
class Invitation:
    email: str
    first_name: str
    last_name: str
    role: str
    region: Region
    area: object = None
    organisation: Organisation | None = None
    team: object = None


def password_link(user: User) -> str:
    """The one-time address that sets the person's password (24 h)."""
    path = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def _send(user: User, template: str, context: dict) -> None:
    language = user.preferred_language or "de"
    with override(language):
        subject = render_to_string(f"accounts/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/mail/{template}.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def invite(actor: Actor, invitation: Invitation) -> User:
    """Creates the account (no usable password until she sets one) with its role and mails
    her the link. Raises ValidationError for a bad role scope or an address in use,
    PermissionDenied when the actor may not give that role."""
    email = User.objects.normalize_email(invitation.email).strip()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise ValidationError(
            {"email": _("There is already an account with this e-mail address.")},
            code="taken",
        )
    user = User(
        username=email,
        email=email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    user.set_unusable_password()
    assignment = RoleAssignment(
        user=user,
        role=invitation.role,
        region=invitation.region,
        area=invitation.area,
        organisation=invitation.organisation,
        team=invitation.team,
    )
    if invitation.role not in invitable_roles(actor.user, invitation.region) or (
        invite_refusal(actor.user, assignment) is not None
    ):
        raise PermissionDenied(_("You may not invite a person for this role."))
    assignment.clean()
    user.save()
    assignment.user = user
    assignment.save()
    audit(actor, AuditEntry.Action.CREATE, user, subject=user, role=invitation.role)
    context = {
        "user": user,
        "inviter": actor.user,
        "region": invitation.region,
        "role": assignment.get_role_display(),
        "link": password_link(user),
    }
    transaction.on_commit(lambda: _send(user, "invitation", context))
    return user


def may_deactivate(actor, subject: User) -> bool:
    """Whoever may set the person's password may also close her account; nobody her own."""
    return subject.pk != actor.pk and subject.is_active and may_change_password_of(actor, subject)


def manageable_people(actor, region: Region):
    """The accounts with a role in the region that the actor may deactivate."""
    people = (
        User.objects.filter(role_assignments__region=region)
        .distinct()
        .order_by("last_name", "first_name", "username")
        .prefetch_related("role_assignments")
    )
    return [person for person in people if may_deactivate(actor, person)]


@transaction.atomic
def deactivate(actor: Actor, subject: User) -> None:
    """Closes the account: she can no longer sign in, her sessions end at the next request
    (Django checks `is_active`). Her records stay."""
    if not may_deactivate(actor.user, subject):
        raise PermissionDenied(_("You may not deactivate this account."))
    subject.is_active = False
    subject.save(update_fields=["is_active"])
    audit(actor, AuditEntry.Action.UPDATE, subject, subject=subject, result="deactivated")
