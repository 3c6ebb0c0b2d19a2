"""Field-level history: which tracked field of a record changed, from what to what, by whom.

One mechanism for every module that keeps a history (cases and clients, the action plan):

- `TrackedFields` remembers the values a record was loaded with (`loaded(name)`, which
  `clean()` may compare against) and works out on every save what changed
  (`saved_changes`); a module's table receives them through the `fields_changed` signal
  (cases) or reads them after the save together with the reason from the form (the plan).
- Values are stored in one form, plain text that does not depend on the language of whoever
  made the change: choice values, "1"/"0" for booleans, related records by their name (what
  the reader needs, and it survives the related record's deletion), dates in ISO form.
- `field_label()` and `display_value()` turn a stored field name and value into words in the
  reader's language, for history pages, exports and reports.

The rows stay in each module's own table because the tables protect different things: the
case history (`cases.FieldChange`) is personal data, encrypted at rest, append-only and
purged with the record it describes; the plan's (`actionplan.ChangeEntry`) is the steering
board's record with the reason and the recommendation it belongs to. A tracked field that is
encrypted must only be tracked by a model whose history table encrypts too.

Who made a change comes from `acting_as()`, which a module wraps around its requests where
it records changes on save (the case pages do); changes made outside (management commands)
are recorded without a user.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar, NamedTuple

from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext

# Sent after a save that changed tracked fields: sender=model class, instance, changes.
fields_changed = Signal()

_acting_user: contextvars.ContextVar = contextvars.ContextVar("history_acting_user", default=None)


@contextlib.contextmanager
def acting_as(user) -> Iterator[None]:
    """Attribute the tracked changes made inside the block to `user`."""
    token = _acting_user.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _acting_user.reset(token)


def acting_user():
    return _acting_user.get()


class Change(NamedTuple):
    """One changed field: its name and both values in the history's storage form."""

    field: str
    old: str
    new: str


def as_text(field: models.Field, value: Any) -> str:
    """A field's value in the history's storage form."""
    if value is None:
        return ""
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def field_label(model: type[models.Model], name: str) -> str:
    """The field's name as the reader's language calls it (the stored name if it is gone)."""
    field = _model_field(model, name)
    return str(field.verbose_name) if field is not None else name


def display_value(model: type[models.Model], name: str, text: str) -> str:
    """A stored value in words of the reader's language: the label of a choice, yes or no."""
    field = _model_field(model, name)
    if field is None or text == "":
        return text
    if isinstance(field, models.BooleanField):
        return gettext("yes") if text == "1" else gettext("no")
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    return text


def set_change(instance: models.Model, field_name: str, action: str, pk_set) -> Change | None:
    """A many-to-many field changed (from m2m_changed): the whole set before and after, by
    name, sorted; None when the set is the same or the signal is not a completed change."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return None
    field = instance._meta.get_field(field_name)
    related = field.related_model._base_manager
    after = set(getattr(instance, field_name).values_list("pk", flat=True))
    before = after - set(pk_set) if action == "post_add" else after | set(pk_set)
    if before == after:
        return None
    names = {obj.pk: str(obj) for obj in related.filter(pk__in=before | after)}
    return Change(
        field_name,
        ", ".join(sorted(names[pk] for pk in before)),
        ", ".join(sorted(names[pk] for pk in after)),
    )


class TrackedFields(models.Model):
    """Knows which of its `TRACKED_FIELDS` a save changes. Creation is not a change."""

    TRACKED_FIELDS: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        changes = self.tracked_changes(update_fields)
        super().save(*args, **kwargs)
        self.saved_changes = changes
        self._remember_values(update_fields)
        if changes:
            fields_changed.send(sender=type(self), instance=self, changes=changes)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_values()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self._remember_values(fields)

    def _tracked_fields(self, names: Iterable[str] | None = None) -> list[models.Field]:
        wanted = set(names) if names is not None else None
        fields = [self._meta.get_field(name) for name in self.TRACKED_FIELDS]
        if wanted is None:
            return fields
        return [f for f in fields if f.name in wanted or f.attname in wanted]

    def _remember_values(self, names: Iterable[str] | None = None) -> None:
        deferred = self.get_deferred_fields()
        remembered = dict(getattr(self, "_loaded_values", {}))
        for field in self._tracked_fields(names):
            if field.attname not in deferred:
                remembered[field.attname] = getattr(self, field.attname)
        self._loaded_values = remembered

    def loaded(self, name: str) -> Any:
        """The value `name` had when the record was loaded or last saved."""
        field = self._meta.get_field(name)
        return getattr(self, "_loaded_values", {}).get(field.attname)

    def tracked_changes(self, names: Iterable[str] | None = None) -> list[Change]:
        """The tracked fields (of `names`, if given) that differ from the stored record."""
        if self.pk is None or self._state.adding:
            return []
        fields = self._tracked_fields(names)
        before = dict(getattr(self, "_loaded_values", {}))
        unknown = [f.attname for f in fields if f.attname not in before]
        if unknown:
            # Not loaded with the record (deferred, or built by hand): ask the database.
            stored = type(self)._base_manager.filter(pk=self.pk).values(*unknown).first()
            if stored is None:
                return []
            before.update(stored)
        changes = []
        for field in fields:
            old, new = before[field.attname], getattr(self, field.attname)
            if old != new:
                changes.append(Change(field.name, as_text(field, old), as_text(field, new)))
        return changes
