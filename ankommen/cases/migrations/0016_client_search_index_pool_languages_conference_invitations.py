"""Three changes of issue 18, in one migration:

- the blind index of client names and dates of birth (`ClientSearchToken`, search_index.py),
  filled for every existing client;
- a client's languages and interpreter language become languages of the mediation pool
  (about 48) instead of the portal's eleven content languages; existing entries are carried
  over (the pool's language for the same portal language, created where the pool lacks it);
- a case conference gets its time, duration and place, and when its invitations were sent.
"""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    """Digests for every existing client (names are decrypted here, once, by the field)."""
    from ankommen.cases.search_index import client_digests

    Client = apps.get_model("cases", "Client")
    Token = apps.get_model("cases", "ClientSearchToken")
    batch = []
    for client in Client.objects.filter(anonymised_at__isnull=True).iterator(chunk_size=500):
        batch.extend(Token(client_id=client.pk, digest=d) for d in client_digests(client))
        if len(batch) >= 5000:
            Token.objects.bulk_create(batch)
            batch = []
    Token.objects.bulk_create(batch)


def to_pool_languages(apps, schema_editor):
    Client = apps.get_model("cases", "Client")
    Language = apps.get_model("core", "Language")
    Pool = apps.get_model("mediation", "MediationLanguage")
    pool: dict[int, object] = {}

    def in_pool(language_id):
        if language_id not in pool:
            language = Language.objects.get(pk=language_id)
            found = (
                Pool.objects.filter(content_language_id=language_id).first()
                or Pool.objects.filter(code=language.code).first()
            )
            if found is None:
                found = Pool.objects.create(
                    code=language.code,
                    name_de=language.name_de,
                    name_en=language.name_en,
                    content_language_id=language_id,
                )
            pool[language_id] = found
        return pool[language_id]

    Through = Client.languages.through
    for row in Through.objects.all().values("client_id", "language_id"):
        Client.objects.get(pk=row["client_id"]).pool_languages.add(in_pool(row["language_id"]))
    for client in Client.objects.filter(interpreter_language__isnull=False).only(
        "pk", "interpreter_language_id"
    ):
        Client.objects.filter(pk=client.pk).update(
            pool_interpreter_language=in_pool(client.interpreter_language_id)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_authenticators_move_to_twofactor"),
        ("core", "0007_rate_counts_move_to_core"),
        ("mediation", "0008_request_room_contact_and_evidence_reminder"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClientSearchToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64)),
                (
                    "client",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_tokens",
                        to="cases.client",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("digest", "client"), name="client_search_token"
                    )
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddField(
            model_name="client",
            name="pool_languages",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="mediation.mediationlanguage"
            ),
        ),
        migrations.AddField(
            model_name="client",
            name="pool_interpreter_language",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="mediation.mediationlanguage",
            ),
        ),
        migrations.RunPython(to_pool_languages, migrations.RunPython.noop),
        migrations.RemoveField(model_name="client", name="languages"),
        migrations.RemoveField(model_name="client", name="interpreter_language"),
        migrations.RenameField(
            model_name="client", old_name="pool_languages", new_name="languages"
        ),
        migrations.RenameField(
            model_name="client",
            old_name="pool_interpreter_language",
            new_name="interpreter_language",
        ),
        migrations.AlterField(
            model_name="client",
            name="languages",
            field=models.ManyToManyField(
                blank=True, to="mediation.mediationlanguage", verbose_name="languages"
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="interpreter_language",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="mediation.mediationlanguage",
                verbose_name="interpreter language",
            ),
        ),
        migrations.AddField(
            model_name="conference",
            name="starts_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="begins"),
        ),
        migrations.AddField(
            model_name="conference",
            name="duration_minutes",
            field=models.PositiveSmallIntegerField(
                default=90, verbose_name="duration (minutes)"
            ),
        ),
        migrations.AddField(
            model_name="conference",
            name="place",
            field=models.CharField(
                blank=True,
                help_text="Goes into the invitation: no address of the client.",
                max_length=300,
                verbose_name="place or video link",
            ),
        ),
        migrations.AddField(
            model_name="conference",
            name="invitations_sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="invitations sent"),
        ),
    ]
