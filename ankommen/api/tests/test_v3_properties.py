"""Issue 13: a property-based run against the v3 API. Hypothesis builds paths from the v3
URL patterns (known and unknown regions and languages, odd strings) and query strings
(known and unknown parameters, NUL, unicode, bytes that are no UTF-8): no answer is a
server error, and every answer of a known region and language is JSON."""

from urllib.parse import quote

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ankommen.api.v3 import views

REGIONS = ["kreis-guetersloh", "nirgendwo", "regions"]
LANGUAGES = ["de", "en", "ar", "xx", "de-x-ls"]
ANSWERS = [
    *views.LANGUAGE_ANSWERS,
    "page",
    "children",
    "parents",
]
PARAMETERS = ["id", "url", "depth", "combine_recurring", "on_map", "x", "page", "q"]

odd = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12
) | st.sampled_from(["\x00", "a\x00b", "ü", "ي", "%ff", "../..", "", "0", "-1", "9" * 30])
segment = st.sampled_from(REGIONS) | odd


@st.composite
def requests(draw):
    region = draw(segment)
    language = draw(st.sampled_from(LANGUAGES) | odd)
    answer = draw(st.sampled_from(ANSWERS))
    kind = draw(st.sampled_from(["language", "region", "regions"]))
    if kind == "regions":
        path = "/api/v3/regions/" + (draw(segment) + "/" if draw(st.booleans()) else "")
    elif kind == "region":
        tail = draw(st.sampled_from([*views.REGION_ANSWERS, "android/is_chat_enabled"]))
        path = f"/api/v3/{quote(region, safe='')}/{tail}/"
    else:
        path = f"/api/v3/{quote(region, safe='')}/{quote(language, safe='')}/{answer}/"
    names = draw(st.lists(st.sampled_from(PARAMETERS) | odd, max_size=3))
    pairs = []
    for name in names:
        value = draw(odd)
        # Either percent-encoded text or raw bytes as %xx, some of them no UTF-8.
        raw = draw(st.booleans())
        encoded = (
            "".join(f"%{b:02x}" for b in value.encode("latin-1", "replace"))
            if raw
            else quote(value, safe="")
        )
        pairs.append(f"{quote(name, safe='')}={encoded}")
    query = "&".join(pairs)
    return path, query


def test_v3_never_answers_a_server_error(client, verl_region, settings):
    settings.API_V3_RATE_LIMIT_PER_MINUTE = 0

    @hypothesis_settings(
        max_examples=300,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(request=requests())
    def check(request):
        path, query = request
        response = client.get(f"{path}?{query}" if query else path)
        assert response.status_code < 500, (path, query)
        known = path.startswith(("/api/v3/kreis-guetersloh/de/", "/api/v3/kreis-guetersloh/en/"))
        if known and response.status_code != 404:
            assert response["Content-Type"].startswith("application/json"), (path, query)

    check()
