"""The authenticator (TOTPDevice) moves from the case module to this app with every row and
key as it is: first only Django's idea of where the model lives changes (the table stays
cases_totpdevice), cases 0015 forgets it, then 0002 renames the table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import ankommen.core.crypto


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0014_audit_log_moves_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TOTPDevice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("secret", ankommen.core.crypto.EncryptedTextField(verbose_name="secret")),
                        (
                            "confirmed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
                        ),
                        ("last_counter", models.BigIntegerField(default=0)),
                        (
                            "enrolment_nonce",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="enrolment nonce"
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="totp_device",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "authenticator",
                        "verbose_name_plural": "authenticators",
                        "db_table": "cases_totpdevice",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
