"""What networks put on a person's home page and into other modules' pages (hooks
`staff_modules`, `staff_tasks`, `resolve_reference`, `records_linked_to`,
core/modules.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ankommen.core.models import Organisation, Region
from ankommen.core.modules import LinkedRecord, StaffModule, Task
from ankommen.networks.models import Body
from ankommen.networks.models import Task as BodyTask
from ankommen.networks.permissions import member_body_ids, steers_networks_in


def staff_modules(user, region: Region) -> list[StaffModule]:
    if not user.has_perm("networks.use_staff_pages", region):
        return []
    return [
        StaffModule(
            _("Networks and bodies"),
            reverse("networks_staff:index", kwargs={"region": region.slug}),
            _("Members, meetings, invitations, minutes, decisions and tasks."),
        )
    ]


def staff_tasks(user, region: Region) -> list[Task]:
    """The person's open tasks from her bodies; overdue ones first and marked urgent."""
    if not user.is_authenticated or not member_body_ids(user):
        return []
    mine = BodyTask.objects.open().owned_by(user).filter(body__region=region)
    url = reverse("networks_staff:index", kwargs={"region": region.slug})
    overdue = mine.filter(due_date__lt=timezone.localdate()).count()
    return [
        Task.of(
            ngettext_lazy(
                "%(count)s overdue task from a network",
                "%(count)s overdue tasks from networks",
                "count",
            ),
            overdue,
            url,
            urgent=True,
        ),
        Task.of(
            ngettext_lazy(
                "%(count)s open task from a network", "%(count)s open tasks from networks", "count"
            ),
            mine.count() - overdue,
            url,
        ),
    ]


def resolve_reference(kind: str, key: str, region: Region) -> str | None:
    language = region.default_language.code
    if kind in ("body", "network"):
        if Body.objects.filter(region=region, slug=key, is_public=True).exists():
            return reverse(
                "networks:body", kwargs={"region": region.slug, "language": language, "slug": key}
            )
        return None
    if (
        kind == "organisation"
        and Organisation.objects.filter(region=region, key=key, kind=Organisation.Kind.MO).exists()
    ):
        return reverse(
            "networks:organisation",
            kwargs={"region": region.slug, "language": language, "key": key},
        )
    return None


def records_linked_to(reference: str, user, region: Region) -> list[LinkedRecord]:
    """For "actionplan.substep:<pk>": the tasks of bodies linked to that step, those of
    the bodies the person may see (the KI: all of the region's)."""
    kind, _sep, key = reference.partition(":")
    if kind != "actionplan.substep" or not key.isdigit():
        return []
    tasks = (
        BodyTask.objects.filter(body__region=region, step_id=int(key))
        .select_related("body", "owner", "owner__user", "owner__organisation")
        .order_by("status", "due_date")
    )
    if not steers_networks_in(user, region.pk):
        tasks = tasks.filter(body_id__in=member_body_ids(user))
    records = []
    for task in tasks:
        detail = [task.body.name, task.get_status_display()]
        if task.owner_id:
            detail.append(task.owner.display_name)
        if task.due_date:
            detail.append(_("due %(date)s") % {"date": task.due_date.strftime("%d.%m.%Y")})
        records.append(
            LinkedRecord(
                label=task.text,
                url=reverse(
                    "networks_staff:body", kwargs={"region": region.slug, "pk": task.body_id}
                )
                + f"#task-{task.pk}",
                detail=" · ".join(detail),
                kind=_("Task from a network"),
            )
        )
    return records
