"""What every model of the platform builds on: slugs and official keys, optimistic
locking."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

RESERVED_REGION_SLUGS = frozenset(
    {
        "admin",
        "api",
        "i18n",
        "static",
        "media",
        "healthz",
        "accounts",
        "login",
        "logout",
        "anmelden",
        "abmelden",
        "sso",
    }
)

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens only."),
    code="invalid_slug",
)
ags_validator = RegexValidator(
    r"^[0-9]{2,12}$",
    _("An official key (AGS) consists of 2 to 12 digits."),
    code="invalid_official_key",
)


class ConflictError(Exception):
    """Somebody else saved the record after the editor had opened it."""


class VersionedModel(models.Model):
    """Optimistic locking: `version` counts the saves of a record.

    An editor's form carries the version it was opened with; `save_checked()` writes only
    when that is still the current version, so two people editing one record cannot
    overwrite each other silently.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    @transaction.atomic
    def save_checked(self, *, expected_version: int, **kwargs) -> None:
        if self.pk is None:
            self.save(**kwargs)
            return
        bumped = (
            type(self)
            ._default_manager.filter(pk=self.pk, version=expected_version)
            .update(version=F("version") + 1)
        )
        if bumped != 1:
            raise ConflictError(self.pk)
        self.version = expected_version + 1
        self.save(**kwargs)
