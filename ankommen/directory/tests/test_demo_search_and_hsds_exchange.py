"""The issue's "done when" paths on the Kreis Gütersloh demo data."""

import io

import pytest

from ankommen.core.models import Area
from ankommen.directory.demo import load_demo_directory
from ankommen.directory.hsds.export import export_region
from ankommen.directory.hsds.validate import errors, official_errors
from ankommen.directory.models import Event, Offer, OfferTranslation, Place


def keys(response) -> list[str]:
    return [row["offer"].key for row in response.context["rows"]]


def test_demo_has_sixty_offers_in_german_and_english(demo):
    offers = Offer.objects.filter(region=demo)
    assert offers.count() >= 60
    for code in ("de", "en"):
        assert OfferTranslation.objects.filter(offer__region=demo, language__code=code).count() == (
            offers.count()
        )
    for code in ("ar", "uk", "ro"):
        assert OfferTranslation.objects.filter(language__code=code).count() >= 10
    assert Event.objects.filter(region=demo).count() >= 10


def test_loading_the_demo_twice_changes_no_counts(demo):
    before = [m.objects.count() for m in (Offer, OfferTranslation, Place, Event)]
    load_demo_directory(stdout=io.StringIO())
    assert [m.objects.count() for m in (Offer, OfferTranslation, Place, Event)] == before


def test_resident_of_verl_finds_suerenheide_in_romanian(demo, client):
    verl = Area.objects.get(region=demo, name="Verl")
    response = client.get(
        "/kreis-guetersloh/ro/angebote/", {"area": verl.pk, "q": "consiliere în limba română"}
    )
    assert response.status_code == 200
    assert keys(response)[0] == "beratungsstelle-suerenheide"
    assert "Centrul de consiliere Sürenheide" in response.content.decode()


def test_resident_of_verl_finds_language_offers_near_her(demo, client):
    verl = Area.objects.get(region=demo, name="Verl")
    response = client.get(
        "/kreis-guetersloh/ro/angebote/",
        {"area": verl.pk, "field": "sprache-bildung", "near": verl.pk},
    )
    found = keys(response)
    assert "sprachcafe-verl" in found
    assert "sprachwerkstatt-frauen" in found  # Kreis-wide, so it appears in Verl
    assert "offene-sprachkurse-steinhagen" not in found
    distances = [row["distance"] for row in response.context["rows"]]
    assert distances == sorted(distances)


def test_volunteer_filters_ehrenamt_offers_in_steinhagen(demo, client):
    steinhagen = Area.objects.get(region=demo, name="Steinhagen")
    response = client.get(
        "/kreis-guetersloh/de/angebote/",
        {"area": steinhagen.pk, "audience": "ehrenamtliche", "page": 1},
    )
    found = keys(response)
    assert "ak-asyl-intercultur" in found
    assert "sprachlotsenpool" in found
    assert "sprachcafe-verl" not in found
    assert all(
        row["offer"].audiences.filter(slug="ehrenamtliche").exists()
        for row in response.context["rows"]
    )


@pytest.mark.parametrize(
    "query",
    [
        "دورة لغة ألمانية للنساء مع رعاية الأطفال",
        "Курси німецької мови для жінок з доглядом за дітьми",
        "curs de germană pentru femei cu supraveghere pentru copii",
        "çocuk bakımlı kadınlar için almanca kursu",
        "German course for women with childcare",
    ],
)
def test_german_course_for_women_with_childcare_finds_the_sprachwerkstatt(demo, client, query):
    response = client.get("/kreis-guetersloh/de/angebote/", {"q": query})
    assert keys(response)[0] == "sprachwerkstatt-frauen"


@pytest.mark.parametrize("query", ["Miete", "rental licence", "Mietfuehrerschein"])
def test_mietfuehrerschein_is_found(demo, client, query):
    response = client.get("/kreis-guetersloh/de/angebote/", {"q": query})
    assert keys(response)[0] == "mietfuehrerschein"


def test_short_query_finds_only_whole_words(demo, client):
    response = client.get("/kreis-guetersloh/de/angebote/", {"q": "DRK"})
    found = keys(response)
    assert found
    assert all(" drk " in Offer.objects.get(key=k).search_document for k in found)


def test_hsds_export_validates_against_the_schema_files(demo):
    document = export_region(demo)
    assert len(document["services"]) >= 60
    assert errors(document) == []


def test_hsds_export_validates_against_the_official_object_schemas(demo):
    assert official_errors(export_region(demo)) == []


def test_hsds_import_refuses_a_document_that_fails_the_official_schema(demo):
    from ankommen.directory.hsds.importer import HSDSImportError, import_document

    document = export_region(demo)
    # Our profile says nothing about contacts; HSDS requires every contact to have an id.
    document["services"][0]["contacts"] = [{"name": "Ana Popescu"}]
    with pytest.raises(HSDSImportError) as raised:
        import_document(demo, document)
    assert raised.value.problems == [
        "services/0/contacts/0: 'id' is a required property (HSDS service)"
    ]


def test_hsds_export_imports_back_and_updates_the_offer(demo):
    from ankommen.directory.hsds.importer import import_document

    document = export_region(demo)
    service = next(s for s in document["services"] if s["name"] == "Mietführerschein")
    for row in service["translations"]:
        if row["language"] == "de" and row["field_name"] == "name":
            row["value"] = "Mietführerschein (neu)"
    created, updated = import_document(demo, document)
    assert (created, updated) == (0, len(document["services"]))
    offer = Offer.objects.get(key="mietfuehrerschein")
    assert offer.title("de") == "Mietführerschein (neu)"


def test_invalid_hsds_document_is_refused_and_changes_nothing(demo):
    from ankommen.directory.hsds.importer import HSDSImportError, import_document

    document = export_region(demo)
    document["services"][0]["status"] = "maybe"
    del document["services"][1]["name"]
    with pytest.raises(HSDSImportError) as raised:
        import_document(demo, document)
    assert any("status" in problem for problem in raised.value.problems)
    assert Offer.objects.filter(region=demo).count() == len(document["services"])
