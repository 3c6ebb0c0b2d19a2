"""The admin's side of the second factor: people with a case role use the admin only after
confirming it (hook `admin_second_factor`), and their team lead or the installation admin
issues the link that sets up their authenticator (an action on the user list)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice

from ankommen.core.actor import Actor
from ankommen.core.admin_site import RegionSteeredAdmin
from ankommen.core.audit import audit
from ankommen.core.links import absolute_url
from ankommen.core.models import AuditEntry, Role, RoleAssignment
from ankommen.core.permissions import may_change_password_of, scope_of
from ankommen.twofactor.enrolment import EnrolmentError, issue_enrolment_link, link_hours
from ankommen.twofactor.models import RegionPolicy
from ankommen.twofactor.policy import staff_in_all_staff_region
from ankommen.twofactor.session import is_verified, verify_url


def admin_second_factor(request: HttpRequest) -> HttpResponse | None:
    """People with a case role use the admin only after the case pages' second factor
    (the admin reaches the same users and organisations), and so does the staff of a
    region that asks all its staff for it: redirect them to it."""
    if is_verified(request):
        return None
    region = staff_in_all_staff_region(request.user)
    if region is None and scope_of(request.user).case_manager_organisation_ids:
        assignment = (
            RoleAssignment.objects.filter(
                user=request.user, role__in=[Role.CASE_MANAGER, Role.TEAM_LEAD]
            )
            .select_related("region")
            .order_by("pk")
            .first()
        )
        region = assignment.region if assignment else None
    if region is None:
        return None
    audit(Actor.from_request(request), AuditEntry.Action.TWO_FACTOR, result="asked for the admin")
    return redirect(f"{verify_url(region)}?{urlencode({'next': request.get_full_path()})}")


@admin.action(description=_("Issue a link to set up the authenticator app"))
def issue_enrolment_links(modeladmin, request, queryset) -> None:
    """On the user list (hook `user_admin_actions`): only the installation admin or the
    person's team lead, as for passwords; the link is shown once, here, to be handed to
    the person."""
    for subject in queryset:
        if not may_change_password_of(request.user, subject):
            messages.error(request, _("You may not issue a link for %(user)s.") % {"user": subject})
            continue
        try:
            path = issue_enrolment_link(subject, by=Actor.from_request(request))
        except EnrolmentError:
            messages.error(
                request, _("%(user)s has no role that needs a second factor.") % {"user": subject}
            )
            continue
        messages.success(
            request,
            _("Link for %(user)s (valid once, for %(hours)s hours): %(link)s")
            % {"user": subject, "hours": link_hours(), "link": absolute_url(path)},
        )


@admin.register(RegionPolicy)
class RegionPolicyAdmin(RegionSteeredAdmin):
    """Whether a region asks all its staff for the second factor: the installation admin
    and the region's KI coordinators (permissions.py)."""

    list_display = ["region", "all_staff"]


# Recovery codes are issued with the enrolment link only, never edited: django-otp's own
# admin for them (which lists every user's codes) stays out.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)
