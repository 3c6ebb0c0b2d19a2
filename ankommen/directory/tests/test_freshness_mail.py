"""The freshness reminder goes through the outbox and links to the back office at the
site's public address."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from ankommen.directory.freshness import send_reminders
from ankommen.directory.tests.factories import OfferFactory
from ankommen.outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_offer(cast):
    cast.caritas_editor.email = "carla@example.org"
    cast.caritas_editor.save()
    return OfferFactory(
        organisation=cast.kreis_organisation,
        last_confirmed=timezone.localdate() - dt.timedelta(days=200),
    )


def test_the_reminder_links_to_the_back_office_at_the_public_host(
    stale_offer, settings, django_capture_on_commit_callbacks
):
    settings.ANKOMMEN_BASE_URL = "https://ankommen.kreis-guetersloh.de"
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    assert "https://ankommen.kreis-guetersloh.de/admin/directory/offer/" in mail.outbox[0].body


def test_the_reminder_is_queued_with_the_mark_that_it_was_sent(stale_offer):
    send_reminders()
    stale_offer.refresh_from_db()
    assert stale_offer.reminder_sent == timezone.localdate()
    assert OutgoingMail.objects.get().recipients == ["carla@example.org"]
