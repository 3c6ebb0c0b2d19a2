"""The mediator's own page, "Meine Einsätze": her offers answered signed in, her confirmed
appointments with what she needs on the day and a calendar file, her papers, times,
absences — and nothing of anyone else's."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ankommen.mediation.models import (
    Absence,
    Assignment,
    AssignmentOffer,
    Evidence,
    Mediator,
    WeeklyAvailability,
)
from ankommen.mediation.services import assign_directly, send_offers
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db


def url(cast, name, **kwargs):
    return reverse(f"mediation:{name}", kwargs={"region": cast.region.slug, **kwargs})


@pytest.fixture
def school_request(cast, pool):
    return MediationRequestFactory(
        region=cast.region,
        organisation=pool.school,
        language=pool.bulgarian,
        place_area=pool.rheda,
        place="Doktorplatz 3, 33378 Rheda-Wiedenbrück",
        room="Raum 104",
        contact_name="Sabine Schulte",
        contact_phone="+49 5242 900-300",
        topic="Einschulungsgespräch",
        requested_by=pool.teacher,
    )


@pytest.fixture
def offer(school_request, pool):
    """The open offer of the school's request to the first volunteer."""
    send_offers(school_request)
    return AssignmentOffer.objects.get(request=school_request, mediator=pool.volunteers[0])


@pytest.fixture
def booked(school_request, pool, cast):
    return assign_directly(school_request, pool.volunteers[0], by_user=cast.ki_coordinator)


def test_her_open_offer_is_on_her_page_without_the_topic(cast, pool, offer, client_for):
    page = client_for(pool.volunteers[0].user).get(url(cast, "my_assignments"))

    assert page.status_code == 200
    assert page.context["offers"] == [offer]
    assert f'id="offer-{offer.pk}"' in page.text
    assert "Einschulungsgespräch" not in page.text
    assert "Raum 104" not in page.text


def test_she_accepts_the_offer_from_her_page(cast, pool, offer, client_for):
    response = client_for(pool.volunteers[0].user).post(
        url(cast, "my_offer_answer", pk=offer.pk), {"answer": "accept"}
    )

    assignment = Assignment.objects.get(request=offer.request)
    assert assignment.mediator == pool.volunteers[0]
    assert response.status_code == 302
    assert response["Location"].endswith(f"#appointment-{assignment.pk}")


def test_the_confirmed_appointment_shows_address_room_and_a_tap_to_call_contact(
    cast, pool, booked, client_for
):
    page = client_for(pool.volunteers[0].user).get(url(cast, "my_assignments"))

    assert page.context["upcoming"] == [booked]
    assert "Doktorplatz 3, 33378 Rheda-Wiedenbrück" in page.text
    assert "Raum 104" in page.text
    assert "Sabine Schulte" in page.text
    assert '<a href="tel:+495242900300">+49 5242 900-300</a>' in page.text
    assert "Einschulungsgespräch" in page.text
    assert url(cast, "my_calendar", pk=booked.pk) in page.text


def test_without_a_place_the_address_is_the_organisations(cast, pool, booked, client_for):
    pool.school.street, pool.school.postal_code, pool.school.city = "Am Markt 1", "33378", "Rheda"
    pool.school.save()
    booked.request.place = ""
    booked.request.save()

    page = client_for(pool.volunteers[0].user).get(url(cast, "my_assignments"))

    assert "Am Markt 1, 33378 Rheda" in page.text


def test_she_declines_the_offer_from_her_page(cast, pool, offer, client_for):
    client_for(pool.volunteers[0].user).post(
        url(cast, "my_offer_answer", pk=offer.pk), {"answer": "decline"}
    )

    offer.refresh_from_db()
    assert offer.status == AssignmentOffer.Status.DECLINED


def test_accepting_another_mediators_offer_by_its_id_is_not_found(cast, pool, offer, client_for):
    outsider = next(
        m for m in pool.volunteers if not AssignmentOffer.objects.filter(mediator=m).exists()
    )
    response = client_for(outsider.user).post(
        url(cast, "my_offer_answer", pk=offer.pk), {"answer": "accept"}
    )

    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_the_calendar_file_holds_the_appointment_with_place_and_contact(
    cast, pool, booked, client_for
):
    response = client_for(pool.volunteers[0].user).get(url(cast, "my_calendar", pk=booked.pk))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert ".ics" in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == booked.starts_at
    assert event.decoded("dtend") == booked.ends_at
    assert "Doktorplatz 3" in str(event["location"])
    assert "Raum 104" in str(event["location"])
    assert "Sabine Schulte, +49 5242 900-300" in str(event["description"])


def test_another_mediators_calendar_file_is_not_found(cast, pool, booked, client_for):
    response = client_for(pool.volunteers[1].user).get(url(cast, "my_calendar", pk=booked.pk))
    assert response.status_code == 404


def test_the_coordinator_gets_no_mediators_calendar_file(cast, booked, client_for):
    response = client_for(cast.ki_coordinator).get(url(cast, "my_calendar", pk=booked.pk))
    assert response.status_code == 404


def test_a_requester_has_no_mediators_page(cast, pool, client_for):
    assert client_for(pool.teacher).get(url(cast, "my_assignments")).status_code == 404


def test_the_page_asks_a_visitor_to_sign_in(cast, client):
    response = client.get(url(cast, "my_assignments"))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_the_old_address_of_her_page_moved_for_good(cast, pool, client_for):
    response = client_for(pool.volunteers[0].user).get(url(cast, "mine"))
    assert response.status_code == 301
    assert response["Location"] == url(cast, "my_assignments")


def test_a_conflict_sent_to_the_old_address_is_passed_on_with_its_data(cast, pool, client_for):
    old = f"/{cast.region.slug}/intern/sprachmittlung/meine-einsaetze/befangenheit/"
    response = client_for(pool.volunteers[0].user).post(old)
    assert response.status_code == 307
    assert response["Location"] == url(cast, "conflict_declare")


def _times(version, *rows, initial=0):
    data = {
        "expected_version": version,
        "window-TOTAL_FORMS": len(rows),
        "window-INITIAL_FORMS": initial,
        "window-MIN_NUM_FORMS": 0,
        "window-MAX_NUM_FORMS": 21,
    }
    for number, (day, starts, ends) in enumerate(rows):
        data |= {
            f"window-{number}-weekday": day,
            f"window-{number}-starts": starts,
            f"window-{number}-ends": ends,
        }
    return data


def test_she_saves_her_weekly_times(cast, pool, client_for):
    mediator = pool.volunteers[0]
    client_for(mediator.user).post(
        url(cast, "my_availability"),
        _times(mediator.version, (0, "16:00", "19:00"), (3, "09:00", "12:00")),
    )

    assert list(
        WeeklyAvailability.objects.filter(mediator=mediator).values_list("weekday", "starts")
    ) == [(0, dt.time(16)), (3, dt.time(9))]


def test_the_empty_row_for_a_new_time_is_left_out(cast, pool, client_for):
    mediator = pool.volunteers[0]
    response = client_for(mediator.user).post(
        url(cast, "my_availability"), _times(mediator.version, (4, "08:00", "12:00"), ("", "", ""))
    )

    assert response.status_code == 302
    assert WeeklyAvailability.objects.filter(mediator=mediator).count() == 1


def test_times_ending_before_they_start_are_refused_and_kept_in_the_form(cast, pool, client_for):
    mediator = pool.volunteers[0]
    response = client_for(mediator.user).post(
        url(cast, "my_availability"), _times(mediator.version, (2, "18:00", "08:30"))
    )

    assert response.status_code == 400
    assert "The end must be after the start." in response.text
    assert 'value="08:30"' in response.text
    assert not WeeklyAvailability.objects.filter(mediator=mediator).exists()


def test_times_saved_after_the_ki_changed_her_record_are_refused(cast, pool, client_for):
    mediator = pool.volunteers[0]
    opened_with = mediator.version
    Mediator.objects.get(pk=mediator.pk).save_checked(expected_version=opened_with)

    response = client_for(mediator.user).post(
        url(cast, "my_availability"), _times(opened_with, (0, "16:00", "19:00")), follow=True
    )

    assert not WeeklyAvailability.objects.filter(mediator=mediator).exists()
    assert "The KI changed your details" in response.text


def test_she_adds_an_absence(cast, pool, client_for):
    mediator = pool.volunteers[0]
    first = timezone.localdate() + dt.timedelta(days=7)
    client_for(mediator.user).post(
        url(cast, "my_absence_add"),
        {
            "expected_version": mediator.version,
            "first_day": first.isoformat(),
            "last_day": (first + dt.timedelta(days=6)).isoformat(),
        },
    )

    absence = Absence.objects.get(mediator=mediator)
    assert (absence.first_day, absence.last_day) == (first, first + dt.timedelta(days=6))


def test_an_absence_ending_before_it_starts_is_refused_and_kept_in_the_form(cast, pool, client_for):
    mediator = pool.volunteers[0]
    first = timezone.localdate() + dt.timedelta(days=7)
    response = client_for(mediator.user).post(
        url(cast, "my_absence_add"),
        {
            "expected_version": mediator.version,
            "first_day": first.isoformat(),
            "last_day": (first - dt.timedelta(days=2)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert f'value="{first.isoformat()}"' in response.text
    assert not Absence.objects.exists()


def test_removing_another_mediators_absence_is_not_found(cast, pool, client_for):
    day = timezone.localdate() + dt.timedelta(days=3)
    other = Absence.objects.create(mediator=pool.volunteers[1], first_day=day, last_day=day)
    mediator = pool.volunteers[0]

    response = client_for(mediator.user).post(
        url(cast, "my_absence_remove", pk=other.pk), {"expected_version": mediator.version}
    )

    assert response.status_code == 404
    assert Absence.objects.filter(pk=other.pk).exists()


def test_her_papers_show_an_end_within_30_days_as_a_warning(cast, pool, client_for):
    mediator = pool.volunteers[0]
    until = timezone.localdate() + dt.timedelta(days=12)
    Evidence.objects.filter(mediator=mediator, kind=Evidence.Kind.GOOD_CONDUCT).update(
        valid_until=until
    )

    page = client_for(mediator.user).get(url(cast, "my_assignments"))

    assert f"valid until {until:%d.%m.%Y} – ends in 12 days" in page.text


def test_the_coordinator_is_not_offered_the_outcome_before_the_appointment(
    cast, booked, client_for
):
    page = client_for(cast.ki_coordinator).get(url(cast, "request", pk=booked.request_id))

    assert url(cast, "outcome", pk=booked.request_id) not in page.text
    assert 'id="outcome-later"' in page.text


def test_the_coordinator_is_offered_the_outcome_once_the_appointment_began(
    cast, booked, client_for
):
    Assignment.objects.filter(pk=booked.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )

    page = client_for(cast.ki_coordinator).get(url(cast, "request", pk=booked.request_id))

    assert url(cast, "outcome", pk=booked.request_id) in page.text
