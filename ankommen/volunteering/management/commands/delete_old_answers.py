"""Deletes residents' answers to volunteer opportunities older than a year (daily)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from ankommen.volunteering.models import ANSWER_RETENTION_DAYS, Answer


class Command(BaseCommand):
    help = (
        "Deletes every answer to a volunteer opportunity received more than "
        f"{ANSWER_RETENTION_DAYS} days ago, as the public form promises; prints one line "
        "per opportunity."
    )

    def handle(self, *args, **options) -> None:
        limit = timezone.now() - dt.timedelta(days=ANSWER_RETENTION_DAYS)
        old = Answer.objects.filter(created_at__lt=limit).select_related("opportunity")
        counts: dict[str, int] = {}
        for answer in old:
            counts[answer.opportunity.key] = counts.get(answer.opportunity.key, 0) + 1
        old.delete()
        for key, count in sorted(counts.items()):
            self.stdout.write(f"volunteering: {count} answers to {key} deleted")
