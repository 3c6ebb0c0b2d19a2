"""The networks' pages in headless Chromium: a council's public page in Arabic on a 390 px
phone and the KI's meeting page, both without serious axe-core violations."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.core.tests.factories import LanguageFactory
from ankommen.devtools.testing.axe import axe_violations, describe
from ankommen.devtools.testing.browser import sign_in
from ankommen.networks.models import Body, Decision, Meeting, Membership, Minutes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def council(cast, public_region):
    arabic = LanguageFactory(
        code="ar", native_name="العربية", name_de="Arabisch", name_en="Arabic", direction="rtl"
    )
    public_region.languages.add(arabic)
    body = Body.objects.create(
        region=cast.region,
        slug="integrationsrat-verl",
        name="Integrationsrat der Stadt Verl",
        kind="council",
        level="town",
        area=cast.verl,
        is_public=True,
        description="Gewählte Vertretung der Eingewanderten in Verl.",
    )
    Membership.objects.create(body=body, user=cast.ki_coordinator, role="chair")
    Membership.objects.create(body=body, organisation=cast.verl_organisation)
    past = Meeting.objects.create(
        body=body,
        title="Öffentliche Sitzung",
        is_public=True,
        agenda="Bericht\nAnträge",
        starts_at=timezone.now() - dt.timedelta(days=20),
    )
    Minutes.objects.create(meeting=past, text="Öffentliches Protokoll", is_internal=False)
    Decision.objects.create(body=body, meeting=past, text="Ein Infostand.", is_public=True)
    Meeting.objects.create(
        body=body,
        title="Nächste Sitzung",
        is_public=True,
        starts_at=timezone.now() + dt.timedelta(days=20),
    )
    return body


def test_the_councils_arabic_page_is_accessible_on_a_phone(chromium, live_server, cast, council):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(reverse("networks:body", args=[cast.region.slug, "ar", council.slug]))
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    violations = axe_violations(tab)
    direction = tab.evaluate("document.documentElement.dir")
    context.close()
    assert (violations, overflow, direction) == ([], 0, "rtl"), describe(violations)


def test_the_meeting_page_has_no_serious_violation(page, live_server, cast, council):
    sign_in(page, live_server, cast.ki_coordinator)
    meeting = council.meetings.get(title="Nächste Sitzung")
    page.goto(reverse("networks_staff:meeting", args=[cast.region.slug, meeting.pk]))
    violations = axe_violations(page)
    assert violations == [], describe(violations)
