from django.core.management.base import BaseCommand

from ankommen.outbox.mail import FAILED, GAVE_UP, SENT, send_due


class Command(BaseCommand):
    help = (
        "Sends the queued e-mails that are due (those whose first attempt failed), with "
        "growing pauses between attempts; deletes mails sent more than a week ago. Run it "
        "every minute, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="at most this many mails")

    def handle(self, *args, limit: int, **options):
        outcomes = send_due(limit=limit)
        self.stdout.write(
            f"sent {outcomes[SENT]}, failed {outcomes[FAILED]}, gave up {outcomes[GAVE_UP]}, "
            f"deleted {outcomes['deleted']}"
        )
        if outcomes[GAVE_UP]:
            self.stderr.write(
                f"{outcomes[GAVE_UP]} mails given up after repeated failures; see the log."
            )
