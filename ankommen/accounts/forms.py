from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Organisation, Role, Team


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    area = forms.ModelChoiceField(
        label=_("Town"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("For municipal integration officers."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("For editors, case managers and team leads."),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("For team leads and case managers."),
    )

    def __init__(self, *args, region, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]
        self.fields["area"].queryset = region.towns().order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region).order_by(
            "name"
        )
        self.fields["team"].queryset = Team.objects.filter(
            organisation__region=region
        ).select_related("organisation")


class ResetForm(PasswordResetForm):
    """Django's reset form with our mail templates; it answers the same for an address
    that has no account (the view shows the same page either way)."""
