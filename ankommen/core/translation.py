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


class WorkflowTexts:
    """A record whose texts in JSON maps take part in the translation workflow
    (`TRANSLATION_WORKFLOW = True`; ankommen/core/text_translations.py): what it gives the
    workflow is its texts per language, exactly as stored, without fallback."""

    TRANSLATION_WORKFLOW: ClassVar[bool] = False

    def workflow_fields(self) -> tuple[str, ...]:
        """The names of the texts, as `texts_for()` keys them."""
        raise NotImplementedError

    def texts_for(self, code: str) -> dict[str, str]:
        """The texts in language `code` ("" where there is none)."""
        raise NotImplementedError

    def set_texts_for(self, code: str, values: Mapping[str, str]) -> None:
        """Set the texts in language `code` (not saved); empty texts are removed."""
        raise NotImplementedError

    def text_columns(self) -> list[str]:
        """The model fields the texts are stored in (for `save(update_fields=…)`)."""
        raise NotImplementedError

    def stored_codes(self) -> set[str]:
        """The languages this record has any text in, German included."""
        raise NotImplementedError


class TranslatedFields(WorkflowTexts, models.Model):
    """Short texts in many languages: German source columns and a `{code: text}` map each.

    `TRANSLATED_FIELDS` maps each source field to its map field, e.g.
    `{"title": "titles", "description": "descriptions"}`.
    """

    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    def workflow_fields(self) -> tuple[str, ...]:
        return tuple(self.TRANSLATED_FIELDS)

    def texts_for(self, code: str) -> dict[str, str]:
        if code == SOURCE_LANGUAGE:
            return {field: getattr(self, field) or "" for field in self.TRANSLATED_FIELDS}
        return {
            field: str((getattr(self, map_field) or {}).get(code) or "")
            for field, map_field in self.TRANSLATED_FIELDS.items()
        }

    def set_texts_for(self, code: str, values: Mapping[str, str]) -> None:
        for field, map_field in self.TRANSLATED_FIELDS.items():
            value = (values.get(field) or "").strip()
            if code == SOURCE_LANGUAGE:
                setattr(self, field, value)
                continue
            texts = dict(getattr(self, map_field) or {})
            if value:
                texts[code] = value
            else:
                texts.pop(code, None)
            setattr(self, map_field, texts)

    def text_columns(self) -> list[str]:
        return [*self.TRANSLATED_FIELDS, *self.TRANSLATED_FIELDS.values()]

    def stored_codes(self) -> set[str]:
        codes = {SOURCE_LANGUAGE}
        for map_field in self.TRANSLATED_FIELDS.values():
            codes |= {code for code, text in (getattr(self, map_field) or {}).items() if text}
        return codes

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


# --- The translation workflow ---------------------------------------------------------------
#
# One rule for every kind of content: a translation remembers the version of the German
# text it was made from; once the German text is past that version, the translation is
# outdated. A machine translation waits for a person's review. Portal pages and offers keep
# this on their translation rows; records with JSON maps (events, vocabularies, glossary
# entries) keep it in `core.TextTranslation`, one bookkeeping row per record and language
# (ankommen/core/models/translations.py).


class TranslationState(models.TextChoices):
    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("outdated")
    MACHINE = "machine", _("machine-translated, not reviewed")
    REVIEWED = "reviewed", _("machine-translated and reviewed")
    UP_TO_DATE = "up_to_date", _("up to date")


# What a translation board lists: the work that waits.
STATES_TO_DO = (TranslationState.MISSING, TranslationState.OUTDATED, TranslationState.MACHINE)


def translation_state(
    *, made_from: int, current: int, machine: bool, reviewed: bool, is_source: bool = False
) -> TranslationState:
    """The state of an existing translation made from German version `made_from` when the
    German text is at version `current`."""
    if not is_source and made_from < current:
        return TranslationState.OUTDATED
    if machine:
        return TranslationState.REVIEWED if reviewed else TranslationState.MACHINE
    return TranslationState.UP_TO_DATE
