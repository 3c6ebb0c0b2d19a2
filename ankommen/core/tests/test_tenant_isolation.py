"""Tenant isolation as a standing test, generated from the admin's registry.

For every ModelAdmin registered on the admin site (with its inlines) and every person of
the test cast, in both regions:

(a) every ForeignKey/ManyToMany choice the add and change forms offer lies in the
    person's scope: never a record of the other region, never an account outside her
    regions, never an organisation she does not edit (naming an organisation on a record
    hands the record to that organisation's editors);
(b) a POST that saves an out-of-scope value into such a field (another region's record,
    another organisation, no region at all) is refused — a form error, 403 or 404 — and
    nothing is written, while the same POST with the form's own values is accepted.

A new admin is covered without writing a test: the parameters come from
`admin.site._registry`. The staff pages' forms are covered from `STAFF_FORMS` in
`ankommen/core/tenancy.py` by the same rules; a ModelForm that is in neither the admin nor
that list fails `test_every_model_form_is_an_admin_form_or_a_listed_staff_form`.

The records of both regions are built once per module (in a transaction rolled back at the
end); every test runs in a savepoint within it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models, transaction
from django.forms import CheckboxInput, ModelChoiceField, MultiWidget
from django.forms.models import ModelChoiceIterator
from django.test import Client, RequestFactory
from django.urls import reverse

from ankommen.core.actor import Actor
from ankommen.core.models import Area, Organisation, Region, Role, TargetGroup, Team, User
from ankommen.core.permissions import scope_of
from ankommen.core.tests.factories import (
    AreaFactory,
    LanguageFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    give_role,
)
from conftest import Cast, build_cast

# Everyone of the cast but the installation admin, who may do anything anywhere.
ROLES = [
    "officer_verl",
    "officer_versmold",
    "ki_coordinator",
    "caritas_editor",
    "volunteer",
    "case_manager",
    "team_lead",
    "other_coordinator",
]


def _admin_id(model) -> str:
    return f"{model._meta.app_label}.{type(admin.site._registry[model]).__name__}"


# Sorted by label so that the parameters (and xdist's split) are stable.
ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
ADMIN_IDS = [_admin_id(model) for model in ADMIN_MODELS]


# --- The two regions, with a record of every kind in each -------------------------------


@dataclass
class World:
    cast: Cast
    other_town: Area
    other_team: Team
    other_officer: User
    other_editor: User

    def user(self, role: str) -> User:
        return getattr(self.cast, role)


def _fill_region(region: Region, town: Area, organisation: Organisation, suffix: str) -> None:
    """One record of every kind the admin edits, in `region`, run by `organisation`."""
    from ankommen.actionplan.models import PlanLink, ProgressReport, SteeringReport
    from ankommen.actionplan.tests.factories import (
        ChallengeFactory,
        FieldOfActionFactory,
        RecommendationFactory,
        SubStepFactory,
    )
    from ankommen.cases.tests.factories import ConsentTextFactory
    from ankommen.directory.models import (
        OpeningHours,
        Registration,
        SearchConcept,
        ZeroResultQuery,
    )
    from ankommen.directory.tests.factories import EventFactory, OfferFactory, PlaceFactory
    from ankommen.mediation.models import Conflict, SettingPolicy, log_request_view
    from ankommen.mediation.tests.factories import MediationRequestFactory, MediatorFactory
    from ankommen.monitoring.models import ImportRun
    from ankommen.monitoring.tests.factories import IndicatorFactory, ValueFactory
    from ankommen.portal.models import GlossaryEntry
    from ankommen.portal.tests.factories import PageFactory, PageTranslationFactory

    field = FieldOfActionFactory(region=region, slug=f"feld-{suffix}")
    TargetGroup.objects.create(region=region, slug=f"gruppe-{suffix}", name=f"Gruppe {suffix}")
    place = PlaceFactory(area=town, key=f"ort-{suffix}")
    OpeningHours.objects.create(place=place, weekday=0, opens=dt.time(9), closes=dt.time(12))
    offer = OfferFactory(organisation=organisation, key=f"angebot-{suffix}")
    offer.areas.set([town])
    offer.places.set([place])
    offer.fields_of_action.set([field])
    event = EventFactory(organisation=organisation, area=town, place=place, offer=offer)
    Registration.objects.create(event=event, occurrence=event.starts, name="Test Person")
    SearchConcept.objects.create(
        region=region, name=f"Wohnen {suffix}", terms="housing", expands_to="wohnung"
    )
    ZeroResultQuery.objects.create(region=region, query=f"nichts {suffix}", language="de")
    page = PageFactory(region=region, slug=f"seite-{suffix}")
    PageTranslationFactory(page=page)
    PageFactory(region=region, town=town, parent=page, slug=f"ort-{suffix}")
    GlossaryEntry.objects.create(
        region=region, term=f"KI-{suffix}", expansion={"de": "x"}, explanation={"de": "x"}
    )
    recommendation = RecommendationFactory(
        challenge=ChallengeFactory(field=field), lead_organisation=organisation
    )
    recommendation.areas.set([town])
    recommendation.stakeholders.set([organisation])
    step = SubStepFactory(recommendation=recommendation, responsible_organisation=organisation)
    ProgressReport.objects.create(
        recommendation=recommendation,
        sub_step=step,
        reported_on=dt.date(2025, 1, 15),
        text="Begonnen.",
        progress=20,
    )
    PlanLink.objects.create(
        recommendation=recommendation, kind=PlanLink.Kind.OTHER, label="Info", url="https://x.de"
    )
    SteeringReport.objects.get_or_create(region=region, year=2024, quarter=4)
    indicator = IndicatorFactory(region=region, slug=f"indikator-{suffix}", field_of_action=field)
    run = ImportRun.objects.create(region=region, file_name="a.csv", sha256="0" * 64, format="demo")
    ValueFactory(indicator=indicator, area=town, import_run=run)
    mediator = MediatorFactory(region=region, home_area=town, key=f"lotsin-{suffix}")
    Conflict.objects.create(mediator=mediator, organisation=organisation, reason="Nachbarin")
    SettingPolicy.objects.get_or_create(region=region, setting="school", tier="volunteer")
    request = MediationRequestFactory(region=region, organisation=organisation, place_area=town)
    log_request_view(Actor.system("test"), request, page="detail")
    ConsentTextFactory(region=region)


def build_world() -> World:
    cast = build_cast()
    LanguageFactory(code="de")
    other_town = Area.objects.get(region=cast.other_region, name="Bünde")
    other_team = TeamFactory(organisation=cast.other_organisation, name="KIM Bünde")
    other_officer = UserFactory(username="otto")
    give_role(other_officer, Role.MUNICIPAL_OFFICER, cast.other_region, area=other_town)
    other_editor = UserFactory(username="olga")
    give_role(
        other_editor,
        Role.ORGANISATION_EDITOR,
        cast.other_region,
        organisation=cast.other_organisation,
    )
    # An account in each region that a form could name (a mediator's login, for example).
    give_role(UserFactory(username="sprachlotsin-herford"), Role.VOLUNTEER, cast.other_region)
    _fill_region(cast.region, cast.verl, cast.kreis_organisation, "gt")
    # Records of the organisations the officer of Verl and the editor do not edit.
    _fill_region(cast.region, cast.verl_quarter, cast.verl_organisation, "verl")
    _fill_region(cast.region, cast.versmold, cast.versmold_organisation, "versmold")
    _fill_region(cast.other_region, other_town, cast.other_organisation, "hf")
    OrganisationFactory(region=cast.other_region, name="Jobcenter Herford", areas=[other_town])
    AreaFactory(region=None, kind=Area.Kind.STATE, name="NRW", official_key="05")
    return World(
        cast=cast,
        other_town=other_town,
        other_team=other_team,
        other_officer=other_officer,
        other_editor=other_editor,
    )


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(world_once, db) -> World:
    for role in ROLES:
        # Scopes are cached on the user object; a test's own changes must not leak.
        user = world_once.user(role)
        user.__dict__.pop("_ankommen_scope", None)
        user.__dict__.pop("_ankommen_plan_scope", None)
    return world_once


# --- What lies in whose scope (the test's own reading of the rules) ---------------------


def _tenants(obj, depth: int = 0) -> set[int]:
    """The regions a record belongs to, found by following its relations; empty for
    records every region shares (languages, audiences, comparison areas)."""
    if isinstance(obj, Region):
        return {obj.pk}
    if isinstance(obj, User):
        return set(obj.role_assignments.values_list("region_id", flat=True))
    if "region" in {f.name for f in obj._meta.concrete_fields}:
        return {obj.region_id} if obj.region_id is not None else set()
    if depth >= 3:
        return set()
    found: set[int] = set()
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.related_model not in (None, User):
            related = getattr(obj, field.name)
            if related is not None:
                found |= _tenants(related, depth + 1)
    return found


def out_of_scope(user: User, obj) -> str:
    """Why `obj` may not be offered to or saved by `user` — empty if it may."""
    scope = scope_of(user)
    if scope.is_admin:
        return ""
    if isinstance(obj, User) and (obj.is_superuser or not _tenants(obj)):
        return "an account outside her regions"
    foreign = _tenants(obj) - set(scope.region_ids)
    if foreign:
        names = Region.objects.filter(pk__in=foreign).values_list("name", flat=True)
        return f"of region {sorted(names)}"
    if (
        isinstance(obj, Organisation)
        and not Organisation.objects.editable_by(user).filter(pk=obj.pk).exists()
        # A team lead names her team's organisation: she manages its case roles and the
        # recipients of its referrals (issue 13), without editing its pages.
        and not obj.teams.filter(pk__in=scope.led_team_ids).exists()
    ):
        return "an organisation she does not edit or lead a team of"
    return ""


def _out_of_scope_values(user: User, world: World, model) -> list:
    """Records of `model` that `user` must not save into a field: one of another region,
    and for organisations one of her region that she does not edit."""
    candidates = []
    for obj in model._default_manager.order_by("pk"):
        why = out_of_scope(user, obj)
        if why and why not in [reason for reason, _obj in candidates]:
            candidates.append((why, obj))
    return [obj for _why, obj in candidates]


# --- The forms an admin shows a user ----------------------------------------------------


def _request(user: User, method: str = "get"):
    request = getattr(RequestFactory(), method)("/admin/")
    request.user = user
    return request


def _own_object(model_admin, request, user):
    """A record this admin lets the user change, preferring one of her own region."""
    candidates = [
        obj
        for obj in model_admin.get_queryset(request).order_by("pk")[:200]
        if model_admin.has_change_permission(request, obj)
    ]
    candidates.sort(key=lambda obj: bool(out_of_scope(user, obj)))
    return candidates[0] if candidates else None


def admin_forms(model_admin, user):
    """(name, form class) of the add form, the change form of a record the user may
    change, and their inlines' forms, as this admin builds them for the user."""
    request = _request(user)
    if model_admin.has_add_permission(request):
        yield "add", model_admin.get_form(request, None, change=False), None
        for formset, inline in model_admin.get_formsets_with_inlines(request, None):
            yield f"add/{type(inline).__name__}", formset.form, formset.fk.name
    obj = _own_object(model_admin, request, user)
    if obj is not None:
        yield "change", model_admin.get_form(request, obj, change=True), None
        for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
            yield f"change/{type(inline).__name__}", formset.form, formset.fk.name


def choice_problems(form_class, user: User, parent_link: str | None = None) -> list[str]:
    """The fields offering an out-of-scope record (an inline's link to the record it is
    shown in is set by the formset, not chosen)."""
    problems = []
    rendered = form_class().fields
    for name, field in form_class.base_fields.items():
        if not isinstance(field, ModelChoiceField) or name == parent_link:
            continue
        # What validation accepts, and what the page lists (the widget's own choices).
        offered = list(field.queryset)
        widget = _unwrap(rendered[name].widget)
        if isinstance(getattr(widget, "choices", None), ModelChoiceIterator):
            offered += [value.instance for value, _label in widget.choices if value]
        for obj in offered:
            why = out_of_scope(user, obj)
            if why:
                problems.append(f"{name} offers {obj} ({why})")
                break
    return problems


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=ADMIN_IDS)
def test_every_choice_an_admin_form_offers_is_in_the_users_scope(world, model, role):
    user = world.user(role)
    model_admin = admin.site._registry[model]
    problems = [
        f"{_admin_id(model)} {form_name}: {problem}"
        for form_name, form_class, parent_link in admin_forms(model_admin, user)
        for problem in choice_problems(form_class, user, parent_link)
    ]
    assert not problems, f"as {role}:\n" + "\n".join(problems)


# --- Saving an out-of-scope value -------------------------------------------------------


def _unwrap(widget):
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def form_data(form) -> dict:
    """The POST data a browser sends for an unchanged form."""
    data: dict = {}
    for bound in form:
        widget = _unwrap(bound.field.widget)
        value = bound.value()
        name = bound.html_name
        if isinstance(widget, MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
                formatted = sub.format_value(part)
                data[name + suffix] = "" if formatted is None else str(formatted)
        elif isinstance(widget, CheckboxInput):
            if value:
                data[name] = "on"
        elif getattr(widget, "allow_multiple_selected", False):
            data[name] = [str(v) for v in (value or [])]
        elif value is None:
            data[name] = ""
        else:
            formatted = widget.format_value(value)
            if isinstance(formatted, list):
                formatted = formatted[0] if formatted else ""
            data[name] = "" if formatted is None else str(formatted)
    return data


def formsets_data(model_admin, request, obj) -> dict:
    data: dict = {}
    prefixes: dict[str, int] = {}
    for formset_class, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset_class.get_default_prefix()
        prefixes[prefix] = prefixes.get(prefix, 0) + 1
        if prefixes[prefix] != 1:
            prefix = f"{prefix}-{prefixes[prefix]}"
        formset = formset_class(instance=obj, prefix=prefix, queryset=None)
        forms = formset.initial_forms if obj is not None else []
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(forms)),
                f"{prefix}-INITIAL_FORMS": str(len(forms)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for form in forms:
            data.update(form_data(form))
    return data


def snapshot(obj) -> dict:
    obj = type(obj)._default_manager.get(pk=obj.pk)
    state = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        state[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    for relation in obj._meta.related_objects:
        if relation.one_to_many and relation.on_delete is models.CASCADE:
            accessor = relation.get_accessor_name()
            state[accessor] = sorted(getattr(obj, accessor).values_list("pk", flat=True))
    return state


def _signed_in(user: User) -> Client:
    from ankommen.twofactor import mark_verified

    client = Client()
    client.force_login(user)
    session = client.session
    mark_verified(session, user)  # the case roles' second factor, done
    session.save()
    return client


def _relation_fields(form_class, model):
    for name, field in form_class.base_fields.items():
        if isinstance(field, ModelChoiceField):
            yield name, field, field.queryset.model


def _swapped(data: dict, name: str, field, value) -> dict:
    changed = dict(data)
    if getattr(_unwrap(field.widget), "allow_multiple_selected", False):
        changed[name] = [*data.get(name, []), str(value.pk)]
    else:
        changed[name] = "" if value is None else str(value.pk)
    return changed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=ADMIN_IDS)
def test_a_change_saving_an_out_of_scope_value_is_refused(world, model, role):
    user = world.user(role)
    model_admin = admin.site._registry[model]
    request = _request(user)
    obj = _own_object(model_admin, request, user)
    if obj is None:
        pytest.skip(f"{role} changes no {model._meta.verbose_name}")
    form_class = model_admin.get_form(request, obj, change=True)
    data = {**form_data(form_class(instance=obj)), **formsets_data(model_admin, request, obj)}
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    client = _signed_in(user)
    problems = []
    for name, field, related in _relation_fields(form_class, model):
        values = _out_of_scope_values(user, world, related)
        if name == "region" and not field.required:
            values.append(None)  # a record for every region
        for value in values:
            swapped = _swapped(data, name, field, value)
            # Refused by the form already (the fast path) — or else the whole POST must be.
            if name in _form_errors(model_admin, request, obj, swapped):
                continue
            before = snapshot(obj)
            with transaction.atomic():
                response = client.post(url, swapped)
                written = snapshot(obj) != before
                transaction.set_rollback(True)
            # A 302 is the admin's "saved"; a refusal is a 200 with errors, 403 or 404.
            if response.status_code == 302 or written:
                why = "no region" if value is None else out_of_scope(user, value)
                problems.append(f"{name} = {value} ({why})")
    # The same form with its own values is accepted: the refusals above are the scope's.
    response = client.post(url, data)
    errors = _errors(response)
    assert response.status_code == 302, f"the unchanged form was refused: {errors}"
    assert not problems, f"{_admin_id(model)} saved as {role}:\n" + "\n".join(problems)


def _form_errors(model_admin, request, obj, data) -> dict:
    form = model_admin.get_form(request, obj, change=True)(data=data, instance=obj)
    form.is_valid()
    return form.errors


def _errors(response) -> str:
    context = response.context
    if not context or "adminform" not in context:
        return f"status {response.status_code}"
    found = [context["adminform"].form.errors]
    found += [fs.formset.errors for fs in context.get("inline_admin_formsets", [])]
    return repr(found)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=ADMIN_IDS)
def test_an_add_form_refuses_an_out_of_scope_value(world, model, role):
    """The add form, filled like one of the user's records, with one out-of-scope value:
    that field is refused (the other fields may err too — the record already exists)."""
    user = world.user(role)
    model_admin = admin.site._registry[model]
    request = _request(user)
    if not model_admin.has_add_permission(request):
        pytest.skip(f"{role} adds no {model._meta.verbose_name}")
    form_class = model_admin.get_form(request, None, change=False)
    obj = _own_object(model_admin, request, user)
    data = form_data(form_class(instance=obj)) if obj is not None else {}
    accepted = []
    for name, field, related in _relation_fields(form_class, model):
        values = _out_of_scope_values(user, world, related)
        if name == "region" and not field.required:
            values.append(None)
        for value in values:
            form = form_class(data=_swapped(data, name, field, value))
            if form.is_valid() or name not in form.errors:
                accepted.append(f"{name} = {value} ({out_of_scope(user, value) or 'no region'})")
    assert not accepted, f"{_admin_id(model)} add as {role} accepts:\n" + "\n".join(accepted)


# --- The attacks of issue 13, as they were made -----------------------------------------


def _add_post(user: User, model, data: dict):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    return _signed_in(user).post(url, data)


def _offer_data(region: Region, organisation: Organisation, key: str) -> dict:
    return {
        "region": region.pk,
        "key": key,
        "organisation": organisation.pk,
        "maintainer": organisation.pk,
        "kind": "counselling",
        "level": "municipality",
        "cost": "free",
        "last_confirmed": "2026-01-01",
        "is_published": "on",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }


def test_an_officer_publishes_an_offer_of_her_town_in_her_region(world):
    from ankommen.directory.models import Offer

    response = _add_post(
        world.cast.officer_verl,
        Offer,
        _offer_data(world.cast.region, world.cast.verl_organisation, "eigenes"),
    )
    assert response.status_code == 302, _errors(response)
    assert Offer.objects.filter(key="eigenes", region=world.cast.region).exists()


def test_an_officer_cannot_publish_an_offer_in_another_region(world):
    from ankommen.directory.models import Offer

    cast = world.cast
    response = _add_post(
        cast.officer_verl, Offer, _offer_data(cast.other_region, cast.other_organisation, "fremd")
    )
    assert response.status_code != 302
    assert not Offer.objects.filter(key="fremd").exists()


def test_an_editor_cannot_hand_her_offer_to_another_organisation(world):
    from ankommen.directory.models import Offer

    cast = world.cast
    offer = Offer.objects.get(key="angebot-gt")
    form_class = admin.site._registry[Offer].get_form(_request(cast.caritas_editor), offer)
    data = {**form_data(form_class(instance=offer)), "maintainer": cast.versmold_organisation.pk}
    data.update(formsets_data(admin.site._registry[Offer], _request(cast.caritas_editor), offer))
    url = reverse("admin:directory_offer_change", args=[offer.pk])
    response = _signed_in(cast.caritas_editor).post(url, data)
    assert response.status_code != 302
    offer.refresh_from_db()
    assert offer.maintainer == cast.kreis_organisation


def test_a_ki_coordinator_cannot_add_a_search_concept_for_every_region(world):
    from ankommen.directory.models import SearchConcept

    response = _add_post(
        world.cast.ki_coordinator,
        SearchConcept,
        {"region": "", "name": "Überall", "terms": "everywhere", "expands_to": "wohnung"},
    )
    assert response.status_code != 302
    assert not SearchConcept.objects.filter(name="Überall").exists()


def test_a_ki_coordinator_cannot_add_a_glossary_entry_in_another_region(world):
    from ankommen.portal.models import GlossaryEntry

    response = _add_post(
        world.cast.ki_coordinator,
        GlossaryEntry,
        {
            "region": world.cast.other_region.pk,
            "term": "FREMD",
            "expansion": '{"de": "x"}',
            "explanation": '{"de": "x"}',
        },
    )
    assert response.status_code != 302
    assert not GlossaryEntry.objects.filter(term="FREMD").exists()


def test_an_editor_cannot_add_a_place_in_another_region(world):
    from ankommen.directory.models import Place

    response = _add_post(
        world.cast.caritas_editor,
        Place,
        {
            "region": world.cast.other_region.pk,
            "key": "fremder-ort",
            "name": "Fremder Ort",
            "area": world.other_town.pk,
            "hours-TOTAL_FORMS": "0",
            "hours-INITIAL_FORMS": "0",
            "exceptions-TOTAL_FORMS": "0",
            "exceptions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code != 302
    assert not Place.objects.filter(key="fremder-ort").exists()


def test_a_record_saved_outside_the_users_scope_is_refused_after_saving_and_rolled_back(world):
    """The last line of defence, behind the choices: the record as saved (relations and
    inlines included) must be one the user may change; else 403 and nothing written."""
    from ankommen.directory.models import Offer

    cast = world.cast
    offer = Offer.objects.get(key="angebot-verl")
    model_admin = admin.site._registry[Offer]
    request = _request(cast.officer_verl)
    form = model_admin.get_form(request, offer, change=True)
    data = {**form_data(form(instance=offer)), **formsets_data(model_admin, request, offer)}
    url = reverse("admin:directory_offer_change", args=[offer.pk])
    data["maintainer"] = cast.versmold_organisation.pk

    def everything(self, user):
        return Organisation.objects.all()

    # Choices widened by mistake, as a careless admin of tomorrow might: still refused.
    with mock.patch("ankommen.core.models.OrganisationQuerySet.editable_by", everything):
        response = _signed_in(cast.officer_verl).post(url, data)
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.maintainer == cast.verl_organisation


# --- The staff pages' forms (listed in core/tenancy.py) ---------------------------------


def _case_of(world: World, user: User):
    """A case the user works on, if she works on cases."""
    from ankommen.cases.models import Case
    from ankommen.cases.tests.factories import CaseFactory

    if not scope_of(user).case_manager_organisation_ids:
        return None
    case = Case.objects.visible_to(user).first()
    if case is None:
        cast = world.cast
        case = CaseFactory(
            region=cast.region,
            organisation=cast.kreis_organisation,
            town=cast.verl,
            team=Team.objects.get(name="KIM Verl"),
            assigned_to=cast.case_manager,
        )
    return case


def _page_form(path: str, form_path: str):
    """A staff page's form as the page builds it for the user in her first region."""

    def build(world: World, user: User):
        regions = sorted(scope_of(user).staff_region_ids)
        if not regions:
            return None
        region = Region.objects.get(pk=regions[0])
        response = _signed_in(user).get(reverse(path, kwargs={"region": region.slug}))
        if response.status_code != 200:
            return None
        wanted = _import(form_path)
        return next(
            (v for c in response.context for v in c.flatten().values() if isinstance(v, wanted)),
            None,
        )

    return build


def _in_region(make):
    def build(world: World, user: User):
        regions = sorted(scope_of(user).staff_region_ids)
        return make(Region.objects.get(pk=regions[0])) if regions else None

    return build


def _for_case(make):
    def build(world: World, user: User):
        case = _case_of(world, user)
        return make(case) if case is not None else None

    return build


def _for_mediator(world: World, user: User):
    from ankommen.mediation.forms import ConflictForm
    from ankommen.mediation.models import Mediator

    mediator = Mediator.objects.editable_by(user).first()
    return ConflictForm(mediator=mediator) if mediator is not None else None


def _import(dotted: str):
    from importlib import import_module

    module, name = dotted.rsplit(".", 1)
    return getattr(import_module(module), name)


# How the test builds each listed staff form that offers related records the way its view
# does. A listed form without related choices needs no entry.
def _plain(path: str):
    """A form whose choices do not depend on the page (shared vocabularies)."""

    def build(world: World, user: User):
        return _import(path)() if scope_of(user).has_staff_access else None

    return build


def _first_in_region(model_path: str, region_path: str, make):
    """A form built for the first record of her first region (None: the world has none)."""

    def build(world: World, user: User):
        regions = sorted(scope_of(user).staff_region_ids)
        if not regions:
            return None
        record = _import(model_path).objects.filter(**{region_path: regions[0]}).first()
        return make(record, user) if record is not None else None

    return build


def _crisis_areas(make, municipalities: bool = False):
    def build(world: World, user: User):
        from ankommen.crisis.permissions import areas_for

        regions = sorted(scope_of(user).staff_region_ids)
        if not regions:
            return None
        region = Region.objects.get(pk=regions[0])
        areas = areas_for(user, region)
        if municipalities:
            areas = areas.filter(kind="municipality")
        return make(region, areas) if areas.exists() else None

    return build


def _volunteering(path: str):
    def build(world: World, user: User):
        from ankommen.volunteering.staff_views import _organisations

        regions = sorted(scope_of(user).staff_region_ids)
        if not regions:
            return None
        region = Region.objects.get(pk=regions[0])
        return _import(path)(region=region, organisations=_organisations(user, region))

    return build


STAFF_FORM_BUILDERS = {
    # The modules of stop 27: each form built as its staff page builds it.
    "ankommen.coverage.forms.StandardRowForm": _in_region(
        lambda region: _import("ankommen.coverage.forms.StandardRowForm")(region=region)
    ),
    "ankommen.coverage.forms.NewStepForm": _in_region(
        lambda region: _import("ankommen.coverage.forms.NewStepForm")(region=region)
    ),
    "ankommen.coverage.forms.LinkStepForm": _in_region(
        lambda region: _import("ankommen.coverage.forms.LinkStepForm")(region=region)
    ),
    "ankommen.crisis.forms.StructureForm": _crisis_areas(
        lambda region, areas: _import("ankommen.crisis.forms.StructureForm")(
            areas=areas, keepers=_import("ankommen.crisis.staff_views._keepers")(region)
        )
    ),
    "ankommen.crisis.forms.SwitchForm": _in_region(
        lambda region: _import("ankommen.crisis.forms.SwitchForm")(region=region)
    ),
    "ankommen.crisis.forms.ReportForm": _crisis_areas(
        lambda region, areas: _import("ankommen.crisis.forms.ReportForm")(areas=areas),
        municipalities=True,
    ),
    "ankommen.crisis.forms.NewsForm": _in_region(
        lambda region: _import("ankommen.crisis.forms.NewsForm")(towns=region.towns())
    ),
    "ankommen.crisis.forms.NewsTranslationForm": _in_region(
        lambda region: _import("ankommen.crisis.forms.NewsTranslationForm")(
            languages=region.languages.all()
        )
    ),
    "ankommen.crisis.forms.CrisisPageForm": _in_region(
        lambda region: _import("ankommen.crisis.forms.CrisisPageForm")(towns=region.towns())
    ),
    "ankommen.networks.forms.MembershipForm": _first_in_region(
        "ankommen.networks.models.Body",
        "region",
        lambda body, user: _import("ankommen.networks.forms.MembershipForm")(body=body),
    ),
    "ankommen.networks.forms.TaskForm": _first_in_region(
        "ankommen.networks.models.Body",
        "region",
        lambda body, user: _import("ankommen.networks.forms.TaskForm")(body=body),
    ),
    "ankommen.networks.forms.DecisionForm": _first_in_region(
        "ankommen.networks.models.Meeting",
        "body__region",
        lambda meeting, user: _import("ankommen.networks.forms.DecisionForm")(meeting=meeting),
    ),
    "ankommen.volunteering.forms.OpportunityForm": _volunteering(
        "ankommen.volunteering.forms.OpportunityForm"
    ),
    "ankommen.volunteering.forms.VolunteerForm": _volunteering(
        "ankommen.volunteering.forms.VolunteerForm"
    ),
    "ankommen.volunteering.forms.TrainingForm": _in_region(
        lambda region: _import("ankommen.volunteering.forms.TrainingForm")(
            region=region,
            organisations=_import("ankommen.core.models.Organisation").objects.filter(
                region=region
            ),
        )
    ),
    "ankommen.volunteering.forms.HoursForm": _first_in_region(
        "ankommen.volunteering.models.Volunteer",
        "region",
        lambda volunteer, user: _import("ankommen.volunteering.forms.HoursForm")(
            volunteer=volunteer
        ),
    ),
    "ankommen.volunteering.forms.EngagementForm": _first_in_region(
        "ankommen.volunteering.models.Volunteer",
        "region",
        lambda volunteer, user: _import("ankommen.volunteering.forms.EngagementForm")(
            volunteer=volunteer
        ),
    ),
    "ankommen.accounts.forms.InvitationForm": _page_form(
        "accounts:people", "ankommen.accounts.forms.InvitationForm"
    ),
    "ankommen.portal.forms.PageServiceForm": lambda world, user: _in_region(
        lambda region: _import("ankommen.portal.forms.PageServiceForm")(region=region, user=user)
    )(world, user),
    "ankommen.cases.forms.ClientForm": _plain("ankommen.cases.forms.ClientForm"),
    "ankommen.cases.forms.StructuralProblemForm": _for_case(
        lambda case: _import("ankommen.cases.forms.StructuralProblemForm")(case=case)
    ),
    "ankommen.actionplan.forms.PlanFilterForm": _in_region(
        lambda region: _import("ankommen.actionplan.forms.PlanFilterForm")(region=region)
    ),
    "ankommen.actionplan.forms.OrganisationChoiceForm": _page_form(
        "actionplan_staff:mine", "ankommen.actionplan.forms.OrganisationChoiceForm"
    ),
    "ankommen.cases.forms.NewCaseForm": _in_region(
        lambda region: _import("ankommen.cases.forms.NewCaseForm")(region=region)
    ),
    "ankommen.cases.forms.InterpreterRequestForm": _for_case(
        lambda case: _import("ankommen.cases.forms.InterpreterRequestForm")(case=case)
    ),
    "ankommen.cases.forms.ConsentForm": _for_case(
        lambda case: _import("ankommen.cases.forms.ConsentForm")(case=case)
    ),
    "ankommen.cases.forms.ReferralForm": _for_case(
        lambda case: _import("ankommen.cases.forms.ReferralForm")(case=case)
    ),
    "ankommen.cases.forms.ConferenceForm": _for_case(
        lambda case: _import("ankommen.cases.forms.ConferenceForm")(case=case)
    ),
    "ankommen.cases.forms.TransferForm": _for_case(
        lambda case: _import("ankommen.cases.forms.TransferForm")(case=case)
    ),
    "ankommen.cases.forms.WorkflowForm": _for_case(
        lambda case: _import("ankommen.cases.forms.WorkflowForm")(case=case)
    ),
    "ankommen.mediation.forms.MediationRequestForm": _page_form(
        "mediation:request_new", "ankommen.mediation.forms.MediationRequestForm"
    ),
    "ankommen.mediation.forms.ConflictForm": _for_mediator,
    "ankommen.monitoring.forms.ImportForm": _in_region(
        lambda region: _import("ankommen.monitoring.forms.ImportForm")(region=region)
    ),
}


def _staff_form_choice_problems(form, user: User) -> list[str]:
    problems = []
    for name, field in form.fields.items():
        if not isinstance(field, ModelChoiceField):
            continue
        for obj in field.queryset:
            foreign = _tenants(obj) - set(scope_of(user).region_ids)
            if foreign or (isinstance(obj, User) and obj.is_superuser):
                problems.append(f"{name} offers {obj} (of another region)")
                break
    return problems


def _staff_forms() -> list[str]:
    from ankommen.core.tenancy import STAFF_FORMS

    return STAFF_FORMS


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", _staff_forms())
def test_every_choice_a_staff_form_offers_is_in_the_users_regions(world, path, role):
    form_class = _import(path)
    related = [
        name for name, f in form_class.base_fields.items() if isinstance(f, ModelChoiceField)
    ]
    if not related:
        pytest.skip(f"{path} offers no related records")
    assert path in STAFF_FORM_BUILDERS, f"{path} offers {related}: add a builder here"
    user = world.user(role)
    form = STAFF_FORM_BUILDERS[path](world, user)
    if form is None:
        pytest.skip(f"{role} has no page with {path}")
    problems = _staff_form_choice_problems(form, user)
    assert not problems, f"{path} as {role}:\n" + "\n".join(problems)


def _project_forms():
    """Every form class defined in the project's modules."""
    import pkgutil
    from importlib import import_module

    from django import forms

    import ankommen

    for info in pkgutil.walk_packages(ankommen.__path__, "ankommen."):
        if ".tests" in info.name or ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        if info.name.rsplit(".", 1)[-1] not in (
            "forms",
            "admin",
            "views",
            "staff_views",
            "public_views",
        ):
            continue
        module = import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def test_every_model_form_is_an_admin_form_or_a_listed_staff_form():
    from django import forms

    from ankommen.core.tenancy import PUBLIC_FORMS, STAFF_FORMS

    admin_forms_in_use = {type(a).form for a in admin.site._registry.values()}
    listed = set(STAFF_FORMS) | set(PUBLIC_FORMS)
    unlisted = []
    for form_class in _project_forms():
        path = f"{form_class.__module__}.{form_class.__qualname__}"
        offers_records = any(
            isinstance(f, ModelChoiceField) for f in form_class.base_fields.values()
        )
        if not (issubclass(form_class, forms.ModelForm) or offers_records):
            continue
        if form_class in admin_forms_in_use or form_class.__module__.endswith(".admin"):
            continue
        if path not in listed:
            unlisted.append(path)
    assert not unlisted, (
        "List these forms in STAFF_FORMS or PUBLIC_FORMS (ankommen/core/tenancy.py), so "
        "that the tenant-isolation test covers them:\n" + "\n".join(unlisted)
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=ADMIN_IDS)
def test_every_list_filter_names_only_records_in_the_users_scope(world, model, role):
    """The list's side filters are choices too: they must not list the other region's
    regions, organisations or indicators."""
    from django.contrib.admin.filters import RelatedFieldListFilter

    user = world.user(role)
    model_admin = admin.site._registry[model]
    request = _request(user)
    if not model_admin.has_view_or_change_permission(request):
        pytest.skip(f"{role} has no list of {model._meta.verbose_name_plural}")
    changelist = model_admin.get_changelist_instance(request)
    problems = []
    for spec in changelist.filter_specs:
        if not isinstance(spec, RelatedFieldListFilter):
            continue
        related = spec.field.remote_field.model
        for pk, _label in spec.lookup_choices:
            why = out_of_scope(user, related._default_manager.get(pk=pk))
            if why and "does not edit" not in why:
                problems.append(f"{spec.field_path} lists {_label} ({why})")
                break
    assert not problems, f"{_admin_id(model)} as {role}:\n" + "\n".join(problems)
