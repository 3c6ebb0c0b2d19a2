from django.core.management.base import BaseCommand

from ankommen.mediation.services import send_reminders


class Command(BaseCommand):
    help = "E-mails mediator and requester of every confirmed assignment tomorrow, once."

    def handle(self, *args, **options):
        for assignment in send_reminders():
            self.stdout.write(f"reminded: assignment {assignment.pk}")
