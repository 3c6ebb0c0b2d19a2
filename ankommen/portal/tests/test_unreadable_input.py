"""Issue 13: NUL bytes in anonymous GET and POST parameters answered 500 (PostgreSQL
refuses NUL in text). Every public parameter, form and path with a NUL or bytes that are
no UTF-8 answers 400 with a page in the visitor's language, and nothing is stored."""

import json

import pytest
from django.core.cache import caches

from ankommen.api.models import Feedback
from ankommen.directory.models import Registration, ZeroResultQuery
from ankommen.directory.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

R = "kreis-guetersloh"

# Every public GET with the parameters its view reads.
GET_PARAMETERS = {
    f"/{R}/de/suche/": ["q"],
    f"/{R}/de/angebote/": [
        "q",
        "area",
        "field",
        "target",
        "audience",
        "spoken",
        "kind",
        "cost",
        "open_now",
        "near",
        "lat",
        "lon",
        "page",
    ],
    f"/{R}/de/angebote/karte.json": ["q", "area", "kind"],
    f"/{R}/de/angebote/termine/": ["town"],
    f"/{R}/de/angebote/hsds/services/": ["modified_after", "per_page", "page"],
    f"/{R}/de/flyer.pdf": ["format"],
    f"/{R}/de/monitoring/": ["area"],
    f"/{R}/de/aktionsplan/": ["field"],
    f"/api/v3/{R}/de/page/": ["id", "url"],
    f"/api/v3/{R}/de/children/": ["depth", "id", "url"],
    f"/api/v3/{R}/de/events/": ["combine_recurring"],
    f"/api/v3/{R}/de/locations/": ["on_map"],
    f"/api/v1/regions/{R}/de/offers/": ["q", "kind", "page", "page_size"],
}
GET_CASES = [(path, name) for path, names in GET_PARAMETERS.items() for name in names]
NUL_VALUES = ["\x00", "Deutsch\x00kurs"]
BROKEN = ["%ff", "%c3%28", "a%00b"]


@pytest.fixture(autouse=True)
def _empty_api_cache():
    caches["api"].clear()


@pytest.fixture
def event(cast, portal):
    return EventFactory(organisation=cast.kreis_organisation, area=cast.verl)


@pytest.mark.parametrize(("path", "name"), GET_CASES)
@pytest.mark.parametrize("value", NUL_VALUES)
def test_a_nul_in_a_public_parameter_is_a_bad_request(client, portal, path, name, value):
    assert client.get(path, {name: value}).status_code == 400


@pytest.mark.parametrize(("path", "name"), GET_CASES)
@pytest.mark.parametrize("escaped", BROKEN)
def test_bytes_that_are_no_utf8_are_a_bad_request(client, portal, path, name, escaped):
    assert client.get(f"{path}?{name}={escaped}").status_code == 400


@pytest.mark.parametrize("escaped", ["%ff", "%00"])
def test_a_parameter_name_that_is_unreadable_is_a_bad_request(client, portal, escaped):
    assert client.get(f"/{R}/de/angebote/?{escaped}=1").status_code == 400


@pytest.mark.parametrize(
    "path", [f"/{R}/de/\x00/", f"/{R}/de/angebote/a\x00b/", f"/api/v3/{R}\x00/de/pages/"]
)
def test_a_nul_in_the_path_is_a_bad_request(client, portal, path):
    assert client.get(path).status_code == 400


def test_the_bad_request_page_speaks_the_pages_language(client, portal):
    german = client.get(f"/{R}/de/suche/", {"q": "\x00"}).content.decode()
    english = client.get(f"/{R}/en/suche/", {"q": "\x00"}).content.decode()
    assert "Zeichen" in german
    assert "characters" in english


def test_the_api_answers_a_bad_request_in_json(client, portal):
    response = client.get(f"/api/v3/{R}/de/page/", {"url": "\x00"})
    assert response.status_code == 400
    assert "error" in response.json()


def test_a_search_with_a_nul_logs_nothing(client, portal):
    client.get(f"/{R}/de/angebote/", {"q": "kurs\x00"})
    assert not ZeroResultQuery.objects.exists()


@pytest.mark.parametrize("field", ["name", "contact", "occurrence"])
def test_a_sign_up_with_a_nul_is_refused_and_stores_nothing(client, event, field):
    data = {"occurrence": event.starts.isoformat(), "name": "Ana", "contact": "ana@example.org"}
    data[field] += "\x00"
    response = client.post(f"/{R}/de/angebote/termine/{event.key}/anmelden/", data)
    assert response.status_code == 400
    assert not Registration.objects.exists()


@pytest.mark.parametrize("field", ["comment", "query", "permalink", "rating"])
def test_feedback_with_a_nul_is_refused_and_stores_nothing(client, portal, field):
    data = {"rating": "up", "comment": "gut", "query": "kurs", "permalink": "/x/"}
    data[field] += "\x00"
    path = f"/api/v3/{R}/de/feedback/search/"
    assert client.post(path, data).status_code == 400
    body = json.dumps(data)
    assert client.post(path, body, content_type="application/json").status_code == 400
    assert not Feedback.objects.exists()


def test_the_language_switch_with_a_nul_is_refused(client, portal):
    assert client.post("/i18n/setlang/", {"language": "de\x00", "next": "/"}).status_code == 400
