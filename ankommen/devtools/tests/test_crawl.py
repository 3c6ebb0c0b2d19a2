"""The crawler behind `ankommen crawl_demo`, on a small site of its own (crawl_urls.py):
what it follows, what it leaves alone, and that a server error is reported with its cause."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.core.tests.factories import RegionFactory
from ankommen.devtools.testing.crawl import SEARCH_TERM, Crawler

pytestmark = pytest.mark.urls("ankommen.devtools.tests.crawl_urls")


def crawl(start=("/",), **caps):
    return Crawler(**caps).crawl("visitor", Client(raise_request_exception=False), start)


def visited(report):
    return [url for _, url in report.visits]


def test_a_page_that_raises_is_a_failure_with_its_exception():
    (failure,) = [f for f in crawl().failures if f.url == "/broken/"]
    assert (failure.status, failure.exception) == (
        500,
        "ZeroDivisionError: the view divides by zero",
    )


def test_a_failure_names_the_line_of_ankommen_that_raised():
    (failure,) = [f for f in crawl().failures if f.url == "/broken/"]
    assert "ankommen/devtools/tests/crawl_urls.py" in failure.where


def test_a_failure_names_the_page_that_linked_to_it():
    (failure,) = [f for f in crawl().failures if f.url == "/broken/"]
    assert failure.found_on == "/"


def test_a_crash_that_the_view_only_logs_is_reported_with_its_exception():
    (failure,) = [f for f in crawl().failures if f.url == "/api-crash/"]
    assert failure.exception == "KeyError: 'missing'"


def test_a_page_that_fails_while_it_streams_is_a_failure():
    (failure,) = crawl(start=["/stream/"]).failures
    assert failure.exception == "ValueError: failed while streaming"


def test_a_get_form_is_sent_with_its_defaults_and_a_word_in_its_search_field():
    assert f"/search/?q={SEARCH_TERM}&town=7" in visited(crawl())


def test_a_post_form_is_not_sent():
    assert "/post-only/" not in visited(crawl())


def test_logout_is_never_followed():
    assert "/logout/" not in visited(crawl())


def test_the_second_page_of_a_list_is_followed():
    assert "/list/?page=2" in visited(crawl())


def test_pages_beyond_the_second_are_not_followed():
    assert "/list/?page=3" not in visited(crawl())


def test_static_files_are_not_fetched():
    assert "/static/site.css" not in visited(crawl())


def test_other_sites_are_not_followed():
    assert not [url for url in visited(crawl()) if "elsewhere" in url]


def test_an_address_in_a_data_attribute_is_followed():
    assert "/data.json" in visited(crawl())


def test_same_site_urls_in_a_json_answer_are_followed_but_not_path_templates():
    urls = visited(crawl(start=["/data.json"]))
    assert urls == ["/data.json", "/api-crash/"]


def test_at_most_per_pattern_urls_of_one_pattern_are_visited():
    urls = visited(crawl(start=["/ok/"], per_pattern=3))
    assert len([url for url in urls if url.startswith("/items/")]) == 3


def test_a_pattern_cap_of_its_own_overrides_the_default():
    report = Crawler().crawl(
        "visitor",
        Client(raise_request_exception=False),
        ["/ok/"],
        pattern_caps={"items/<int:n>/": 1},
    )
    assert len([url for _, url in report.visits if url.startswith("/items/")]) == 1


def test_at_most_per_role_urls_are_visited_in_all():
    assert len(crawl(per_role=4).visits) == 4


def test_the_role_cap_cuts_repetitions_before_a_pattern_found_later():
    assert visited(crawl(start=["/ok/"], per_role=3)) == ["/ok/", "/items/0/", "/deep/"]


@pytest.mark.django_db
def test_the_command_fails_when_a_page_answers_with_a_server_error():
    RegionFactory(slug=DEMO_REGION_SLUG)
    with pytest.raises(CommandError, match="server error"):
        call_command("crawl_demo", role=["anonymous"], stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_the_command_needs_the_demo():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("crawl_demo", role=["anonymous"])
