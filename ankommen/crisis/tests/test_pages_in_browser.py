"""The crisis banner and the news page on the Arabic portal in headless Chromium at 390 px:
no serious accessibility violation, nothing wider than the phone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.core.tests.factories import LanguageFactory
from ankommen.crisis import services
from ankommen.crisis.models import Level, NewsItem
from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.devtools.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_390(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url,
        locale="ar",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def crisis_news(arabic_region, cast):
    crisis = Level.objects.create(region=cast.region, rank=Level.Kind.CRISIS, name="Krisenbetrieb")
    item = NewsItem.objects.create(region=cast.region, banner=True)
    services.news_save_text(
        news=item,
        language=LanguageFactory(code="de"),
        title="Erste Anlaufstellen",
        body="Das Bürgerbüro ist heute bis 18 Uhr geöffnet.",
    )
    services.news_save_text(
        news=item,
        language=LanguageFactory(code="ar"),
        title="أول نقاط الاتصال",
        body="مكتب المواطنين مفتوح اليوم حتى الساعة 6 مساءً.",
    )
    services.news_publish(news=item)
    services.level_switch(
        region=cast.region,
        level=crisis,
        exercise=False,
        reason="Lage",
        by=cast.ki_coordinator,
        expected_version=services.region_level(cast.region).version,
    )
    return item


@pytest.mark.parametrize("name", ["crisis:news", "crisis:news_item"])
def test_arabic_news_with_banner_has_no_serious_violation(phone_390, crisis_news, name):
    args = [crisis_news.region.slug, "ar"] + ([crisis_news.pk] if name.endswith("item") else [])
    phone_390.goto(reverse(name, args=args))
    assert phone_390.locator(".crisis-banner").is_visible()
    violations = axe_violations(phone_390)
    assert violations == [], describe(violations)


def test_arabic_news_page_fits_the_phone(phone_390, crisis_news):
    phone_390.goto(
        reverse("crisis:news_item", args=[crisis_news.region.slug, "ar", crisis_news.pk])
    )
    overflow = phone_390.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_verl_reports_on_her_phone(phone_390, live_server, cast, levels):
    sign_in(phone_390, live_server, cast.officer_verl)
    phone_390.goto(reverse("crisis_staff:report", args=[cast.region.slug]))
    phone_390.fill("#id_arrivals", "23")
    phone_390.fill("#id_occupancy", "0")
    phone_390.click("main form.crisis-form button")
    phone_390.wait_for_load_state()
    from ankommen.crisis.models import DailyReport

    assert DailyReport.objects.get(area=cast.verl, day=timezone.localdate()).arrivals == 23
