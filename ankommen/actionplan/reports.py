"""The steering-group report for one quarter, as PDF (for the meeting) and XLSX (for
further editing): per field of action the traffic lights and progress, what changed since
the previous report, what is overdue or blocked, and every recommendation with its progress
then and now. Ordering and numbering follow the concept (HF 2 / H 2.5 / E 2.5.1 / T 2.5.1.2).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.actionplan.models import (
    ChangeEntry,
    Light,
    ProgressReport,
    Quarter,
    Recommendation,
    SteeringReport,
    SubStep,
    mean,
    plan_snapshot,
)
from ankommen.core import formats
from ankommen.core.models import FieldOfAction, Region
from ankommen.core.pdf import FAMILY, HEADING_FILL, Document
from ankommen.core.spreadsheets import XlsxBook

LIGHT_ORDER = [Light.ON_TRACK, Light.AT_RISK, Light.OVERDUE, Light.BLOCKED, Light.DONE]


@dataclass
class FieldSummary:
    number: int
    name: str
    progress: Decimal | None
    previous_progress: Decimal | None
    lights: dict[str, int]

    @property
    def delta(self) -> Decimal | None:
        if self.progress is None or self.previous_progress is None:
            return None
        return self.progress - self.previous_progress


@dataclass
class RecommendationRow:
    code: str
    field_name: str
    title: str
    lead: str
    deadline: date | None
    light: str
    progress: Decimal
    previous_progress: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        if self.previous_progress is None:
            return None
        return self.progress - self.previous_progress

    @property
    def light_label(self) -> str:
        return str(Light(self.light).label)


@dataclass
class StepRow:
    code: str
    text: str
    organisation: str
    person: str
    due_date: date | None
    status: str
    progress: int
    light: str
    days_overdue: int
    reason: str

    @property
    def light_label(self) -> str:
        return str(Light(self.light).label)


@dataclass
class Change:
    code: str
    subject: str
    lines: list[str] = field(default_factory=list)
    last_date: date | None = None


@dataclass
class SteeringReportData:
    region: Region
    period: Quarter
    issued: SteeringReport | None
    previous: SteeringReport | None
    since: date
    until: date
    as_of: date
    generated_at: datetime
    fields: list[FieldSummary]
    recommendations: list[RecommendationRow]
    steps: list[StepRow]
    attention: list[StepRow]
    changes: list[Change]

    @property
    def title(self) -> str:
        return _("Action plan: progress report for the steering group")

    @property
    def filename(self) -> str:
        return f"aktionsplan-{self.region.slug}-{self.period.slug}"


def _sort_key(recommendation: Recommendation) -> tuple:
    return (
        recommendation.field.sort_order,
        recommendation.kind != Recommendation.Kind.RECOMMENDATION,
        recommendation.challenge.rank if recommendation.challenge_id else 0,
        recommendation.number,
    )


def build_report(region: Region, period: Quarter) -> SteeringReportData:
    today = timezone.localdate()
    as_of = min(today, period.end)
    issued = SteeringReport.objects.filter(
        region=region, year=period.year, quarter=period.quarter
    ).first()
    previous = SteeringReport.previous_for(region, period)
    since = previous.period.end if previous else period.start - timedelta(days=1)
    until = period.end
    now_values = issued.snapshot if issued and issued.snapshot else plan_snapshot(region)
    before = previous.snapshot if previous else {}

    recommendations = sorted(
        Recommendation.objects.filter(region=region)
        .select_related("field", "challenge", "lead_organisation")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=SubStep.objects.select_related("responsible_organisation").order_by(
                    "number"
                ),
            )
        ),
        key=_sort_key,
    )

    def progress_in(values, kind, pk) -> Decimal | None:
        entry = (values.get(kind) or {}).get(str(pk))
        return Decimal(str(entry["progress"])) if entry else None

    rows: list[RecommendationRow] = []
    steps: list[StepRow] = []
    by_field: dict[int, list[RecommendationRow]] = defaultdict(list)
    # The units a field's progress is the mean of: its challenges and its KI measures.
    by_unit: dict[tuple[int, int], list[RecommendationRow]] = defaultdict(list)
    for recommendation in recommendations:
        current = progress_in(now_values, "recommendations", recommendation.pk)
        row = RecommendationRow(
            code=recommendation.code,
            field_name=recommendation.field.label(),
            title=recommendation.title,
            lead=str(recommendation.lead_organisation or ""),
            deadline=recommendation.effective_deadline(),
            light=recommendation.light(as_of),
            progress=current if current is not None else recommendation.progress,
            previous_progress=progress_in(before, "recommendations", recommendation.pk),
        )
        rows.append(row)
        by_field[recommendation.field_id].append(row)
        unit = recommendation.challenge_id or -recommendation.pk
        by_unit[(recommendation.field_id, unit)].append(row)
        for step in recommendation.steps.all():
            steps.append(
                StepRow(
                    code=step.code,
                    text=step.text,
                    organisation=str(step.responsible_organisation or ""),
                    person=step.responsible_person,
                    due_date=step.due_date,
                    status=str(step.get_status_display()),
                    progress=step.progress,
                    light=step.light(as_of),
                    days_overdue=step.days_overdue(as_of),
                    reason=step.status_reason,
                )
            )

    summaries = []
    for fieldofaction in FieldOfAction.objects.filter(region=region).order_by("sort_order", "name"):
        field_rows = by_field.get(fieldofaction.pk, [])
        units = [
            unit_rows
            for (field_id, _unit), unit_rows in by_unit.items()
            if field_id == fieldofaction.pk
        ]
        lights = {light.value: 0 for light in LIGHT_ORDER}
        for row in field_rows:
            if row.light in lights:
                lights[row.light] += 1
        now_means = [mean([r.progress for r in unit_rows]) for unit_rows in units]
        then_means = [
            mean([r.previous_progress for r in unit_rows if r.previous_progress is not None])
            for unit_rows in units
        ]
        summaries.append(
            FieldSummary(
                number=fieldofaction.sort_order + 1,
                name=fieldofaction.label(),
                progress=mean([m for m in now_means if m is not None]),
                previous_progress=mean([m for m in then_means if m is not None])
                if previous
                else None,
                lights=lights,
            )
        )

    attention = sorted(
        (s for s in steps if s.light in (Light.OVERDUE, Light.BLOCKED)),
        key=lambda s: (-s.days_overdue, s.organisation, s.code),
    )
    return SteeringReportData(
        region=region,
        period=period,
        issued=issued,
        previous=previous,
        since=since,
        until=until,
        as_of=as_of,
        generated_at=timezone.localtime(),
        fields=summaries,
        recommendations=rows,
        steps=steps,
        attention=attention,
        changes=_changes(region, since, until, recommendations),
    )


def _changes(region, since: date, until: date, recommendations) -> list[Change]:
    """Every recorded change and progress report dated after `since` up to `until`,
    grouped by the step or recommendation they concern, in the concept's order."""
    order = {}
    for position, recommendation in enumerate(recommendations):
        order[("r", recommendation.pk)] = (position, 0)
        for step in recommendation.steps.all():
            order[("s", step.pk)] = (position, step.number)
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(since + timedelta(days=1), time.min), zone)
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min), zone)
    changes: dict[tuple[str, int], Change] = {}

    def change_for(recommendation, step) -> Change:
        key = ("s", step.pk) if step else ("r", recommendation.pk)
        if key not in changes:
            target = step or recommendation
            changes[key] = Change(code=target.code, subject=_short(target))
        return changes[key]

    entries = (
        ChangeEntry.objects.filter(region=region, at__gte=start, at__lt=end)
        .select_related("recommendation__field", "recommendation__challenge", "sub_step", "user")
        .order_by("at", "pk")
    )
    for entry in entries:
        change = change_for(entry.recommendation, entry.sub_step)
        day = timezone.localtime(entry.at).date()
        if entry.field:
            line = _("%(date)s: %(field)s changed from “%(old)s” to “%(new)s”") % {
                "date": formats.format_date(day, "medium"),
                "field": entry.field_label,
                "old": entry.old_display or "–",
                "new": entry.new_display or "–",
            }
        else:
            line = _("%(date)s: created") % {"date": formats.format_date(day, "medium")}
        if entry.reason:
            line += " – " + _("reason: %(reason)s") % {"reason": entry.reason}
        change.lines.append(line)
        change.last_date = max(filter(None, [change.last_date, day]))
    reports = (
        ProgressReport.objects.filter(region=region, reported_on__gt=since, reported_on__lte=until)
        .select_related("recommendation__field", "recommendation__challenge", "sub_step")
        .order_by("reported_on", "created_at")
    )
    for report in reports:
        change = change_for(report.recommendation, report.sub_step)
        change.lines.append(
            _("%(date)s: report (%(progress)s %%): %(text)s")
            % {
                "date": formats.format_date(report.reported_on, "medium"),
                "progress": report.progress,
                "text": report.text,
            }
        )
        change.last_date = max(filter(None, [change.last_date, report.reported_on]))
    return [changes[key] for key in sorted(changes, key=lambda k: order.get(k, (10**6, 0)))]


def _short(target) -> str:
    text = getattr(target, "text", None) or target.title
    return text if len(text) <= 160 else text[:157] + "…"


def _percent(value) -> str:
    if value is None:
        return "–"
    return formats.format_percent(Decimal(value) / 100)


def _delta(value) -> str:
    if value is None:
        return _("new")
    if value == 0:
        return "±0"
    return f"{value:+.0f}"


def _day(value: date | None) -> str:
    return formats.format_date(value, "medium") if value else "–"


# --- XLSX ---------------------------------------------------------------------------------


def render_xlsx(data: SteeringReportData) -> bytes:
    book = XlsxBook()
    overview = book.sheet(_("Overview"))
    overview.row([data.title], bold=True, size=14)
    overview.row([_("Region"), data.region.name])
    overview.row([_("Period"), str(data.period), data.period.start, data.period.end])
    overview.row(
        [
            _("Previous report"),
            str(data.previous.period) if data.previous else _("none"),
            data.since,
        ]
    )
    overview.row([_("Generated"), data.generated_at.replace(tzinfo=None)])
    overview.row([])
    overview.row(
        [
            _("Field of action"),
            _("Progress (%)"),
            _("At the previous report (%)"),
            _("Since last report (points)"),
            *[str(light.label) for light in LIGHT_ORDER],
        ],
        bold=True,
    )
    for summary in data.fields:
        overview.row(
            [
                f"HF {summary.number} {summary.name}",
                _number(summary.progress),
                _number(summary.previous_progress),
                _number(summary.delta),
                *[summary.lights[light.value] for light in LIGHT_ORDER],
            ]
        )

    def sheet(title: str, columns: list[str], rows: list[list]) -> None:
        worksheet = book.sheet(title)
        worksheet.table(columns, rows)
        worksheet.fit_columns()

    sheet(
        _("Changed since last report"),
        [_("Code"), _("Subject"), _("Last change"), _("What changed")],
        [[c.code, c.subject, c.last_date, "\n".join(c.lines)] for c in data.changes],
    )
    sheet(
        _("Recommendations"),
        [
            _("Code"),
            _("Field of action"),
            _("Recommendation"),
            _("Lead organisation"),
            _("Deadline"),
            _("Traffic light"),
            _("Progress (%)"),
            _("At the previous report (%)"),
            _("Since last report (points)"),
        ],
        [
            [
                r.code,
                r.field_name,
                r.title,
                r.lead,
                r.deadline,
                r.light_label,
                _number(r.progress),
                _number(r.previous_progress),
                _number(r.delta),
            ]
            for r in data.recommendations
        ],
    )
    step_columns = [
        _("Code"),
        _("Sub-step"),
        _("Responsible organisation"),
        _("Responsible person"),
        _("Due date"),
        _("Status"),
        _("Progress (%)"),
        _("Traffic light"),
        _("Days overdue"),
        _("Reason for the status"),
    ]

    def step_row(s: StepRow) -> list:
        return [
            s.code,
            s.text,
            s.organisation,
            s.person,
            s.due_date,
            s.status,
            s.progress,
            s.light_label,
            s.days_overdue,
            s.reason,
        ]

    sheet(_("Overdue and blocked"), step_columns, [step_row(s) for s in data.attention])
    sheet(_("Sub-steps"), step_columns, [step_row(s) for s in data.steps])
    return book.to_bytes()


def _number(value) -> float | None:
    return None if value is None else float(value)


# --- PDF ----------------------------------------------------------------------------------


def render_pdf(data: SteeringReportData) -> bytes:
    pdf = Document(
        f"{data.title} – {data.region.name} – {data.period}",
        orientation="landscape",
        bottom=15,
    )
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.write_heading(text, size=13, line_height=7, space_before=3)
        pdf.set_font(FAMILY, "", 9)

    def table(columns: list[tuple[str, int]], rows: list[list[str]]) -> None:
        pdf.write_table(
            [name for name, _width in columns],
            rows,
            widths=[width for _name, width in columns],
            heading_fill=HEADING_FILL,
        )
        pdf.set_font(FAMILY, "", 9)

    pdf.write_heading(data.title, size=16, line_height=8)
    pdf.write_paragraph(
        _("%(region)s · %(period)s (%(start)s – %(end)s)")
        % {
            "region": data.region.name,
            "period": str(data.period),
            "start": _day(data.period.start),
            "end": _day(data.period.end),
        }
    )
    if data.previous:
        pdf.write_paragraph(
            _("Previous report: %(period)s. Changes are listed from %(since)s on.")
            % {"period": str(data.previous.period), "since": _day(data.since + timedelta(days=1))}
        )
    else:
        pdf.write_paragraph(_("This is the first report; changes are listed for the quarter."))
    pdf.write_paragraph(
        _("Traffic lights as of %(date)s. Generated on %(generated)s.")
        % {
            "date": _day(data.as_of),
            "generated": formats.format_date(data.generated_at, "medium")
            + " "
            + formats.format_time(data.generated_at),
        }
    )

    heading(_("1. Fields of action"))
    table(
        [(_("Field of action"), 70), (_("Progress"), 20), (_("Since last report"), 18)]
        + [(str(light.label), 20) for light in LIGHT_ORDER],
        [
            [
                f"HF {s.number} {s.name}",
                _percent(s.progress),
                _delta(s.delta) if data.previous else "–",
                *[str(s.lights[light.value]) for light in LIGHT_ORDER],
            ]
            for s in data.fields
        ],
    )

    heading(_("2. Changed since the last report"))
    if data.changes:
        table(
            [(_("Code"), 22), (_("Subject"), 90), (_("What changed"), 155)],
            [[c.code, c.subject, "\n".join(c.lines)] for c in data.changes],
        )
    else:
        pdf.write_paragraph(_("Nothing has changed since the last report."))

    heading(_("3. Overdue and blocked sub-steps"))
    if data.attention:
        table(
            [
                (_("Code"), 22),
                (_("Sub-step"), 100),
                (_("Responsible"), 55),
                (_("Due"), 20),
                (_("Traffic light"), 20),
                (_("Days overdue"), 18),
                (_("Reason"), 32),
            ],
            [
                [
                    s.code,
                    s.text,
                    s.organisation,
                    _day(s.due_date),
                    s.light_label,
                    str(s.days_overdue),
                    s.reason,
                ]
                for s in data.attention
            ],
        )
    else:
        pdf.write_paragraph(_("No sub-step is overdue or blocked."))

    heading(_("4. All recommendations and KI measures"))
    table(
        [
            (_("Code"), 18),
            (_("Recommendation"), 120),
            (_("Lead"), 50),
            (_("Deadline"), 20),
            (_("Traffic light"), 20),
            (_("Progress"), 18),
            (_("Since last report"), 20),
        ],
        [
            [
                r.code,
                r.title,
                r.lead,
                _day(r.deadline),
                r.light_label,
                _percent(r.progress),
                _delta(r.delta) if data.previous else "–",
            ]
            for r in data.recommendations
        ],
    )
    return pdf.to_bytes()
