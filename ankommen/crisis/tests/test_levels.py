"""Switching a region's level: the KI only, with a reason, one at a time; the checklist goes
to its owners."""

import pytest
from django.core import mail
from django.urls import reverse

from ankommen.crisis import services
from ankommen.crisis.models import Assignment, LevelSwitch

pytestmark = pytest.mark.django_db


def switch_url(cast):
    return reverse("crisis_staff:switch", args=[cast.region.slug])


def post_switch(client, cast, level, *, reason="Mehr Ankünfte", exercise=True, version=None):
    if version is None:
        version = services.region_level(cast.region).version
    data = {"level": level.pk, "reason": reason, "expected_version": version}
    if exercise:
        data["exercise"] = "on"
    return client.post(switch_url(cast), data)


def test_ki_switching_in_exercise_mode_assigns_the_checklist(
    client_for, cast, levels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_switch(client_for(cast.ki_coordinator), cast, levels["heightened"])
    owners = set(Assignment.objects.values_list("owner__username", flat=True))
    assert owners == {"vera", "katrin"}


def test_owners_get_their_checklist_items_by_mail(
    client_for, cast, levels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_switch(client_for(cast.ki_coordinator), cast, levels["heightened"])
    vera = next(m for m in mail.outbox if m.to == ["vera@example.org"])
    assert "Übung" in vera.subject and "Zusätzliche Beratungsstunden öffnen" in vera.body


def test_exercise_switch_is_marked_as_exercise(client_for, cast, levels):
    post_switch(client_for(cast.ki_coordinator), cast, levels["heightened"])
    assert LevelSwitch.objects.get().exercise is True


def test_verl_officer_sees_her_item_on_her_home_page(client_for, cast, levels):
    post_switch(client_for(cast.ki_coordinator), cast, levels["heightened"])
    response = client_for(cast.officer_verl).get(reverse("accounts:home", args=[cast.region.slug]))
    assert "1 open crisis measure" in response.content.decode() or (
        "offene Krisenmaßnahme" in response.content.decode()
    )


def test_switch_without_reason_is_refused(client_for, cast, levels):
    response = post_switch(client_for(cast.ki_coordinator), cast, levels["heightened"], reason=" ")
    assert response.status_code == 400 and not LevelSwitch.objects.exists()


def test_second_switch_from_the_same_page_is_refused(client_for, cast, levels):
    client = client_for(cast.ki_coordinator)
    version = services.region_level(cast.region).version
    post_switch(client, cast, levels["heightened"], version=version)
    response = post_switch(client, cast, levels["crisis"], version=version)
    messages = [str(m) for m in response.wsgi_request._messages]
    # The staff interface speaks German unless the person chose otherwise.
    assert LevelSwitch.objects.count() == 1 and any(
        "Jemand anderes hat die Stufe" in m for m in messages
    )


def test_officer_may_not_switch(client_for, cast, levels):
    response = post_switch(client_for(cast.officer_verl), cast, levels["heightened"])
    assert response.status_code == 403


def test_other_regions_coordinator_gets_404(client_for, cast, levels):
    response = post_switch(client_for(cast.other_coordinator), cast, levels["heightened"])
    assert response.status_code == 404


def test_switch_by_get_is_405(client_for, cast, levels):
    assert client_for(cast.ki_coordinator).get(switch_url(cast)).status_code == 405


def test_anonymous_visitor_is_sent_to_sign_in(client, cast, levels):
    response = client.get(reverse("crisis_staff:index", args=[cast.region.slug]))
    assert response.status_code == 302 and "anmelden" in response["Location"]


def test_owner_ticks_off_her_item(client_for, cast, levels):
    post_switch(client_for(cast.ki_coordinator), cast, levels["heightened"])
    item = Assignment.objects.get(owner=cast.officer_verl)
    client_for(cast.officer_verl).post(
        reverse("crisis_staff:tick", args=[cast.region.slug, item.pk]), {"done": "on"}
    )
    item.refresh_from_db()
    assert item.done_at is not None


def test_officer_cannot_tick_off_the_kis_item(client_for, cast, levels):
    post_switch(client_for(cast.ki_coordinator), cast, levels["heightened"])
    item = Assignment.objects.get(owner=cast.ki_coordinator)
    response = client_for(cast.officer_verl).post(
        reverse("crisis_staff:tick", args=[cast.region.slug, item.pk]), {"done": "on"}
    )
    assert response.status_code == 404


def test_history_is_for_the_ki_only(client_for, cast, levels):
    response = client_for(cast.officer_verl).get(
        reverse("crisis_staff:history", args=[cast.region.slug])
    )
    assert response.status_code == 403


def test_ki_keeps_the_checklist_in_the_back_office(client_for, cast, levels):
    response = client_for(cast.ki_coordinator).get(
        reverse("admin:crisis_level_change", args=[levels["heightened"].pk])
    )
    assert response.status_code == 200


def test_officer_cannot_open_the_levels_in_the_back_office(client_for, cast, levels):
    response = client_for(cast.officer_verl).get(reverse("admin:crisis_level_changelist"))
    assert response.status_code == 403
