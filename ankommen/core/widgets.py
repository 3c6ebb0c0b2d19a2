"""Form widgets shared by the modules."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext as _

from ankommen.core import richtext


class RichTextWidget(forms.Textarea):
    """A textarea that richtext.js turns into a rich-text editor (Quill 2, vendored in
    core/static/core/quill): paragraphs, two heading levels, lists, bold, italic and links;
    no HTML for the editor to write. The posted value is HTML, so the field's owner must
    still sanitise it with its allow-list on save. Without JavaScript it is the textarea."""

    template_name = "django/forms/widgets/textarea.html"

    class Media:
        css = {"all": ["core/quill/quill.core.css", "core/richtext.css"]}
        js = ["core/quill/quill.js", "core/richtext.js"]

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"rows": 16, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Labels in the language of the request that renders the form.
        context["widget"]["attrs"]["data-richtext"] = json.dumps(
            {
                "toolbar": _("Formatting"),
                "paragraph": _("Paragraph"),
                "h2": _("Heading"),
                "h3": _("Subheading"),
                "bullet": _("Bulleted list"),
                "ordered": _("Numbered list"),
                "bold": _("Bold"),
                "italic": _("Italic"),
                "link": _("Link"),
                "unlink": _("Remove link"),
                "linkPrompt": _("Address of the link (https://…, mailto:…, tel:…)"),
                "unsupported": _(
                    "This text contains formatting the editor cannot keep (a table, a "
                    "definition list or language marks), so it is shown as HTML."
                ),
            },
            ensure_ascii=False,
        )
        return context


class RichTextField(forms.CharField):
    """Text from the rich-text editor: the editor's HTML sanitised with the allow-list
    (plain text from a browser without JavaScript kept as it is); shown to the editor as
    paragraphs."""

    def prepare_value(self, value):
        return richtext.for_editor(value or "")

    def clean(self, value):
        return richtext.clean(super().clean(value))
