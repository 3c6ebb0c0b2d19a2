"""The legal domains (Rechtskreise) every installation needs."""

from django.db import migrations

DOMAINS = [
    ("SGB II", "Grundsicherung für Arbeitsuchende"),
    ("SGB III", "Arbeitsförderung"),
    ("SGB V", "Gesetzliche Krankenversicherung"),
    ("SGB VIII", "Kinder- und Jugendhilfe"),
    ("SGB IX", "Rehabilitation und Teilhabe"),
    ("SGB XII", "Sozialhilfe"),
    ("AsylbLG", "Asylbewerberleistungsgesetz"),
    ("AsylG", "Asylgesetz"),
    ("AufenthG", "Aufenthaltsgesetz"),
    ("StAG", "Staatsangehörigkeitsgesetz"),
    ("BKGG", "Bundeskindergeldgesetz"),
    ("SchulG NRW", "Schulgesetz NRW"),
]


def forwards(apps, schema_editor):
    LegalDomain = apps.get_model("cases", "LegalDomain")
    for order, (code, name) in enumerate(DOMAINS, 1):
        LegalDomain.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_audit_log_append_only_on_postgresql")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
