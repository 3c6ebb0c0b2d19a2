"""The answer files written at publish time for the web server: rewritten on every
published change, removed with what they show."""

import io

import pytest
from django.core.management import call_command

from ankommen.core.models import Language
from ankommen.portal.models import Page, PageTranslation

R = "/api/v3/kreis-guetersloh"


@pytest.fixture
def published(settings, tmp_path, verl_region, django_capture_on_commit_callbacks):
    settings.API_PUBLISH_DIR = str(tmp_path)
    call_command("publish_api", "kreis-guetersloh", stdout=io.StringIO())
    return tmp_path


def pages_file(root, code="de"):
    return root / "api/v3/kreis-guetersloh" / code / "pages/index.json"


def test_the_file_holds_the_same_bytes_as_the_applications_answer(client, published):
    assert pages_file(published).read_bytes() == client.get(f"{R}/de/pages/").content


def test_the_legacy_path_has_its_file_too(client, published):
    legacy = published / "kreis-guetersloh/de/wp-json/extensions/v3/pages/index.json"
    assert legacy.read_bytes() == pages_file(published).read_bytes()


def test_the_regions_list_is_written(client, published):
    written = published / "api/v3/regions/index.json"
    assert written.read_bytes() == client.get("/api/v3/regions/").content


def test_a_published_edit_rewrites_the_file(client, published, django_capture_on_commit_callbacks):
    text = PageTranslation.objects.get(page__slug="wohnen", language__code="de")
    with django_capture_on_commit_callbacks(execute=True):
        text.title = "Wohnen im Kreis"
        text.save()
    assert "Wohnen im Kreis" in pages_file(published).read_text()


def test_a_deleted_page_is_gone_from_the_file(
    client, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(slug="mietvertrag").delete()
    assert "Der Mietvertrag" not in pages_file(published).read_text()


def test_no_temporary_files_are_left_behind(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.filter(slug="wohnen").first().save()
    assert [p for p in published.rglob("*") if p.name.endswith(".tmp")] == []


def test_a_language_no_longer_offered_loses_its_files(
    published, verl_region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        verl_region.languages.remove(Language.objects.get(code="en"))
    assert not pages_file(published, "en").exists()


def test_a_deleted_region_loses_its_files(published, cast, django_capture_on_commit_callbacks):
    other = cast.other_region
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_api", other.slug, stdout=io.StringIO())
    assert (published / "api/v3" / other.slug / "languages/index.json").exists()
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert not (published / "api/v3" / other.slug).exists()


def test_a_region_without_imprint_has_no_disclaimer_file(published):
    assert not (published / "api/v3/kreis-guetersloh/de/disclaimer/index.json").exists()


def test_nothing_is_written_without_a_publish_directory(
    settings, tmp_path, verl_region, django_capture_on_commit_callbacks
):
    settings.API_PUBLISH_DIR = ""
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(slug="wohnen").save()
    assert list(tmp_path.iterdir()) == []
