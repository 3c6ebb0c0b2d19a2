"""The one way in to case data.

Every case page goes through `case_area` (login, a role that works with cases in this
region, a verified second factor) and reads a case only through `get_case_for_user()`,
which answers 404 outside the user's scope and writes the denied attempt to the audit log
(ankommen/core/audit.py).
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from ankommen.cases.history import acting_as
from ankommen.cases.models import Case, Transfer
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry, Region
from ankommen.core.permissions import scope_of
from ankommen.twofactor import is_verified, verify_url


def case_organisation_ids(user) -> frozenset[int]:
    """The organisations in which the user works with cases: as case manager or team lead,
    or as a named recipient of its referrals. Other roles in an organisation (its website
    editor) give no way into the case pages."""
    from ankommen.cases.permissions import referral_organisation_ids

    return scope_of(user).case_manager_organisation_ids | referral_organisation_ids(user)


def works_with_cases(user, region: Region) -> bool:
    """Case managers and team leads of an organisation in the region, the people named to
    receive an organisation's referrals, and the region's KI coordinator (counts only)."""
    scope = scope_of(user)
    if region.pk in scope.coordinator_region_ids:
        return True
    return region.organisations.filter(pk__in=case_organisation_ids(user)).exists()


def _region_with_membership(user, slug: str) -> Region | None:
    """The region, annotated with whether the user belongs to one of its organisations:
    `works_with_cases` in the same round trip as the region itself (every case page asks),
    and with whether hand-overs of its cases wait for the user."""
    from django.db.models import Exists, OuterRef

    from ankommen.core.models import Organisation

    members = Organisation.objects.filter(region=OuterRef("pk"), pk__in=case_organisation_ids(user))
    # The case list shows hand-overs waiting for the user; asking here saves it a query
    # in the usual case that there are none.
    handovers = Transfer.objects.filter(
        to_user_id=user.pk, accepted_at__isnull=True, case__region=OuterRef("pk")
    )
    return (
        Region.objects.filter(slug=slug)
        .annotate(has_member=Exists(members), has_pending_transfer=Exists(handovers))
        .first()
    )


def case_area(view):
    """Login, a role that works with cases in the region, then the second factor."""

    @wraps(view)
    def wrapper(request: HttpRequest, region: str, *args, **kwargs):
        if not request.user.is_authenticated:
            audit(Actor.from_request(request), AuditEntry.Action.DENIED, reason="anonymous")
            return redirect_to_login(request.get_full_path())
        region_obj = _region_with_membership(request.user, region)
        if region_obj is None or not (
            region_obj.has_member or region_obj.pk in scope_of(request.user).coordinator_region_ids
        ):
            audit(
                Actor.from_request(request),
                AuditEntry.Action.DENIED,
                reason="no case role in region",
            )
            raise Http404(_("No such page."))
        request.region = region_obj
        if not is_verified(request):
            return redirect(
                f"{verify_url(region_obj)}?next={request.get_full_path()}"
                if request.method == "GET"
                else verify_url(region_obj)
            )
        # Tracked field changes made by this request are attributed to its user.
        with acting_as(request.user):
            return view(request, region_obj, *args, **kwargs)

    wrapper.needs_two_factor = True
    return wrapper


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
