from django.core.management.base import BaseCommand

from ankommen.crisis.services import structures_remind


class Command(BaseCommand):
    help = (
        "Mails each keeper of a base structure (crisis inventory) not confirmed for "
        "CRISIS_CONFIRM_DAYS days a reminder, at most once per that period per entry; prints "
        "one line per entry reminded. Safe to run as often as wanted (e.g. daily from cron)."
    )

    def handle(self, *args, **options) -> None:
        for structure in structures_remind():
            self.stdout.write(
                f"reminded {structure.keeper.username}: {structure.name} ({structure.area.name})"
            )
