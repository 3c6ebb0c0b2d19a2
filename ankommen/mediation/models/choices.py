"""The choices the pools' models share: tier, setting, mode and language level."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    VOLUNTEER = "volunteer", _("volunteer (Sprachlotse)")
    PROFESSIONAL = "professional", _("professional interpreter")


class Setting(models.TextChoices):
    EVERYDAY = "everyday", _("everyday matters")
    SCHOOL = "school", _("school and childcare")
    AUTHORITIES = "authorities", _("authorities")
    MEDICAL = "medical", _("medical")
    PSYCHOTHERAPY = "psychotherapy", _("psychotherapy")
    LEGAL = "legal", _("legal consequences")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    VIDEO = "video", _("video")


class LanguageLevel(models.TextChoices):
    """CEFR levels, plus native speaker."""

    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("native speaker")


LEVEL_ORDER = {"A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}


def level_at_least(level: str, required: str) -> bool:
    return LEVEL_ORDER.get(level, 0) >= LEVEL_ORDER.get(required, 0)
