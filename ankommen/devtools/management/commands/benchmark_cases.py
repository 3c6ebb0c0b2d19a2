"""Benchmark, not a test: a case manager's case list with a million cases installed."""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.urls import reverse

from ankommen.cases.models import Case
from ankommen.cases.search_index import name_digests
from ankommen.core.loader import load_platform
from ankommen.core.models import (
    Area,
    AuditEntry,
    Language,
    Organisation,
    Region,
    Role,
    RoleAssignment,
    Team,
    User,
)
from ankommen.twofactor import mark_verified

BENCH_SLUG = "bench-cases"
UNUSABLE = "!"  # Django's marker for an unusable password
BENCH_KEY = "97002"  # under the non-existent state key 97: never a real area
# Each client gets two name tokens of the blind index (search_index.py), drawn from these.
# (Letters only: the index drops digits from names.)
NAME_POOL = [f"nom{a}{b}" for a in "abcdefghijklmnop" for b in "abcdefghijklmnopqrstuvwxy"]
SEARCHED = f"{NAME_POOL[7]} {NAME_POOL[207]}"  # both tokens: the clients g with g % 400 == 7


class Command(BaseCommand):
    help = (
        f"Benchmark, not a test: creates a region of its own (“{BENCH_SLUG}”) with --cases "
        "cases (and as many clients) spread over --managers case managers in --organisations "
        "organisations and 10 towns, then times --requests GETs of one case manager's case "
        "list and of her team lead's list (login and two-factor done), and prints p50/p95. "
        "PostgreSQL only. --keep leaves the data for another run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--managers", type=int, default=2000)
        parser.add_argument("--organisations", type=int, default=200)
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--keep", action="store_true")

    def handle(self, *args, cases, managers, organisations, requests, keep, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
        if settings.DEBUG:
            raise CommandError("Run with DEBUG off: DEBUG keeps every query in memory.")
        region = Region.objects.filter(slug=BENCH_SLUG).first()
        if region is None or Case.objects.filter(region=region).count() != cases:
            if region is not None:
                self._remove(region)
            started = time.perf_counter()
            region = self._generate(cases, managers, organisations)
            self.stdout.write(f"generated {cases:,} cases in {time.perf_counter() - started:.1f} s")
        manager = User.objects.get(username=f"{BENCH_SLUG}-cm-1")
        lead = User.objects.get(username=f"{BENCH_SLUG}-lead-1")
        for label, user in (("case manager", manager), ("team lead", lead)):
            visible = Case.objects.visible_to(user).count()
            for what, query in (("case list", ""), ("search by name", SEARCHED)):
                timings = self._time(region, user, requests, query)
                self.stdout.write(
                    f"{label} {what} ({visible} visible cases of {cases:,}): "
                    f"p50 {statistics.median(timings):.1f} ms, "
                    f"p95 {statistics.quantiles(timings, n=20)[18]:.1f} ms "
                    f"over {requests} requests"
                )
        if not keep:
            self._remove(region)

    def _time(self, region, user, requests, query: str = "") -> list[float]:
        client = HttpClient()
        client.force_login(user)
        session = client.session
        mark_verified(session, user)
        session.save()
        target = reverse("cases:list", kwargs={"region": region.slug})
        client.get(target)  # warm up
        timings = []
        for n in range(requests):
            started = time.perf_counter()
            response = client.get(target, {"page": 1 + n % 5, "q": query})
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"case list answered {response.status_code}")
        return timings

    @transaction.atomic
    def _generate(self, cases: int, managers: int, organisations: int) -> Region:
        load_platform()
        region = Region.objects.create(
            slug=BENCH_SLUG,
            name="Benchmark Fallmanagement",
            official_key=BENCH_KEY,
            default_language=Language.objects.get(code="de"),
            is_demo=True,
        )
        towns = Area.objects.bulk_create(
            Area(region=region, kind=Area.Kind.MUNICIPALITY, name=f"Bench-Ort {n}")
            for n in range(10)
        )
        orgs = Organisation.objects.bulk_create(
            Organisation(
                region=region, key=f"bench-{n}", name=f"Träger {n}", kind=Organisation.Kind.NGO
            )
            for n in range(organisations)
        )
        teams = Team.objects.bulk_create(Team(organisation=o, name="KIM") for o in orgs)
        users = User.objects.bulk_create(
            User(username=f"{BENCH_SLUG}-cm-{n}", password=UNUSABLE) for n in range(managers)
        )
        leads = User.objects.bulk_create(
            User(username=f"{BENCH_SLUG}-lead-{n}", password=UNUSABLE) for n in range(len(orgs))
        )
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    user=u,
                    role=Role.CASE_MANAGER,
                    region=region,
                    organisation=orgs[n % len(orgs)],
                    team=teams[n % len(orgs)],
                )
                for n, u in enumerate(users)
            ]
            + [
                RoleAssignment(user=u, role=Role.TEAM_LEAD, region=region, organisation=o, team=t)
                for u, o, t in zip(leads, orgs, teams, strict=True)
            ]
        )
        manager_ids = [u.pk for u in users]
        org_ids = [orgs[n % len(orgs)].pk for n in range(managers)]
        team_ids = [teams[n % len(orgs)].pk for n in range(managers)]
        town_ids = [t.pk for t in towns]
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM cases_client")
            (base,) = cursor.fetchone()
            # Names stay empty: the list never reads them, and encrypting a million names
            # would only slow the generation down.
            cursor.execute(
                """
                INSERT INTO cases_client (id, version, region_id, organisation_id, pseudonym,
                    first_name, last_name, date_of_birth, birth_year, phone, email,
                    household_role, needs_interpreter, residence_status, created_at)
                SELECT %(base)s + g, 1, %(region)s, (%(orgs)s::bigint[])[1 + g %% %(m)s],
                    'NN' || lpad((%(base)s + g)::text, 7, '0'), '', '', '', 1970 + g %% 40,
                    '', '', '', false, 'other', now()
                FROM generate_series(1, %(n)s) AS g
                """,
                {"base": base, "region": region.pk, "orgs": org_ids, "m": managers, "n": cases},
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('cases_client', 'id'), %s)",
                [base + cases],
            )
            cursor.execute(
                """
                INSERT INTO cases_case (version, region_id, organisation_id, town_id, team_id,
                    assigned_to_id, client_id, kind, status, workflow_step, workflow_data,
                    referral_source, opened_on, closed_on, closure_reason, legal_hold)
                SELECT 1, %(region)s, (%(orgs)s::bigint[])[1 + g %% %(m)s],
                    (%(towns)s::bigint[])[1 + g %% 10], (%(teams)s::bigint[])[1 + g %% %(m)s],
                    (%(managers)s::bigint[])[1 + g %% %(m)s], %(base)s + g, 'kim',
                    CASE WHEN g %% 3 = 0 THEN 'closed' ELSE 'active' END, '', '{}', '',
                    DATE '2020-01-01' + (g %% 2000),
                    CASE WHEN g %% 3 = 0 THEN DATE '2020-01-01' + (g %% 2000) + 90 END,
                    CASE WHEN g %% 3 = 0 THEN 'goals_achieved' ELSE '' END, false
                FROM generate_series(1, %(n)s) AS g
                """,
                {
                    "region": region.pk,
                    "orgs": org_ids,
                    "towns": town_ids,
                    "teams": team_ids,
                    "managers": manager_ids,
                    "m": managers,
                    "base": base,
                    "n": cases,
                },
            )
            # Two name tokens per client (first and last name), as digests of the index key.
            pool = [next(iter(name_digests(name))) for name in NAME_POOL]
            cursor.execute(
                """
                INSERT INTO cases_clientsearchtoken (client_id, digest)
                SELECT %(base)s + g, (%(pool)s::text[])[1 + g %% 400]
                FROM generate_series(1, %(n)s) AS g
                UNION ALL
                SELECT %(base)s + g, (%(pool)s::text[])[1 + (g + 200) %% 400]
                FROM generate_series(1, %(n)s) AS g
                """,
                {"base": base, "pool": pool, "n": cases},
            )
            cursor.execute("ANALYZE cases_clientsearchtoken")
            cursor.execute("ANALYZE cases_case")
            cursor.execute("ANALYZE cases_client")
        return region

    def _remove(self, region: Region) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM cases_case WHERE region_id = %s", [region.pk])
            cursor.execute(
                "DELETE FROM cases_clientsearchtoken WHERE client_id IN "
                "(SELECT id FROM cases_client WHERE region_id = %s)",
                [region.pk],
            )
            cursor.execute("DELETE FROM cases_client WHERE region_id = %s", [region.pk])
            User.objects.filter(username__startswith=f"{BENCH_SLUG}-").delete()
            region.delete()
        kept = AuditEntry.objects.filter(path__contains=BENCH_SLUG).count()
        self.stdout.write(
            f"removed the benchmark region (its {kept} audit entries stay: the log is append-only)"
        )
