"""What language mediation puts on a person's home page (hooks `staff_modules` and
`staff_tasks`, core/modules.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task
from ankommen.core.permissions import scope_of
from ankommen.mediation.models import AssignmentOffer, Evidence, MediationRequest, Mediator

# Evidence that ends within this many days is shown as a task (the reminder of issue 17).
EVIDENCE_WARNING_DAYS = 30


def _runs_pool(user, region: Region) -> bool:
    return user.has_perm("mediation.assign_request", region)


def _is_requester(user, region: Region) -> bool:
    return user.has_perm("mediation.add_mediationrequest", region)


def _mediator(user, region: Region) -> Mediator | None:
    return Mediator.objects.filter(region=region, user=user).first()


def _my_assignments_url(region: Region) -> str:
    """The volunteer's own page: "Meine Einsätze" where it exists, else her offers."""
    for name in ("mediation:my_assignments", "mediation:mine"):
        try:
            return reverse(name, kwargs={"region": region.slug})
        except NoReverseMatch:
            continue
    return reverse("mediation:index", kwargs={"region": region.slug})


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not user.has_perm("mediation.use_staff_pages", region):
        return []
    modules = []
    if _is_requester(user, region) and not _runs_pool(user, region):
        modules.append(
            StaffModule(
                _("Request language mediation"),
                reverse("mediation:request_new", kwargs={"region": region.slug}),
                _("Ask for a Sprachlotse or an interpreter for a conversation."),
            )
        )
    if _mediator(user, region) is not None:
        modules.append(
            StaffModule(
                _("My assignments"),
                _my_assignments_url(region),
                _("Offers to answer and your confirmed appointments."),
            )
        )
    if _runs_pool(user, region) or _is_requester(user, region):
        modules.append(
            StaffModule(
                _("Language mediation"),
                reverse("mediation:index", kwargs={"region": region.slug}),
                _("Requests, proposals and the pools of mediators."),
            )
        )
    return modules


def staff_tasks(user, region: Region) -> list[Task]:
    tasks: list[Task] = []
    if not user.has_perm("mediation.use_staff_pages", region):
        return tasks
    index = reverse("mediation:index", kwargs={"region": region.slug})
    today = timezone.localdate()
    mediator = _mediator(user, region)
    if mediator is not None:
        offers = AssignmentOffer.objects.filter(
            mediator=mediator,
            status=AssignmentOffer.Status.OPEN,
            request__starts_at__gt=timezone.now(),
        ).count()
        tasks.append(
            Task.of(
                ngettext_lazy("%(count)s offer to answer", "%(count)s offers to answer", "count"),
                offers,
                _my_assignments_url(region),
            )
        )
        expiring = Evidence.objects.filter(
            mediator=mediator,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=EVIDENCE_WARNING_DAYS),
        ).count()
        tasks.append(
            Task.of(
                ngettext_lazy(
                    "%(count)s of your documents expires within 30 days",
                    "%(count)s of your documents expire within 30 days",
                    "count",
                ),
                expiring,
                _my_assignments_url(region),
                urgent=True,
            )
        )
    if _runs_pool(user, region):
        waiting = MediationRequest.objects.filter(
            region=region,
            status__in=[MediationRequest.Status.REQUESTED, MediationRequest.Status.OFFERED],
            starts_at__gt=timezone.now(),
        ).count()
        tasks.append(
            Task.of(
                ngettext_lazy(
                    "%(count)s request without a mediator",
                    "%(count)s requests without a mediator",
                    "count",
                ),
                waiting,
                index,
                urgent=True,
            )
        )
        expiring = (
            Evidence.objects.filter(
                mediator__region=region,
                mediator__status=Mediator.Status.ACTIVE,
                valid_until__gte=today,
                valid_until__lte=today + dt.timedelta(days=EVIDENCE_WARNING_DAYS),
            )
            .values("mediator")
            .distinct()
            .count()
        )
        tasks.append(
            Task.of(
                ngettext_lazy(
                    "%(count)s mediator whose evidence expires within 30 days",
                    "%(count)s mediators whose evidence expires within 30 days",
                    "count",
                ),
                expiring,
                reverse("admin:mediation_mediator_changelist"),
            )
        )
    elif scope_of(user).member_organisation_ids:
        own = MediationRequest.objects.filter(
            region=region,
            organisation_id__in=scope_of(user).member_organisation_ids,
            status__in=[MediationRequest.Status.REQUESTED, MediationRequest.Status.OFFERED],
            starts_at__gt=timezone.now(),
        ).count()
        tasks.append(
            Task.of(
                ngettext_lazy(
                    "%(count)s of your requests still without a mediator",
                    "%(count)s of your requests still without a mediator",
                    "count",
                ),
                own,
                index,
            )
        )
    return tasks
