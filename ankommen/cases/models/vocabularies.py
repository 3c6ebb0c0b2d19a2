"""The vocabularies of case management: data categories (what a field is about) and legal
domains (Rechtskreise)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    """What a field is about; referrals and conferences share whole categories only."""

    IDENTITY = "identity", _("identity (name, year of birth)")
    CONTACT = "contact", _("contact details")
    LANGUAGES = "languages", _("languages and interpreter need")
    RESIDENCE = "residence", _("residence status")
    FAMILY = "family", _("household and family")
    HEALTH = "health", _("health (special category, Art. 9 GDPR)")
    ASSESSMENT = "assessment", _("assessment of needs")
    PLAN = "plan", _("goals and agreed steps")
    NOTES = "notes", _("case notes")

    @classmethod
    def labels_of(cls, codes) -> str:
        """Stored codes ("identity", "languages") as the words of the interface language."""
        names = dict(cls.choices)
        return ", ".join(str(names.get(code, code)) for code in codes or [])


# The legal domains every installation starts with (migration 0003 created them; the
# demo loader makes sure they exist, since test runs that empty the tables remove them).
STANDARD_LEGAL_DOMAINS = [
    ("SGB II", "Grundsicherung für Arbeitsuchende"),
    ("SGB III", "Arbeitsförderung"),
    ("SGB V", "Gesetzliche Krankenversicherung"),
    ("SGB VIII", "Kinder- und Jugendhilfe"),
    ("SGB IX", "Rehabilitation und Teilhabe"),
    ("SGB XII", "Sozialhilfe"),
    ("AsylbLG", "Asylbewerberleistungsgesetz"),
    ("AsylG", "Asylgesetz"),
    ("AufenthG", "Aufenthaltsgesetz"),
    ("StAG", "Staatsangehörigkeitsgesetz"),
    ("BKGG", "Bundeskindergeldgesetz"),
    ("SchulG NRW", "Schulgesetz NRW"),
]


class LegalDomainQuerySet(models.QuerySet):
    def ensure_standard(self) -> None:
        for order, (code, name) in enumerate(STANDARD_LEGAL_DOMAINS, 1):
            self.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class LegalDomain(models.Model):
    """A Rechtskreis such as SGB II or AufenthG (a vocabulary kept in the admin)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = LegalDomainQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("legal domain")
        verbose_name_plural = _("legal domains")

    def __str__(self) -> str:
        return self.code
