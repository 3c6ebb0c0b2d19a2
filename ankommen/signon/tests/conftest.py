"""Real directory servers on 127.0.0.1 for the sign-on tests: Debian's slapd with a
temporary configuration and database (scripts/system-deps.sh test installs it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import ldap
import ldap.modlist
import pytest

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SUFFIX = "dc=ankommen,dc=test"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PW = "directory-root-secret"
PASSWORD = "directory-password"

CONFIG = """
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {dir}/slapd.pid
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_pw}
directory {dir}/db
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _entries() -> list[tuple[str, dict]]:
    people, groups = f"ou=people,{SUFFIX}", f"ou=groups,{SUFFIX}"

    def person(uid: str, given: str, sn: str) -> tuple[str, dict]:
        return (
            f"uid={uid},{people}",
            {
                "objectClass": [b"inetOrgPerson"],
                "uid": [uid.encode()],
                "cn": [f"{given} {sn}".encode()],
                "givenName": [given.encode()],
                "sn": [sn.encode()],
                "mail": [f"{uid}@kreis.test".encode()],
                "userPassword": [PASSWORD.encode()],
            },
        )

    def group(cn: str, *members: str) -> tuple[str, dict]:
        return (
            f"cn={cn},{groups}",
            {
                "objectClass": [b"groupOfNames"],
                "cn": [cn.encode()],
                "member": [f"uid={m},{people}".encode() for m in members],
            },
        )

    return [
        (
            SUFFIX,
            {"objectClass": [b"dcObject", b"organization"], "o": [b"Kreis"], "dc": [b"ankommen"]},
        ),
        (people, {"objectClass": [b"organizationalUnit"], "ou": [b"people"]}),
        (groups, {"objectClass": [b"organizationalUnit"], "ou": [b"groups"]}),
        person("lena.kim", "Lena", "Kim"),
        person("paul.ohne", "Paul", "Ohnegruppe"),
        group("gt-integration", "lena.kim"),
        group("gt-kantine", "paul.ohne"),
    ]


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages answer in English, the language of the message ids the tests look for."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def slapd_uri():
    """slapd on a free port with a fresh database, stopped after the session."""
    if not Path(SLAPD).exists():
        pytest.fail("slapd is missing: run scripts/system-deps.sh test")
    workdir = Path(tempfile.mkdtemp(prefix="ankommen-slapd-"))
    (workdir / "db").mkdir()
    conf = workdir / "slapd.conf"
    conf.write_text(CONFIG.format(dir=workdir, suffix=SUFFIX, root_dn=ROOT_DN, root_pw=ROOT_PW))
    port = _free_port()
    uri = f"ldap://127.0.0.1:{port}/"
    process = subprocess.Popen(
        [SLAPD, "-d", "0", "-h", uri, "-f", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        connection = None
        for _ in range(100):
            try:
                connection = ldap.initialize(uri)
                connection.simple_bind_s(ROOT_DN, ROOT_PW)
                break
            except ldap.SERVER_DOWN:
                if process.poll() is not None:
                    pytest.fail(f"slapd did not start: {process.stderr.read().decode()}")
                time.sleep(0.1)
        for dn, attributes in _entries():
            connection.add_s(dn, ldap.modlist.addModlist(attributes))
        connection.unbind_s()
        yield uri
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def directory(settings, slapd_uri):
    """The settings that point ankommen at the test directory."""
    from django_auth_ldap.config import GroupOfNamesType, LDAPSearch

    settings.AUTH_LDAP_SERVER_URI = slapd_uri
    settings.AUTH_LDAP_USER_DN_TEMPLATE = f"uid=%(user)s,ou=people,{SUFFIX}"
    settings.AUTH_LDAP_GROUP_SEARCH = LDAPSearch(
        f"ou=groups,{SUFFIX}", ldap.SCOPE_SUBTREE, "(objectClass=groupOfNames)"
    )
    settings.AUTH_LDAP_GROUP_TYPE = GroupOfNamesType(name_attr="cn")
    settings.AUTH_LDAP_USER_ATTR_MAP = {
        "first_name": "givenName",
        "last_name": "sn",
        "email": "mail",
    }
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "ankommen.signon.backends.DirectoryBackend",
    ]
    return slapd_uri
