"""Who may do what in the crisis module.

- The KI coordinator of a region sees and changes everything of it: every town's inventory
  and reports, the levels, the switches, the news and the crisis pages.
- A municipal integration officer enters and sees her own town's base structures and daily
  reports and ticks off the checklist items assigned to her; she sees no other town's.
- The owner of a checklist item (whoever a measure names) ticks it off.
- The public sees only published news (public_views.py) and the portal's published pages.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ankommen.core.models import Area, Region
from ankommen.core.permissions import is_installation_admin, is_ki_coordinator, scope_of
from ankommen.crisis.models import Assignment, DailyReport, NewsItem, Structure


@rules.predicate
def is_officer_in(user, region=None) -> bool:
    scope = scope_of(user)
    if region is None:
        return bool(scope.officer_town_ids)
    return region.pk in scope.officer_region_ids


@rules.predicate
def owns_assignment_in(user, region=None) -> bool:
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    return Assignment.objects.filter(switch__region=region, owner=user).exists()


leads_crisis_staff = is_installation_admin | is_ki_coordinator

# The levels and their checklists are kept by the KI in the back office (admin.py).
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"crisis.{action}_level", leads_crisis_staff)
    rules.add_perm(f"crisis.{action}_measure", leads_crisis_staff)

# The module's staff pages of a region (staff_view).
rules.add_perm("crisis.use_staff_pages", leads_crisis_staff | is_officer_in | owns_assignment_in)
# Switching levels, news, crisis pages and the export of all towns: the KI.
rules.add_perm("crisis.lead", leads_crisis_staff)


def leads(user, region: Region) -> bool:
    return user.has_perm("crisis.lead", region)


def areas_for(user, region: Region) -> QuerySet[Area]:
    """The towns (and, for the KI, the Kreis itself) whose inventory and reports this
    person enters and sees."""
    areas = region.areas.filter(kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.DISTRICT])
    if leads(user, region):
        return areas.order_by("kind", "name")
    return areas.filter(pk__in=scope_of(user).officer_town_ids).order_by("name")


def structures_for(user, region: Region) -> QuerySet[Structure]:
    return Structure.objects.filter(region=region, area__in=areas_for(user, region))


def get_structure_for_user(user, region: Region, pk: int) -> Structure:
    """The one way to an inventory entry: 404 when it is not in this person's towns."""
    found = structures_for(user, region).filter(pk=pk).select_related("area").first()
    if found is None:
        raise Http404
    return found


def reports_for(user, region: Region) -> QuerySet[DailyReport]:
    return DailyReport.objects.filter(region=region, area__in=areas_for(user, region))


def assignments_for(user, region: Region) -> QuerySet[Assignment]:
    """The KI sees every checklist item of the region; anyone else her own and those of
    her towns."""
    found = Assignment.objects.filter(switch__region=region)
    if leads(user, region):
        return found
    return found.filter(Q(owner=user) | Q(area__in=scope_of(user).officer_town_ids))


def get_assignment_to_tick(user, region: Region, pk: int) -> Assignment:
    """An item its owner or the KI may tick off; 404 if not visible, 403 if only seen."""
    found = assignments_for(user, region).filter(pk=pk).first()
    if found is None:
        raise Http404
    if found.owner_id != user.pk and not leads(user, region):
        raise PermissionDenied
    return found


def news_for(user, region: Region) -> QuerySet[NewsItem]:
    if not leads(user, region):
        raise PermissionDenied
    return NewsItem.objects.filter(region=region)
