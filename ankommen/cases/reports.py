"""Aggregated reporting for the KI and the state: counts only, small cells suppressed.

Reads kind, town, organisation, dates and closure reasons, which anonymisation keeps, so a
case counts in the reports of its quarters before and after its names are gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ankommen.cases.models import Case, Conference, Referral, StructuralProblem
from ankommen.core.models import Region, Team
from ankommen.core.pdf import FAMILY, Document

SMALL_CELL = 5
SUPPRESSED = "<5"


def suppress(n: int) -> int | str:
    """Counts from 1 to 4 could single people out; they are shown as “<5”."""
    return SUPPRESSED if 0 < n < SMALL_CELL else n


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


@dataclass
class Report:
    region: Region
    start: date
    end: date
    towns: list[dict]
    totals: dict
    closure_reasons: list[tuple[str, int | str]]
    referrals_by_domain: list[tuple[str, int | str]]
    conferences: int | str
    structural_problems: list[tuple[str, int | str]]
    raw_totals: dict


def build_report(
    region: Region, start: date, end: date, *, teams: frozenset[int] | None = None
) -> Report:
    """Counts of the period [start, end): new, active and closed cases per town; with
    `teams`, of those teams' cases only (a team lead's report)."""
    cases = Case.objects.filter(region=region)
    team_cases = Q()
    if teams is not None:
        cases = cases.filter(team__in=teams)
        team_cases = Q(case__team__in=teams)
    new = Q(opened_on__gte=start, opened_on__lt=end)
    active = Q(opened_on__lt=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    closed = Q(closed_on__gte=start, closed_on__lt=end)
    rows = (
        cases.order_by()
        .values("town__name")
        .annotate(
            new=Count("pk", filter=new),
            active=Count("pk", filter=active),
            closed=Count("pk", filter=closed),
        )
        .order_by("town__name")
    )
    towns = [
        {
            "town": row["town__name"],
            "new": suppress(row["new"]),
            "active": suppress(row["active"]),
            "closed": suppress(row["closed"]),
        }
        for row in rows
        if row["new"] or row["active"] or row["closed"]
    ]
    raw = cases.aggregate(
        new=Count("pk", filter=new),
        active=Count("pk", filter=active),
        closed=Count("pk", filter=closed),
    )
    reasons = dict(Case.ClosureReason.choices)
    closure = [
        (str(reasons.get(row["closure_reason"], row["closure_reason"])), suppress(row["n"]))
        for row in cases.filter(closed)
        .order_by()
        .values("closure_reason")
        .annotate(n=Count("pk"))
        .order_by("closure_reason")
    ]
    referrals = [
        (row["legal_domain__code"] or _("no legal domain"), suppress(row["n"]))
        for row in Referral.objects.filter(
            team_cases, case__region=region, sent_at__date__gte=start, sent_at__date__lt=end
        )
        .order_by()
        .values("legal_domain__code")
        .annotate(n=Count("pk"))
        .order_by("legal_domain__code")
    ]
    conferences = Conference.objects.filter(
        team_cases, region=region, held_on__gte=start, held_on__lt=end
    ).count()
    themes = dict(StructuralProblem.Theme.choices)
    problems = [
        (str(themes.get(row["theme"], row["theme"])), suppress(row["n"]))
        for row in StructuralProblem.objects.confirmed()
        .filter(region=region, reported_on__gte=start, reported_on__lt=end)
        .filter(_of_teams(teams))
        .order_by()
        .values("theme")
        .annotate(n=Count("pk"))
        .order_by("theme")
    ]
    return Report(
        region=region,
        start=start,
        end=end,
        towns=towns,
        totals={key: suppress(value) for key, value in raw.items()},
        closure_reasons=closure,
        referrals_by_domain=referrals,
        conferences=suppress(conferences),
        structural_problems=problems,
        raw_totals=raw,
    )


def _of_teams(teams: frozenset[int] | None) -> Q:
    """Structural problems reported by the organisations of these teams (all if None)."""
    if teams is None:
        return Q()
    return Q(organisation__in=Team.objects.filter(pk__in=teams).values("organisation"))


def structural_overview(region: Region, *, teams: frozenset[int] | None = None) -> list[dict]:
    """Structural problems by theme and town: counts and statuses, no descriptions' authors;
    with `teams`, those reported by the teams' organisations."""
    themes = dict(StructuralProblem.Theme.choices)
    return [
        {
            "theme": str(themes.get(row["theme"], row["theme"])),
            "town": row["town__name"],
            "problems": row["n"],
            "cases": suppress(row["cases"] or 0),
            "open": row["open"],
        }
        for row in StructuralProblem.objects.confirmed()
        .filter(region=region)
        .filter(_of_teams(teams))
        .order_by()
        .values("theme", "town__name")
        .annotate(
            n=Count("pk"),
            cases=models_sum("case_count"),
            open=Count("pk", filter=~Q(status=StructuralProblem.Status.SOLVED)),
        )
        .order_by("theme", "town__name")
    ]


def models_sum(field: str):
    from django.db.models import Sum

    return Sum(field)


# --- PDF of the Art. 15 export ------------------------------------------------------------


def export_pdf(data: dict, *, watermark: str) -> bytes:
    """The Art. 15 export as PDF: every section of `data`, nested as it is."""
    pdf = Document(_("Information on stored data (Art. 15 GDPR)"), bottom=15)
    pdf.add_page()
    pdf.write_heading(_("Information on stored data (Art. 15 GDPR)"), size=14, line_height=8)
    pdf.write_paragraph(watermark, size=8)
    pdf.ln(2)

    def section(title: str, value, depth: int = 0) -> None:
        if isinstance(value, dict):
            pdf.write_heading(title, size=11 - min(depth, 2), line_height=6)
            pdf.set_font(FAMILY, "", 9)
            for key, item in value.items():
                section(str(key), item, depth + 1)
        elif isinstance(value, list):
            pdf.write_heading(f"{title} ({len(value)})", size=10 - min(depth, 2), line_height=6)
            pdf.set_font(FAMILY, "", 9)
            for index, item in enumerate(value, 1):
                if isinstance(item, dict | list):
                    section(f"{title} {index}", item, depth + 1)
                else:
                    pdf.write_paragraph(f"  – {item}")
        else:
            pdf.write_paragraph(f"{title}: {'' if value is None else value}", size=9)

    for key, value in data.items():
        section(key, value)
    return pdf.to_bytes()
