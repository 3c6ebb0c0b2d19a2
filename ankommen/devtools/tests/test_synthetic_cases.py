"""Synthetic case volumes for the benchmark regions (the generate_synthetic hook)."""

from io import StringIO

import pytest
from django.db import connection

from ankommen.cases.models import Case, Client
from ankommen.core.models import User
from ankommen.devtools.synthetic.cases import generate_cases
from ankommen.devtools.synthetic.core import generate_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    generate_regions(count=1, stdout=StringIO())
    generate_cases(count=1, stdout=StringIO(), per_region=300)
    from ankommen.core.models import Region

    return Region.objects.get(slug="synth-0001")


def test_the_region_gets_the_requested_number_of_cases(region):
    assert Case.objects.filter(region=region).count() == 300


def test_the_cases_are_spread_over_several_organisations_and_towns(region):
    cases = Case.objects.filter(region=region)
    assert (
        cases.values("organisation").distinct().count() >= 4,
        cases.values("town").distinct().count() >= 8,
    ) == (True, True)


def test_every_closed_case_has_a_reason_and_a_date(region):
    closed = Case.objects.filter(region=region, status="closed")
    assert closed.exists() and not closed.filter(closure_reason="").exists()


def test_all_three_kinds_of_case_occur(region):
    kinds = set(Case.objects.filter(region=region).values_list("kind", flat=True))
    assert kinds == {"kim", "clearing", "school"}


def test_synthetic_names_are_stored_encrypted(region):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_name FROM cases_client WHERE region_id = %s LIMIT 1", [region.pk]
        )
        (stored,) = cursor.fetchone()
    assert stored.startswith("enc1:")


def test_every_client_has_a_pseudonym(region):
    assert not Client.objects.filter(region=region, pseudonym="").exists()


def test_a_synthetic_case_manager_sees_only_her_own_cases(region):
    manager = User.objects.get(username="synth-0001-cm-0")
    visible = Case.objects.visible_to(manager)
    assert visible.exists() and not visible.exclude(assigned_to=manager).exists()


def test_running_again_adds_nothing(region):
    out = StringIO()
    generate_cases(count=1, stdout=out, per_region=300)
    assert (Case.objects.filter(region=region).count(), out.getvalue()) == (300, "")
