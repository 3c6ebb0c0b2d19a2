"""The Kreis Gütersloh's minimum standard for the demo, written for this project after the
concept's promise of low-threshold offers close to home in every town (preamble, table 2):
first-orientation counselling, a language course with childcare and a meeting place within
a few kilometres of each town's centre, a meeting place in every quarter, and volunteer
interpreters in the five languages most asked for. Computed against the demo directory and
pool, it leaves real gaps: Langenberg, with its two local offers, has no language course
with childcare nearby. Idempotent; the snapshot of the day is written (or rewritten) too.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from ankommen.core.loader import upsert
from ankommen.core.models import Language, Region, TargetGroup
from ankommen.coverage.models import Snapshot, StandardRow
from ankommen.coverage.snapshots import standard_indicator, take_snapshot
from ankommen.directory.models import Offer
from ankommen.mediation.models import MediationLanguage

NEWCOMERS = ["zugewanderte", "msoe", "schutzsuchende", "ukraine"]

ROWS = [
    {
        "title": "Erstorientierungsberatung",
        "kind": Offer.Kind.COUNSELLING,
        "targets": NEWCOMERS,
        "distance_km": Decimal(5),
        "sort_order": 10,
    },
    {
        "title": "Sprachkurs mit Kinderbetreuung",
        "kind": Offer.Kind.LANGUAGE_COURSE,
        "needs_childcare": True,
        "distance_km": Decimal(5),
        "sort_order": 20,
    },
    {
        "title": "Begegnungsort",
        "kind": Offer.Kind.MEETING_PLACE,
        "distance_km": Decimal(5),
        "sort_order": 30,
    },
    {
        "title": "Sprachmittlung in den fünf meistgefragten Sprachen",
        "requirement": StandardRow.Requirement.INTERPRETERS,
        "mediation_languages": ["ar", "tr", "uk", "ru", "bg"],
        "minimum_mediators": 2,
        "sort_order": 40,
    },
    {
        "title": "Treffpunkt im Quartier",
        "kind": Offer.Kind.MEETING_PLACE,
        "level": StandardRow.Level.QUARTER,
        "distance_km": Decimal(2),
        "sort_order": 50,
    },
]


def load_demo_coverage(*, stdout, region_slug: str = "kreis-guetersloh") -> None:
    region = Region.objects.filter(slug=region_slug).first()
    if region is None:
        return
    targets = {t.slug: t for t in TargetGroup.objects.filter(region=region)}
    mediation = {m.code: m for m in MediationLanguage.objects.all()}
    for spec in ROWS:
        values = {
            "requirement": spec.get("requirement", StandardRow.Requirement.OFFER),
            "level": spec.get("level", StandardRow.Level.TOWN),
            "kind": spec.get("kind", ""),
            "needs_childcare": spec.get("needs_childcare", False),
            "distance_km": spec.get("distance_km", Decimal(5)),
            "minimum_mediators": spec.get("minimum_mediators", 1),
            "sort_order": spec["sort_order"],
            "is_demo": True,
        }
        row = upsert(StandardRow, {"region": region, "title": spec["title"]}, values)
        row.target_groups.set([targets[s] for s in spec.get("targets", []) if s in targets])
        row.languages.set(Language.objects.filter(code__in=spec.get("languages", [])))
        row.mediation_languages.set(
            [mediation[c] for c in spec.get("mediation_languages", []) if c in mediation]
        )
    indicator = standard_indicator(region)
    if not indicator.is_published or not indicator.is_demo:
        indicator.is_published = True
        indicator.is_demo = True
        indicator.save(update_fields=["is_published", "is_demo"])
    # Loading the demo again writes nothing: today's snapshot stays as it was taken.
    snapshot = Snapshot.objects.filter(
        region=region, taken_on=timezone.localdate()
    ).first() or take_snapshot(region)
    if snapshot is not None:
        stdout.write(
            f"coverage: {len(ROWS)} rows of the minimum standard; "
            f"{snapshot.towns_met} of {snapshot.towns_total} towns meet it today"
        )
