"""The plan's change history stores values in the platform's one storage form
(ankommen.core.history): choice values instead of their labels in the language of whoever
made the change, "1"/"0" instead of True/False. Pages translate them when they show them.

Forwards maps every label of every interface language back to its value; backwards writes
the German labels (the language most changes were made in)."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

# (record model, field) pairs whose stored text changes form.
CHOICE_FIELDS = [
    ("recommendation", "level"),
    ("recommendation", "deadline_class"),
    ("recommendation", "light_override"),
    ("substep", "status"),
]
BOOLEAN_FIELDS = [("recommendation", "is_public")]


def _entries(apps, record: str, field: str):
    ChangeEntry = apps.get_model("actionplan", "ChangeEntry")
    entries = ChangeEntry.objects.filter(field=field)
    if record == "substep":
        return entries.filter(sub_step__isnull=False)
    return entries.filter(sub_step__isnull=True)


def _choices(apps, record: str, field: str) -> list[tuple[str, str]]:
    model = apps.get_model("actionplan", record)
    return [(value, str(label)) for value, label in model._meta.get_field(field).flatchoices]


def _rewrite(entries, mapping: dict[str, str]) -> None:
    for entry in entries:
        old = mapping.get(entry.old_value, entry.old_value)
        new = mapping.get(entry.new_value, entry.new_value)
        if (old, new) != (entry.old_value, entry.new_value):
            entry.old_value, entry.new_value = old, new
            entry.save(update_fields=["old_value", "new_value"])


def labels_to_values(apps, schema_editor) -> None:
    for record, field in CHOICE_FIELDS:
        mapping: dict[str, str] = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for value, label in _choices(apps, record, field):
                    mapping.setdefault(translation.gettext(label), value)
        _rewrite(_entries(apps, record, field), mapping)
    for record, field in BOOLEAN_FIELDS:
        _rewrite(_entries(apps, record, field), {"True": "1", "False": "0"})


def values_to_labels(apps, schema_editor) -> None:
    with translation.override("de"):
        for record, field in CHOICE_FIELDS:
            mapping = {
                value: translation.gettext(label) for value, label in _choices(apps, record, field)
            }
            _rewrite(_entries(apps, record, field), mapping)
    for record, field in BOOLEAN_FIELDS:
        _rewrite(_entries(apps, record, field), {"1": "True", "0": "False"})


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0001_action_plan_models")]

    operations = [migrations.RunPython(labels_to_values, values_to_labels)]
