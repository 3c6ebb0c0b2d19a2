"""Master data in the back office: the pool's coordinators only, scoped to their region."""

import pytest
from django.urls import reverse

from ankommen.mediation.models import Mediator
from ankommen.mediation.tests.factories import MediatorFactory

pytestmark = pytest.mark.django_db


def test_the_coordinator_lists_her_regions_mediators(cast, pool, client_for):
    other = MediatorFactory(region=cast.other_region, name="Fremde Region")
    response = client_for(cast.ki_coordinator).get(reverse("admin:mediation_mediator_changelist"))
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert pool.volunteers[0] in shown
    assert other not in shown


def test_the_coordinator_of_another_region_gets_404_for_a_mediator(cast, pool, client_for):
    url = reverse("admin:mediation_mediator_change", args=[pool.volunteers[0].pk])
    assert client_for(cast.other_coordinator).get(url).status_code == 404


def test_a_requester_may_not_see_the_mediators(cast, pool, client_for):
    response = client_for(pool.teacher).get(reverse("admin:mediation_mediator_changelist"))
    assert response.status_code == 403


def test_the_coordinator_pauses_a_mediator(cast, pool, client_for):
    mediator = pool.volunteers[0]
    url = reverse("admin:mediation_mediator_change", args=[mediator.pk])
    client = client_for(cast.ki_coordinator)
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data.update(
        {
            "region": cast.region.pk,
            "home_area": mediator.home_area_id,
            "allowed_settings": ["school", "medical"],
            "status": "paused",
            "expected_version": mediator.version,
            "user": mediator.user_id,
        }
    )
    for prefix in ("languages", "evidence", "availability", "absences", "conflicts"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data = {k: v for k, v in data.items() if k not in {"id", "version"}}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Mediator.objects.get(pk=mediator.pk).status == "paused"
    assert Mediator.objects.get(pk=mediator.pk).allowed_settings == ["school", "medical"]


def test_a_mediators_settings_are_a_checkbox_list_of_the_known_settings(cast, pool, client_for):
    mediator = pool.volunteers[0]
    url = reverse("admin:mediation_mediator_change", args=[mediator.pk])
    html = client_for(cast.ki_coordinator).get(url).content.decode()
    assert 'type="checkbox" name="allowed_settings" value="psychotherapy"' in html
    assert 'name="allowed_settings" value="school"' in html
    assert '<textarea name="allowed_settings"' not in html
