"""Monthly money: the volunteers' allowance (hours × rate + kilometres × rate) and the
professionals' invoice lines (per started unit, a minimum time, phone by the minute), both
as CSV per cost centre, in the one spreadsheet format of core/spreadsheets.py (German
Excel: BOM, ";", decimal comma), with headings and codes in the interface language."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import pgettext_lazy

from ankommen.core.spreadsheets import excel_csv
from ankommen.mediation.models import Assignment, Mode, Tier

CENT = Decimal("0.01")
# A client who does not come still costs the mediator her time: paid as agreed.
PAID_STATUSES = [Assignment.Status.DONE, Assignment.Status.NO_SHOW_CLIENT]


def _month_range(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime(month.year, month.month, 1))
    following = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return start, timezone.make_aware(dt.datetime(following.year, following.month, 1))


def _assignments(region, month: dt.date, tier: str, cost_centre: str = ""):
    start, end = _month_range(month)
    billable = Q(status__in=PAID_STATUSES) | Q(
        status=Assignment.Status.CANCELLED, cancellation_billable=True
    )
    queryset = (
        Assignment.objects.filter(
            request__region=region,
            mediator__tier=tier,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .filter(billable)
        .select_related("mediator", "request")
        .order_by("request__cost_centre", "mediator__name", "starts_at")
    )
    if cost_centre:
        queryset = queryset.filter(request__cost_centre=cost_centre)
    return queryset


def planned_minutes(assignment: Assignment) -> int:
    return int((assignment.ends_at - assignment.starts_at).total_seconds() // 60)


def allowance_rows(region, month: dt.date, cost_centre: str = "") -> list[dict]:
    totals: dict[tuple[str, int], dict] = defaultdict(
        lambda: {"assignments": 0, "minutes": 0, "km": Decimal("0")}
    )
    mediators = {}
    for assignment in _assignments(region, month, Tier.VOLUNTEER, cost_centre):
        key = (assignment.request.cost_centre, assignment.mediator_id)
        mediators[assignment.mediator_id] = assignment.mediator
        row = totals[key]
        row["assignments"] += 1
        row["minutes"] += assignment.minutes_worked or planned_minutes(assignment)
        row["km"] += assignment.travel_km
    rows = []
    for (centre, mediator_id), row in sorted(totals.items(), key=lambda i: (i[0][0], i[0][1])):
        mediator = mediators[mediator_id]
        hours = (Decimal(row["minutes"]) / 60).quantize(CENT, ROUND_HALF_UP)
        amount = hours * mediator.hourly_allowance + row["km"] * mediator.km_rate
        rows.append(
            {
                "cost_centre": centre,
                "mediator": mediator.key,
                "name": mediator.name,
                "assignments": row["assignments"],
                "hours": hours,
                "km": row["km"],
                "rate_per_hour": mediator.hourly_allowance,
                "rate_per_km": mediator.km_rate,
                "amount": amount.quantize(CENT, ROUND_HALF_UP),
            }
        )
    return rows


def invoice_line(assignment: Assignment) -> dict:
    mediator = assignment.mediator
    worked = assignment.minutes_worked or planned_minutes(assignment)
    if assignment.status == Assignment.Status.CANCELLED:
        worked = 0
    if assignment.request.mode == Mode.PHONE:
        # Phone: every started minute at the phone rate, no minimum time.
        units, unit, rate = worked, 1, mediator.phone_rate_per_minute
        billed = worked
    else:
        billed = max(worked, mediator.minimum_minutes)
        unit = mediator.unit_minutes
        units = math.ceil(billed / unit)
        rate = mediator.unit_rate
    return {
        "cost_centre": assignment.request.cost_centre,
        "mediator": mediator.key,
        "name": mediator.name,
        "date": timezone.localtime(assignment.starts_at).date(),
        "request": assignment.request_id,
        "mode": assignment.request.mode,
        "status": assignment.status,
        "minutes": billed,
        "unit_minutes": unit,
        "units": units,
        "rate": rate,
        "amount": (units * rate).quantize(CENT, ROUND_HALF_UP),
    }


def invoice_rows(region, month: dt.date, cost_centre: str = "") -> list[dict]:
    return [invoice_line(a) for a in _assignments(region, month, Tier.PROFESSIONAL, cost_centre)]


def to_csv(rows: list[dict], columns: list[str], *, decimal_sign: str | None = None) -> bytes:
    """The rows as CSV for a spreadsheet: a heading row in the interface language, the
    mode and status in words, amounts with the language's decimal sign."""
    sign = decimal_sign or get_format("DECIMAL_SEPARATOR")
    headings = [str(COLUMN_LABELS[column]) for column in columns]
    words = {"mode": Mode, "status": Assignment.Status}

    def cell(column: str, value):
        return str(words[column](value).label) if column in words else value

    body = ([cell(column, row[column]) for column in columns] for row in rows)
    return excel_csv([headings, *body], decimal_sign=sign)


COLUMN_LABELS = {
    "cost_centre": pgettext_lazy("money export", "Cost centre"),
    "mediator": pgettext_lazy("money export", "Mediator key"),
    "name": pgettext_lazy("money export", "Name"),
    "assignments": pgettext_lazy("money export", "Assignments"),
    "hours": pgettext_lazy("money export", "Hours"),
    "km": pgettext_lazy("money export", "Kilometres"),
    "rate_per_hour": pgettext_lazy("money export", "Allowance per hour (EUR)"),
    "rate_per_km": pgettext_lazy("money export", "Allowance per km (EUR)"),
    "amount": pgettext_lazy("money export", "Amount (EUR)"),
    "date": pgettext_lazy("money export", "Date"),
    "request": pgettext_lazy("money export", "Request number"),
    "mode": pgettext_lazy("money export", "Mode"),
    "status": pgettext_lazy("money export", "Status"),
    "minutes": pgettext_lazy("money export", "Minutes billed"),
    "unit_minutes": pgettext_lazy("money export", "Minutes per unit"),
    "units": pgettext_lazy("money export", "Units"),
    "rate": pgettext_lazy("money export", "Rate per unit (EUR)"),
}
ALLOWANCE_COLUMNS = [
    "cost_centre",
    "mediator",
    "name",
    "assignments",
    "hours",
    "km",
    "rate_per_hour",
    "rate_per_km",
    "amount",
]
INVOICE_COLUMNS = [
    "cost_centre",
    "mediator",
    "name",
    "date",
    "request",
    "mode",
    "status",
    "minutes",
    "unit_minutes",
    "units",
    "rate",
    "amount",
]
