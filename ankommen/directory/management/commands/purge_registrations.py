import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from ankommen.directory.models import Registration
from ankommen.directory.registrations import expired_unconfirmed


class Command(BaseCommand):
    help = (
        "Deletes event registrations (names and contacts) once their date has passed; run "
        "daily. Only the need for them ends, so nothing else is kept. Sign-ups not confirmed "
        "within the hold are deleted too (their seats are free already)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--after-days", type=int, default=1)

    def handle(self, *args, after_days: int, **options):
        limit = timezone.now() - dt.timedelta(days=after_days)
        count, _ = Registration.objects.filter(occurrence__lt=limit).delete()
        self.stdout.write(f"directory: deleted {count} past registrations")
        unconfirmed, _ = expired_unconfirmed().delete()
        self.stdout.write(f"directory: deleted {unconfirmed} unconfirmed registrations")
