"""The case list finds clients by name and date of birth through the keyed blind index
(search_index.py): the names stay encrypted, the database holds only digests, and nobody
finds a client outside the cases she may see."""

import pytest
from django.db import connection

from ankommen.cases.models import Client, ClientSearchToken
from ankommen.cases.search_index import name_digests, normalise, query_digests
from ankommen.cases.tests.conftest import url
from ankommen.cases.tests.factories import CaseFactory, ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def haddad(world):
    client = ClientFactory(
        region=world.cast.region,
        organisation=world.awo,
        first_name="Amina",
        last_name="Haddad-Müller",
        date_of_birth="1990-04-15",
    )
    return CaseFactory(
        region=world.cast.region,
        organisation=world.awo,
        town=world.verl,
        team=world.case.team,
        assigned_to=world.awo_manager,
        client=client,
    )


def search(client, world, query) -> str:
    """The rows of the case list found for `query`, as text."""
    rows = client.post(url("list", world), {"q": query}).context["rows"]
    return " ".join(" ".join(str(cell) for cell in row) for row in rows)


def test_a_case_manager_finds_her_client_by_last_name(world, verified_for, haddad):
    page = search(verified_for(world.awo_manager), world, "haddad")
    assert haddad.reference in page and world.case.reference not in page


def test_the_search_ignores_accents_case_and_word_order(world, verified_for, haddad):
    page = search(verified_for(world.awo_manager), world, "MULLER amina")
    assert haddad.reference in page


def test_a_date_of_birth_in_german_format_finds_the_client(world, verified_for, haddad):
    page = search(verified_for(world.awo_manager), world, "15.04.1990")
    assert haddad.reference in page


def test_every_word_must_match(world, verified_for, haddad):
    page = search(verified_for(world.awo_manager), world, "Amina Schmidt")
    assert haddad.reference not in page


def test_the_list_shows_the_clients_name(world, verified_for, haddad):
    page = search(verified_for(world.awo_manager), world, "")
    assert "Amina Haddad-Müller" in page


def test_the_list_shows_the_opening_date_in_german(world, verified_for, haddad, settings):
    settings.LANGUAGE_CODE = "de"
    client = verified_for(world.awo_manager)
    client.cookies["django_language"] = "de"
    page = client.get(url("list", world), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert haddad.opened_on.strftime("%d.%m.%Y") in page


def test_a_case_manager_of_another_organisation_does_not_find_the_client(
    world, verified_for, haddad
):
    page = search(verified_for(world.caritas_manager), world, "Haddad")
    assert haddad.reference not in page and "Haddad" not in page


def test_the_team_lead_finds_her_teams_client(world, verified_for, haddad):
    page = search(verified_for(world.awo_lead), world, "Haddad")
    assert haddad.reference in page


def test_the_ki_coordinator_finds_no_client(world, verified_for, haddad):
    assert search(verified_for(world.cast.ki_coordinator), world, "Haddad") == ""


def test_the_database_holds_no_name_in_clear(world, haddad):
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest FROM cases_clientsearchtoken")
        stored = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT last_name FROM cases_client WHERE id = %s", [haddad.client_id])
        (cipher,) = cursor.fetchone()
    assert "haddad" not in stored.lower() and "Haddad" not in cipher


def test_the_digests_depend_on_the_index_key(settings):
    before = name_digests("Haddad")
    settings.CASES_INDEX_KEY = "another-index-key"
    assert name_digests("Haddad") != before


def test_a_new_index_key_and_rotate_case_keys_find_the_client_again(
    world, verified_for, haddad, settings
):
    from django.core.management import call_command

    settings.CASES_INDEX_KEY = "the-next-index-key"
    assert haddad.reference not in search(verified_for(world.awo_manager), world, "Haddad")
    call_command("rotate_case_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert haddad.reference in search(verified_for(world.awo_manager), world, "Haddad")


def test_a_renamed_client_is_found_by_the_new_name_only(world, haddad):
    client = Client.objects.get(pk=haddad.client_id)
    client.last_name = "Yilmaz"
    client.save()
    held = set(ClientSearchToken.objects.filter(client=client).values_list("digest", flat=True))
    assert query_digests("Yilmaz") <= held and not query_digests("Haddad") & held


def test_an_anonymised_client_leaves_no_digest(world, haddad):
    from django.utils import timezone

    client = Client.objects.get(pk=haddad.client_id)
    client.anonymised_at = timezone.now()
    client.save()
    assert not ClientSearchToken.objects.filter(client=client).exists()


def test_names_are_split_into_whole_folded_tokens():
    assert normalise("Özdemir-Straße  d'Arc") == ["arc", "ozdemir", "strasse"]


def test_the_search_form_posts_so_no_name_stands_in_an_address(world, verified_for):
    page = verified_for(world.awo_manager).get(url("list", world)).content.decode()
    assert '<form method="post" class="filters">' in page


def test_the_next_page_of_a_search_is_posted_with_the_query(world, verified_for):
    for _ in range(26):
        CaseFactory(
            region=world.cast.region,
            organisation=world.awo,
            town=world.verl,
            assigned_to=world.awo_manager,
            client=ClientFactory(
                region=world.cast.region, organisation=world.awo, first_name="Nour"
            ),
        )
    client = verified_for(world.awo_manager)
    first = client.post(url("list", world), {"q": "Nour"})
    second = client.post(url("list", world), {"q": "Nour", "page": 2})
    assert first.context["page"].has_next and len(second.context["rows"]) == 1
    assert 'name="page" value="2"' in first.content.decode()


def test_the_searched_name_never_reaches_the_database(world, verified_for, haddad):
    from django.test.utils import CaptureQueriesContext

    client = verified_for(world.awo_manager)
    with CaptureQueriesContext(connection) as queries:
        page = search(client, world, "Haddad 15.04.1990")
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert haddad.reference in page
    assert "haddad" not in sql and "1990-04-15" not in sql
