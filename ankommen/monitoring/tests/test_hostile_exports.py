"""Texts in the monitoring downloads stay text in a spreadsheet (issue 13)."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.monitoring.models import Indicator

pytestmark = pytest.mark.django_db

BASE = f"/{DEMO_REGION_SLUG}/de/monitoring/"
FORMULA = '=HYPERLINK("https://evil.example","Quelle")'


@pytest.fixture
def hostile_source(db):
    call_command("load_demo", stdout=io.StringIO())
    Indicator.objects.filter(slug="auslaenderanteil").update(source=FORMULA)


def test_a_source_that_looks_like_a_formula_is_text_in_the_csv(client, hostile_source):
    content = client.get(BASE + "auslaenderanteil.csv").content.decode("utf-8")
    assert f"'{FORMULA}".replace('"', '""') in content


def test_negative_and_decimal_numbers_stay_numbers_in_the_csv(client, hostile_source):
    content = client.get(BASE + "auslaenderanteil.csv").content.decode("utf-8")
    assert ";15,2;" in content and ";'" not in content.split("\n", 8)[-1]


def test_a_source_that_looks_like_a_formula_is_a_text_cell_in_the_xlsx(client, hostile_source):
    response = client.get(BASE + "auslaenderanteil.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    [cell] = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
