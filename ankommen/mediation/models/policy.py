"""Per region, setting and tier: may the tier take the setting, with which training, and
how many working days ahead must a request come in."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Region
from ankommen.mediation.models.choices import Setting, Tier


class SettingPolicy(models.Model):
    """Per region, setting and tier: may the tier take it, and how many working days ahead
    must a request come in."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    allowed = models.BooleanField(_("allowed"), default=True)
    needs_specialist_training = models.BooleanField(_("needs specialist training"), default=False)
    lead_working_days = models.PositiveSmallIntegerField(_("lead time (working days)"), default=0)

    class Meta:
        verbose_name = _("setting policy")
        verbose_name_plural = _("setting policies")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "setting", "tier"], name="settingpolicy_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_setting_display()} / {self.get_tier_display()}"


# The policy a region gets unless it stores its own (Coesfeld: 5 working days for
# volunteers; medical settings only for volunteers with specialist training, psychotherapy
# and legal only for professionals).
DEFAULT_POLICY = {
    (Setting.EVERYDAY, Tier.VOLUNTEER): (True, False, 5),
    (Setting.SCHOOL, Tier.VOLUNTEER): (True, False, 5),
    (Setting.AUTHORITIES, Tier.VOLUNTEER): (True, False, 5),
    (Setting.MEDICAL, Tier.VOLUNTEER): (True, True, 5),
    (Setting.PSYCHOTHERAPY, Tier.VOLUNTEER): (False, False, 5),
    (Setting.LEGAL, Tier.VOLUNTEER): (False, False, 5),
}


def policy_for(region_id: int, setting: str, tier: str) -> tuple[bool, bool, int]:
    """(allowed, needs specialist training, lead working days)."""
    stored = (
        SettingPolicy.objects.filter(region_id=region_id, setting=setting, tier=tier)
        .values_list("allowed", "needs_specialist_training", "lead_working_days")
        .first()
    )
    if stored:
        return stored
    return DEFAULT_POLICY.get((setting, tier), (True, False, 0))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days (Monday to Friday) after `start` up to and including `end`."""
    days = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days
