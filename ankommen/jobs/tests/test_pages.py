"""The job pages: who sees which job, the forbidden paths, and a queue that cannot be
reached (a clear message, no server error, the mail kept for later)."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.urls import reverse

from ankommen.core.loader import load_platform
from ankommen.core.models import Language
from ankommen.jobs import dispatch, engine
from ankommen.jobs.models import Job, JobStatus
from ankommen.jobs.periodic import forget_old_jobs
from ankommen.outbox.mail import queue_mail
from ankommen.outbox.models import OutgoingMail
from ankommen.portal.demo import load_demo_pages

pytestmark = pytest.mark.django_db


def _job(cast, **fields):
    values = {"kind": "portal.translate_language", "region": cast.region}
    values.update(fields)
    return Job.objects.create(**values)


def _detail(region, job):
    return reverse("jobs_staff:detail", args=[region.slug, job.pk])


def test_the_coordinator_sees_the_failed_jobs_of_her_region(cast, client_for):
    _job(cast, status=JobStatus.FAILED, error="Der Übersetzungsdienst antwortet nicht.")
    page = client_for(cast.ki_coordinator).get(
        reverse("jobs_staff:list", args=["kreis-guetersloh"])
    )
    assert "Der Übersetzungsdienst antwortet nicht." in page.content.decode()


def test_an_officer_may_not_see_the_list_of_jobs(cast, client_for):
    page = client_for(cast.officer_verl).get(reverse("jobs_staff:list", args=["kreis-guetersloh"]))
    assert page.status_code == 403


def test_the_coordinator_of_another_region_finds_no_list(cast, client_for):
    page = client_for(cast.other_coordinator).get(
        reverse("jobs_staff:list", args=["kreis-guetersloh"])
    )
    assert page.status_code == 404


def test_an_officer_sees_the_job_she_started(cast, client_for):
    job = _job(cast, started_by=cast.officer_verl)
    assert client_for(cast.officer_verl).get(_detail(cast.region, job)).status_code == 200


def test_an_officer_does_not_see_a_job_somebody_else_started(cast, client_for):
    job = _job(cast, started_by=cast.ki_coordinator)
    assert client_for(cast.officer_verl).get(_detail(cast.region, job)).status_code == 404


def test_a_job_of_another_region_is_not_found_through_this_one(cast, client_for):
    job = _job(cast, region=cast.other_region, started_by=cast.other_coordinator)
    page = client_for(cast.other_coordinator).get(_detail(cast.region, job))
    assert page.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(cast, client):
    job = _job(cast)
    assert client.get(_detail(cast.region, job)).status_code == 302


def test_retrying_answers_405_to_get(cast, client_for):
    job = _job(cast, status=JobStatus.FAILED)
    url = reverse("jobs_staff:retry", args=[cast.region.slug, job.pk])
    assert client_for(cast.ki_coordinator).get(url).status_code == 405


def test_an_officer_may_not_retry_her_failed_job(cast, client_for):
    job = _job(cast, status=JobStatus.FAILED, started_by=cast.officer_verl)
    url = reverse("jobs_staff:retry", args=[cast.region.slug, job.pk])
    assert client_for(cast.officer_verl).post(url).status_code == 403


def test_the_progress_page_refreshes_itself_without_script(cast, client_for):
    job = _job(cast, status=JobStatus.RUNNING, done=3, total=12, started_by=cast.ki_coordinator)
    page = client_for(cast.ki_coordinator).get(_detail(cast.region, job)).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert 'value="25"' in page


def test_the_status_answer_reports_progress(cast, client_for):
    job = _job(cast, status=JobStatus.RUNNING, done=3, total=12, started_by=cast.ki_coordinator)
    answer = client_for(cast.ki_coordinator).get(
        reverse("jobs_staff:status", args=[cast.region.slug, job.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.json() == {
        "status": "running",
        "status_label": "running",
        "done": 3,
        "total": 12,
        "percent": 25,
        "finished": False,
    }


@pytest.fixture
def broker_down(settings):
    """The broker on a port where nothing listens."""
    from ankommen.devtools.testing.smtp import free_port

    original = settings.ANKOMMEN_BROKER_URL, settings.ANKOMMEN_BROKER_TIMEOUT
    settings.ANKOMMEN_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.ANKOMMEN_BROKER_TIMEOUT = 1
    engine.reset_connections()
    engine.configure()
    dispatch._failed_at = None
    yield
    # The Celery app keeps its configuration: give it the real broker again, or the next
    # test in this process (the readiness endpoint's, for one) meets the dead port.
    settings.ANKOMMEN_BROKER_URL, settings.ANKOMMEN_BROKER_TIMEOUT = original
    engine.reset_connections()
    engine.configure()
    dispatch._failed_at = None


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_who_starts_a_translation_without_a_queue_is_told_so(
    cast, client_for, broker_down, settings
):
    load_platform()
    cast.region.languages.set(Language.objects.all())
    load_demo_pages(stdout=io.StringIO(), region=cast.region)
    settings.PORTAL_MACHINE_TRANSLATION = {
        "provider": "libretranslate",
        "url": "http://127.0.0.1:9",
        "api_key": "",
        "timeout": 1,
    }
    response = client_for(cast.ki_coordinator).post(
        reverse("portal_staff:content_machine_language", args=[cast.region.slug, "uk"]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The job queue cannot be reached just now" in response.content.decode()
    assert not Job.objects.exists()


def test_the_readiness_check_fails_without_a_queue(broker_down):
    from django.apps import apps

    from ankommen.core.health import NotReady

    [(name, check)] = apps.get_app_config("jobs").readiness_checks().items()
    assert name == "queue"
    with pytest.raises(NotReady):
        check()


@pytest.mark.django_db(transaction=True)
def test_mail_is_kept_for_later_without_a_queue(broker_down, settings):
    settings.ANKOMMEN_OUTBOX_IN_WORKER = True
    with transaction.atomic():
        mail = queue_mail("Termin", "Guten Tag", None, ["lotsin@example.org"])
    mail.refresh_from_db()
    assert (mail.attempts, mail.sent_at) == (0, None)
    assert OutgoingMail.objects.filter(next_attempt_at__isnull=False).count() == 1


def test_old_finished_jobs_are_forgotten(cast):
    import datetime as dt

    from django.utils import timezone

    old = _job(cast, status=JobStatus.SUCCEEDED, finished_at=timezone.now() - dt.timedelta(days=91))
    recent = _job(cast, status=JobStatus.FAILED, finished_at=timezone.now())
    forget_old_jobs()
    assert list(Job.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk
