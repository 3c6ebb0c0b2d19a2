"""Who may change an organisation in the back office, tried from both sides."""

import json

import pytest
from django.urls import reverse

from ankommen.core.models import Organisation
from ankommen.core.permissions import scope_of

pytestmark = pytest.mark.django_db


def change_url(organisation: Organisation) -> str:
    return reverse("admin:core_organisation_change", args=[organisation.pk])


def form_data(organisation: Organisation, **changes) -> dict:
    data = {
        "region": organisation.region_id,
        "key": organisation.key,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "parent": organisation.parent_id or "",
        "description": organisation.description,
        "descriptions": json.dumps(organisation.descriptions),
        "email": organisation.email,
        "phone": organisation.phone,
        "website": organisation.website,
        "street": organisation.street,
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "expected_version": organisation.version,
    }
    if "areas" not in changes:
        data["areas"] = [area.pk for area in organisation.areas.all()]
    data.update(changes)
    return data


def test_verl_officer_renames_an_organisation_of_verl(cast, client_for):
    organisation = cast.verl_organisation
    response = client_for(cast.officer_verl).post(
        change_url(organisation), form_data(organisation, name="Begegnungsstätte Grenzenlos")
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Begegnungsstätte Grenzenlos"


def test_verl_officer_is_refused_changing_an_organisation_of_versmold(cast, client_for):
    organisation = cast.versmold_organisation
    response = client_for(cast.officer_verl).post(
        change_url(organisation), form_data(organisation, name="Übernommen")
    )
    assert response.status_code == 403


def test_refused_change_leaves_the_organisation_as_it_was(cast, client_for):
    organisation = cast.versmold_organisation
    client_for(cast.officer_verl).post(
        change_url(organisation), form_data(organisation, name="Übernommen")
    )
    organisation.refresh_from_db()
    assert organisation.name == "Haus der Familie"


def test_verl_officer_may_not_change_an_organisation_serving_several_towns(cast, client_for):
    organisation = cast.kreis_organisation
    response = client_for(cast.officer_verl).post(
        change_url(organisation), form_data(organisation, name="Nur noch Verl")
    )
    assert response.status_code == 403


def test_verl_officer_cannot_move_an_organisation_to_versmold(cast, client_for):
    organisation = cast.verl_organisation
    response = client_for(cast.officer_verl).post(
        change_url(organisation), form_data(organisation, areas=[cast.versmold.pk])
    )
    assert response.status_code == 200  # the form again, with an error
    assert list(organisation.areas.all()) == [cast.verl_quarter]


def test_ki_coordinator_changes_an_organisation_of_verl(cast, client_for):
    organisation = cast.verl_organisation
    client_for(cast.ki_coordinator).post(
        change_url(organisation), form_data(organisation, phone="+49 5246 1234")
    )
    organisation.refresh_from_db()
    assert organisation.phone == "+49 5246 1234"


def test_ki_coordinator_changes_an_organisation_of_versmold(cast, client_for):
    organisation = cast.versmold_organisation
    client_for(cast.ki_coordinator).post(
        change_url(organisation), form_data(organisation, phone="+49 5423 1234")
    )
    organisation.refresh_from_db()
    assert organisation.phone == "+49 5423 1234"


def test_anonymous_visitor_is_sent_to_the_login(cast, client_for):
    organisation = cast.verl_organisation
    response = client_for(None).post(
        change_url(organisation), form_data(organisation, name="Anonym")
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_visitor_changes_nothing(cast, client_for):
    organisation = cast.verl_organisation
    client_for(None).post(change_url(organisation), form_data(organisation, name="Anonym"))
    organisation.refresh_from_db()
    assert organisation.name == "Begegnungsstätte Verl"


def test_volunteer_has_no_back_office(cast, client_for):
    response = client_for(cast.volunteer).get(reverse("admin:index"))
    assert response.status_code == 302


def test_organisation_editor_changes_her_own_organisation(cast, client_for):
    organisation = cast.kreis_organisation
    client_for(cast.caritas_editor).post(
        change_url(organisation), form_data(organisation, email="kontakt@example.org")
    )
    organisation.refresh_from_db()
    assert organisation.email == "kontakt@example.org"


def test_organisation_editor_is_refused_another_organisation(cast, client_for):
    organisation = cast.verl_organisation
    response = client_for(cast.caritas_editor).post(
        change_url(organisation), form_data(organisation, name="Caritas")
    )
    assert response.status_code == 403


def test_other_regions_organisation_is_not_found_for_the_coordinator(cast, client_for):
    response = client_for(cast.ki_coordinator).get(change_url(cast.other_organisation))
    assert response.status_code == 404


def test_other_regions_organisations_are_not_listed(cast, client_for):
    response = client_for(cast.ki_coordinator).get(reverse("admin:core_organisation_changelist"))
    assert cast.other_organisation.name not in response.content.decode()


def test_region_list_shows_own_organisations(cast, client_for):
    response = client_for(cast.ki_coordinator).get(reverse("admin:core_organisation_changelist"))
    assert cast.versmold_organisation.name in response.content.decode()


def test_officer_adds_an_organisation_in_her_town(cast, client_for):
    new = Organisation(region=cast.region, key="neu", name="Sprachcafé Verl", kind="NGO")
    data = form_data(new, areas=[cast.verl.pk], expected_version="")
    client_for(cast.officer_verl).post(reverse("admin:core_organisation_add"), data)
    assert Organisation.objects.filter(key="neu", areas=cast.verl).exists()


def test_officer_cannot_add_an_organisation_in_another_town(cast, client_for):
    new = Organisation(region=cast.region, key="neu", name="Sprachcafé", kind="NGO")
    data = form_data(new, areas=[cast.versmold.pk], expected_version="")
    client_for(cast.officer_verl).post(reverse("admin:core_organisation_add"), data)
    assert not Organisation.objects.filter(key="neu").exists()


def test_officer_cannot_add_an_organisation_to_another_region(cast, client_for):
    new = Organisation(region=cast.other_region, key="neu", name="Fremd", kind="NGO")
    data = form_data(new, areas=[cast.verl.pk], expected_version="")
    client_for(cast.officer_verl).post(reverse("admin:core_organisation_add"), data)
    assert not Organisation.objects.filter(key="neu").exists()


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
def test_editable_list_agrees_with_the_object_rule(cast, person):
    user = getattr(cast, person)
    listed = set(Organisation.objects.editable_by(user))
    allowed = {
        o for o in Organisation.objects.all() if user.has_perm("core.change_organisation", o)
    }
    assert listed == allowed


def test_officer_scope_includes_the_quarters_of_her_town(cast):
    assert cast.verl_quarter.pk in scope_of(cast.officer_verl).officer_area_ids


def test_second_editor_working_from_an_old_version_is_told_of_the_conflict(cast, client_for):
    organisation = cast.versmold_organisation
    opened = form_data(organisation)  # both open the form at version 1
    client_for(cast.ki_coordinator).post(change_url(organisation), {**opened, "phone": "1"})
    response = client_for(cast.officer_versmold).post(
        change_url(organisation), {**opened, "phone": "2"}
    )
    assert "conflict" in [
        e.code for e in response.context["adminform"].form.non_field_errors().as_data()
    ]


def test_conflicting_save_keeps_the_first_editors_change(cast, client_for):
    organisation = cast.versmold_organisation
    opened = form_data(organisation)
    client_for(cast.ki_coordinator).post(change_url(organisation), {**opened, "phone": "1"})
    client_for(cast.officer_versmold).post(change_url(organisation), {**opened, "phone": "2"})
    organisation.refresh_from_db()
    assert organisation.phone == "1"
