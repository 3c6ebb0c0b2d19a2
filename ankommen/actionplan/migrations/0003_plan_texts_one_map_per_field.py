"""The plan's texts in other languages follow the platform's one rule for short texts
(ankommen.core.translation): one JSON map per field, {language code: text}, instead of one
`translations` map of language → field → text. Expand (new maps), fill (move every text
over, and back), contract (drop `translations`)."""

from django.db import migrations, models

# Model → {source field: its map field}
MAPS = {
    "challenge": {"text": "texts"},
    "recommendation": {"title": "titles", "goal": "goals"},
    "substep": {"text": "texts"},
}


def split_translations(apps, schema_editor) -> None:
    for model_name, fields in MAPS.items():
        model = apps.get_model("actionplan", model_name)
        for record in model.objects.exclude(translations={}).only("pk", "translations"):
            maps = {map_field: {} for map_field in fields.values()}
            for code, texts in (record.translations or {}).items():
                for field, map_field in fields.items():
                    text = (texts or {}).get(field)
                    if text:
                        maps[map_field][code] = text
            model.objects.filter(pk=record.pk).update(**maps)


def join_translations(apps, schema_editor) -> None:
    for model_name, fields in MAPS.items():
        model = apps.get_model("actionplan", model_name)
        for record in model.objects.all().only("pk", *fields.values()):
            joined: dict[str, dict[str, str]] = {}
            for field, map_field in fields.items():
                for code, text in (getattr(record, map_field) or {}).items():
                    joined.setdefault(code, {})[field] = text
            if joined:
                model.objects.filter(pk=record.pk).update(translations=joined)


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0002_history_values_in_storage_form")]

    operations = [
        migrations.AddField(
            model_name='challenge',
            name='texts',
            field=models.JSONField(blank=True, default=dict, help_text='By language code, for example {"en": "…", "ar": "…"}.', verbose_name='challenge in other languages'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='goals',
            field=models.JSONField(blank=True, default=dict, help_text='By language code, for example {"en": "…", "ar": "…"}.', verbose_name='goal in other languages'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='titles',
            field=models.JSONField(blank=True, default=dict, help_text='By language code, for example {"en": "…", "ar": "…"}.', verbose_name='recommendation in other languages'),
        ),
        migrations.AddField(
            model_name='substep',
            name='texts',
            field=models.JSONField(blank=True, default=dict, help_text='By language code, for example {"en": "…", "ar": "…"}.', verbose_name='sub-step in other languages'),
        ),
        migrations.RunPython(split_translations, join_translations),
        migrations.RemoveField(
            model_name='challenge',
            name='translations',
        ),
        migrations.RemoveField(
            model_name='recommendation',
            name='translations',
        ),
        migrations.RemoveField(
            model_name='substep',
            name='translations',
        ),
    ]
