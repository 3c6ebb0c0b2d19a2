"""Moving a sub-step's due date with a reason: the step stops being overdue, the reason is
kept in its history, and only those who may update the step move it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.actionplan.models import ChangeEntry, Light

pytestmark = pytest.mark.django_db


def reschedule_url(step):
    return reverse("actionplan_staff:step_reschedule", args=[step.region.slug, step.pk])


def move(step, *, days=30, reason="Der Raum ist erst im Herbst frei."):
    return {
        "reschedule-due_date": (timezone.localdate() + timedelta(days=days)).isoformat(),
        "reschedule-reason": reason,
        "reschedule-expected_version": step.version,
    }


def test_ki_moves_an_overdue_step_and_it_is_no_longer_overdue(cast, plan, client_for):
    step = plan.versmold_step
    response = client_for(cast.ki_coordinator).post(reschedule_url(step), move(step))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.light() != Light.OVERDUE


def test_the_new_date_and_its_reason_are_in_the_history(cast, plan, client_for):
    step = plan.versmold_step
    old = step.due_date
    client_for(cast.ki_coordinator).post(reschedule_url(step), move(step, days=30))
    entry = ChangeEntry.objects.get(sub_step=step, field="due_date")
    assert (entry.old_value, entry.new_value, entry.reason) == (
        old.isoformat(),
        (timezone.localdate() + timedelta(days=30)).isoformat(),
        "Der Raum ist erst im Herbst frei.",
    )


def test_the_history_shows_the_reason_on_the_steps_page(cast, plan, client_for):
    step = plan.versmold_step
    client = client_for(cast.ki_coordinator)
    client.post(reschedule_url(step), move(step))
    page = client.get(reverse("actionplan_staff:step", args=[step.region.slug, step.pk]))
    assert "Der Raum ist erst im Herbst frei." in page.content.decode()


def test_moving_without_a_reason_is_refused_and_changes_nothing(cast, plan, client_for):
    step = plan.versmold_step
    old = step.due_date
    response = client_for(cast.ki_coordinator).post(reschedule_url(step), move(step, reason=" "))
    assert response.status_code == 400
    assert response.context["reschedule_form"].has_error("reason", "required")
    step.refresh_from_db()
    assert step.due_date == old


def test_a_new_date_in_the_past_is_refused(cast, plan, client_for):
    step = plan.verl_step
    old = step.due_date
    response = client_for(cast.ki_coordinator).post(reschedule_url(step), move(step, days=-3))
    assert response.status_code == 400
    step.refresh_from_db()
    assert step.due_date == old


def test_the_same_date_again_is_refused(cast, plan, client_for):
    step = plan.verl_step
    response = client_for(cast.ki_coordinator).post(reschedule_url(step), move(step, days=200))
    assert response.status_code == 400
    assert not ChangeEntry.objects.filter(sub_step=step, field="due_date").exists()


def test_a_stale_form_does_not_overwrite_a_newer_date(cast, plan, client_for):
    step = plan.verl_step
    client = client_for(cast.ki_coordinator)
    stale = move(step, days=100)
    client.post(reschedule_url(step), move(step, days=50))
    response = client.post(reschedule_url(step), stale)
    assert response.status_code == 409
    step.refresh_from_db()
    assert step.due_date == timezone.localdate() + timedelta(days=50)


def test_the_responsible_organisation_moves_its_own_step(cast, plan, client_for):
    step = plan.caritas_step
    response = client_for(cast.caritas_editor).post(reschedule_url(step), move(step))
    assert response.status_code == 302


def test_verl_officer_cannot_move_a_step_of_versmold(cast, plan, client_for):
    step = plan.versmold_step
    old = step.due_date
    response = client_for(cast.officer_verl).post(reschedule_url(step), move(step))
    assert response.status_code == 403
    step.refresh_from_db()
    assert step.due_date == old


def test_another_organisation_cannot_find_the_step(cast, plan, client_for):
    step = plan.versmold_step
    response = client_for(cast.caritas_editor).post(reschedule_url(step), move(step))
    assert response.status_code == 404


def test_another_regions_coordinator_cannot_move_the_step(cast, plan, client_for):
    step = plan.versmold_step
    old = step.due_date
    client_for(cast.other_coordinator).post(reschedule_url(step), move(step))
    step.refresh_from_db()
    assert step.due_date == old


def test_the_steering_report_form_names_the_calendar_quarter(cast, plan, client_for):
    from django.utils import translation

    from ankommen.actionplan.forms import IssueReportForm

    with translation.override("de"):
        assert str(IssueReportForm(region=cast.region).fields["quarter"].label) == "Quartal"
