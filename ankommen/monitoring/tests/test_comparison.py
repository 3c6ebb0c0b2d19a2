"""The indicator page's comparison table: the chart's areas (the chosen town, Kreis, OWL,
NRW) on every page, the region's towns a page at a time."""

import datetime
import html
import re
from decimal import Decimal

import pytest

from ankommen.core.models import Area
from ankommen.core.tests.factories import LanguageFactory
from ankommen.monitoring.models import Value

from .factories import AreaFactory, population_indicator

pytestmark = pytest.mark.django_db

DATE = datetime.date(2022, 12, 31)


@pytest.fixture
def sixty_towns(cast, comparison):
    """Ort 01 … Ort 60 beside Borgholzhausen, Gütersloh, Verl and Versmold (64 towns, so
    Verl and Versmold come on the second page), every area with its population."""
    cast.region.languages.add(LanguageFactory(code="de"))
    for n in range(1, 61):
        AreaFactory(
            region=cast.region, parent=comparison["kreis"], name=f"Ort {n:02d}", official_key=""
        )
    indicator = population_indicator(cast.region)
    areas = [
        comparison["kreis"],
        comparison["owl"],
        comparison["nrw"],
        *Area.objects.filter(region=cast.region, kind=Area.Kind.MUNICIPALITY),
    ]
    Value.objects.bulk_create(
        Value(indicator=indicator, area=area, reference_date=DATE, value=Decimal(1000 + n))
        for n, area in enumerate(areas)
    )
    return indicator


def comparison_of(client, cast, query: str = "") -> str:
    content = client.get(f"/{cast.region.slug}/de/monitoring/bevoelkerung/{query}")
    page = html.unescape(content.content.decode())
    return page[page.index('id="comparison-heading"') :]


def names_in(section: str) -> set[str]:
    # A name may be isolated for right-to-left pages (<bdi>) inside its link.
    return set(re.findall(r"<th scope=\"row\">(?:<a [^>]+>)?(?:<bdi[^>]*>)?([^<]+)<", section))


def test_first_page_compares_fifty_towns(client, cast, sixty_towns):
    towns = names_in(comparison_of(client, cast)) - {
        "Kreis Gütersloh",
        "Ostwestfalen-Lippe",
        "Nordrhein-Westfalen",
    }
    assert len(towns) == 50


def test_first_page_ends_with_the_fiftieth_town_by_name(client, cast, sixty_towns):
    names = names_in(comparison_of(client, cast))
    assert ("Ort 48" in names, "Ort 49" in names) == (True, False)


def test_second_page_compares_the_remaining_towns(client, cast, sixty_towns):
    names = names_in(comparison_of(client, cast, "?page=2"))
    assert {"Ort 49", "Ort 60", "Verl", "Versmold"} <= names and "Ort 48" not in names


def test_kreis_owl_and_nrw_are_compared_on_every_page(client, cast, sixty_towns):
    names = names_in(comparison_of(client, cast, "?page=2"))
    assert {"Kreis Gütersloh", "Ostwestfalen-Lippe", "Nordrhein-Westfalen"} <= names


def test_chosen_town_is_compared_on_every_page(client, cast, sixty_towns):
    names = names_in(comparison_of(client, cast, "?area=05754044"))
    assert "Verl" in names


def test_caption_says_which_towns_the_page_shows(client, cast, sixty_towns):
    # The interface is German unless the visitor chose otherwise.
    assert "Orte 51 bis 64 von 64" in comparison_of(client, cast, "?page=2")


def test_link_to_the_next_towns_keeps_the_chosen_town(client, cast, sixty_towns):
    section = comparison_of(client, cast, "?area=05754044")
    assert 'href="?area=05754044&page=2#comparison-heading" rel="next"' in section


def test_figures_of_a_later_page_are_those_of_its_towns(client, cast, sixty_towns):
    versmold = Value.objects.get(area=cast.versmold, indicator=sixty_towns)
    versmold.value = Decimal("21573")
    versmold.save()
    section = comparison_of(client, cast, "?page=2")
    assert re.search(
        r">(?:<bdi[^>]*>)?Versmold(?:</bdi>)?</a></th><td class=\"number\">(?:<bdi[^>]*>)?21\.573<",
        section,
    )


def test_region_with_few_towns_has_no_page_links(client, cast, comparison):
    cast.region.languages.add(LanguageFactory(code="de"))
    indicator = population_indicator(cast.region)
    Value.objects.create(
        indicator=indicator, area=comparison["kreis"], reference_date=DATE, value=Decimal(1)
    )
    assert 'rel="next"' not in comparison_of(client, cast)
