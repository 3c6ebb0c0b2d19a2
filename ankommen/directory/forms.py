from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Audience, FieldOfAction, Language, Region, TargetGroup
from ankommen.directory.models import Offer


class _ListedChoices(forms.models.ModelChoiceIterator):
    """Choices read with one plain query. Django's default `.iterator()` opens a
    server-side cursor (DECLARE … WITH HOLD on PostgreSQL) per select box, which cost the
    directory page more than its search; a region's choices are a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = _ListedChoices


class DirectoryFilterForm(forms.Form):
    """The directory's filters; every field is optional and a bad value is ignored."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    area = ListedModelChoiceField(
        label=_("Town or quarter"), queryset=Area.objects.none(), required=False
    )
    field = ListedModelChoiceField(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        to_field_name="slug",
    )
    target = ListedModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.none(),
        required=False,
        to_field_name="slug",
    )
    audience = ListedModelChoiceField(
        label=_("For"), queryset=Audience.objects.all(), required=False, to_field_name="slug"
    )
    spoken = ListedModelChoiceField(
        label=_("Language spoken"),
        queryset=Language.objects.none(),
        required=False,
        to_field_name="code",
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *Offer.Kind.choices], required=False
    )
    cost = forms.ChoiceField(
        label=_("Cost"), choices=[("", "—"), *Offer.Cost.choices], required=False
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    near = ListedModelChoiceField(
        label=_("Sort by distance from"), queryset=Area.objects.none(), required=False
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        areas = (
            Area.objects.filter(region=region, kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.QUARTER])
            .select_related("parent")
            .order_by("name")
        )
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = _area_label
        self.fields["near"].queryset = Area.objects.filter(
            region=region, kind=Area.Kind.MUNICIPALITY
        ).order_by("name")
        self.fields["field"].queryset = FieldOfAction.objects.filter(region=region)
        self.fields["target"].queryset = TargetGroup.objects.filter(region=region)
        self.fields["spoken"].queryset = region.languages.exclude(code__startswith="de-")
        for name in ("field", "target", "audience", "spoken"):
            self.fields[name].label_from_instance = lambda obj: obj.label()

    def clean(self):
        cleaned = super().clean()
        return cleaned


def _area_label(area: Area) -> str:
    if area.kind == Area.Kind.QUARTER and area.parent_id:
        return f"{area.parent.name} – {area.name}"
    return area.name


class RegistrationForm(forms.Form):
    occurrence = forms.DateTimeField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Your name"), max_length=200)
    contact = forms.CharField(
        label=_("E-mail or phone"),
        max_length=200,
        help_text=_("Only used to tell you about changes; deleted after the date."),
    )
