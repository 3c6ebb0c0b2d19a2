from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ankommen.monitoring.models import Indicator

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Statistics file"),
        help_text=_(
            "GENESIS flat file CSV (ffcsv), classic GENESIS table CSV, or a zip holding one."
        ),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("chosen by the file's value variable"),
    )
    skip_unknown_areas = forms.BooleanField(
        label=_("Leave out rows of areas that are not ours, and list them"), required=False
    )
    dry_run = forms.BooleanField(label=_("Only check the file, import nothing"), required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(region=region).exclude(
            kind=Indicator.Kind.SHARE
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s MB; import it on the command line."),
                code="too_large",
                params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload
