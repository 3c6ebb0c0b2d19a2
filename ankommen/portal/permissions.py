"""Who may edit the portal: the KI coordinator all pages of her region, a municipal
officer her town's pages, an organisation's editor the pages her organisation writes, the
installation admin everything. Other staff of the region
may look."""

import rules

from ankommen.core.permissions import (
    has_staff_access,
    is_in_staff_region,
    is_installation_admin,
    is_ki_coordinator,
    region_id_of,
    scope_of,
)
from ankommen.portal.models import PageService


def _page_of(obj):
    return getattr(obj, "page", obj)


@rules.predicate
def is_officer_for_page(user, obj=None) -> bool:
    scope = scope_of(user)
    if obj is None:
        return bool(scope.officer_town_ids)
    town_id = getattr(_page_of(obj), "town_id", None)
    return town_id is not None and town_id in scope.officer_town_ids


@rules.predicate
def is_coordinator_for_page(user, obj=None) -> bool:
    return is_ki_coordinator(user, None if obj is None else _page_of(obj))


@rules.predicate
def is_editor_for_page(user, obj=None) -> bool:
    """An organisation's editor, for the pages her organisation writes."""
    scope = scope_of(user)
    if obj is None:
        return bool(scope.editor_organisation_ids)
    organisation_id = getattr(_page_of(obj), "organisation_id", None)
    return organisation_id is not None and organisation_id in scope.editor_organisation_ids


can_edit_page = (
    is_installation_admin | is_coordinator_for_page | is_officer_for_page | is_editor_for_page
)
can_see_pages = is_installation_admin | (has_staff_access & is_in_staff_region)

for model in ("page", "pagetranslation", "pagerevision"):
    rules.add_perm(f"portal.view_{model}", can_see_pages)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"portal.{action}_{model}", can_edit_page)

rules.add_perm("portal.view_glossaryentry", can_see_pages)
for action in ("add", "change", "delete"):
    rules.add_perm(f"portal.{action}_glossaryentry", is_installation_admin | is_ki_coordinator)


@rules.predicate
def is_officer_for_service_town(user, obj=None) -> bool:
    """A municipal officer adds and removes the entries for her towns on any page of her
    region (Verl's Bürgerbüro on the region's "Ankommen" page); `obj` is the page (adding)
    or the entry."""
    scope = scope_of(user)
    if obj is None or not scope.officer_town_ids:
        return bool(scope.officer_town_ids)
    if isinstance(obj, PageService):  # (a Page has a town and a kind too)
        return obj.town_id in scope.officer_town_ids
    return region_id_of(obj) in scope.staff_region_ids


can_edit_service = is_installation_admin | is_coordinator_for_page | is_officer_for_service_town
rules.add_perm("portal.view_pageservice", can_see_pages)
for action in ("add", "change", "delete"):
    rules.add_perm(f"portal.{action}_pageservice", can_edit_service)

# The editors' pages of a region (staff_view): its staff, and the installation admin.
rules.add_perm("portal.use_staff_pages", can_see_pages)

# Messages from the accessibility statement's form: read and answered by those who edit the
# region-wide pages (the statement among them): the KI coordinator and the installation admin.
can_read_accessibility_feedback = is_installation_admin | is_ki_coordinator
rules.add_perm("portal.view_accessibilityfeedback", can_read_accessibility_feedback)
rules.add_perm("portal.change_accessibilityfeedback", can_read_accessibility_feedback)
