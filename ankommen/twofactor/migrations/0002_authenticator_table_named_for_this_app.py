"""The authenticators' table takes this app's name (cases_totpdevice → twofactor_totpdevice);
a rename, so no key is copied or lost."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("twofactor", "0001_authenticators_move_from_cases"),
        ("cases", "0015_authenticators_move_to_twofactor"),
    ]

    operations = [
        migrations.AlterModelTable(name="totpdevice", table=None),
    ]
