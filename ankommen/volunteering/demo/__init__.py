"""Volunteering in the Kreis Gütersloh demo: opportunities of several organisations in
several towns (opportunities.toml), volunteers with their hours — one of them over her
monthly cap, one without a free week —, a KI training with registrations, an answer in
Arabic, and the demo coordinator `ehrenamt.akasyl` (AK Asyl Gütersloh). The demo
Sprachlotsin `sprachlotsin` is a volunteer too: her KI record is linked to her pool record.

Idempotent: records are found by their keys (opportunities), names (volunteers, within
their organisation) and titles (trainings); hours are added only with a new volunteer, so
they stay relative to the day the demo was first loaded.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ankommen.core.demo import DEMO_PASSWORD
from ankommen.core.loader import DataFile
from ankommen.core.models import Language, Region, Role, RoleAssignment, User
from ankommen.mediation.models import Mediator
from ankommen.volunteering.models import (
    Answer,
    Engagement,
    HoursEntry,
    Opportunity,
    OpportunityTranslation,
    Training,
    TrainingRegistration,
    Volunteer,
)

DEMO_DIR = Path(__file__).parent / "kreis_guetersloh"
REGION = "kreis-guetersloh"

DEMO_ACCOUNTS = [
    {
        "username": "ehrenamt.akasyl",
        "first_name": "Elke",
        "last_name": "Ehrenamt",
        "organisation": "ak-asyl-guetersloh",
    },
]

# (organisation, name, town key, languages, times, cap, certificate valid for days,
#  engagement keys, hours pattern). Hours patterns: "over_cap" (more than her cap this
#  month), "no_pause" (every week of the last eight, under her cap), "light", "none".
VOLUNTEERS = [
    (
        "ak-asyl-guetersloh",
        "Marlene Hoffmann",
        "05754008",
        "Deutsch, Englisch, Französisch",
        "Mo–Mi nachmittags",
        8,
        400,
        ["patenschaft-familie-guetersloh"],
        "over_cap",
    ),
    (
        "ak-asyl-guetersloh",
        "Yusuf Aydın",
        "05754008",
        "Türkisch, Deutsch, Kurdisch",
        "abends und samstags",
        20,
        200,
        ["begleitung-aemter-guetersloh"],
        "no_pause",
    ),
    (
        "ak-asyl-guetersloh",
        "Petra Schulte",
        "05754028",
        "Deutsch, Russisch",
        "donnerstags",
        6,
        -15,
        ["patenschaft-familie-guetersloh"],
        "light",
    ),
    (
        "ak-asyl-guetersloh",
        "Samira Haddad",
        "05754008",
        "Arabisch, Deutsch, Englisch",
        "vormittags",
        10,
        700,
        ["begleitung-aemter-guetersloh"],
        "light",
    ),
    (
        "libelle-ev-verl",
        "Jonas Brinkmann",
        "05754044",
        "Deutsch, Polnisch",
        "dienstags 15–17 Uhr",
        6,
        300,
        ["hausaufgabenhilfe-verl"],
        "light",
    ),
    (
        "libelle-ev-verl",
        "Aylin Korkmaz",
        "05754044",
        "Türkisch, Deutsch",
        "donnerstags 15–17 Uhr",
        6,
        500,
        ["hausaufgabenhilfe-verl"],
        "light",
    ),
    (
        "oefi-werther",
        "Gisela Meier",
        "05754052",
        "Deutsch, Spanisch",
        "jeden zweiten Mittwoch",
        4,
        250,
        ["sprachcafe-werther"],
        "light",
    ),
]

SPRACHLOTSIN = "sprachlotsin"


def _day(today: dt.date, days_back: int, *, same_month: bool = False) -> dt.date:
    day = today - dt.timedelta(days=days_back)
    if same_month and day.month != today.month:
        return today.replace(day=1)
    return day


def _hours(pattern: str, today: dt.date) -> list[tuple[dt.date, Decimal]]:
    """Hours relative to the load day, never in the future."""
    if pattern == "over_cap":
        # Twelve hours this month against a cap of eight, plus last month's.
        this_month = [(_day(today, d, same_month=True), Decimal("3")) for d in (0, 2, 4, 6)]
        return this_month + [(_day(today, d), Decimal("2")) for d in (35, 42)]
    if pattern == "no_pause":
        # Two hours in each of the last eight weeks: no free week.
        return [(_day(today, 7 * week), Decimal("2")) for week in range(8)]
    if pattern == "light":
        return [(_day(today, d), Decimal("1.5")) for d in (3, 24)]
    return []


def load_demo(*, stdout, set_passwords: bool = False) -> None:
    region = Region.objects.filter(slug=REGION).first()
    if region is None:
        stdout.write(f"volunteering: region {REGION} missing, skipped")
        return
    with transaction.atomic():
        organisations = {o.key: o for o in region.organisations.all()}
        towns = {a.official_key: a for a in region.towns()}
        opportunities = _opportunities(region, organisations, towns)
        _accounts(region, organisations, set_passwords=set_passwords)
        volunteers = _volunteers(region, organisations, towns, opportunities)
        trainings = _trainings(region, organisations, volunteers)
        _answers(opportunities)
    stdout.write(
        f"volunteering: {len(opportunities)} opportunities, {len(volunteers)} volunteers, "
        f"{trainings} trainings"
    )


def _opportunities(region, organisations, towns) -> dict[str, Opportunity]:
    datafile = DataFile.read(DEMO_DIR / "opportunities.toml")
    languages = {lang.code: lang for lang in Language.objects.all()}
    found = {}
    for entry in datafile.entries("opportunity"):
        organisation = organisations.get(entry["organisation"])
        if organisation is None:
            raise datafile.error("unknown organisation", key="key", value=entry["key"])
        opportunity, _ = Opportunity.objects.get_or_create(
            region=region,
            key=entry["key"],
            defaults={
                "organisation": organisation,
                "kind": entry["kind"],
                "town": towns.get(entry.get("town")),
                "time_needed": entry.get("time_needed", ""),
                "contact_email": entry.get("contact_email", ""),
                "is_demo": True,
            },
        )
        for code, texts in entry["texts"].items():
            if code not in languages:
                continue
            OpportunityTranslation.objects.get_or_create(
                opportunity=opportunity,
                language=languages[code],
                defaults={
                    "title": texts["title"],
                    "summary": texts.get("summary", ""),
                    "description": texts.get("description", ""),
                },
            )
        found[opportunity.key] = opportunity
    return found


def _accounts(region, organisations, *, set_passwords: bool) -> None:
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account["username"],
            defaults={
                "first_name": account["first_name"],
                "last_name": account["last_name"],
                "email": f"{account['username']}@example.org",
            },
        )
        if created:
            if set_passwords:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(
            user=user,
            role=Role.ORGANISATION_EDITOR,
            region=region,
            organisation=organisations[account["organisation"]],
        )


def _volunteer(region, organisation, name, **values) -> tuple[Volunteer, bool]:
    return Volunteer.objects.get_or_create(
        region=region,
        organisation=organisation,
        name=name,
        defaults={"consent_at": timezone.now(), "is_demo": True, **values},
    )


def _volunteers(region, organisations, towns, opportunities) -> list[Volunteer]:
    today = timezone.localdate()
    found = []
    for key, name, town, languages, times, cap, valid, engaged, pattern in VOLUNTEERS:
        slug = name.lower().replace(" ", ".").replace("ı", "i")
        volunteer, created = _volunteer(
            region,
            organisations[key],
            name,
            email=f"{slug}@example.org",
            languages=languages,
            town=towns.get(town),
            times=times,
            monthly_hour_cap=Decimal(cap),
            conduct_certificate_until=today + dt.timedelta(days=valid),
        )
        found.append(volunteer)
        if not created:
            continue
        engagements = [
            Engagement.objects.create(
                volunteer=volunteer,
                opportunity=opportunities[k],
                since=today - dt.timedelta(days=120),
            )
            for k in engaged
        ]
        HoursEntry.objects.bulk_create(
            HoursEntry(volunteer=volunteer, engagement=engagements[0], date=day, hours=hours)
            for day, hours in _hours(pattern, today)
        )
    user = User.objects.filter(username=SPRACHLOTSIN).first()
    if user is not None:
        # The demo Sprachlotsin: accompanies people for AK Asyl too, and the KI's record of
        # her is the one linked to her place in the Sprachlotsen pool.
        mediator = Mediator.objects.filter(region=region, user=user).first()
        ki, _ = _volunteer(
            region,
            organisations["ki"],
            "Desislava Demo",
            user=user,
            email=f"{SPRACHLOTSIN}@example.org",
            languages="Bulgarisch, Deutsch",
            town=towns.get("05754028"),
            monthly_hour_cap=Decimal(8),
            conduct_certificate_until=today + dt.timedelta(days=365),
        )
        if mediator is not None and ki.mediator_id is None:
            Volunteer.objects.filter(pk=ki.pk).update(mediator=mediator)
        akasyl, created = _volunteer(
            region,
            organisations["ak-asyl-guetersloh"],
            "Desislava Demo",
            user=user,
            email=f"{SPRACHLOTSIN}@example.org",
            languages="Bulgarisch, Deutsch",
            town=towns.get("05754028"),
            times="freitags",
            monthly_hour_cap=Decimal(6),
            conduct_certificate_until=today + dt.timedelta(days=365),
        )
        if created:
            engagement = Engagement.objects.create(
                volunteer=akasyl,
                opportunity=opportunities["begleitung-aemter-guetersloh"],
                since=today - dt.timedelta(days=60),
            )
            HoursEntry.objects.bulk_create(
                HoursEntry(volunteer=akasyl, engagement=engagement, date=day, hours=hours)
                for day, hours in _hours("light", today)
            )
        found += [ki, akasyl]
    return found


def _trainings(region, organisations, volunteers) -> int:
    now = timezone.now()
    ki = organisations["ki"]
    plans = [
        (
            "Grenzen im Ehrenamt: Selbstfürsorge und Entlastung",
            "Wie viel kann ich geben? Warnzeichen von Überlastung erkennen, Nein sagen, "
            "Unterstützung holen.",
            now + dt.timedelta(days=21),
            Decimal(3),
            "Kreishaus Gütersloh, Raum 2.14",
            16,
            [0, 1, 3, 7],
            False,
        ),
        (
            "Interkulturelle Kommunikation in der Begleitung",
            "Missverständnisse verstehen, einfache Sprache, Umgang mit Dolmetschenden.",
            now - dt.timedelta(days=40),
            Decimal(4),
            "Volkshochschule Reckenberg-Ems, Rheda-Wiedenbrück",
            20,
            [1, 2, 4, 8],
            True,
        ),
    ]
    for title, description, starts, hours, place, capacity, who, attended in plans:
        training, created = Training.objects.get_or_create(
            region=region,
            title=title,
            defaults={
                "organisation": ki,
                "description": description,
                "starts_at": starts.replace(hour=17, minute=0, second=0, microsecond=0),
                "hours": hours,
                "place": place,
                "capacity": capacity,
                "is_demo": True,
            },
        )
        if created:
            TrainingRegistration.objects.bulk_create(
                TrainingRegistration(training=training, volunteer=volunteers[i], attended=attended)
                for i in who
                if i < len(volunteers)
            )
    return len(plans)


def _answers(opportunities) -> None:
    Answer.objects.get_or_create(
        opportunity=opportunities["patenschaft-familie-guetersloh"],
        name="ريم الخطيب",
        defaults={
            "phone": "+49 5241 998877",
            "languages": "العربية، الإنجليزية، قليل من الألمانية",
            "message": "أعيش في غوترسلوه منذ ثلاث سنوات وأود أن أساعد عائلة جديدة.",
            "language": "ar",
        },
    )


__all__ = ["DEMO_ACCOUNTS", "load_demo"]
