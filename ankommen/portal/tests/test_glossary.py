"""The newcomers' glossary and the professionals' glossary, kept apart: the loader's
`audience` key, the public glossary page and the professionals' page."""

import io

import pytest

from ankommen.portal.demo import GlossaryFileError, _load_glossary
from ankommen.portal.models import GlossaryEntry

pytestmark = pytest.mark.django_db

TERMS = """
[[term]]
term = "Jobcenter"
de = ["Jobcenter", "Hier bekommen Sie Geld zum Leben und Hilfe bei der Arbeitssuche."]
ro = ["Jobcenter", "Aici primiți bani pentru trai și ajutor la căutarea unui loc de muncă."]

[[term]]
term = "KIM"
audience = "professionals"
de = ["Kommunales Integrationsmanagement", "Landesprogramm für Case Management."]
"""


def _load(region, tmp_path, text=TERMS):
    """The demo's glossary replaced by the terms above."""
    GlossaryEntry.objects.filter(region=region).delete()
    path = tmp_path / "glossary.toml"
    path.write_text(text, encoding="utf-8")
    _load_glossary(region, path, io.StringIO())


def test_a_term_without_audience_is_for_newcomers(portal, tmp_path):
    _load(portal, tmp_path)
    assert GlossaryEntry.objects.get(region=portal, term="Jobcenter").audience == "newcomers"


def test_a_term_with_audience_professionals_is_for_professionals(portal, tmp_path):
    _load(portal, tmp_path)
    assert GlossaryEntry.objects.get(region=portal, term="KIM").audience == "professionals"


def test_the_audience_is_not_taken_for_a_language(portal, tmp_path):
    _load(portal, tmp_path)
    assert "audience" not in GlossaryEntry.objects.get(region=portal, term="KIM").explanation


def test_an_unknown_audience_is_refused_with_its_term(portal, tmp_path):
    with pytest.raises(GlossaryFileError, match="Jobcenter"):
        _load(
            portal,
            tmp_path,
            TERMS.replace('term = "Jobcenter"', 'term = "Jobcenter"\naudience = "staff"'),
        )


def test_the_public_glossary_shows_only_the_newcomers_terms(portal, tmp_path, client):
    _load(portal, tmp_path)
    html = client.get("/kreis-guetersloh/ro/glossar/").content.decode()
    assert "Jobcenter" in html
    assert "Kommunales Integrationsmanagement" not in html


def test_the_professionals_glossary_shows_their_terms(portal, tmp_path, client):
    _load(portal, tmp_path)
    html = client.get("/kreis-guetersloh/ro/fachbegriffe/").content.decode()
    assert "Kommunales Integrationsmanagement" in html


def test_the_professionals_glossary_marks_german_fallback(portal, tmp_path, client):
    _load(portal, tmp_path)
    html = client.get("/kreis-guetersloh/ar/fachbegriffe/").content.decode()
    assert '<dd lang="de" dir="ltr">Landesprogramm' in html


def test_the_professionals_glossary_keeps_newcomers_terms_out(portal, tmp_path, client):
    _load(portal, tmp_path)
    html = client.get("/kreis-guetersloh/ro/fachbegriffe/").content.decode()
    assert "Aici primiți bani" not in html


def test_the_side_for_professionals_links_their_glossary(portal, tmp_path, client):
    _load(portal, tmp_path)
    html = client.get("/kreis-guetersloh/fachkraefte/").content.decode()
    assert "/kreis-guetersloh/de/fachbegriffe/" in html
