import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from ankommen.core.models import ConflictError
from ankommen.directory.models import (
    Event,
    Offer,
    OpeningException,
    OpeningHours,
    Registration,
    ZeroResultQuery,
)
from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory


@pytest.fixture
def offer(cast):
    return OfferFactory(organisation=cast.kreis_organisation, title="Migrationsberatung")


@pytest.fixture
def event(cast, public_region):
    return EventFactory(organisation=cast.kreis_organisation, area=cast.verl)


def _url(event) -> str:
    return f"/{event.region.slug}/de/angebote/termine/{event.key}/anmelden/"


def _sign_up(client, event, start, name="Ana"):
    return client.post(
        _url(event), {"occurrence": start.isoformat(), "name": name, "contact": "ana@example.org"}
    )


def test_two_editors_saving_one_offer_do_not_overwrite_each_other(offer):
    first = Offer.objects.get(pk=offer.pk)
    second = Offer.objects.get(pk=offer.pk)
    first.cost = Offer.Cost.PAID
    first.save_checked(expected_version=first.version)
    second.cost = Offer.Cost.REDUCED
    with pytest.raises(ConflictError):
        second.save_checked(expected_version=second.version)
    offer.refresh_from_db()
    assert offer.cost == Offer.Cost.PAID


def test_search_document_follows_the_translations(offer):
    offer.translations.update(title="x")
    offer.translations.first().save()
    offer.refresh_from_db()
    assert " migrationsberatung " not in offer.search_document


def test_a_kreis_wide_offer_serves_every_town(cast):
    kreis = cast.verl.parent
    wide = OfferFactory(organisation=cast.kreis_organisation)
    wide.areas.set([kreis])
    local = OfferFactory(organisation=cast.kreis_organisation)
    local.areas.set([cast.versmold])
    serving = set(Offer.objects.serving(cast.verl_quarter))
    assert wide in serving
    assert local not in serving


def test_registration_is_refused_beyond_capacity(event, client):
    start = event.starts
    assert _sign_up(client, event, start, "Ana").status_code == 302
    assert _sign_up(client, event, start, "Bo").status_code == 302
    _sign_up(client, event, start, "Cem")
    assert Registration.objects.filter(event=event, occurrence=start).count() == 2
    assert not Registration.objects.filter(name="Cem").exists()


def test_registration_for_a_date_that_is_no_occurrence_is_refused(event, client):
    _sign_up(client, event, event.starts + dt.timedelta(days=1))
    assert Registration.objects.count() == 0


def test_registration_answers_get_with_405(event, client):
    assert client.get(_url(event)).status_code == 405


def test_recurrence_rule_gives_the_dates_every_six_weeks(event):
    dates = event.occurrences(event.starts, event.starts + dt.timedelta(days=365))
    assert len(dates) == 9
    assert dates[1] - dates[0] == dt.timedelta(weeks=6)


def test_purge_deletes_names_after_the_date(event):
    from django.core.management import call_command

    past = Registration.objects.create(
        event=event, occurrence=timezone.now() - dt.timedelta(days=2), name="A", contact="a"
    )
    future = Registration.objects.create(
        event=event, occurrence=event.starts, name="B", contact="b"
    )
    call_command("purge_registrations", stdout=__import__("io").StringIO())
    assert not Registration.objects.filter(pk=past.pk).exists()
    assert Registration.objects.filter(pk=future.pk).exists()


def test_calendar_feed_of_the_region_carries_the_rule(event, client):
    response = client.get(f"/{event.region.slug}/de/angebote/termine/kalender.ics")
    calendar = Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Infoabend"
    assert entry["rrule"]["FREQ"] == ["WEEKLY"]


def test_calendar_feed_of_a_town_leaves_out_other_towns(event, cast, client):
    response = client.get(f"/{event.region.slug}/de/angebote/termine/ort/{cast.versmold.pk}.ics")
    assert Calendar.from_ical(response.content).walk("VEVENT") == []


def test_place_is_closed_on_an_exception_day(cast):
    place = PlaceFactory(area=cast.verl)
    moment = timezone.localtime().replace(hour=10, minute=0)
    OpeningHours.objects.create(
        place=place, weekday=moment.weekday(), opens=dt.time(9), closes=dt.time(12)
    )
    assert place.is_open(moment)
    OpeningException.objects.create(place=place, date=moment.date(), closed=True)
    assert not place.is_open(moment)


def test_zero_result_query_is_logged_without_personal_data(public_region, client):
    client.get(f"/{public_region.slug}/de/angebote/", {"q": "Quantenphysik"})
    client.get(f"/{public_region.slug}/de/angebote/", {"q": "quantenphysik "})
    row = ZeroResultQuery.objects.get()
    assert (row.query, row.language, row.count) == ("quantenphysik", "de", 2)
    assert {f.name for f in ZeroResultQuery._meta.fields} == {
        "id",
        "region",
        "query",
        "language",
        "count",
        "last_seen",
    }


def test_unknown_filter_values_are_ignored(public_region, offer, client):
    response = client.get(f"/{public_region.slug}/de/angebote/", {"area": "999999", "kind": "x"})
    assert response.status_code == 200
    assert response.context["count"] == 1


def test_offer_detail_has_json_ld(public_region, offer, client):
    response = client.get(f"/{public_region.slug}/de/angebote/{offer.key}/")
    assert b'"@type": "Service"' in response.content
    assert b"application/ld+json" in response.content


# --- Who may change offers --------------------------------------------------------------


def test_editor_may_change_her_organisations_offer(cast, offer):
    assert cast.caritas_editor.has_perm("directory.change_offer", offer)
    assert offer in Offer.objects.editable_by(cast.caritas_editor)


@pytest.mark.parametrize("person", ["officer_versmold", "volunteer", "other_coordinator"])
def test_others_may_not_change_the_offer(cast, offer, person):
    user = getattr(cast, person)
    assert not user.has_perm("directory.change_offer", offer)
    assert offer not in Offer.objects.editable_by(user)


def test_editor_may_not_change_another_organisations_offer(cast):
    other = OfferFactory(organisation=cast.versmold_organisation)
    assert not cast.caritas_editor.has_perm("directory.change_offer", other)


def test_officer_may_change_offers_of_her_towns_organisations(cast):
    own = OfferFactory(organisation=cast.versmold_organisation)
    assert cast.officer_versmold.has_perm("directory.change_offer", own)
    assert not cast.officer_verl.has_perm("directory.change_offer", own)


def test_ki_coordinator_sees_the_review_board_and_others_do_not(cast, client_for):
    url = f"/{cast.region.slug}/intern/angebote/pruefen/"
    assert client_for(cast.ki_coordinator).get(url).status_code == 200
    assert client_for(cast.caritas_editor).get(url).status_code == 403
    # Another region's staff pages answer 404 in every module (core.routing.staff_view).
    assert client_for(cast.other_coordinator).get(url).status_code == 404


def test_editor_opens_her_offer_in_the_back_office_but_cannot_post_to_another(cast, client_for):
    own = OfferFactory(organisation=cast.kreis_organisation)
    other = OfferFactory(organisation=cast.versmold_organisation)
    client = client_for(cast.caritas_editor)
    response = client.get(f"/admin/directory/offer/{own.pk}/change/")
    assert b'name="expected_version"' in response.content
    response = client.post(f"/admin/directory/offer/{other.pk}/change/", {"kind": "health"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.kind == Offer.Kind.COUNSELLING


def test_event_without_place_or_address_is_invalid(cast):
    event = Event(
        region=cast.region,
        key="x",
        organisation=cast.kreis_organisation,
        title="x",
        area=cast.verl,
        starts=timezone.now(),
    )
    with pytest.raises(Exception, match="place"):
        event.full_clean()
