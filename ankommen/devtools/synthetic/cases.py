"""Case management for the synthetic benchmark regions: about the volume of a Kreis with
some 380,000 inhabitants — KIM teams at six welfare organisations (40 case managers, a
team lead each), and 3,000 clients with their cases over four years by default: mostly KIM
case management, some Clearing intakes and school placement counselling, a third closed
with a reason, legal domains and assessments. Names are invented and stored encrypted like
real ones. Seeded per region, so the same region always gets the same cases."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from ankommen.cases.models import (
    AreaOfLife,
    Assessment,
    Case,
    Client,
    ClientSearchToken,
    LegalDomain,
)
from ankommen.cases.search_index import client_digests
from ankommen.core.models import Area, Role, RoleAssignment, Team, User
from ankommen.devtools.synthetic.core import synthetic_regions

FIRST_NAMES = [
    "Amina", "Olena", "Mihai", "Yusuf", "Daria", "Ahmad", "Ioana", "Kasia", "Bogdan", "Leyla",
    "Samir", "Nadia", "Tomasz", "Elif", "Hassan", "Maryam", "Andrei", "Oksana", "Farid", "Zeynep",
]  # fmt: skip
LAST_NAMES = [
    "Popescu", "Kovalenko", "Nowak", "Yilmaz", "Haddad", "Rahimi", "Ivanova", "Shevchenko",
    "Dumitru", "Kaya", "Al-Sayed", "Wiśniewska", "Georgiev", "Karimi", "Bondarenko", "Demir",
]  # fmt: skip
CARE_ORGANISATIONS = ("Caritasverband", "Diakonie", "AWO Ortsverein", "DRK Ortsverein")
KIND_WEIGHTS = [(Case.Kind.KIM, 80), (Case.Kind.CLEARING, 12), (Case.Kind.SCHOOL, 8)]
RESIDENCE_WEIGHTS = [
    (Client.ResidenceStatus.TEMPORARY_PROTECTION, 30),
    (Client.ResidenceStatus.PERMIT, 20),
    (Client.ResidenceStatus.EU, 20),
    (Client.ResidenceStatus.ASYLUM, 12),
    (Client.ResidenceStatus.TOLERATED, 6),
    (Client.ResidenceStatus.SETTLEMENT, 6),
    (Client.ResidenceStatus.OTHER, 6),
]
UNUSABLE = "!"  # Django's marker for an unusable password: nobody signs in as these


def generate_cases(*, count: int, stdout, per_region: int = 3000) -> None:
    LegalDomain.objects.ensure_standard()
    domains = list(LegalDomain.objects.all())
    for region in synthetic_regions().order_by("slug")[:count]:
        if Case.objects.filter(region=region).exists():
            continue
        with transaction.atomic():
            created = _generate(region, per_region, domains)
        stdout.write(f"cases: created {created} cases for {region.slug}")


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _generate(region, per_region: int, domains) -> int:
    rng = random.Random(f"cases-{region.official_key}")  # noqa: S311  (repeatable data)
    towns = list(region.areas.filter(kind=Area.Kind.MUNICIPALITY).order_by("pk"))
    carriers = list(
        region.organisations.filter(
            name__regex=r"^(" + "|".join(CARE_ORGANISATIONS) + ")"
        ).order_by("pk")[:6]
    ) or list(region.organisations.order_by("pk")[:6])
    teams = Team.objects.bulk_create(Team(organisation=o, name="KIM-Team") for o in carriers)
    managers = User.objects.bulk_create(
        User(username=f"{region.slug}-cm-{n}", password=UNUSABLE) for n in range(40)
    )
    leads = User.objects.bulk_create(
        User(username=f"{region.slug}-lead-{n}", password=UNUSABLE) for n in range(len(teams))
    )
    home = {m.pk: n % len(teams) for n, m in enumerate(managers)}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user=m,
                role=Role.CASE_MANAGER,
                region=region,
                organisation=carriers[home[m.pk]],
                team=teams[home[m.pk]],
            )
            for m in managers
        ]
        + [
            RoleAssignment(user=u, role=Role.TEAM_LEAD, region=region, organisation=o, team=t)
            for u, o, t in zip(leads, carriers, teams, strict=True)
        ]
    )
    today = timezone.localdate()
    clients = Client.objects.bulk_create(
        Client(
            region=region,
            organisation=carriers[home[managers[n % len(managers)].pk]],
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            birth_year=rng.randint(today.year - 70, today.year - 6),
            needs_interpreter=rng.random() < 0.35,
            residence_status=_pick(rng, RESIDENCE_WEIGHTS),
        )
        for n in range(per_region)
    )
    for client in clients:
        client.pseudonym = f"NN{client.pk:06d}"
    Client.objects.bulk_update(clients, ["pseudonym"])
    # The blind index of their names, as Client.save() keeps it (cases/search_index.py).
    ClientSearchToken.objects.bulk_create(
        ClientSearchToken(client=client, digest=d)
        for client in clients
        for d in client_digests(client)
    )
    cases = []
    for n, client in enumerate(clients):
        manager = managers[n % len(managers)]
        opened = today - dt.timedelta(days=rng.randint(0, 4 * 365))
        roll = rng.random()
        closed = roll < 0.35 and (today - opened).days > 30
        status = (
            Case.Status.CLOSED
            if closed
            else (Case.Status.INTAKE if roll > 0.9 else Case.Status.ACTIVE)
        )
        cases.append(
            Case(
                region=region,
                organisation=carriers[home[manager.pk]],
                team=teams[home[manager.pk]],
                assigned_to=manager,
                client=client,
                town=rng.choice(towns),
                kind=_pick(rng, KIND_WEIGHTS),
                status=status,
                opened_on=opened,
                closed_on=opened + dt.timedelta(days=rng.randint(30, 600)) if closed else None,
                closure_reason=rng.choice(Case.ClosureReason.values) if closed else "",
                referral_source="synthetic",
            )
        )
    for case in cases:
        if case.closed_on and case.closed_on > today:
            case.closed_on = today
    cases = Case.objects.bulk_create(cases)
    Through = Case.legal_domains.through
    Through.objects.bulk_create(
        Through(case_id=case.pk, legaldomain_id=domain.pk)
        for case in cases
        for domain in rng.sample(domains, rng.randint(1, 3))
    )
    Assessment.objects.bulk_create(
        Assessment(case=case, area=area, need=rng.randint(0, 3), urgent=rng.random() < 0.1)
        for case in cases
        for area in rng.sample(AreaOfLife.values, rng.randint(2, 5))
    )
    return len(cases)
