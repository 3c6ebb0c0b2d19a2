"""The field-level history of clients and cases (written by ankommen/cases/history.py):
append-only, values encrypted."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core.crypto import EncryptedTextField
from ankommen.core.models import AppendOnlyError


class FieldChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("field history cannot be changed")

    def delete(self):
        raise AppendOnlyError("field history cannot be deleted")

    def reencrypt(self) -> int:
        """Key rotation: write both values again, so they are encrypted with the newest
        key. The trigger lets this UPDATE through only while the transaction announces it,
        and only if nothing but the two values changes."""
        from django.db import connection, transaction

        count = 0
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL ankommen.rotating_keys = 'on'")
            for change in self.iterator():
                # Reading decrypted them with any key; writing encrypts with the newest.
                models.QuerySet.update(
                    self.model.objects.filter(pk=change.pk),
                    old_value=change.old_value,
                    new_value=change.new_value,
                )
                count += 1
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL ankommen.rotating_keys = 'off'")
        return count

    def purge_for_anonymisation(self) -> int:
        """The one exception to append-only: anonymisation removes the history of what it
        anonymises, since old names and values are personal data too. On PostgreSQL the
        trigger lets the DELETE through only inside a transaction that announced it."""
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL ankommen.purging_history = 'on'")
        deleted, _rows = models.QuerySet.delete(self)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL ankommen.purging_history = 'off'")
        return deleted


class FieldChange(models.Model):
    """One changed field of a case or a client: who, when, old → new. Append-only like the
    audit log; both values are stored encrypted (they are personal data, and the encrypted
    fields of case and client must not appear in plain text here either)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user_id = models.IntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    model = models.CharField(_("record type"), max_length=40)
    object_id = models.BigIntegerField(_("record id"))
    case_id = models.BigIntegerField(_("case id"), null=True, blank=True, db_index=True)
    client_id = models.BigIntegerField(_("client id"), null=True, blank=True, db_index=True)
    field = models.CharField(_("field"), max_length=60)
    old_value = EncryptedTextField(_("old value"), blank=True)
    new_value = EncryptedTextField(_("new value"), blank=True)

    objects = FieldChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("field change")
        verbose_name_plural = _("field changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.model}.{self.field}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("field history cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("field history cannot be deleted")

    def _model_field(self):
        if self.model not in ("Case", "Client"):
            return None
        return apps.get_model("cases", self.model)._meta.get_field(self.field)

    @property
    def field_label(self) -> str:
        field = self._model_field()
        return str(field.verbose_name) if field is not None else self.field

    def _display(self, value: str) -> str:
        field = self._model_field()
        if field is None or value == "":
            return value
        if isinstance(field, models.BooleanField):
            return str(_("yes")) if value == "1" else str(_("no"))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return value

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        return self._display(self.new_value)
