"""DeepL and LibreTranslate against real HTTP servers on 127.0.0.1 that speak each
provider's protocol: the request we send, the answers we accept, and the errors (quota,
timeout, bad language, incomplete answers) that leave the stored translation untouched."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ankommen.core.models import Language
from ankommen.portal.machine import (
    DeepL,
    LibreTranslate,
    MachineTranslationError,
    NotConfigured,
    ProviderTimeout,
    QuotaExceeded,
    UnsupportedLanguage,
    configured_provider,
    translate_page,
)
from ankommen.portal.models import Page, PageTranslation, TranslationState

pytestmark = pytest.mark.django_db


def _polish(portal):
    page = Page.objects.get(region=portal, slug="wohnen")
    language = Language.objects.get(code="pl")
    return page, language, PageTranslation.objects.get(page=page, language=language)


def test_settings_choose_the_provider(provider_server):
    provider = configured_provider()
    assert isinstance(provider, DeepL if provider_server.kind == "deepl" else LibreTranslate)


def test_without_settings_there_is_no_provider(settings):
    settings.PORTAL_MACHINE_TRANSLATION = {"provider": "", "url": ""}
    assert configured_provider() is None


def test_translating_saves_a_machine_translation_to_be_reviewed(portal, provider_server):
    page, language, before = _polish(portal)
    translate_page(page, language, expected_version=before.version)
    after = PageTranslation.objects.get(pk=before.pk)
    assert after.title.startswith("[")
    assert "Wohnungen" in after.body
    assert after.state() == TranslationState.MACHINE
    assert after.revisions.count() == 2


def test_the_request_follows_the_provider_protocol(portal, provider_server):
    page, language, before = _polish(portal)
    translate_page(page, language, expected_version=before.version)
    request = provider_server.requests[-1]
    if provider_server.kind == "deepl":
        assert request["path"] == "/v2/translate"
        assert request["headers"]["Authorization"] == "DeepL-Auth-Key test-key"
        assert request["body"]["source_lang"] == "DE"
        assert request["body"]["target_lang"] == "PL"
        assert request["body"]["tag_handling"] == "html"
        assert request["body"]["text"][0] == "Wohnen"
    else:
        assert request["path"] == "/translate"
        assert request["body"]["api_key"] == "test-key"
        assert (request["body"]["source"], request["body"]["target"]) == ("de", "pl")
        assert request["body"]["format"] == "html"
        assert request["body"]["q"][0] == "Wohnen"


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("quota", QuotaExceeded),
        ("slow", ProviderTimeout),
        ("bad_language", UnsupportedLanguage),
        ("short", MachineTranslationError),
        ("garbage", MachineTranslationError),
    ],
)
def test_errors_leave_the_translation_untouched(portal, provider_server, mode, error):
    provider_server.mode = mode
    page, language, before = _polish(portal)
    with pytest.raises(error):
        translate_page(page, language, expected_version=before.version)
    after = PageTranslation.objects.get(pk=before.pk)
    assert (after.title, after.body, after.version) == (before.title, before.body, before.version)
    assert not after.machine_translated
    assert after.revisions.count() == 1


def test_a_language_variant_is_not_sent_to_deepl():
    with pytest.raises(UnsupportedLanguage):
        DeepL(url="http://127.0.0.1:9").translate(["x"], source="de", target="de-x-ls")


def test_an_unreachable_server_is_reported():
    with pytest.raises(MachineTranslationError):
        LibreTranslate(url="http://127.0.0.1:9", timeout=1).translate(
            ["x"], source="de", target="en"
        )


def test_translating_without_a_provider_is_refused(portal, settings):
    settings.PORTAL_MACHINE_TRANSLATION = {"provider": "", "url": ""}
    page, language, before = _polish(portal)
    with pytest.raises(NotConfigured):
        translate_page(page, language, expected_version=before.version)


def test_the_staff_button_translates_and_reports_errors(portal, provider_server, cast, client_for):
    page, _language, before = _polish(portal)
    client = client_for(cast.ki_coordinator)
    url = f"/kreis-guetersloh/intern/portal/seite/{page.pk}/pl/maschinell/"
    provider_server.mode = "quota"
    response = client.post(url, {"expected_version": before.version}, follow=True)
    assert "quota" in response.content.decode().lower() or "Kontingent" in (
        response.content.decode()
    )
    assert PageTranslation.objects.get(pk=before.pk).version == before.version
    provider_server.mode = "ok"
    client.post(url, {"expected_version": before.version})
    assert PageTranslation.objects.get(pk=before.pk).machine_translated


def test_the_link_check_reports_broken_external_links_on_the_board(portal, cast, client_for):
    from io import StringIO

    from django.core.management import call_command

    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200 if self.path == "/ok" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        PageTranslation.objects.filter(page__region=portal).update(body="<p>x</p>")
        row = PageTranslation.objects.get(page__slug="wohnen", language__code="en")
        row.body = f'<p><a href="{base}/ok">a</a> <a href="{base}/gone">b</a></p>'
        row.save()
        out = StringIO()
        call_command("check_portal_links", "kreis-guetersloh", "--timeout", "2", stdout=out)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "1 broken link(s)" in out.getvalue()
    html = client_for(cast.ki_coordinator).get("/kreis-guetersloh/intern/portal/en/")
    broken = html.content.decode().split("portal-broken")[1]
    assert f"{base}/gone" in broken and f"{base}/ok<" not in broken
