"""Forms of the offer staff pages (offer_staff_views.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Region
from ankommen.core.widgets import RichTextField, RichTextWidget
from ankommen.directory.models import Event, Offer, OfferTranslation
from ankommen.directory.offer_work import DUE, FRESH, STALE


class OfferFilterForm(forms.Form):
    town = forms.ModelChoiceField(
        label=_("Town"), queryset=Area.objects.none(), required=False, empty_label=_("all towns")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    freshness = forms.ChoiceField(
        label=_("Confirmation"),
        required=False,
        choices=[
            ("", _("any")),
            (FRESH, _("confirmed within six months")),
            (DUE, _("due for confirmation (six months or more)")),
            (STALE, _("not confirmed for nine months")),
        ],
    )
    mine = forms.BooleanField(label=_("Only offers I may edit"), required=False)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = Area.objects.filter(
            region=region, kind=Area.Kind.MUNICIPALITY
        ).order_by("name")
        self.fields["kind"].choices = [("", _("all kinds")), *Offer.Kind.choices]


class OfferTextsForm(forms.Form):
    """The German texts of an offer; the offer's version guards against lost updates."""

    title = forms.CharField(
        label=_("Title"), max_length=OfferTranslation._meta.get_field("title").max_length
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=OfferTranslation._meta.get_field("summary").max_length,
        required=False,
        help_text=_("One or two sentences for the list of offers."),
    )
    description = RichTextField(
        label=_("Description"),
        required=False,
        widget=RichTextWidget(),
        help_text=_("Paragraphs, headings, lists, links and emphasis."),
    )
    orientation = forms.ChoiceField(
        label=Offer._meta.get_field("orientation").verbose_name,
        choices=[("", _("not set")), *Offer.Orientation.choices],
        required=False,
        help_text=Offer._meta.get_field("orientation").help_text,
    )
    childcare = forms.BooleanField(
        label=Offer._meta.get_field("childcare").verbose_name,
        required=False,
        help_text=Offer._meta.get_field("childcare").help_text,
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CorrectionForm(forms.Form):
    message = forms.CharField(
        label=_("What should be corrected?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Those who maintain the entry get your proposal by e-mail."),
    )


class EventTextsForm(forms.Form):
    """An event's German title and description (event_staff_views.py)."""

    title = forms.CharField(label=_("Title"), max_length=Event._meta.get_field("title").max_length)
    description = RichTextField(
        label=_("Description"),
        required=False,
        widget=RichTextWidget(),
        help_text=_("Paragraphs, headings, lists, links and emphasis."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
