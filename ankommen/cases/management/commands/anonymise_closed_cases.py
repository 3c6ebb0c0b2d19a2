"""Anonymises every case closed longer ago than the retention period (run it nightly).

Names, contact details, free text and documents are removed; kind, town, organisation,
dates, closure reason and legal domains stay, so the reports still count the case. Cases
under legal hold are left alone. Every anonymisation is written to the audit log.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from ankommen.cases.services import anonymise_case, due_for_anonymisation
from ankommen.core.actor import Actor


class Command(BaseCommand):
    help = "Anonymise cases whose retention period after closure has ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=getattr(settings, "CASES_RETENTION_YEARS", 3),
            help="Retention after closure in years (setting CASES_RETENTION_YEARS, default 3).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only list what is due.")

    def handle(self, *args, years: int, dry_run: bool, **options):
        count = 0
        for case in due_for_anonymisation(years).order_by("pk").iterator():
            if dry_run:
                self.stdout.write(f"due: case {case.pk} closed {case.closed_on}")
            else:
                anonymise_case(
                    case,
                    actor=Actor.system("anonymise_closed_cases"),
                    reason=f"retention of {years} years after closure ended",
                )
                self.stdout.write(f"anonymised case {case.pk} closed {case.closed_on}")
            count += 1
        self.stdout.write(f"{count} case(s) {'due' if dry_run else 'anonymised'}")
