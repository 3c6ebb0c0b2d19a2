"""Public comments on a consultation: stored once, waiting for the KI's moderation, shown
with their language once approved; only the region's KI moderates."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ankommen.participation.models import Comment

pytestmark = pytest.mark.django_db


def page(consultation, code="ro"):
    return reverse(
        "participation:consultation", args=[consultation.region.slug, code, consultation.slug]
    )


def post_comment(client, consultation, *, key="0b5e3f62-3d4e-4f43-9a3f-6d1c2b7e9a10", **data):
    recommendation = consultation.recommendations.get()
    return client.post(
        page(consultation),
        {
            "recommendation": recommendation.pk,
            "name": "Ioana",
            "text": "Aș vrea să ajut ca voluntară.",
            "submission_key": key,
            **data,
        },
    )


def test_a_romanian_comment_waits_for_moderation(consultation):
    post_comment(Client(), consultation)
    comment = Comment.objects.get()
    assert (comment.status, comment.language.code) == (Comment.Status.PENDING, "ro")


def test_a_waiting_comment_is_not_shown(consultation):
    post_comment(Client(), consultation)
    response = Client().get(page(consultation))
    assert "Aș vrea să ajut" not in response.content.decode()


def test_a_comment_sent_twice_is_stored_once(consultation):
    client = Client()
    post_comment(client, consultation)
    post_comment(client, consultation)
    assert Comment.objects.count() == 1


def test_a_comment_without_text_is_refused(consultation):
    response = post_comment(Client(), consultation, text="")
    assert (response.status_code, Comment.objects.count()) == (400, 0)


def test_comments_are_rate_limited(consultation, settings):
    settings.PARTICIPATION_RATE_LIMIT_PER_MINUTE = 1
    client = Client()
    post_comment(client, consultation)
    response = post_comment(client, consultation, key="7c9e6679-7425-40de-944b-e07fc1f90ae7")
    assert response.status_code == 429


def test_a_comment_stores_no_address_or_user(consultation, cast):
    names = {field.name for field in Comment._meta.get_fields()}
    assert not names & {"user", "ip", "address", "author", "ip_address"}


def test_the_romanian_comment_appears_after_moderation_marked_as_romanian(
    consultation, cast, client_for
):
    post_comment(Client(), consultation)
    comment = Comment.objects.get()
    client_for(cast.ki_coordinator).post(
        reverse("participation_staff:approve", args=[cast.region.slug, comment.pk])
    )
    html = Client().get(page(consultation, "de")).content.decode()
    assert 'lang="ro" dir="ltr"' in html and "Aș vrea să ajut" in html


def test_a_rejected_comment_keeps_its_reason_and_stays_hidden(consultation, cast, client_for):
    post_comment(Client(), consultation)
    comment = Comment.objects.get()
    client_for(cast.ki_coordinator).post(
        reverse("participation_staff:reject", args=[cast.region.slug, comment.pk]),
        {"reason": "Werbung"},
    )
    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason) == (Comment.Status.REJECTED, "Werbung")


def test_rejecting_without_a_reason_changes_nothing(consultation, cast, client_for):
    post_comment(Client(), consultation)
    comment = Comment.objects.get()
    client_for(cast.ki_coordinator).post(
        reverse("participation_staff:reject", args=[cast.region.slug, comment.pk]),
        {"reason": ""},
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_town_officer_may_not_approve(consultation, cast, client_for):
    post_comment(Client(), consultation)
    comment = Comment.objects.get()
    response = client_for(cast.officer_verl).post(
        reverse("participation_staff:approve", args=[cast.region.slug, comment.pk])
    )
    comment.refresh_from_db()
    assert response.status_code in (403, 404) and comment.status == Comment.Status.PENDING


def test_the_coordinator_of_another_region_gets_404(consultation, cast, client_for):
    post_comment(Client(), consultation)
    comment = Comment.objects.get()
    response = client_for(cast.other_coordinator).post(
        reverse("participation_staff:approve", args=[cast.region.slug, comment.pk])
    )
    assert response.status_code == 404


def test_the_moderation_queue_asks_an_anonymous_visitor_to_sign_in(consultation, cast):
    response = Client().get(reverse("participation_staff:moderation", args=[cast.region.slug]))
    assert response.status_code == 302 and "anmelden" in response["Location"]


def test_the_moderation_queue_is_refused_to_an_organisation_editor(consultation, cast, client_for):
    response = client_for(cast.caritas_editor).get(
        reverse("participation_staff:moderation", args=[cast.region.slug])
    )
    assert response.status_code == 404


def test_approving_by_get_is_not_allowed(consultation, cast, client_for):
    post_comment(Client(), consultation)
    comment = Comment.objects.get()
    response = client_for(cast.ki_coordinator).get(
        reverse("participation_staff:approve", args=[cast.region.slug, comment.pk])
    )
    assert response.status_code == 405


def test_the_coordinator_sees_the_waiting_comment_in_her_queue(consultation, cast, client_for):
    post_comment(Client(), consultation)
    with translation.override("de"):
        response = client_for(cast.ki_coordinator).get(
            reverse("participation_staff:moderation", args=[cast.region.slug])
        )
    assert "Aș vrea să ajut" in response.content.decode()


def test_a_closed_consultation_takes_no_comment(consultation):
    consultation.closes_on = consultation.opens_on
    consultation.save()
    response = post_comment(Client(), consultation)
    assert (response.status_code, Comment.objects.count()) == (410, 0)
