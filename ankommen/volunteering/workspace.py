"""What volunteering puts on a person's home page (hooks `staff_modules` and
`staff_tasks`, core/modules.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.core.models import Region
from ankommen.core.modules import StaffModule, Task
from ankommen.volunteering.load import load_rows
from ankommen.volunteering.models import Answer, Volunteer


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not user.has_perm("volunteering.use_staff_pages", region):
        return []
    modules = []
    if Volunteer.objects.filter(user=user, region=region).exists():
        modules.append(
            StaffModule(
                _("My volunteering"),
                reverse("volunteering:mine", args=[region.slug]),
                _("Your engagements, hours and trainings."),
            )
        )
    if user.has_perm("volunteering.coordinate", region):
        modules.append(
            StaffModule(
                _("Volunteers"),
                reverse("volunteering:index", args=[region.slug]),
                _("Opportunities, answers, your volunteers and their load."),
            )
        )
    elif user.has_perm("volunteering.run_trainings", region):
        modules.append(
            StaffModule(
                _("Trainings for volunteers"),
                reverse("volunteering:trainings", args=[region.slug]),
                _("Trainings, registrations and attendance certificates."),
            )
        )
    return modules


def staff_tasks(user, region: Region) -> list[Task]:
    if not user.has_perm("volunteering.coordinate", region):
        return []
    new = (
        Answer.objects.coordinated_by(user)
        .filter(opportunity__region=region, status=Answer.Status.NEW)
        .count()
    )
    volunteers = (
        Volunteer.objects.coordinated_by(user)
        .filter(region=region)
        .exclude(status=Volunteer.Status.ENDED)
    )
    overloaded = sum(1 for row in load_rows(volunteers, timezone.localdate()) if row.warning)
    return [
        Task.of(
            ngettext_lazy(
                "%(count)s new answer to a volunteer opportunity",
                "%(count)s new answers to volunteer opportunities",
                "count",
            ),
            new,
            reverse("volunteering:index", args=[region.slug]),
        ),
        Task.of(
            ngettext_lazy(
                "%(count)s volunteer at risk of overload",
                "%(count)s volunteers at risk of overload",
                "count",
            ),
            overloaded,
            reverse("volunteering:load", args=[region.slug]),
            urgent=True,
        ),
    ]
