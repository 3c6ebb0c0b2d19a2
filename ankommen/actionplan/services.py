"""Operations on the plan that other modules start (the coverage view turns a gap of the
minimum standard into a sub-step): permission, numbering, validation and the change
history in one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ankommen.actionplan.models import ChangeEntry, Recommendation, SubStep
from ankommen.core.models import Organisation


@transaction.atomic
def step_create(
    *,
    recommendation: Recommendation,
    text: str,
    by,
    responsible_organisation: Organisation | None = None,
    responsible_person: str = "",
    due_date: date | None = None,
    reason: str = "",
) -> SubStep:
    """A new sub-step at the end of `recommendation`'s steps, written to its history.

    Refused (PermissionDenied) for whoever may not add steps to the recommendation (the
    region's KI coordinators and the installation admin may); ValidationError for a step
    the plan's rules refuse (a due date before the recommendation's adoption, an
    organisation of another region)."""
    if not by.has_perm("actionplan.add_substep", recommendation):
        raise PermissionDenied(_("You may not add steps to this recommendation."))
    # Lock the recommendation so two people adding a step at once get different numbers.
    list(
        Recommendation.objects.select_for_update()
        .filter(pk=recommendation.pk)
        .order_by()
        .values_list("pk", flat=True)
    )
    last = recommendation.steps.aggregate(last=Max("number"))["last"] or 0
    step = SubStep(
        recommendation=recommendation,
        region_id=recommendation.region_id,
        number=last + 1,
        text=text.strip(),
        responsible_organisation=responsible_organisation,
        responsible_person=responsible_person.strip(),
        due_date=due_date,
    )
    step.full_clean()
    step.save()
    ChangeEntry.record(step, user=by, reason=reason, created=True)
    return step
