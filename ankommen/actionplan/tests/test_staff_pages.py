"""The staff pages, tried from both sides: who sees and updates which sub-steps."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.actionplan.models import ChangeEntry, ProgressReport, SubStep

pytestmark = pytest.mark.django_db


def board_url(region, field="wohnen-mobilitaet"):
    return reverse("actionplan_staff:board", args=[region.slug, field])


def update_url(step):
    return reverse("actionplan_staff:step_update", args=[step.region.slug, step.pk])


def update(step, **changes):
    data = {
        "status": step.status,
        "progress": step.progress,
        "reason": "",
        "text": "Es ging voran.",
        "reported_on": timezone.localdate().isoformat(),
        "links": "",
        "expected_version": step.version,
    }
    data.update(changes)
    return data


def test_ki_sees_the_recommendation_with_its_steps_on_the_board(cast, plan, client_for):
    page = client_for(cast.ki_coordinator).get(board_url(cast.region)).content.decode()
    assert all(
        text in page
        for text in ("Mietführerschein", "Multiplikatorinnen", "Kurs in Verl", "Kurs in Versmold")
    )


def test_welfare_organisation_sees_only_its_own_step_on_the_board(cast, plan, client_for):
    page = client_for(cast.caritas_editor).get(board_url(cast.region)).content.decode()
    assert "Multiplikatorinnen" in page and "Kurs in Versmold" not in page


def test_welfare_organisation_sees_only_its_own_steps_in_its_responsibilities(
    cast, plan, client_for
):
    response = client_for(cast.caritas_editor).get(
        reverse("actionplan_staff:mine", args=[cast.region.slug])
    )
    steps = [step for _org, group in response.context["groups"] for step in group]
    assert steps == [plan.caritas_step]


def test_welfare_organisation_cannot_open_another_organisations_step(cast, plan, client_for):
    response = client_for(cast.caritas_editor).get(
        reverse("actionplan_staff:step", args=[cast.region.slug, plan.versmold_step.pk])
    )
    assert response.status_code == 404


def test_welfare_organisation_updates_its_own_step(cast, plan, client_for):
    step = plan.caritas_step
    response = client_for(cast.caritas_editor).post(update_url(step), update(step, progress=70))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.progress == 70


def test_welfare_organisation_is_refused_another_organisations_step(cast, plan, client_for):
    step = plan.versmold_step
    response = client_for(cast.caritas_editor).post(update_url(step), update(step, progress=90))
    assert response.status_code == 404
    step.refresh_from_db()
    assert step.progress == 40


def test_verl_officer_updates_the_step_of_an_organisation_of_her_town(cast, plan, client_for):
    step = plan.verl_step
    client_for(cast.officer_verl).post(
        update_url(step), update(step, status="in_progress", progress=10)
    )
    step.refresh_from_db()
    assert step.status == "in_progress"


def test_verl_officer_sees_but_cannot_update_a_step_of_versmold(cast, plan, client_for):
    step = plan.versmold_step
    response = client_for(cast.officer_verl).post(update_url(step), update(step, progress=99))
    assert response.status_code == 403
    step.refresh_from_db()
    assert step.progress == 40


def test_other_regions_coordinator_does_not_find_the_region(cast, plan, client_for):
    response = client_for(cast.other_coordinator).get(board_url(cast.region))
    assert response.status_code == 404


def test_other_regions_coordinator_cannot_update_a_step(cast, plan, client_for):
    step = plan.caritas_step
    client_for(cast.other_coordinator).post(update_url(step), update(step, progress=99))
    step.refresh_from_db()
    assert step.progress == 40


def test_anonymous_visitor_is_sent_to_the_login(cast, plan, client_for):
    response = client_for(None).get(board_url(cast.region))
    assert response.status_code == 302 and "/anmelden/" in response["Location"]


def test_anonymous_visitor_changes_nothing(cast, plan, client_for):
    step = plan.caritas_step
    client_for(None).post(update_url(step), update(step, progress=99))
    step.refresh_from_db()
    assert step.progress == 40


def test_volunteer_has_no_staff_board(cast, plan, client_for):
    response = client_for(cast.volunteer).get(board_url(cast.region))
    assert response.status_code == 404


def test_get_on_the_update_answers_405(cast, plan, client_for):
    response = client_for(cast.ki_coordinator).get(update_url(plan.caritas_step))
    assert response.status_code == 405


def test_marking_done_with_a_report_saves_the_report(cast, plan, client_for):
    step = plan.caritas_step
    client_for(cast.ki_coordinator).post(
        update_url(step),
        update(
            step,
            status="done",
            text="Alle Beratungsstellen sind dabei.",
            links="https://example.org/protokoll Protokoll",
        ),
    )
    report = ProgressReport.objects.get(sub_step=step)
    assert (report.progress, report.status, report.links.get().label) == (100, "done", "Protokoll")


def test_marking_done_is_written_to_the_history(cast, plan, client_for):
    step = plan.caritas_step
    client_for(cast.ki_coordinator).post(
        update_url(step), update(step, status="done"), HTTP_ACCEPT_LANGUAGE="en"
    )
    entry = ChangeEntry.objects.get(sub_step=step, field="status")
    assert (entry.new_value, entry.user) == ("done", cast.ki_coordinator)


def test_marking_done_rolls_the_progress_up(cast, plan, client_for):
    step = plan.caritas_step
    client_for(cast.ki_coordinator).post(update_url(step), update(step, status="done"))
    plan.recommendation.refresh_from_db()
    assert plan.recommendation.progress == Decimal("46.7")


def test_progress_above_100_is_refused_with_a_message(cast, plan, client_for):
    step = plan.caritas_step
    response = client_for(cast.ki_coordinator).post(
        update_url(step), update(step, progress=150), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "above 100" in str(response.context["form"].errors["progress"])


def test_refused_progress_changes_nothing(cast, plan, client_for):
    step = plan.caritas_step
    client_for(cast.ki_coordinator).post(update_url(step), update(step, progress=150))
    assert not ProgressReport.objects.filter(sub_step=step).exists()


def test_blocking_without_a_reason_is_refused(cast, plan, client_for):
    step = plan.caritas_step
    response = client_for(cast.ki_coordinator).post(
        update_url(step), update(step, status="blocked")
    )
    assert response.status_code == 400
    step.refresh_from_db()
    assert step.status == "in_progress"


def test_blocking_with_a_reason_keeps_the_reason(cast, plan, client_for):
    step = plan.caritas_step
    client_for(cast.ki_coordinator).post(
        update_url(step), update(step, status="blocked", reason="Kein Raum frei")
    )
    step.refresh_from_db()
    assert (step.status, step.status_reason) == ("blocked", "Kein Raum frei")


def test_report_dated_in_the_future_is_refused(cast, plan, client_for):
    step = plan.caritas_step
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(cast.ki_coordinator).post(
        update_url(step), update(step, reported_on=tomorrow)
    )
    assert response.status_code == 400


def test_a_bad_evidence_link_is_refused_naming_its_line(cast, plan, client_for):
    step = plan.caritas_step
    response = client_for(cast.ki_coordinator).post(
        update_url(step),
        update(step, links="https://example.org\nkein link"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Line 2" in str(response.context["form"].errors["links"])


def test_second_person_with_a_stale_form_does_not_overwrite_the_first(cast, plan, client_for):
    step = plan.caritas_step
    stale = update(step, progress=60)
    client_for(cast.ki_coordinator).post(update_url(step), update(step, progress=80))
    response = client_for(cast.caritas_editor).post(update_url(step), stale)
    step.refresh_from_db()
    assert (response.status_code, step.progress) == (409, 80)


def test_double_submit_writes_one_report(cast, plan, client_for):
    step = plan.caritas_step
    client = client_for(cast.ki_coordinator)
    data = update(step, progress=55)
    client.post(update_url(step), data)
    client.post(update_url(step), data)
    assert ProgressReport.objects.filter(sub_step=step).count() == 1


def test_overdue_and_blocked_page_lists_the_overdue_step(cast, plan, client_for):
    response = client_for(cast.ki_coordinator).get(
        reverse("actionplan_staff:attention", args=[cast.region.slug])
    )
    assert list(response.context["steps"]) == [plan.versmold_step]


def test_board_filter_by_level_hides_other_levels(cast, plan, client_for):
    response = client_for(cast.ki_coordinator).get(board_url(cast.region), {"level": "quarter"})
    assert response.context["challenges"][0][1] == []


def test_organisation_editor_cannot_open_the_steering_reports(cast, plan, client_for):
    response = client_for(cast.caritas_editor).get(
        reverse("actionplan_staff:reports", args=[cast.region.slug])
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "person",
    [
        "officer_verl",
        "officer_versmold",
        "ki_coordinator",
        "caritas_editor",
        "volunteer",
        "case_manager",
        "other_coordinator",
        "admin",
    ],
)
def test_visible_steps_agree_with_the_object_rule(cast, plan, person):
    user = getattr(cast, person)
    listed = set(SubStep.objects.visible_to(user))
    allowed = {s for s in SubStep.objects.all() if user.has_perm("actionplan.view_substep", s)}
    assert listed == allowed
