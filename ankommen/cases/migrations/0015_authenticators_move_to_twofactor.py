"""The authenticator (TOTPDevice) now belongs to ankommen/twofactor (its 0001 and 0002): the
case module only forgets it here; the table and its rows stay untouched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_audit_log_moves_to_core"),
        ("twofactor", "0001_authenticators_move_from_cases"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TOTPDevice")],
            database_operations=[],
        ),
    ]
