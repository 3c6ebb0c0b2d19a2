"""The KI's overview of its pools: first what needs her (offers nobody answered, requests
starting soon without a mediator, evidence expired or expiring, mediators near their hour
cap), then coverage per language, load per mediator with warnings before overload, and
statistics without personal data."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.mediation.matching import EXCLUSION_REASONS, hours_by_mediator, month_bounds
from ankommen.mediation.models import (
    Assignment,
    Evidence,
    MediationLanguage,
    MediationRequest,
    Mediator,
    MediatorLanguage,
)

MIN_ACTIVE_PER_LANGUAGE = 2
EXPIRY_WARNING_DAYS = 30
BUSY_WEEKS_WARNING = 4
NEAR_CAP_SHARE = 0.8
# An offer nobody has answered for a day needs the KI: another round, or a direct booking.
UNANSWERED_AFTER = dt.timedelta(hours=24)
# A request without a mediator that starts within this many days needs her now.
SOON_DAYS = 3
WITHOUT_MEDIATOR = (
    MediationRequest.Status.REQUESTED,
    MediationRequest.Status.OFFERED,
    MediationRequest.Status.UNMET,
)


@dataclass
class LanguageCoverage:
    language: MediationLanguage
    volunteers: int
    professionals: int
    unmet: dict[str, int]

    @property
    def active(self) -> int:
        return self.volunteers + self.professionals

    @property
    def thin(self) -> bool:
        return self.active < MIN_ACTIVE_PER_LANGUAGE


def active_mediator_ids(region, day: dt.date) -> set[int]:
    """Active (not paused, not inactive) with a confidentiality declaration valid today."""
    # One filter() call, so that all conditions hold for the same evidence row (a second
    # call would let any other evidence without an end date satisfy the expiry).
    return set(
        Mediator.objects.filter(
            Q(evidence__valid_until__isnull=True) | Q(evidence__valid_until__gte=day),
            region=region,
            status=Mediator.Status.ACTIVE,
            evidence__kind=Evidence.Kind.CONFIDENTIALITY,
            evidence__valid_from__lte=day,
        ).values_list("pk", flat=True)
    )


def coverage(region, day: dt.date) -> list[LanguageCoverage]:
    active = active_mediator_ids(region, day)
    counts: dict[int, Counter] = defaultdict(Counter)
    for language_id, tier, n in (
        MediatorLanguage.objects.filter(mediator_id__in=active)
        .values_list("language_id", "mediator__tier")
        .annotate(n=Count("mediator", distinct=True))
        .order_by()
    ):
        counts[language_id][tier] += n
    unmet: dict[int, Counter] = defaultdict(Counter)
    since = timezone.now() - dt.timedelta(days=365)
    for language_id, reason, n in (
        MediationRequest.objects.filter(
            region=region, status=MediationRequest.Status.UNMET, starts_at__gte=since
        )
        .values_list("language_id", "unmet_reason")
        .annotate(n=Count("pk"))
    ):
        unmet[language_id][str(EXCLUSION_REASONS.get(reason, reason))] += n
    wanted = set(counts) | set(unmet)
    rows = [
        LanguageCoverage(
            language,
            counts[language.pk]["volunteer"],
            counts[language.pk]["professional"],
            dict(unmet[language.pk]),
        )
        for language in MediationLanguage.objects.filter(pk__in=wanted)
    ]
    rows.sort(key=lambda row: (row.active, row.language.name_de))
    return rows


@dataclass
class Load:
    mediator: Mediator
    hours: float
    cap: float | None
    busy_weeks: int
    warnings: list[str]


def load(region, now: dt.datetime | None = None) -> list[Load]:
    now = now or timezone.now()
    mediators = list(
        Mediator.objects.filter(region=region).exclude(status=Mediator.Status.INACTIVE)
    )
    ids = [m.pk for m in mediators]
    start, end = month_bounds(now)
    hours = hours_by_mediator(ids, start, end)
    # Weeks with at least one assignment, counted back from this week.
    this_monday = timezone.localdate(now) - dt.timedelta(days=timezone.localdate(now).weekday())
    since = timezone.make_aware(
        dt.datetime.combine(this_monday - dt.timedelta(weeks=12), dt.time.min)
    )
    weeks: dict[int, set[dt.date]] = defaultdict(set)
    for mediator_id, starts_at in (
        Assignment.objects.filter(mediator_id__in=ids, starts_at__gte=since, starts_at__lt=end)
        .exclude(status=Assignment.Status.CANCELLED)
        .values_list("mediator_id", "starts_at")
    ):
        day = timezone.localtime(starts_at).date()
        weeks[mediator_id].add(day - dt.timedelta(days=day.weekday()))
    rows = []
    for mediator in mediators:
        used = float(hours.get(mediator.pk, 0))
        cap = float(mediator.monthly_hour_cap) if mediator.monthly_hour_cap else None
        streak, week = 0, this_monday
        while week in weeks[mediator.pk]:
            streak += 1
            week -= dt.timedelta(weeks=1)
        warnings = []
        if cap is not None and used >= cap:
            warnings.append(_("cap reached"))
        elif cap is not None and used >= NEAR_CAP_SHARE * cap:
            warnings.append(_("close to the cap"))
        if streak >= BUSY_WEEKS_WARNING:
            warnings.append(_("%(weeks)s busy weeks in a row") % {"weeks": streak})
        if mediator.mediator_no_shows:
            warnings.append(
                _("%(count)s no-shows to follow up") % {"count": mediator.mediator_no_shows}
            )
        rows.append(Load(mediator, used, cap, streak, warnings))
    rows.sort(key=lambda row: (not row.warnings, -row.hours, row.mediator.name))
    return rows


def expiring_evidence(region, day: dt.date):
    """Evidence that ends within 30 days or has ended (however long ago) and has no
    successor yet, of mediators still in the pool; the longest expired first."""
    horizon = day + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    current = Evidence.objects.filter(mediator__region=region).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=horizon)
    )
    covered = set(current.values_list("mediator_id", "kind", "setting"))
    ending = (
        Evidence.objects.filter(
            mediator__region=region,
            valid_until__lte=horizon,
        )
        .exclude(mediator__status=Mediator.Status.INACTIVE)
        .select_related("mediator")
        .order_by("valid_until")
    )
    return [e for e in ending if (e.mediator_id, e.kind, e.setting) not in covered]


@dataclass
class NeedsAction:
    """What the KI sees first on her overview."""

    unanswered: list[MediationRequest]
    starting_soon: list[MediationRequest]
    expired: list[Evidence]
    expiring: list[Evidence]
    near_cap: list[Load]

    @property
    def count(self) -> int:
        return sum(
            len(items)
            for items in (
                self.unanswered,
                self.starting_soon,
                self.expired,
                self.expiring,
                self.near_cap,
            )
        )


def needs_action(region, loads: list[Load], now: dt.datetime | None = None) -> NeedsAction:
    """Requests offered for a day without an answer, requests starting within SOON_DAYS
    without a mediator (listed once, there), evidence expired and expiring, and the
    mediators at or near their cap among `loads` (from load())."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    requests = MediationRequest.objects.filter(region=region).select_related(
        "organisation", "language", "place_area"
    )
    starting_soon = list(
        requests.filter(
            status__in=WITHOUT_MEDIATOR,
            starts_at__gte=now,
            starts_at__lt=now + dt.timedelta(days=SOON_DAYS),
        ).order_by("starts_at")
    )
    soon = {item.pk for item in starting_soon}
    unanswered = [
        item
        for item in requests.filter(status=MediationRequest.Status.OFFERED, starts_at__gte=now)
        .annotate(last_offer=Max("offers__sent_at"))
        .filter(last_offer__lte=now - UNANSWERED_AFTER)
        .order_by("starts_at")
        if item.pk not in soon
    ]
    evidence = expiring_evidence(region, today)
    return NeedsAction(
        unanswered=unanswered,
        starting_soon=starting_soon,
        expired=[item for item in evidence if item.valid_until < today],
        expiring=[item for item in evidence if item.valid_until >= today],
        near_cap=[
            row for row in loads if row.cap is not None and row.hours >= NEAR_CAP_SHARE * row.cap
        ],
    )


def in_words(field, counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """(code, n) pairs of a statistic with the code as the field's label ("not served",
    not "unmet"); codes without a label stay as they are."""
    labels = dict(field.flatchoices)
    return [(str(labels.get(code, code)), n) for code, n in counts]


def statistics(region, *, since: dt.datetime | None = None) -> dict:
    """Counts only: by language, setting, town, status and unmet reason."""
    since = since or timezone.now() - dt.timedelta(days=365)
    requests = MediationRequest.objects.filter(region=region, starts_at__gte=since)

    def by(field, queryset=requests):
        return list(queryset.values_list(field).annotate(n=Count("pk")).order_by("-n", field))

    return {
        "requests": requests.count(),
        "assignments": Assignment.objects.filter(request__in=requests)
        .exclude(status=Assignment.Status.CANCELLED)
        .count(),
        "by_language": by("language__name_de"),
        "by_setting": in_words(MediationRequest._meta.get_field("setting"), by("setting")),
        "by_town": by("place_area__name"),
        "by_status": in_words(MediationRequest._meta.get_field("status"), by("status")),
        "unmet_by_reason": [
            (str(EXCLUSION_REASONS.get(code, code)), n)
            for code, n in by("unmet_reason", requests.filter(status=MediationRequest.Status.UNMET))
        ],
    }
