"""The one audit log: who acts (Actor), and the migration that made one log of two."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory

from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_actor_from_a_request_has_the_client_behind_the_trusted_proxy(settings, cast):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/kreis/intern/faelle/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    request.user = cast.case_manager
    actor = Actor.from_request(request)
    assert (actor.user, actor.address, actor.via) == (
        cast.case_manager,
        "203.0.113.9",
        "/kreis/intern/faelle/",
    )


def test_an_account_event_names_who_whom_and_from_where(cast):
    audit(
        Actor(user=cast.admin, address="203.0.113.7"),
        AuditEntry.Action.PASSWORD_SET,
        cast.case_manager,
        subject=cast.case_manager,
    )
    entry = AuditEntry.objects.account_events().get()
    assert (entry.username, entry.subject_username, entry.ip) == (
        cast.admin.username,
        cast.case_manager.username,
        "203.0.113.7",
    )


BEFORE = [
    ("core", "0004_one_content_version_per_region"),
    ("cases", "0013_enrolment_nonce_of_the_authenticator"),
]
AFTER = [("core", "0005_one_audit_log"), ("cases", "0014_audit_log_moves_to_core")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_two_logs_become_one_and_back_without_losing_a_row():
    old = migrate(BEFORE)
    user = old.get_model("core", "User").objects.create(username="lena", preferred_language="")
    old.get_model("core", "AccountEvent").objects.create(
        action="role_granted",
        actor=user,
        actor_username="lena",
        subject=user,
        subject_username="lena",
        role="case_manager",
        address="203.0.113.7",
    )
    old.get_model("cases", "AuditEntry").objects.create(
        user_id=user.pk,
        username="lena",
        action="view",
        model="Case",
        object_id="5",
        case_id=5,
        client_id=7,
        path="/x/",
        ip="198.51.100.1",
        detail={"a": 1},
    )
    new = migrate(AFTER)
    moved = new.get_model("core", "AuditEntry").objects.order_by("action")
    assert [(e.action, e.subject_id, e.case_id, e.ip, e.detail) for e in moved] == [
        ("role_granted", user.pk, None, "203.0.113.7", {}),
        ("view", None, 5, "198.51.100.1", {"a": 1}),
    ]
    old = migrate(BEFORE)
    assert list(
        old.get_model("core", "AccountEvent").objects.values_list("action", "subject_id")
    ) == [("role_granted", user.pk)]
    assert list(old.get_model("cases", "AuditEntry").objects.values_list("action", "case_id")) == [
        ("view", 5)
    ]
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
