"""The pools' own access log became part of the one audit log (core.AuditEntry)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("core", "0006_audit_entries_name_their_region"),
    ("mediation", "0006_rename_request_offer_feedback"),
]
AFTER = [("mediation", "0007_access_log_joins_the_one_audit_log")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_look_at_a_request_is_kept_in_the_one_audit_log():
    old = migrate(BEFORE)
    german = old.get_model("core", "Language").objects.create(code="de")
    region = old.get_model("core", "Region").objects.create(
        slug="kreis", name="Kreis", default_language=german
    )
    organisation = old.get_model("core", "Organisation").objects.create(
        region=region, key="schule", name="Schule", kind="GO"
    )
    language = old.get_model("mediation", "MediationLanguage").objects.create(code="bg")
    request = old.get_model("mediation", "MediationRequest").objects.create(
        region=region,
        organisation=organisation,
        language=language,
        starts_at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
        duration_minutes=60,
        mode="in_person",
        setting="school",
    )
    user = old.get_model("core", "User").objects.create(username="lena", preferred_language="")
    log = old.get_model("mediation", "AccessLog").objects
    log.create(request=request, user=user, what="detail")
    log.create(request=request, user=None, what="offer:lotsin-7")

    new = migrate(AFTER)
    entries = new.get_model("core", "AuditEntry").objects.order_by("username")
    assert [
        (e.username, e.action, e.model, e.object_id, e.region_id, e.detail) for e in entries
    ] == [
        (
            "",
            "view",
            "MediationRequest",
            str(request.pk),
            region.pk,
            {"page": "offer", "mediator": "lotsin-7"},
        ),
        ("lena", "view", "MediationRequest", str(request.pk), region.pk, {"page": "detail"}),
    ]
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
