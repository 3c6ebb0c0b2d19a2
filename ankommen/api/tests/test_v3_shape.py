"""Our /api/v3/ answers for the demo region have exactly the keys and value types of
Integreat CMS 2026.7's answers (ankommen/api/tests/integreat_samples/)."""

import pytest

from ankommen.api.tests.shape import differences, sample
from ankommen.portal.models import Page

# Keys that Integreat declares nullable although its sample shows a value: region
# coordinates (nullable FloatFields), an organisation without logo, a place without
# coordinates, and the recurrence fields of an event that does not recur.
NULLABLE = frozenset(
    {
        "[].latitude",
        "[].longitude",
        ".latitude",
        ".longitude",
        "[].organization.logo",
        "[].location.latitude",
        "[].location.longitude",
        "[].event.recurrence_id",
        "[].recurrence_rule",
    }
)
# Objects whose keys are data: language codes and town names.
MAPS = frozenset(
    {
        "[].available_languages",
        ".available_languages",
        "[].aliases",
        ".aliases",
    }
)

R = "/api/v3/kreis-guetersloh"

GET_CASES = [
    ("regions.json", "/api/v3/regions/"),
    ("region_by_slug.json", "/api/v3/regions/kreis-guetersloh/"),
    ("languages.json", f"{R}/languages/"),
    ("pages.json", f"{R}/de/pages/"),
    ("legacy_wp_json_pages.json", "/kreis-guetersloh/de/wp-json/extensions/v3/pages/"),
    ("single_page_by_url.json", f"{R}/de/page/?url=/kreis-guetersloh/de/jobcenter/"),
    (
        "children_of_page.json",
        f"{R}/de/children/?url=/kreis-guetersloh/de/arbeit-und-anerkennung/&depth=2",
    ),
    ("children_root_depth1.json", f"{R}/de/children/?depth=1"),
    ("parents_of_page.json", f"{R}/de/parents/?url=/kreis-guetersloh/de/jobcenter/"),
    ("events.json", f"{R}/de/events/"),
    ("events_combine_recurring.json", f"{R}/de/events/?combine_recurring"),
    ("locations.json", f"{R}/de/locations/"),
    ("locations_on_map.json", f"{R}/de/locations/?on_map=1"),
    ("location_categories.json", f"{R}/de/location-categories/"),
    ("disclaimer.json", f"{R}/de/disclaimer/"),
    ("offers.json", f"{R}/offers/"),
    ("news_local.json", f"{R}/de/news/"),
    ("push_notifications_fcm.json", f"{R}/de/fcm/"),
    ("chat_enabled_for_device.json", f"{R}/abc123/is_chat_enabled/"),
]


@pytest.mark.parametrize(("name", "path"), GET_CASES, ids=[c[0] for c in GET_CASES])
def test_answer_has_the_shape_of_integreats(client, demo, name, path):
    expected = sample(name)
    response = client.get(path)
    assert response.status_code == expected["status"]
    assert response["Content-Type"] == "application/json"
    assert (
        differences(expected["response_trimmed"], response.json(), nullable=NULLABLE, maps=MAPS)
        == []
    )


@pytest.mark.parametrize(
    "name",
    [
        "regions.json",
        "languages.json",
        "pages.json",
        "children_of_page.json",
        "parents_of_page.json",
        "events.json",
        "events_combine_recurring.json",
        "locations.json",
        "location_categories.json",
        "offers.json",
    ],
)
def test_lists_compared_for_shape_are_not_empty(client, demo, name):
    # An empty list would pass any shape comparison: the demo must fill every list the
    # sample fills.
    path = dict(GET_CASES)[name]
    assert len(client.get(path).json()) > 0


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("feedback_page_POST.json", "page"),
        ("feedback_categories_POST.json", "categories"),
        ("feedback_search_POST.json", "search"),
    ],
)
def test_feedback_answer_has_the_shape_of_integreats(client, demo, name, kind):
    expected = sample(name)
    response = client.post(
        f"{R}/de/feedback/{kind}/",
        {"rating": "up", "comment": "Sehr hilfreich", "permalink": "/kreis-guetersloh/de/wohnen/"},
    )
    assert response.status_code == expected["status"]
    assert response.json() == expected["response_trimmed"]


def test_page_by_id_takes_the_page_id_and_answers_with_the_translation_id(client, demo):
    # Integreat's own quirk (single_page_id_is_page_id.json): ?id= is a page id, the
    # answer's id that of the translation.
    page = Page.objects.get(region=demo, slug="jobcenter")
    translation = page.translations.get(language__code="de")
    body = client.get(f"{R}/de/page/", {"id": page.pk}).json()
    assert (body["id"], body["parent"]["id"]) == (translation.pk, page.parent_id)


def test_unknown_region_answers_404_like_integreat(client, demo):
    # Integreat answers an unknown region with its HTML 404 page (region_not_found.txt).
    response = client.get("/api/v3/doesnotexist/de/pages/")
    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")


def test_language_the_region_does_not_offer_answers_404(client, demo):
    assert client.get(f"{R}/sw/pages/").status_code == 404
