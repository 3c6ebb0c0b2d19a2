from django import forms
from django.utils.translation import gettext_lazy as _


class TOTPForm(forms.Form):
    code = forms.RegexField(
        label=_("six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
