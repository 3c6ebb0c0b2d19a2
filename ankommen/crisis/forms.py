from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Language
from ankommen.crisis.models import Level, Structure


class StructureForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=_("The entry is up to date (confirm it)"), required=False, initial=True
    )

    class Meta:
        model = Structure
        fields = [
            "area",
            "kind",
            "name",
            "capacity",
            "occupied",
            "waiting_list",
            "language",
            "contact_name",
            "contact_phone",
            "deputy_name",
            "deputy_phone",
            "notes",
            "keeper",
        ]

    def __init__(self, *args, areas, keepers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["keeper"].queryset = keepers
        self.fields["language"].queryset = Language.objects.order_by("code")
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class SwitchForm(forms.Form):
    level = forms.ModelChoiceField(queryset=Level.objects.none(), label=_("Scale-up level"))
    exercise = forms.BooleanField(
        label=_("Exercise (no public banner, marked “Exercise” everywhere)"), required=False
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, region, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Level.objects.filter(region=region)


class ReportForm(forms.Form):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Town"))
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    arrivals = forms.IntegerField(label=_("Arrivals"), min_value=0, max_value=100000)
    occupancy = forms.IntegerField(
        label=_("Accommodation places occupied"), min_value=0, max_value=100000
    )
    open_needs = forms.CharField(
        label=_("Open needs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reason for a correction"),
        required=False,
        max_length=500,
        help_text=_("Needed for an earlier day or a second report of the same day."),
    )

    def __init__(self, *args, areas, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        if areas.count() == 1:
            self.fields["area"].initial = areas.first()


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    exercise = forms.BooleanField(label=_("Exercise reports"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first day comes after the last."), code="order")
        if start and end and (end - start).days > 366:
            raise forms.ValidationError(_("Choose at most one year at a time."), code="too_long")
        return data


class TickForm(forms.Form):
    done = forms.BooleanField(required=False, label=_("ticked off"))
    note = forms.CharField(required=False, max_length=500, label=_("Note"))


class NewsForm(forms.Form):
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Town"),
        empty_label=_("whole region"),
    )
    title = forms.CharField(label=_("Title (German)"), max_length=200)
    body = forms.CharField(
        label=_("Text (German)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    banner = forms.BooleanField(
        label=_("Show as banner on every public page while a level above normal is in force"),
        required=False,
    )
    publish = forms.BooleanField(
        label=_("Publish now (and send the push notification)"), required=False
    )

    def __init__(self, *args, towns, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = towns


class NewsTranslationForm(forms.Form):
    language = forms.ModelChoiceField(queryset=Language.objects.none(), label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, languages, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = languages


class CrisisPageForm(forms.Form):
    origin = forms.CharField(
        label=_("Arriving from"),
        max_length=100,
        help_text=_("As it reads after “Ankunft aus”, e.g. “der Ukraine”."),
    )
    first_stop = forms.CharField(
        label=_("Where to go first"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_points = forms.CharField(
        label=_("Today's contact points (one per line)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    town = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Town"),
        empty_label=_("whole region"),
    )
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)

    def __init__(self, *args, towns, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns
