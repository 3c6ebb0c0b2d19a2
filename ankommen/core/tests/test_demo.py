"""The Kreis Gütersloh demo data: complete, and idempotent."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ankommen.core.counts import row_counts
from ankommen.core.models import Area, Organisation, Region, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

TOWN_KEYS = {
    "05754004": "Borgholzhausen",
    "05754008": "Gütersloh",
    "05754012": "Halle (Westf.)",
    "05754016": "Harsewinkel",
    "05754020": "Herzebrock-Clarholz",
    "05754024": "Langenberg",
    "05754028": "Rheda-Wiedenbrück",
    "05754032": "Rietberg",
    "05754036": "Schloß Holte-Stukenbrock",
    "05754040": "Steinhagen",
    "05754044": "Verl",
    "05754048": "Versmold",
    "05754052": "Werther (Westf.)",
}


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_load_demo_twice_leaves_identical_row_counts():
    load_demo()
    first = row_counts()
    load_demo()
    assert row_counts() == first


def test_second_load_writes_no_organisation():
    load_demo()
    before = dict(Organisation.objects.values_list("key", "updated_at"))
    load_demo()
    assert dict(Organisation.objects.values_list("key", "updated_at")) == before


def test_once_skips_an_existing_demo_region():
    load_demo()
    Organisation.objects.filter(key="ki").update(name="Umbenannt")
    load_demo("--once")
    assert Organisation.objects.get(key="ki").name == "Umbenannt"


def test_demo_region_has_the_thirteen_towns_with_their_keys():
    load_demo()
    region = Region.objects.get(slug="kreis-guetersloh")
    towns = dict(region.towns().values_list("official_key", "name"))
    assert towns == TOWN_KEYS


def test_comparison_areas_belong_to_no_region():
    load_demo()
    keys = set(Area.objects.filter(region__isnull=True).values_list("official_key", flat=True))
    assert keys == {"05", "057"}


def test_kreis_lies_within_owl():
    load_demo()
    assert Area.objects.get(official_key="05754").parent.official_key == "057"


def test_every_demo_organisation_serves_an_area():
    load_demo()
    assert not Organisation.objects.filter(areas__isnull=True).exists()


def test_every_town_is_served_by_its_administration():
    load_demo()
    for key in TOWN_KEYS:
        assert Organisation.objects.filter(
            kind=Organisation.Kind.GO, areas__official_key=key
        ).exists(), key


def test_once_loads_again_when_a_demo_account_is_missing():
    load_demo("--demo-passwords")
    User.objects.filter(username="redaktion.caritas").delete()
    out = load_demo("--once", "--demo-passwords")
    assert "redaktion.caritas" in out
    assert User.objects.get(username="redaktion.caritas").check_password("ankommen-demo")


def test_once_gives_demo_accounts_without_a_password_the_documented_one():
    load_demo("--demo-passwords")
    account = User.objects.get(username="integration.verl")
    account.set_unusable_password()
    account.save()
    load_demo("--once", "--demo-passwords")
    assert User.objects.get(username="integration.verl").check_password("ankommen-demo")


def test_demo_has_an_account_for_every_role():
    load_demo()
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_demo_has_an_installation_admin():
    load_demo()
    assert User.objects.filter(username="admin", is_superuser=True).exists()


def test_demo_accounts_get_no_usable_password_without_debug_or_flag():
    load_demo()
    assert not User.objects.get(username="ki.koordination").has_usable_password()


def test_demo_passwords_flag_sets_the_documented_password():
    load_demo("--demo-passwords")
    assert User.objects.get(username="ki.koordination").check_password("ankommen-demo")


def test_arabic_and_farsi_are_right_to_left():
    load_demo()
    region = Region.objects.get(slug="kreis-guetersloh")
    rtl = set(region.languages.filter(direction="rtl").values_list("code", flat=True))
    assert rtl == {"ar", "fa"}


def test_leichte_sprache_is_a_variant_of_german():
    load_demo()
    region = Region.objects.get(slug="kreis-guetersloh")
    assert region.languages.get(code="de-x-ls").variant_of.code == "de"


def readme_demo_accounts() -> list[str]:
    """The user names of README.md's demo account table: what people are told to try."""
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme.split("## Demo accounts", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def test_every_readme_demo_account_gets_the_documented_password():
    load_demo("--demo-passwords")
    usernames = readme_demo_accounts()
    assert len(usernames) >= 11
    without = [
        name
        for name in usernames
        if not User.objects.get(username=name).check_password("ankommen-demo")
    ]
    assert without == []


def test_the_demo_case_accounts_are_enrolled_with_the_documented_key():
    from ankommen.twofactor.models import TOTPDevice

    load_demo("--demo-passwords")
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    keys = {d.secret for d in TOTPDevice.objects.filter(user__username="fallmanagement.awo")}
    assert len(keys) == 1 and keys.pop() in readme
