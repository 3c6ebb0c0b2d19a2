"""The pools of the cast's region: two towns with coordinates, a school in each with a
teacher who may request, four Bulgarian volunteers and a professional interpreter."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from ankommen.core.models import Area, Organisation, Role, User
from ankommen.core.tests.factories import (
    AreaFactory,
    OrganisationFactory,
    UserFactory,
    give_role,
)
from ankommen.mediation import matching
from ankommen.mediation.matching import Proposal, PythonEngine, SqlEngine
from ankommen.mediation.models import MediationLanguage, Mediator, Tier
from ankommen.mediation.tests.factories import MediationLanguageFactory, MediatorFactory
from ankommen.testing.smtp import LocalSMTPServer


@pytest.fixture(autouse=True)
def _english(settings):
    """The tests read messages in English, the source language; the interface's German
    catalogue is compiled by `make test`."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(params=["statement", "portable"])
def matcher(request, monkeypatch) -> Callable[..., Proposal]:
    """Matching as the SQL engine answers it (PostgreSQL), and as the Python engine answers
    it (every other database): a test that takes this runs once with each. With the Python
    engine the offer wave and the request page use it too, as they do on SQLite."""
    if request.param == "statement":
        return SqlEngine().propose
    monkeypatch.setattr(matching, "engine", PythonEngine)
    return PythonEngine().propose


@dataclass
class Pool:
    rheda: Area
    guetersloh: Area
    school: Organisation
    other_school: Organisation
    teacher: User
    other_teacher: User
    bulgarian: MediationLanguage
    volunteers: list[Mediator]
    professional: Mediator


@pytest.fixture
def pool(cast) -> Pool:
    region = cast.region
    rheda = AreaFactory(
        region=region, name="Rheda-Wiedenbrück", latitude=Decimal("51.8417"), longitude=8.3
    )
    guetersloh = AreaFactory(
        region=region, name="Gütersloh", latitude=Decimal("51.9069"), longitude=Decimal("8.3785")
    )
    cast.versmold.latitude, cast.versmold.longitude = Decimal("52.0417"), Decimal("8.15")
    cast.versmold.save()
    school = OrganisationFactory(
        region=region, name="Grundschule Rheda", kind=Organisation.Kind.GO, areas=[rheda]
    )
    other_school = OrganisationFactory(
        region=region, name="Realschule Versmold", kind=Organisation.Kind.GO, areas=[cast.versmold]
    )
    teacher = UserFactory(username="lehrerin", email="lehrerin@example.org")
    give_role(teacher, Role.ORGANISATION_EDITOR, region, organisation=school)
    other_teacher = UserFactory(username="lehrer.versmold", email="versmold@example.org")
    give_role(other_teacher, Role.ORGANISATION_EDITOR, region, organisation=other_school)
    bulgarian = MediationLanguageFactory(code="bg", name_de="Bulgarisch", name_en="Bulgarian")
    volunteers = []
    for number, (name, home) in enumerate(
        [
            ("Desislava Petrova", rheda),
            ("Maria Ivanova", guetersloh),
            ("Elena Georgieva", rheda),
            ("Petar Dimitrov", guetersloh),
        ]
    ):
        user = UserFactory(username=f"lotse{number}", email=f"lotse{number}@example.org")
        give_role(user, Role.VOLUNTEER, region)
        volunteers.append(
            MediatorFactory(region=region, user=user, name=name, home_area=home, email=user.email)
        )
    professional = MediatorFactory(
        region=region,
        tier=Tier.PROFESSIONAL,
        name="Dolmetscherin Nikolova",
        home_area=guetersloh,
        monthly_hour_cap=None,
        unit_minutes=45,
        unit_rate=Decimal("40.00"),
        minimum_minutes=60,
        phone_rate_per_minute=Decimal("1.20"),
        allowed_settings=["everyday", "school", "authorities", "medical", "legal"],
    )
    return Pool(
        rheda,
        guetersloh,
        school,
        other_school,
        teacher,
        other_teacher,
        bulgarian,
        volunteers,
        professional,
    )


def form_data(pool: Pool, **changes) -> dict:
    """What a teacher of the school types into the request form: a parents' evening in
    three weeks, the topic confirmed to name nobody."""
    day = timezone.localdate() + dt.timedelta(days=21)
    data = {
        "organisation": pool.school.pk,
        "language": "bg",
        "variety": "",
        "tier": "volunteer",
        "setting": "school",
        "mode": "in_person",
        "place_area": pool.rheda.pk,
        "place": "Aula",
        "duration_minutes": 90,
        "urgency": "normal",
        "topic": "Elternabend Klasse 2a",
        "names_nobody": "on",
        "cost_centre": "SCH-01",
        "date": day.isoformat(),
        "time": "18:00",
    }
    data.update(changes)
    return data


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to; it is down
    until the test starts it."""
    server = LocalSMTPServer()
    server.configure(settings)
    yield server
    server.stop()
