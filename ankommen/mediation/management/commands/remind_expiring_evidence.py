from django.core.management.base import BaseCommand

from ankommen.mediation.models import EVIDENCE_REMINDER_DAYS
from ankommen.mediation.volunteers import remind_expiring_evidence


class Command(BaseCommand):
    help = (
        f"E-mails every mediator whose evidence (certificate of good conduct, training …) "
        f"ends within {EVIDENCE_REMINDER_DAYS} days. Run daily; idempotent: one mail per "
        "piece of evidence and end date."
    )

    def handle(self, *args, **options):
        for evidence in remind_expiring_evidence():
            self.stdout.write(
                f"reminded: mediator {evidence.mediator_id}, {evidence.kind} "
                f"until {evidence.valid_until:%Y-%m-%d}"
            )
