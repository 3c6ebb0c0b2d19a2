"""The one way in to case data.

Every case page goes through `case_area`, the staff entry (`core.routing.staff_view`) with
the case pages' options: login, a role that works with cases in this region (the rule
`cases.use_staff_pages`), a verified second factor (ankommen/twofactor), refusals written to
the audit log (ankommen/core/audit.py). It reads a case only through `get_case_for_user()`,
which answers 404 outside the user's scope and writes the denied attempt to the audit log.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ankommen.cases.history import acting_as
from ankommen.cases.models import Case, Transfer
from ankommen.cases.permissions import case_organisation_ids
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry, Organisation, Region
from ankommen.core.routing import REFUSED_ANONYMOUS, REFUSED_NOT_IN_REGION, staff_view


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


# The audit log's words for the refusals staff_view reports.
_REFUSAL_REASONS = {
    REFUSED_ANONYMOUS: "anonymous",
    REFUSED_NOT_IN_REGION: "no case role in region",
}


def _audit_refusal(request: HttpRequest, reason: str) -> None:
    audit(
        Actor.from_request(request),
        AuditEntry.Action.DENIED,
        reason=_REFUSAL_REASONS.get(reason, reason),
    )


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


def get_case_for_user(who: Actor | Any, pk, *, region: Region | None = None) -> Case:
    """The case, if the acting person (an `Actor`, or a user) may work on it; 404
    otherwise — and the attempt is logged."""
    actor = who if isinstance(who, Actor) else Actor(user=who)
    cases = Case.objects.visible_to(actor.user).select_related("client", "organisation", "town")
    if region is not None:
        cases = cases.filter(region=region)
    try:
        if not str(pk).isdigit() or int(pk) > 2**62:
            raise Http404(_("No such case."))
        return get_object_or_404(cases, pk=pk)
    except Http404:
        audit(
            actor,
            AuditEntry.Action.DENIED,
            case_id=int(pk) if str(pk).isdigit() and int(pk) <= 2**62 else None,
            reason="case outside scope",
        )
        raise
