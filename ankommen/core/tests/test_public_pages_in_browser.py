"""Issue 15 in headless Chromium: in Arabic and Farsi a phone number, an opening-hours
range and a date keep their true order (read from the characters' client rectangles), and
every German fallback on a public page is marked as German, left to right; axe-core finds
no serious or critical violation on any public page type in de, ar, uk and Leichte Sprache.
"""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from ankommen.actionplan.tests.factories import (
    ChallengeFactory,
    FieldOfActionFactory,
    RecommendationFactory,
    SubStepFactory,
)
from ankommen.core.loader import load_platform
from ankommen.core.models import Language
from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.devtools.testing.public_pages import page_types
from ankommen.directory.models import OpeningHours
from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory
from ankommen.monitoring.tests.factories import IndicatorFactory, ValueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "+49 5241 000002"
OFFER_TITLE = "Beratungsstelle für Neuzugewanderte"
EVENT_TITLE = "Sprachcafé im Rathaus"
INDICATOR_NAME = "Ausländische Bevölkerung"
FIELD_NAME = "Wohnen und Mobilität"
RECOMMENDATION_TITLE = "Ein Mietführerschein informiert über Rechte und Pflichten."
DEADLINE = dt.date(2027, 3, 11)


def _event_day() -> dt.date:
    """The 11th of next month: within the events page's three months."""
    today = timezone.localdate()
    return (today.replace(day=1) + dt.timedelta(days=40)).replace(day=11)


@pytest.fixture
def region(cast):
    """The cast's Kreis in every language, one offer with a place,
    opening hours and a phone number, and one event there — all of it German only."""
    load_platform()
    region = cast.region
    region.languages.set(Language.objects.all())
    region.default_language = Language.objects.get(code="de")
    region.save()
    place = PlaceFactory(area=cast.verl, name="Rathaus Verl", latitude="51.88", longitude="8.51")
    OpeningHours.objects.create(place=place, weekday=0, opens=dt.time(10), closes=dt.time(16))
    offer = OfferFactory(
        organisation=cast.kreis_organisation, title=OFFER_TITLE, phone=PHONE, key="beratung"
    )
    offer.places.set([place])
    offer.areas.set([cast.verl])
    starts = timezone.make_aware(dt.datetime.combine(_event_day(), dt.time(16)))
    EventFactory(
        organisation=cast.kreis_organisation,
        area=cast.verl,
        offer=offer,
        place=place,
        online_url="",
        title=EVENT_TITLE,
        starts=starts,
        rrule="",
    )
    # A monitoring figure and an action-plan recommendation, German only, with a share,
    # a figure and dates.
    indicator = IndicatorFactory(
        region=region, slug="auslaender", name=INDICATOR_NAME, is_published=True
    )
    ValueFactory(
        indicator=indicator,
        area=region.area(),
        reference_date=dt.date(2022, 12, 31),
        value=Decimal(189227),
    )
    field = FieldOfActionFactory(region=region, slug="wohnen", name=FIELD_NAME, sort_order=1)
    recommendation = RecommendationFactory(
        challenge=ChallengeFactory(field=field, rank=5, text="Zu wenig Wissen über Mietrecht."),
        title=RECOMMENDATION_TITLE,
        deadline=DEADLINE,
    )
    SubStepFactory(
        recommendation=recommendation,
        text="Kurs in Verl anbieten",
        responsible_organisation=cast.verl_organisation,
        due_date=DEADLINE,
        progress=40,
    )
    return region


# The characters of an element's text with the horizontal centre of each, in logical order.
CHARACTERS = """(el) => {
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      out.push([node.data[i], rect ? rect.left + rect.width / 2 : null]);
    }
  }
  return {chars: out, direction: getComputedStyle(el).direction};
}"""


@pytest.fixture
def tab(page):
    """The browser tab, patient with a slow machine."""
    page.set_default_timeout(120_000)
    return page


def _open(tab, url: str) -> None:
    tab.goto(url, wait_until="domcontentloaded")


def _characters(page, selector: str) -> tuple[list[tuple[str, float]], str]:
    found = page.locator(selector).first.evaluate(CHARACTERS)
    return [(c, x) for c, x in found["chars"] if x is not None], found["direction"]


def _positions(chars, text: str) -> list[float]:
    joined = "".join(c for c, _ in chars)
    start = joined.index(text)
    return [x for _, x in chars[start : start + len(text)]]


def _reads_in_order(positions: list[float], direction: str) -> bool:
    steps = list(itertools.pairwise(positions))
    if direction == "rtl":
        return all(a > b for a, b in steps)
    return all(a < b for a, b in steps)


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_a_phone_number_reads_left_to_right_in_a_right_to_left_page(tab, region, code):
    _open(tab, f"/kreis-guetersloh/{code}/angebote/beratung/")
    assert tab.evaluate("document.documentElement.dir") == "rtl"
    chars, _direction = _characters(tab, ".phone bdi")
    digits = [x for c, x in chars if c != " "]
    assert "".join(c for c, _ in chars) == PHONE
    assert _reads_in_order(digits, "ltr")


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_opening_hours_read_from_opening_to_closing_time(tab, region, code):
    _open(tab, f"/kreis-guetersloh/{code}/angebote/beratung/")
    chars, direction = _characters(tab, ".hours-range bdi")
    opens, closes = _positions(chars, "10:00"), _positions(chars, "16:00")
    assert _reads_in_order(opens, "ltr") and _reads_in_order(closes, "ltr")
    # The first time comes first in the range's own reading direction.
    assert _reads_in_order([opens[0], closes[0]], direction)


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_a_date_reads_day_before_year_with_its_digits_in_order(tab, region, code):
    for where, dates in (
        ("angebote/beratung/", "[aria-labelledby=dates-heading] .date bdi"),
        ("angebote/termine/", ".event-list .date bdi"),
    ):
        _open(tab, f"/kreis-guetersloh/{code}/{where}")
        chars, direction = _characters(tab, dates)
        year = str(_event_day().year)
        day, year_at = _positions(chars, "11"), _positions(chars, year)
        assert _reads_in_order(day, "ltr") and _reads_in_order(year_at, "ltr"), where
        assert _reads_in_order([day[0], year_at[0]], direction), where


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_a_monitoring_figure_reads_left_to_right_in_a_right_to_left_page(tab, region, code):
    for where in ("monitoring/", "monitoring/auslaender/"):
        _open(tab, f"/kreis-guetersloh/{code}/{where}")
        chars, _direction = _characters(tab, "table.figures td.number bdi")
        assert "".join(c for c, _ in chars) == "189,227", where
        assert _reads_in_order([x for _, x in chars], "ltr"), where


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_action_plan_progress_and_deadline_keep_their_order(tab, region, code):
    _open(tab, f"/kreis-guetersloh/{code}/aktionsplan/wohnen/")
    chars, _direction = _characters(tab, ".recommendation .progress-line > span bdi")
    digits = _positions(chars, "40")
    percent = [x for c, x in chars if c in "%٪"]
    # The number, then the sign, left to right: "40 %", not "% 40".
    assert _reads_in_order(digits, "ltr") and _reads_in_order([digits[-1], percent[0]], "ltr")
    chars, direction = _characters(tab, ".steps tbody td:nth-child(3) bdi")
    day, year = _positions(chars, "11"), _positions(chars, str(DEADLINE.year))
    assert _reads_in_order(day, "ltr") and _reads_in_order(year, "ltr")
    assert _reads_in_order([day[0], year[0]], direction)


# Every element whose own text is a German fallback, with its nearest lang and dir. On the
# indicator page the chart's SVG text is left out: SVG text holds no markup, so the German
# name inside its translated description cannot be marked (an open point of issue 15).
FALLBACKS = """([texts, skipSvg]) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (skipSvg && el.closest('svg')) continue;
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('');
    if (!texts.some(t => own.includes(t))) continue;
    out.push([own.trim(), el.closest('[lang]').getAttribute('lang'),
              el.closest('[dir]').getAttribute('dir')]);
  }
  return out;
}"""

# The German fallbacks each page type shows.
SHOWN = {
    "directory": [OFFER_TITLE, EVENT_TITLE],
    "offer": [OFFER_TITLE, EVENT_TITLE],
    "events": [OFFER_TITLE, EVENT_TITLE],
    "offer print view": [OFFER_TITLE, EVENT_TITLE],
    "monitoring": [INDICATOR_NAME],
    "indicator": [INDICATOR_NAME],
    "action plan": [FIELD_NAME],
    "action plan field": [FIELD_NAME, RECOMMENDATION_TITLE],
}


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_every_german_fallback_is_marked_german_and_left_to_right(tab, region, code):
    unmarked = {}
    for kind, texts in SHOWN.items():
        _open(tab, page_types(region, code)[kind])
        found = tab.evaluate(FALLBACKS, [texts, kind == "indicator"])
        assert found, f"{kind} shows none of the German texts"
        wrong = [item for item in found if item[1:] != ["de", "ltr"]]
        if wrong:
            unmarked[kind] = wrong
    assert unmarked == {}


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_german_place_names_are_isolated(tab, region, code):
    _open(tab, f"/kreis-guetersloh/{code}/angebote/beratung/")
    assert tab.locator("bdi", has_text="Rathaus Verl").count() >= 1


@pytest.mark.parametrize("code", ["de", "ar", "uk", "de-x-ls"])
def test_no_public_page_type_has_a_serious_accessibility_violation(tab, region, code):
    problems = {}
    for kind, url in page_types(region, code).items():
        tab.goto(url)
        violations = axe_violations(tab)
        if violations:
            problems[kind] = violations
    assert problems == {}, describe(problems)
