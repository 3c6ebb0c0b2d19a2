"""The public information page about the language-mediation pools, at
/<region>/<language>/sprachmittlung/ (urls.py): who may request and how, which languages
the pools cover (counts only, never a person), and how to become a Sprachlotse."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ankommen.core.models import Organisation, Region, Role
from ankommen.core.routing import region_view
from ankommen.mediation.matching import REQUIRED_GERMAN_LEVEL, REQUIRED_LANGUAGE_LEVEL
from ankommen.mediation.models import Setting, Tier, policy_for
from ankommen.mediation.overview import coverage


@dataclass
class SettingRule:
    label: str
    allowed: bool
    needs_specialist: bool
    lead_working_days: int


def setting_rules(region: Region, tier: str) -> list[SettingRule]:
    """The region's policy for one tier, setting by setting."""
    return [
        SettingRule(setting.label, *policy_for(region.pk, setting.value, tier))
        for setting in Setting
    ]


def pool_contacts(region: Region) -> list[Organisation]:
    """The organisations whose staff run the pools (the KI), with a public address."""
    return list(
        Organisation.objects.filter(
            region=region,
            role_assignments__role=Role.KI_COORDINATOR,
            role_assignments__region=region,
        )
        .exclude(email="", phone="")
        .distinct()
        .order_by("name")
    )


@require_safe
@region_view(interface_language_content=True)
def pools_page(http: HttpRequest, region: Region, language) -> HttpResponse:
    rows = sorted(
        (row for row in coverage(region, timezone.localdate()) if row.active),
        key=lambda row: row.language.label(),
    )
    return render(
        http,
        "mediation/public.html",
        {
            "region": region,
            "languages": rows,
            "volunteers": sum(row.volunteers for row in rows),
            "professionals": sum(row.professionals for row in rows),
            "rules": list(
                zip(
                    setting_rules(region, Tier.VOLUNTEER),
                    setting_rules(region, Tier.PROFESSIONAL),
                    strict=True,
                )
            ),
            "contacts": pool_contacts(region),
            "german_level": REQUIRED_GERMAN_LEVEL[Tier.VOLUNTEER],
            "language_level": REQUIRED_LANGUAGE_LEVEL,
        },
    )
