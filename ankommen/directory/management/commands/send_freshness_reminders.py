from django.core.management.base import BaseCommand

from ankommen.directory.freshness import send_reminders


class Command(BaseCommand):
    help = (
        "Mails the editors of each organisation whose offers were not confirmed for six "
        "months (once per confirmation period); run daily."
    )

    def handle(self, *args, **options):
        mails, offers = send_reminders()
        self.stdout.write(f"directory: {mails} reminder mails for {offers} offers")
