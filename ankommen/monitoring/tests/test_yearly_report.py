"""The yearly monitoring report (PDF) in every script the portal offers: indicator names,
definitions and town names come from the region's staff and may be written in any of them."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest

from ankommen.core.models import Area
from ankommen.devtools.testing.pdf import ALL_SCRIPTS, SAMPLES, unreadable_scripts
from ankommen.monitoring.models import Value
from ankommen.monitoring.report import yearly_report

from .factories import AreaFactory, population_indicator

pytestmark = pytest.mark.django_db

DATE = datetime.date(2022, 12, 31)


def test_the_report_keeps_arabic_cyrillic_ethiopic_and_latin_diacritics(cast, comparison):
    indicator = population_indicator(
        cast.region, name=SAMPLES["Latin with diacritics"], definition=ALL_SCRIPTS
    )
    for sample in SAMPLES.values():
        AreaFactory(region=cast.region, parent=comparison["kreis"], name=sample, official_key="")
    areas = [
        comparison["kreis"],
        comparison["owl"],
        comparison["nrw"],
        *Area.objects.filter(region=cast.region, kind=Area.Kind.MUNICIPALITY),
    ]
    Value.objects.bulk_create(
        Value(indicator=indicator, area=area, reference_date=DATE, value=Decimal(1000 + n))
        for n, area in enumerate(areas)
    )
    assert unreadable_scripts(yearly_report(cast.region, 2022)) == []


def _text(pdf: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it."""
    found = subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(found.stdout.decode().split())


@pytest.mark.parametrize(
    ("code", "figure"), [("ro", "189.227"), ("en", "189,227"), ("ar", "189,227")]
)
def test_the_report_formats_figures_and_dates_like_the_pages(cast, comparison, code, figure):
    from babel.dates import get_month_names
    from django.utils import timezone, translation

    indicator = population_indicator(cast.region)
    Value.objects.create(
        indicator=indicator, area=comparison["kreis"], reference_date=DATE, value=Decimal(189227)
    )
    with translation.override(code):
        text = _text(yearly_report(cast.region, 2022))
    assert figure in text
    # "Made on <today>": the long date of the reader's language (core/formats.py, Babel),
    # the month named as CLDR names it, not "08.12.2026".
    today = timezone.localdate()
    assert get_month_names("wide", locale=code)[today.month] in text
    assert today.strftime("%d.%m.%Y") not in text
