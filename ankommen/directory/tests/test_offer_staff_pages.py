"""Offers on the staff pages: who edits an offer's German texts, the list a person starts
from, and corrections proposed by those who may only see an offer."""

import datetime as dt

import pytest
from django.utils import timezone

from ankommen.core.models import Region
from ankommen.core.modules import modules_with
from ankommen.directory.models import Offer, OfferCorrection, OfferTranslation
from ankommen.directory.offer_staff_views import PER_PAGE
from ankommen.directory.tests.factories import OfferFactory
from ankommen.outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db

BASE = "/kreis-guetersloh/intern/angebote/"


@pytest.fixture
def offers(cast):
    verl = OfferFactory(organisation=cast.verl_organisation, key="treff-verl", title="Treff Verl")
    verl.areas.set([cast.verl])
    kreis = OfferFactory(
        organisation=cast.kreis_organisation,
        key="caritas-beratung",
        title="Caritas-Beratung",
        kind=Offer.Kind.LANGUAGE_COURSE,
    )
    kreis.areas.set([cast.verl, cast.versmold])
    versmold = OfferFactory(
        organisation=cast.versmold_organisation, key="familie-versmold", title="Familie Versmold"
    )
    versmold.areas.set([cast.versmold])
    other = OfferFactory(organisation=cast.other_organisation, key="buende", title="Bünde")
    return {"verl": verl, "kreis": kreis, "versmold": versmold, "other": other}


def texts(offer, **changes):
    german = offer.translation_in("de")
    data = {
        "title": german.title,
        "summary": german.summary,
        "description": german.description,
        "expected_version": offer.version,
    }
    data.update(changes)
    return data


def german_title(offer):
    return OfferTranslation.objects.get(offer=offer, language__code="de").title


def test_the_verl_officer_corrects_the_title_of_her_towns_offer(cast, offers, client_for):
    offer = offers["verl"]
    response = client_for(cast.officer_verl).post(
        f"{BASE}{offer.pk}/", texts(offer, title="Treffpunkt Verl", summary="Jeden Montag.")
    )
    assert response.status_code == 302
    row = OfferTranslation.objects.get(offer=offer, language__code="de")
    assert (row.title, row.summary) == ("Treffpunkt Verl", "Jeden Montag.")
    offer.refresh_from_db()
    assert offer.version == 2


def test_another_towns_officer_may_not_edit_the_offer(cast, offers, client_for):
    offer = offers["verl"]
    client = client_for(cast.officer_versmold)
    response = client.post(f"{BASE}{offer.pk}/", texts(offer, title="Anders"))
    assert response.status_code == 403
    assert german_title(offer) == "Treff Verl"
    page = client.get(f"{BASE}{offer.pk}/")
    assert page.context["form"] is None and page.context["correction_form"] is not None


def test_the_officer_may_not_edit_an_offer_of_an_organisation_beyond_her_town(
    cast, offers, client_for
):
    offer = offers["kreis"]  # the Caritas serves Verl and Versmold
    response = client_for(cast.officer_verl).post(f"{BASE}{offer.pk}/", texts(offer, title="X"))
    assert response.status_code == 403
    assert german_title(offer) == "Caritas-Beratung"


def test_the_organisation_editor_edits_her_organisations_offer_only(cast, offers, client_for):
    client = client_for(cast.caritas_editor)
    own = offers["kreis"]
    assert client.post(f"{BASE}{own.pk}/", texts(own, title="Caritas")).status_code == 302
    assert german_title(own) == "Caritas"
    foreign = offers["verl"]
    assert client.post(f"{BASE}{foreign.pk}/", texts(foreign, title="X")).status_code == 403
    assert german_title(foreign) == "Treff Verl"


def test_the_coordinator_edits_every_offer_of_her_region_but_none_of_another(
    cast, offers, client_for
):
    offer = offers["versmold"]
    client = client_for(cast.ki_coordinator)
    assert client.post(f"{BASE}{offer.pk}/", texts(offer, title="Familie")).status_code == 302
    other = offers["other"]
    # The other region's offer does not exist at this region's address.
    assert client.get(f"{BASE}{other.pk}/").status_code == 404
    outsider = client_for(cast.other_coordinator)
    assert outsider.get(BASE).status_code == 404
    assert outsider.post(f"{BASE}{offer.pk}/", texts(offer, title="Y")).status_code == 404
    assert german_title(offer) == "Familie"


def test_a_save_over_someone_elses_keeps_the_text_and_says_so(cast, offers, client_for):
    offer = offers["verl"]
    client = client_for(cast.officer_verl)
    stale = texts(offer, title="Mein Titel")
    client.post(f"{BASE}{offer.pk}/", texts(offer, title="Erster Titel"))
    response = client.post(f"{BASE}{offer.pk}/", stale)
    assert response.status_code == 409
    assert 'value="Mein Titel"' in response.content.decode()
    assert german_title(offer) == "Erster Titel"


def test_an_empty_title_is_refused_and_nothing_is_saved(cast, offers, client_for):
    offer = offers["verl"]
    response = client_for(cast.officer_verl).post(f"{BASE}{offer.pk}/", texts(offer, title=" "))
    assert response.status_code == 400
    offer.refresh_from_db()
    assert offer.version == 1 and german_title(offer) == "Treff Verl"


def test_the_officers_list_starts_with_her_towns_offers_by_title(cast, offers, client_for):
    response = client_for(cast.officer_verl).get(BASE)
    titles = [row["title"] for row in response.context["rows"]]
    assert titles == ["Caritas-Beratung", "Treff Verl"]
    html = response.content.decode()
    assert "Treff Verl" in html and "treff-verl" not in html
    edit = {row["title"]: row["may_edit"] for row in response.context["rows"]}
    assert edit == {"Caritas-Beratung": False, "Treff Verl": True}


def test_the_editors_list_starts_with_the_offers_she_may_edit(cast, offers, client_for):
    response = client_for(cast.caritas_editor).get(BASE)
    assert [row["title"] for row in response.context["rows"]] == ["Caritas-Beratung"]


def test_the_list_filters_by_town_kind_and_freshness(cast, offers, client_for):
    client = client_for(cast.ki_coordinator)
    everything = client.get(BASE).context["rows"]
    assert len(everything) == 3  # the other region's offer is not listed
    by_town = client.get(BASE, {"town": cast.versmold.pk}).context["rows"]
    assert {row["title"] for row in by_town} == {"Caritas-Beratung", "Familie Versmold"}
    by_kind = client.get(BASE, {"kind": Offer.Kind.LANGUAGE_COURSE}).context["rows"]
    assert [row["title"] for row in by_kind] == ["Caritas-Beratung"]
    Offer.objects.filter(pk=offers["verl"].pk).update(
        last_confirmed=timezone.localdate() - dt.timedelta(days=300)
    )
    stale = client.get(BASE, {"freshness": "stale"}).context["rows"]
    assert [(row["title"], row["freshness"]) for row in stale] == [("Treff Verl", "stale")]


def test_the_list_is_paginated(cast, client_for):
    for number in range(PER_PAGE + 2):
        OfferFactory(organisation=cast.kreis_organisation, title=f"Angebot {number:02d}")
    client = client_for(cast.ki_coordinator)
    first = client.get(BASE)
    assert len(first.context["rows"]) == PER_PAGE
    second = client.get(BASE, {"seite": 2})
    assert [row["title"] for row in second.context["rows"]] == ["Angebot 25", "Angebot 26"]


def test_a_correction_reaches_the_owner_by_mail_and_as_a_task(
    cast, offers, client_for, django_capture_on_commit_callbacks
):
    offer = offers["kreis"]
    cast.caritas_editor.email = "carla@example.org"
    cast.caritas_editor.save()
    client = client_for(cast.officer_verl)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}{offer.pk}/korrektur/", {"message": "Die Sprechzeit ist jetzt dienstags."}
        )
    assert response.status_code == 302
    correction = OfferCorrection.objects.get()
    assert (correction.offer, correction.author) == (offer, cast.officer_verl)
    mail = OutgoingMail.objects.get()
    assert mail.recipients == ["carla@example.org"]
    assert "dienstags" in mail.body and f"{BASE}{offer.pk}/" in mail.body
    [config] = [c for c in modules_with("staff_tasks") if c.name == "ankommen.directory"]
    region = Region.objects.get(pk=cast.region.pk)
    edit_page = f"{BASE}{offer.pk}/"
    tasks = config.staff_tasks(cast.caritas_editor, region)
    assert [task.count for task in tasks if task.url == edit_page] == [1]
    assert not [
        task for task in config.staff_tasks(cast.officer_verl, region) if task.url == edit_page
    ]
    page = client_for(cast.caritas_editor).get(f"{BASE}{offer.pk}/")
    assert page.context["corrections"] == [correction]


def test_a_correction_to_a_towns_offer_is_mailed_to_its_officer_not_to_others(
    cast, offers, client_for
):
    for person, address in (
        (cast.officer_verl, "vera@example.org"),
        (cast.officer_versmold, "valentin@example.org"),
        (cast.caritas_editor, "carla@example.org"),
    ):
        person.email = address
        person.save()
    client_for(cast.caritas_editor).post(
        f"{BASE}{offers['verl'].pk}/korrektur/", {"message": "Der Treff ist umgezogen."}
    )
    assert OutgoingMail.objects.get().recipients == ["vera@example.org"]


def test_only_the_owner_closes_a_correction(cast, offers, client_for):
    offer = offers["kreis"]
    correction = OfferCorrection.objects.create(
        offer=offer, author=cast.officer_verl, message="Bitte Telefonnummer ändern."
    )
    url = f"{BASE}korrektur/{correction.pk}/erledigt/"
    assert client_for(cast.officer_verl).post(url, {"taken": "1"}).status_code == 403
    correction.refresh_from_db()
    assert correction.status == OfferCorrection.Status.OPEN
    assert client_for(cast.caritas_editor).post(url, {"taken": "1"}).status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.handled_by) == ("done", cast.caritas_editor)


def test_who_may_edit_an_offer_does_not_propose_corrections_to_it(cast, offers, client_for):
    offer = offers["verl"]
    response = client_for(cast.officer_verl).post(
        f"{BASE}{offer.pk}/korrektur/", {"message": "Selbst ändern."}
    )
    assert response.status_code == 403
    assert not OfferCorrection.objects.exists()


def test_a_correction_without_words_is_refused_with_a_message(cast, offers, client_for):
    offer = offers["verl"]
    response = client_for(cast.officer_versmold).post(
        f"{BASE}{offer.pk}/korrektur/", {"message": " ok "}
    )
    assert response.status_code == 400
    assert response.context["correction_form"].errors
    assert not OfferCorrection.objects.exists() and not OutgoingMail.objects.exists()


def test_the_owner_confirms_the_offer_and_others_may_not(cast, offers, client_for):
    offer = offers["verl"]
    long_ago = timezone.localdate() - dt.timedelta(days=300)
    Offer.objects.filter(pk=offer.pk).update(last_confirmed=long_ago, reminder_sent=long_ago)
    url = f"{BASE}{offer.pk}/bestaetigen/"
    assert client_for(cast.officer_versmold).post(url).status_code == 403
    offer.refresh_from_db()
    assert offer.last_confirmed == long_ago
    assert client_for(cast.officer_verl).post(url).status_code == 302
    offer.refresh_from_db()
    assert (offer.last_confirmed, offer.reminder_sent) == (timezone.localdate(), None)
