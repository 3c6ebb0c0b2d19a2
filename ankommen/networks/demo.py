"""The Kreis Gütersloh demo's networks and bodies, written for this project from the
concept's facts (sections 2.2, 6.3.1, 6.4.1, 6.5.1, chapter 7): the KI's three networks,
the KIM steering group and its working groups, the Kompetenzforum Migration und Gesundheit,
the Facharbeitskreise of the town of Gütersloh, the concept's steering group, three
integration councils, the Integrationskonferenz of 12 May 2023 and a few migrant
organisations (invented, marked as demo data). Meetings are plausible inventions: past
ones with minutes, one upcoming per active network. Idempotent: records are matched on
their natural keys."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ankommen.actionplan.models import SubStep
from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.core.models import Area, Organisation, Region
from ankommen.networks.models import Body, Decision, Meeting, Membership, Minutes, Task

BERLIN = ZoneInfo("Europe/Berlin")
K, N, W, S, C, CONF = (
    "district",
    "network",
    "working_group",
    "steering_group",
    "council",
    "conference",
)

MIGRANT_ORGANISATIONS = [
    (
        "ukrainische-gemeinschaft-guetersloh",
        "Ukrainische Gemeinschaft Gütersloh e. V.",
        "Gütersloh",
        (
            "Verein von Menschen aus der Ukraine: Treffpunkt am Samstag, Hilfe bei ersten "
            "Behördenwegen, Kinder- und Kulturgruppe."
        ),
    ),
    (
        "rumaenischer-kulturverein-rheda",
        "Rumänischer Kulturverein Rheda-Wiedenbrück e. V.",
        "Rheda-Wiedenbrück",
        (
            "Kultur- und Elternverein; begleitet neu zugezogene Familien aus Rumänien und lädt "
            "monatlich zum Elterncafé ein."
        ),
    ),
    (
        "syrisch-deutscher-familienverein-verl",
        "Syrisch-Deutscher Familienverein Verl e. V.",
        "Verl",
        (
            "Nachbarschaftshilfe, Hausaufgabenhilfe und arabischsprachige Informationsabende für "
            "Familien."
        ),
    ),
    (
        "polnische-mission-harsewinkel",
        "Polnische Gemeinde Harsewinkel",
        "Harsewinkel",
        (
            "Religiöse Gemeinde mit polnischsprachigen Gottesdiensten und einem "
            "Beratungsnachmittag für Arbeitnehmende."
        ),
    ),
    (
        "tuerkisch-islamische-gemeinde-guetersloh",
        "Türkisch-Islamische Gemeinde Gütersloh e. V.",
        "Gütersloh",
        "Moscheegemeinde mit Jugendgruppe, Deutschkurs für Frauen und offenem Gesprächskreis.",
    ),
]

# slug, name, kind, level, town (or None), parent slug, convener key, public, description,
# member organisation keys, participants
BODIES = [
    (
        "integrationsbeauftragte",
        "Netzwerk der Integrationsbeauftragten",
        N,
        K,
        None,
        None,
        "ki",
        True,
        (
            "Die Integrationsbeauftragten der dreizehn Städte und Gemeinden treffen sich zweimal "
            "im Jahr mit dem KI: Themen aus den Kommunen, Programme des Landes, Vorhaben des KI."
        ),
        [
            "stadt-guetersloh",
            "stadt-rheda-wiedenbrueck",
            "stadt-verl",
            "stadt-versmold",
            "stadt-harsewinkel",
            "gemeinde-steinhagen",
            "stadt-halle-westf",
            "stadt-rietberg",
        ],
        None,
    ),
    (
        "beratungsdienste",
        "Netzwerk der Beratungsdienste",
        N,
        K,
        None,
        None,
        "ki",
        True,
        (
            "Seit 2016 tauschen sich die Migrationsberatungen der Wohlfahrtsverbände mit BAMF, "
            "Agentur für Arbeit, Jobcenter und Ausländerbehörde aus: Wissen weitergeben, Wege "
            "abkürzen, Fälle an der richtigen Stelle landen lassen."
        ),
        [
            "bamf",
            "agentur-fuer-arbeit-bielefeld",
            "jobcenter-kreis-guetersloh",
            "auslaenderbehoerde-kreis-guetersloh",
            "caritas-kreis-guetersloh",
            "diakonie-guetersloh",
            "awo-kreisverband-guetersloh",
            "drk-kreisverband-guetersloh",
        ],
        None,
    ),
    (
        "sprachkurstraeger",
        "Netzwerk der Sprachkursträger",
        N,
        K,
        None,
        None,
        "ki",
        True,
        (
            "Träger von Integrations- und Sprachkursen stimmen Angebote, Wartelisten und "
            "Kinderbetreuung ab."
        ),
        ["vhs-reckenberg-ems", "bamf", "jobcenter-kreis-guetersloh", "pro-arbeit-ev", "fare-ggmbh"],
        None,
    ),
    (
        "kim-lenkungsgruppe",
        "KIM-Lenkungsgruppe",
        S,
        K,
        None,
        None,
        "kim",
        False,
        (
            "Steuert das Kommunale Integrationsmanagement im Kreis; die Geschäftsstelle liegt bei "
            "den Koordinierenden Stellen."
        ),
        ["kim", "ki", "auslaenderbehoerde-kreis-guetersloh", "jobcenter-kreis-guetersloh"],
        None,
    ),
    (
        "kim-ag-aufenthalt",
        "KIM-Arbeitsgruppe Aufenthalt und Leistungen",
        W,
        K,
        None,
        "kim-lenkungsgruppe",
        "kim",
        False,
        (
            "Erarbeitet Lösungen für strukturelle Probleme, die das Case Management an den "
            "Schnittstellen von Ausländerbehörde und Jobcenter sieht."
        ),
        [
            "auslaenderbehoerde-kreis-guetersloh",
            "jobcenter-kreis-guetersloh",
            "awo-kreisverband-guetersloh",
        ],
        None,
    ),
    (
        "kim-ag-sprache-arbeit",
        "KIM-Arbeitsgruppe Sprache und Arbeit",
        W,
        K,
        None,
        "kim-lenkungsgruppe",
        "kim",
        False,
        "Wartezeiten auf Sprachkurse, Anerkennung von Abschlüssen, Übergänge in Arbeit.",
        ["vhs-reckenberg-ems", "agentur-fuer-arbeit-bielefeld", "prowi"],
        None,
    ),
    (
        "kompetenzforum-migration-gesundheit",
        "Kompetenzforum Migration und Gesundheit",
        N,
        K,
        None,
        None,
        "ki",
        True,
        (
            "Gemeinsames Vorhaben von KI und Gesundheitsabteilung: Bis zu dreimal im Jahr bereiten"
            " rund zwanzig ehrenamtliche Multiplikatorinnen und Multiplikatoren aus den "
            "Communities Gesundheitsthemen auf."
        ),
        ["ki", "kreis-guetersloh"],
        None,
    ),
    (
        "facharbeitskreise-guetersloh",
        "Facharbeitskreise der Stadt Gütersloh",
        N,
        "town",
        "Gütersloh",
        None,
        "stadt-guetersloh",
        False,
        (
            "Austausch der Beratungseinrichtungen in Gütersloh; Integration ist dort eines von "
            "mehreren Themen."
        ),
        [
            "stadt-guetersloh",
            "diakonie-guetersloh",
            "ak-asyl-guetersloh",
            "caritas-kreis-guetersloh",
        ],
        None,
    ),
    (
        "steuerungsgruppe-integrationskonzept",
        "Steuerungsgruppe Integrationskonzept",
        S,
        K,
        None,
        None,
        "ki",
        True,
        (
            "Begleitete die Erarbeitung des Integrationskonzepts: Kreisverwaltung, Verwaltungen "
            "der Städte und Gemeinden, Freie Träger und Integrationsräte."
        ),
        [
            "ki",
            "kreis-guetersloh",
            "stadt-guetersloh",
            "stadt-rheda-wiedenbrueck",
            "stadt-harsewinkel",
            "caritas-kreis-guetersloh",
            "awo-kreisverband-guetersloh",
        ],
        None,
    ),
    (
        "integrationsrat-guetersloh",
        "Integrationsrat der Stadt Gütersloh",
        C,
        "town",
        "Gütersloh",
        None,
        "stadt-guetersloh",
        True,
        (
            "Gewählte Vertretung der Eingewanderten in Gütersloh; berät den Rat der Stadt in allen"
            " Fragen der Integration."
        ),
        [
            "stadt-guetersloh",
            "ukrainische-gemeinschaft-guetersloh",
            "tuerkisch-islamische-gemeinde-guetersloh",
        ],
        None,
    ),
    (
        "integrationsrat-rheda-wiedenbrueck",
        "Integrationsrat der Stadt Rheda-Wiedenbrück",
        C,
        "town",
        "Rheda-Wiedenbrück",
        None,
        "stadt-rheda-wiedenbrueck",
        True,
        (
            "Gewählte Vertretung der Eingewanderten in Rheda-Wiedenbrück; bringt ihre Sicht in Rat"
            " und Ausschüsse ein."
        ),
        ["stadt-rheda-wiedenbrueck", "rumaenischer-kulturverein-rheda"],
        None,
    ),
    (
        "integrationsrat-harsewinkel",
        "Integrationsrat der Stadt Harsewinkel",
        C,
        "town",
        "Harsewinkel",
        None,
        "stadt-harsewinkel",
        True,
        "Gewählte Vertretung der Eingewanderten in Harsewinkel.",
        ["stadt-harsewinkel", "polnische-mission-harsewinkel"],
        None,
    ),
    (
        "integrationskonferenz-2023",
        "Integrationskonferenz 2023",
        CONF,
        K,
        None,
        None,
        "ki",
        True,
        (
            "Auftakt der Durchführungsphase des Integrationskonzepts im Kreishaus: Verwaltung, "
            "Politik, Bildung, Freie Träger, Vereine, Migrantenorganisationen, Ehren- und "
            "Hauptamtliche und Eingewanderte berieten über die Kernergebnisse und gewichteten die "
            "Herausforderungen."
        ),
        [],
        131,
    ),
]

# Persons (no real names: roles only) per body: (name, e-mail, organisation key, role)
PERSONS = {
    "beratungsdienste": [
        (
            "Migrationsberatung Caritas",
            "mbe@caritas-demo.example",
            "caritas-kreis-guetersloh",
            "member",
        ),
        ("Regionalkoordination BAMF", "regionalkoordination@bamf-demo.example", "bamf", "advisory"),
    ],
    "integrationsrat-guetersloh": [
        ("Vorsitz des Integrationsrats", "vorsitz@integrationsrat-gt.example", None, "chair"),
        ("Stellvertretender Vorsitz", "stellvertretung@integrationsrat-gt.example", None, "deputy"),
    ],
    "integrationsrat-rheda-wiedenbrueck": [
        ("Vorsitz des Integrationsrats", "vorsitz@integrationsrat-rw.example", None, "chair"),
    ],
    "integrationsrat-harsewinkel": [
        ("Vorsitz des Integrationsrats", "vorsitz@integrationsrat-hsw.example", None, "chair"),
    ],
}

KI_CHAIRED = [
    "integrationsbeauftragte",
    "beratungsdienste",
    "sprachkurstraeger",
    "kompetenzforum-migration-gesundheit",
    "steuerungsgruppe-integrationskonzept",
    "integrationskonferenz-2023",
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def load_demo_networks(*, stdout) -> None:
    region = Region.objects.filter(slug=DEMO_REGION_SLUG).first()
    if region is None:
        return
    with transaction.atomic():
        counts = _load(region)
    stdout.write(f"networks: {counts['bodies']} bodies, {counts['meetings']} meetings")


def _load(region: Region) -> dict:
    towns = {a.name: a for a in Area.objects.filter(region=region, kind=Area.Kind.MUNICIPALITY)}
    for key, name, town, text in MIGRANT_ORGANISATIONS:
        wanted = {
            "name": name,
            "kind": Organisation.Kind.MO,
            "description": text,
            "city": town,
            "email": f"{key}@example.org",
            "is_demo": True,
        }
        organisation = Organisation.objects.filter(region=region, key=key).first()
        if organisation is None:
            organisation = Organisation.objects.create(region=region, key=key, **wanted)
        elif any(getattr(organisation, field) != value for field, value in wanted.items()):
            # Written only when it differs: a second load leaves the record untouched.
            for field, value in wanted.items():
                setattr(organisation, field, value)
            organisation.save()
        if town in towns:
            organisation.areas.add(towns[town])
    organisations = {o.key: o for o in Organisation.objects.filter(region=region)}
    ki_user = get_user_model().objects.filter(username="ki.koordination").first()
    bodies: dict[str, Body] = {}
    for slug, name, kind, level, town, parent, convener, public, text, members, count in BODIES:
        body, _created = Body.objects.update_or_create(
            region=region,
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "level": level,
                "area": towns.get(town) if town else None,
                "parent": bodies.get(parent),
                "convened_by": organisations.get(convener),
                "is_public": public,
                "description": text,
                "participant_count": count,
                "is_demo": True,
            },
        )
        bodies[slug] = body
        for key in members:
            if key in organisations:
                Membership.objects.get_or_create(
                    body=body, organisation=organisations[key], user=None, name=""
                )
        for person, email, key, role in PERSONS.get(slug, []):
            Membership.objects.update_or_create(
                body=body,
                name=person,
                defaults={"email": email, "organisation": organisations.get(key), "role": role},
            )
        if ki_user and (slug in KI_CHAIRED or kind in (S, W)):
            Membership.objects.update_or_create(
                body=body,
                user=ki_user,
                defaults={"role": "chair", "organisation": organisations.get("ki")},
            )
    meetings = _meetings(bodies)
    return {"bodies": len(bodies), "meetings": meetings}


def _meeting(
    body: Body, title: str, starts: dt.datetime, place: str, agenda: list[str], *, public: bool
) -> Meeting:
    meeting, _created = Meeting.objects.update_or_create(
        body=body,
        title=title,
        defaults={
            "starts_at": starts,
            "place": place,
            "agenda": "\n".join(agenda),
            "is_public": public,
        },
    )
    return meeting


def _meetings(bodies: dict[str, Body]) -> int:
    today = timezone.localdate()
    kreishaus = "Kreishaus Gütersloh, Herzebrocker Straße 140, Raum 2.102"
    count = 0
    # The Integrationskonferenz: the one day, with its minutes.
    conference = _meeting(
        bodies["integrationskonferenz-2023"],
        "Integrationskonferenz",
        _at(dt.date(2023, 5, 12), 9, 30),
        "Kreishaus Gütersloh",
        [
            "Begrüßung durch den Landrat",
            "Kernergebnisse der Befragungen",
            "Workshops zu den sechs Handlungsfeldern",
            "Priorisierung der Herausforderungen",
        ],
        public=True,
    )
    Minutes.objects.get_or_create(
        meeting=conference,
        defaults={
            "text": (
                "131 Teilnehmende aus Verwaltung, Politik, Bildung, Freien Trägern, Vereinen und "
                "Migrantenorganisationen. In sechs Workshops wurden die Herausforderungen je "
                "Handlungsfeld gewichtet; die Rangfolge geht in den Aktionsplan ein."
            ),
            "is_internal": False,
        },
    )
    _decision(
        conference,
        (
            "Die in den Workshops gewichteten Herausforderungen bilden die Rangfolge im "
            "Aktionsplan des Integrationskonzepts."
        ),
        public=True,
    )
    count += 1
    # The Netzwerk der Beratungsdienste: last autumn's meeting with minutes, the next one.
    network = bodies["beratungsdienste"]
    past_day = today - dt.timedelta(days=90)
    past = _meeting(
        network,
        "Herbstsitzung",
        _at(past_day, 10),
        kreishaus,
        [
            "Bericht aus der Ausländerbehörde: Termine und Wartezeiten",
            "BAMF: neue Kursformate",
            "Vorstellung der Antidiskriminierungsstelle OWL",
            "Verschiedenes",
        ],
        public=True,
    )
    Minutes.objects.get_or_create(
        meeting=past,
        defaults={
            "text": (
                "Die Ausländerbehörde berichtet von langen Wartezeiten bei Terminen zur "
                "Verlängerung. Die Beratungsdienste schildern Fälle, in denen Leistungen deswegen "
                "unterbrochen wurden. Das BAMF stellt Kurse mit Kinderbetreuung vor. Die "
                "Antidiskriminierungsstelle stellt ihre Beratung vor."
            ),
            "is_internal": True,
        },
    )
    decision = _decision(
        past,
        (
            "Die Antidiskriminierungsstelle wird auch im Netzwerk der Integrationsbeauftragten "
            "vorgestellt."
        ),
        public=True,
    )
    step = SubStep.objects.filter(
        region=network.region, text__icontains="Antidiskriminierungsstelle"
    ).first()
    if decision is not None and step is not None and decision.step_id is None:
        decision.step = step
        decision.save(update_fields=["step"])
    ki_membership = network.memberships.filter(user__username="ki.koordination").first()
    if decision is not None:
        Task.objects.get_or_create(
            body=network,
            decision=decision,
            defaults={
                "text": (
                    "Termin mit der Antidiskriminierungsstelle im Netzwerk der "
                    "Integrationsbeauftragten vereinbaren"
                ),
                "owner": ki_membership,
                "due_date": today + dt.timedelta(days=21),
                "step": step,
            },
        )
    _meeting(
        network,
        "Frühjahrssitzung",
        _at(today + dt.timedelta(days=14), 10),
        kreishaus,
        [
            "Begrüßung und Protokoll der letzten Sitzung",
            "Wartezeiten bei der Ausländerbehörde: was hat sich getan?",
            "Jobcenter: Arbeitsmarktprogramm",
            "Termine und Verschiedenes",
        ],
        public=True,
    )
    count += 2
    # The other networks and councils: one past meeting each, one upcoming for a few.
    for slug, title, weeks_ago, agenda in [
        (
            "integrationsbeauftragte",
            "Herbstsitzung",
            10,
            ["Berichte aus den Kommunen", "Programme des Landes", "Vorhaben des KI"],
        ),
        (
            "sprachkurstraeger",
            "Trägertreffen",
            8,
            ["Wartelisten", "Kurse mit Kinderbetreuung", "DeuFöV-Kurse"],
        ),
        (
            "kompetenzforum-migration-gesundheit",
            "Forum Impfschutz",
            12,
            ["Impfungen für Kinder", "Mehrsprachige Materialien"],
        ),
        (
            "kim-lenkungsgruppe",
            "Lenkungsgruppe",
            6,
            ["Bericht der Arbeitsgruppen", "Strukturelle Probleme aus dem Case Management"],
        ),
        (
            "integrationsrat-guetersloh",
            "Öffentliche Sitzung",
            5,
            ["Bericht der Verwaltung", "Interkulturelle Woche", "Anträge"],
        ),
        (
            "integrationsrat-rheda-wiedenbrueck",
            "Öffentliche Sitzung",
            7,
            ["Clearingstelle: Bericht", "Elternarbeit an Schulen"],
        ),
        (
            "integrationsrat-harsewinkel",
            "Öffentliche Sitzung",
            9,
            ["Wohnraum für Saisonarbeitskräfte", "Verschiedenes"],
        ),
    ]:
        body = bodies[slug]
        meeting = _meeting(
            body,
            title,
            _at(today - dt.timedelta(weeks=weeks_ago), 17 if body.kind == C else 10),
            "Rathaus" if body.kind == C else kreishaus,
            agenda,
            public=body.is_public,
        )
        Minutes.objects.get_or_create(
            meeting=meeting,
            defaults={
                "text": "Die Punkte der Tagesordnung wurden beraten; Ergebnisse siehe Beschlüsse.",
                "is_internal": body.kind != C,
            },
        )
        if body.kind == C:
            _decision(
                meeting,
                (
                    "Der Integrationsrat beteiligt sich an der Interkulturellen Woche mit einem "
                    "Informationsstand."
                ),
                public=True,
            )
        count += 1
    for slug in ("integrationsrat-guetersloh", "integrationsbeauftragte"):
        body = bodies[slug]
        _meeting(
            body,
            "Nächste Sitzung",
            _at(today + dt.timedelta(days=30), 17 if body.kind == C else 10),
            "Rathaus" if body.kind == C else kreishaus,
            ["Protokoll", "Berichte", "Verschiedenes"],
            public=True,
        )
        count += 1
    return count


def _decision(meeting: Meeting, text: str, *, public: bool) -> Decision | None:
    decision, _created = Decision.objects.get_or_create(
        meeting=meeting, text=text, defaults={"body": meeting.body, "is_public": public}
    )
    return decision
