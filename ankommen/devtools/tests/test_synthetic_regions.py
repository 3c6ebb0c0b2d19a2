from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankommen.core.models import Area, Organisation, Region

pytestmark = pytest.mark.django_db


def generate(count: int) -> str:
    out = StringIO()
    call_command("generate_synthetic", "--regions", str(count), stdout=out)
    return out.getvalue()


def test_generates_the_requested_number_of_regions():
    generate(2)
    assert Region.objects.filter(slug__startswith="synth-").count() == 2


def test_synthetic_region_has_realistic_size():
    generate(1)
    region = Region.objects.get(slug="synth-0001")
    towns = region.towns().count()
    quarters = Area.objects.filter(region=region, kind=Area.Kind.QUARTER).count()
    organisations = Organisation.objects.filter(region=region).count()
    assert (10 <= towns <= 14, quarters >= 3 * towns, organisations) == (True, True, 60)


def test_running_again_adds_only_missing_regions():
    generate(1)
    generate(2)
    assert Region.objects.filter(slug__startswith="synth-").count() == 2


def test_synthetic_keys_never_collide_with_real_ones():
    generate(1)
    keys = Area.objects.filter(region__slug="synth-0001").values_list("official_key", flat=True)
    assert all(key.startswith("99") for key in keys if key)


def test_region_count_must_be_positive():
    with pytest.raises(CommandError):
        generate(0)
