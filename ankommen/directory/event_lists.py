"""Which events a visitor sees and in what order: the public events of the region that
serve her town (its own, its quarters' and the whole region's), date by date."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.utils import timezone

from ankommen.core.models import Area, Region
from ankommen.core.town_choice import serving_ids
from ankommen.directory.models import Event


def public_events(region: Region, town: Area | None):
    events = Event.objects.public().filter(region=region)
    if town is not None:
        events = events.filter(area__in=serving_ids(town))
    return events


def dates(
    region: Region, town: Area | None, start: dt.datetime, end: dt.datetime, limit: int
) -> list[tuple[dt.datetime, Event]]:
    """(start, event) pairs between `start` and `end`, by date, at most `limit`."""
    events = (
        public_events(region, town)
        .select_related("place", "area", "offer")
        .prefetch_related("offer__audiences")
    )
    found = [(when, event) for event in events for when in event.occurrences(start, end, limit)]
    found.sort(key=lambda pair: pair[0])
    return found[:limit]


def by_day(pairs: list[tuple[dt.datetime, Event]]) -> list[tuple[dt.date, list]]:
    """The month view's rows: each day that has events, with them."""
    return [
        (day, list(items))
        for day, items in groupby(pairs, key=lambda pair: timezone.localtime(pair[0]).date())
    ]


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)
