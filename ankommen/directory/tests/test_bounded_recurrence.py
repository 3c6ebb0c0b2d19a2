"""Issue 13: one editor's `FREQ=SECONDLY` event took the public site down. Rules are
checked when saved, and every page expands them within a window and a number of dates —
also rows written past the check."""

import datetime as dt

import pytest
from dateutil.rrule import rrulestr
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from icalendar import Calendar

from ankommen.directory import recurrence
from ankommen.directory.models import Event
from ankommen.directory.tests.factories import EventFactory


@pytest.fixture(autouse=True)
def _empty_api_cache():
    # Content versions start again at the same numbers in the next test.
    caches["api"].clear()


@pytest.fixture
def event(cast, public_region):
    return EventFactory(organisation=cast.kreis_organisation, area=cast.verl, rrule="")


def _refusal(event: Event, rule: str) -> str:
    event.rrule = rule
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    return " ".join(refused.value.message_dict["rrule"])


@pytest.mark.parametrize("frequency", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_a_rule_repeating_more_often_than_daily_is_refused(event, frequency):
    assert "not more often" in _refusal(event, f"FREQ={frequency}")


def test_the_refusal_is_in_the_editors_language(event):
    with translation.override("de"):
        assert "nicht öfter" in _refusal(event, "FREQ=SECONDLY")


def test_an_absurd_count_is_refused(event):
    assert "at most 1000 times" in _refusal(event, "FREQ=DAILY;COUNT=100000000")


def test_an_absurd_interval_is_refused(event):
    assert "interval" in _refusal(event, "FREQ=YEARLY;INTERVAL=100000000")


def test_many_starts_a_day_are_refused(event):
    minutes = ",".join(str(m) for m in range(60))
    assert "times a day" in _refusal(event, f"FREQ=DAILY;BYMINUTE={minutes}")


def test_a_rule_that_no_date_satisfies_is_refused(event):
    assert "no date" in _refusal(event, "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")


def test_more_than_one_rule_in_the_text_is_refused(event):
    assert "one rule" in _refusal(event, "FREQ=DAILY\nEXRULE:FREQ=SECONDLY")


def test_an_ordinary_weekly_rule_is_accepted(event):
    event.rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20991231T000000Z"
    event.full_clean()


def _write_past_the_check(event: Event, rule: str) -> None:
    # What a row saved before the check existed looks like: update() skips clean().
    Event.objects.filter(pk=event.pk).update(
        rrule=rule, starts=timezone.now() - dt.timedelta(days=1)
    )


@pytest.mark.parametrize(
    "rule", ["FREQ=SECONDLY", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;COUNT=99999999"]
)
def test_a_stored_unbounded_rule_is_not_expanded_on_the_events_page(event, client, rule):
    # Not timed (speed is for the benchmarks): the attack ran into gunicorn's 30 s timeout
    # by expanding the rule, so the page must show the event by its first date alone.
    _write_past_the_check(event, rule)
    response = client.get(f"/{event.region.slug}/de/angebote/termine/")
    assert response.status_code == 200
    assert response.content.decode().count(f">{event.title}<") <= 1


@pytest.mark.parametrize("rule", ["FREQ=SECONDLY", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"])
def test_a_stored_unbounded_rule_leaves_the_calendar_feed_without_it(event, client, rule):
    _write_past_the_check(event, rule)
    response = client.get(f"/{event.region.slug}/de/angebote/termine/kalender.ics")
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert "rrule" not in entry


@pytest.mark.parametrize("rule", ["FREQ=SECONDLY", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"])
def test_a_stored_unbounded_rule_is_not_expanded_in_v3_events(event, client, rule):
    _write_past_the_check(event, rule)
    event.starts = timezone.now() + dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(starts=event.starts)
    response = client.get(f"/api/v3/{event.region.slug}/de/events/")
    [item] = response.json()
    assert item["recurrence_rule"] is None


def test_a_stored_unbounded_rule_is_not_expanded_in_v1_events(event, client):
    _write_past_the_check(event, "FREQ=SECONDLY")
    response = client.get(f"/api/v1/regions/{event.region.slug}/de/events/")
    assert response.status_code == 200
    assert response.json()["results"][0]["next_dates"] == []


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY",
        "FREQ=DAILY;INTERVAL=3;BYMONTH=3,4",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH",
        "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,SA",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    ],
)
def test_an_event_begun_years_ago_gives_the_same_dates_as_a_full_expansion(rule):
    first = timezone.localtime(timezone.now()).replace(
        year=2004, month=3, day=3, hour=18, minute=30, second=0, microsecond=0
    )
    start = timezone.now()
    end = start + dt.timedelta(days=200)
    expected = rrulestr(rule, dtstart=first).between(start, end, inc=True)
    assert recurrence.occurrences(rule, first, start, end) == expected


def test_expansion_never_gives_more_than_the_limit():
    first = timezone.now()
    dates = recurrence.occurrences("FREQ=DAILY", first, first, first + dt.timedelta(days=3650))
    assert len(dates) <= recurrence.MAX_OCCURRENCES
    assert dates[-1] <= first + recurrence.WINDOW
