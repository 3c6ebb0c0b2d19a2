"""Data entry in the back office: scoped, locked against lost updates, with history."""

import pytest
from django.urls import reverse

from ankommen.actionplan.models import ChangeEntry

pytestmark = pytest.mark.django_db


def step_form(step, **changes):
    data = {
        "recommendation": step.recommendation_id,
        "number": step.number,
        "text": step.text,
        "responsible_organisation": step.responsible_organisation_id or "",
        "responsible_person": step.responsible_person,
        "due_date": step.due_date.isoformat() if step.due_date else "",
        "status": step.status,
        "progress": step.progress,
        "status_reason": step.status_reason,
        "weight": str(step.weight),
        "translations": "{}",
        "expected_version": step.version,
    }
    data.update(changes)
    return data


def change_url(step):
    return reverse("admin:actionplan_substep_change", args=[step.pk])


def test_ki_changes_a_due_date_in_the_back_office(cast, plan, client_for):
    step = plan.caritas_step
    new_due = step.due_date.replace(year=step.due_date.year + 1).isoformat()
    client_for(cast.ki_coordinator).post(change_url(step), step_form(step, due_date=new_due))
    step.refresh_from_db()
    assert step.due_date.isoformat() == new_due


def test_back_office_change_is_written_to_the_history(cast, plan, client_for):
    step = plan.caritas_step
    client_for(cast.ki_coordinator).post(change_url(step), step_form(step, progress=75))
    entry = ChangeEntry.objects.get(sub_step=step, field="progress")
    assert (entry.old_value, entry.new_value, entry.user) == ("40", "75", cast.ki_coordinator)


def test_back_office_refuses_a_due_date_before_the_adoption(cast, plan, client_for):
    step = plan.caritas_step
    too_early = plan.recommendation.adopted_on.replace(year=2000).isoformat()
    response = client_for(cast.ki_coordinator).post(
        change_url(step), step_form(step, due_date=too_early)
    )
    assert response.status_code == 200  # the form again, with the error
    step.refresh_from_db()
    assert step.due_date.year != 2000


def test_back_office_refuses_a_stale_form(cast, plan, client_for):
    step = plan.caritas_step
    stale = step_form(step, progress=10)
    client = client_for(cast.ki_coordinator)
    client.post(change_url(step), step_form(step, progress=90))
    client.post(change_url(step), stale)
    step.refresh_from_db()
    assert step.progress == 90


def test_organisation_editor_changes_only_status_and_progress(cast, plan, client_for):
    step = plan.caritas_step
    client_for(cast.caritas_editor).post(
        change_url(step), step_form(step, progress=65, text="Umgeschrieben")
    )
    step.refresh_from_db()
    assert (step.progress, step.text) == (65, "Multiplikatorinnen einbinden")


def test_organisation_editor_does_not_find_another_step(cast, plan, client_for):
    response = client_for(cast.caritas_editor).get(change_url(plan.versmold_step))
    assert response.status_code == 404


def test_other_regions_coordinator_does_not_find_the_step(cast, plan, client_for):
    response = client_for(cast.other_coordinator).get(change_url(plan.caritas_step))
    assert response.status_code == 404


def test_override_without_a_reason_is_refused_in_the_back_office(cast, plan, client_for):
    recommendation = plan.recommendation
    url = reverse("admin:actionplan_recommendation_change", args=[recommendation.pk])
    page = client_for(cast.ki_coordinator).get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        field=recommendation.field_id,
        challenge=recommendation.challenge_id,
        target_groups=[],
        areas=[],
        stakeholders=[],
        light_override="at_risk",
        light_override_reason="",
        translations="{}",
        expected_version=recommendation.version,
        **{
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
            "links-MIN_NUM_FORMS": 0,
            "links-MAX_NUM_FORMS": 1000,
        },
    )
    data.pop("lead_organisation", None)
    client_for(cast.ki_coordinator).post(url, data)
    recommendation.refresh_from_db()
    assert recommendation.light_override == ""
