"""The second factor's devices, as django-otp devices.

The authenticator (`TOTPDevice`) is our own django-otp `Device` rather than the library's
`otp_totp.TOTPDevice`, for two reasons: its key stays encrypted at rest with the case keys
(`core/crypto.py`, rotated by `ankommen rotate_case_keys`), where the library's model keeps
it as plain hex; and a code's time step is taken with one conditional UPDATE, so two
parallel requests cannot both use the same code (the library's read-then-save can). The
codes are computed by the library (`django_otp.oath`). Recovery codes are the library's own
`otp_static.StaticDevice` (see recovery.py).
"""

from __future__ import annotations

from base64 import b32decode

import pyotp
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, DeviceManager
from django_otp.oath import TOTP

from ankommen.core.crypto import EncryptedTextField

# One time step of clock drift either way.
TOLERANCE = 1


class TOTPDeviceManager(DeviceManager):
    def devices_for_user(self, user, confirmed=None):
        """django-otp's question, answered from `confirmed_at` (our one record of it)."""
        devices = self.model.objects.filter(user=user)
        if confirmed is not None:
            devices = devices.filter(confirmed_at__isnull=not confirmed)
        return devices


class TOTPDevice(Device):
    """A user's authenticator app (RFC 6238); the secret is encrypted at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    name = models.CharField(_("name"), max_length=64, default="authenticator")
    # django-otp's `confirmed` flag is `confirmed_at` here (property below).
    confirmed = None
    secret = EncryptedTextField(_("secret"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_counter = models.BigIntegerField(default=0)
    # While an enrolment is pending: the nonce its one-time link (or, once opened, the
    # session that opened it) carries. Emptied when the device is confirmed, so neither
    # the link nor the session can show the secret again.
    enrolment_nonce = models.CharField(_("enrolment nonce"), max_length=64, blank=True)

    objects = TOTPDeviceManager()

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def totp(self) -> pyotp.TOTP:
        """For the provisioning URI (and tests that compute a code like an app would)."""
        return pyotp.TOTP(self.secret)

    @property
    def bin_key(self) -> bytes:
        secret = self.secret.strip().upper()
        return b32decode(secret + "=" * (-len(secret) % 8))

    def provisioning_uri(self, name: str) -> str:
        return self.totp.provisioning_uri(name=name, issuer_name="ankommen")

    def matching_counter(self, code: str, at=None) -> int | None:
        """The time step the code belongs to (one step of clock drift either way), if it
        is right and newer than the last code used: a used code never counts again."""
        code = code.strip()
        if not (code.isdigit() and len(code) == 6):
            return None
        totp = TOTP(self.bin_key)
        totp.time = (at or timezone.now()).timestamp()
        if not totp.verify(int(code), tolerance=TOLERANCE, min_t=self.last_counter + 1):
            return None
        return totp.t()

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

    def verify_token(self, token) -> bool:
        """django-otp's interface: the code is right, new, and now used."""
        counter = self.matching_counter(str(token))
        return counter is not None and self.accept(counter)


class RegionPolicy(models.Model):
    """A region's choice about the second factor: besides the people who work with case
    data (always), all its staff may be asked for it."""

    region = models.OneToOneField(
        "core.Region",
        on_delete=models.CASCADE,
        related_name="second_factor_policy",
        verbose_name=_("region"),
    )
    all_staff = models.BooleanField(
        _("second factor for all staff"),
        default=False,
        help_text=_(
            "Everybody with a staff role in this region confirms an authenticator code "
            "before any staff page or the admin, not only those who work with case data."
        ),
    )

    class Meta:
        verbose_name = _("second-factor policy")
        verbose_name_plural = _("second-factor policies")

    def __str__(self) -> str:
        return str(self.region)
