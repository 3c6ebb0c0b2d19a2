"""Barriers seen in casework, described without personal data, for the KI."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.cases.models.vocabularies import LegalDomain
from ankommen.core.models import (
    Area,
    Organisation,
    Region,
)


class StructuralProblemQuerySet(models.QuerySet):
    def confirmed(self) -> StructuralProblemQuerySet:
        """What the KI may see: problems whose author confirmed that the text names no
        person. An unconfirmed problem stays with its author's organisation."""
        return self.filter(confirmed_at__isnull=False)


class StructuralProblem(models.Model):
    """A barrier seen in casework, described without personal data. The KI sees it
    aggregated by theme and town, and only once its author confirmed that the text names
    no person (`confirmed()`); the link to cases is kept only as a count."""

    class Theme(models.TextChoices):
        RESIDENCE = "residence", _("residence and immigration authority")
        BENEFITS = "benefits", _("benefits and jobcentre")
        LANGUAGE = "language", _("language courses")
        RECOGNITION = "recognition", _("recognition of qualifications")
        HOUSING = "housing", _("housing")
        SCHOOL = "school", _("school and day care")
        HEALTH = "health", _("health care")
        WORK = "work", _("work")
        DIGITAL = "digital", _("digital access and appointments")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        WORKING_GROUP = "working_group", _("in a working group")
        SOLVED = "solved", _("solved")
        ESCALATED = "escalated", _("escalated")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    town = models.ForeignKey(Area, on_delete=models.PROTECT, verbose_name=_("town"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    legal_domain = models.ForeignKey(
        LegalDomain, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("legal domain")
    )
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    description = models.TextField(
        _("description"), help_text=_("Describe the barrier; no names, dates of birth or case ids.")
    )
    case_count = models.PositiveIntegerField(_("cases affected"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    working_group = models.CharField(_("working group"), max_length=200, blank=True)
    action_plan_reference = models.CharField(_("action plan reference"), max_length=200, blank=True)
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    confirmed_at = models.DateTimeField(
        _("confirmed to name no person"), null=True, blank=True, editable=False
    )
    confirmed_by_id = models.IntegerField(_("confirmed by"), null=True, blank=True, editable=False)

    objects = StructuralProblemQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("structural problem")
        verbose_name_plural = _("structural problems")

    def __str__(self) -> str:
        return f"{self.get_theme_display()} ({self.town})"

    # Case numbers, pseudonyms, dates and e-mail addresses point at persons.
    PERSONAL_PATTERNS = (
        r"\bF-\d{4}-\d+",
        r"\bNN\d{3,}",
        r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"[\w.+-]+@[\w-]+\.[\w.]+",
    )

    def clean(self) -> None:
        import re

        for pattern in self.PERSONAL_PATTERNS:
            if re.search(pattern, f"{self.description} {self.agency}"):
                raise ValidationError(
                    {
                        "description": ValidationError(
                            _(
                                "Describe the barrier without personal data: no case numbers, "
                                "pseudonyms, dates or e-mail addresses."
                            ),
                            code="personal_data",
                        )
                    }
                )
