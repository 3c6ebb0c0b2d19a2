from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ankommen.core.models import Area, Organisation
from ankommen.core.once import SubmissionKeyForm
from ankommen.core.privacy import refuse_personal_data
from ankommen.mediation.models import (
    Assignment,
    Conflict,
    MediationLanguage,
    MediationRequest,
    Mode,
    RequestSeries,
    policy_for,
    working_days_between,
)

# A topic is a few words; these look like a client's personal data instead.
PERSONAL_DATA_PATTERNS = [
    re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"),  # a date of birth
    re.compile(r"\S+@\S+\.\w+"),  # an e-mail address
    re.compile(r"(?:\+|\b0)\d[\d /-]{6,}\d"),  # a phone number
]


class LanguageField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _(
            "This language is not in the mediation language list. Choose one from the list "
            "or ask the KI to add it."
        )
    }


def names_nobody_field(*, required: bool = True) -> forms.BooleanField:
    """The requester's confirmation that the topic names no person (shared with the
    interpreter request of a case)."""
    return forms.BooleanField(
        label=_("I confirm: the topic names no person (no names, no addresses; initials at most)"),
        required=required,
        help_text=_(
            "Mediators read the topic only once one of them has accepted; the offer names "
            "language, date, town, duration and kind of appointment."
        ),
        error_messages={
            "required": _("Please confirm that the topic names no person."),
        },
    )


class MediationRequestForm(SubmissionKeyForm, forms.ModelForm):
    """A new request. `personal_values` are the names and address of the person the request
    is about, where the caller knows them (a case): they are refused in every free text a
    mediator reads."""

    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("time"), widget=forms.TimeInput(attrs={"type": "time"}))
    series_title = forms.CharField(
        label=_("start a new series"),
        max_length=120,
        required=False,
        help_text=_("For recurring appointments: the same mediator is preferred throughout."),
    )
    override_reason = forms.CharField(
        label=_("reason for the short lead time"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Coordinators only: allows a request inside the lead time."),
    )
    names_nobody = names_nobody_field()
    personal_values: Iterable[str] = ()
    # When first (what a requester knows first and the lead time is checked against),
    # then which language, where and how; the confirmation right after the topic it is
    # about; the bookkeeping last.
    FIELD_ORDER: ClassVar[list[str]] = [
        "date",
        "time",
        "duration_minutes",
        "override_reason",
        "language",
        "variety",
        "tier",
        "setting",
        "mode",
        "place_area",
        "place",
        "room",
        "contact_name",
        "contact_phone",
        "urgency",
        "topic",
        "names_nobody",
        "client_reference",
        "organisation",
        "series",
        "series_title",
        "cost_centre",
    ]

    class Meta:
        model = MediationRequest
        fields = [
            "organisation",
            "language",
            "variety",
            "tier",
            "setting",
            "mode",
            "place_area",
            "place",
            "room",
            "contact_name",
            "contact_phone",
            "duration_minutes",
            "urgency",
            "series",
            "topic",
            "client_reference",
            "cost_centre",
        ]
        field_classes = {"language": LanguageField}

    def __init__(
        self,
        *args,
        region,
        user,
        organisations,
        may_override: bool,
        personal_values: Iterable[str | None] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.personal_values = [value for value in personal_values if value]
        self.order_fields(self.FIELD_ORDER)
        self.fields["variety"].help_text = pgettext_lazy(
            "language", "Only if it matters, for example Levantine, Sorani."
        )
        self.region = region
        self.user = user
        self.may_override = may_override
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["language"].queryset = MediationLanguage.objects.all()
        self.fields["language"].to_field_name = "code"
        self.fields["place_area"].queryset = Area.objects.filter(
            region=region, kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.QUARTER]
        ).order_by("name")
        self.fields["series"].queryset = RequestSeries.objects.filter(
            region=region, organisation__in=organisations
        )
        self.fields["duration_minutes"].initial = 60
        if not may_override:
            del self.fields["override_reason"]

    def clean_client_reference(self) -> str:
        reference = self.cleaned_data["client_reference"].strip()
        if any(pattern.search(reference) for pattern in PERSONAL_DATA_PATTERNS):
            raise ValidationError(
                _("Initials or a file reference only, no personal data."),
                code="personal_data",
            )
        return reference

    def clean_topic(self):
        topic = self.cleaned_data["topic"]
        if any(pattern.search(topic) for pattern in PERSONAL_DATA_PATTERNS):
            raise ValidationError(
                _(
                    "The topic must not contain personal data such as a date of birth, an "
                    "e-mail address or a phone number. Initials at most."
                ),
                code="personal_data",
            )
        refuse_personal_data(topic, self.personal_values)
        return topic

    def clean_place(self):
        place = self.cleaned_data["place"]
        refuse_personal_data(place, self.personal_values)
        return place

    def clean_variety(self):
        variety = self.cleaned_data["variety"]
        refuse_personal_data(variety, self.personal_values)
        return variety

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("date"), cleaned.get("time")
        if day is None or time is None:
            return cleaned
        starts_at = timezone.make_aware(dt.datetime.combine(day, time))
        now = timezone.now()
        if starts_at <= now:
            raise ValidationError(
                {"date": ValidationError(_("The appointment lies in the past."), code="past")}
            )
        cleaned["starts_at"] = starts_at
        mode, setting, tier = cleaned.get("mode"), cleaned.get("setting"), cleaned.get("tier")
        if mode == Mode.IN_PERSON and not cleaned.get("place_area"):
            self.add_error(
                "place_area",
                ValidationError(_("Choose the town for an appointment in person."), "required"),
            )
        if setting and tier:
            allowed, _needs, lead_days = policy_for(self.region.pk, setting, tier)
            if not allowed:
                self.add_error(
                    "tier",
                    ValidationError(
                        _("Volunteers do not take this setting; request a professional."),
                        code="setting_not_allowed",
                    ),
                )
            days = working_days_between(timezone.localdate(now), day)
            if days < lead_days:
                reason = (self.cleaned_data.get("override_reason") or "").strip()
                if not reason:
                    message = _(
                        "This setting needs %(days)s working days' notice (%(left)s left). "
                        "A KI coordinator may allow it with a reason, or request a "
                        "professional."
                    )
                    self.add_error(
                        "date",
                        ValidationError(
                            message, code="lead_time", params={"days": lead_days, "left": days}
                        ),
                    )
                else:
                    cleaned["lead_time_override_reason"] = reason
        return cleaned

    def save(self, commit=True):
        request: MediationRequest = super().save(commit=False)
        request.region = self.region
        request.requested_by = self.user
        request.starts_at = self.cleaned_data["starts_at"]
        request.submission_key = self.cleaned_data.get("submission_key")
        request.topic_confirmed_at = timezone.now()
        request.topic_confirmed_by = self.user
        reason = self.cleaned_data.get("lead_time_override_reason")
        if reason:
            request.lead_time_override_reason = reason
            request.lead_time_override_by = self.user
        title = self.cleaned_data.get("series_title")
        if title and not request.series_id:
            request.series = RequestSeries.objects.create(
                region=self.region, organisation=request.organisation, title=title
            )
        if commit:
            request.save()
        return request


class MediationRequestEditForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    names_nobody = names_nobody_field(required=False)
    personal_values: Iterable[str] = ()

    class Meta:
        model = MediationRequest
        fields = [
            "topic",
            "client_reference",
            "place",
            "room",
            "contact_name",
            "contact_phone",
            "cost_centre",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["expected_version"].initial = self.instance.version
        self.order_fields(["topic", "names_nobody"])

    clean_topic = MediationRequestForm.clean_topic
    clean_place = MediationRequestForm.clean_place
    clean_client_reference = MediationRequestForm.clean_client_reference

    def clean(self):
        cleaned = super().clean()
        if "topic" in self.changed_data:
            if not cleaned.get("names_nobody"):
                self.add_error(
                    "names_nobody",
                    ValidationError(
                        _("Please confirm that the changed topic names no person."),
                        code="required",
                    ),
                )
            else:
                self.instance.topic_confirmed_at = timezone.now()
                self.instance.topic_confirmed_by = self.user
        return cleaned


class ConflictForm(forms.ModelForm):
    """A mediator declares a conflict of interest herself."""

    class Meta:
        model = Conflict
        fields = ["organisation", "client_reference", "reason"]

    def __init__(self, *args, mediator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.mediator = mediator
        self.fields["organisation"].queryset = Organisation.objects.filter(
            region=mediator.region_id
        ).order_by("name")

    clean_client_reference = MediationRequestForm.clean_client_reference


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class AvailabilityWindowForm(forms.Form):
    """One weekly window of a mediator: a weekday, from, until."""

    # A blank first choice: the empty row for a new time stays unchanged, and is skipped.
    weekday = forms.TypedChoiceField(
        label=_("day"), choices=[("", _("choose a day")), *WEEKDAYS], coerce=int
    )
    starts = forms.TimeField(
        label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error(
                "ends", ValidationError(_("The end must be after the start."), code="order")
            )
        return cleaned


AvailabilityFormSet = forms.formset_factory(
    AvailabilityWindowForm, extra=1, can_delete=True, max_num=21, validate_max=True
)


class VersionForm(forms.Form):
    """The version of the mediator's record the page was opened with (optimistic locking:
    the KI may edit the same record in the back office)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AbsenceForm(VersionForm):
    first_day = forms.DateField(
        label=_("first day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    last_day = forms.DateField(
        label=_("last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            self.add_error(
                "last_day",
                ValidationError(_("The last day must not be before the first."), code="order"),
            )
        if last and last < timezone.localdate():
            self.add_error("last_day", ValidationError(_("This day is in the past."), code="past"))
        return cleaned


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (Assignment.Status.DONE, Assignment.Status.DONE.label),
            (Assignment.Status.NO_SHOW_CLIENT, Assignment.Status.NO_SHOW_CLIENT.label),
            (Assignment.Status.NO_SHOW_MEDIATOR, Assignment.Status.NO_SHOW_MEDIATOR.label),
        ],
    )
    minutes = forms.IntegerField(label=_("minutes worked"), min_value=0, required=False)
    km = forms.DecimalField(label=_("kilometres"), min_value=0, required=False, decimal_places=1)


class AssignmentFeedbackForm(forms.Form):
    rating = forms.IntegerField(label=_("rating (1–5)"), min_value=1, max_value=5)
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea)


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("month"),
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("As YYYY-MM."),
    )
    cost_centre = forms.CharField(label=_("cost centre"), required=False)

    def clean_month(self) -> dt.date:
        value = self.cleaned_data["month"]
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError(_("Give the month as YYYY-MM."), code="invalid_month")
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
