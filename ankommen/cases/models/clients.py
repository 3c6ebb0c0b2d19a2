"""The person a case is about, and the household that links clients who live together."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.cases import search_index
from ankommen.core.crypto import EncryptedTextField
from ankommen.core.history import TrackedFields
from ankommen.core.models import (
    Organisation,
    Region,
    VersionedModel,
)


class Household(models.Model):
    """Links clients who live together; it holds no data of its own."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Client(TrackedFields, VersionedModel):
    """The person a case is about, with minimal data. Names and contact details are
    encrypted; the pseudonym (NN000123) is what lists and statistics use. Versioned: the
    master data form saves with `save_checked()`, so a form opened before somebody else's
    save cannot silently revert it."""

    class ResidenceStatus(models.TextChoices):
        GERMAN = "german", _("German citizen")
        EU = "eu", _("EU freedom of movement")
        PERMIT = "permit", _("residence permit")
        SETTLEMENT = "settlement", _("settlement permit")
        ASYLUM = "asylum", _("asylum procedure (Aufenthaltsgestattung)")
        TOLERATED = "tolerated", _("toleration (Duldung)")
        TEMPORARY_PROTECTION = "protection_24", _("temporary protection (§ 24 AufenthG)")
        OTHER = "other", _("other or unknown")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="case_clients",
        verbose_name=_("organisation"),
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=20, blank=True, db_index=True)
    first_name = EncryptedTextField(_("first name"), blank=True)
    last_name = EncryptedTextField(_("last name"), blank=True)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    household_role = models.CharField(_("role in the household"), max_length=60, blank=True)
    # The languages of the mediation pool (about 48, Tigrinya, Kurmanji, Dari …), not only
    # the portal's eleven: the interpreter request takes its language from here.
    languages = models.ManyToManyField(
        "mediation.MediationLanguage", blank=True, verbose_name=_("languages")
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.ForeignKey(
        "mediation.MediationLanguage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter language"),
    )
    residence_status = models.CharField(
        _("residence status"),
        max_length=20,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.OTHER,
    )
    residence_valid_until = models.DateField(_("residence valid until"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Field-level history (history.py); the set of languages is recorded by signals.py.
    TRACKED_FIELDS = (
        "first_name",
        "last_name",
        "date_of_birth",
        "birth_year",
        "phone",
        "email",
        "household",
        "household_role",
        "needs_interpreter",
        "interpreter_language",
        "residence_status",
        "residence_valid_until",
    )

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return self.pseudonym or f"NN{self.pk or 0:06d}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.pseudonym:
            self.pseudonym = f"NN{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(pseudonym=self.pseudonym)
        ClientSearchToken.objects.refresh_for(self)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(self)


class ClientSearchTokenQuerySet(models.QuerySet):
    def refresh_for(self, client: Client) -> None:
        """Make the client's tokens match her current name and date of birth (none once
        she is anonymised)."""
        wanted = set() if client.anonymised_at else search_index.client_digests(client)
        mine = self.filter(client=client)
        have = set(mine.values_list("digest", flat=True))
        if have - wanted:
            mine.filter(digest__in=have - wanted).delete()
        if wanted - have:
            self.bulk_create(ClientSearchToken(client=client, digest=d) for d in wanted - have)

    def matching(self, query: str) -> models.QuerySet:
        """The ids of clients holding every digest of the query, as a subquery."""
        wanted = search_index.query_digests(query)
        if not wanted:
            return self.none().values("client_id")
        return (
            self.filter(digest__in=wanted)
            .values("client_id")
            .annotate(hits=models.Count("digest", distinct=True))
            .filter(hits=len(wanted))
            .values("client_id")
        )


class ClientSearchToken(models.Model):
    """One keyed digest of a client's name token or date of birth (search_index.py): what
    the case list searches instead of decrypting names. Reveals no name to the database."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="search_tokens")
    digest = models.CharField(max_length=64)

    objects = ClientSearchTokenQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["digest", "client"], name="client_search_token"),
        ]

    def __str__(self) -> str:
        return self.digest[:12]
