"""Consents of the client (purpose × recipient × data categories), the versioned texts they
refer to, and the scans of signed forms."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.cases.models.clients import Client
from ankommen.cases.models.vocabularies import DataCategory
from ankommen.core.models import Organisation, Region


class Purpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("case management itself")
    REFERRAL = "referral", _("referral")
    CASE_CONFERENCE = "case_conference", _("case conference")


class ConsentText(models.Model):
    """A version of the consent and information text handed to the client. Once a consent
    refers to it, the text is frozen; a change means a new version."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    version = models.CharField(_("version"), max_length=20)
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)

    class Meta:
        ordering = ["purpose", "-valid_from"]
        verbose_name = _("consent text version")
        verbose_name_plural = _("consent text versions")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "purpose", "version"], name="consenttext_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None and self.is_used:
            stored = type(self).objects.get(pk=self.pk)
            if (stored.text, stored.version, stored.purpose, stored.region_id) != (
                self.text,
                self.version,
                self.purpose,
                self.region_id,
            ):
                raise ValidationError(
                    _("This consent text has been used; create a new version instead."),
                    code="consent_text_used",
                )
        super().save(*args, **kwargs)

    @property
    def is_used(self) -> bool:
        return self.pk is not None and self.consents.exists()

    def delete(self, *args, **kwargs):
        if self.is_used:
            raise ValidationError(
                _("This consent text has been used and cannot be deleted."),
                code="consent_text_used",
            )
        return super().delete(*args, **kwargs)


class ConsentQuerySet(models.QuerySet):
    def valid(self, on: date | None = None) -> ConsentQuerySet:
        on = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, given_on__lte=on).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on)
        )


class Consent(models.Model):
    """One consent: client × purpose × recipient organisation × data categories. Only the
    withdrawal can change afterwards; `verify()` detects tampering with the rest."""

    class Form(models.TextChoices):
        SIGNED = "signed", _("signed form")
        VERBAL = "verbal", _("recorded verbally")
        EMAIL = "email", _("by e-mail")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="consents", verbose_name=_("client")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="received_consents",
        verbose_name=_("recipient organisation"),
    )
    categories = models.JSONField(_("data categories"), default=list)
    text_version = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("consent text version"),
    )
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    interpreter = models.CharField(_("interpreter or witness"), max_length=200, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    recorded_by_id = models.IntegerField(_("recorded by"), null=True, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.recipient}"

    def save(self, *args, **kwargs):
        if self.pk is None:
            self.fingerprint = self.compute_fingerprint()
        elif not self.verify():
            raise ValidationError(
                _("Only the withdrawal of a consent can be recorded later."), code="immutable"
            )
        super().save(*args, **kwargs)

    def compute_fingerprint(self) -> str:
        payload = json.dumps(
            [
                self.client_id,
                self.purpose,
                self.recipient_id,
                sorted(self.categories),
                self.text_version_id,
                self.given_on.isoformat(),
                self.form,
                self.interpreter,
                self.expires_on.isoformat() if self.expires_on else None,
            ]
        )
        return hashlib.sha256(f"{settings.SECRET_KEY}:{payload}".encode()).hexdigest()

    def verify(self) -> bool:
        return self.fingerprint == self.compute_fingerprint()

    def clean(self) -> None:
        unknown = set(self.categories) - set(DataCategory.values)
        if not self.categories or unknown:
            raise ValidationError(
                {"categories": _("Choose at least one known data category.")}, code="categories"
            )
        if self.text_version_id and self.text_version.purpose != self.purpose:
            raise ValidationError(
                {"text_version": _("This consent text is for another purpose.")}, code="purpose"
            )

    @property
    def categories_display(self) -> str:
        from ankommen.cases.models.vocabularies import DataCategory

        return DataCategory.labels_of(self.categories)

    def is_valid(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.given_on <= on
            and (self.expires_on is None or self.expires_on >= on)
            and self.verify()
        )

    def covers(self, categories) -> bool:
        return set(categories) <= set(self.categories)


class ConsentScan(models.Model):
    """The scan of a signed consent form: stored encrypted in the database like the case
    documents, with the SHA-256 of the plain file so that a swapped or damaged scan is
    noticed on download. Its type is what its content says, not what the browser claimed."""

    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    consent = models.OneToOneField(
        Consent, on_delete=models.CASCADE, related_name="scan", verbose_name=_("consent")
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=30, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    content = models.BinaryField(_("encrypted content"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by_id = models.IntegerField(_("uploaded by"), null=True, blank=True)

    class Meta:
        verbose_name = _("scan of a signed consent")
        verbose_name_plural = _("scans of signed consents")

    def __str__(self) -> str:
        return self.filename
