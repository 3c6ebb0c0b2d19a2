"""/api/v1/: events (of public offers, or of no offer) with their next dates."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from ankommen.api.v1 import schemas as s
from ankommen.api.v1.lookups import answers, find_language, find_region, missing, paginate
from ankommen.core.models import Area, Region
from ankommen.directory.models import Event

router = Router()

EVENT_HORIZON = dt.timedelta(days=90)


def _public_events(region: Region) -> QuerySet:
    return Event.objects.public().filter(region=region)


class EventFilters(s.PageParams):
    town: int | None = s.Field(
        None, ge=1, le=s.MAX_ID, description="Only events in this town (area id) or above it."
    )


@router.get(
    "regions/{region}/{language}/events/",
    response=answers(s.EventPage),
    tags=["events"],
    summary="Events (of public offers, or of no offer)",
)
def events(request, region: str, language: str, filters: Query[EventFilters]):
    found = find_region(region)
    code = find_language(found, language).code
    rows = (
        _public_events(found)
        .select_related("organisation", "offer", "place")
        .order_by("starts", "key")
    )
    if filters.town is not None:
        town = Area.objects.filter(region=found, pk=filters.town).first()
        if town is None:
            raise missing(_("There is no town with the id %(key)s in this region."), filters.town)
        ids = {a.pk for a in town.ancestors()} | {town.pk}
        ids |= set(Area.objects.within([town.pk]).values_list("pk", flat=True))
        rows = rows.filter(area__in=ids)
    now = timezone.now()

    def out(e: Event) -> dict:
        return {
            "key": e.key,
            "title": e.title_in(code),
            "description": e.text_in("description", code),
            "organisation": e.organisation.key,
            "offer": e.offer.key if e.offer_id else None,
            "place": e.place.key if e.place_id else None,
            "online_url": e.online_url,
            "area": e.area_id,
            "starts": e.starts,
            "duration_minutes": int(e.duration.total_seconds() // 60),
            "rrule": e.recurrence,
            "next_dates": e.occurrences(now, now + EVENT_HORIZON, limit=10),
            "capacity": e.capacity,
            "registration": e.registration,
        }

    return paginate(request, rows, filters, out)


# --- Monitoring --------------------------------------------------------------------------
