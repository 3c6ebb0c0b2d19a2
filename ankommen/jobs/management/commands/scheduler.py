from django.conf import settings
from django.core.management.base import BaseCommand

from ankommen.jobs.engine import app


class Command(BaseCommand):
    help = (
        "Runs the scheduler (Celery beat) that sends the periodic jobs (reminders, purges, "
        "anonymising closed cases, link checks, the outbox) to the workers on their "
        "schedule; see ankommen/jobs/periodic.py. One per installation is enough; a second "
        "one does no harm (each job runs once per day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument(
            "--schedule-file",
            default=str(settings.DATA_DIR / "celerybeat-schedule"),
            help="where beat remembers when it last sent each job",
        )

    def handle(self, *args, loglevel: str, schedule_file: str, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        app.start(["beat", f"--loglevel={loglevel}", f"--schedule={schedule_file}"])
