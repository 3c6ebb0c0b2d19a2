"""Who may import and maintain: the KI for the region, an officer for her town; the rest
is refused and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ankommen.monitoring.models import ImportRun, Value

from .conftest import fixture_bytes
from .factories import IndicatorFactory, ValueFactory, population_indicator

pytestmark = pytest.mark.django_db


def upload_url(region) -> str:
    return f"/{region.slug}/intern/monitoring/import/"


@pytest.fixture
def region(cast, comparison):
    from ankommen.core.tests.factories import LanguageFactory

    cast.region.languages.add(LanguageFactory(code="de"))
    population_indicator(cast.region)
    return cast.region


def post_file(client, region, data, name="12411-01-01-4_flat.csv"):
    return client.post(upload_url(region), {"file": SimpleUploadedFile(name, data)})


def test_coordinator_imports_a_file_through_the_form(client_for, cast, region):
    response = post_file(
        client_for(cast.ki_coordinator), region, fixture_bytes("12411-01-01-4_flat.csv")
    )
    assert (response.status_code, Value.objects.count()) == (302, 3)


def test_form_names_the_line_of_a_bad_file_and_imports_nothing(client_for, cast, region):
    data = fixture_bytes("12411-01-01-4_flat.csv").replace(b";181577;", b";abc;")
    response = post_file(client_for(cast.ki_coordinator), region, data)
    assert (response.status_code, "4" in response.context["form"].errors["file"][0]) == (200, True)


def test_bad_file_through_the_form_leaves_no_import(client_for, cast, region):
    data = fixture_bytes("12411-01-01-4_flat.csv").replace(b";181577;", b";abc;")
    post_file(client_for(cast.ki_coordinator), region, data)
    assert (Value.objects.count(), ImportRun.objects.count()) == (0, 0)


def test_officer_imports_her_towns_values(client_for, cast, region):
    data = fixture_bytes("12411-01-01-4_flat.csv").replace(b";05754;", b";05754044;")
    post_file(client_for(cast.officer_verl), region, data)
    assert Value.objects.filter(area=cast.verl).count() == 3


def test_officer_of_another_town_imports_nothing_for_verl(client_for, cast, region):
    data = fixture_bytes("12411-01-01-4_flat.csv").replace(b";05754;", b";05754044;")
    post_file(client_for(cast.officer_versmold), region, data)
    assert Value.objects.count() == 0


def test_organisation_editor_may_not_import(client_for, cast, region):
    # Not one of the monitoring's staff: the staff entry does not tell her the page exists.
    response = post_file(
        client_for(cast.caritas_editor), region, fixture_bytes("12411-01-01-4_flat.csv")
    )
    assert (response.status_code, Value.objects.count()) == (404, 0)


def test_coordinator_of_another_region_may_not_import(client_for, cast, region):
    response = post_file(
        client_for(cast.other_coordinator), region, fixture_bytes("12411-01-01-4_flat.csv")
    )
    assert (response.status_code, Value.objects.count()) == (404, 0)


def test_the_old_public_address_of_the_import_leads_to_the_staff_page(client, region):
    response = client.get(f"/{region.slug}/de/monitoring/import/")
    assert (response.status_code, response["Location"]) == (301, upload_url(region))


def test_anonymous_visitor_is_sent_to_the_login(client, region):
    response = post_file(client, region, fixture_bytes("12411-01-01-4_flat.csv"))
    assert (response.status_code, Value.objects.count()) == (302, 0)


def test_import_form_refuses_put(client_for, cast, region):
    assert client_for(cast.ki_coordinator).put(upload_url(region)).status_code == 405


def test_coordinator_may_change_an_indicator(cast):
    indicator = IndicatorFactory(region=cast.region)
    assert cast.ki_coordinator.has_perm("monitoring.change_indicator", indicator)


def test_officer_may_not_change_an_indicator(cast):
    indicator = IndicatorFactory(region=cast.region)
    assert not cast.officer_verl.has_perm("monitoring.change_indicator", indicator)


def test_officer_may_correct_a_value_of_her_town(cast):
    value = ValueFactory(indicator=IndicatorFactory(region=cast.region), area=cast.verl)
    assert cast.officer_verl.has_perm("monitoring.change_value", value)


def test_officer_may_not_correct_a_value_of_another_town(cast):
    value = ValueFactory(indicator=IndicatorFactory(region=cast.region), area=cast.versmold)
    assert not cast.officer_verl.has_perm("monitoring.change_value", value)


def test_coordinator_of_another_region_may_not_change_a_value(cast):
    value = ValueFactory(indicator=IndicatorFactory(region=cast.region), area=cast.verl)
    assert not cast.other_coordinator.has_perm("monitoring.change_value", value)


def test_admin_change_of_a_value_by_the_officer_keeps_the_earlier_figure(client_for, cast):
    value = ValueFactory(indicator=IndicatorFactory(region=cast.region), area=cast.verl)
    client = client_for(cast.officer_verl)
    url = f"/admin/monitoring/value/{value.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        indicator=value.indicator_id,
        area=cast.verl.pk,
        reference_date="31.12.2022",
        period_months=0,
        value="120",
        expected_version=value.version,
        **{"revisions-TOTAL_FORMS": 0, "revisions-INITIAL_FORMS": 0},
    )
    client.post(url, data)
    value.refresh_from_db()
    assert (value.value, value.revisions.get().value) == (120, 100)


def test_admin_value_outside_the_scope_answers_404(client_for, cast):
    value = ValueFactory(indicator=IndicatorFactory(region=cast.other_region))
    response = client_for(cast.ki_coordinator).get(f"/admin/monitoring/value/{value.pk}/change/")
    assert response.status_code == 404
