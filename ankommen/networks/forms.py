"""The staff forms of networks and bodies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models import SubStep
from ankommen.cases.models import StructuralProblem
from ankommen.core.models import Organisation
from ankommen.core.once import SubmissionKeyForm
from ankommen.networks.models import Attendance, Meeting, Membership, Task

LOCAL_INPUT = "%Y-%m-%dT%H:%M"

# What a body may upload: office documents, PDFs, pictures and plain text.
ALLOWED_UPLOADS = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
}
# The first bytes of the binary formats (the text formats have none).
MAGIC = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
}


class MeetingForm(SubmissionKeyForm, forms.ModelForm):
    prefix = "meeting"

    starts_at = forms.DateTimeField(
        label=_("starts at"),
        input_formats=[LOCAL_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "duration_minutes", "place", "agenda", "is_public"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 5})}

    def clean_duration_minutes(self) -> int:
        minutes = self.cleaned_data["duration_minutes"]
        if not 15 <= minutes <= 12 * 60:
            raise forms.ValidationError(
                _("A meeting lasts between 15 minutes and 12 hours."), code="duration"
            )
        return minutes


class MembershipForm(forms.ModelForm):
    prefix = "member"

    class Meta:
        model = Membership
        fields = ["name", "email", "organisation", "role"]

    def __init__(self, *args, body, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.fields["organisation"].queryset = Organisation.objects.filter(region=body.region_id)

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("name") or data.get("organisation")):
            raise forms.ValidationError(
                _("Name a person or choose an organisation."), code="nobody"
            )
        if data.get("email") and not data.get("name"):
            self.add_error("name", _("Give the name of the person with this e-mail address."))
        return data


class AttendanceForm(forms.Form):
    """One choice per member: present, excused, absent or not recorded."""

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        recorded = dict(meeting.attendance.values_list("membership_id", "status"))
        choices = [("", _("not recorded")), *Attendance.Status.choices]
        self.members = list(meeting.body.memberships.select_related("user", "organisation"))
        for membership in self.members:
            self.fields[f"m{membership.pk}"] = forms.ChoiceField(
                label=membership.display_name,
                choices=choices,
                required=False,
                initial=recorded.get(membership.pk, ""),
            )

    def statuses(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.get(f"m{m.pk}", "") for m in self.members}


class MinutesForm(forms.Form):
    prefix = "minutes"

    text = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 10}))
    is_internal = forms.BooleanField(
        label=_("internal (members only)"), required=False, initial=True
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _step_choices(region_id: int):
    return (
        SubStep.objects.filter(region_id=region_id)
        .select_related("recommendation", "recommendation__challenge")
        .order_by("recommendation_id", "number")
    )


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.text[:70]}"


class ProblemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.town.name}: {obj.get_theme_display()} – {obj.description[:60]}"


class DecisionForm(SubmissionKeyForm, forms.Form):
    prefix = "decision"

    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 3}))
    is_public = forms.BooleanField(label=_("public"), required=False)
    step = StepChoiceField(
        label=_("action-plan step"), queryset=SubStep.objects.none(), required=False
    )
    structural_problem = ProblemChoiceField(
        label=_("structural problem from case work"),
        queryset=StructuralProblem.objects.none(),
        required=False,
    )
    task_text = forms.CharField(
        label=_("task that follows from it"), max_length=500, required=False
    )
    task_owner = forms.ModelChoiceField(
        label=_("owner of the task"), queryset=Membership.objects.none(), required=False
    )
    task_due = forms.DateField(
        label=_("task due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        region_id = meeting.body.region_id
        self.fields["step"].queryset = _step_choices(region_id)
        self.fields["structural_problem"].queryset = (
            StructuralProblem.objects.confirmed().filter(region_id=region_id).select_related("town")
        )
        self.fields["task_owner"].queryset = meeting.body.memberships.select_related(
            "user", "organisation"
        )

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("task_owner") or data.get("task_due")) and not data.get("task_text"):
            self.add_error("task_text", _("Describe the task, or leave owner and date empty."))
        return data


class TaskForm(SubmissionKeyForm, forms.ModelForm):
    prefix = "task"

    class Meta:
        model = Task
        fields = ["text", "owner", "due_date", "step", "structural_problem"]
        field_classes = {"step": StepChoiceField, "structural_problem": ProblemChoiceField}
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, body, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.fields["owner"].queryset = body.memberships.select_related("user", "organisation")
        self.fields["step"].queryset = _step_choices(body.region_id)
        self.fields["structural_problem"].queryset = (
            StructuralProblem.objects.confirmed()
            .filter(region_id=body.region_id)
            .select_related("town")
        )

    def clean_due_date(self) -> dt.date | None:
        due = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate() - dt.timedelta(days=365):
            raise forms.ValidationError(_("The due date lies too far in the past."), code="past")
        return due


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Task.Status.choices)


class DocumentForm(forms.Form):
    prefix = "document"

    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.NETWORKS_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."),
                code="too_large",
                params={"limit": limit},
            )
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED_UPLOADS:
            raise forms.ValidationError(
                _("Upload a PDF, an office document, a picture (PNG, JPEG) or a text file."),
                code="file_type",
            )
        head = upload.read(8)
        upload.seek(0)
        magic = MAGIC.get(suffix)
        if magic and not head.startswith(magic):
            raise forms.ValidationError(
                _("The file's content does not match its name (%(suffix)s)."),
                code="content_mismatch",
                params={"suffix": suffix},
            )
        if suffix == ".txt" and b"\x00" in upload.read(4096):
            upload.seek(0)
            raise forms.ValidationError(_("This is no text file."), code="content_mismatch")
        upload.seek(0)
        upload.detected_type = ALLOWED_UPLOADS[suffix]
        return upload
