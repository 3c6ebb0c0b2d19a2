"""The demo: opportunities of several organisations in several towns, one volunteer over
her monthly cap, a training with registrations; a second load writes nothing."""

import io

import pytest
from django.utils import timezone

from ankommen.core.demo import load_kreis_guetersloh
from ankommen.volunteering.demo import load_demo
from ankommen.volunteering.load import load_rows
from ankommen.volunteering.models import (
    Answer,
    HoursEntry,
    Opportunity,
    Training,
    TrainingRegistration,
    Volunteer,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (Opportunity, Volunteer, HoursEntry, Training, TrainingRegistration, Answer)
    ]


def test_the_demo_loads_once_and_shows_an_overloaded_volunteer():
    load_kreis_guetersloh(stdout=io.StringIO())
    load_demo(stdout=io.StringIO())
    first = _counts()
    load_demo(stdout=io.StringIO())

    assert _counts() == first
    assert Opportunity.objects.values("organisation").distinct().count() >= 4
    assert Opportunity.objects.values("town").distinct().count() >= 4
    coordinated = Volunteer.objects.filter(organisation__key="ak-asyl-guetersloh")
    over = [
        row.volunteer.name for row in load_rows(coordinated, timezone.localdate()) if row.over_cap
    ]
    assert over == ["Marlene Hoffmann"]
    assert TrainingRegistration.objects.filter(training__starts_at__gt=timezone.now()).exists()
    assert Answer.objects.filter(language="ar").exists()
