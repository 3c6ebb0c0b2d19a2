"""Structural problems: no personal data in the text, and the KI sees them by theme and town."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ankommen.cases.models import (
    StructuralProblem,
)
from ankommen.cases.tests.conftest import url

pytestmark = pytest.mark.django_db


def test_structural_problem_with_a_case_number_is_refused(world):
    problem = StructuralProblem(
        region=world.cast.region,
        town=world.verl,
        organisation=world.awo,
        theme="housing",
        description=f"Siehe {world.case.reference}",
    )
    with pytest.raises(ValidationError):
        problem.full_clean()


def test_structural_problem_schema_has_no_personal_fields():
    names = {f.name for f in StructuralProblem._meta.get_fields()}
    assert not names & {"client", "case", "cases", "first_name", "last_name", "date_of_birth"}


def test_coordinator_sees_structural_problems_by_theme_and_town_only(world, verified_for):
    StructuralProblem.objects.create(
        region=world.cast.region,
        town=world.verl,
        organisation=world.awo,
        theme="housing",
        description="Keine Wohnungen für große Familien",
        case_count=3,
        confirmed_at=timezone.now(),  # only confirmed problems reach the KI
    )
    page = verified_for(world.cast.ki_coordinator).get(url("structural", world))
    text = page.content.decode()
    assert page.status_code == 200 and "Verl" in text and "&lt;5" in text
    assert world.case.client.last_name not in text
