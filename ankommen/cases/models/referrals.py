"""Referrals to another organisation, and the people an organisation names to receive them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.cases.models.cases import Case
from ankommen.cases.models.consents import Consent
from ankommen.cases.models.vocabularies import LegalDomain
from ankommen.core.crypto import EncryptedTextField
from ankommen.core.models import Organisation


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        DONE = "done", _("done")
        REVOKED = "revoked", _("revoked by the sender")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("consent (Art. 6 (1) a, Art. 9 (2) a GDPR)")
        OVERRIDE = "override", _("override with written reason")

    # Recipient answers; the sender may revoke until the referral is done.
    RECIPIENT_TRANSITIONS = {
        Status.SENT: {Status.ACCEPTED, Status.REJECTED},
        Status.ACCEPTED: {Status.DONE},
    }

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("case")
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="received_referrals",
        verbose_name=_("receiving organisation"),
    )
    offer_reference = models.CharField(
        _("offer (name or address)"),
        max_length=300,
        blank=True,
        help_text=_("The directory offer or service, as text or web address."),
    )
    legal_domain = models.ForeignKey(
        LegalDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("legal domain"),
    )
    purpose = EncryptedTextField(_("purpose of the referral"))
    categories = models.JSONField(_("shared data categories"), default=list)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    feedback = EncryptedTextField(_("feedback"), blank=True)
    sent_by_id = models.IntegerField(_("sent by"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.case} → {self.recipient}"

    @property
    def categories_display(self) -> str:
        from ankommen.cases.models.vocabularies import DataCategory

        return DataCategory.labels_of(self.categories)

    @property
    def shares_data(self) -> bool:
        return self.status != self.Status.REVOKED and not self.case.is_anonymised


class ReferralRecipientQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReferralRecipientQuerySet:
        """For the admin: all for the installation admin, else those of the organisations
        in which the user leads a team."""
        from ankommen.core.permissions import led_organisation_ids, scope_of

        if scope_of(user).is_admin:
            return self
        return self.filter(organisation_id__in=led_organisation_ids(user))


class ReferralRecipient(models.Model):
    """A person her organisation names to receive its referrals (need-to-know below the
    organisation): only named recipients, while they hold a role in the organisation, see
    its referral inbox and answer its referrals. Named by the organisation's team leads or
    the installation admin, in the admin."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="referral_recipients",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="referral_recipient_of",
        verbose_name=_("person"),
    )
    named_at = models.DateTimeField(_("named"), default=timezone.now, editable=False)
    named_by_id = models.IntegerField(_("named by"), null=True, blank=True, editable=False)

    objects = ReferralRecipientQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("recipient of referrals")
        verbose_name_plural = _("recipients of referrals")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="referral_recipient_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    def clean(self) -> None:
        from ankommen.core.models import RoleAssignment

        if (
            self.organisation_id
            and self.user_id
            and not RoleAssignment.objects.filter(
                user_id=self.user_id, organisation_id=self.organisation_id
            ).exists()
        ):
            raise ValidationError(
                {
                    "user": ValidationError(
                        _(
                            "Only a person with a role in the organisation can receive its "
                            "referrals."
                        ),
                        code="not_a_member",
                    )
                }
            )
