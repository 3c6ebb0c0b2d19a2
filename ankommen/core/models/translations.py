"""The translation workflow of records whose short texts live in JSON maps (events,
vocabularies, glossary entries): one bookkeeping row per record and language.

The texts stay where they are (the German source column and the `{code: text}` map, read
with `text_in()`); the row keeps what the workflow needs: the German version a translation
was made from, whether a machine made it and a person reviewed it, and a version for
optimistic locking, so that two people editing one record's Arabic cannot overwrite each
other. The German row counts the versions of the German text itself. A record without rows
is at German version 1 with every translation written by a person for it: the records
created before the workflow existed need no data migration.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.core.models.base import VersionedModel
from ankommen.core.models.languages import Language


class TextTranslationQuerySet(models.QuerySet):
    def of(self, record: models.Model) -> TextTranslationQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )

    def of_records(self, model: type[models.Model], pks) -> TextTranslationQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)


class TextTranslation(VersionedModel):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    source_version = models.PositiveIntegerField(
        _("German version"),
        default=1,
        help_text=_(
            "German: the version of the German text; other languages: the version they "
            "were made from."
        ),
    )
    machine_translated = models.BooleanField(_("machine-translated"), default=False)
    reviewed = models.BooleanField(_("reviewed by a person"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = TextTranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="text_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} ({self.language_id})"
