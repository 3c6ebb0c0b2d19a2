from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ankommen.core.demo import (
    DEMO_PASSWORD,
    DEMO_REGION_SLUG,
    ensure_demo_passwords,
    missing_demo_accounts,
)
from ankommen.core.loader import DataFileError
from ankommen.core.models import Region
from ankommen.core.modules import modules_with


class Command(BaseCommand):
    help = (
        "Loads the Kreis Gütersloh demo region: its towns and quarters, the comparison areas "
        "OWL and NRW, languages, target groups, fields of action, the organisations of the "
        "integration concept and one demo account per role, then each module's demo data. "
        "Idempotent: a second run changes nothing. All or nothing: on an error nothing is "
        "written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Do nothing if the demo region exists already (keeps edits made since).",
        )
        parser.add_argument(
            "--demo-passwords",
            action="store_true",
            help=f"Give new demo accounts the documented password “{DEMO_PASSWORD}” "
            "(always done when DEBUG is on; never use on a public server).",
        )

    def handle(self, *args, once: bool, demo_passwords: bool, **options):
        passwords = demo_passwords or settings.DEBUG
        if once and Region.objects.filter(slug=DEMO_REGION_SLUG).exists():
            missing = missing_demo_accounts()
            if not missing:
                if passwords:
                    ensure_demo_passwords(self.stdout)
                self.stdout.write("demo data already loaded; nothing to do (--once)")
                return
            # A database loaded before these accounts were part of the demo (issue 17:
            # jobcenter.verweisung and others never existed there): load again, which
            # changes nothing else (every module's loader is idempotent).
            self.stdout.write(f"demo accounts missing ({', '.join(missing)}); loading the demo")
        try:
            with transaction.atomic():
                for config in modules_with("load_demo"):
                    config.load_demo(stdout=self.stdout, demo_passwords=passwords)
        except DataFileError as error:
            raise CommandError(str(error)) from None
        if passwords:
            ensure_demo_passwords(self.stdout)
        if not passwords:
            self.stdout.write(
                "demo accounts have no usable password (DEBUG is off); "
                "use --demo-passwords on a private machine"
            )
