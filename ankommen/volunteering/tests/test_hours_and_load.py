"""Hours are positive and never in the future; the load view warns in red when a volunteer
is over her monthly cap or has had no free week."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.volunteering.load import load_rows
from ankommen.volunteering.models import HoursEntry

pytestmark = pytest.mark.django_db


def _hours_url(ehrenamt):
    return reverse(
        "volunteering:hours_add", args=[ehrenamt.ak_asyl.region.slug, ehrenamt.marlene.pk]
    )


@pytest.mark.parametrize("hours", ["-2", "0", "25"])
def test_hours_out_of_range_are_refused(client_for, ehrenamt, hours):
    response = client_for(ehrenamt.elke).post(
        _hours_url(ehrenamt), {"date": timezone.localdate().isoformat(), "hours": hours}
    )

    assert response.status_code == 400
    assert not HoursEntry.objects.exists()


def test_hours_in_the_future_are_refused(client_for, ehrenamt):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client_for(ehrenamt.elke).post(
        _hours_url(ehrenamt), {"date": tomorrow.isoformat(), "hours": "2"}
    )

    assert response.status_code == 400
    assert "future" in response.content.decode()
    assert not HoursEntry.objects.exists()


def test_hours_of_today_are_recorded_once_however_often_sent(client_for, ehrenamt):
    client = client_for(ehrenamt.elke)
    data = {
        "date": timezone.localdate().isoformat(),
        "hours": "2.5",
        "submission_key": "6f1c8a4e-2b61-4d5b-9a7e-3c2f1e0d9b8a",
    }
    client.post(_hours_url(ehrenamt), data)
    client.post(_hours_url(ehrenamt), data)

    assert HoursEntry.objects.get().hours == Decimal("2.5")


def test_the_database_refuses_negative_hours(ehrenamt):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        HoursEntry.objects.create(
            volunteer=ehrenamt.marlene, date=timezone.localdate(), hours=Decimal(-1)
        )


def _give(volunteer, day, hours):
    HoursEntry.objects.create(volunteer=volunteer, date=day, hours=Decimal(hours))


def test_over_the_cap_counts_only_this_month(ehrenamt):
    today = dt.date(2026, 3, 20)
    _give(ehrenamt.marlene, dt.date(2026, 3, 2), 5)
    _give(ehrenamt.marlene, dt.date(2026, 3, 18), 4)
    _give(ehrenamt.jonas, dt.date(2026, 2, 27), 9)

    rows = {row.volunteer.name: row for row in load_rows([ehrenamt.marlene, ehrenamt.jonas], today)}

    assert rows["Marlene Hoffmann"].over_cap
    assert not rows["Jonas Brinkmann"].over_cap


def test_hours_in_every_one_of_the_last_weeks_mean_no_pause(ehrenamt, settings):
    settings.VOLUNTEERING_NO_PAUSE_WEEKS = 4
    today = dt.date(2026, 3, 20)  # a Friday
    for weeks in range(4):
        _give(ehrenamt.marlene, today - dt.timedelta(weeks=weeks), 1)

    (row,) = load_rows([ehrenamt.marlene], today)

    assert row.no_pause


def test_one_free_week_is_a_pause(ehrenamt, settings):
    settings.VOLUNTEERING_NO_PAUSE_WEEKS = 4
    today = dt.date(2026, 3, 20)
    for weeks in (0, 1, 3):
        _give(ehrenamt.marlene, today - dt.timedelta(weeks=weeks), 1)

    (row,) = load_rows([ehrenamt.marlene], today)

    assert not row.no_pause


def test_the_load_view_shows_her_red(client_for, ehrenamt):
    _give(ehrenamt.marlene, timezone.localdate(), 9)

    page = (
        client_for(ehrenamt.elke)
        .get(reverse("volunteering:load", args=[ehrenamt.ak_asyl.region.slug]))
        .content.decode()
    )

    row = page[page.index("Marlene Hoffmann") :]
    assert 'class="load-red"' in row[: row.index("</tr>")]


def test_the_coordinators_home_lists_the_risk_as_an_urgent_task(client_for, ehrenamt):
    _give(ehrenamt.marlene, timezone.localdate(), 9)

    page = (
        client_for(ehrenamt.elke)
        .get(reverse("accounts:home", args=[ehrenamt.ak_asyl.region.slug]))
        .content.decode()
    )

    assert "1 volunteer at risk of overload" in page
