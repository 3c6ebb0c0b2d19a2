"""The volunteer allowance and the professional invoice lines (guide 6A, rule 11)."""

import datetime as dt
from decimal import Decimal
from email.message import Message

import pytest
from django.urls import reverse
from django.utils import timezone

from ankommen.mediation import money
from ankommen.mediation.models import Assignment, Mediator, Mode, Tier
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db

MONTH = dt.date(2026, 3, 1)


@pytest.fixture
def done(cast, pool):
    def make(
        mediator,
        *,
        day=10,
        minutes=60,
        km="0",
        mode=Mode.IN_PERSON,
        centre="SCH-01",
        status=Assignment.Status.DONE,
        **values,
    ):
        start = timezone.make_aware(dt.datetime(2026, 3, day, 10))
        request = MediationRequestFactory(
            region=cast.region,
            organisation=pool.school,
            language=pool.bulgarian,
            starts_at=start,
            duration_minutes=minutes,
            mode=mode,
            cost_centre=centre,
            tier=mediator.tier,
        )
        return Assignment.objects.create(
            request=request,
            mediator=mediator,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=minutes),
            status=status,
            travel_km=Decimal(km),
            **values,
        )

    return make


def test_the_allowance_is_hours_times_rate_plus_kilometres(cast, pool, done):
    volunteer = pool.volunteers[0]
    Mediator.objects.filter(pk=volunteer.pk).update(
        hourly_allowance=Decimal("10"), km_rate=Decimal("0.30")
    )
    done(volunteer, minutes=90, km="12")
    done(volunteer, day=12, minutes=60, km="8")
    done(volunteer, day=14, minutes=60, status=Assignment.Status.CANCELLED)
    [row] = money.allowance_rows(cast.region, MONTH)
    assert row["hours"] == Decimal("2.50")
    assert row["km"] == Decimal("20")
    assert row["amount"] == Decimal("31.00")


def test_the_allowance_is_split_by_cost_centre(cast, pool, done):
    done(pool.volunteers[0], centre="A")
    done(pool.volunteers[0], day=11, centre="B")
    assert [r["cost_centre"] for r in money.allowance_rows(cast.region, MONTH)] == ["A", "B"]
    assert len(money.allowance_rows(cast.region, MONTH, "B")) == 1


def test_a_professional_bills_per_started_unit(cast, pool, done):
    done(pool.professional, minutes=100)  # 100 min in 45-min units = 3 units
    [line] = money.invoice_rows(cast.region, MONTH)
    assert (line["units"], line["amount"]) == (3, Decimal("120.00"))


def test_a_short_appointment_is_billed_at_the_minimum_time(cast, pool, done):
    done(pool.professional, minutes=30)  # minimum 60 min = 2 units of 45 min
    [line] = money.invoice_rows(cast.region, MONTH)
    assert (line["minutes"], line["units"]) == (60, 2)


def test_phone_is_billed_by_the_minute_without_minimum(cast, pool, done):
    done(pool.professional, minutes=17, mode=Mode.PHONE)
    [line] = money.invoice_rows(cast.region, MONTH)
    assert line["amount"] == Decimal("20.40")


def test_a_billable_late_cancellation_is_billed_at_the_minimum(cast, pool, done):
    done(
        pool.professional,
        minutes=120,
        status=Assignment.Status.CANCELLED,
        cancellation_billable=True,
    )
    done(pool.professional, day=11, status=Assignment.Status.CANCELLED)
    [line] = money.invoice_rows(cast.region, MONTH)
    assert (line["minutes"], line["units"]) == (60, 2)


def test_the_csv_download_is_for_coordinators(cast, pool, done, client_for):
    done(pool.professional, minutes=45)
    url = reverse("mediation:money", kwargs={"region": cast.region.slug, "kind": "rechnungen"})
    response = client_for(cast.ki_coordinator).get(url, {"month": "2026-03"})
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").splitlines()) == 2
    assert client_for(pool.teacher).get(url, {"month": "2026-03"}).status_code == 403


@pytest.fixture
def german(settings):
    """The KI works in German, as the exports' spreadsheet program does."""
    settings.LANGUAGE_CODE = "de"


def _allowance_csv(client, cast) -> bytes:
    url = reverse(
        "mediation:money", kwargs={"region": cast.region.slug, "kind": "aufwandsentschaedigung"}
    )
    return client.get(url, {"month": "2026-03"}).content


def test_the_allowance_csv_opens_in_german_excel_with_a_byte_order_mark(
    cast, pool, done, client_for
):
    done(pool.volunteers[0])
    content = _allowance_csv(client_for(cast.ki_coordinator), cast)
    assert content.startswith("\ufeff".encode())


def test_the_allowance_csv_has_german_headings_between_semicolons(
    cast, pool, done, client_for, german
):
    done(pool.volunteers[0])
    heading = _allowance_csv(client_for(cast.ki_coordinator), cast).decode("utf-8-sig")
    assert heading.splitlines()[0].startswith("Kostenstelle;Kennung;Name;")


def test_the_allowance_csv_writes_amounts_with_a_decimal_comma(
    cast, pool, done, client_for, german
):
    volunteer = pool.volunteers[0]
    Mediator.objects.filter(pk=volunteer.pk).update(
        hourly_allowance=Decimal("10"), km_rate=Decimal("0.30")
    )
    done(volunteer, minutes=90, km="5")
    text = _allowance_csv(client_for(cast.ki_coordinator), cast).decode("utf-8-sig")
    cells = text.splitlines()[1].split(";")
    assert cells[-5:] == ["1,50", "5,0", "10,00", "0,30", "16,50"]


def test_the_invoice_csv_names_mode_and_status_in_words(cast, pool, done, client_for, german):
    done(pool.professional, minutes=45)
    response = _money_csv(client_for(cast.ki_coordinator), cast)
    cells = response.content.decode("utf-8-sig").splitlines()[1].split(";")
    assert (cells[5], cells[6]) == ("vor Ort", "erledigt")


def test_a_bad_month_is_answered_with_400(cast, client_for):
    url = reverse(
        "mediation:money", kwargs={"region": cast.region.slug, "kind": "aufwandsentschaedigung"}
    )
    response = client_for(cast.ki_coordinator).get(url, {"month": "2026-13"})
    assert response.status_code == 400


def test_only_volunteers_are_in_the_allowance(cast, pool, done):
    done(pool.professional)
    assert money.allowance_rows(cast.region, MONTH) == []
    assert pool.professional.tier == Tier.PROFESSIONAL


# --- Hostile values in the exports (issue 13) ----------------------------------------------

FORMULA = '=HYPERLINK("https://evil.example","x")'


def _money_csv(client, cast, **params):
    url = reverse("mediation:money", kwargs={"region": cast.region.slug, "kind": "rechnungen"})
    return client.get(url, {"month": "2026-03", **params})


def test_a_cost_centre_that_looks_like_a_formula_is_exported_as_text(cast, pool, done, client_for):
    done(pool.professional, centre=FORMULA)
    response = _money_csv(client_for(cast.ki_coordinator), cast)
    line = response.content.decode("utf-8-sig").splitlines()[1]
    assert line.startswith("\"'=HYPERLINK(") or line.startswith("'=HYPERLINK(")


def test_a_cost_centre_parameter_cannot_add_header_lines(cast, pool, done, client_for):
    response = _money_csv(client_for(cast.ki_coordinator), cast, cost_centre="a\r\nSet-Cookie: x=1")
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"]
    # Only the session's own cookie (staff pages note the last activity), never the injected one.
    assert set(response.cookies) <= {"sessionid"}


def test_a_cost_centre_parameter_cannot_add_a_second_file_name(cast, pool, done, client_for):
    response = _money_csv(
        client_for(cast.ki_coordinator), cast, cost_centre='a"; filename="rechnung.exe'
    )
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    params = header.get_params(header="Content-Disposition")
    assert [name for name, _value in params].count("filename") == 1
