"""The coordinators' load view: who gives more than she wants to, and who has had no pause
— the concept's "Überfrachtungsgefahren" (risks of overload) as two plain rules.

1. Over the cap: the hours of the current month exceed her monthly hour cap.
2. No pause: each of the last `VOLUNTEERING_NO_PAUSE_WEEKS` calendar weeks (Monday to
   Sunday, the current one included) has hours — she has not had one free week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from ankommen.volunteering.models import HoursEntry, Volunteer


@dataclass(frozen=True)
class LoadRow:
    volunteer: Volunteer
    month_hours: Decimal
    cap: Decimal | None
    busy_weeks: int  # how many of the last weeks, counted back from this one, had hours
    weeks_checked: int

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and self.month_hours > self.cap

    @property
    def no_pause(self) -> bool:
        return self.busy_weeks >= self.weeks_checked

    @property
    def warning(self) -> bool:
        return self.over_cap or self.no_pause

    @property
    def share_of_cap(self) -> int | None:
        """Percent of the cap used this month (for the bar), None without a cap."""
        if not self.cap:
            return None
        return int(self.month_hours * 100 / self.cap)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def load_rows(
    volunteers: Iterable[Volunteer], today: dt.date, *, weeks: int | None = None
) -> list[LoadRow]:
    """One row per volunteer, the ones with a warning first; two queries in all."""
    weeks = weeks or int(settings.VOLUNTEERING_NO_PAUSE_WEEKS)
    volunteers = list(volunteers)
    ids = [v.pk for v in volunteers]
    month = {
        row["volunteer_id"]: row["total"]
        for row in HoursEntry.objects.filter(
            volunteer__in=ids, date__year=today.year, date__month=today.month, date__lte=today
        )
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
    }
    first_week = week_start(today) - dt.timedelta(weeks=weeks - 1)
    worked: dict[int, set[dt.date]] = defaultdict(set)
    for volunteer_id, day in HoursEntry.objects.filter(
        volunteer__in=ids, date__gte=first_week, date__lte=today
    ).values_list("volunteer_id", "date"):
        worked[volunteer_id].add(week_start(day))
    rows = []
    for volunteer in volunteers:
        busy = 0
        week = week_start(today)
        while week >= first_week and week in worked[volunteer.pk]:
            busy += 1
            week -= dt.timedelta(weeks=1)
        rows.append(
            LoadRow(
                volunteer=volunteer,
                month_hours=month.get(volunteer.pk) or Decimal("0"),
                cap=volunteer.monthly_hour_cap,
                busy_weeks=busy,
                weeks_checked=weeks,
            )
        )
    return sorted(rows, key=lambda row: (not row.warning, row.volunteer.name))
