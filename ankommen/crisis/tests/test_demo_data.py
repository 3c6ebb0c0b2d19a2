"""The crisis demo on the Kreis Gütersloh: levels with checklists, the 2022 arrivals as
history, and a second load that doubles nothing. One test, since loading the whole demo is
slow."""

import io

import pytest
from django.core.management import call_command

from ankommen.crisis.models import DailyReport, Level, LevelSwitch, Structure

pytestmark = pytest.mark.django_db


def test_demo_loads_the_2022_crisis_once(db):
    call_command("load_demo", stdout=io.StringIO())
    before = (Structure.objects.count(), DailyReport.objects.count(), Level.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    switch = LevelSwitch.objects.get(switched_at__year=2022, to_level__rank=Level.Kind.CRISIS)
    after = (Structure.objects.count(), DailyReport.objects.count(), Level.objects.count())
    assert (after == before, switch.reports.count() > 1000, switch.assignments.exists()) == (
        True,
        True,
        True,
    )
