"""Jobs through a real `ankommen worker` on the real Redis: a whole language translated by
machine with its progress recorded, an import killed half-way that runs again and leaves
exactly one import, a malformed file that fails with its line and writes nothing, a job
that fails, is retried and is shown to staff, mail of the outbox sent by the worker."""

from __future__ import annotations

import io
import os
import signal
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from ankommen.core.loader import load_platform
from ankommen.core.models import Language
from ankommen.core.tests.factories import LanguageFactory
from ankommen.directory.models import Offer
from ankommen.jobs import dispatch
from ankommen.jobs.models import Job, JobStatus
from ankommen.jobs.tests.conftest import wait_for
from ankommen.portal.demo import load_demo_pages
from ankommen.portal.jobs import outdated_count

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker")]

HEADER = (
    "key,organization_key,name,description,kind,service_area_keys,language_codes,"
    "location_name,address_1,postal_code,city,latitude,longitude\n"
)


@pytest.fixture
def portal(cast):
    load_platform()
    region = cast.region
    region.languages.set(Language.objects.all())
    region.default_language = Language.objects.get(code="de")
    region.save()
    load_demo_pages(stdout=io.StringIO(), region=region)
    return region


def _start_ukrainian(client_for, cast):
    response = client_for(cast.ki_coordinator).post(
        reverse("portal_staff:content_machine_language", args=[cast.region.slug, "uk"])
    )
    assert response.status_code == 302
    return Job.objects.get(kind="portal.translate_language")


def test_a_coordinator_translates_a_whole_language_and_sees_it_done(
    portal, cast, client_for, translation
):
    before = outdated_count(cast.ki_coordinator, portal, Language.objects.get(code="uk"))
    job = wait_for(_start_ukrainian(client_for, cast), JobStatus.SUCCEEDED)
    assert (job.done, job.total) == (before, before)
    assert before > 0
    assert outdated_count(cast.ki_coordinator, portal, Language.objects.get(code="uk")) == 0


def test_the_job_page_follows_the_progress(portal, cast, client_for, translation):
    translation.delay = 0.3  # each text takes a moment, as a real service does
    job = _start_ukrainian(client_for, cast)
    client = client_for(cast.ki_coordinator)
    status_url = reverse("jobs_staff:status", args=[cast.region.slug, job.pk])
    seen = set()
    while not (answer := client.get(status_url).json())["finished"]:
        seen.add(answer["done"])
    assert len(seen) > 2  # the count moved while the job ran
    page = client.get(reverse("jobs_staff:detail", args=[cast.region.slug, job.pk]))
    assert "100" in page.content.decode()


def test_a_translation_service_that_is_down_fails_retries_and_shows_the_failure(
    portal, cast, client_for, translation
):
    translation.mode = "down"
    job = wait_for(_start_ukrainian(client_for, cast), JobStatus.FAILED)
    assert job.attempts == job.max_attempts == 3
    listing = client_for(cast.ki_coordinator).get(
        reverse("jobs_staff:list", args=["kreis-guetersloh"])
    )
    assert str(job.error)[:40] in listing.content.decode()


def test_a_failed_job_tried_again_by_the_coordinator_succeeds(
    portal, cast, client_for, translation
):
    translation.mode = "down"
    job = wait_for(_start_ukrainian(client_for, cast), JobStatus.FAILED)
    translation.mode = "ok"
    client_for(cast.ki_coordinator).post(
        reverse("jobs_staff:retry", args=[cast.region.slug, job.pk])
    )
    job = wait_for(job, JobStatus.SUCCEEDED)
    assert job.attempts == 4


@pytest.fixture
def caritas(cast):
    LanguageFactory(code="de")
    cast.kreis_organisation.key = "caritas"
    cast.kreis_organisation.save()
    return cast.kreis_organisation


def _offers_csv(count: int) -> str:
    rows = [
        f"kurs-{n},caritas,Deutschkurs {n},Am Abend,counselling,05754044,de,Haus,Weg {n},33415,"
        "Verl,51.88,8.5\n"
        for n in range(count)
    ]
    return HEADER + "".join(rows)


MALFORMED = _offers_csv(3) + 'kurs-x,caritas,"Kurs am Abend\n'


@translation.override("en")
def test_a_malformed_file_fails_with_its_line_and_writes_nothing(cast, caritas):
    job = dispatch.start(
        "directory.import_offers_csv", region=cast.region, file_name="angebote.csv", text=MALFORMED
    )
    job = wait_for(job, JobStatus.FAILED)
    assert job.error.startswith("angebote.csv: line 5")
    assert job.attempts == 1
    assert not Offer.objects.exists()


@translation.override("en")
def test_the_failed_import_says_what_the_command_says(cast, caritas, tmp_path):
    job = dispatch.start(
        "directory.import_offers_csv", region=cast.region, file_name="angebote.csv", text=MALFORMED
    )
    (tmp_path / "angebote.csv").write_text(MALFORMED)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_offers_csv", tmp_path / "angebote.csv", region=cast.region.slug, stdout=out
        )
    named_line = wait_for(job, JobStatus.FAILED).error.splitlines()[0]
    assert out.getvalue().splitlines() == [f"{tmp_path}/{named_line}"]


@translation.override("en")
def test_a_good_import_shows_its_result(cast, caritas, client_for):
    job = dispatch.start(
        "directory.import_offers_csv",
        region=cast.region,
        started_by=cast.ki_coordinator,
        file_name="angebote.csv",
        text=_offers_csv(3),
    )
    job = wait_for(job, JobStatus.SUCCEEDED)
    page = client_for(cast.ki_coordinator).get(
        reverse("jobs_staff:detail", args=[cast.region.slug, job.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "3 offers created, 0 updated" in page.content.decode()


def test_a_worker_killed_during_an_import_leaves_exactly_one_import(cast, caritas, worker):
    job = dispatch.start(
        "directory.import_offers_csv",
        region=cast.region,
        file_name="angebote.csv",
        text=_offers_csv(200),
    )
    job = wait_for(job, JobStatus.RUNNING)
    os.kill(int(job.worker.rpartition(":")[2]), signal.SIGKILL)
    job = wait_for(job, JobStatus.SUCCEEDED, seconds=240)
    assert (job.attempts, Offer.objects.count()) == (2, 200)


def test_the_worker_sends_the_mail_of_the_outbox(settings, mail_server):
    from django.db import transaction

    from ankommen.outbox.mail import queue_mail
    from ankommen.outbox.models import OutgoingMail

    settings.ANKOMMEN_OUTBOX_IN_WORKER = True
    with transaction.atomic():
        mail = queue_mail("Termin morgen", "Guten Tag", None, ["lotsin@example.org"])
    for _ in range(300):
        mail.refresh_from_db()
        if mail.sent_at:
            break
        time.sleep(0.1)
    assert mail.sent_at is not None and mail.attempts == 1
    assert "Termin morgen" in [m["Subject"] for m in mail_server.messages]
    assert OutgoingMail.objects.count() == 1
