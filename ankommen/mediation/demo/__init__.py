"""The Kreis Gütersloh demo pools: 125 volunteer Sprachlotsen over more than 40 languages,
20 professional interpreters, requesting schools and services in several towns, and a year
of past requests — generated from pool.toml with a fixed seed, so every run gives the same
pool. Idempotent: mediators are looked up by key, the past year is only generated while
the region has no demo requests, so a second run writes nothing."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ankommen.core.demo import DEMO_PASSWORD, DEMO_REGION_SLUG
from ankommen.core.loader import DataFile, upsert
from ankommen.core.models import Language, Organisation, Region, Role, RoleAssignment
from ankommen.mediation.matching import distance_km
from ankommen.mediation.models import (
    Assignment,
    AssignmentOffer,
    Conflict,
    Evidence,
    MediationLanguage,
    MediationRequest,
    Mediator,
    MediatorLanguage,
    Mode,
    Setting,
    Tier,
    WeeklyAvailability,
)

POOL_FILE = Path(__file__).parent / "pool.toml"
SEED = 6
TOPICS = {
    Setting.EVERYDAY: ["Mietvertrag besprechen", "Anmeldung Sportverein", "Termin Bank"],
    Setting.SCHOOL: ["Elternabend", "Elterngespräch Klasse 3", "Einschulungsgespräch"],
    Setting.AUTHORITIES: ["Antrag Wohngeld", "Termin Ausländerbehörde", "Jobcenter Beratung"],
    Setting.MEDICAL: ["Vorsorgeuntersuchung", "Aufklärungsgespräch", "Kinderarzt U-Termin"],
    Setting.PSYCHOTHERAPY: ["Erstgespräch Beratung"],
    Setting.LEGAL: ["Anhörung", "Beratung Aufenthaltsrecht"],
}


def load_demo_pool(*, stdout, demo_passwords: bool = False, **options) -> None:
    region = Region.objects.filter(slug=DEMO_REGION_SLUG).first()
    if region is None:
        stdout.write("mediation: no demo region, nothing to do")
        return
    datafile = DataFile.read(POOL_FILE)
    data = datafile.data
    with transaction.atomic():
        languages = _languages(data)
        requesters = _requesters(datafile, region, set_passwords=demo_passwords)
        created = _mediators(region, data, languages)
        _conflicts(datafile, region)
        requests = _past_year(region, data, languages, requesters)
        upcoming = _sprachlotsin_appointments(region, datafile)
    stdout.write(
        f"mediation: {len(languages)} languages, {created} new mediators "
        f"({Mediator.objects.filter(region=region).count()} in the pools), "
        f"{requests} past requests generated, {upcoming} upcoming requests for the demo "
        "Sprachlotsin"
    )


def _languages(data) -> list[MediationLanguage]:
    content = {language.code: language for language in Language.objects.all()}
    return [
        upsert(
            MediationLanguage,
            {"code": code},
            {"name_de": name_de, "name_en": name_en, "content_language": content.get(code)},
        )
        for code, name_de, name_en in data["languages"]
    ]


def _requesters(datafile, region, *, set_passwords: bool) -> list[Organisation]:
    towns = {area.official_key: area for area in region.towns()}
    for entry in datafile.entries("school"):
        town = towns.get(entry["town"])
        if town is None:
            raise datafile.error("unknown town", key="key", value=entry["key"])
        school = upsert(
            Organisation,
            {"region": region, "key": entry["key"]},
            {"name": entry["name"], "kind": Organisation.Kind.GO, "is_demo": True},
        )
        if not school.areas.exists():
            school.areas.set([town])
    organisations = []
    for entry in datafile.entries("requester"):
        organisation = Organisation.objects.filter(region=region, key=entry["organisation"]).first()
        if organisation is None:
            raise datafile.error("unknown organisation", key="username", value=entry["username"])
        user, created = get_user_model().objects.get_or_create(
            username=entry["username"],
            defaults={
                "first_name": entry["first_name"],
                "last_name": entry["last_name"],
                "email": f"{entry['username']}@example.org",
            },
        )
        if created:
            if set_passwords:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.ORGANISATION_EDITOR, region=region, organisation=organisation
        )
        organisations.append(organisation)
    return organisations


def _mediators(region, data, languages) -> int:
    rng = random.Random(SEED)  # noqa: S311  (repeatable demo data)
    towns = list(region.towns())
    first, last = data["first_names"], data["last_names"]
    today = timezone.localdate()
    weights = [max(1, 12 - i) for i in range(len(languages))]
    existing = set(Mediator.objects.filter(region=region).values_list("key", flat=True))
    new: list[Mediator] = []
    children: list = []
    volunteer_user = get_user_model().objects.filter(username="sprachlotsin").first()
    plan = [(Tier.VOLUNTEER, n) for n in range(data["volunteers"])] + [
        (Tier.PROFESSIONAL, n) for n in range(data["professionals"])
    ]
    for tier, number in plan:
        # Everything is drawn before the lookup, so the draws never depend on the database.
        name = f"{rng.choice(first)} {rng.choice(last)}"
        town = rng.choice(towns)
        # Every language has at least one volunteer.
        first_volunteers = tier == Tier.VOLUNTEER and number < len(languages)
        spoken = [languages[number]] if first_volunteers else []
        while len(spoken) < rng.choice([1, 1, 2]):
            choice = rng.choices(languages, weights)[0]
            if choice not in spoken:
                spoken.append(choice)
        medical = rng.random() < 0.2
        settings = [Setting.EVERYDAY, Setting.SCHOOL, Setting.AUTHORITIES]
        if tier == Tier.PROFESSIONAL:
            settings += [Setting.MEDICAL, Setting.PSYCHOTHERAPY, Setting.LEGAL]
        elif medical:
            settings.append(Setting.MEDICAL)
        signed = today - dt.timedelta(days=rng.randint(60, 1500))
        expires_in = rng.randint(-20, 1200)
        windows = rng.sample(range(5), rng.randint(2, 4)) if rng.random() < 0.5 else []
        paused = rng.random() < 0.05
        key = f"{tier}-{number + 1:03d}"
        if tier == Tier.VOLUNTEER and number == 0:
            # The demo account `sprachlotsin`: Bulgarian, in Rheda-Wiedenbrück, available and
            # with her evidence valid for a year at least, so that she is proposed (the seed
            # drew a certificate of good conduct that had expired 20 days before).
            name, spoken = "Desislava Demo", [next(lang for lang in languages if lang.code == "bg")]
            town = next(t for t in towns if t.official_key == "05754028")
            windows, paused = [], False
            expires_in = max(expires_in, 365)
        values = {
            "tier": tier,
            "name": name,
            "email": f"{key}@example.org",
            "phone": f"+49 5241 55{number:04d}",
            "address": f"Musterweg {number + 1}, {town.name}",
            "german_level": "C1" if tier == Tier.PROFESSIONAL else rng.choice(["B1", "B2", "C1"]),
            "allowed_settings": [str(s) for s in settings],
            "by_video": tier == Tier.PROFESSIONAL,
            "home_area": town,
            "travel_radius_km": 40 if tier == Tier.PROFESSIONAL else rng.choice([10, 15, 25]),
            "status": Mediator.Status.PAUSED if paused else Mediator.Status.ACTIVE,
            "monthly_hour_cap": None if tier == Tier.PROFESSIONAL else rng.choice([4, 6, 8, 12]),
            "hourly_allowance": Decimal("0") if tier == Tier.PROFESSIONAL else Decimal("10"),
            "unit_minutes": 30,
            "unit_rate": Decimal("37.50") if tier == Tier.PROFESSIONAL else Decimal("0"),
            "minimum_minutes": 60,
            "phone_rate_per_minute": Decimal("1.25") if tier == Tier.PROFESSIONAL else 0,
            "is_demo": True,
            "user": volunteer_user if key == "volunteer-001" else None,
        }
        if key in existing:
            continue
        mediator = Mediator(region=region, key=key, **values)
        new.append(mediator)
        for language in spoken:
            children.append(MediatorLanguage(mediator=mediator, language=language, level="native"))
        evidence = [
            (Evidence.Kind.CONFIDENTIALITY, "", signed, None),
            (Evidence.Kind.GOOD_CONDUCT, "", signed, today + dt.timedelta(days=expires_in)),
            (Evidence.Kind.BASIC_TRAINING, "", signed, None),
        ]
        if medical and tier == Tier.VOLUNTEER:
            evidence.append((Evidence.Kind.SPECIALIST_TRAINING, Setting.MEDICAL, signed, None))
        children.extend(
            Evidence(mediator=mediator, kind=k, setting=s, valid_from=f, valid_until=u)
            for k, s, f, u in evidence
        )
        children.extend(
            WeeklyAvailability(mediator=mediator, weekday=d, starts=dt.time(8), ends=dt.time(20))
            for d in sorted(windows)
        )
    # Generated from checked lists, so no per-record validation (it costs a query per key).
    Mediator.objects.bulk_create(new)
    for child in children:
        child.mediator_id = child.mediator.pk
    for model in (MediatorLanguage, Evidence, WeeklyAvailability):
        model.objects.bulk_create([child for child in children if isinstance(child, model)])
    return len(new)


def _conflicts(datafile, region) -> None:
    for entry in datafile.entries("conflict"):
        mediator = Mediator.objects.filter(region=region, key=entry["mediator"]).first()
        organisation = Organisation.objects.filter(region=region, key=entry["organisation"]).first()
        if mediator is None or organisation is None:
            raise datafile.error(
                "unknown mediator or organisation", key="reason", value=entry["reason"]
            )
        upsert(
            Conflict,
            {
                "mediator": mediator,
                "organisation": organisation,
                "client_reference": entry.get("client", ""),
            },
            {"reason": entry["reason"]},
        )


DEMO_KEYS = uuid.UUID("5d1f3c0e-6a57-4c1e-9f0b-7a6d2a1c0e17")
BASE_EVIDENCE = (
    Evidence.Kind.CONFIDENTIALITY,
    Evidence.Kind.GOOD_CONDUCT,
    Evidence.Kind.BASIC_TRAINING,
)


def _sprachlotsin_appointments(region, datafile) -> int:
    """What the demo account `sprachlotsin` sees when she signs in: valid papers, open
    offers (a Bulgarian request of the Verbundschule Verl among them) and one confirmed
    appointment with address, room and contact. Each request is found again by its fixed
    key, so a second run creates nothing; dates count from the day of the first run."""
    volunteer = Mediator.objects.filter(region=region, key="volunteer-001").first()
    if volunteer is None:
        return 0
    user = get_user_model().objects.filter(username="sprachlotsin").first()
    if volunteer.user_id is None and user is not None:
        volunteer.user = user
        volunteer.save(update_fields=["user"])
    today = timezone.localdate()
    # Papers valid for the weeks ahead (an older demo database had her certificate of
    # good conduct expire, and she was offered nothing).
    for kind in BASE_EVIDENCE:
        held = Evidence.objects.filter(mediator=volunteer, kind=kind)
        if not any(e.valid_on(today) and e.valid_on(today + dt.timedelta(days=60)) for e in held):
            until = (
                today + dt.timedelta(days=3 * 365) if kind == Evidence.Kind.GOOD_CONDUCT else None
            )
            Evidence.objects.create(
                mediator=volunteer, kind=kind, valid_from=today, valid_until=until
            )
    created = 0
    for entry in datafile.entries("sprachlotsin_request"):
        key = uuid.uuid5(DEMO_KEYS, entry["key"])
        if MediationRequest.objects.filter(submission_key=key).exists():
            continue
        organisation = Organisation.objects.filter(region=region, key=entry["organisation"]).first()
        requester = get_user_model().objects.filter(username=entry["requester"]).first()
        language = MediationLanguage.objects.filter(code=entry["language"]).first()
        if organisation is None or language is None:
            raise datafile.error("unknown organisation or language", key="key", value=entry["key"])
        day = today + dt.timedelta(days=entry["in_days"])
        hour, minute = map(int, entry["time"].split(":"))
        starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
        confirmed = entry["status"] == "confirmed"
        # "requested": nobody was offered it yet (the KI's overview lists it as starting
        # soon without a mediator).
        offered = entry["status"] != "requested"
        request = MediationRequest.objects.create(
            region=region,
            organisation=organisation,
            requested_by=requester,
            language=language,
            tier=Tier.VOLUNTEER,
            starts_at=starts_at,
            duration_minutes=entry["minutes"],
            mode=Mode.IN_PERSON,
            place_area=organisation.areas.first(),
            place=entry["place"],
            room=entry["room"],
            contact_name=entry["contact_name"],
            contact_phone=entry["contact_phone"],
            setting=entry["setting"],
            topic=entry["topic"],
            topic_confirmed_at=timezone.now(),
            topic_confirmed_by=requester,
            cost_centre=organisation.key[:40],
            status=MediationRequest.Status.CONFIRMED
            if confirmed
            else MediationRequest.Status.OFFERED
            if offered
            else MediationRequest.Status.REQUESTED,
            created_at=timezone.now() - dt.timedelta(days=10),
            submission_key=key,
            is_demo=True,
        )
        if offered:
            # Offered two days ago: an open offer is one the KI's overview asks her about.
            AssignmentOffer.objects.create(
                request=request,
                mediator=volunteer,
                rank=1,
                reasons=["demo"],
                status=AssignmentOffer.Status.ACCEPTED
                if confirmed
                else AssignmentOffer.Status.OPEN,
                sent_at=timezone.now() - dt.timedelta(days=2),
                answered_at=timezone.now() if confirmed else None,
            )
        if confirmed:
            Assignment.objects.create(
                request=request,
                mediator=volunteer,
                starts_at=request.starts_at,
                ends_at=request.ends_at,
                in_person=True,
            )
        created += 1
    return created


def _past_year(region, data, languages, organisations) -> int:
    if MediationRequest.objects.filter(region=region, is_demo=True).exists():
        return 0
    rng = random.Random(SEED + 1)  # noqa: S311
    towns = list(region.towns())
    mediators = list(
        Mediator.objects.filter(region=region)
        .prefetch_related("languages")
        .select_related("home_area")
    )
    speakers: dict[int, list[Mediator]] = {}
    for mediator in mediators:
        for spoken in mediator.languages.all():
            speakers.setdefault(spoken.language_id, []).append(mediator)
    weights = [max(1, 12 - i) for i in range(len(languages))]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    requests, assignments, offers = [], [], []
    busy: dict[int, set[dt.date]] = {}
    for number in range(data["past_requests"]):
        language = rng.choices(languages, weights)[0]
        setting = rng.choices(list(Setting), [30, 35, 25, 8, 1, 1])[0]
        tier = (
            Tier.PROFESSIONAL
            if setting in (Setting.PSYCHOTHERAPY, Setting.LEGAL)
            or (setting == Setting.MEDICAL and rng.random() < 0.5)
            else Tier.VOLUNTEER
        )
        start = now - dt.timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 8))
        start = start.replace(hour=rng.choice([8, 9, 10, 11, 14, 15, 16, 17]))
        mode = rng.choices([Mode.IN_PERSON, Mode.PHONE, Mode.VIDEO], [70, 25, 5])[0]
        town = rng.choice(towns)
        organisation = rng.choice(organisations)
        minutes = rng.choice([30, 45, 60, 60, 90, 120])
        request = MediationRequest(
            region=region,
            organisation=organisation,
            language=language,
            tier=tier,
            starts_at=start,
            duration_minutes=minutes,
            mode=mode,
            place_area=town if mode == Mode.IN_PERSON else None,
            setting=setting,
            topic=rng.choice(TOPICS[setting]),
            cost_centre=organisation.key[:40],
            created_at=start - dt.timedelta(days=rng.randint(6, 20)),
            is_demo=True,
        )
        pool = [
            m
            for m in speakers.get(language.pk, [])
            if m.tier == tier
            and setting in m.allowed_settings
            and start.date() not in busy.get(m.pk, set())
            and (
                mode != Mode.IN_PERSON
                or (distance_km(m.home_area, town) or 0) <= m.travel_radius_km
            )
        ]
        outcome = rng.random()
        if not pool or outcome < 0.06:
            request.status = MediationRequest.Status.UNMET
            request.unmet_reason = "language" if not pool else "unavailable"
        elif outcome < 0.12:
            request.status = MediationRequest.Status.CANCELLED
        else:
            request.status = MediationRequest.Status.DONE
        requests.append(request)
        if request.status != MediationRequest.Status.UNMET:
            mediator = rng.choice(pool)
            busy.setdefault(mediator.pk, set()).add(start.date())
            status = Assignment.Status.DONE
            if request.status == MediationRequest.Status.CANCELLED:
                status = Assignment.Status.CANCELLED
            elif rng.random() < 0.03:
                status = Assignment.Status.NO_SHOW_CLIENT
            assignments.append((number, mediator, status))
    MediationRequest.objects.bulk_create(requests)
    by_number = dict(enumerate(requests))
    rows = []
    for number, mediator, status in assignments:
        request = by_number[number]
        offers.append(
            AssignmentOffer(
                request=request,
                mediator=mediator,
                rank=1,
                reasons=["demo"],
                status=AssignmentOffer.Status.ACCEPTED,
                sent_at=request.created_at,
                answered_at=request.created_at + dt.timedelta(hours=3),
            )
        )
        rows.append(
            Assignment(
                request=request,
                mediator=mediator,
                starts_at=request.starts_at,
                ends_at=request.ends_at,
                in_person=request.mode == Mode.IN_PERSON,
                status=status,
                confirmed_at=request.created_at + dt.timedelta(hours=3),
                travel_km=Decimal(
                    round(2 * (distance_km(mediator.home_area, request.place_area) or 0), 1)
                )
                if request.mode == Mode.IN_PERSON
                else Decimal("0"),
                cancelled_by="requester" if status == Assignment.Status.CANCELLED else "",
                cancelled_at=request.starts_at - dt.timedelta(days=2)
                if status == Assignment.Status.CANCELLED
                else None,
            )
        )
    AssignmentOffer.objects.bulk_create(offers)
    Assignment.objects.bulk_create(rows)
    last = {}
    for row in rows:
        if row.status != Assignment.Status.CANCELLED:
            last[row.mediator_id] = max(last.get(row.mediator_id, row.starts_at), row.starts_at)
    for mediator_id, moment in last.items():
        Mediator.objects.filter(pk=mediator_id).update(last_assigned_at=moment)
    return len(requests)


__all__ = ["load_demo_pool"]
