"""The plan's change history: who changed which field of a recommendation or a sub-step,
when, from what to what, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.actionplan.models.base import (
    PlanQuerySet,
)
from ankommen.actionplan.models.plan import Recommendation
from ankommen.actionplan.models.steps import SubStep
from ankommen.core.history import display_value, field_label
from ankommen.core.models import (
    Region,
)


class ChangeEntry(models.Model):
    """One change of one field, or the creation of a record: who, when, old → new, why."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("recommendation"),
    )
    sub_step = models.ForeignKey(
        SubStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("sub-step"),
    )
    subject = models.CharField(
        _("subject"), max_length=300, help_text=_("Code and text at the time of the change.")
    )
    field = models.CharField(_("field"), max_length=60, blank=True)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("change history")

    def __str__(self) -> str:
        return f"{self.subject}: {self.field_label}"

    def _record_model(self) -> type[models.Model]:
        return SubStep if self.sub_step_id else Recommendation

    @property
    def field_label(self) -> str:
        if not self.field:
            return str(_("created"))
        return field_label(self._record_model(), self.field)

    @property
    def old_display(self) -> str:
        return display_value(self._record_model(), self.field, self.old_value)

    @property
    def new_display(self) -> str:
        return display_value(self._record_model(), self.field, self.new_value)

    @classmethod
    def record(
        cls, instance: SubStep | Recommendation, *, user, reason: str = "", created: bool = False
    ) -> list[ChangeEntry]:
        """Write what the last save of `instance` changed (or its creation), with the
        reason the person gave."""
        if isinstance(instance, SubStep):
            recommendation, sub_step = instance.recommendation, instance
        else:
            recommendation, sub_step = instance, None
        subject = str(instance)[:300]
        common = {
            "region_id": recommendation.region_id,
            "recommendation": recommendation,
            "sub_step": sub_step,
            "subject": subject,
            "user": user if getattr(user, "is_authenticated", False) else None,
            "reason": reason,
        }
        if created:
            entries = [cls(**common)]
        else:
            entries = [
                cls(**common, field=change.field, old_value=change.old, new_value=change.new)
                for change in getattr(instance, "saved_changes", [])
            ]
        cls.objects.bulk_create(entries)
        return entries
