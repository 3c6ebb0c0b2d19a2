"""Forms of the case pages. Choices are always limited to the user's region."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ankommen.cases.models import (
    Appointment,
    AreaOfLife,
    Assessment,
    Case,
    Client,
    Conference,
    Consent,
    ConsentText,
    DataCategory,
    FollowUp,
    Goal,
    LegalDomain,
    Note,
    Purpose,
    StructuralProblem,
)
from ankommen.core.models import Area, Organisation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def pool_languages():
    """The languages of the mediation pool (about 48), by their name."""
    from ankommen.mediation.models import MediationLanguage

    return MediationLanguage.objects.all()


class PoolLanguagesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs={"class": "language-choices"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=pool_languages(), **kwargs)


class PoolLanguageField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=pool_languages(), **kwargs)


class CategoriesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("data categories"))
        super().__init__(choices=DataCategory.choices, **kwargs)


class NewCaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Case.Kind.choices)
    town = forms.ModelChoiceField(label=_("town"), queryset=Area.objects.none())
    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    date_of_birth = forms.DateField(
        label=_("date of birth"),
        required=False,
        widget=DateInput(),
        help_text=_("If known; the case list finds the client by it."),
    )
    birth_year = forms.IntegerField(
        label=_("year of birth"),
        min_value=1900,
        required=False,
        help_text=_("Only if the date of birth is not known."),
    )
    languages = PoolLanguagesField(label=_("languages"))
    needs_interpreter = forms.BooleanField(label=_("needs an interpreter"), required=False)
    interpreter_language = PoolLanguageField(label=_("interpreter language"))
    # No status chosen in advance: it is asked, never assumed.
    residence_status = forms.ChoiceField(
        label=_("residence status"), choices=[("", "—"), *Client.ResidenceStatus.choices]
    )
    residence_valid_until = forms.DateField(
        label=_("residence valid until"), required=False, widget=DateInput()
    )
    legal_domains = forms.ModelMultipleChoiceField(
        label=_("legal domains"),
        queryset=LegalDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referral_source = forms.CharField(label=_("referral source"), max_length=200, required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = region.towns()

    def clean(self):
        cleaned = super().clean()
        born = cleaned.get("date_of_birth")
        if born:
            if born > date.today():
                self.add_error("date_of_birth", _("The date of birth lies in the future."))
            elif cleaned.get("birth_year") and cleaned["birth_year"] != born.year:
                self.add_error("birth_year", _("The year differs from the date of birth."))
            else:
                cleaned["birth_year"] = born.year
        return cleaned


CLIENT_CONFLICT = _(
    "Someone else changed the client's data after you opened this form. Nothing was saved. "
    "The case page now shows their change; your entries are kept below: check them and "
    "save again."
)


class ClientForm(forms.ModelForm):
    """The client's master data, changed from the case (each change lands in the history).

    Carries the version of the client it was opened with (optimistic locking, as
    `VersionedModelForm` in the admin); `refuse_conflict()` marks the form when that
    version is no longer the current one."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date_of_birth = forms.DateField(label=_("date of birth"), required=False, widget=DateInput())

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "birth_year",
            "phone",
            "email",
            "languages",
            "needs_interpreter",
            "interpreter_language",
            "residence_status",
            "residence_valid_until",
        ]
        widgets = {
            "first_name": forms.TextInput(),
            "last_name": forms.TextInput(),
            "phone": forms.TextInput(),
            "email": forms.EmailInput(),
            "residence_valid_until": DateInput(),
            "languages": forms.CheckboxSelectMultiple(attrs={"class": "language-choices"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version
        # Stored as text (encrypted); shown and checked as a date.
        self.initial["date_of_birth"] = self.instance.date_of_birth or None

    def clean_date_of_birth(self) -> str:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > date.today():
            raise forms.ValidationError(_("The date of birth lies in the future."))
        return born.isoformat() if born else ""

    def clean(self):
        cleaned = super().clean()
        current = Client.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        if cleaned.get("expected_version") != current.first():
            self.refuse_conflict()
        return cleaned

    def refuse_conflict(self) -> None:
        """Add the conflict error, and let the form shown again carry the current version:
        whoever saves it again has seen the other person's change (the page shows it)."""
        current = Client.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        self.data = self.data.copy()
        self.data[self.add_prefix("expected_version")] = current.first()
        self.add_error(None, forms.ValidationError(CLIENT_CONFLICT, code="conflict"))


class AppointmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        from django.utils import timezone

        from ankommen.core.formats import format_date, format_time

        at = timezone.localtime(obj.at)
        return f"{format_date(at.date(), 'medium')} {format_time(at)} {obj.purpose}".strip()


def interpreter_language_of(client):
    """The language a mediator is needed for: the client's interpreter language, else the
    first of her languages other than German (a suggestion the case manager may change)."""
    if client.interpreter_language_id:
        return client.interpreter_language
    spoken = [lang for lang in client.languages.all() if not lang.code.startswith("de")]
    return spoken[0] if spoken else None


class InterpreterRequestForm(forms.Form):
    """What the mediation pool needs to know about the appointment; the mediation form
    (ankommen.mediation.forms.RequestForm) checks it once more by the pool's rules."""

    appointment = AppointmentChoiceField(
        label=_("appointment"), queryset=Appointment.objects.none()
    )
    language = forms.ModelChoiceField(label=_("language"), queryset=None, to_field_name="code")
    tier = forms.ChoiceField(label=_("volunteer or professional"))
    setting = forms.ChoiceField(label=_("setting"))
    mode = forms.ChoiceField(label=_("mode"))
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    topic = forms.CharField(
        label=_("topic"),
        max_length=200,
        help_text=_("Short, without the client's personal data (initials at most)."),
    )

    def __init__(self, *args, case, appointment=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        from ankommen.mediation.forms import names_nobody_field
        from ankommen.mediation.models import MediationLanguage, Mode, Setting, Tier

        # The pool's confirmation that the topic names no person, right after the topic.
        self.fields["names_nobody"] = names_nobody_field()

        upcoming = case.appointments.filter(at__gt=timezone.now()).order_by("at")
        self.fields["appointment"].queryset = upcoming
        self.fields["language"].queryset = MediationLanguage.objects.all()
        self.fields["tier"].choices = Tier.choices
        self.fields["setting"].choices = Setting.choices
        self.fields["mode"].choices = Mode.choices
        # Carried over from the case: the client's language and the appointment asked for
        # (else the next one), so the case manager only checks them.
        wanted = interpreter_language_of(case.client)
        if wanted is not None:
            self.fields["language"].initial = wanted.code
        chosen = (upcoming.filter(pk=appointment).first() if appointment else None) or (
            upcoming.first()
        )
        if chosen is not None:
            self.fields["appointment"].initial = chosen.pk
            self.fields["mode"].initial = Mode.IN_PERSON


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("closure reason"), choices=[("", "—"), *Case.ClosureReason.choices]
    )


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["kind", "text"]


class GoalForm(forms.ModelForm):
    step = forms.CharField(label=_("first agreed step"), required=False)
    due_on = forms.DateField(label=_("due on"), required=False, widget=DateInput())

    class Meta:
        model = Goal
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class AppointmentForm(forms.ModelForm):
    class Meta:
        model = Appointment
        fields = ["at", "purpose", "place", "home_visit"]
        widgets = {"at": DateTimeInput()}


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["due_on", "subject"]
        widgets = {"due_on": DateInput()}


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["area", "need", "urgent", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    category = forms.ChoiceField(label=_("data category"), choices=DataCategory.choices)
    file = forms.FileField(label=_("file"))

    MAX_SIZE = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB."), code="too_large")
        return upload


class ConsentForm(forms.ModelForm):
    categories = CategoriesField()
    scan = forms.FileField(
        label=_("scan of the signed form"),
        required=False,
        help_text=_("PDF, JPEG or PNG; required for a signed consent."),
    )

    class Meta:
        model = Consent
        fields = [
            "purpose",
            "recipient",
            "categories",
            "text_version",
            "given_on",
            "form",
            "interpreter",
            "expires_on",
        ]
        widgets = {"given_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.client = case.client
        self.fields["recipient"].queryset = Organisation.objects.filter(region=case.region)
        self.fields["text_version"].queryset = ConsentText.objects.filter(region=case.region)

    def clean_scan(self):
        """The bytes and their real type, checked here so a bad file is a form error."""
        from ankommen.cases.scans import read_scan

        upload = self.cleaned_data.get("scan")
        if not upload:
            return None
        data, kind = read_scan(upload)
        return {"data": data, "kind": kind, "filename": upload.name}

    def clean(self):
        cleaned = super().clean()
        signed = cleaned.get("form") == Consent.Form.SIGNED
        if signed and not cleaned.get("scan") and "scan" not in self.errors:
            self.add_error(
                "scan",
                forms.ValidationError(
                    _("A signed consent needs the scan of the signed form."), code="scan_missing"
                ),
            )
        if cleaned.get("scan") and not signed:
            self.add_error(
                "scan",
                forms.ValidationError(
                    _("Only a signed consent carries a scan."), code="scan_not_signed"
                ),
            )
        return cleaned


class ReferralForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("receiving organisation"), queryset=Organisation.objects.none()
    )
    offer_reference = forms.CharField(
        label=_("offer (name or address)"), max_length=300, required=False
    )
    legal_domain = forms.ModelChoiceField(
        label=_("legal domain"), queryset=LegalDomain.objects.all(), required=False
    )
    purpose = forms.CharField(label=_("purpose of the referral"), widget=forms.Textarea)
    categories = CategoriesField()
    override_reason = forms.CharField(
        label=_("reason for an override (team lead only, without consent)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Organisation.objects.filter(region=case.region).exclude(
            pk=case.organisation_id
        )


class NetworkField(forms.ModelMultipleChoiceField):
    """The organisations of the case's network, each marked with whether the client may be
    named before it (a consent for case conferences)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def label_from_instance(self, obj) -> str:
        from ankommen.cases.services.conferences import consented

        if self.case is not None and obj.pk == self.case.organisation_id:
            return _("%(organisation)s (your organisation)") % {"organisation": obj}
        if self.case is not None and not consented(self.case, obj):
            return _("%(organisation)s — no consent: the client stays pseudonymised") % {
                "organisation": obj
            }
        return _("%(organisation)s — consent for case conferences") % {"organisation": obj}


class ConferenceForm(forms.ModelForm):
    """A case conference, planned ahead (time, place, invited organisations of the case's
    network, invitations with a calendar file) or recorded afterwards (minutes, task)."""

    starts_at = forms.DateTimeField(label=_("begins"), widget=DateTimeInput())
    send_invitations = forms.BooleanField(
        label=_("Send the invitations now (e-mail with a calendar file, no client name)"),
        required=False,
        initial=True,
    )
    confirm_pseudonymised = forms.BooleanField(
        label=_("Hold it pseudonymised: the client is not named, not even in the minutes"),
        required=False,
        help_text=_("Needed when an invited organisation has no consent for case conferences."),
    )
    task = forms.CharField(label=_("task"), max_length=300, required=False)
    task_owner = forms.CharField(label=_("owner"), max_length=200, required=False)
    task_due_on = forms.DateField(label=_("due on"), required=False, widget=DateInput())

    class Meta:
        model = Conference
        fields = [
            "starts_at",
            "duration_minutes",
            "place",
            "participants",
            "agenda",
            "minutes",
            "next_date",
        ]
        widgets = {
            "next_date": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"participants": NetworkField}

    def __init__(self, *args, case, **kwargs):
        from ankommen.cases.services.conferences import case_network

        super().__init__(*args, **kwargs)
        self.case = case
        field = self.fields["participants"]
        field.queryset = case_network(case)
        field.case = case
        field.label = _("invited organisations (the case's network)")
        field.help_text = _(
            "Organisations the client gave a consent for, was referred to or met at an "
            "earlier conference. Record a consent to add another one."
        )
        self.fields["minutes"].help_text = _("After the conference.")
        self.order_fields(
            [
                "starts_at",
                "duration_minutes",
                "place",
                "participants",
                "agenda",
                "send_invitations",
                "confirm_pseudonymised",
            ]
        )

    def clean(self):
        """Warn before pseudonymising: without a consent of every invited organisation the
        form is refused once, naming them, until the author confirms."""
        from ankommen.cases.services.conferences import without_consent

        cleaned = super().clean()
        lacking = without_consent(self.case, cleaned.get("participants") or [])
        self.lacking_consent = lacking
        if lacking and not cleaned.get("confirm_pseudonymised"):
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "No valid consent for case conferences covers %(organisations)s: "
                        "the client will not be named. Record a consent first, or confirm "
                        "that the conference is pseudonymised."
                    ),
                    code="pseudonymised",
                    params={"organisations": ", ".join(str(o) for o in lacking)},
                ),
            )
        return cleaned


class TransferForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("to case manager"), queryset=None)
    note = forms.CharField(label=_("hand-over note"), widget=forms.Textarea)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from ankommen.core.models import User

        self.fields["to_user"].queryset = (
            User.objects.filter(
                role_assignments__region=case.region,
                role_assignments__role__in=["case_manager", "team_lead"],
                is_active=True,
            )
            .exclude(pk=case.assigned_to_id)
            .distinct()
        )


class WorkflowForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    home_visit_at = forms.DateTimeField(
        label=_("home visit on"), required=False, widget=DateTimeInput()
    )
    recipient = forms.ModelChoiceField(
        label=_("case management organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    categories = CategoriesField(required=False)
    recommended_school = forms.CharField(label=_("recommended school"), required=False)
    language_support = forms.CharField(label=_("language support"), required=False)
    decided_by = forms.CharField(label=_("decided by (school authority)"), required=False)
    decided_school = forms.CharField(label=_("school decided on"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Organisation.objects.filter(region=case.region)


class StructuralProblemForm(forms.ModelForm):
    """A structural problem reported from a case. Its text reaches the KI: the names of the
    case's client and her household are refused outright, and the author confirms that the
    text names nobody else (no program can check that)."""

    names_no_person = forms.BooleanField(
        label=_("I confirm that this text names no person (no client, relative or colleague)."),
        error_messages={
            "required": _("Confirm that the text names no person; otherwise it is not saved.")
        },
    )

    class Meta:
        model = StructuralProblem
        fields = ["theme", "legal_domain", "agency", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self):
        from ankommen.cases.services import identifying_values
        from ankommen.core.privacy import refuse_personal_data

        cleaned = super().clean()
        values = identifying_values(self.case.client)
        for name in ("description", "agency"):
            try:
                refuse_personal_data(cleaned.get(name, ""), values)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned


class StructuralProblemTrackingForm(forms.ModelForm):
    class Meta:
        model = StructuralProblem
        fields = ["status", "working_group", "action_plan_reference"]


class HouseholdForm(forms.Form):
    other_case = forms.CharField(
        label=_("case number of another household member"),
        max_length=30,
        help_text=_("Only cases you work on can be linked."),
    )
    household_role = forms.CharField(
        label=_("role in the household"), max_length=60, required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReferralAnswerForm(forms.Form):
    to = forms.ChoiceField(
        choices=[
            ("accepted", _("accept")),
            ("rejected", _("reject")),
            ("done", _("done")),
            ("revoked", _("revoke")),
        ]
    )
    reason = forms.CharField(label=_("reason for rejection"), required=False)
    feedback = forms.CharField(label=_("feedback"), required=False, widget=forms.Textarea)


class QuietWeeksForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("without activity for at least (weeks)"),
        min_value=1,
        max_value=104,
        required=False,
    )


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=pgettext_lazy("calendar", "quarter"),
        coerce=int,
        choices=[(q, f"Q{q}") for q in range(1, 5)],
    )


AREA_CHOICES = AreaOfLife.choices
PURPOSES = Purpose.choices
