"""The translation workflow for offers, events, categories and the glossary: states when
the German changes, the boards per language, who may translate what, optimistic locking,
machine translation against a real local provider and its review."""

import pytest
from django.utils import translation

from ankommen.core.loader import load_platform
from ankommen.core.models import Language, TargetGroup
from ankommen.core.tests.factories import OrganisationFactory
from ankommen.core.text_translations import Bookkeeping
from ankommen.core.translation import TranslationState
from ankommen.directory.models import Offer, OfferTranslation
from ankommen.directory.tests.factories import EventFactory, OfferFactory
from ankommen.portal.models import GlossaryEntry

pytestmark = pytest.mark.django_db

BASE = "/kreis-guetersloh/intern/portal/inhalte"


@pytest.fixture
def region(cast):
    load_platform()
    cast.region.languages.set(Language.objects.all())
    return cast.region


def _lang(code):
    return Language.objects.get(code=code)


@pytest.fixture
def caritas_offer(region, cast):
    """An offer of the Caritas, maintained by its editors, in German and Romanian."""
    offer = OfferFactory(organisation=cast.kreis_organisation, title="Migrationsberatung")
    OfferTranslation.objects.create(offer=offer, language=_lang("ro"), title="Consiliere")
    return offer


@pytest.fixture
def verl_event(region, cast):
    return EventFactory(
        organisation=cast.kreis_organisation,
        area=cast.verl,
        title="Infoabend",
        titles={"ro": "Seară de informare"},
    )


@pytest.fixture
def target_group(region):
    return TargetGroup.objects.create(
        region=region, slug="frauen", name="Frauen", names={"ro": "Femei"}
    )


@pytest.fixture
def glossary_entry(region):
    return GlossaryEntry.objects.create(
        region=region,
        term="Kita",
        expansion={"de": "Kindertagesstätte", "ro": "Grădiniță"},
        explanation={"de": "Betreuung für Kinder.", "ro": "Îngrijire pentru copii."},
    )


def _state(record, code):
    return Bookkeeping(type(record), [record]).state(record, code)


def _offer_state(offer, code):
    offer.refresh_from_db()
    return OfferTranslation.objects.get(offer=offer, language__code=code).state(offer)


def _form(client, url, **changes):
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(changes)
    return data


# --- States -----------------------------------------------------------------------------


def test_changing_the_german_offer_text_makes_the_romanian_outdated(caritas_offer):
    german = OfferTranslation.objects.get(offer=caritas_offer, language__code="de")
    german.summary = "Neue Sprechzeiten"
    german.save()
    assert _offer_state(caritas_offer, "ro") == TranslationState.OUTDATED


def test_saving_the_german_offer_text_unchanged_keeps_translations_up_to_date(caritas_offer):
    OfferTranslation.objects.get(offer=caritas_offer, language__code="de").save()
    assert _offer_state(caritas_offer, "ro") == TranslationState.UP_TO_DATE


def test_a_romanian_text_rewritten_after_the_german_change_is_up_to_date(caritas_offer):
    german = OfferTranslation.objects.get(offer=caritas_offer, language__code="de")
    german.title = "Migrationsberatung für Erwachsene"
    german.save()
    romanian = OfferTranslation.objects.get(offer=caritas_offer, language__code="ro")
    romanian.title = "Consiliere pentru adulți"
    romanian.save()
    assert _offer_state(caritas_offer, "ro") == TranslationState.UP_TO_DATE


def test_changing_an_events_german_title_makes_its_translations_outdated(verl_event):
    verl_event.title = "Infoabend für Neuzugewanderte"
    verl_event.save()
    assert _state(verl_event, "ro") == TranslationState.OUTDATED


def test_an_event_translation_changed_after_the_german_is_made_from_the_new_version(
    verl_event,
):
    verl_event.title = "Infoabend für Neuzugewanderte"
    verl_event.save()
    verl_event.titles = {"ro": "Seară de informare pentru nou-veniți"}
    verl_event.save()
    assert _state(verl_event, "ro") == TranslationState.UP_TO_DATE


def test_an_event_without_a_translation_is_missing_in_that_language(verl_event):
    assert _state(verl_event, "ar") == TranslationState.MISSING


def test_renaming_a_target_group_in_german_makes_its_names_outdated(target_group):
    target_group.name = "Frauen und Mädchen"
    target_group.save()
    assert _state(target_group, "ro") == TranslationState.OUTDATED


def test_changing_a_german_glossary_explanation_makes_the_translations_outdated(
    glossary_entry,
):
    glossary_entry.explanation = {**glossary_entry.explanation, "de": "Tagesbetreuung."}
    glossary_entry.save()
    assert _state(glossary_entry, "ro") == TranslationState.OUTDATED


# --- Boards -----------------------------------------------------------------------------


def test_the_coordinators_board_lists_outdated_offers_events_categories_and_glossary(
    cast, client_for, caritas_offer, verl_event, target_group, glossary_entry
):
    for record, change in (
        (verl_event, {"title": "Infoabend neu"}),
        (target_group, {"name": "Frauen und Mädchen"}),
        (glossary_entry, {"explanation": {"de": "Neu.", "ro": "Îngrijire pentru copii."}}),
    ):
        for field, value in change.items():
            setattr(record, field, value)
        record.save()
    german = OfferTranslation.objects.get(offer=caritas_offer, language__code="de")
    german.title = "Beratung neu"
    german.save()
    response = client_for(cast.ki_coordinator).get(f"{BASE}/ro/")
    listed = {
        (kind.slug, item.record.pk, item.state)
        for kind, items in response.context["sections"]
        for item in items
    }
    assert listed == {
        ("angebot", caritas_offer.pk, TranslationState.OUTDATED),
        ("termin", verl_event.pk, TranslationState.OUTDATED),
        ("zielgruppe", target_group.pk, TranslationState.OUTDATED),
        ("glossar", glossary_entry.pk, TranslationState.OUTDATED),
    }


def test_the_board_lists_what_is_missing_in_a_language(cast, client_for, caritas_offer):
    response = client_for(cast.ki_coordinator).get(f"{BASE}/ar/")
    offers = dict((kind.slug, items) for kind, items in response.context["sections"])["angebot"]
    assert [(item.record, item.state) for item in offers] == [
        (caritas_offer, TranslationState.MISSING)
    ]


def test_the_caritas_editor_sees_her_organisations_offers_but_no_categories(
    cast, client_for, caritas_offer, target_group
):
    response = client_for(cast.caritas_editor).get(f"{BASE}/ar/")
    kinds = {kind.slug for kind, _items in response.context["sections"]}
    assert kinds == {"angebot", "termin"}


def test_the_caritas_editor_does_not_see_another_organisations_offers(cast, client_for, region):
    other = OfferFactory(organisation=cast.versmold_organisation, title="Familiencafé")
    response = client_for(cast.caritas_editor).get(f"{BASE}/ar/")
    offers = dict((kind.slug, items) for kind, items in response.context["sections"])["angebot"]
    assert other.pk not in {item.record.pk for item in offers}


def test_german_has_no_board(cast, client_for, region):
    assert client_for(cast.ki_coordinator).get(f"{BASE}/de/").status_code == 404


# --- Editing and permissions ------------------------------------------------------------


def test_the_caritas_editor_translates_her_offer_into_arabic(cast, client_for, caritas_offer):
    client = client_for(cast.caritas_editor)
    url = f"{BASE}/angebot/{caritas_offer.pk}/ar/"
    response = client.post(url, _form(client, url, title="استشارة الهجرة"))
    assert response.status_code == 302
    assert _offer_state(caritas_offer, "ar") == TranslationState.UP_TO_DATE


def test_the_edit_form_shows_the_german_source_beside_it(cast, client_for, caritas_offer):
    response = client_for(cast.caritas_editor).get(f"{BASE}/angebot/{caritas_offer.pk}/ar/")
    assert "Migrationsberatung" in [
        text for _label, text, _rich in response.context["german_fields"]
    ]


def test_an_editor_of_another_organisation_may_not_translate_the_offer(cast, client_for, region):
    offer = OfferFactory(organisation=cast.versmold_organisation, title="Familiencafé")
    response = client_for(cast.caritas_editor).get(f"{BASE}/angebot/{offer.pk}/ar/")
    assert response.status_code == 404


def test_an_editor_of_another_organisation_cannot_post_a_translation(cast, client_for, region):
    offer = OfferFactory(organisation=cast.versmold_organisation, title="Familiencafé")
    client_for(cast.caritas_editor).post(
        f"{BASE}/angebot/{offer.pk}/ar/",
        {"title": "x", "opened_source_version": 1, "expected_version": 0},
    )
    assert not OfferTranslation.objects.filter(offer=offer, language__code="ar").exists()


def test_another_regions_coordinator_may_not_open_the_board(cast, client_for, caritas_offer):
    response = client_for(cast.other_coordinator).get(f"{BASE}/ro/")
    assert response.status_code in (403, 404)


def test_another_regions_coordinator_may_not_translate_an_event(cast, client_for, verl_event):
    response = client_for(cast.other_coordinator).get(f"{BASE}/termin/{verl_event.pk}/ar/")
    assert response.status_code in (403, 404)


def test_the_caritas_editor_may_not_translate_a_target_group(cast, client_for, target_group):
    response = client_for(cast.caritas_editor).get(f"{BASE}/zielgruppe/{target_group.pk}/ar/")
    assert response.status_code == 404


def test_the_coordinator_translates_a_glossary_entry(cast, client_for, glossary_entry):
    client = client_for(cast.ki_coordinator)
    url = f"{BASE}/glossar/{glossary_entry.pk}/uk/"
    client.post(url, _form(client, url, expansion="Дитсадок", explanation="Догляд за дітьми."))
    glossary_entry.refresh_from_db()
    assert glossary_entry.explanation["uk"] == "Догляд за дітьми."


def test_changing_the_german_in_the_form_makes_the_event_outdated(cast, client_for, verl_event):
    client = client_for(cast.caritas_editor)
    url = f"{BASE}/termin/{verl_event.pk}/de/"
    client.post(url, _form(client, url, title="Infoabend im Rathaus"))
    verl_event.refresh_from_db()
    assert _state(verl_event, "ro") == TranslationState.OUTDATED


def test_two_people_saving_one_event_translation_do_not_overwrite_each_other(
    cast, client_for, verl_event
):
    client = client_for(cast.ki_coordinator)
    url = f"{BASE}/termin/{verl_event.pk}/ar/"
    first = _form(client, url, title="أمسية")
    second = dict(first, title="لقاء")
    assert client.post(url, first).status_code == 302
    with translation.override("en"):
        response = client.post(url, second, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    verl_event.refresh_from_db()
    assert verl_event.titles["ar"] == "أمسية"


def test_two_people_saving_one_offer_translation_do_not_overwrite_each_other(
    cast, client_for, caritas_offer
):
    client = client_for(cast.ki_coordinator)
    url = f"{BASE}/angebot/{caritas_offer.pk}/ar/"
    first = _form(client, url, title="أ")
    second = dict(first, title="ب")
    client.post(url, first)
    assert client.post(url, second).status_code == 409


def test_a_translation_opened_before_the_german_changed_is_refused(cast, client_for, caritas_offer):
    client = client_for(cast.ki_coordinator)
    url = f"{BASE}/angebot/{caritas_offer.pk}/ro/"
    stale = _form(client, url, title="Consiliere nouă")
    german = OfferTranslation.objects.get(offer=caritas_offer, language__code="de")
    german.title = "Beratung"
    german.save()
    client.post(url, stale)
    assert OfferTranslation.objects.get(offer=caritas_offer, language__code="ro").title == (
        "Consiliere"
    )


# --- Machine translation ----------------------------------------------------------------


def test_without_a_provider_there_is_no_machine_translation_button(
    cast, client_for, caritas_offer, settings
):
    settings.PORTAL_MACHINE_TRANSLATION = {"provider": "", "url": ""}
    response = client_for(cast.caritas_editor).get(f"{BASE}/angebot/{caritas_offer.pk}/ar/")
    assert not response.context["machine_available"]


def test_machine_translation_of_an_offer_waits_for_review(
    cast, client_for, caritas_offer, provider_server
):
    client_for(cast.caritas_editor).post(
        f"{BASE}/angebot/{caritas_offer.pk}/ar/maschinell/", {"expected_version": 0}
    )
    assert _offer_state(caritas_offer, "ar") == TranslationState.MACHINE


def test_a_machine_translated_offer_is_listed_on_the_board(
    cast, client_for, caritas_offer, provider_server
):
    client = client_for(cast.caritas_editor)
    client.post(f"{BASE}/angebot/{caritas_offer.pk}/ar/maschinell/", {"expected_version": 0})
    response = client.get(f"{BASE}/ar/")
    offers = dict((kind.slug, items) for kind, items in response.context["sections"])["angebot"]
    assert [item.state for item in offers] == [TranslationState.MACHINE]


def test_a_reviewer_marks_the_machine_translated_event_reviewed(
    cast, client_for, verl_event, provider_server
):
    client = client_for(cast.ki_coordinator)
    base = f"{BASE}/termin/{verl_event.pk}/uk"
    client.post(f"{base}/maschinell/", {"expected_version": 0})
    version = client.get(f"{base}/").context["item"].version
    client.post(f"{base}/geprueft/", {"expected_version": version})
    verl_event.refresh_from_db()
    assert _state(verl_event, "uk") == TranslationState.REVIEWED


def test_the_machine_translation_is_stored_in_the_events_map(
    cast, client_for, verl_event, provider_server
):
    client_for(cast.ki_coordinator).post(
        f"{BASE}/termin/{verl_event.pk}/uk/maschinell/", {"expected_version": 0}
    )
    verl_event.refresh_from_db()
    assert verl_event.titles["uk"] == "[UK] Infoabend" or verl_event.titles["uk"] == (
        "[uk] Infoabend"
    )


def test_a_failing_provider_leaves_the_translation_untouched(
    cast, client_for, caritas_offer, provider_server
):
    provider_server.mode = "quota"
    client_for(cast.caritas_editor).post(
        f"{BASE}/angebot/{caritas_offer.pk}/ro/maschinell/", {"expected_version": 1}
    )
    assert OfferTranslation.objects.get(offer=caritas_offer, language__code="ro").title == (
        "Consiliere"
    )


def test_review_answers_get_with_405(cast, client_for, verl_event):
    response = client_for(cast.ki_coordinator).get(f"{BASE}/termin/{verl_event.pk}/uk/geprueft/")
    assert response.status_code == 405


def test_the_region_home_offers_the_content_translations_to_the_caritas_editor(
    cast, client_for, caritas_offer
):
    from ankommen.core.modules import staff_modules

    urls = [module.url for module in staff_modules(cast.caritas_editor, cast.region)]
    assert f"{BASE}/" in urls


def test_an_offer_of_another_region_is_not_on_the_board(cast, client_for, region):
    other = OfferFactory(organisation=OrganisationFactory(region=cast.other_region))
    response = client_for(cast.ki_coordinator).get(f"{BASE}/ar/")
    offers = dict((kind.slug, items) for kind, items in response.context["sections"])["angebot"]
    assert other not in {item.record for item in offers}
    assert Offer.objects.filter(pk=other.pk).exists()


def test_deleting_an_event_deletes_its_translation_states(verl_event):
    from ankommen.core.models import TextTranslation

    verl_event.title = "Infoabend neu"
    verl_event.save()
    pk = verl_event.pk
    verl_event.delete()
    assert not TextTranslation.objects.filter(object_id=pk).exists()


@pytest.fixture
def town_hall(region, cast):
    from ankommen.directory.tests.factories import PlaceFactory

    return PlaceFactory(area=cast.verl, name="Rathaus Verl", name_translations={"uk": "Ратуша"})


def test_renaming_a_place_in_german_makes_its_translated_name_outdated(town_hall):
    town_hall.name = "Rathaus der Stadt Verl"
    town_hall.save()
    assert _state(town_hall, "uk") == TranslationState.OUTDATED


def test_a_place_without_a_translated_name_is_not_listed_as_missing(cast, client_for, town_hall):
    response = client_for(cast.ki_coordinator).get(f"{BASE}/ar/")
    places = dict((kind.slug, items) for kind, items in response.context["sections"])["ort"]
    assert places == []


def test_the_caritas_editor_may_not_rename_a_place(cast, client_for, town_hall):
    response = client_for(cast.caritas_editor).get(f"{BASE}/ort/{town_hall.pk}/uk/")
    assert response.status_code == 404


def test_an_unknown_kind_of_content_answers_404(cast, client_for, caritas_offer):
    response = client_for(cast.ki_coordinator).get(f"{BASE}/rezept/{caritas_offer.pk}/ar/")
    assert response.status_code == 404


def test_machine_translation_answers_get_with_405(cast, client_for, caritas_offer):
    response = client_for(cast.caritas_editor).get(
        f"{BASE}/angebot/{caritas_offer.pk}/ar/maschinell/"
    )
    assert response.status_code == 405


def test_the_caritas_editor_is_told_of_her_outdated_offer_translations(cast, caritas_offer):
    from ankommen.core.modules import staff_tasks

    german = OfferTranslation.objects.get(offer=caritas_offer, language__code="de")
    german.title = "Beratung neu"
    german.save()
    tasks = {task.url: task.count for task in staff_tasks(cast.caritas_editor, cast.region)}
    assert tasks[f"{BASE}/"] == 1
