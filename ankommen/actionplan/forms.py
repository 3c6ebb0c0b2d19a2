from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ankommen.actionplan.models import (
    STATUSES_NEEDING_REASON,
    Level,
    Quarter,
    Recommendation,
    Status,
    SteeringReport,
    SubStep,
)
from ankommen.core.models import Area, Organisation, Region

PERCENT_ERRORS = {
    "min_value": _("Progress cannot be below %(limit_value)s %%."),
    "max_value": _("Progress cannot be above %(limit_value)s %%."),
    "invalid": _("Give the progress as a whole number from 0 to 100."),
}


def parse_links(text: str) -> list[tuple[str, str]]:
    """One link per line: the address, optionally followed by a space and a label."""
    links: list[tuple[str, str]] = []
    validate = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        url, _space, label = line.partition(" ")
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                _("Line %(line)s is not a web address starting with https:// or http://."),
                code="invalid_link",
                params={"line": number},
            ) from None
        links.append((url, label.strip()[:200]))
    if len(links) > 10:
        raise ValidationError(_("Give at most 10 links."), code="too_many_links")
    return links


class ReportFields(forms.Form):
    """What every progress report asks for."""

    text = forms.CharField(
        label=_("What has happened?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    reported_on = forms.DateField(
        label=_("Date of the report"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Today, or the day it happened."),
    )
    links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: the address, then optionally a space and a label."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()

    def clean_reported_on(self):
        day = self.cleaned_data["reported_on"]
        if day > timezone.localdate():
            raise ValidationError(
                _("A report cannot be dated in the future."), code="future_report"
            )
        return day

    def clean_links(self) -> list[tuple[str, str]]:
        return parse_links(self.cleaned_data.get("links", ""))


class StepUpdateForm(ReportFields):
    """A responsible organisation's update of one sub-step, always with a report."""

    field_order = ["status", "progress", "reason", "text", "reported_on", "links"]

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages=PERCENT_ERRORS,
        help_text=_("Done counts as 100 %, planned as 0 %."),
    )
    reason = forms.CharField(
        label=_("Reason for the status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Required when the step is blocked, dropped or reopened."),
    )

    def __init__(self, *args, step: SubStep, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["status"].initial = step.status
        self.fields["progress"].initial = step.progress
        self.fields["expected_version"].initial = step.version
        if step.status in STATUSES_NEEDING_REASON:
            self.fields["reason"].initial = step.status_reason

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        reason = (cleaned.get("reason") or "").strip()
        old = self.step.status
        if (
            status
            and status != old
            and not reason
            and (status in STATUSES_NEEDING_REASON or old == Status.DONE)
        ):
            self.add_error(
                "reason",
                ValidationError(
                    _("Say why the status changes from “%(old)s” to “%(new)s”."),
                    code="reason_required",
                    params={"old": Status(old).label, "new": Status(status).label},
                ),
            )
        if status in STATUSES_NEEDING_REASON and status == old and not reason:
            self.add_error(
                "reason",
                ValidationError(
                    _("A blocked or dropped step needs a reason."), code="reason_required"
                ),
            )
        return cleaned


class RecommendationReportForm(ReportFields):
    """A report on a recommendation as a whole (the KI's own measures, for example)."""

    field_order = ["text", "progress", "reported_on", "links"]

    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages=PERCENT_ERRORS,
        required=False,
        help_text=_("Only for recommendations without sub-steps; otherwise it is rolled up."),
    )

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        self.fields["expected_version"].initial = recommendation.version
        self.fields["progress"].initial = int(recommendation.progress)


class RescheduleForm(forms.Form):
    """A sub-step's new due date and why it moves; the reason goes into the history."""

    # On the step's page next to the progress form, which has a "reason" of its own.
    prefix = "reschedule"

    due_date = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Why does the date move?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Say why the due date moves.")},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, step: SubStep, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["due_date"].initial = step.due_date
        self.fields["expected_version"].initial = step.version

    def clean_due_date(self):
        day = self.cleaned_data["due_date"]
        if day == self.step.due_date:
            raise ValidationError(
                _("This is the step's due date already; choose another one."), code="unchanged"
            )
        if day < timezone.localdate():
            raise ValidationError(_("A new due date cannot be in the past."), code="past_due_date")
        return day

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the due date moves."), code="required")
        return reason


def quarter_field() -> forms.TypedChoiceField:
    """The calendar quarter, Q1 to Q4 ("Quartal", not a town's quarter)."""
    return forms.TypedChoiceField(
        label=pgettext_lazy("calendar", "Quarter"),
        coerce=int,
        choices=[(q, f"Q{q}") for q in range(1, 5)],
    )


class IssueReportForm(forms.ModelForm):
    quarter = quarter_field()

    class Meta:
        model = SteeringReport
        fields = ["year", "quarter", "presented_on", "note"]
        widgets = {
            "presented_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        current = Quarter.containing(timezone.localdate())
        self.fields["year"].initial = current.year
        self.fields["quarter"].initial = current.quarter

    def clean(self):
        cleaned = super().clean()
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        if year and quarter:
            if SteeringReport.objects.filter(
                region=self.region, year=year, quarter=quarter
            ).exists():
                raise ValidationError(
                    _("The report for %(period)s has been issued already."),
                    code="already_issued",
                    params={"period": str(Quarter(year, quarter))},
                )
            if Quarter(year, quarter).start > timezone.localdate():
                raise ValidationError(
                    _("A quarter that has not begun cannot be reported on."),
                    code="future_period",
                )
        return cleaned


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = quarter_field()


class PlanFilterForm(forms.Form):
    """Filters of the boards and the public pages: social-space level and town."""

    level = forms.ChoiceField(
        label=_("Social-space level"),
        required=False,
        choices=[("", _("all levels")), *Level.choices],
    )
    town = forms.ModelChoiceField(
        label=_("Town or municipality"),
        required=False,
        queryset=Area.objects.none(),
        to_field_name="official_key",
        empty_label=_("all towns"),
    )
    district_wide = forms.BooleanField(
        label=_("with recommendations for the whole district"), required=False, initial=True
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = region.towns()

    def apply(self, recommendations):
        if not self.is_valid():
            return recommendations
        level = self.cleaned_data.get("level")
        town = self.cleaned_data.get("town")
        if level:
            recommendations = recommendations.filter(level=level)
        if town:
            with_district = self.cleaned_data.get("district_wide") or not self.data.get("town")
            recommendations = recommendations.for_town(town, with_district_wide=with_district)
        return recommendations

    @property
    def is_active(self) -> bool:
        return self.is_valid() and bool(
            self.cleaned_data.get("level") or self.cleaned_data.get("town")
        )


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="key",
        empty_label=None,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
