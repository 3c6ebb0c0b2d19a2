from __future__ import annotations

import pyotp
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core.crypto import EncryptedTextField


class TOTPDevice(models.Model):
    """A user's authenticator app (RFC 6238); the secret is encrypted at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = EncryptedTextField(_("secret"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_counter = models.BigIntegerField(default=0)
    # While an enrolment is pending: the nonce its one-time link (or, once opened, the
    # session that opened it) carries. Emptied when the device is confirmed, so neither
    # the link nor the session can show the secret again.
    enrolment_nonce = models.CharField(_("enrolment nonce"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def totp(self) -> pyotp.TOTP:
        return pyotp.TOTP(self.secret)

    def matching_counter(self, code: str, at=None) -> int | None:
        """The time step the code belongs to (one step of clock drift either way), if it
        is right and newer than the last code used: a used code never counts again."""
        totp = self.totp
        counter = totp.timecode(at or timezone.now())
        matched = next(
            (c for c in (counter - 1, counter, counter + 1) if totp.generate_otp(c) == code),
            None,
        )
        return matched if matched is not None and matched > self.last_counter else None

    def accept(self, counter: int) -> bool:
        """Marks the code's time step used (and the device confirmed). False if another
        request used this step first: the update only writes over an older counter."""
        confirmed_at = self.confirmed_at or timezone.now()
        updated = TOTPDevice.objects.filter(pk=self.pk, last_counter__lt=counter).update(
            last_counter=counter, confirmed_at=confirmed_at, enrolment_nonce=""
        )
        if updated:
            self.last_counter, self.confirmed_at, self.enrolment_nonce = counter, confirmed_at, ""
        return bool(updated)
