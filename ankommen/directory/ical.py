"""iCalendar feeds (RFC 5545) of events, written with the `icalendar` library. Recurring
events keep their RRULE, so calendar apps expand them themselves."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from icalendar.prop import vRecur

from ankommen.core.richtext import plain_text


def calendar(region, events, name: str, language: str | None = None) -> bytes:
    """The events as one calendar; titles and descriptions in `language` where the event
    has them (else its fallback chain, ending in German)."""
    cal = Calendar()
    cal.add("prodid", "-//ankommen//directory//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{region.name} – {name}")
    for event in events.select_related("place", "organisation"):
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{region.slug}.ankommen")
        entry.add("summary", event.title_in(language))
        description = plain_text(event.description_in(language))
        if description:
            entry.add("description", description)
        start = timezone.localtime(event.starts)
        entry.add("dtstart", start)
        entry.add("dtend", start + event.duration)
        entry.add("dtstamp", timezone.now())
        # A rule that fails the check goes out as its first date only (recurrence.py).
        if event.recurrence:
            entry.add("rrule", vRecur.from_ical(event.recurrence))
        if event.place_id:
            entry.add("location", f"{event.place.name}, {event.place.address()}")
        elif event.online_url:
            entry.add("location", event.online_url)
            entry.add("url", event.online_url)
        entry.add("organizer", f"mailto:{event.organisation.email or 'noreply@localhost'}")
        cal.add_component(entry)
    return cal.to_ical()
