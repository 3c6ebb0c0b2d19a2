"""Several processes and hosts: the caches, rate limits, throttles and content versions held
in the real Redis on 127.0.0.1:6379 (ANKOMMEN_REDIS_URL), read by this test process and by
a second process started with the same settings; and the page cache middleware
(ankommen/core/pagecache.py) that answers anonymous public pages and v3 answers from it.

Each test keeps its keys under its own prefix (xdist's workers never meet) and deletes them
afterwards; nothing here ever clears the Redis database itself."""

import json
import os
import subprocess
import sys
import textwrap
import uuid

import pytest
import redis
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ankommen.core import pagecache, ratelimit, throttle
from ankommen.core.content_version import raise_versions, region_version
from ankommen.core.tests.factories import RegionFactory, UserFactory
from ankommen.core.town_choice import COOKIE as TOWN_COOKIE
from ankommen.portal.models import PageTranslation

pytestmark = pytest.mark.django_db

# A database number of the tests' own, and a prefix per test on top.
REDIS = os.environ.get("ANKOMMEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
HOUSING = "/kreis-guetersloh/de/wohnen/"


def redis_caches(prefix: str, location: str = REDIS) -> dict:
    """The CACHES settings.py makes of ANKOMMEN_REDIS_URL and ANKOMMEN_REDIS_KEY_PREFIX."""
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"{prefix}:{alias}",
            "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        }
        for alias in ("default", "api")
    }


def use_caches(settings, caches: dict) -> dict:
    before = settings.CACHES
    settings.CACHES = caches
    settings.SHARED_CACHE = True
    return before


def restore_caches(settings, before: dict) -> None:
    """Back to the memory caches before any other fixture's teardown runs: the portal's
    `cache.clear()` must never reach Redis (it would empty the whole database)."""
    settings.CACHES = before
    settings.SHARED_CACHE = False


@pytest.fixture
def shared(settings):
    """Redis as every cache, under a prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex[:16]}"
    before = use_caches(settings, redis_caches(prefix))
    settings.API_CACHE = "default"
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Every read asks Redis: no test waits out the process's one-second copy of a number.
    settings.CONTENT_VERSION_LOCAL_SECONDS = 0
    pagecache._local.clear()
    yield prefix
    pagecache._local.clear()
    restore_caches(settings, before)
    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def other_process(prefix: str, code: str) -> object:
    """Runs `code` in a second Python process with the settings of another app host
    (ANKOMMEN_REDIS_URL, the same database) and returns what it printed as JSON."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ankommen.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "ANKOMMEN_REDIS_URL": REDIS,
        "ANKOMMEN_REDIS_KEY_PREFIX": prefix,
        "DEBUG": "true",
    }
    program = "import django, json\ndjango.setup()\n" + textwrap.dedent(code)
    done = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Across two processes ---------------------------------------------------------------


def test_one_clients_rate_limit_holds_across_two_processes(shared):
    moment = 1_800_000_000.0  # one fixed minute for both processes
    mine = [ratelimit.count("search:ip:203.0.113.9", 5, now=moment).allowed for _ in range(3)]
    theirs = other_process(
        shared,
        f"""
        from ankommen.core import ratelimit
        print(json.dumps([
            ratelimit.count("search:ip:203.0.113.9", 5, now={moment}).allowed for _ in range(3)
        ]))
        """,
    )
    assert mine == [True, True, True]
    assert theirs == [True, True, False]
    # And the other way round: this process sees the other's count.
    assert not ratelimit.count("search:ip:203.0.113.9", 5, now=moment).allowed


@pytest.mark.django_db(transaction=True)
def test_a_version_raised_by_another_host_is_read_at_once(shared):
    region = RegionFactory()
    before = region_version(region.pk)  # now kept in Redis
    other_process(
        shared,
        f"""
        from django.db import transaction
        from ankommen.core.content_version import raise_versions
        with transaction.atomic():
            raise_versions({region.pk})
        print(json.dumps(True))
        """,
    )
    # Within SHARED_SECONDS of the read above: only the other host's delete makes it new.
    assert region_version(region.pk) == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_version_raised_here_is_read_by_another_host(shared):
    region = RegionFactory()
    with transaction.atomic():
        raise_versions(region.pk)
    theirs = other_process(
        shared,
        f"""
        from ankommen.core.content_version import region_version
        print(json.dumps(region_version({region.pk})))
        """,
    )
    assert theirs == region_version(region.pk)


@pytest.mark.django_db(transaction=True)
def test_a_login_throttle_holds_across_two_processes(shared):
    limits = throttle.login_limits("anna", "203.0.113.20")
    for _ in range(3):
        throttle.count_failure(limits, minutes=15)
    other_process(
        shared,
        """
        from ankommen.core import throttle
        limits = throttle.login_limits("anna", "203.0.113.20")
        for _ in range(2):
            throttle.count_failure(limits, minutes=15)
        print(json.dumps(True))
        """,
    )
    assert throttle.locked_until(limits) is not None  # 5 failures: the account is locked


# --- The page cache in front of the views -------------------------------------------------


def queries_of(client, path: str, **extra) -> tuple[int, object]:
    """The queries of one request, except the content version's: Redis keeps the number
    SHARED_SECONDS, which a slow test machine may pass between two requests."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    others = [query for query in queries if "core_contentversion" not in query["sql"]]
    return len(others), response


def test_a_repeated_anonymous_page_asks_the_database_nothing(client, portal, shared):
    first = client.get(HOUSING)
    count, again = queries_of(client, HOUSING)
    assert again.status_code == 200
    assert count == 0
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in again


def test_an_edit_shows_on_the_next_visit(
    client, portal, shared, django_capture_on_commit_callbacks
):
    client.get(HOUSING)
    text = PageTranslation.objects.get(
        page__region=portal, page__slug="wohnen", language__code="de"
    )
    with django_capture_on_commit_callbacks(execute=True):
        text.title = "Wohnen im ganzen Kreis"
        text.save()
    assert "Wohnen im ganzen Kreis" in client.get(HOUSING).content.decode()


def test_signed_in_people_are_never_answered_from_it(client, portal, shared):
    client.get(HOUSING)
    client.force_login(UserFactory())
    count, response = queries_of(client, HOUSING)
    assert response.status_code == 200
    assert count > 0
    assert not hasattr(response.wsgi_request, "page_cache")


def test_a_visitor_with_a_message_waiting_is_answered_by_the_view(client, portal, shared):
    client.get(HOUSING)
    client.cookies["messages"] = "anything"
    count, _response = queries_of(client, HOUSING)
    assert count > 0


def test_each_town_has_its_own_copy(client, portal, cast, shared):
    client.get(HOUSING)
    client.cookies[TOWN_COOKIE] = str(cast.verl.pk)
    count, response = queries_of(client, HOUSING)
    assert count > 0  # not the copy made for the whole region
    assert response.status_code == 200
    count, _response = queries_of(client, HOUSING)
    assert count == 0  # Verl's own copy


def test_a_search_is_never_kept(client, portal, shared):
    path = "/kreis-guetersloh/de/angebote/?q=deutsch"
    client.get(path)
    count, _response = queries_of(client, path)
    assert count > 0


def test_a_kept_v3_answer_still_counts_against_the_rate_limit(client, portal, shared, settings):
    settings.API_V3_RATE_LIMIT_PER_MINUTE = 2
    path = "/api/v3/kreis-guetersloh/de/children/?depth=1"
    answers = [client.get(path) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"]


def test_the_proxy_may_keep_an_anonymous_page_for_a_second(client, portal, shared, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 1
    assert client.get(HOUSING)["X-Accel-Expires"] == "1"
    assert client.get(HOUSING)["X-Accel-Expires"] == "1"  # answered from the page cache
    client.force_login(UserFactory())
    assert "X-Accel-Expires" not in client.get(HOUSING)


def test_posts_are_never_answered_from_it(client, portal, shared):
    client.get(HOUSING)
    assert client.post(HOUSING).status_code == 405


@pytest.fixture
def redis_gone(settings):
    before = use_caches(settings, redis_caches("gone", "redis://127.0.0.1:1/0"))
    yield
    pagecache._local.clear()
    restore_caches(settings, before)


def test_redis_gone_still_answers_public_pages(client, portal, redis_gone):
    for path in (HOUSING, "/kreis-guetersloh/de/angebote/?q=deutsch"):
        assert client.get(path).status_code == 200
        assert client.get(path).status_code == 200
    assert client.get("/api/v3/kreis-guetersloh/de/children/").status_code == 200


def test_each_visitor_gets_a_csrf_token_of_her_own(shared, rf):
    """A kept page with a form: the token of the visitor who filled the cache is replaced,
    each later visitor gets one masked from her own CSRF cookie (or a new cookie)."""
    from django.http import HttpResponse
    from django.middleware.csrf import _unmask_cipher_token, get_token

    def view(request):
        pagecache.allow(request, 0, 0)
        token = get_token(request)
        return HttpResponse(f'<form><input name="csrfmiddlewaretoken" value="{token}"></form>')

    middleware = pagecache.PageCacheMiddleware(view)
    pagecache.cache.set("content-version:total", 0, 60)  # the "version" the view read
    first = middleware(rf.get("/form/"))
    assert first.status_code == 200

    newcomer = middleware(rf.get("/form/"))
    assert newcomer["X-Page-Cache"] == "hit"
    assert "X-Accel-Expires" not in newcomer  # a proxy never keeps a page with a token
    token = newcomer.content.decode().split('value="')[1].split('"')[0]
    cookie = newcomer.cookies["csrftoken"].value
    assert _unmask_cipher_token(token) == cookie

    returning = rf.get("/form/")
    returning.COOKIES["csrftoken"] = "a" * 32
    answer = middleware(returning)
    token = answer.content.decode().split('value="')[1].split('"')[0]
    assert _unmask_cipher_token(token) == "a" * 32
