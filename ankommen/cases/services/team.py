"""A team lead's view of her teams: caseload per person, cases without activity, and what
waits for her (hand-overs inside her teams, early deletions to approve)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from ankommen.cases.models import (
    Appointment,
    Case,
    Conference,
    DeletionRequest,
    Document,
    FollowUp,
    Goal,
    InterpreterRequest,
    Note,
    Referral,
    Transfer,
)

DEFAULT_QUIET_WEEKS = 6
QUIET_SHOWN = 50

# What counts as activity on a case: a record added to it, with its time field.
ACTIVITY = (
    (Note, "created_at"),
    (Appointment, "created_at"),
    (FollowUp, "created_at"),
    (Goal, "created_at"),
    (Document, "created_at"),
    (InterpreterRequest, "created_at"),
    (Referral, "sent_at"),
    (Conference, "held_on"),
)


@dataclass
class Caseload:
    user_id: int
    name: str
    intake: int = 0
    active: int = 0
    quiet: int = 0

    @property
    def open(self) -> int:
        return self.intake + self.active


@dataclass
class TeamOverview:
    caseload: list[Caseload]
    quiet: list[tuple[Case, dt.date]]
    quiet_total: int
    transfers: list[Transfer]
    deletions: list[DeletionRequest]
    quiet_weeks: int
    since: dt.date
    totals: dict = field(default_factory=dict)


def last_activity(cases: list[Case]) -> dict[int, dt.date]:
    """The date of the newest record of each case (its opening if it has none): one short
    query per kind of record, no decryption."""
    latest = {case.pk: case.opened_on for case in cases}
    ids = list(latest)
    for model, stamp in ACTIVITY:
        rows = (
            model.objects.filter(case_id__in=ids)
            .order_by()
            .values("case_id")
            .annotate(last=Max(stamp))
        )
        for row in rows:
            value = row["last"]
            if isinstance(value, dt.datetime):
                value = timezone.localtime(value).date()
            if value and value > latest[row["case_id"]]:
                latest[row["case_id"]] = value
    return latest


def team_overview(
    user, teams: frozenset[int], *, region, quiet_weeks: int = DEFAULT_QUIET_WEEKS
) -> TeamOverview:
    """The open cases of the teams `teams` (which the caller checked the user leads)."""
    since = timezone.localdate() - dt.timedelta(weeks=quiet_weeks)
    open_cases = list(
        Case.objects.visible_to(user)
        .filter(region=region, team__in=teams, anonymised_at__isnull=True)
        .exclude(status=Case.Status.CLOSED)
        .select_related("assigned_to", "town")
        .only(
            "pk",
            "opened_on",
            "status",
            "kind",
            "assigned_to__username",
            "assigned_to__first_name",
            "assigned_to__last_name",
            "town__name",
        )
    )
    latest = last_activity(open_cases)
    loads: dict[int, Caseload] = {}
    quiet = []
    for case in open_cases:
        person = case.assigned_to
        load = loads.setdefault(
            person.pk, Caseload(person.pk, person.get_full_name() or person.get_username())
        )
        if case.status == Case.Status.INTAKE:
            load.intake += 1
        else:
            load.active += 1
        if latest[case.pk] < since:
            load.quiet += 1
            quiet.append((case, latest[case.pk]))
    quiet.sort(key=lambda item: item[1])
    transfers = list(
        Transfer.objects.filter(
            Q(case__team__in=teams) | Q(to_team__in=teams),
            accepted_at__isnull=True,
            case__region=region,
        )
        .select_related("case", "to_user")
        .distinct()
    )
    deletions = list(
        DeletionRequest.objects.filter(
            approved_at__isnull=True,
            case__in=Case.objects.visible_to(user).filter(team__in=teams, region=region),
        )
        .exclude(requested_by_id=user.pk)
        .select_related("case")
    )
    caseload = sorted(loads.values(), key=lambda row: (-row.open, row.name))
    totals = Case.objects.filter(team__in=teams, region=region).aggregate(
        closed=Count("pk", filter=Q(status=Case.Status.CLOSED))
    )
    return TeamOverview(
        caseload=caseload,
        quiet=quiet[:QUIET_SHOWN],
        quiet_total=len(quiet),
        transfers=transfers,
        deletions=deletions,
        quiet_weeks=quiet_weeks,
        since=since,
        totals={
            "open": sum(row.open for row in caseload),
            "quiet": len(quiet),
            "closed": totals["closed"],
        },
    )
