"""Auditing: the one function that writes the one audit log (`core.models.AuditEntry`).

Every module records here who did what to which record, when and from where: each look
at case data and each refused attempt (the case module), logins and failed logins (the
receivers below), second-factor checks (the twofactor app), and the account changes a team
lead sees on her case list (case roles, passwords, authenticator links; the user admin).

    audit(actor, AuditEntry.Action.VIEW, case)
    audit(actor, AuditEntry.Action.ROLE_GRANTED, subject, role=..., team=...)

The actor is an `Actor` (ankommen/core/actor.py), not a request, so that commands and
background jobs write the same entries the pages do.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ankommen.core.actor import Actor
from ankommen.core.models import AuditEntry

Action = AuditEntry.Action


def _record_ids(target: Any, case_id: int | None, client_id: int | None) -> tuple:
    """The case and the client a record belongs to, for the client's access log (Art. 15
    export): a case is its own case, a client her own client, any other record names
    them in its `case_id` and `client_id`."""
    kind = type(target).__name__
    if case_id is None:
        case_id = target.pk if kind == "Case" else getattr(target, "case_id", None)
    if client_id is None:
        client_id = target.pk if kind == "Client" else getattr(target, "client_id", None)
    return case_id, client_id


def audit(
    actor: Actor | None,
    action: str,
    target: Any = None,
    *,
    case_id: int | None = None,
    client_id: int | None = None,
    model: str = "",
    object_id: str = "",
    subject: Any = None,
    role: str = "",
    team: Any = None,
    region_id: int | None = None,
    **detail: Any,
) -> AuditEntry:
    """Write one entry: `actor` did `action` to `target` (a model instance) or to what
    `model` and `object_id` name. `subject` is the person an account event is about;
    the region is the target's own unless `region_id` names it; `detail` is stored as
    JSON (never a credential, never a client's personal data)."""
    if actor is not None and not isinstance(actor, Actor):
        raise TypeError("audit() takes an Actor (Actor.from_request(request)), not a request")
    actor = actor or Actor()
    if target is not None:
        case_id, client_id = _record_ids(target, case_id, client_id)
        if region_id is None:
            region_id = getattr(target, "region_id", None)
    return AuditEntry.objects.create(
        user_id=actor.user_id,
        username=actor.username,
        action=action,
        model=type(target).__name__ if target is not None else model,
        object_id=str(target.pk) if target is not None and target.pk is not None else object_id,
        case_id=case_id,
        client_id=client_id,
        subject_id=subject.pk if subject is not None else None,
        subject_username=subject.get_username() if subject is not None else "",
        role=role,
        team_id=team.pk if team is not None else None,
        region_id=region_id,
        path=actor.via[:300],
        ip=actor.address or None,
        detail=detail,
    )


# --- Logins, logouts and failed logins (no password or other credential is written) ----


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    if request is not None:
        audit(Actor.from_request(request, user=user), Action.LOGIN, result="login")


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if request is not None and user is not None:
        audit(Actor.from_request(request, user=user), Action.LOGIN, result="logout")


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit(Actor.from_request(request), Action.LOGIN, result="failed", attempted_username=username)
