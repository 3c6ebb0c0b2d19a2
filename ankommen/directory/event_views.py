"""The directory's public event pages, at /<region>/<language>/angebote/termine/…: the
list for the next months or one month (newcomers' and professionals' events apart, the
visitor's town first), each event's page, registration with confirmation and cancellation
links, and the iCalendar files per event, offer, town and filtered list."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ankommen.core import pagecache
from ankommen.core.formats import format_datetime
from ankommen.core.http import set_filename
from ankommen.core.links import absolute_url
from ankommen.core.models import Area, Language, Region
from ankommen.core.ratelimit import client_address
from ankommen.core.routing import region_view
from ankommen.core.town_choice import area_from_value, chosen_town
from ankommen.directory import event_lists, ical, recurrence, registrations
from ankommen.directory.forms import RegistrationForm
from ankommen.directory.maps import map_settings, place_map, place_url, with_map_tiles
from ankommen.directory.models import (
    Event,
    Offer,
)

EVENTS_SHOWN = 100


def _town_for_events(request: HttpRequest, region: Region):
    """The town the events list is for: `?town=` (empty: the whole region), else the
    visitor's chosen town. A forged id gives the whole region."""
    if "town" in request.GET:
        return area_from_value(region, request.GET.get("town"))
    return chosen_town(request)


def _month(value: str | None) -> dt.date | None:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


@require_safe
@region_view
@pagecache.public_page
def events(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    """Upcoming events (90 days) or one month (`?monat=YYYY-MM`), in the visitor's town
    and the whole region, those for newcomers apart from those for professionals."""
    town = _town_for_events(request, region)
    month = _month(request.GET.get("monat"))
    now = timezone.now()
    if month is not None:
        start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
        end = timezone.make_aware(dt.datetime.combine(event_lists.next_month(month), dt.time.min))
        start = max(start, now) if end > now else start
    else:
        start, end = now, now + dt.timedelta(days=90)
    dates = event_lists.dates(region, town, start, end, limit=EVENTS_SHOWN)
    newcomers = [(s, e) for s, e in dates if not e.is_for_professionals()]
    professionals = [(s, e) for s, e in dates if e.is_for_professionals()]
    this_month = timezone.localdate().replace(day=1)
    shown_month = month or this_month
    query = {"town": town.pk} if town is not None else {}
    return render(
        request,
        "directory/events.html",
        {
            "region": region,
            "language": language,
            "newcomers": newcomers,
            "professionals": professionals,
            "town": town,
            "towns": region.towns(),
            "month": month,
            "days": event_lists.by_day(newcomers) if month else None,
            "previous_month": event_lists.previous_month(shown_month)
            if shown_month > this_month
            else None,
            "next_month": event_lists.next_month(shown_month),
            "calendar_query": urlencode(query),
            "calendar_query_newcomers": urlencode({**query, "fuer": "neu"}),
            "calendar_query_professionals": urlencode({**query, "fuer": "fach"}),
        },
    )


def _event(region: Region, key: str) -> Event:
    event = (
        Event.objects.public()
        .filter(region=region, key=key)
        .select_related("place", "area", "organisation", "offer")
        .prefetch_related("offer__audiences", "offer__languages", "place__hours")
        .first()
    )
    if event is None:
        raise Http404(_("No such event."))
    return event


@with_map_tiles
@require_safe
@region_view
@pagecache.public_page
def event_detail(
    request: HttpRequest, region: Region, language: Language, key: str
) -> HttpResponse:
    event = _event(region, key)
    if event.registration:
        # Each sign-up form carries its own one-time key, and the seats left change with
        # every sign-up: never the same page for two visitors.
        pagecache.refuse(request)
    dates = [
        # Each date's form its own one-time key: a second date is a second sign-up.
        {"start": start, "seats_left": registrations.seats_left(event, start), "key": uuid.uuid4()}
        for start in event.next_occurrences(limit=8)
    ]
    return render(
        request,
        "directory/event.html",
        {
            "region": region,
            "language": language,
            "event": event,
            "title": event.title_in(language.code),
            "description": event.description_in(language.code),
            "offer_title": event.offer.title(language.code) if event.offer_id else "",
            "dates": dates,
            "place": event.place,
            "map": place_map(map_settings(region), event.place, region, language)
            if event.place
            else None,
            "place_url": place_url(event.place, region, language) if event.place else "",
            "privacy_url": f"/{region.slug}/{language.code}/datenschutz/",
            "hold_minutes": int(registrations.hold().total_seconds() // 60),
        },
    )


@require_POST
@region_view
def register(request: HttpRequest, region: Region, language: Language, key: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.public(), region=region, key=key, registration=True)
    form = RegistrationForm(request.POST)
    back = reverse(
        "directory:event", kwargs={"region": region.slug, "language": language.code, "key": key}
    )
    title = event.title_in(language.code)
    if not form.is_valid():
        if form.has_error("contact", "invalid"):
            messages.error(
                request,
                _(
                    "Please give a valid e-mail address: we send you a link to confirm. "
                    "Without e-mail, please register with the organiser by phone."
                ),
            )
        else:
            messages.error(request, _("Please give your name and how we can reach you."))
        return redirect(back)
    occurrence = form.cleaned_data["occurrence"]
    now = timezone.now()
    if (
        occurrence < now
        or occurrence > now + recurrence.WINDOW
        or not event.is_occurrence(occurrence)
    ):
        messages.error(request, _("This date does not exist or has passed."))
        return redirect(back)

    def confirm_url(token: str) -> str:
        # Links in mail start with the public address, never with the request's Host.
        return absolute_url(
            reverse(
                "directory:confirm",
                kwargs={"region": region.slug, "language": language.code, "token": token},
            )
        )

    try:
        registrations.sign_up(
            event,
            occurrence,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["contact"],
            address=client_address(request),
            confirm_url=confirm_url,
            submission_key=form.cleaned_data.get("submission_key"),
            language=language.code,
        )
    except registrations.RegistrationRefused as refused:
        messages.error(request, str(refused))
        return redirect(back)
    minutes = int(registrations.hold().total_seconds() // 60)
    messages.success(
        request,
        _(
            "Almost done: we have sent you an e-mail about %(title)s on %(date)s. Please "
            "confirm with the link in it within %(minutes)s minutes; until then we keep "
            "your seat."
        )
        % {"title": title, "date": _local(occurrence), "minutes": minutes},
    )
    return redirect(back)


def _local(moment: dt.datetime) -> str:
    """Weekday, date and time in the active (the visitor's) language, as on the pages."""
    return format_datetime(moment)


@require_http_methods(["GET", "HEAD", "POST"])
@region_view
def confirm(request: HttpRequest, region: Region, language: Language, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    registration = registrations.registration_for(token)
    if registration is None or registration.event.region_id != region.pk:
        return render(
            request,
            "directory/confirm.html",
            {"region": region, "language": language, "registration": None},
            status=404,
        )
    if request.method == "POST":

        def cancel_url(cancel_token: str) -> str:
            return absolute_url(
                reverse(
                    "directory:cancel",
                    kwargs={
                        "region": region.slug,
                        "language": language.code,
                        "token": cancel_token,
                    },
                )
            )

        registrations.confirm(token, cancel_url, language=language.code)
        messages.success(
            request,
            _(
                "You are registered for %(title)s on %(date)s. Thank you! We have sent you "
                "an e-mail with a link to cancel."
            )
            % {
                "title": registration.event.title_in(language.code),
                "date": _local(registration.occurrence),
            },
        )
        return redirect(
            reverse(
                "directory:event",
                kwargs={
                    "region": region.slug,
                    "language": language.code,
                    "key": registration.event.key,
                },
            )
        )
    return render(
        request,
        "directory/confirm.html",
        {"region": region, "language": language, "registration": registration, "token": token},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@region_view
def cancel(request: HttpRequest, region: Region, language: Language, token: str) -> HttpResponse:
    """GET shows what would be cancelled and a button; POST cancels (once)."""
    registration = registrations.registration_to_cancel(token)
    if registration is None or registration.event.region_id != region.pk:
        return render(
            request,
            "directory/cancel.html",
            {"region": region, "language": language, "registration": None},
            status=404,
        )
    if request.method == "POST":
        registrations.cancel(token)
        messages.success(
            request,
            _("Your registration for %(title)s on %(date)s is cancelled.")
            % {
                "title": registration.event.title_in(language.code),
                "date": _local(registration.occurrence),
            },
        )
        return redirect(
            reverse("directory:events", kwargs={"region": region.slug, "language": language.code})
        )
    return render(
        request,
        "directory/cancel.html",
        {"region": region, "language": language, "registration": registration},
    )


def _calendar_response(region: Region, events_qs, name: str, language: Language) -> HttpResponse:
    body = ical.calendar(region, events_qs, name, language.code)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    set_filename(response, f"{name}.ics", inline=False)
    return response


@require_safe
@region_view
def calendar_region(request, region: Region, language: Language) -> HttpResponse:
    """The region's events as iCalendar, filtered like the list: `?town=<id>` (the town
    and the whole region) and `?fuer=neu|fach` (newcomers' or professionals' events)."""
    town = area_from_value(region, request.GET.get("town"))
    events_qs = event_lists.public_events(region, town)
    audience = request.GET.get("fuer")
    name = region.slug + (f"-{town.pk}" if town else "")
    if audience in ("neu", "fach"):
        wanted = audience == "fach"
        keys = [e.pk for e in events_qs if e.is_for_professionals() == wanted]
        events_qs = Event.objects.filter(pk__in=keys)
        name += f"-{audience}"
    return _calendar_response(region, events_qs, name, language)


@require_safe
@region_view
def calendar_town(request, region: Region, language: Language, town: int) -> HttpResponse:
    area = get_object_or_404(Area, region=region, pk=town)
    return _calendar_response(
        region, event_lists.public_events(region, area), f"{region.slug}-{area.pk}", language
    )


@require_safe
@region_view
def calendar_event(request, region: Region, language: Language, key: str) -> HttpResponse:
    event = _event(region, key)
    return _calendar_response(
        region, Event.objects.filter(pk=event.pk), f"{region.slug}-{key}", language
    )


@require_safe
@region_view
def calendar_offer(request, region: Region, language: Language, key: str) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.public(), region=region, key=key)
    return _calendar_response(
        region, Event.objects.filter(offer=offer), f"{region.slug}-{key}", language
    )
