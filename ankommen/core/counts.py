"""Row counts of every table, to show that loading data twice changes nothing."""

from django.apps import apps


def row_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        counts[model._meta.label] = model._default_manager.count()
    return dict(sorted(counts.items()))
