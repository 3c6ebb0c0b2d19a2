"""The one way in to case data, the audit log writer and the two-factor gate.

Every case page goes through `case_area`, the staff entry (`core.routing.staff_view`) with
the case pages' options: login, a role that works with cases in this region (the rule
`cases.use_staff_pages`), a verified second factor, refusals written to the audit log. It
reads a case only through `get_case_for_user()`, which answers 404 outside the user's scope
and writes the denied attempt to the audit log.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from ankommen.cases.history import acting_as
from ankommen.cases.models import AuditEntry, Case, Transfer
from ankommen.cases.permissions import case_organisation_ids
from ankommen.core.models import Organisation, Region
from ankommen.core.net import client_address
from ankommen.core.permissions import scope_of
from ankommen.core.routing import REFUSED_ANONYMOUS, REFUSED_NOT_IN_REGION, staff_view

SESSION_VERIFIED = "cases_2fa_user"
SESSION_SEEN = "cases_2fa_seen"
# After this many minutes without a case page the second factor is asked for again.
IDLE_MINUTES_DEFAULT = 30


def client_ip(request: HttpRequest | None) -> str | None:
    """The real client behind the configured proxies (TRUSTED_PROXY_COUNT), as every
    throttle sees it."""
    return client_address(request)


def audit(
    request: HttpRequest | None,
    action: str,
    obj=None,
    *,
    user=None,
    case_id: int | None = None,
    client_id: int | None = None,
    model: str = "",
    object_id: str = "",
    **detail,
) -> AuditEntry:
    user = user if user is not None else getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    if obj is not None and case_id is None:
        if isinstance(obj, Case):
            case_id, client_id = obj.pk, client_id or obj.client_id
        else:
            case_id = getattr(obj, "case_id", None)
    if obj is not None and client_id is None:
        client_id = obj.pk if type(obj).__name__ == "Client" else getattr(obj, "client_id", None)
    return AuditEntry.objects.create(
        user_id=user.pk if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action,
        model=type(obj).__name__ if obj is not None else model,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else object_id,
        case_id=case_id,
        client_id=client_id,
        path=getattr(request, "path", "")[:300] if request is not None else "",
        ip=client_ip(request),
        detail=detail,
    )


def case_regions(user) -> QuerySet[Region]:
    """The regions, annotated with whether the user belongs to one of their organisations
    (`works_with_cases` without a query of its own: every case page asks) and with whether
    hand-overs of their cases wait for the user (the case list shows them; asking here
    saves it a query in the usual case that there are none)."""
    members = Organisation.objects.filter(region=OuterRef("pk"), pk__in=case_organisation_ids(user))
    handovers = Transfer.objects.filter(
        to_user_id=user.pk, accepted_at__isnull=True, case__region=OuterRef("pk")
    )
    return Region.objects.annotate(
        has_member=Exists(members), has_pending_transfer=Exists(handovers)
    )


def mark_verified(session, user) -> None:
    session[SESSION_VERIFIED] = user.pk
    session[SESSION_SEEN] = int(time.time())


def is_verified(request: HttpRequest) -> bool:
    """The second factor was confirmed in this session, by this user, and a case page was
    used within the idle limit (setting CASES_IDLE_MINUTES, default 30)."""
    session = request.session
    if session.get(SESSION_VERIFIED) != request.user.pk:
        return False
    idle = getattr(settings, "CASES_IDLE_MINUTES", IDLE_MINUTES_DEFAULT) * 60
    now = int(time.time())
    if now - int(session.get(SESSION_SEEN, 0)) > idle:
        session.pop(SESSION_VERIFIED, None)
        return False
    if now - int(session.get(SESSION_SEEN, 0)) > 60:  # write the session at most once a minute
        session[SESSION_SEEN] = now
    return True


# The audit log's words for the refusals staff_view reports.
_REFUSAL_REASONS = {
    REFUSED_ANONYMOUS: "anonymous",
    REFUSED_NOT_IN_REGION: "no case role in region",
}


def _audit_refusal(request: HttpRequest, reason: str) -> None:
    audit(request, AuditEntry.Action.DENIED, reason=_REFUSAL_REASONS.get(reason, reason))


def second_factor_redirect(request: HttpRequest, region: Region) -> HttpResponse | None:
    """The second-factor page when this session has not confirmed the second factor (lately
    enough), else None. A GET comes back to its page afterwards."""
    if is_verified(request):
        return None
    if request.method == "GET":
        return redirect(f"{_two_factor_url(region)}?next={request.get_full_path()}")
    return redirect(_two_factor_url(region))


def case_area(view):
    """The staff entry of every case page: `staff_view` with the case pages' permission, the
    second factor and refusals in the audit log; tracked field changes made by the request
    are attributed to its user."""

    @wraps(view)
    def attributed(request: HttpRequest, region: Region, *args, **kwargs):
        with acting_as(request.user):
            return view(request, region, *args, **kwargs)

    return staff_view(
        "cases.use_staff_pages",
        second_factor=True,
        regions=case_regions,
        on_refusal=_audit_refusal,
    )(attributed)


def admin_second_factor(request: HttpRequest):
    """People with a case role use the admin only after the case pages' second factor
    (the admin reaches the same users and organisations): redirect them to it."""
    from urllib.parse import urlencode

    from ankommen.core.models import RoleAssignment

    if not scope_of(request.user).case_manager_organisation_ids or is_verified(request):
        return None
    assignment = (
        RoleAssignment.objects.filter(user=request.user, role__in=["case_manager", "team_lead"])
        .select_related("region")
        .order_by("pk")
        .first()
    )
    if assignment is None:
        return None
    audit(request, AuditEntry.Action.TWO_FACTOR, result="asked for the admin")
    return redirect(
        f"{_two_factor_url(assignment.region)}?{urlencode({'next': request.get_full_path()})}"
    )


def _two_factor_url(region: Region) -> str:
    from django.urls import reverse

    return reverse("cases:two_factor", kwargs={"region": region.slug})


def get_case_for_user(request_or_user, pk, *, region: Region | None = None) -> Case:
    """The case, if the user may work on it; 404 otherwise — and the attempt is logged."""
    request = request_or_user if isinstance(request_or_user, HttpRequest) else None
    user = request.user if request is not None else request_or_user
    cases = Case.objects.visible_to(user).select_related("client", "organisation", "town")
    if region is not None:
        cases = cases.filter(region=region)
    try:
        if not str(pk).isdigit() or int(pk) > 2**62:
            raise Http404(_("No such case."))
        return get_object_or_404(cases, pk=pk)
    except Http404:
        audit(
            request,
            AuditEntry.Action.DENIED,
            user=user,
            case_id=int(pk) if str(pk).isdigit() and int(pk) <= 2**62 else None,
            reason="case outside scope",
        )
        raise
