from django.core.management.base import BaseCommand

from ankommen.jobs.engine import app


class Command(BaseCommand):
    help = (
        "Runs a Celery worker for ankommen's background jobs (imports, machine translation, "
        "link checks, mail, the periodic jobs) on ANKOMMEN_BROKER_URL, queue "
        "ANKOMMEN_JOBS_QUEUE. Run one or more per installation, beside the web processes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency", type=int, default=2, help="jobs run at once (processes)"
        )
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument("--pool", default="prefork", help="prefork (default), solo or threads")
        parser.add_argument("--hostname", default=None, help="the worker's node name")

    def handle(self, *args, concurrency: int, loglevel: str, pool: str, hostname, **options):
        argv = [
            "worker",
            f"--concurrency={concurrency}",
            f"--loglevel={loglevel}",
            f"--pool={pool}",
            f"--queues={app.conf.task_default_queue}",
            # Remote control and events need their own broker traffic; nothing here uses them.
            "--without-gossip",
            "--without-mingle",
        ]
        if hostname:
            argv.append(f"--hostname={hostname}")
        app.worker_main(argv)
