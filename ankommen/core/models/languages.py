"""Languages and the small vocabularies whose names are data in many languages."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ankommen.core.translation import TranslatedFields


class TranslatedNames(TranslatedFields):
    """A small vocabulary entry whose name is data in many languages: `name` is the German
    source, `names` the other languages by code (the rule: `ankommen.core.translation`)."""

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"name": "names"}

    name = models.CharField(_("name (German)"), max_length=200)
    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_('By language code, for example {"en": "Housing and mobility"}.'),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The name in `language` (default: the active one) or its fallback."""
        return self.text_in("name", language)


class Language(models.Model):
    class Direction(models.TextChoices):
        LTR = "ltr", _("left to right")
        RTL = "rtl", _("right to left")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$",
                _("Use a BCP 47 language tag such as de, ar or de-x-ls."),
                code="invalid_language_code",
            )
        ],
        help_text=_("BCP 47 tag, for example de, uk, fa or de-x-ls for Leichte Sprache."),
    )
    native_name = models.CharField(_("native name"), max_length=100)
    name_de = models.CharField(_("German name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    direction = models.CharField(
        _("text direction"), max_length=3, choices=Direction.choices, default=Direction.LTR
    )
    variant_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="variants",
        verbose_name=_("variant of"),
        help_text=_("For a variant such as Leichte Sprache: the language it simplifies."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return f"{self.label()} ({self.code})"

    @property
    def is_rtl(self) -> bool:
        return self.direction == self.Direction.RTL

    @property
    def html_lang(self) -> str:
        """The value for an HTML lang attribute: the variant's base language is what
        screen readers need to pronounce the text."""
        return self.variant_of.code if self.variant_of_id else self.code

    def label(self, language: str | None = None) -> str:
        code = language or translation.get_language() or "de"
        return self.name_en if code.startswith("en") else self.name_de
