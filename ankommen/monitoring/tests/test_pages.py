"""The public pages on the Kreis Gütersloh demo data: what the concept's chapter 3 shows."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.monitoring.models import Indicator, Value

pytestmark = pytest.mark.django_db

BASE = f"/{DEMO_REGION_SLUG}/de/monitoring/"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def text_of(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", plain.replace("\u00a0", " "))


def test_dashboard_shows_the_foreign_population_share_beside_owl_and_nrw(client, demo):
    text = text_of(client.get(BASE))
    start = text.index("Anteil der ausländischen Bevölkerung")
    tile = text[start : text.index("Bevölkerung", start + 40)]
    assert re.search(
        r"31\.12\.2022.*Kreis Gütersloh 15,2 %.*Ostwestfalen-Lippe.* 12,6 %.*"
        r"Nordrhein-Westfalen 15,6 %",
        tile,
    )


def test_dashboard_shows_the_employees_table_with_the_computed_share(client, demo):
    text = text_of(client.get(BASE))
    assert re.search(
        r"31\.12\.2022 189\.227 30\.414 16,07 %.*31\.12\.2019 184\.245 27\.600 14,98 %.*"
        r"31\.12\.2016 169\.648 20\.292 11,96 %",
        text,
    )


def test_dashboard_in_english_uses_english_number_format(client, demo):
    with translation.override("en"):
        response = client.get(f"/{DEMO_REGION_SLUG}/en/monitoring/", HTTP_ACCEPT_LANGUAGE="en")
    assert "15.2 %" in text_of(response)


def test_unknown_region_answers_404(client, demo):
    assert client.get("/nirgendwo/de/monitoring/").status_code == 404


def test_indicator_page_shows_chart_and_table(client, demo):
    response = client.get(BASE + "auslaenderanteil/?area=05754044")
    html = response.content.decode()
    assert (response.status_code, '<svg xmlns="http://www.w3.org/2000/svg"' in html) == (
        200,
        True,
    )


def test_indicator_chart_has_an_accessible_name(client, demo):
    html = client.get(BASE + "auslaenderanteil/").content.decode()
    assert re.search(r'<svg[^>]+role="img"[^>]+aria-labelledby="chart-auslaenderanteil-title', html)


def test_indicator_page_shows_definition_and_source(client, demo):
    text = text_of(client.get(BASE + "sv-beschaeftigte/"))
    assert "13111-01-03-5" in text and "IT.NRW" in text


def test_indicator_page_compares_every_town_with_kreis_owl_and_nrw(client, demo):
    text = text_of(client.get(BASE + "auslaenderanteil/"))
    comparison = text[text.index("Latest figures") if "Latest figures" in text else 0 :]
    names = ["Borgholzhausen", "Werther (Westf.)", "Kreis Gütersloh", "Nordrhein-Westfalen"]
    assert all(name in comparison for name in names)


def test_unpublished_indicator_answers_404(client, demo):
    Indicator.objects.filter(slug="auslaenderanteil").update(is_published=False)
    assert client.get(BASE + "auslaenderanteil/").status_code == 404


def test_unknown_area_answers_404(client, demo):
    assert client.get(BASE + "auslaenderanteil/?area=05758004").status_code == 404


def test_unknown_split_answers_404(client, demo):
    assert client.get(BASE + "bevoelkerung/?split=GES:XYZ").status_code == 404


def test_microcensus_figure_is_not_available_for_a_town(client, demo):
    text = text_of(client.get(BASE + "area/05754044/"))
    row = text[text.index("Migrationshintergrund") :][:200]
    assert "not available at this level" in row or "nicht verfügbar" in row


def test_quality_mark_gives_a_gap_in_the_share_not_zero(client, demo):
    from ankommen.core.models import Area

    kreis = Area.objects.get(official_key="05754")
    Value.objects.filter(
        indicator__slug="sv-beschaeftigte",
        dimension_key="NAT:NATA",
        area=kreis,
        reference_date__year=2019,
    ).update(value=None, quality=".")
    share = Indicator.objects.get(slug="sv-beschaeftigte-auslaenderanteil")
    point = next(p for p in share.series([kreis])[kreis.pk] if p.date.year == 2019)
    assert (point.value, point.quality) == (None, ".")


def test_csv_download_has_a_byte_order_mark_semicolons_and_decimal_commas(client, demo):
    content = client.get(BASE + "auslaenderanteil.csv").content.decode("utf-8")
    assert (
        content.startswith("\ufeff")
        and "05754;Kreis Gütersloh;2022-12-31;31.12.2022;15,2;;" in content
    )


def test_csv_download_names_source_licence_and_stand(client, demo):
    content = client.get(BASE + "sv-beschaeftigte.csv").content.decode("utf-8")
    assert all(word in content for word in ("IT.NRW", "Datenlizenz", "10.10.2017"))


def test_xlsx_download_holds_the_plotted_series(client, demo):
    from openpyxl import load_workbook

    response = client.get(BASE + "auslaenderanteil.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["05754", "Kreis Gütersloh"] in [r[:2] for r in rows] and any(
        r[0] == "05" and float(r[4]) == 15.6 for r in rows
    )


def test_town_profile_lists_every_published_indicator(client, demo):
    response = client.get(BASE + "area/05754044/")
    published = Indicator.objects.filter(region__slug=DEMO_REGION_SLUG, is_published=True)
    assert all(i.name in response.content.decode() for i in published)


def test_town_profile_of_another_regions_town_answers_404(client, demo):
    from ankommen.core.tests.factories import AreaFactory

    AreaFactory(name="Bünde", official_key="05758004")
    assert client.get(BASE + "area/05758004/").status_code == 404


def test_yearly_report_is_a_pdf(client, demo):
    response = client.get(BASE + "report/2022.pdf")
    assert (response["Content-Type"], response.content[:5], response.content.rstrip()[-5:]) == (
        "application/pdf",
        b"%PDF-",
        b"%%EOF",
    )


def test_yearly_report_has_pages_for_the_indicators(client, demo):
    content = client.get(BASE + "report/2022.pdf").content
    assert len(re.findall(rb"/Type /Page\b", content)) >= 3


def test_report_for_a_far_future_year_answers_404(client, demo):
    assert client.get(BASE + "report/2999.pdf").status_code == 404


def test_post_to_the_dashboard_is_refused(client, demo):
    assert client.post(BASE).status_code == 405


def test_loading_the_demo_twice_writes_nothing(demo):
    before = Value.objects.count(), list(Value.objects.values_list("pk", "updated_at"))
    call_command("load_demo", stdout=io.StringIO())
    assert (Value.objects.count(), list(Value.objects.values_list("pk", "updated_at"))) == before


def test_region_page_links_to_the_monitoring(client, demo):
    assert BASE in client.get(f"/{DEMO_REGION_SLUG}/fachkraefte/").content.decode()
