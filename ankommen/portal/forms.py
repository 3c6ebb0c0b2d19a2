from django import forms
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Region
from ankommen.core.once import SubmissionKeyForm
from ankommen.core.permissions import scope_of
from ankommen.core.widgets import RichTextField, RichTextWidget
from ankommen.directory.models import Event, Offer
from ankommen.directory.models import Place as DirectoryPlace
from ankommen.portal.models import AccessibilityFeedback, PageService
from ankommen.portal.services import Place


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=RichTextWidget(),
        help_text=_("Paragraphs, headings, lists, links and emphasis."),
    )
    opened_source_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    minor = forms.BooleanField(
        label=_("Minor edit (spelling, layout): translations stay up to date"), required=False
    )
    reviewed = forms.BooleanField(label=_("I have checked the machine translation"), required=False)

    def __init__(self, *args, is_source: bool, machine: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_source:
            del self.fields["minor"]
        if not machine:
            del self.fields["reviewed"]


class VersionForm(forms.Form):
    expected_version = forms.IntegerField(min_value=0)


class MoveForm(forms.Form):
    """The arrow buttons: one step up or down among the siblings. The tree sends the page's
    version; without one (a form from before versions were sent) the page's current version
    is taken, which a one-step swap can afford."""

    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])
    expected_version = forms.IntegerField(min_value=1, required=False)


class DropForm(forms.Form):
    """A page dragged onto another row of the page tree: it goes before or after it."""

    target = forms.IntegerField(min_value=1)
    place = forms.ChoiceField(choices=Place.choices)
    expected_version = forms.IntegerField(min_value=1)


class AccessibilityFeedbackForm(SubmissionKeyForm, forms.ModelForm):
    """The accessibility statement's feedback form (BITV 2.0 § 7)."""

    class Meta:
        model = AccessibilityFeedback
        fields = ("message", "address", "name", "email")
        labels = {
            "message": _(
                "Which barrier did you find, or which content do you need in another form?"
            ),
            "address": _("Page concerned (optional)"),
            "name": _("Your name (optional)"),
            "email": _("Your e-mail address, if you would like an answer (optional)"),
        }
        help_texts = {"address": _("Address or name of the page.")}
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if len(message) < 5:
            raise forms.ValidationError(
                _("Please describe the barrier in a few words."), code="too_short"
            )
        return message


class PageServiceForm(forms.ModelForm):
    """An entry on a page: what it points to, and for which town. Offers only the region's
    records; a municipal officer only her own towns (and must name one)."""

    class Meta:
        model = PageService
        fields = [
            "kind",
            "town",
            "offer",
            "place",
            "event",
            "filter_query",
            "heading",
            "contact_name",
            "phone",
            "email",
            "appointment_url",
        ]

    def __init__(self, *args, region: Region, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        towns = Area.objects.filter(
            region=region, kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.QUARTER]
        ).order_by("name")
        self.may_choose_any_town = scope.is_admin or region.pk in scope.coordinator_region_ids
        if not self.may_choose_any_town:
            towns = towns.filter(pk__in=scope.officer_town_ids)
            self.fields["town"].required = True
        self.fields["town"].queryset = towns
        self.fields["offer"].queryset = Offer.objects.filter(region=region).prefetch_related(
            "translations__language"
        )
        self.fields["offer"].label_from_instance = lambda offer: offer.title("de")
        self.fields["place"].queryset = DirectoryPlace.objects.filter(region=region)
        self.fields["event"].queryset = Event.objects.filter(region=region)


class ContentTranslationForm(forms.Form):
    """One record's texts in one language (ankommen/portal/content_translation.py): its
    fields come from the kind of record, with the two versions of the optimistic lock."""

    opened_source_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, fields, language, **kwargs):
        super().__init__(*args, **kwargs)
        # The texts are in the language translated into; the labels in the staff's own.
        attrs = {"lang": language.html_lang, "dir": language.direction}
        for field in fields:
            if field.rich:
                widget = RichTextWidget(attrs)
            elif field.long:
                widget = forms.Textarea(attrs={"rows": 8, **attrs})
            else:
                widget = forms.TextInput(attrs=attrs)
            self.fields[field.name] = (RichTextField if field.rich else forms.CharField)(
                label=field.label,
                max_length=field.max_length,
                required=field.required,
                widget=widget,
            )
        # The texts first, the hidden versions last.
        self.order_fields([field.name for field in fields])
