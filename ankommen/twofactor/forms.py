from django import forms
from django.utils.translation import gettext_lazy as _


class TOTPForm(forms.Form):
    """The six digits of the authenticator app, or one of the ten recovery codes."""

    code = forms.RegexField(
        label=_("six-digit code from your authenticator app"),
        help_text=_("Without your phone: one of your recovery codes."),
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{4}[\s-]?[A-Za-z2-7]{4})\s*$",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )
