from django.core.management.base import BaseCommand, CommandError

from ankommen.core.actor import Actor
from ankommen.core.links import absolute_url
from ankommen.core.models import User
from ankommen.twofactor.enrolment import EnrolmentError, issue_enrolment_link, link_hours


class Command(BaseCommand):
    help = (
        "Gives USERNAME a new authenticator key and prints the one-time link that shows it "
        "to her (after she signs in; valid for ENROLMENT_LINK_HOURS, default 24). Replaces "
        "her current authenticator. Hand the link to the person only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user “{username}”")
        try:
            path = issue_enrolment_link(user, by=Actor.system("issue_enrolment_link"))
        except EnrolmentError:
            raise CommandError(
                f"“{username}” has no role that needs a second factor "
                "(case manager, team lead, KI coordinator)"
            ) from None
        self.stdout.write(
            f"{username}: {absolute_url(path)} (valid for {link_hours()} hours, once)"
        )
