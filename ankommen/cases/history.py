"""Field-level history of cases and clients: who changed which tracked field when, from
what to what.

`Case` and `Client` record their changes themselves on save (see `TrackedFieldsMixin`), so
no code path can change a tracked field without leaving a trace. Who made the change comes
from `acting_as()`, which the case pages (`access.case_area`) wrap around every request;
changes made outside a request (management commands) are recorded without a user.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from datetime import date, datetime

from django.db import models

_acting_user: contextvars.ContextVar = contextvars.ContextVar("cases_acting_user", default=None)


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


def _as_text(model: models.Model, field: models.Field, value) -> str:
    """The value as history stores it: related records by their name (what the reader
    needs, and it survives the related record's deletion), dates in ISO form."""
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


class TrackedFieldsMixin(models.Model):
    """Writes a FieldChange for every tracked field a save changes. `TRACKED_FIELDS` names
    the fields; creation is not a change (the audit log records the creation)."""

    TRACKED_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        names = [
            name for name in self.TRACKED_FIELDS if update_fields is None or name in update_fields
        ]
        fields = [self._meta.get_field(name) for name in names]
        before = None
        if self.pk is not None and not self._state.adding and fields:
            before = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values(*[f.attname for f in fields])
                .first()
            )
        super().save(*args, **kwargs)
        if before is None:
            return
        changes = [
            (field, before[field.attname], getattr(self, field.attname))
            for field in fields
            if before[field.attname] != getattr(self, field.attname)
        ]
        if changes:
            self._record_changes(changes)

    def _record_changes(self, changes) -> None:
        from ankommen.cases.models import FieldChange

        user = acting_user()
        case_id = self.pk if type(self).__name__ == "Case" else None
        client_id = getattr(self, "client_id", None) if case_id else self.pk
        FieldChange.objects.bulk_create(
            FieldChange(
                user_id=user.pk if user is not None else None,
                username=user.get_username() if user is not None else "",
                model=type(self).__name__,
                object_id=self.pk,
                case_id=case_id,
                client_id=client_id,
                field=field.name,
                old_value=_as_text(self, field, old),
                new_value=_as_text(self, field, new),
            )
            for field, old, new in changes
        )


def record_set_change(instance, field_name: str, action: str, pk_set) -> None:
    """A many-to-many field of a tracked record changed (m2m_changed, see signals.py):
    record the whole set before and after, by name, sorted."""
    from ankommen.cases.models import FieldChange

    if action not in ("post_add", "post_remove") or not pk_set:
        return
    field = instance._meta.get_field(field_name)
    related = field.related_model._base_manager
    after = set(getattr(instance, field_name).values_list("pk", flat=True))
    before = after - set(pk_set) if action == "post_add" else after | set(pk_set)
    if before == after:
        return
    names = {obj.pk: str(obj) for obj in related.filter(pk__in=before | after)}
    user = acting_user()
    case_id = instance.pk if type(instance).__name__ == "Case" else None
    FieldChange.objects.create(
        user_id=user.pk if user is not None else None,
        username=user.get_username() if user is not None else "",
        model=type(instance).__name__,
        object_id=instance.pk,
        case_id=case_id,
        client_id=instance.client_id if case_id else instance.pk,
        field=field_name,
        old_value=", ".join(sorted(names[pk] for pk in before)),
        new_value=", ".join(sorted(names[pk] for pk in after)),
    )
