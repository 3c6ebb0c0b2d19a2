"""Field-level history of cases and clients: who changed which tracked field when, from
what to what.

`Case` and `Client` track their fields with the platform's one history mechanism
(`ankommen.core.history.TrackedFields`), so no code path can change a tracked field without
leaving a trace; this module writes what a save changed into the case history
(`FieldChange`: encrypted, append-only). Who made the change comes from `acting_as()`, which
the case pages (`access.case_area`) wrap around every request; changes made outside a
request (management commands) are recorded without a user.
"""

from __future__ import annotations

from django.db import models
from django.dispatch import receiver

from ankommen.cases.models import Case, Client, FieldChange
from ankommen.core.history import Change, acting_as, acting_user, fields_changed, set_change

__all__ = ["acting_as", "acting_user", "record_changes", "record_set_change"]


def record_changes(instance: models.Model, changes: list[Change]) -> None:
    """Write `changes` of a case or a client to the case history."""
    user = acting_user()
    case_id = instance.pk if isinstance(instance, Case) else None
    client_id = getattr(instance, "client_id", None) if case_id else instance.pk
    FieldChange.objects.bulk_create(
        FieldChange(
            user_id=user.pk if user is not None else None,
            username=user.get_username() if user is not None else "",
            model=type(instance).__name__,
            object_id=instance.pk,
            case_id=case_id,
            client_id=client_id,
            field=change.field,
            old_value=change.old,
            new_value=change.new,
        )
        for change in changes
    )


@receiver(fields_changed, sender=Case, dispatch_uid="cases_history_case")
@receiver(fields_changed, sender=Client, dispatch_uid="cases_history_client")
def _record_saved_changes(sender, instance, changes: list[Change], **kwargs) -> None:
    record_changes(instance, changes)


def record_set_change(instance, field_name: str, action: str, pk_set) -> None:
    """A many-to-many field of a tracked record changed (m2m_changed, see signals.py):
    record the whole set before and after, by name, sorted."""
    change = set_change(instance, field_name, action, pk_set)
    if change is not None:
        record_changes(instance, [change])
