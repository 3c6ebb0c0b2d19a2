import io

import pytest
from django.core.management import CommandError, call_command

from ankommen.core.content_version import region_version
from ankommen.portal.models import Page


def test_bench_pages_gives_the_region_a_published_tree_of_that_many_pages(verl_region):
    call_command(
        "generate_api_bench_pages", region="kreis-guetersloh", pages=30, stdout=io.StringIO()
    )
    pages = Page.objects.filter(region=verl_region, slug__startswith="bench-seite-")
    assert (pages.published().count(), pages.filter(parent__isnull=True).count()) == (30, 3)


def test_bench_pages_run_twice_adds_nothing(verl_region):
    for _ in range(2):
        call_command(
            "generate_api_bench_pages", region="kreis-guetersloh", pages=20, stdout=io.StringIO()
        )
    assert Page.objects.filter(slug__startswith="bench-seite-").count() == 20


def test_publish_api_raises_every_regions_version(cast, verl_region):
    before = region_version(cast.other_region.pk)
    call_command("publish_api", stdout=io.StringIO())
    assert region_version(cast.other_region.pk) == before + 1


def test_publish_api_refuses_an_unknown_region(verl_region):
    with pytest.raises(CommandError, match="unknown region: kreis-nirgendwo"):
        call_command("publish_api", "kreis-nirgendwo", stdout=io.StringIO())
