"""The printed flyer in every script the portal offers, left to right and right to left."""

import pytest

from ankommen.core.models import Language
from ankommen.devtools.testing.pdf import SAMPLES, unreadable_scripts
from ankommen.portal.content import Portal
from ankommen.portal.flyer import render_flyer
from ankommen.portal.models import PageTranslation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["de", "ar"])
def test_the_flyer_keeps_arabic_cyrillic_ethiopic_and_latin_diacritics(portal, code):
    """The topics on the flyer carry one script each (in a German and an Arabic flyer)."""
    language = Language.objects.get(code=code)
    entries = Portal(portal, language).flyer_entries()
    for entry, sample in zip(entries, SAMPLES.values(), strict=False):
        PageTranslation.objects.filter(pk=entry.shown.pk).update(title=sample)
    pdf = render_flyer(Portal(portal, language), url="https://example.org/", size="a4")
    assert unreadable_scripts(pdf) == []
