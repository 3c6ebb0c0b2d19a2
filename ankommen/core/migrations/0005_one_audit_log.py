"""One audit log (issue 14): the account events a team lead sees (case roles given and
removed, passwords set, authenticator links issued) become entries of core.AuditEntry, the
log that also takes every look at case data (cases 0014 moves those rows here). Every
account event is copied with who, whom, role, team and address; backwards copies them
back. Like the case log before it, the table refuses UPDATE and DELETE on PostgreSQL."""

import django.utils.timezone
from django.db import migrations, models

ACCOUNT_ACTIONS = ("role_granted", "role_removed", "password_set", "enrolment_link")

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_auditentry is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY, params=None)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY, params=None)


def copy_account_events_into_the_audit_log(apps, schema_editor):
    AccountEvent = apps.get_model("core", "AccountEvent")
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=event.at,
                user_id=event.actor_id,
                username=event.actor_username,
                action=event.action,
                model="User" if event.subject_id else "",
                object_id=str(event.subject_id or ""),
                subject_id=event.subject_id,
                subject_username=event.subject_username,
                role=event.role,
                team_id=event.team_id,
                ip=event.address,
            )
            for event in AccountEvent.objects.order_by("at", "pk").iterator()
        ],
        batch_size=1000,
    )


def copy_account_events_back(apps, schema_editor):
    AccountEvent = apps.get_model("core", "AccountEvent")
    AuditEntry = apps.get_model("core", "AuditEntry")
    User = apps.get_model("core", "User")
    Team = apps.get_model("core", "Team")
    entries = list(AuditEntry.objects.filter(action__in=ACCOUNT_ACTIONS).order_by("at", "pk"))
    # The log kept the ids of people and teams deleted since; the old table held links.
    users = set(User.objects.values_list("pk", flat=True))
    teams = set(Team.objects.values_list("pk", flat=True))
    created = AccountEvent.objects.bulk_create(
        [
            AccountEvent(
                action=entry.action,
                actor_id=entry.user_id if entry.user_id in users else None,
                actor_username=entry.username,
                subject_id=entry.subject_id if entry.subject_id in users else None,
                subject_username=entry.subject_username,
                role=entry.role,
                team_id=entry.team_id if entry.team_id in teams else None,
                address=entry.ip,
            )
            for entry in entries
        ]
    )
    # `at` is set on creation (auto_now_add); give every event its time back.
    for event, entry in zip(created, entries, strict=True):
        AccountEvent.objects.filter(pk=event.pk).update(at=entry.at)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_one_content_version_per_region'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                ('user_id', models.IntegerField(blank=True, null=True, verbose_name='user id')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='user')),
                ('action', models.CharField(choices=[('view', 'viewed'), ('create', 'created'), ('update', 'changed'), ('denied', 'access denied'), ('export', 'exported'), ('share', 'shared with another organisation'), ('override', 'consent override'), ('anonymise', 'anonymised'), ('delete', 'deleted'), ('two_factor', 'two-factor authentication'), ('login', 'login or logout'), ('role_granted', 'case role given'), ('role_removed', 'case role removed'), ('password_set', 'password set'), ('enrolment_link', 'authenticator link issued')], max_length=20, verbose_name='action')),
                ('model', models.CharField(blank=True, max_length=40, verbose_name='record type')),
                ('object_id', models.CharField(blank=True, max_length=40, verbose_name='record id')),
                ('case_id', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='case id')),
                ('client_id', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='client id')),
                ('subject_id', models.IntegerField(blank=True, db_index=True, null=True, verbose_name='whom (user id)')),
                ('subject_username', models.CharField(blank=True, max_length=150, verbose_name='whom (user name)')),
                ('role', models.CharField(blank=True, choices=[('ki_coordinator', 'KI coordinator (whole region)'), ('municipal_officer', 'municipal integration officer (one town)'), ('organisation_editor', 'organisation editor'), ('volunteer', 'volunteer'), ('case_manager', 'case manager'), ('team_lead', 'team lead')], max_length=30, verbose_name='role')),
                ('team_id', models.BigIntegerField(blank=True, null=True, verbose_name='team id')),
                ('path', models.CharField(blank=True, max_length=300, verbose_name='path')),
                ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('detail', models.JSONField(blank=True, default=dict, verbose_name='detail')),
            ],
            options={
                'verbose_name': 'audit entry',
                'verbose_name_plural': 'audit entries',
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.RunPython(copy_account_events_into_the_audit_log, copy_account_events_back),
        migrations.DeleteModel(
            name='AccountEvent',
        ),
        migrations.RunPython(append_only, drop_append_only),
    ]
