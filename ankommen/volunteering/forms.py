"""Forms: the public answer to an opportunity (`AnswerForm`), and the coordinators'
forms for opportunities, volunteers, hours and trainings."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Region
from ankommen.core.once import SubmissionKeyForm
from ankommen.volunteering.models import HoursEntry, Opportunity, Training, Volunteer

# A phone number as people write it: +49 5241 123456, 05241/12 34 56, (0170) 123-4567.
PHONE = re.compile(r"^\+?[0-9 ()/.\-]{6,25}$")


def split_contact(value: str) -> tuple[str, str]:
    """(e-mail, phone) from one field that holds either; raises ValidationError."""
    value = value.strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("Please give a valid e-mail address or phone number."), code="invalid_contact"
            ) from None
        return value, ""
    if PHONE.match(value) and sum(c.isdigit() for c in value) >= 6:
        return "", value
    raise ValidationError(
        _("Please give a valid e-mail address or phone number."), code="invalid_contact"
    )


class AnswerForm(SubmissionKeyForm, forms.Form):
    """What a resident sends to answer an opportunity (public)."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    contact = forms.CharField(
        label=_("E-mail or phone"),
        max_length=200,
        help_text=_("So that the organisation can reach you."),
    )
    languages = forms.CharField(
        label=_("Languages you speak"),
        max_length=200,
        required=False,
        help_text=_("For example: Arabic, German, English."),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    privacy = forms.BooleanField(
        label=_("I agree that the organisation stores my details to contact me about this."),
        error_messages={"required": _("Please agree, so that the organisation can reply.")},
    )

    def clean_contact(self) -> tuple[str, str]:
        return split_contact(self.cleaned_data["contact"])


def _towns(region: Region):
    return Area.objects.filter(region=region, kind=Area.Kind.MUNICIPALITY).order_by("name")


class OpportunityForm(forms.ModelForm):
    """An opportunity with its German texts (the source of the translations)."""

    title = forms.CharField(label=_("Title (German)"), max_length=200)
    summary = forms.CharField(label=_("Summary (German)"), max_length=400, required=False)
    description = forms.CharField(
        label=_("Description (German)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Opportunity
        fields = [
            "organisation",
            "key",
            "kind",
            "town",
            "time_needed",
            "contact_email",
            "contact_phone",
            "published",
        ]

    def __init__(self, *args, region: Region, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["organisation"].queryset = organisations
        self.fields["town"].queryset = _towns(region)
        self.fields["version"].initial = self.instance.version
        self.region = region

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        taken = Opportunity.objects.filter(region=self.region, key=key).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("Another opportunity of the region already has this key."), code="key_taken"
            )
        return key


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=400, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class VolunteerForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("She has agreed that we store these details (consent in writing)."),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Volunteer
        fields = [
            "organisation",
            "name",
            "email",
            "phone",
            "languages",
            "town",
            "times",
            "trainings",
            "conduct_certificate_until",
            "monthly_hour_cap",
            "status",
        ]
        widgets = {
            "conduct_certificate_until": forms.DateInput(attrs={"type": "date"}),
            "trainings": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, region: Region, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["organisation"].queryset = organisations
        self.fields["town"].queryset = _towns(region)
        self.fields["version"].initial = self.instance.version
        if self.instance.pk:
            # Consent was recorded when the record was made; it is not asked again.
            del self.fields["consent"]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("consent"):
            self.add_error(
                "consent",
                ValidationError(
                    _("Without her consent her details may not be stored."), code="no_consent"
                ),
            )
        return cleaned


class HoursForm(SubmissionKeyForm, forms.ModelForm):
    class Meta:
        model = HoursEntry
        fields = ["date", "hours", "engagement", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, volunteer: Volunteer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.volunteer = volunteer
        self.fields["engagement"].queryset = volunteer.engagements.select_related("opportunity")
        self.fields["date"].initial = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["hours"].widget.attrs.update({"min": "0.5", "max": "24", "step": "0.5"})


class EngagementForm(forms.Form):
    opportunity = forms.ModelChoiceField(
        label=_("Opportunity"), queryset=Opportunity.objects.none()
    )

    def __init__(self, *args, volunteer: Volunteer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = Opportunity.objects.filter(
            organisation=volunteer.organisation
        ).exclude(engagements__volunteer=volunteer)


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["organisation", "title", "description", "starts_at", "hours", "place", "capacity"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, region: Region, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["organisation"].queryset = organisations
