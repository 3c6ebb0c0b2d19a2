"""Who may change the directory.

- The KI coordinator edits every offer, place and event of her region and curates the
  search concepts; she sees the review board.
- An organisation editor changes only the offers her organisation maintains (and those of
  the organisations below it), and events it organises.
- A municipal integration officer changes the offers maintained by the organisations of her
  own town.
- Every staff member of the region reads the back-office lists; the public reads the
  published directory.
"""

from __future__ import annotations

import rules

from ankommen.core.models import Organisation
from ankommen.core.permissions import (
    can_see_staff_records,
    can_steer_region,
    is_installation_admin,
    is_ki_coordinator,
    scope_of,
)


@rules.predicate
def maintains(user, obj=None) -> bool:
    """Editor of the organisation that maintains the offer (or organises the event)."""
    scope = scope_of(user)
    if obj is None:
        return bool(scope.editor_organisation_ids)
    organisation_id = getattr(obj, "maintainer_id", None) or getattr(obj, "organisation_id", None)
    return organisation_id in scope.editor_organisation_ids


@rules.predicate
def is_town_officer_of_maintainer(user, obj=None) -> bool:
    scope = scope_of(user)
    if obj is None:
        return bool(scope.officer_town_ids)
    organisation_id = getattr(obj, "maintainer_id", None) or getattr(obj, "organisation_id", None)
    if organisation_id is None:
        return False
    return (
        Organisation.objects.served_only_within(scope.officer_area_ids)
        .filter(pk=organisation_id)
        .exists()
    )


can_edit_offer = can_steer_region | maintains | is_town_officer_of_maintainer
can_curate_search = is_installation_admin | is_ki_coordinator

for model in ("offer", "event"):
    rules.add_perm(f"directory.view_{model}", can_see_staff_records)
    rules.add_perm(f"directory.add_{model}", can_edit_offer)
    rules.add_perm(f"directory.change_{model}", can_edit_offer)
    rules.add_perm(f"directory.delete_{model}", can_steer_region)

# An offer's texts per language (the back office's inline on the offer): whoever may edit
# the offer.
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"directory.{action}_offertranslation", can_edit_offer)

rules.add_perm("directory.view_place", can_see_staff_records)
for action in ("add", "change"):
    rules.add_perm(f"directory.{action}_place", can_edit_offer)
rules.add_perm("directory.delete_place", can_steer_region)

for model in ("searchconcept", "zeroresultquery"):
    rules.add_perm(f"directory.view_{model}", can_curate_search)
    rules.add_perm(f"directory.change_{model}", can_curate_search)
    rules.add_perm(f"directory.delete_{model}", can_curate_search)
rules.add_perm("directory.add_searchconcept", can_curate_search)

rules.add_perm("directory.view_registration", can_steer_region | maintains)
rules.add_perm("directory.delete_registration", can_steer_region | maintains)
rules.add_perm("directory.view_review_board", can_curate_search)

# The directory's staff pages of a region (staff_view): its staff, and the installation
# admin; each page may ask for more (the review board is the KI's).
rules.add_perm("directory.use_staff_pages", can_see_staff_records)
