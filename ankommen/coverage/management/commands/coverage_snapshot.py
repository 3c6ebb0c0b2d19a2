"""Stores today's coverage of the minimum standard for every region that defined one."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ankommen.coverage.snapshots import take_snapshots


class Command(BaseCommand):
    help = (
        "Computes the coverage of the minimum standard of every region that has one and "
        "stores it as today's snapshot (replacing one stored earlier today), with the share "
        "of towns meeting it as the monitoring indicator's value. One line per region."
    )

    def handle(self, *args, **options) -> None:
        for snapshot in take_snapshots():
            self.stdout.write(
                f"{snapshot.region.slug}: {snapshot.towns_met} of {snapshot.towns_total} towns "
                f"meet the standard on {snapshot.taken_on}"
            )
