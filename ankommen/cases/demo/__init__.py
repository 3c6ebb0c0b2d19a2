"""Synthetic demo data of case management: invented clients and cases in several towns and
organisations of the Kreis Gütersloh, plus the consent texts and the demo accounts of a
second welfare organisation, the Clearingstelle and the Jobcenter. Idempotent: every case
has a natural key (kept in its referral source as “demo:<key>”)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ankommen.cases.models import (
    Case,
    Client,
    Consent,
    ConsentText,
    FollowUp,
    LegalDomain,
    Note,
    Referral,
    ReferralRecipient,
    StructuralProblem,
)
from ankommen.core.demo import DEMO_PASSWORD, DEMO_REGION_SLUG
from ankommen.core.loader import DataFile
from ankommen.core.models import Region, RoleAssignment, Team, User

DEMO_FILE = Path(__file__).parent / "kreis_guetersloh" / "cases.toml"
# The demo's authenticator key, documented in README.md: with --demo-passwords (and under
# DEBUG, i.e. `make run`) every demo account that opens case pages is enrolled with it, so
# the demo can be walked without issuing links. Demo only, like the password.
DEMO_TOTP_SECRET = "ANKOMMENDEMOONLYANKOMMENDEMOONLY"  # noqa: S105


@transaction.atomic
def load_demo_cases(*, stdout, demo_passwords: bool = False) -> None:
    region = Region.objects.filter(slug=DEMO_REGION_SLUG).first()
    if region is None:
        stdout.write("cases: no demo region; nothing to do")
        return
    datafile = DataFile.read(DEMO_FILE)
    organisations = {o.key: o for o in region.organisations.all()}
    towns = {t.name: t for t in region.towns()}
    teams = {}
    for entry in datafile.entries("team"):
        teams[entry["name"]], _ = Team.objects.get_or_create(
            organisation=organisations[entry["organisation"]], name=entry["name"]
        )
    new_users = 0
    for entry in datafile.entries("user"):
        user, created = User.objects.get_or_create(
            username=entry["username"],
            defaults={"first_name": entry["first_name"], "last_name": entry["last_name"]},
        )
        if created:
            new_users += 1
            if demo_passwords:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(
            user=user,
            role=entry["role"],
            region=region,
            organisation=organisations[entry["organisation"]],
            team=teams.get(entry.get("team")),
        )
        if entry.get("receives_referrals"):
            ReferralRecipient.objects.get_or_create(
                organisation=organisations[entry["organisation"]], user=user
            )
    if demo_passwords:
        _enrol_demo_accounts(region)
    texts = {}
    for entry in datafile.entries("consent_text"):
        texts[entry["purpose"]], _ = ConsentText.objects.get_or_create(
            region=region,
            purpose=entry["purpose"],
            version=entry["version"],
            defaults={"text": entry["text"]},
        )
    LegalDomain.objects.ensure_standard()
    domains = {d.code: d for d in LegalDomain.objects.all()}
    # The mediation pool's languages (its demo loads first: INSTALLED_APPS order).
    from ankommen.mediation.models import MediationLanguage

    languages = {lang.code: lang for lang in MediationLanguage.objects.all()}
    new_cases = 0
    for entry in [*datafile.entries("case"), *generated_cases()]:
        source = f"demo:{entry['key']}"
        if Case.objects.filter(region=region, referral_source=source).exists():
            continue
        manager = User.objects.get(username=entry["manager"])
        assignment = RoleAssignment.objects.filter(
            user=manager, region=region, role__in=["case_manager", "team_lead"]
        ).first()
        client = Client.objects.create(
            region=region,
            organisation_id=assignment.organisation_id,
            first_name=entry["first_name"],
            last_name=entry["last_name"],
            birth_year=entry.get("birth_year"),
            residence_status=entry.get("residence_status", "other"),
            needs_interpreter=entry.get("needs_interpreter", False),
        )
        client.languages.set([languages[c] for c in entry.get("languages", []) if c in languages])
        case = Case.objects.create(
            region=region,
            organisation_id=assignment.organisation_id,
            team_id=assignment.team_id,
            assigned_to=manager,
            client=client,
            town=towns[entry["town"]],
            kind=entry["kind"],
            status=entry["status"],
            closure_reason=entry.get("closure_reason", ""),
            opened_on=entry["opened_on"],
            closed_on=entry.get("closed_on"),
            referral_source=source,
            workflow_step={"clearing": "intake_interview", "school": "registered"}.get(
                entry["kind"], ""
            ),
        )
        case.legal_domains.set([domains[c] for c in entry.get("legal_domains", [])])
        if entry.get("note"):
            Note.objects.create(case=case, text=entry["note"], author_id=manager.pk)
        if entry.get("follow_up_in_days") is not None:
            FollowUp.objects.create(
                case=case,
                due_on=timezone.localdate() + timedelta(days=entry["follow_up_in_days"]),
                subject="Rückruf wegen Unterlagen (synthetisch)",
            )
        if entry.get("consent_to"):
            consent = Consent.objects.create(
                client=client,
                purpose="referral",
                recipient=organisations[entry["consent_to"]],
                categories=entry["consent_categories"],
                text_version=texts["referral"],
                given_on=entry["opened_on"],
                form=Consent.Form.SIGNED,
                recorded_by_id=manager.pk,
            )
            if entry.get("refer_to"):
                Referral.objects.create(
                    case=case,
                    recipient=organisations[entry["refer_to"]],
                    categories=entry["consent_categories"],
                    consent=consent,
                    purpose="Unterstützung bei Arbeitsuche und Sprachkurs (synthetisch)",
                    legal_domain=domains.get("SGB II"),
                    sent_by_id=manager.pk,
                )
        new_cases += 1
    new_problems = 0
    for entry in datafile.entries("problem"):
        _problem, created = StructuralProblem.objects.get_or_create(
            region=region,
            town=towns[entry["town"]],
            theme=entry["theme"],
            description=entry["description"],
            defaults={
                "organisation": organisations[entry["organisation"]],
                "legal_domain": domains.get(entry.get("legal_domain", "")),
                "agency": entry.get("agency", ""),
                "case_count": entry.get("case_count", 1),
                # Written for the demo without names: confirmed, so the KI sees them.
                "confirmed_at": timezone.now(),
            },
        )
        if _problem.confirmed_at is None:  # loaded before problems needed a confirmation
            _problem.confirmed_at = timezone.now()
            _problem.save(update_fields=["confirmed_at"])
        new_problems += created
    stdout.write(
        f"cases: {new_users} new demo accounts, {new_cases} new synthetic cases, "
        f"{new_problems} new structural problems"
    )


# Enough cases for the team lead's list and the KI's report to mean something (issue 17):
# invented, spread over the three teams of the demo, their towns and the case kinds.
_FIRST = [
    "Olena",
    "Ahmad",
    "Maria",
    "Yusuf",
    "Ioana",
    "Dariusz",
    "Fatima",
    "Petro",
    "Leyla",
    "Bogdan",
    "Samira",
    "Elif",
    "Nikola",
    "Hana",
    "Tariq",
    "Zofia",
    "Milan",
    "Aylin",
]
_LAST = ["Beispiel", "Muster", "Probe", "Demo", "Test", "Entwurf", "Vorlage", "Skizze"]
_TEAMS = [
    # (managers taking turns, towns, kinds, languages, count)
    (
        ["fallmanagement.awo", "teamleitung.awo"],
        ["Verl", "Harsewinkel", "Gütersloh"],
        ["kim", "kim", "school"],
        ["uk", "ar", "ro", "bg"],
        22,
    ),
    (["fallmanagement.caritas"], ["Rietberg", "Gütersloh"], ["kim"], ["ar", "fa", "tr"], 14),
    (["clearing.rheda"], ["Rheda-Wiedenbrück"], ["clearing"], ["ro", "bg", "pl"], 10),
]


def generated_cases() -> list[dict]:
    """The synthetic cases beyond the hand-written ones of cases.toml, as entries of the
    same shape (keys "gen-<n>", so a second run finds them)."""
    entries = []
    number = 0
    for managers, towns, kinds, languages, count in _TEAMS:
        for index in range(count):
            number += 1
            status = ("intake", "active", "active", "closed")[number % 4]
            opened = timezone.localdate() - timedelta(days=20 + 9 * number)
            entry = {
                "key": f"gen-{number}",
                "manager": managers[index % len(managers)],
                "town": towns[index % len(towns)],
                "kind": kinds[index % len(kinds)],
                "status": status,
                "first_name": _FIRST[number % len(_FIRST)],
                "last_name": f"{_LAST[number % len(_LAST)]} {number}",
                "birth_year": 1960 + (number * 7) % 45,
                "residence_status": ("protection_24", "asylum", "eu", "permit")[number % 4],
                "languages": [languages[number % len(languages)]],
                "legal_domains": [("SGB II", "AufenthG", "SGB VIII")[number % 3]],
                "opened_on": opened,
            }
            if status != "closed" and number % 3 == 0:
                # Some follow-ups are due today or overdue: the case workers' home pages
                # show them as tasks.
                entry["follow_up_in_days"] = -(number % 5)
            if status == "closed":
                entry["closed_on"] = opened + timedelta(days=60)
                entry["closure_reason"] = "goals_achieved"
            entries.append(entry)
    return entries


def _enrol_demo_accounts(region: Region) -> None:
    from ankommen.twofactor.enrolment import ROLES_WITH_SECOND_FACTOR
    from ankommen.twofactor.models import TOTPDevice

    users = User.objects.filter(
        role_assignments__region=region, role_assignments__role__in=ROLES_WITH_SECOND_FACTOR
    ).distinct()
    for user in users:
        TOTPDevice.objects.get_or_create(
            user=user, defaults={"secret": DEMO_TOTP_SECRET, "confirmed_at": timezone.now()}
        )
