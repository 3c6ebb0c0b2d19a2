"""The Kreis Gütersloh demo region: places, vocabularies, organisations and one demo
account per role."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from ankommen.core.loader import DataFile, load_region
from ankommen.core.models import Region, Role, RoleAssignment, Team, User

DEMO_DIR = Path(__file__).parent / "kreis_guetersloh"
DEMO_REGION_SLUG = "kreis-guetersloh"
DEMO_PASSWORD = "ankommen-demo"  # noqa: S105  (documented in README.md; demo only)


def load_kreis_guetersloh(*, stdout, set_passwords: bool = False) -> Region:
    with transaction.atomic():
        region = load_region(DEMO_DIR)
        created = _load_users(region, set_passwords=set_passwords)
    stdout.write(
        f"core: region {region.name} with {region.towns().count()} towns, "
        f"{region.organisations.count()} organisations, {created} new demo accounts"
    )
    return region


def _load_users(region: Region, *, set_passwords: bool) -> int:
    datafile = DataFile.read(DEMO_DIR / "users.toml")
    organisations = {o.key: o for o in region.organisations.all()}
    towns = {a.official_key: a for a in region.towns()}
    teams: dict[str, Team] = {}
    for entry in datafile.entries("team"):
        organisation = organisations.get(entry.get("organisation"))
        if organisation is None:
            raise datafile.error("unknown organisation", key="name", value=entry.get("name"))
        teams[entry["name"]], _ = Team.objects.get_or_create(
            organisation=organisation, name=entry["name"]
        )
    created_count = 0
    for entry in datafile.entries("user"):
        username = datafile.require(entry, "username", where=("username", entry.get("username")))
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": entry.get("first_name", ""),
                "last_name": entry.get("last_name", ""),
                "email": f"{username}@example.org",
                "is_superuser": bool(entry.get("superuser")),
                "is_staff": bool(entry.get("superuser")),
            },
        )
        if created:
            created_count += 1
            if set_passwords:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        role = entry.get("role")
        if not role:
            continue
        if role not in Role.values:
            raise datafile.error(f"unknown role “{role}”", key="username", value=username)
        RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            region=region,
            area=towns.get(entry.get("town")),
            organisation=organisations.get(entry.get("organisation")),
            team=teams.get(entry.get("team")),
        )
    return created_count


def demo_usernames() -> list[str]:
    """Every demo account the modules name (hook `demo_accounts()`)."""
    from ankommen.core.modules import modules_with

    names: list[str] = []
    for config in modules_with("demo_accounts"):
        names.extend(config.demo_accounts())
    return names


def core_demo_accounts() -> list[str]:
    return [entry["username"] for entry in DataFile.read(DEMO_DIR / "users.toml").entries("user")]


def missing_demo_accounts() -> list[str]:
    names = demo_usernames()
    present = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    return [name for name in names if name not in present]


def ensure_demo_passwords(stdout) -> None:
    """Demo accounts without a usable password (loaded once without DEBUG) get the
    documented one; a password someone set since is kept."""
    fixed = 0
    for user in User.objects.filter(username__in=demo_usernames()):
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            fixed += 1
    if fixed:
        stdout.write(f"core: {fixed} demo accounts got the documented demo password")
