"""Roll-up, traffic lights, validation and history of the plan's records."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ankommen.actionplan.models import (
    ChangeEntry,
    Light,
    ProgressReport,
    Quarter,
    Recommendation,
    SubStep,
)
from ankommen.actionplan.tests.factories import RecommendationFactory, SubStepFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def steps_with(progresses, weights=None):
    recommendation = RecommendationFactory()
    for number, progress in enumerate(progresses, start=1):
        SubStepFactory(
            recommendation=recommendation,
            number=number,
            progress=progress,
            weight=Decimal(str(weights[number - 1])) if weights else Decimal(1),
        )
    recommendation.refresh_from_db()
    return recommendation


def test_progress_is_the_mean_of_the_sub_steps_without_weights():
    assert steps_with([0, 50, 100], None).progress == Decimal("50.0")


def test_progress_is_weighted_when_the_steps_carry_weights():
    assert steps_with([0, 50, 100], [0.5, 0.25, 0.25]).progress == Decimal("37.5")


def test_progress_is_recomputed_when_a_step_is_saved():
    recommendation = steps_with([0, 0])
    step = recommendation.steps.first()
    step.progress = 100
    step.save()
    recommendation.refresh_from_db()
    assert recommendation.progress == Decimal("50.0")


def test_dropped_steps_do_not_count_in_the_progress():
    recommendation = steps_with([100, 0])
    step = recommendation.steps.get(progress=0)
    step.status, step.status_reason = "dropped", "Nicht mehr nötig"
    step.save()
    recommendation.refresh_from_db()
    assert recommendation.progress == Decimal("100.0")


def test_done_sets_the_progress_to_100():
    step = SubStepFactory(status="done", progress=30)
    assert step.progress == 100


def test_planned_sets_the_progress_to_0():
    step = SubStepFactory(status="planned", progress=30)
    assert step.progress == 0


def test_step_due_before_the_adoption_is_refused():
    step = SubStepFactory.build(recommendation=RecommendationFactory(), number=1)
    step.due_date = step.recommendation.adopted_on - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert error.value.error_dict["due_date"][0].code == "due_before_adoption"


def test_progress_above_100_is_refused():
    step = SubStepFactory.build(recommendation=RecommendationFactory(), number=1, progress=101)
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "progress" in error.value.error_dict


def test_blocking_a_step_without_a_reason_is_refused():
    step = SubStep.objects.get(pk=SubStepFactory().pk)
    step.status = "blocked"
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert error.value.error_dict["status_reason"][0].code == "reason_required"


def test_reopening_a_done_step_without_a_reason_is_refused():
    step = SubStep.objects.get(pk=SubStepFactory(status="done").pk)
    step.status = "in_progress"
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert error.value.error_dict["status_reason"][0].code == "reason_required"


def test_blocking_with_a_reason_is_accepted():
    step = SubStep.objects.get(pk=SubStepFactory().pk)
    step.status, step.status_reason = "blocked", "Die Referentin ist erkrankt."
    step.full_clean()


def test_step_due_yesterday_and_not_done_is_overdue():
    step = SubStepFactory(due_date=TODAY() - timedelta(days=1))
    assert step.light() == Light.OVERDUE


def test_overdue_steps_are_listed_as_overdue():
    step = SubStepFactory(due_date=TODAY() - timedelta(days=1))
    assert list(SubStep.objects.overdue()) == [step]


def test_done_step_past_its_due_date_is_not_overdue():
    step = SubStepFactory(due_date=TODAY() - timedelta(days=1), status="done")
    assert step.light() == Light.DONE


def test_planned_step_due_soon_is_at_risk(settings):
    settings.ACTIONPLAN_AT_RISK_DAYS = 30
    step = SubStepFactory(status="planned", due_date=TODAY() + timedelta(days=10))
    assert step.light() == Light.AT_RISK


def test_step_in_progress_without_a_sign_of_life_is_at_risk(settings):
    settings.ACTIONPLAN_STALE_AFTER_DAYS = 90
    step = SubStepFactory()
    SubStep.objects.filter(pk=step.pk).update(updated_at=timezone.now() - timedelta(days=120))
    step.refresh_from_db()
    assert step.light() == Light.AT_RISK


def test_one_blocked_step_blocks_the_recommendation():
    recommendation = RecommendationFactory()
    SubStepFactory(recommendation=recommendation, number=1)
    SubStepFactory(
        recommendation=recommendation, number=2, status="blocked", status_reason="Kein Raum"
    )
    assert recommendation.light() == Light.BLOCKED


def test_recommendation_with_its_steps_on_time_is_on_track():
    recommendation = RecommendationFactory()
    SubStepFactory(recommendation=recommendation, number=1)
    assert recommendation.light() == Light.ON_TRACK


def test_recommendation_past_its_deadline_class_is_overdue(settings):
    settings.ACTIONPLAN_DEADLINE_CLASS_MONTHS = {"short": 12, "medium": 36, "long": 60}
    recommendation = RecommendationFactory(
        deadline_class="short", adopted_on=TODAY() - timedelta(days=400)
    )
    SubStepFactory(recommendation=recommendation, number=1)
    assert recommendation.light() == Light.OVERDUE


def test_traffic_light_override_needs_a_reason():
    recommendation = Recommendation.objects.get(pk=RecommendationFactory().pk)
    recommendation.light_override = Light.AT_RISK
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert error.value.error_dict["light_override_reason"][0].code == "reason_required"


def test_traffic_light_override_wins_over_the_computed_light():
    recommendation = RecommendationFactory(
        light_override=Light.AT_RISK, light_override_reason="Förderung läuft aus"
    )
    SubStepFactory(recommendation=recommendation, number=1)
    assert recommendation.light() == Light.AT_RISK


def test_recommendation_without_a_deadline_is_refused():
    recommendation = RecommendationFactory.build(
        challenge=RecommendationFactory().challenge, deadline_class="", deadline=None
    )
    recommendation.field = recommendation.challenge.field
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert error.value.error_dict["deadline_class"][0].code == "no_deadline"


def test_report_keeps_the_progress_of_its_day():
    step = SubStepFactory(progress=40)
    report = ProgressReport.objects.create(
        recommendation=step.recommendation,
        sub_step=step,
        reported_on=TODAY(),
        text="Halbzeit",
        progress=step.progress,
    )
    step.progress = 90
    step.save()
    report.refresh_from_db()
    assert report.progress == 40


def test_history_records_old_and_new_status():
    step = SubStep.objects.get(pk=SubStepFactory().pk)
    step.status = "done"
    step.save()
    with translation.override("en"):
        ChangeEntry.record(step, user=None)
    entry = ChangeEntry.objects.get(sub_step=step, field="status")
    with translation.override("en"):
        assert (entry.old_display, entry.new_display) == ("in progress", "done")


def test_history_stores_the_value_whatever_the_language_of_the_change():
    step = SubStep.objects.get(pk=SubStepFactory().pk)
    step.status = "done"
    step.save()
    with translation.override("de"):
        ChangeEntry.record(step, user=None)
    entry = ChangeEntry.objects.get(sub_step=step, field="status")
    assert (entry.old_value, entry.new_value) == ("in_progress", "done")


def test_history_shows_the_values_in_the_readers_language():
    step = SubStep.objects.get(pk=SubStepFactory().pk)
    step.status = "blocked"
    step.status_reason = "Kein Raum"
    step.save()
    ChangeEntry.record(step, user=None)
    entry = ChangeEntry.objects.get(sub_step=step, field="status")
    with translation.override("de"):
        assert (entry.old_display, entry.new_display) == ("in Umsetzung", "blockiert")


def test_codes_follow_the_concepts_numbering():
    step = SubStepFactory(number=2)
    recommendation = step.recommendation
    field_number = recommendation.field.sort_order + 1
    assert step.code == (
        f"T {field_number}.{recommendation.challenge.rank}.{recommendation.number}.2"
    )


def test_quarter_knows_its_bounds():
    quarter = Quarter.containing(TODAY().replace(month=11, day=25))
    assert (quarter.quarter, quarter.start.month, quarter.end.day) == (4, 10, 31)


def test_a_step_is_read_in_the_requested_language_with_its_code():
    step = SubStepFactory(texts={"ro": "Pas tradus"})
    assert step.translated("text", "ro") == ("Pas tradus", "ro")


def test_a_step_in_leichte_sprache_falls_back_to_the_german_text():
    step = SubStepFactory(texts={"en": "A step"})
    assert step.translated("text", "de-x-ls") == (step.text, "de")
