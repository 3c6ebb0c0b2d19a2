from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Audience, FieldOfAction, Language, Region, TargetGroup
from ankommen.core.once import SubmissionKeyForm
from ankommen.directory.filter_choices import choice_records
from ankommen.directory.models import Offer


class _ListedChoices(forms.models.ModelChoiceIterator):
    """Choices read with one plain query, or none where the field holds its records
    already (`ListedModelChoiceField.records`). Django's default `.iterator()` opens a
    server-side cursor (DECLARE … WITH HOLD on PostgreSQL) per select box, which cost the
    directory page more than its search; a region's choices are a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        records = self.field.get_records()
        for obj in records if records is not None else self.queryset.all():
            yield self.choice(obj)


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: False left out, True bare."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A select box written in Python, with the same HTML as Django's select.html and
    select_option.html. The directory page has six of them with a region's towns,
    quarters and vocabularies; through the template engine (one included template per
    option) they cost more than the page's search. Option groups are not needed by the
    directory's forms and fall back to the templates."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for _group_name, options, _index in groups:
            for option in options:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
        # The included option template ends in a newline, hence the blank lines.
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # safe: every part escaped above  # noqa: S308


class ListedModelChoiceField(forms.ModelChoiceField):
    """A select box of records. With `records` set (records read before, such as the
    region's area tree or vocabularies kept per content version) neither the options nor
    the validation of a submitted value ask the database."""

    iterator = _ListedChoices
    widget = QuickSelect
    _load_records: Callable[[], Sequence[Model]] | None = None

    def use_records(self, load: Callable[[], Sequence[Model]]) -> None:
        """Take the records from `load`, called only when they are needed: to list the
        options or to find a submitted value (an API request without this filter reads
        nothing)."""
        self._load_records = load
        # Assigning the queryset again rebuilds the choices with the records.
        self.queryset = self.queryset

    def get_records(self) -> Sequence[Model] | None:
        return self._load_records() if self._load_records is not None else None

    def to_python(self, value):
        if self._load_records is None or value in self.empty_values:
            return super().to_python(value)
        key = self.to_field_name or "pk"
        found = next((r for r in self.get_records() if str(getattr(r, key)) == str(value)), None)
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


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
        label=_("Kind"),
        choices=[("", "—"), *Offer.Kind.choices],
        required=False,
        widget=QuickSelect,
    )
    cost = forms.ChoiceField(
        label=_("Cost"),
        choices=[("", "—"), *Offer.Cost.choices],
        required=False,
        widget=QuickSelect,
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    near = ListedModelChoiceField(
        label=_("Sort by distance from"), queryset=Area.objects.none(), required=False
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(
            region=region, kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.QUARTER]
        )
        self.fields["area"].label_from_instance = _area_label
        self.fields["near"].queryset = Area.objects.filter(
            region=region, kind=Area.Kind.MUNICIPALITY
        )
        self.fields["field"].queryset = FieldOfAction.objects.filter(region=region)
        self.fields["target"].queryset = TargetGroup.objects.filter(region=region)
        self.fields["spoken"].queryset = region.languages.exclude(code__startswith="de-")
        for name in ("field", "target", "audience", "spoken"):
            self.fields[name].label_from_instance = lambda obj: obj.label()
        # The records themselves, read once per content version (filter_choices.py).
        for name in ("area", "near", "field", "target", "audience", "spoken"):
            self.fields[name].use_records(partial(_records, region, name))

    def clean(self):
        cleaned = super().clean()
        return cleaned


def _records(region: Region, name: str) -> list[Model]:
    return choice_records(region)[name]


def _area_label(area: Area) -> str:
    if area.kind == Area.Kind.QUARTER and area.parent_id:
        return f"{area.parent.name} – {area.name}"
    return area.name


class RegistrationForm(SubmissionKeyForm, forms.Form):
    occurrence = forms.DateTimeField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Your name"), max_length=200)
    # An e-mail address, because the seat counts only once the link sent to it is opened;
    # without one, people register with the organiser by phone.
    contact = forms.EmailField(
        label=_("E-mail"),
        max_length=200,
        help_text=_(
            "We send you a link to confirm. Only used to tell you about changes; deleted "
            "after the date. No e-mail? Please register with the organiser by phone."
        ),
    )
