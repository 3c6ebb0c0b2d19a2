"""The crisis module's part of the Kreis Gütersloh demo: each town's base structures, the
three levels with their checklists, and the arrivals from Ukraine in 2022 as a past crisis
(switch, checklist, daily figures) for the after-action review.

Written for this project: the figures are invented but plausible – about 4,100 people from
Ukraine lived in the Kreis when the concept was written, most of them arrived between March
and June 2022; each town's share follows its size. Idempotent: entries are found by name,
the past crisis is loaded once.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import transaction
from django.utils import timezone

from ankommen.core.models import Area, Language, Region, User
from ankommen.crisis.models import (
    Assignment,
    DailyReport,
    Level,
    LevelSwitch,
    Measure,
    NewsItem,
    NewsTranslation,
    RegionLevel,
    ReportRevision,
    Structure,
)

REGION_SLUG = "kreis-guetersloh"

# Inhabitants in thousands (rounded): the towns' share of arrivals and of the structures.
TOWN_SIZE = {
    "Gütersloh": 101,
    "Rheda-Wiedenbrück": 50,
    "Schloß Holte-Stukenbrock": 27,
    "Rietberg": 30,
    "Verl": 26,
    "Harsewinkel": 25,
    "Halle (Westf.)": 22,
    "Versmold": 22,
    "Steinhagen": 20,
    "Herzebrock-Clarholz": 16,
    "Werther (Westf.)": 11,
    "Borgholzhausen": 9,
    "Langenberg": 9,
}
CRISIS_START = dt.date(2022, 3, 7)
CRISIS_END = dt.date(2022, 6, 30)
TOTAL_ARRIVALS = 4100

LEVELS = [
    (Level.Kind.NORMAL, "Normalbetrieb", "Die Grundstrukturen laufen; Bestand wird gepflegt."),
    (
        Level.Kind.HEIGHTENED,
        "Erhöhte Zuwanderung",
        "Mehr Ankünfte als üblich: Beratung und Dolmetschpool werden verstärkt.",
    ),
    (
        Level.Kind.CRISIS,
        "Krisenbetrieb",
        "Ankünfte in großer Zahl: Reserveunterkünfte, tägliche Lage, Krisenstab.",
    ),
]


def _size(area: Area) -> int:
    return next((size for name, size in TOWN_SIZE.items() if area.name.startswith(name[:8])), 15)


def load_demo_crisis(*, stdout) -> None:
    region = Region.objects.filter(slug=REGION_SLUG).first()
    if region is None:
        return
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["ki.koordination", "integration.verl", "integration.versmold"]
        )
    }
    ki = users.get("ki.koordination")
    if ki is None:
        return
    with transaction.atomic():
        towns = list(region.towns())
        structures = _structures(region, towns, users)
        levels = _levels(region, towns, users, ki)
        reports = _past_crisis(region, towns, levels, ki)
        _news(region, ki)
    stdout.write(
        f"crisis: {structures} base structures, {len(levels)} levels, "
        f"{reports} daily reports of the 2022 arrivals"
    )


def _keeper_for(area: Area, users: dict, ki: User) -> User:
    if area.name == "Verl":
        return users.get("integration.verl", ki)
    if area.name == "Versmold":
        return users.get("integration.versmold", ki)
    return ki


def _structures(region: Region, towns: list[Area], users: dict) -> int:
    ki = users["ki.koordination"]
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=["uk", "ar", "ru"])}
    confirmed = timezone.now() - dt.timedelta(days=12)
    count = 0
    for index, town in enumerate(towns):
        size = _size(town)
        keeper = _keeper_for(town, users, ki)
        # Every fourth town has not confirmed its entries for long: the reminders have work.
        when = confirmed - dt.timedelta(days=60) if index % 4 == 3 else confirmed
        places = size * 6
        rows = [
            dict(
                kind=Structure.Kind.ACCOMMODATION,
                name=f"Übergangswohnheim {town.name}",
                capacity=places,
                occupied=round(places * 0.7),
            ),
            dict(
                kind=Structure.Kind.ACCOMMODATION,
                name=f"Reserveunterkunft Turnhalle {town.name}",
                capacity=size * 3,
                occupied=0,
                notes="Nur im Krisenbetrieb, Vorlauf 48 Stunden.",
            ),
            dict(
                kind=Structure.Kind.COUNSELLING,
                name=f"Flüchtlingsberatung {town.name}",
                capacity=max(8, size // 2),
            ),
            dict(
                kind=Structure.Kind.LANGUAGE_COURSE,
                name=f"Integrationskurs {town.name}",
                capacity=max(12, size),
                occupied=max(10, size - 2),
                waiting_list=size // 3,
            ),
            dict(
                kind=Structure.Kind.CONTACT,
                name=f"Integrationsbeauftragte {town.name}",
                contact_name=f"Ansprechperson Stadt {town.name}",
                contact_phone="05241 0000-0",
                deputy_name=f"Vertretung Sozialamt {town.name}",
                deputy_phone="05241 0000-1",
            ),
            dict(
                kind=Structure.Kind.ROOM, name=f"Besprechungsraum Rathaus {town.name}", capacity=20
            ),
        ]
        if "uk" in languages:
            rows.append(
                dict(
                    kind=Structure.Kind.INTERPRETERS,
                    name="Sprachlotsen Ukrainisch",
                    capacity=max(1, size // 10),
                    language=languages["uk"],
                )
            )
        if "ar" in languages and size > 20:
            rows.append(
                dict(
                    kind=Structure.Kind.INTERPRETERS,
                    name="Sprachlotsen Arabisch",
                    capacity=max(1, size // 15),
                    language=languages["ar"],
                )
            )
        for row in rows:
            name = row.pop("name")
            Structure.objects.update_or_create(
                region=region,
                area=town,
                name=name,
                defaults={
                    **row,
                    "keeper": keeper,
                    "confirmed_at": when,
                    "confirmed_by": keeper,
                    "is_demo": True,
                },
            )
            count += 1
    kreis = region.area()
    if kreis is not None:
        for name, kind, capacity in [
            ("Dolmetschpool des KI", Structure.Kind.INTERPRETERS, 125),
            ("Krisenstab Kreishaus, Sitzungssaal", Structure.Kind.ROOM, 40),
            ("Notunterkunft des Kreises", Structure.Kind.ACCOMMODATION, 300),
        ]:
            Structure.objects.update_or_create(
                region=region,
                area=kreis,
                name=name,
                defaults={
                    "kind": kind,
                    "capacity": capacity,
                    "occupied": 0 if kind == Structure.Kind.ACCOMMODATION else None,
                    "keeper": ki,
                    "confirmed_at": confirmed,
                    "confirmed_by": ki,
                    "is_demo": True,
                },
            )
            count += 1
    return count


def _levels(region: Region, towns: list[Area], users: dict, ki: User) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for rank, name, description in LEVELS:
        levels[rank], _ = Level.objects.get_or_create(
            region=region, rank=rank, defaults={"name": name, "description": description}
        )
    by_name = {town.name: town for town in towns}
    plan = {
        Level.Kind.HEIGHTENED: [
            ("Tägliche Lagebesprechung (Videokonferenz, 9 Uhr) einrichten", None, ki, 12),
            ("Dolmetschpool um weitere Sprachlotsinnen erweitern", None, ki, 72),
            ("Zusätzliche Beratungsstunden öffnen", "Verl", users.get("integration.verl", ki), 48),
            ("Freie Plätze in Unterkünften melden", "Verl", users.get("integration.verl", ki), 24),
            (
                "Zusätzliche Beratungsstunden öffnen",
                "Versmold",
                users.get("integration.versmold", ki),
                48,
            ),
            (
                "Freie Plätze in Unterkünften melden",
                "Versmold",
                users.get("integration.versmold", ki),
                24,
            ),
        ],
        Level.Kind.CRISIS: [
            ("Krisenstab einberufen", None, ki, 4),
            ("Krisenseite „Ankunft aus …“ veröffentlichen", None, ki, 6),
            ("Reserveunterkunft aktivieren", "Verl", users.get("integration.verl", ki), 48),
            ("Reserveunterkunft aktivieren", "Versmold", users.get("integration.versmold", ki), 48),
            ("Tägliche Zahlen melden", "Verl", users.get("integration.verl", ki), 24),
            ("Tägliche Zahlen melden", "Versmold", users.get("integration.versmold", ki), 24),
        ],
    }
    for rank, measures in plan.items():
        for position, (title, town_name, owner, hours) in enumerate(measures):
            Measure.objects.get_or_create(
                level=levels[rank],
                title=title,
                area=by_name.get(town_name) if town_name else None,
                defaults={"owner": owner, "due_hours": hours, "position": position},
            )
    return levels


def _arrivals_on(day: dt.date) -> float:
    """The Kreis's arrivals of a day in 2022: a steep wave in March, easing into June."""
    days = (day - CRISIS_START).days
    return math.exp(-((days - 12) ** 2) / 300) + 0.15 * math.exp(-days / 60)


def _past_crisis(region: Region, towns: list[Area], levels: dict, ki: User) -> int:
    if LevelSwitch.objects.filter(region=region, switched_at__year=2022).exists():
        return 0
    tz = timezone.get_current_timezone()
    start = LevelSwitch.objects.create(
        region=region,
        from_level=levels[Level.Kind.NORMAL],
        to_level=levels[Level.Kind.CRISIS],
        reason="Ankunft vieler Geflüchteter aus der Ukraine nach Kriegsbeginn (Demo).",
        switched_by=ki,
        switched_at=dt.datetime.combine(CRISIS_START, dt.time(8, 30), tz),
        ended_at=dt.datetime.combine(CRISIS_END, dt.time(16, 0), tz),
    )
    for measure in levels[Level.Kind.CRISIS].measures.all():
        due = start.switched_at + dt.timedelta(hours=measure.due_hours)
        Assignment.objects.create(
            switch=start,
            title=measure.title,
            owner=measure.owner,
            area=measure.area,
            due_at=due,
            done_at=due - dt.timedelta(hours=1),
            done_by=measure.owner,
        )
    end = LevelSwitch.objects.create(
        region=region,
        from_level=levels[Level.Kind.CRISIS],
        to_level=levels[Level.Kind.NORMAL],
        reason="Ankünfte wieder auf üblichem Niveau; Strukturen bleiben bestehen (Demo).",
        switched_by=ki,
        switched_at=start.ended_at,
    )
    RegionLevel.objects.update_or_create(
        region=region,
        defaults={"level": levels[Level.Kind.NORMAL], "exercise": False, "current_switch": end},
    )
    days = [CRISIS_START + dt.timedelta(days=n) for n in range((CRISIS_END - CRISIS_START).days)]
    weights = [_arrivals_on(day) for day in days]
    scale = TOTAL_ARRIVALS / sum(weights)
    total_size = sum(_size(town) for town in towns) or 1
    reports = []
    for town in towns:
        share = _size(town) / total_size
        places = _size(town) * 6
        occupied = round(places * 0.5)
        for index, (day, weight) in enumerate(zip(days, weights, strict=True)):
            # Deterministic small ups and downs between towns and days.
            arrivals = max(
                0, round(weight * scale * share + ((index * 7 + len(town.name)) % 3) - 1)
            )
            occupied = min(places, occupied + round(arrivals * 0.4))
            reports.append(
                DailyReport(
                    region=region,
                    area=town,
                    day=day,
                    arrivals=arrivals,
                    occupancy=occupied,
                    open_needs="Dolmetschen Ukrainisch, Kita-Plätze" if weight > 0.5 else "",
                    switch=start,
                    reported_by=ki,
                    is_demo=True,
                )
            )
    DailyReport.objects.bulk_create(reports)
    ReportRevision.objects.bulk_create(
        ReportRevision(
            report=report,
            arrivals=report.arrivals,
            occupancy=report.occupancy,
            open_needs=report.open_needs,
            saved_by=ki,
            saved_at=dt.datetime.combine(report.day, dt.time(17, 0), tz),
        )
        for report in DailyReport.objects.filter(switch=start)
    )
    return len(reports)


NEWS = {
    "de": (
        "Beratung für Geflüchtete aus der Ukraine in allen Städten",
        "Die Flüchtlingsberatung ist in allen 13 Städten und Gemeinden des Kreises erreichbar. "
        "Sprachlotsinnen und Sprachlotsen für Ukrainisch und Russisch helfen bei Terminen.",
    ),
    "en": (
        "Counselling for refugees from Ukraine in every town",
        "Refugee counselling is open in all 13 towns and municipalities of the Kreis. "
        "Volunteer language mediators for Ukrainian and Russian help at appointments.",
    ),
    "uk": (
        "Консультації для біженців з України в усіх містах",
        "Консультації для біженців доступні в усіх 13 містах і громадах округу. "
        "Волонтери-перекладачі української та російської допомагають на зустрічах.",
    ),
    "ar": (
        "استشارات للاجئين من أوكرانيا في جميع المدن",
        "تتوفر استشارات اللاجئين في جميع المدن والبلديات الثلاث عشرة في المقاطعة. "
        "يساعد الوسطاء اللغويون المتطوعون في المواعيد.",
    ),
}


def _news(region: Region, ki: User) -> None:
    if NewsItem.objects.filter(region=region).exists():
        return
    item = NewsItem.objects.create(
        region=region,
        status=NewsItem.Status.PUBLISHED,
        created_by=ki,
        published_at=timezone.now() - dt.timedelta(days=3),
        pushed_at=timezone.now() - dt.timedelta(days=3),
    )
    offered = {lang.code: lang for lang in region.languages.all()}
    for code, (title, body) in NEWS.items():
        if code in offered:
            NewsTranslation.objects.create(
                news=item, language=offered[code], title=title, body=body
            )
