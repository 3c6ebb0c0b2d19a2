"""The steering-group report: what changed since the previous one, as PDF and XLSX."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ankommen.actionplan.models import Quarter, SteeringReport, plan_snapshot
from ankommen.devtools.testing.pdf import SAMPLES, unreadable_scripts

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous_report(cast, plan):
    """The steering group met about the previous quarter; its progress was frozen then."""
    period = Quarter.containing(timezone.localdate()).previous()
    return SteeringReport.objects.create(
        region=cast.region,
        year=period.year,
        quarter=period.quarter,
        snapshot=plan_snapshot(cast.region),
    )


def mark_done(client, step):
    return client.post(
        reverse("actionplan_staff:step_update", args=[step.region.slug, step.pk]),
        {
            "status": "done",
            "progress": 100,
            "text": "Alle Beratungsstellen machen mit.",
            "reported_on": timezone.localdate().isoformat(),
            "expected_version": step.version,
        },
    )


def report_file(client, region, fmt):
    quarter = Quarter.containing(timezone.localdate())
    return client.get(
        reverse(
            "actionplan_staff:report_file", args=[region.slug, quarter.year, quarter.quarter, fmt]
        ),
        HTTP_ACCEPT_LANGUAGE="en",
    )


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def changed_section(text: str) -> str:
    return text.split("Changed since the last report", 1)[1].split("3. Overdue", 1)[0]


def test_step_marked_done_is_listed_as_changed_in_the_quarters_pdf(
    cast, plan, previous_report, client_for
):
    client = client_for(cast.ki_coordinator)
    mark_done(client, plan.caritas_step)
    assert plan.caritas_step.code in changed_section(
        pdf_text(report_file(client, cast.region, "pdf"))
    )


def test_unchanged_step_is_not_listed_as_changed(cast, plan, previous_report, client_for):
    client = client_for(cast.ki_coordinator)
    mark_done(client, plan.caritas_step)
    assert plan.verl_step.code not in changed_section(
        pdf_text(report_file(client, cast.region, "pdf"))
    )


def test_pdf_is_a_pdf(cast, plan, client_for):
    response = report_file(client_for(cast.ki_coordinator), cast.region, "pdf")
    assert response.content.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"


def test_xlsx_lists_the_changed_step(cast, plan, previous_report, client_for):
    client = client_for(cast.ki_coordinator)
    mark_done(client, plan.caritas_step)
    book = load_workbook(io.BytesIO(report_file(client, cast.region, "xlsx").content))
    codes = [row[0] for row in book["Changed since last report"].iter_rows(values_only=True)]
    assert plan.caritas_step.code in codes


def test_xlsx_shows_the_progress_since_the_previous_report(cast, plan, previous_report, client_for):
    client = client_for(cast.ki_coordinator)
    mark_done(client, plan.caritas_step)
    book = load_workbook(io.BytesIO(report_file(client, cast.region, "xlsx").content))
    rows = {row[0]: row for row in book["Recommendations"].iter_rows(values_only=True)}
    code = plan.recommendation.code
    assert (rows[code][6], rows[code][7], rows[code][8]) == (46.7, 26.7, 20.0)


def test_xlsx_counts_the_traffic_lights_per_field(cast, plan, client_for):
    book = load_workbook(
        io.BytesIO(report_file(client_for(cast.ki_coordinator), cast.region, "xlsx").content)
    )
    rows = [row for row in book["Overview"].iter_rows(values_only=True) if row and row[0]]
    field_row = next(row for row in rows if str(row[0]).startswith("HF 2"))
    assert field_row[6] == 1  # overdue: the Versmold step is past its date


def test_xlsx_lists_overdue_steps(cast, plan, client_for):
    book = load_workbook(
        io.BytesIO(report_file(client_for(cast.ki_coordinator), cast.region, "xlsx").content)
    )
    codes = [row[0] for row in book["Overdue and blocked"].iter_rows(min_row=2, values_only=True)]
    assert codes == [plan.versmold_step.code]


def test_report_of_a_later_period_compares_with_the_issued_report(
    cast, plan, previous_report, client_for
):
    client = client_for(cast.ki_coordinator)
    mark_done(client, plan.caritas_step)
    text = pdf_text(report_file(client, cast.region, "pdf"))
    assert f"Previous report: {previous_report.period}" in text


def test_ki_issues_the_report_of_a_quarter(cast, plan, client_for):
    quarter = Quarter.containing(timezone.localdate())
    client_for(cast.ki_coordinator).post(
        reverse("actionplan_staff:report_issue", args=[cast.region.slug]),
        {"year": quarter.year, "quarter": quarter.quarter},
    )
    report = SteeringReport.objects.get(region=cast.region)
    assert report.snapshot["steps"][str(plan.caritas_step.pk)]["progress"] == 40


def test_a_quarter_cannot_be_issued_twice(cast, plan, previous_report, client_for):
    response = client_for(cast.ki_coordinator).post(
        reverse("actionplan_staff:report_issue", args=[cast.region.slug]),
        {"year": previous_report.year, "quarter": previous_report.quarter},
    )
    assert response.status_code == 400
    assert SteeringReport.objects.filter(region=cast.region).count() == 1


def test_officer_cannot_issue_a_report(cast, plan, client_for):
    quarter = Quarter.containing(timezone.localdate())
    response = client_for(cast.officer_verl).post(
        reverse("actionplan_staff:report_issue", args=[cast.region.slug]),
        {"year": quarter.year, "quarter": quarter.quarter},
    )
    assert response.status_code == 403
    assert not SteeringReport.objects.exists()


def test_get_on_issuing_answers_405(cast, plan, client_for):
    response = client_for(cast.ki_coordinator).get(
        reverse("actionplan_staff:report_issue", args=[cast.region.slug])
    )
    assert response.status_code == 405


def test_snapshot_as_of_a_day_uses_the_reports_up_to_then(cast, plan, client_for):
    step = plan.caritas_step
    mark_done(client_for(cast.ki_coordinator), step)
    yesterday = timezone.localdate() - timedelta(days=1)
    snapshot = plan_snapshot(cast.region, as_of=yesterday)
    assert snapshot["steps"][str(step.pk)] == {"progress": 0, "status": "planned"}


def test_organisation_editor_cannot_download_the_report(cast, plan, client_for):
    response = report_file(client_for(cast.caritas_editor), cast.region, "pdf")
    assert response.status_code == 403


def test_a_reason_that_looks_like_a_formula_is_a_text_cell_in_the_xlsx(cast, plan, client_for):
    formula = '=HYPERLINK("https://evil.example","Details")'
    type(plan.caritas_step).objects.filter(pk=plan.caritas_step.pk).update(status_reason=formula)
    response = report_file(client_for(cast.ki_coordinator), cast.region, "xlsx")
    book = load_workbook(io.BytesIO(response.content))
    [cell] = [c for row in book["Sub-steps"].iter_rows() for c in row if c.value == formula]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


def test_the_pdf_keeps_arabic_cyrillic_ethiopic_and_latin_diacritics(cast, plan, client_for):
    """Names and texts in every script of the portal, in every section of the report: the
    fields' table, the overdue steps and the recommendations."""
    type(plan.recommendation.field).objects.filter(pk=plan.recommendation.field_id).update(
        name=SAMPLES["Farsi"]
    )
    type(plan.recommendation).objects.filter(pk=plan.recommendation.pk).update(
        title=f"{SAMPLES['Latin with diacritics']} / {SAMPLES['Cyrillic']}"
    )
    type(plan.versmold_step).objects.filter(pk=plan.versmold_step.pk).update(
        text=f"{SAMPLES['Ethiopic']} / {SAMPLES['Arabic']}", status_reason=SAMPLES["Sorani"]
    )
    response = report_file(client_for(cast.ki_coordinator), cast.region, "pdf")
    assert unreadable_scripts(response.content) == []
