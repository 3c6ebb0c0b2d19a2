"""The translation workflow of records with JSON maps (`WorkflowTexts`,
ankommen/core/translation.py): states, the German version, saving with version checks.

Whatever changes such a record's texts – the staff's translation form, the admin, the
demo loader – goes through `save()`, so the bookkeeping is kept by two signal handlers:
a change of the German texts raises the record's German version (its translations become
outdated); a changed translation is from then on made from the current German version,
by a person. The workflow's own saves (`save_texts()`) write their row themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.apps import apps
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save

from ankommen.core.models import ConflictError, Language, TextTranslation
from ankommen.core.translation import (
    SOURCE_LANGUAGE,
    TranslationState,
    WorkflowTexts,
    translation_state,
)


class SourceChangedError(ConflictError):
    """The German text changed after the editor opened the translation."""

    def __init__(self, opened: int, current: int) -> None:
        super().__init__(opened, current)
        self.opened = opened
        self.current = current


def workflow_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, WorkflowTexts) and model.TRANSLATION_WORKFLOW
    ]


# --- Reading ----------------------------------------------------------------------------


class Bookkeeping:
    """The rows of some records of one model, read in one query, answering per record."""

    def __init__(self, model: type[models.Model], records: Iterable[models.Model], codes=()):
        self.records = {record.pk: record for record in records}
        rows = TextTranslation.objects.of_records(model, list(self.records)).select_related(
            "language"
        )
        if codes:
            rows = rows.filter(language__code__in={SOURCE_LANGUAGE, *codes})
        self.rows = {(row.object_id, row.language.code): row for row in rows}

    def row(self, record: models.Model, code: str) -> TextTranslation | None:
        return self.rows.get((record.pk, code))

    def source_version(self, record: models.Model) -> int:
        german = self.row(record, SOURCE_LANGUAGE)
        return german.source_version if german else 1

    def state(self, record: WorkflowTexts, code: str) -> TranslationState:
        if not any(record.texts_for(code).values()):
            return TranslationState.MISSING
        row = self.row(record, code)
        return translation_state(
            made_from=row.source_version if row else 1,
            current=self.source_version(record),
            machine=bool(row and row.machine_translated),
            reviewed=bool(row and row.reviewed),
            is_source=code == SOURCE_LANGUAGE,
        )

    def version(self, record: models.Model, code: str) -> int:
        """The translation's version for the optimistic lock (0: never saved by the
        workflow)."""
        row = self.row(record, code)
        return row.version if row else 0


def bookkeeping_of(record: models.Model, codes=()) -> Bookkeeping:
    return Bookkeeping(type(record), [record], codes)


# --- Keeping the books on every save ----------------------------------------------------


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    instance._workflow_changes = None
    if raw or instance.pk is None or getattr(instance, "_workflow_saving", False):
        return
    before = sender._default_manager.filter(pk=instance.pk).first()
    if before is None:
        return
    codes = before.stored_codes() | instance.stored_codes()
    changed = {code for code in codes if before.texts_for(code) != instance.texts_for(code)}
    instance._workflow_changes = changed or None


def _after_save(sender, instance, raw=False, **kwargs) -> None:
    changed = getattr(instance, "_workflow_changes", None)
    instance._workflow_changes = None
    if not changed:
        return
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=changed)}
    if SOURCE_LANGUAGE in changed and SOURCE_LANGUAGE in languages:
        _raise_source_version(instance, languages[SOURCE_LANGUAGE])
    current = bookkeeping_of(instance, [SOURCE_LANGUAGE]).source_version(instance)
    for code in changed - {SOURCE_LANGUAGE}:
        if code in languages:
            _write_row(instance, languages[code], source_version=current)


def _raise_source_version(record, german: Language, author=None) -> int:
    row, created = TextTranslation.objects.select_for_update().get_or_create(
        content_type=_content_type(record),
        object_id=record.pk,
        language=german,
        defaults={"source_version": 2, "updated_by": author},
    )
    if not created:
        TextTranslation.objects.filter(pk=row.pk).update(
            source_version=F("source_version") + 1, version=F("version") + 1, updated_by=author
        )
        row.refresh_from_db()
    return row.source_version


def _write_row(record, language: Language, *, source_version: int, machine=False, author=None):
    row, _created = TextTranslation.objects.update_or_create(
        content_type=_content_type(record),
        object_id=record.pk,
        language=language,
        defaults={
            "source_version": source_version,
            "machine_translated": machine,
            "reviewed": False,
            "updated_by": author,
        },
    )
    if not _created:
        TextTranslation.objects.filter(pk=row.pk).update(version=F("version") + 1)
    return row


def _content_type(record):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(record)


def _after_delete(sender, instance, **kwargs) -> None:
    """The rows go with their record (a generic relation has no cascade)."""
    TextTranslation.objects.of(instance).delete()


def connect() -> None:
    """Wires the handlers to every model in the workflow; called once, from core's
    AppConfig."""
    for model in workflow_models():
        pre_save.connect(_before_save, sender=model, weak=False)
        post_save.connect(_after_save, sender=model, weak=False)
        post_delete.connect(_after_delete, sender=model, weak=False)


# --- Saving through the workflow ---------------------------------------------------------


@transaction.atomic
def save_texts(
    record: models.Model,
    language: Language,
    *,
    values: Mapping[str, str],
    opened_source_version: int,
    expected_version: int,
    author=None,
    machine: bool = False,
) -> TextTranslation:
    """Save the record's texts in `language`, with the same checks as a portal page:
    `opened_source_version` is the German version the editor saw, `expected_version` the
    translation's version she opened (0: none yet). Either being stale raises a
    ConflictError and writes nothing. Saving the German texts raises the German version,
    which makes every translation outdated."""
    model = type(record)
    record = model._default_manager.select_for_update().get(pk=record.pk)
    books = bookkeeping_of(record, [language.code])
    current = books.source_version(record)
    if opened_source_version != current:
        raise SourceChangedError(opened_source_version, current)
    if expected_version != books.version(record, language.code):
        raise ConflictError(record.pk)
    is_source = language.code == SOURCE_LANGUAGE
    changed = record.texts_for(language.code) != {
        field: (values.get(field) or "").strip() for field in record.workflow_fields()
    }
    record.set_texts_for(language.code, values)
    record.full_clean(validate_unique=False)
    record._workflow_saving = True
    try:
        record.save(update_fields=record.text_columns())
    finally:
        record._workflow_saving = False
    if is_source:
        if changed:
            _raise_source_version(record, language, author)
        row = bookkeeping_of(record, [language.code]).row(record, language.code)
        if row is None:  # unchanged German text saved for the first time
            row = _write_row(record, language, source_version=current, author=author)
        return row
    return _write_row(record, language, source_version=current, machine=machine, author=author)


@transaction.atomic
def mark_reviewed(record: models.Model, language: Language, *, expected_version: int, author):
    row = TextTranslation.objects.of(record).filter(language=language).first()
    if row is None or not row.machine_translated:
        return
    row.reviewed = True
    row.updated_by = author
    row.save_checked(expected_version=expected_version)
