"""Region and action-plan TOML files from the hostile corpus (issue 13): refused with the
file and line, the command fails, nothing written."""

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankommen.core.demo import DEMO_DIR
from ankommen.core.models import Area, Region
from ankommen.devtools.testing import hostile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """The messages are asserted in English, the language of the code."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def region_dir(tmp_path):
    target = tmp_path / "region"
    shutil.copytree(DEMO_DIR, target)
    return target


def _refused(region_dir, text: str) -> str:
    (region_dir / "region.toml").write_text(text, encoding="utf-8")
    before = (Region.objects.count(), Area.objects.count())
    with pytest.raises(CommandError) as raised:
        call_command("load_region", str(region_dir))
    assert (Region.objects.count(), Area.objects.count()) == before
    return str(raised.value)


def test_a_region_file_nested_too_deep_is_refused(region_dir):
    error = _refused(region_dir, hostile.deep_toml())
    assert "region.toml" in error and "nested more than" in error


def test_a_region_file_with_a_nul_byte_is_refused_naming_the_line(region_dir):
    text = (region_dir / "region.toml").read_text(encoding="utf-8")
    error = _refused(region_dir, hostile.with_nul(text, line=3))
    assert "region.toml:3:" in error
