"""Forms of the standard's staff pages: a row of the standard, a new step for a gap, and a
link from a gap to an existing step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models import Recommendation, SubStep
from ankommen.core.models import Organisation, Region, TargetGroup
from ankommen.coverage.models import StandardRow
from ankommen.mediation.models import MediationLanguage


class StandardRowForm(forms.ModelForm):
    """A row of the standard; the row's version guards against lost updates."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = StandardRow
        fields = [
            "title",
            "requirement",
            "level",
            "kind",
            "needs_childcare",
            "target_groups",
            "languages",
            "distance_km",
            "minimum_offers",
            "mediation_languages",
            "minimum_mediators",
            "sort_order",
        ]
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "mediation_languages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(region=region)
        self.fields["languages"].queryset = region.languages.order_by("sort_order", "code")
        self.fields["mediation_languages"].queryset = MediationLanguage.objects.all()
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("requirement") == StandardRow.Requirement.INTERPRETERS and not data.get(
            "mediation_languages"
        ):
            self.add_error(
                "mediation_languages",
                forms.ValidationError(
                    _("Choose the languages interpreters must be available in."),
                    code="required",
                ),
            )
        title = (data.get("title") or "").strip()
        clash = StandardRow.objects.filter(region=self.instance.region, title=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if title and clash.exists():
            self.add_error(
                "title",
                forms.ValidationError(
                    _("The standard already has a row named “%(title)s”."),
                    code="duplicate",
                    params={"title": title},
                ),
            )
        return data

    def validate_unique(self) -> None:
        # The title's uniqueness is checked in clean(), with the region the form is for.
        pass


class NewStepForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation or measure"), queryset=Recommendation.objects.none()
    )
    text = forms.CharField(
        label=_("Step (German)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), required=False
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = Recommendation.objects.filter(
            region=region
        ).select_related("challenge", "field")
        self.fields["recommendation"].label_from_instance = lambda r: f"{r.code} {r.title[:90]}"
        self.fields["responsible_organisation"].queryset = Organisation.objects.filter(
            region=region
        ).order_by("name")


class LinkStepForm(forms.Form):
    step = forms.ModelChoiceField(label=_("Existing step"), queryset=SubStep.objects.none())

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = SubStep.objects.filter(region=region).select_related(
            "recommendation", "recommendation__challenge"
        )
        self.fields["step"].label_from_instance = lambda s: f"{s.code} {s.text[:90]}"
