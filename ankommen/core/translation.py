"""How content is stored in several languages: one rule, one fallback order.

The rule (interface strings are gettext's business, not this module's):

- Long content that is written, reviewed and published per language on its own
  (first-orientation pages, offers) is stored as translation rows, one per language
  (`portal.PageTranslation`, `directory.OfferTranslation`), with the source version it was
  made from, its state and who reviewed it.
- Short texts that belong to a record and are edited with it (vocabulary names, an
  organisation's or event's title and description, an indicator's definition, the action
  plan's texts) are stored as the German source in its own column plus one JSON map per
  field, `{language code: text}`, named as the plural of the source field (`name` →
  `names`, `title` → `titles`). A model declares the pairs in `TRANSLATED_FIELDS` and reads
  them with `text_in()` or `translated()`, never from the map directly.
- Every lookup, rows or maps, walks the same order, `fallback_chain()`: the requested
  language, then the language it is a variant of (Leichte Sprache `de-x-ls` → `de`, a
  regional variant → its language), then German, the source every text exists in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The language every text is written in first; its text is the source column.
SOURCE_LANGUAGE = "de"

T = TypeVar("T")


def fallback_chain(language: str | None = None) -> tuple[str, ...]:
    """The language codes to try, in order, for `language` (default: the active one)."""
    code = language or translation.get_language() or SOURCE_LANGUAGE
    chain = [code]
    base = code.split("-")[0]
    for candidate in (base, SOURCE_LANGUAGE):
        if candidate not in chain:
            chain.append(candidate)
    return tuple(chain)


def pick(texts: Mapping[str, T], language: str | None = None) -> tuple[T, str] | None:
    """The first non-empty entry of `texts` (by language code) along the fallback chain,
    with the code it was found under; None if there is none."""
    for code in fallback_chain(language):
        value = texts.get(code)
        if value:
            return value, code
    return None


class TranslatedFields(models.Model):
    """Short texts in many languages: German source columns and a `{code: text}` map each.

    `TRANSLATED_FIELDS` maps each source field to its map field, e.g.
    `{"title": "titles", "description": "descriptions"}`.
    """

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None = None) -> tuple[str, str]:
        """The text of `field` along the fallback chain, and the code of the language it is
        in (the page marks text in another language for screen readers)."""
        texts = dict(getattr(self, self.TRANSLATED_FIELDS[field]) or {})
        texts[SOURCE_LANGUAGE] = getattr(self, field)
        found = pick(texts, language)
        return found if found is not None else (getattr(self, field), SOURCE_LANGUAGE)

    def text_in(self, field: str, language: str | None = None) -> str:
        """The text of `field` in `language` (default: the active one) or its fallback."""
        return self.translated(field, language)[0]

    def clean(self) -> None:
        super().clean()
        errors = {}
        for map_field in self.TRANSLATED_FIELDS.values():
            texts = getattr(self, map_field)
            if not isinstance(texts, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in texts.items()
            ):
                errors[map_field] = ValidationError(
                    _("Give the texts as an object of language code to text."),
                    code=f"invalid_{map_field}",
                )
        if errors:
            raise ValidationError(errors)


def translations_field(verbose_name) -> models.JSONField:
    """The JSON map of one translated field."""
    return models.JSONField(
        verbose_name,
        default=dict,
        blank=True,
        help_text=_('By language code, for example {"en": "…", "ar": "…"}.'),
    )
