"""Who is asked for the second factor where: the people a module names (hook
`second_factor_home`: cases names everybody who works with cases in the region), and, in a
region whose `RegionPolicy.all_staff` is set, everybody with a staff role there."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ankommen.core.models import Region, RoleAssignment, User
from ankommen.core.models.accounts import STAFF_ROLES
from ankommen.core.modules import modules_with
from ankommen.twofactor.models import RegionPolicy
from ankommen.twofactor.session import second_factor_redirect

# Where someone lands after the code when no module names a page (the region-wide rule).
FALLBACK_HOME = "/"


def all_staff_regions() -> list[int]:
    return list(RegionPolicy.objects.filter(all_staff=True).values_list("region_id", flat=True))


def staff_in_all_staff_region(user: User, region: Region | None = None) -> Region | None:
    """A region that asks all its staff for the second factor and where the person has a
    staff role (that region, if given and it qualifies)."""
    if not user.is_authenticated:
        return None
    assignments = RoleAssignment.objects.filter(
        user=user,
        role__in=STAFF_ROLES,
        region__second_factor_policy__all_staff=True,
    ).select_related("region")
    if region is not None:
        assignments = assignments.filter(region=region)
    assignment = assignments.order_by("pk").first()
    return assignment.region if assignment else None


def second_factor_home(user: User, region: Region) -> str | None:
    """The page after the code if the person is asked for a second factor in this region,
    else None (then the code page is not hers)."""
    for config in modules_with("second_factor_home"):
        home = config.second_factor_home(user, region)
        if home:
            return home
    if staff_in_all_staff_region(user, region) is not None:
        return FALLBACK_HOME
    return None


class RegionWideSecondFactorMiddleware:
    """Every staff page (`core.routing.staff_view`) of a region that asks all its staff
    for the second factor, for the people with a staff role there: the code page first.
    The case pages ask by themselves (`staff_view(second_factor=True)`)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not hasattr(view_func, "staff_permission") or "region" not in view_kwargs:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        region = Region.objects.filter(slug=view_kwargs["region"]).first()
        if region is None or staff_in_all_staff_region(user, region) is None:
            return None
        return second_factor_redirect(request, region)
