"""Crisis communication: news in every portal language with German fallback, the banner
while a real raised level is in force (never in an exercise), the Integreat endpoints, push
through a real local HTTP server speaking the provider's protocol, and the crisis page."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from ankommen.core.tests.factories import LanguageFactory
from ankommen.crisis import push, services
from ankommen.crisis.models import NewsItem
from ankommen.portal.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(arabic_region, cast):
    item = NewsItem.objects.create(
        region=arabic_region, banner=True, created_by=cast.ki_coordinator
    )
    services.news_save_text(
        news=item,
        language=LanguageFactory(code="de"),
        title="Ankunft aus der Ukraine: erste Anlaufstellen",
        body="Die Beratung im Rathaus ist heute bis 18 Uhr geöffnet.",
    )
    services.news_save_text(
        news=item,
        language=LanguageFactory(code="ar"),
        title="الوصول من أوكرانيا: أول نقاط الاتصال",
        body="الاستشارة في البلدية مفتوحة اليوم حتى الساعة 6 مساءً.",
    )
    return item


def switch(cast, level, *, exercise):
    return services.level_switch(
        region=cast.region,
        level=level,
        exercise=exercise,
        reason="Lage",
        by=cast.ki_coordinator,
        expected_version=services.region_level(cast.region).version,
    )


def test_real_switch_shows_the_banner_on_the_arabic_portal(client, cast, levels, news):
    services.news_publish(news=news)
    switch(cast, levels["heightened"], exercise=False)
    page = client.get(reverse("crisis:news", args=[cast.region.slug, "ar"])).content.decode()
    assert 'class="crisis-banner"' in page and "الوصول من أوكرانيا" in page


def test_exercise_shows_no_banner(client, cast, levels, news):
    services.news_publish(news=news)
    switch(cast, levels["heightened"], exercise=True)
    page = client.get(reverse("crisis:news", args=[cast.region.slug, "ar"])).content.decode()
    assert 'class="crisis-banner"' not in page


def test_banner_goes_when_the_level_returns_to_normal(client, cast, levels, news):
    services.news_publish(news=news)
    switch(cast, levels["heightened"], exercise=False)
    client.get(reverse("crisis:news", args=[cast.region.slug, "ar"]))
    switch(cast, levels["normal"], exercise=False)
    page = client.get(reverse("crisis:news", args=[cast.region.slug, "ar"])).content.decode()
    assert 'class="crisis-banner"' not in page


def test_draft_news_is_not_public(client, cast, news):
    response = client.get(reverse("crisis:news_item", args=[cast.region.slug, "ar", news.pk]))
    assert response.status_code == 404


def test_news_falls_back_to_german(client, cast, news):
    LanguageFactory(code="en", native_name="English", name_de="Englisch", name_en="English")
    cast.region.languages.add(LanguageFactory(code="en"))
    services.news_publish(news=news)
    page = client.get(reverse("crisis:news_item", args=[cast.region.slug, "en", news.pk]))
    assert "Ankunft aus der Ukraine" in page.content.decode()


def test_integreat_news_endpoint_delivers_published_news(client, cast, news):
    services.news_publish(news=news)
    answer = client.get(f"/api/v3/{cast.region.slug}/ar/news/").json()
    assert [item["title"] for item in answer] == ["الوصول من أوكرانيا: أول نقاط الاتصال"]


def test_integreat_news_endpoint_leaves_out_drafts(client, cast, news):
    assert client.get(f"/api/v3/{cast.region.slug}/ar/fcm/").json() == []


def test_officer_may_not_write_news(client_for, cast, news):
    response = client_for(cast.officer_verl).get(
        reverse("crisis_staff:news", args=[cast.region.slug])
    )
    assert response.status_code == 403


def test_ki_publishes_news_from_the_staff_page(client_for, cast, arabic_region):
    client_for(cast.ki_coordinator).post(
        reverse("crisis_staff:news", args=[cast.region.slug]),
        {"title": "Neue Anlaufstelle", "body": "Ab heute im Rathaus.", "publish": "on"},
    )
    assert NewsItem.objects.published().count() == 1


# --- Push through a real local server ----------------------------------------------------


class Received:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict, bytes]] = []


@pytest.fixture
def provider_server():
    """An HTTP server on 127.0.0.1 answering like FCM HTTP v1 (a message name) or a webhook
    (an id); it records what it received."""
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.requests.append((self.path, dict(self.headers), body))
            if self.headers.get("Authorization") == "Bearer wrong":
                self.send_response(401)
                self.end_headers()
                self.wfile.write(b'{"error": {"status": "UNAUTHENTICATED"}}')
                return
            answer = {"name": "projects/ankommen-test/messages/4711", "id": "w-1"}
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(answer).encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


def test_fcm_provider_sends_one_message_per_language_to_its_topic(settings, provider_server, news):
    url, received = provider_server
    settings.CRISIS_PUSH_PROVIDER = "fcm"
    settings.CRISIS_PUSH_URL = url
    settings.CRISIS_PUSH_FCM_PROJECT = "ankommen-test"
    settings.CRISIS_PUSH_TOKEN = "token-1"
    services.news_publish(news=news)
    topics = sorted(json.loads(body)["message"]["topic"] for _p, _h, body in received.requests)
    assert topics == ["kreis-guetersloh-ar-news", "kreis-guetersloh-de-news"]


def test_fcm_provider_uses_the_v1_path_and_bearer_token(settings, provider_server):
    url, received = provider_server
    sender = push.FcmV1Provider(url=url, project="ankommen-test", token="token-1")
    name = sender.send(push.PushMessage(topic="t", title="T", body="B", data={}))
    path, headers, _body = received.requests[0]
    assert (path, headers["Authorization"], name) == (
        "/v1/projects/ankommen-test/messages:send",
        "Bearer token-1",
        "projects/ankommen-test/messages/4711",
    )


def test_refused_push_is_recorded_on_the_news(settings, provider_server, news):
    url, _received = provider_server
    settings.CRISIS_PUSH_PROVIDER = "fcm"
    settings.CRISIS_PUSH_URL = url
    settings.CRISIS_PUSH_FCM_PROJECT = "ankommen-test"
    settings.CRISIS_PUSH_TOKEN = "wrong"
    services.news_publish(news=news)
    news.refresh_from_db()
    assert "401" in news.push_error and news.pushed_at is None


def test_unreachable_provider_does_not_stop_publishing(settings, news):
    settings.CRISIS_PUSH_PROVIDER = "webhook"
    settings.CRISIS_PUSH_URL = "http://127.0.0.1:9/"
    settings.CRISIS_PUSH_TOKEN = "secret"
    services.news_publish(news=news)
    news.refresh_from_db()
    assert news.status == NewsItem.Status.PUBLISHED and news.push_error


def test_webhook_is_signed_with_the_shared_secret(provider_server):
    url, received = provider_server
    push.WebhookProvider(url=url, secret="s3cret").send(
        push.PushMessage(topic="t", title="T", body="B", data={})
    )
    _path, headers, body = received.requests[0]
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Ankommen-Signature"] == f"sha256={expected}"


# --- Crisis pages --------------------------------------------------------------------------


def test_ki_publishes_a_crisis_page_from_the_template(client_for, cast, public_region):
    client_for(cast.ki_coordinator).post(
        reverse("crisis_staff:crisis_page", args=[cast.region.slug]),
        {
            "origin": "der Ukraine",
            "first_stop": "Rathaus Verl, Bürgerbüro",
            "contact_points": "Begegnungsstätte Grenzenlos, 9–16 Uhr\nAWO Verl, 10–14 Uhr",
            "publish": "on",
        },
    )
    page = Page.objects.get(slug="ankunft-aus-der-ukraine")
    assert page.status == Page.Status.PUBLISHED and "Grenzenlos" in page.translations.get().body


def test_crisis_page_address_taken_is_refused(client_for, cast, public_region):
    data = {"origin": "der Ukraine", "first_stop": "Rathaus", "contact_points": "AWO"}
    client = client_for(cast.ki_coordinator)
    client.post(reverse("crisis_staff:crisis_page", args=[cast.region.slug]), data)
    response = client.post(reverse("crisis_staff:crisis_page", args=[cast.region.slug]), data)
    assert response.status_code == 400


def test_officer_may_not_create_crisis_pages(client_for, cast, public_region):
    response = client_for(cast.officer_verl).get(
        reverse("crisis_staff:crisis_page", args=[cast.region.slug])
    )
    assert response.status_code == 403
