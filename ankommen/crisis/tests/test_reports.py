"""Base structures and daily reports: a town enters and sees its own; occupancy above the
capacity is refused; a past day is a correction with history; the dashboard and its export."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from ankommen.crisis import services
from ankommen.crisis.models import DailyReport, ReportRevision, Structure

pytestmark = pytest.mark.django_db


def report(client, cast, *, day=None, arrivals=12, occupancy=70, reason="", area=None):
    return client.post(
        reverse("crisis_staff:report", args=[cast.region.slug]),
        {
            "area": (area or cast.verl).pk,
            "day": (day or timezone.localdate()).isoformat(),
            "arrivals": arrivals,
            "occupancy": occupancy,
            "open_needs": "Dolmetschen Ukrainisch",
            "reason": reason,
        },
    )


def test_verl_reports_the_days_arrivals(client_for, cast, verl_shelter):
    report(client_for(cast.officer_verl), cast)
    assert DailyReport.objects.get(area=cast.verl).arrivals == 12


def test_dashboard_shows_verls_arrivals(client_for, cast, verl_shelter):
    report(client_for(cast.officer_verl), cast, arrivals=37)
    response = client_for(cast.ki_coordinator).get(
        reverse("crisis_staff:dashboard", args=[cast.region.slug])
    )
    town = next(t for t in response.context["situation"].towns if t.name == "Verl")
    assert town.arrivals == 37


def test_occupancy_above_the_capacity_is_refused(client_for, cast, verl_shelter):
    with translation.override("en"):
        response = report(client_for(cast.officer_verl), cast, occupancy=101)
    assert response.status_code == 400 and not DailyReport.objects.exists()


def test_officer_cannot_report_for_another_town(client_for, cast, verl_shelter):
    response = report(client_for(cast.officer_verl), cast, area=cast.versmold)
    assert response.status_code == 400 and not DailyReport.objects.exists()


def test_past_day_without_reason_is_refused(client_for, cast, verl_shelter):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = report(client_for(cast.officer_verl), cast, day=yesterday)
    assert response.status_code == 400


def test_correction_keeps_the_earlier_figures(client_for, cast, verl_shelter):
    client = client_for(cast.officer_verl)
    report(client, cast, arrivals=12)
    report(client, cast, arrivals=15, reason="Nachmeldung am Abend")
    assert list(ReportRevision.objects.order_by("pk").values_list("arrivals", "is_correction")) == [
        (12, False),
        (15, True),
    ]


def test_future_day_is_refused(cast, verl_shelter):
    with pytest.raises(Exception, match="future"), translation.override("en"):
        services.daily_report_save(
            area=cast.verl,
            day=timezone.localdate() + dt.timedelta(days=1),
            arrivals=1,
            occupancy=1,
            open_needs="",
            by=cast.officer_verl,
        )


def test_versmold_officer_sees_no_verl_figures(client_for, cast, verl_shelter):
    report(client_for(cast.officer_verl), cast, arrivals=37)
    response = client_for(cast.officer_versmold).get(
        reverse("crisis_staff:dashboard", args=[cast.region.slug])
    )
    assert response.context["situation"].towns == []


def test_export_is_a_german_excel_csv(client_for, cast, verl_shelter):
    report(client_for(cast.officer_verl), cast, arrivals=37)
    response = client_for(cast.ki_coordinator).get(
        reverse("crisis_staff:export", args=[cast.region.slug])
    )
    assert response.content.startswith("\ufeff".encode()) and b";Verl;37;" in response.content


def test_structure_occupied_above_capacity_is_refused(client_for, cast, verl_shelter):
    response = client_for(cast.officer_verl).post(
        reverse("crisis_staff:structure", args=[cast.region.slug, verl_shelter.pk]),
        {
            "area": cast.verl.pk,
            "kind": "accommodation",
            "name": "Übergangswohnheim Verl",
            "capacity": 100,
            "occupied": 120,
            "expected_version": verl_shelter.version,
        },
    )
    verl_shelter.refresh_from_db()
    assert response.status_code == 400 and verl_shelter.occupied == 60


def test_officer_confirms_her_entry(client_for, cast, verl_shelter):
    client_for(cast.officer_verl).post(
        reverse("crisis_staff:confirm", args=[cast.region.slug, verl_shelter.pk])
    )
    verl_shelter.refresh_from_db()
    assert verl_shelter.confirmed_by == cast.officer_verl


def test_other_towns_officer_cannot_open_the_entry(client_for, cast, verl_shelter):
    response = client_for(cast.officer_versmold).get(
        reverse("crisis_staff:structure", args=[cast.region.slug, verl_shelter.pk])
    )
    assert response.status_code == 404


def test_confirm_by_get_is_405(client_for, cast, verl_shelter):
    response = client_for(cast.officer_verl).get(
        reverse("crisis_staff:confirm", args=[cast.region.slug, verl_shelter.pk])
    )
    assert response.status_code == 405


def test_reminder_goes_once_to_the_keeper(cast, verl_shelter, django_capture_on_commit_callbacks):
    cast.officer_verl.email = "vera@example.org"
    cast.officer_verl.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.structures_remind()
        second = services.structures_remind()
    assert (len(first), len(second), len(mail.outbox)) == (1, 0, 1)


def test_confirmed_entry_is_not_reminded(cast, verl_shelter):
    cast.officer_verl.email = "vera@example.org"
    cast.officer_verl.save()
    verl_shelter.confirm(by=cast.officer_verl)
    verl_shelter.save()
    assert services.structures_remind() == []


def test_reminder_command_prints_one_line_per_entry(cast, verl_shelter, capsys):
    from django.core.management import call_command

    cast.officer_verl.email = "vera@example.org"
    cast.officer_verl.save()
    call_command("remind_structures")
    assert "Übergangswohnheim Verl" in capsys.readouterr().out


def test_model_refuses_occupied_above_capacity(cast):
    from django.core.exceptions import ValidationError

    shelter = Structure(
        region=cast.region, area=cast.verl, kind="accommodation", name="X", capacity=1, occupied=2
    )
    with pytest.raises(ValidationError) as refused:
        shelter.full_clean()
    assert refused.value.error_dict["occupied"][0].code == "over_capacity"
