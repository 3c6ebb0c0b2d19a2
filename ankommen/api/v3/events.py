"""The v3 events: the directory's public events, one item per occurrence in the coming
year (or one per event with `combine_recurring`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.html import linebreaks, strip_tags

from ankommen.api.v3.common import Listing, app_code, gmt, local, local_zone
from ankommen.directory.models import Event

EVENTS_AHEAD = dt.timedelta(days=365)
MAX_OCCURRENCES = 60  # per recurring event in the list, as Integreat caps its expansion


class Events(Listing):
    def items(self, *, combine_recurring: bool = False) -> list[dict]:
        now = timezone.now()
        events = (
            Event.objects.public()
            .filter(region=self.region)
            .select_related("place")
            .order_by("starts", "key")
        )
        found: list[tuple[dt.datetime, dict]] = []
        for event in events:
            starts = event.occurrences(now, now + EVENTS_AHEAD, limit=MAX_OCCURRENCES)
            if not starts:
                continue
            if combine_recurring:
                found.append((starts[0], self.event_item(event, starts[0], combined=True)))
            else:
                found.extend((s, self.event_item(event, s, combined=False)) for s in starts)
        found.sort(key=lambda pair: pair[0])
        return [item for _, item in found]

    def event_item(self, event: Event, start: dt.datetime, *, combined: bool) -> dict:
        code = self.language.code
        start = start.astimezone(local_zone())
        end = start + event.duration
        slug = event.key if combined else f"{event.key}${start:%Y-%m-%d}"
        path = f"/{self.region.slug}/{app_code(code)}/events/{slug}/"
        description = event.text_in("description", code)
        rule = event.recurrence  # checked once per item, not once per use
        recurring = bool(rule)
        first = timezone.localtime(event.starts).astimezone(dt.UTC)
        return {
            "id": event.pk if combined else None,
            "url": self.base + path,
            "path": path,
            "title": event.title_in(code),
            "modified_gmt": gmt(self.changed),
            "last_updated": local(self.changed),
            "excerpt": strip_tags(description).strip(),
            # The description is plain text and the app renders `content` as HTML: a
            # paragraph per block between blank lines and a break per line keep its lines
            # apart (they ran together in the app), every character escaped.
            "content": linebreaks(description, autoescape=True) if description else "",
            "available_languages": self._others("events", slug),
            "thumbnail": None,
            "location": self.location(event.place),
            "location_path": self.location_path(event.place) if event.place else None,
            "meeting_url": event.online_url or None,
            "event": {
                "id": event.pk if combined else None,
                "start": start.isoformat(),
                "start_date": start.date().isoformat(),
                "start_time": start.time().isoformat(),
                "end": end.isoformat(),
                "end_date": end.date().isoformat(),
                "end_time": end.time().isoformat(),
                "all_day": False,
                "only_weekdays": False,
                "recurrence_id": event.pk if recurring else None,
                "timezone": settings.TIME_ZONE,
            },
            "hash": None,
            "recurrence_rule": (
                f"DTSTART:{first:%Y%m%dT%H%M%S}\nRRULE:{rule}" if recurring else None
            ),
        }
