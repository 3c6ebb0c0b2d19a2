"""Events on the staff pages: which ones a person edits, and writing their German texts
(the rule `directory.change_event`; translations go through the content translation
workflow, ankommen/portal/content_translation.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.core import richtext
from ankommen.core.models import Region
from ankommen.directory.models import Event


def events_for(user, region: Region, *, past: bool = False) -> QuerySet[Event]:
    """The region's events she may edit: upcoming ones (or a recurring one still running)
    soonest first, or the past ones latest first."""
    events = (
        Event.objects.editable_by(user).filter(region=region).select_related("organisation", "area")
    )
    now = timezone.now()
    running = events.exclude(rrule="")
    if past:
        return events.filter(starts__lt=now, rrule="").order_by("-starts")
    return (events.filter(starts__gte=now) | running).distinct().order_by("starts")


@transaction.atomic
def save_german_texts(
    event: Event, user, *, title: str, description: str, expected_version: int
) -> Event:
    """Write the event's German title and description (the description sanitised by the
    rich-text allow-list). Refused (PermissionDenied) for whoever may not edit the event;
    ConflictError when someone saved it in between. Changed German texts make the
    translations outdated (core/text_translations.py)."""
    if not user.has_perm("directory.change_event", event):
        raise PermissionDenied(_("You may not edit this event."))
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("An event needs a title.")}, code="required")
    event.title = title
    event.description = richtext.clean(description)
    event.save_checked(
        expected_version=expected_version,
        update_fields=["version", "title", "description"],
    )
    return event
